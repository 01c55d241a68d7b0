import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { hasChromium, launchChromium } from '../support/chromium';
import { assignments } from '../../models/schema';
import { claim, launchAs, role } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

describe('The instruction editor in a real browser', function () {
  this.timeout(120_000);
  let t: ToolUnderTest;
  let browser: Browser;
  let assignmentId: number;

  before(async function () {
    if (!hasChromium()) this.skip();
    t = await startToolUnderTest({ jobs: false });
    const leader = await launchAs(t, '2', [role('Instructor')], {}, 'en');
    await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-08-16', timeZone: 'Europe/Stockholm' });
    assignmentId = (await t.database.db.select().from(assignments).where(eq(assignments.letter, 'B')))[0]!.id;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('when a leader edits the instructions, then the editor has a worded toolbar and a preview, bold from the toolbar is saved as **…**, and the CSP is never violated', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    // Every frame reports its CSP violations to the console, where they are collected with Chromium's own "Refused to …".
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`));
    });
    page.on('request', (request) => {
      if (!/^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(request.url()) && !request.url().startsWith('data:')) violations.push(`request outside the tool: ${request.url()}`);
    });
    await page.goto(
      t.platform.coursePageUrl(t.registration, {
        claims: {
          sub: '2',
          [claim('roles')]: [role('Instructor')],
          [claim('custom')]: { natverk_item: 'assignment', natverk_assignment: String(assignmentId) },
          [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' },
        },
      }),
    );
    const frame = page.frameLocator('#contentframe');
    await frame.locator('a', { hasText: 'Edit the assignment' }).click();
    const toolbar = frame.locator('.editor-toolbar');
    await toolbar.waitFor();
    expect(await toolbar.locator('button').allInnerTexts()).to.include.members(['Bold', 'Italic', 'Bulleted list', 'Preview']);
    expect(await frame.locator('textarea[name=instructions]').isVisible(), 'the editor stands in for the textarea').to.equal(false);

    await frame.locator('.CodeMirror').click();
    await frame.locator('.CodeMirror textarea').press('Control+End');
    await frame.locator('.CodeMirror textarea').type('\n\n');
    await toolbar.locator('button', { hasText: 'Bold' }).click();
    await frame.locator('.CodeMirror textarea').type('Viktigt');
    await toolbar.locator('button', { hasText: 'Preview' }).click();
    await frame.locator('.editor-preview strong', { hasText: 'Viktigt' }).waitFor();
    await toolbar.locator('button', { hasText: 'Preview' }).click();

    await frame.locator('form.stack button[type=submit]:not([hidden])').last().click();
    await frame.locator('h1').first().waitFor();
    await page.waitForTimeout(500);
    const [stored] = await t.database.db.select().from(assignments).where(eq(assignments.id, assignmentId));
    expect(stored!.instructions).to.include('**Viktigt**');
    expect(violations, violations.join('\n')).to.deep.equal([]);
  });
});
