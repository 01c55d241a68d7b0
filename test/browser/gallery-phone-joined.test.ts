import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { hasChromium, launchChromium } from '../support/chromium';
import { seedGalleryWalk, type SeededWalk } from '../support/gallery';
import { LtiBrowser } from '../support/lti-browser';
import { claim, launchAs, role } from '../support/network-member';
import { contextFor } from '../support/tool-pages';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

describe('gallery walk: "your phone joined at …" in a real browser', function () {
  this.timeout(120_000);
  let t: ToolUnderTest;
  let browser: Browser;
  let walk: SeededWalk;

  before(async function () {
    if (!hasChromium()) this.skip();
    t = await startToolUnderTest({ jobs: false });
    walk = await seedGalleryWalk(t, { participants: 3, locale: 'en' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('when a phone joins while the owner’s page is open on a device in another time zone, then the live line shows the time as the page itself writes it (network zone, 24-hour)', async () => {
    // In Moodle's frame, where the page offers the code; the network is in Europe/Stockholm, the laptop is not.
    const owner = await launchAs(t, 'walker-1', [role('Learner')], { name: 'Walker 1', [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' } }, 'en');
    const context = await contextFor(browser, owner.browser, { width: 1024, timezoneId: 'America/New_York' });
    const page = await context.newPage();
    await page.goto(`${owner.base}/gallery/${walk.walkId}`);
    const href = await page.locator('.walk-link a').getAttribute('href');
    await page.waitForTimeout(500); // the page's stream is open before the phone joins

    const phone = new LtiBrowser();
    const joined = await phone.request(href!);
    expect(joined.status).to.equal(303);
    // The phone lands on the walk: that is when the owner's open pages are told.
    expect((await phone.request(new URL(joined.headers.get('location')!, href!).toString())).status).to.equal(200);
    const live = page.locator('[data-phones] li').first();
    await live.waitFor({ timeout: 10_000 });
    const liveText = (await live.innerText()).split('—')[0]!.trim();

    await page.reload();
    const served = (await page.locator('[data-phones] li').first().innerText()).split('—')[0]!.trim();
    expect(liveText).to.match(/^Your phone joined at \d\d:\d\d$/);
    expect(liveText).to.equal(served);
    await context.close();
  });
});
