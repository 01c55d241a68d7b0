import { createRequire } from 'node:module';
import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { users } from '../../models/schema';
import { hasChromium, launchChromium } from '../support/chromium';
import { launchAs, role, type NetworkMember } from '../support/network-member';
import { contextFor } from '../support/tool-pages';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { seedManyParticipants } from '../gradebook/many-participants';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Where the focused element is: its row in the table (head 0) and its column. */
const focusedCell = (page: Page) =>
  page.evaluate(() => {
    const cell = document.activeElement as HTMLTableCellElement | null;
    const row = cell?.parentElement as HTMLTableRowElement | null;
    return { tag: cell?.tagName.toLowerCase(), row: row ? Array.from(document.querySelectorAll('#gradebook tr')).indexOf(row) : -1, column: cell?.cellIndex ?? -1, of: row?.cells.length ?? 0 };
  });

describe('The gradebook in a real browser, with 200 participants', function () {
  this.timeout(240_000);
  let t: ToolUnderTest;
  let browser: Browser;
  let leader: NetworkMember;

  before(async function () {
    if (!hasChromium()) this.skip();
    t = await startToolUnderTest({ jobs: false });
    leader = await launchAs(t, '1', [role('Instructor')], {}, 'sv');
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    const [row] = await t.database.db.select().from(users).where(eq(users.sub, '1'));
    await seedManyParticipants(t.database.db, row!.platformId);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(width: number, bypassCSP = false): Promise<Page> {
    const context = await contextFor(browser, leader.browser, { width, bypassCSP });
    const page = await context.newPage();
    const response = await page.goto(`${leader.base}/gradebook`);
    expect(response?.status()).to.equal(200);
    return page;
  }

  for (const width of [1280, 360]) {
    it(`when the leader opens it at ${width} px, then only the table's region scrolls sideways and the header row and names stay in view when it scrolls`, async () => {
      const page = await open(width);
      expect(await page.locator('#gradebook tbody tr').count()).to.be.at.least(200);
      const sizes = await page.evaluate(() => {
        const region = document.querySelector<HTMLElement>('.gradebook-scroll')!;
        return { page: document.documentElement.scrollWidth, window: window.innerWidth, region: region.scrollWidth, regionBox: region.clientWidth };
      });
      expect(sizes.page, 'the page itself does not scroll sideways').to.be.at.most(sizes.window);
      expect(sizes.region, 'the table is wider than its region').to.be.above(sizes.regionBox);
      const stuck = await page.evaluate(() => {
        const region = document.querySelector<HTMLElement>('.gradebook-scroll')!;
        region.scrollTop = 3000;
        region.scrollLeft = 600;
        const box = region.getBoundingClientRect();
        const header = document.querySelector('#gradebook thead th:nth-child(3)')!.getBoundingClientRect();
        const name = document.querySelector('#gradebook tbody tr:nth-child(150) th')!.getBoundingClientRect();
        return { scrolled: region.scrollTop > 0 && region.scrollLeft > 0, headerTop: header.top - box.top, nameLeft: name.left - box.left };
      });
      expect(stuck.scrolled).to.equal(true);
      expect(Math.abs(stuck.headerTop), 'the header row stays at the top').to.be.below(2);
      expect(Math.abs(stuck.nameLeft), 'the names stay at the left').to.be.below(2);
      await page.context().close();
    });
  }

  it('when the leader moves with the keyboard, then the arrow keys, Home and End move between cells and Enter opens the cell', async () => {
    const page = await open(1280);
    await page.locator('#gradebook tbody tr:first-child th').focus();
    expect(await focusedCell(page)).to.include({ tag: 'th', row: 1, column: 0 });
    await page.keyboard.press('ArrowRight');
    expect(await focusedCell(page)).to.include({ tag: 'td', row: 1, column: 1 });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focusedCell(page)).to.include({ row: 3, column: 1 });
    await page.keyboard.press('ArrowUp');
    expect(await focusedCell(page)).to.include({ row: 2, column: 1 });
    await page.keyboard.press('End');
    const end = await focusedCell(page);
    expect(end.column).to.equal(end.of - 1);
    await page.keyboard.press('Home');
    expect(await focusedCell(page)).to.include({ row: 2, column: 0 });
    expect(await page.locator('#gradebook [tabindex="0"]').count(), 'one cell in the tab order').to.equal(1);
    await page.keyboard.press('ArrowRight');
    const href = await page.evaluate(() => (document.activeElement!.querySelector('a') as HTMLAnchorElement).getAttribute('href'));
    expect(href).to.match(/^assignments\/\d+\/grading\/\d+$/);
    // The link is relative to the gradebook's address: it opens the grading page of the same session.
    await Promise.all([page.waitForURL((url) => url.pathname === `${new URL(leader.base).pathname}/${href}`), page.keyboard.press('Enter')]);
    await page.context().close();
  });

  it('when axe-core looks at the gradebook, then it finds nothing', async () => {
    const page = await open(1280, true);
    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
      return (await axe.run(document)).violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((node) => JSON.stringify(node.target)).join(', ')}`);
    });
    expect(violations).to.deep.equal([]);
    await page.context().close();
  });
});
