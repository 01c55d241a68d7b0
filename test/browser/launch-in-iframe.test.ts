import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { hasChromium, launchChromium } from '../support/chromium';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const claim = (name: string) => `https://purl.imsglobal.org/spec/lti/claim/${name}`;

describe('A launch in a real browser, inside the course page’s iframe', function () {
  this.timeout(60_000);
  let t: ToolUnderTest;
  let browser: Browser;

  before(async function () {
    // .ci/run installs Debian's chromium; on a machine without it there is no browser to test with.
    if (!hasChromium()) this.skip();
    t = await startToolUnderTest({ jobs: false });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function openCourse(claims: Record<string, unknown>) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    await page.goto(t.platform.coursePageUrl(t.registration, { claims }));
    const frame = page.frameLocator('#contentframe');
    return { page, frame };
  }

  it('when a leader opens the activity, then the network home appears in the frame with working navigation', async () => {
    const { page, frame } = await openCourse({ sub: '2', [claim('launch_presentation')]: { locale: 'sv', document_target: 'iframe' } });
    await frame.locator('h1', { hasText: 'Förstelärarnätverket 2025/26' }).waitFor();
    expect(await frame.locator('nav.main').innerText()).to.include('Deltagare');
    await frame.locator('nav.main a', { hasText: 'Deltagare' }).click();
    await frame.locator('h1', { hasText: 'Deltagare' }).waitFor();
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/leader-roster.png`, fullPage: true });
    await page.close();
  });

  it('when a participant opens it on a phone-sized screen, then the page fits and shows the leaders', async () => {
    const { page, frame } = await openCourse({
      sub: '3',
      [claim('roles')]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
      [claim('launch_presentation')]: { locale: 'nb', document_target: 'iframe' },
    });
    await page.setViewportSize({ width: 390, height: 800 });
    await frame.locator('h2', { hasText: 'Velkommen' }).waitFor();
    const overflow = await frame.locator('body').evaluate((body) => body.scrollWidth > body.clientWidth + 1);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/participant-phone.png`, fullPage: true });
    await page.close();
    expect(overflow, 'horizontal scrolling in the frame').to.equal(false);
  });
});
