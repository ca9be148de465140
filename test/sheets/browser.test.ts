import { existsSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumAvailable, launchChromium } from '../_helpers/chromium';
import { newestMtime, root } from './bundle';
import { SAMPLES } from './samples';

// The ESM build loads and computes in headless Chromium: proof that the core needs no Node API.
// Uses Debian's chromium (never downloads a browser); skips with one line where it is not installed.
const available = chromiumAvailable;
if (!available) console.log(`browser test skipped: ${CHROMIUM} not installed (apt-get install chromium)`);

const ORIGIN = 'http://openspm.test';
const TYPES: Record<string, string> = { js: 'text/javascript', mjs: 'text/javascript', html: 'text/html' };

/**
 * What the page imports: dist/ as built (its chunks, with an import map for zod and decimal.js) when the
 * build is current; otherwise (a plain `vitest run` after editing src/) an ESM bundle of the source.
 */
async function esmFiles(): Promise<{ files: Map<string, string>; from: string }> {
  const files = new Map<string, string>();
  const distEntry = new URL('dist/sheets/index.js', root);
  if (existsSync(distEntry) && newestMtime(new URL('src/', root)) <= newestMtime(new URL('dist/', root))) {
    return { files, from: 'dist' };
  }
  const result = await build({
    entryPoints: {
      index: new URL('src/index.ts', root).pathname,
      'sheets/index': new URL('src/sheets/index.ts', root).pathname,
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    outdir: '/bundle',
    logLevel: 'silent',
  });
  for (const f of result.outputFiles) files.set(f.path.replace('/bundle/', '/dist/'), f.text);
  return { files, from: 'source' };
}

describe.skipIf(!available)('ESM build in headless Chromium', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 30_000);
  afterAll(async () => browser?.close());

  it('imports openspm and openspm/sheets as ES modules and computes every sheet function', async () => {
    const { files, from } = await esmFiles();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Every request is answered from disk or memory; nothing leaves the machine.
    await page.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== ORIGIN) return route.abort();
      const path = url.pathname;
      const ext = path.split('.').pop() ?? '';
      let body = files.get(path);
      if (body === undefined && path === '/') body = '<!doctype html><html><body></body></html>';
      if (body === undefined && (path.startsWith('/dist/') || path.startsWith('/node_modules/'))) {
        const file = new URL(`.${path}`, root);
        if (existsSync(file)) body = readFileSync(file, 'utf8');
      }
      if (body === undefined) return route.fulfill({ status: 404, body: 'not found' });
      return route.fulfill({ status: 200, contentType: TYPES[ext] ?? 'text/html', body });
    });
    await page.goto(`${ORIGIN}/`);
    // Bare imports of the build resolve through an import map, as a browser app without a bundler does it.
    await page.setContent(
      `<!doctype html><html><head><script type="importmap">${JSON.stringify({
        imports: { zod: '/node_modules/zod/index.js', 'decimal.js': '/node_modules/decimal.js/decimal.mjs' },
      })}</script></head><body></body></html>`,
    );
    // A string, not a function: vitest would rewrite a dynamic import() inside a function it compiles.
    const results = (await page.evaluate(`(async () => {
      const sheets = await import('/dist/sheets/index.js');
      const samples = ${JSON.stringify(SAMPLES)};
      const out = {};
      for (const [name, { args }] of Object.entries(samples)) out[name] = sheets.sheetFunctions[name](...args);
      const openspm = await import('/dist/index.js');
      out.allocate = openspm.Money.of('100.00', 'CNY').allocate([1, 1, 1]).map(String);
      out.isBrowser = typeof window === 'object' && typeof process === 'undefined';
      return out;
    })()`)) as Record<string, unknown>;
    expect(errors).toEqual([]);
    expect(results.isBrowser).toBe(true);
    expect(results.allocate).toEqual(['33.34 CNY', '33.33 CNY', '33.33 CNY']);
    for (const [name, { expected }] of Object.entries(SAMPLES))
      expect(results[name], `${name} (${from})`).toEqual(expected);
    await page.close();
  }, 30_000);
});
