// Renders public/logo.svg to public/logo.png (128 × 128, transparent corners) with Debian's Chromium.
// Run once when the SVG changes: `npx tsx bench/render-logo.ts`; the PNG is committed, the server only serves it.
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../test/support/chromium';

const publicDir = path.join(import.meta.dirname, '..', 'public');
const svg = fs.readFileSync(path.join(publicDir, 'logo.svg'), 'utf8');
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: path.join(publicDir, 'logo.png'), omitBackground: true });
} finally {
  await browser.close();
}
