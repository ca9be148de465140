import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumAvailable, launchChromium } from '../_helpers/chromium';
import { runCli, sampleArgs } from './helpers';

// The HTML report opens in headless Chromium with no network: Debian's chromium, never a download;
// skips with one line where it is not installed. Screenshots go to test-artifacts/cli/ (gitignored).
const available = chromiumAvailable;
if (!available)
  console.log(`report browser test skipped: ${CHROMIUM} not installed (apt-get install chromium)`);

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/cli/', import.meta.url));

describe.skipIf(!available)('the HTML report in headless Chromium', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 30_000);
  afterAll(async () => browser?.close());

  for (const lang of ['en', 'zh-CN'] as const) {
    it(`renders the funnel and the leaderboard (${lang}) with no console error and no request`, async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'openspm-report-')), 'report.html');
      const r = await runCli(['report', ...sampleArgs(), '--out', out, '--lang', lang]);
      expect(r.code).toBe(0);
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
      });
      // The page is served from memory; any other request is recorded and refused.
      await page.route('**/*', async (route) => {
        const url = route.request().url();
        if (url === 'http://openspm.test/report.html')
          return route.fulfill({ contentType: 'text/html; charset=utf-8', body: readFileSync(out, 'utf8') });
        requests.push(url);
        return route.abort();
      });
      await page.goto('http://openspm.test/report.html');
      const stages = page.locator('#funnel svg.openspm-funnel g.funnel-stage');
      expect(await stages.count()).toBeGreaterThanOrEqual(5);
      const box = await stages.first().locator('rect').boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(100); // the widest stage is drawn, not collapsed
      expect(await page.locator('#funnel g.funnel-stage[data-highlight="true"]').count()).toBe(1);
      expect(await page.locator('#bottleneck').isVisible()).toBe(true);
      const leaders = page.locator('#leaderboard tr.leader-row');
      expect(await leaders.count()).toBe(12);
      expect(await leaders.first().locator('td').first().textContent()).toBe('1');
      expect(await page.locator('#targets svg.openspm-bars g.bar').count()).toBeGreaterThan(4);
      expect(await page.locator('#warnings table').count()).toBeGreaterThan(0);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `report-${lang}.png`), fullPage: true });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    }, 30_000);
  }
});
