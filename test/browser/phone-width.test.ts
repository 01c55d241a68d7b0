import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium } from '../support/chromium';
import { launchPagesOf, openDeepLinking, openLaunch, publicPages, seedYear, signInAdmin, type SeededYear, type WalkRole } from '../support/tool-pages';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const width = 360;

/** How far the page reaches past the window's right edge, the elements that stick out (for the message), and table cells without a label. */
async function sidewaysOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; culprits: string[]; unlabelled: string[] }> {
  return page.evaluate(() => {
    const culprits: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      const box = element.getBoundingClientRect();
      if (box.right > window.innerWidth + 0.5 && culprits.length < 5) culprits.push(`${element.tagName.toLowerCase()}.${element.className} (${Math.round(box.right)} px)`);
    }
    // Text can overflow a box that fits: a long word or address.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node && culprits.length < 5; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      if (range.getBoundingClientRect().right > window.innerWidth + 0.5) culprits.push(`"${(node.textContent ?? '').trim().slice(0, 40)}"`);
    }
    // Tables become cards on phones: every cell with content names its column (the programme's time and item,
    // and cells holding only buttons, need none).
    const unlabelled = Array.from(document.querySelectorAll('table.list:not(.programme) td:not([data-label])')).filter((cell) => cell.textContent?.trim() && !cell.querySelector('form, button'));
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, culprits, unlabelled: unlabelled.map((cell) => cell.textContent!.trim().slice(0, 30)) };
  });
}

// Swedish: its long compound words ("Utvecklingsområden", "Minnesanteckningar") are the hardest to fit.
const locale = 'sv';

describe(`Every page on a ${width} px phone`, function () {
  this.timeout(240_000);
  let t: ToolUnderTest;
  let browser: Browser;
  let year: SeededYear;
  const overflows: string[] = [];

  async function check(page: Page, url: string, label: string) {
    const response = await page.goto(url);
    expect(response?.status(), `${label} ${url}`).to.be.below(500);
    const { scrollWidth, innerWidth, culprits, unlabelled } = await sidewaysOverflow(page);
    if (scrollWidth > innerWidth) overflows.push(`${label} ${new URL(url).pathname}: ${scrollWidth} > ${innerWidth} px (${culprits.join(', ')})`);
    if (unlabelled.length) overflows.push(`${label} ${new URL(url).pathname}: table cells without a column label: ${unlabelled.join(' | ')}`);
  }

  before(async function () {
    if (!hasChromium()) this.skip();
    t = await startToolUnderTest({ jobs: false });
    year = await seedYear(t, locale);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const walkRole of ['leader', 'staff', 'participant', 'schoolLeader'] as WalkRole[]) {
    it(`when a ${walkRole} opens each of their pages, then none scrolls sideways`, async () => {
      overflows.length = 0;
      const { member, context, page } = await openLaunch(t, browser, walkRole, locale, { width });
      for (const path of launchPagesOf(walkRole, year)) await check(page, `${member.base}${path}`, walkRole);
      await context.close();
      expect(overflows).to.deep.equal([]);
    });
  }

  // The gallery walk is done standing in a room with a phone in hand (issue 10): its pages' controls are
  // finger-sized. A box or radio button counts by its label, which is what a finger presses.
  for (const walkRole of ['leader', 'participant'] as WalkRole[]) {
    it(`when a ${walkRole} opens the gallery walk's pages, then every control is at least 44 px tall`, async () => {
      const small: string[] = [];
      const { member, context, page } = await openLaunch(t, browser, walkRole, locale, { width });
      for (const path of launchPagesOf(walkRole, year).filter((path) => path.includes('/gallery'))) {
        await page.goto(`${member.base}${path}`);
        const found = await page.evaluate(() =>
          Array.from(document.querySelectorAll<HTMLElement>('main button, main select, main textarea, main input:not([type=hidden]), main summary, main a.button'))
            .filter((element) => element.offsetParent !== null)
            .map((element) => {
              const box = element instanceof HTMLInputElement && /^(checkbox|radio)$/.test(element.type) ? element.closest('label') : element;
              return { what: `${element.tagName.toLowerCase()} "${(element.textContent || element.getAttribute('name') || '').trim().slice(0, 30)}"`, height: box?.getBoundingClientRect().height ?? 0 };
            })
            .filter((target) => target.height < 44)
            .map((target) => `${target.what} ${Math.round(target.height)} px`),
        );
        for (const target of new Set(found)) small.push(`${path}: ${target}`);
      }
      await context.close();
      expect(small).to.deep.equal([]);
    });
  }

  it('when the leader adds an activity through Deep Linking, then the choosing page does not scroll sideways', async () => {
    overflows.length = 0;
    const { url, context, page } = await openDeepLinking(t, browser, locale, { width });
    await check(page, url, 'deep linking');
    await context.close();
    expect(overflows).to.deep.equal([]);
  });

  it('when someone opens the pages outside a launch (landing, registration, admin), then none scrolls sideways', async () => {
    overflows.length = 0;
    const context = await browser.newContext({ viewport: { width, height: 800 }, locale: 'sv-SE' });
    const page = await context.newPage();
    for (const path of publicPages) await check(page, `${t.url}${path}`, 'public');
    await signInAdmin(t, page);
    await check(page, `${t.url}/admin`, 'administrator');
    await context.close();
    expect(overflows).to.deep.equal([]);
  });
});
