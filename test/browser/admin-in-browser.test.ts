import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { hasChromium, launchChromium } from '../support/chromium';
import { startToolUnderTest, testAdminToken, type ToolUnderTest } from '../support/tool';

describe('The admin page in a real browser', function () {
  let t: ToolUnderTest;
  let browser: Browser;
  before(async function () {
    if (!hasChromium()) this.skip();
    t = await startToolUnderTest({ jobs: false });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  // Our pages send Referrer-Policy: no-referrer, so Chromium posts our own forms with Origin: null; the
  // admin's cross-site check once refused every one of them.
  it('when an administrator signs in with the form and mints a registration link, then both work', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/admin`);
    await page.fill('input[name="token"]', testAdminToken);
    await Promise.all([page.waitForNavigation(), page.click('form button[type="submit"], form button')]);
    expect(await page.locator('h2', { hasText: 'Registration links' }).count(), await page.content()).to.equal(1);
    await page.fill('input[name="note"]', 'Moodle of Kalmar');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/admin/links"] button')]);
    expect(await page.content()).to.match(/\/register\/[\w-]{20,}/);
  });

  it('when another site posts to the admin, then the browser’s own Sec-Fetch-Site refuses it', async () => {
    const response = await fetch(`${t.url}/admin/login`, { method: 'POST', redirect: 'manual', headers: { 'sec-fetch-site': 'cross-site' }, body: new URLSearchParams({ token: testAdminToken }) });
    expect(response.status).to.equal(403);
  });
});
