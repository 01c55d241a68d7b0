import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { hasChromium, launchChromium } from '../support/chromium';
import { assignments } from '../../models/schema';
import { claim, launchAs, role } from '../support/network-member';
import { redovisningA } from '../support/presentations';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';


describe('Submitting and reading a presentation in a real browser', function () {
  this.timeout(90_000);
  let t: ToolUnderTest;
  let browser: Browser;
  let assignmentId: number;

  before(async function () {
    if (!hasChromium()) this.skip();
    t = await startToolUnderTest({ jobs: false });
    const leader = await launchAs(t, '2', [role('Instructor')], {}, 'sv');
    await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' });
    assignmentId = (await t.database.db.select().from(assignments).where(eq(assignments.letter, 'A')))[0]!.id;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('when a participant uploads with the progress bar and opens the viewer, then the arrow keys move slide by slide with the notes beside', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(
      t.platform.coursePageUrl(t.registration, {
        claims: {
          sub: '31',
          [claim('roles')]: [role('Learner')],
          [claim('custom')]: { natverk_item: 'assignment', natverk_assignment: String(assignmentId) },
          [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' },
        },
      }),
    );
    const frame = page.frameLocator('#contentframe');
    await frame.locator('h1', { hasText: 'Uppdrag och utvecklingsområden' }).waitFor();
    await frame.locator('input[type=file]').setInputFiles({ name: 'Redovisning A.pptx', mimeType: 'application/octet-stream', buffer: await redovisningA() });
    await frame.locator('form[data-upload] button[type=submit]').click();
    await frame.locator('text=Draft (not submitted)').waitFor();
    expect(await frame.locator('#submission').innerText()).to.match(/6 slides, 4 with speaker notes/);

    await frame.locator('a', { hasText: 'Open the slides and notes' }).click();
    const position = frame.locator('[data-position]');
    await position.waitFor();
    expect(await position.innerText()).to.equal('Slide 1 of 6');
    await frame.locator('body').press('ArrowRight');
    expect(await position.innerText()).to.equal('Slide 2 of 6');
    expect(await frame.locator('#slide-1').isVisible(), 'one slide at a time').to.equal(false);
    expect(await frame.locator('#slide-2').isVisible()).to.equal(true);
    expect(await frame.locator('#slide-2 aside.notes').innerText()).to.include('Timperley, 2013');
    await frame.locator('body').press('End');
    expect(await position.innerText()).to.equal('Slide 6 of 6');
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/viewer.png`, fullPage: true });
    await page.close();
  });
});
