import { createRequire } from 'node:module';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium } from '../support/chromium';
import { launchPagesOf, ltiRoleOf, openDeepLinking, openLaunch, publicPages, seedYear, signInAdmin, type SeededYear, type WalkRole } from '../support/tool-pages';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: Array<{ target: unknown[] }>;
}

/** axe-core's findings on the page as it is now, every impact (minor included), one line each. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document)).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((node) => ({ target: node.target })) }));
  });
  return violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}

describe('axe-core on every main page of every role', function () {
  this.timeout(300_000);
  let t: ToolUnderTest;
  let browser: Browser;
  let year: SeededYear;
  const found: string[] = [];
  // The tool's CSP allows only its own scripts; axe is injected, so these contexts (and only these) bypass it.
  const options = { width: 1100, bypassCSP: true };

  async function audit(page: Page, url: string, label: string) {
    const response = await page.goto(url);
    expect(response?.status(), `${label} ${url}`).to.be.below(500);
    for (const violation of await axeViolations(page)) found.push(`${label} ${new URL(url).pathname}: ${violation}`);
  }

  before(async function () {
    if (!hasChromium()) this.skip();
    t = await startToolUnderTest({ jobs: false });
    year = await seedYear(t, 'en');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const walkRole of ['leader', 'staff', 'participant', 'schoolLeader'] as WalkRole[]) {
    it(`when a ${walkRole} (launched as ${ltiRoleOf[walkRole]}) opens each of their pages, then axe-core finds nothing`, async () => {
      found.length = 0;
      const { member, context, page } = await openLaunch(t, browser, walkRole, 'en', options);
      for (const path of launchPagesOf(walkRole, year)) await audit(page, `${member.base}${path}`, walkRole);
      await context.close();
      expect(found).to.deep.equal([]);
    });
  }

  it('when the leader opens the Deep Linking page, then axe-core finds nothing', async () => {
    found.length = 0;
    const { url, context, page } = await openDeepLinking(t, browser, 'en', options);
    await audit(page, url, 'deep linking');
    await context.close();
    expect(found).to.deep.equal([]);
  });

  it('when someone opens the pages outside a launch (landing, registration, admin), then axe-core finds nothing', async () => {
    found.length = 0;
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    for (const path of publicPages) await audit(page, `${t.url}${path}`, 'public');
    await signInAdmin(t, page);
    await audit(page, `${t.url}/admin`, 'administrator');
    // A markup slip axe does not see: a token written inside a form's action attribute.
    const forms = await page.$$eval('form[method=post]', (all) => all.map((form) => ({ action: form.getAttribute('action'), token: Boolean(form.querySelector('input[name=_csrf]')) })));
    for (const form of forms) expect(form, 'each admin form posts to its own address with its token').to.deep.include({ token: true }).and.satisfy((f: { action: string }) => /^\/admin\/[\w/-]+$/.test(f.action));
    await context.close();
    expect(found).to.deep.equal([]);
  });

  it('when a keyboard user presses Tab on a page, then the first stop is a visible “Skip to content” link that moves focus to the content', async () => {
    const { member, context, page } = await openLaunch(t, browser, 'participant', 'en', { width: 1100 });
    await page.goto(`${member.base}/year`);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement;
      const box = active.getBoundingClientRect();
      return { text: active.textContent?.trim(), href: active.getAttribute('href'), visible: box.top >= 0 && box.bottom <= window.innerHeight && box.width > 0 };
    });
    expect(first).to.deep.equal({ text: 'Skip to content', href: '#content', visible: true });
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('content');
    await context.close();
  });

  it('when the slide viewer and the navigation are used on a phone, then every button and menu link is at least 44 px tall and the arrows 44 px wide', async () => {
    const { member, context, page } = await openLaunch(t, browser, 'participant', 'en', { width: 360 });
    await page.goto(`${member.base}/assignments/${year.assignmentId}/submissions/${year.submissionId}`);
    await page.locator('.slide-nav:not([hidden])').waitFor();
    const targets = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('.slide-nav button, nav.main a')).map((element) => {
        const box = element.getBoundingClientRect();
        return { what: element.getAttribute('aria-label') ?? element.textContent?.trim(), width: box.width, height: box.height, button: element.tagName === 'BUTTON' };
      }),
    );
    expect(targets.filter((target) => target.button)).to.have.length(2);
    const small = targets.filter((target) => target.height < 44 || (target.button && target.width < 44));
    expect(small, 'targets smaller than 44 px').to.deep.equal([]);
    await context.close();
  });
});
