import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Debian's chromium (never a downloaded browser); the browser tests skip with one line without it. */
export const CHROMIUM = '/usr/bin/chromium';

/** True when the browser tests can run on this machine. */
export const chromiumAvailable = existsSync(CHROMIUM);

/**
 * Headless Chromium with the flags this machine's closed network needs: no background networking,
 * component updates or sync, which would otherwise try (and fail) to reach the internet.
 */
export function launchChromium(): ReturnType<typeof chromium.launch> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
