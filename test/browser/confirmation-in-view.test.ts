import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { meetings } from '../../models/schema';
import { hasChromium, launchChromium } from '../support/chromium';
import { claim, launchAs, role } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

describe('A confirmation in a real browser: in view where the person acted, inside the course page’s iframe', function () {
  this.timeout(90_000);
  let t: ToolUnderTest;
  let browser: Browser;
  let meetingId: number;

  before(async function () {
    if (!hasChromium()) this.skip();
    t = await startToolUnderTest({ jobs: false });
    const leader = await launchAs(t, '2', [role('Instructor')]);
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2030-01-14', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    const [first] = await t.database.db.select().from(meetings).orderBy(meetings.startsAt);
    meetingId = first!.id;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const { width, label } of [
    { width: 360, label: 'a 360 px phone' },
    { width: 1100, label: 'a desktop' },
    
  ]) {
    it(`when a participant signs up for a meeting on ${label}, then the confirmation is inside the visible part of the frame`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      await page.goto(
        t.platform.coursePageUrl(t.registration, {
          claims: { sub: `4${width}`, [claim('roles')]: [role('Learner')], [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' } },
        }),
      );
      const frameLocator = page.frameLocator('#contentframe');
      await frameLocator.locator('h1').first().waitFor();
      const frame = page.frame({ name: 'contentframe' })!;
      const base = new URL(frame.url()).pathname.replace(/\/$/, '');
      await frame.goto(new URL(`${base}/meetings/${meetingId}`, frame.url()).toString());
      await frame.locator('#answer input[value="yes"]').check();
      await frame.locator('#answer button[type="submit"]').first().click();
      const flash = frame.locator('#flash.in-place', { hasText: 'Your answer is saved: you are signed up.' });
      await flash.waitFor();

      // Visible means inside the frame's own viewport and inside the part of the course page the window shows.
      const inFrame = await flash.evaluate((element) => {
        const box = element.getBoundingClientRect();
        return { top: box.top, bottom: box.bottom, height: window.innerHeight, insideAnswer: Boolean(element.closest('#answer')) };
      });
      const frameBox = (await page.locator('#contentframe').boundingBox())!;
      if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/confirmation-${width}.png` });
      await page.close();
      expect(inFrame.insideAnswer, 'shown in the part of the page the person acted on').to.equal(true);
      expect(inFrame.top, 'below the frame’s top').to.be.at.least(0);
      expect(inFrame.bottom, 'above the frame’s bottom').to.be.at.most(inFrame.height);
      expect(frameBox.y + inFrame.bottom, 'inside the window').to.be.at.most(800);
    });
  }
});
