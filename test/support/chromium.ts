import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, which .ci/run installs; without it the browser tests are skipped. */
export const chromiumPath = '/usr/bin/chromium';
export const hasChromium = () => fs.existsSync(chromiumPath);

/** Headless, and quiet on this machine's closed network (no background connections, no QUIC, no updates). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
