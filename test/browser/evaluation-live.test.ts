import { createRequire } from 'node:module';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { networks } from '../../models/schema';
import { evaluationTopic, publishLive } from '../../lti-tool/live/publish';
import { hasChromium, launchChromium } from '../support/chromium';
import { seedAnswer, seedForm } from '../support/evaluations';
import { launchAs, role, type NetworkMember } from '../support/network-member';
import { contextFor } from '../support/tool-pages';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's findings on the page as it is now, every impact, one line each. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    return (await axe.run(document)).violations.map((v) => `${v.id}: ${v.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
  });
}

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('evaluation results on the big screen in a real browser', function () {
  this.timeout(120_000);
  let t: ToolUnderTest;
  let browser: Browser;
  let leader: NetworkMember;
  let networkId: number;

  before(async function () {
    if (!hasChromium()) this.skip();
    t = await startToolUnderTest({ jobs: false });
    leader = await launchAs(t, '1', [role('Instructor')]);
    networkId = (await t.database.db.select().from(networks))[0]!.id;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('when answers arrive while the big screen is open, then its count and chart follow without a reload, and nothing shows before the fifth', async () => {
    const { form, questions } = await seedForm(t.database.db, { networkId, title: 'Utvärdering av träff 1', questions: [{ kind: 'scale', text: 'Hur var dagen?', lowLabel: 'Svag', highLabel: 'Stark' }] });
    const context = await contextFor(browser, leader.browser, { width: 1280 });
    const page = await context.newPage();
    await page.goto(`${leader.base}/evaluations/${form.id}/screen`);
    expect(await page.locator('[data-respondents]').innerText()).to.match(/^0 of \d+ answered$/);
    expect(await page.locator('.evaluation-qr svg').count()).to.equal(1);
    expect(await page.locator('.evaluation-url').innerText()).to.equal(`${t.config.publicUrl}/evaluate/${form.id}`);
    // A marker that a reload would wipe.
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await page.waitForTimeout(500);

    // What the answering route does after a submit: the answer, then the count on the form's topic.
    const answer = async (n: number, step: number) => {
      await seedAnswer(t.database.db, t.config.dataDir, form, 1000 + n, { [questions[0]!.id]: step });
      await publishLive(t.database.db, evaluationTopic(form.id), 'answered', { respondents: n });
    };
    for (const n of [1, 2, 3, 4]) await answer(n, 4);
    await page.locator('[data-respondents]', { hasText: /^4( of \d+)? answered$/ }).waitFor({ timeout: 10_000 });
    expect(await page.locator('svg.chart').count(), 'under the threshold: the count only').to.equal(0);
    await answer(5, 2);
    await page.locator('svg.chart').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-respondents]').innerText()).to.match(/^5( of \d+)? answered$/);
    const values = await page.locator('svg.chart text.chart-value').allTextContents();
    expect(values.map((value) => Number(value.split(' ')[0]))).to.deep.equal([0, 1, 0, 4, 0]);
    const bars = async () => (await page.locator('svg.chart text.chart-value').allTextContents()).map((value) => Number(value.split(' ')[0]));
    // One more answer moves the count only: the bars would tell the room what the sixth person gave.
    await answer(6, 5);
    await page.locator('[data-respondents]', { hasText: /^6( of \d+)? answered$/ }).waitFor({ timeout: 10_000 });
    expect(await bars(), 'the charts wait for five new answers').to.deep.equal([0, 1, 0, 4, 0]);
    for (const n of [7, 8, 9]) await answer(n, 1);
    await page.locator('[data-respondents]', { hasText: /^9( of \d+)? answered$/ }).waitFor({ timeout: 10_000 });
    expect(await bars()).to.deep.equal([0, 1, 0, 4, 0]);
    await answer(10, 3);
    await page.locator('[data-respondents]', { hasText: /^10( of \d+)? answered$/ }).waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => document.querySelectorAll('svg.chart text.chart-value').length > 0 && document.querySelector('[data-evaluation-live]')?.getAttribute('data-charts-at') === '10', undefined, { timeout: 10_000 });
    expect(await bars(), 'five new answers: the charts move together').to.deep.equal([3, 1, 1, 4, 1]);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed), 'the page was not reloaded').to.equal(true);
    await context.close();
  });

  it('when the big screen and the results page are opened at 360 px, then neither scrolls sideways', async () => {
    const longText = 'Hur väl stämmer påståendet att nätverksträffen gav dig redskap för det systematiska kvalitetsarbetet på din skola?';
    const { form, questions } = await seedForm(t.database.db, {
      networkId,
      title: 'Utvärdering med mycket långa frågetexter som måste radbrytas på en telefon',
      questions: [
        { kind: 'scale', text: longText, lowLabel: 'Stämmer inte alls med min upplevelse av dagen', highLabel: 'Stämmer helt och hållet med min upplevelse' },
        { kind: 'text', text: 'Kommentar' },
      ],
    });
    for (let n = 0; n < 6; n++) await seedAnswer(t.database.db, t.config.dataDir, form, 2000 + n, { [questions[0]!.id]: (n % 5) + 1, [questions[1]!.id]: `Ett långt ord: ${'x'.repeat(80)}` });
    const context = await contextFor(browser, leader.browser, { width: 360 });
    const page = await context.newPage();
    for (const path of ['screen', 'results', 'slide']) {
      await page.goto(`${leader.base}/evaluations/${form.id}/${path}`);
      expect(await page.locator('svg.chart').count(), path).to.be.greaterThan(0);
      expect(await sideways(page), path).to.be.at.most(0);
    }
    await context.close();
  });

  it('when the result pages are checked with axe-core, then it finds nothing', async () => {
    const { form, questions } = await seedForm(t.database.db, { networkId, title: 'Utvärdering', questions: [{ kind: 'scale', text: 'Helheten', key: 'whole' }, { kind: 'single', text: 'Bäst', options: ['A', 'B'] }, { kind: 'text', text: 'Ord' }] });
    for (let n = 0; n < 5; n++) await seedAnswer(t.database.db, t.config.dataDir, form, 3000 + n, { [questions[0]!.id]: n + 1, [questions[1]!.id]: n % 2, [questions[2]!.id]: `Ord ${n}` });
    // The tool's CSP allows only its own scripts; axe is injected, so this context bypasses it.
    const context = await contextFor(browser, leader.browser, { width: 1100, bypassCSP: true });
    const page = await context.newPage();
    const found: string[] = [];
    for (const path of [`/evaluations/${form.id}/results`, `/evaluations/${form.id}/results?school=all`, `/evaluations/${form.id}/screen`, `/evaluations/${form.id}/slide`, '/evaluations/compare', '/evaluations/self-assessment']) {
      const response = await page.goto(`${leader.base}${path}`);
      expect(response?.status(), path).to.equal(200);
      for (const violation of await axeViolations(page)) found.push(`${path}: ${violation}`);
    }
    await context.close();
    expect(found).to.deep.equal([]);
  });
});
