import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium } from '../support/chromium';
import { contextFor } from '../support/tool-pages';
import { launchAs, role } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { launchNetwork, seedOpenForm } from './answering-setup';

const width = 360;

/** How far the page reaches past the right edge, and the answer controls (by their labels) under 44 px tall. */
async function measure(page: Page): Promise<{ scrollWidth: number; small: string[] }> {
  return page.evaluate(() => {
    const small = Array.from(document.querySelectorAll<HTMLElement>('main .answer-choice, main button, main textarea'))
      .filter((element) => element.offsetParent !== null && element.getBoundingClientRect().height < 44)
      .map((element) => `${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim().slice(0, 30)}" ${Math.round(element.getBoundingClientRect().height)} px`);
    return { scrollWidth: document.documentElement.scrollWidth, small };
  });
}

describe(`Evaluations: the answer page on a ${width} px phone, in Swedish`, function () {
  this.timeout(180_000);
  let t: ToolUnderTest;
  let browser: Browser;
  let formId: number;

  before(async function () {
    if (!hasChromium()) this.skip();
    t = await startToolUnderTest({ jobs: false });
    await launchNetwork(t, []);
    formId = (await seedOpenForm(t, { title: 'Utvärdering av dagen: nätverksträff 1 – Kalmarsundsskolan' })).form.id;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('when a participant opens the form, then nothing scrolls sideways, every choice and button is at least 44 px tall, and sending is a plain form post', async () => {
    const member = await launchAs(t, '71', [role('Learner')], {}, 'sv');
    const context = await contextFor(browser, member.browser, { width });
    const page = await context.newPage();
    await page.goto(`${member.base}/evaluations/${formId}`);
    const { scrollWidth, small } = await measure(page);
    expect(scrollWidth).to.be.at.most(width);
    expect(small).to.deep.equal([]);
    // A tap on the label of scale step 4 chooses it, then sending goes through as a plain form post.
    await page.locator('.answer-step', { hasText: '4' }).first().click();
    await page.locator('.answer-yesno .answer-choice').first().click();
    await page.locator('button[value="submit"]').click();
    await page.waitForURL(/done=answer_submitted/);
    // The confirmation's script empties the live region and puts the text back once it is in place: wait for it.
    await page.locator('#flash', { hasText: 'Tack! Ditt svar är inskickat' }).waitFor({ timeout: 10_000 });
    const after = await measure(page);
    expect(after.scrollWidth).to.be.at.most(width);
    await context.close();
  });

  it('when a phone without a session opens the big screen’s code, then the short page fits too', async () => {
    const context = await browser.newContext({ viewport: { width, height: 740 }, locale: 'sv-SE' });
    const page = await context.newPage();
    await page.goto(`${t.url}/evaluate/${formId}`);
    expect(await page.textContent('h1')).to.equal('Svara på utvärderingen');
    expect((await measure(page)).scrollWidth).to.be.at.most(width);
    await context.close();
  });
});
