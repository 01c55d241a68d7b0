import { expect } from 'chai';
import { asc } from 'drizzle-orm';
import type { Browser, Frame, Page } from 'playwright-core';
import { hasChromium, launchChromium } from '../support/chromium';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { assignments, guests, meetings } from '../../models/schema';

const claim = (name: string) => `https://purl.imsglobal.org/spec/lti/claim/${name}`;
const membership = (role: string) => `http://purl.imsglobal.org/vocab/lis/v2/membership#${role}`;
const desktop = { width: 1100, height: 900 };
const phone = { width: 360, height: 740 };

interface Opened {
  page: Page;
  frame: Frame;
  /** The tool's address for this launch, e.g. http://127.0.0.1:1234/l/abc */
  base: string;
  /** Every form post the tool refused (status 400 or more), as "status url". */
  refused: string[];
}

/**
 * Each main form filled the way a person does: what loads with the page is left as it is, only what a person
 * must type is typed, and the form is sent with its button. A default that the server cannot read fails here.
 */
describe('The main forms in a real browser, filled as a person fills them', function () {
  this.timeout(120_000);
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

  async function openAs(sub: string, role: string, viewport = desktop, messageType?: 'LtiDeepLinkingRequest'): Promise<Opened> {
    const page = await browser.newPage({ viewport });
    const refused: string[] = [];
    page.on('response', (response) => {
      if (response.request().method() === 'POST' && response.status() >= 400) refused.push(`${response.status()} ${response.url()}`);
    });
    const claims = { sub, [claim('roles')]: [membership(role)], [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' } };
    await page.goto(t.platform.coursePageUrl(t.registration, { claims, messageType }));
    await page.frameLocator('#contentframe').locator('main#content').waitFor();
    const frame = page.frames().find((candidate) => /\/l\/[^/?#]+/.test(candidate.url()));
    if (!frame) throw new Error(`no tool frame in ${page.frames().map((candidate) => candidate.url()).join(', ')}`);
    const base = /^(.*\/l\/[^/?#]+)/.exec(frame.url())![1]!;
    return { page, frame, base, refused };
  }

  /** Sends the form that holds `button` with a click, and waits for the page that answers. */
  async function send(frame: Frame, button: string): Promise<void> {
    await Promise.all([frame.waitForNavigation(), frame.locator(button).click()]);
  }

  async function expectAccepted(opened: Opened, what: string): Promise<void> {
    expect(opened.refused, `${what}: refused posts`).to.deep.equal([]);
    expect(await opened.frame.locator('.error-summary').count(), `${what}: an error summary`).to.equal(0);
  }

  const firstMeetingId = async () => (await t.database.db.select().from(meetings).orderBy(asc(meetings.startsAt)))[0]!.id;

  it('when the leader sets up the year with the form as it loads and only a start date chosen, then the year is created', async () => {
    const leader = await openAs('2', 'Instructor');
    await leader.frame.goto(`${leader.base}/year/setup`);
    expect(await leader.frame.locator('select[name="weekday"]').inputValue(), 'the weekday as it loads').to.equal('');
    await leader.frame.locator('#field-startDate').fill('2027-01-11');
    await send(leader.frame, 'form[action$="/year/setup"] button[type="submit"]');
    await expectAccepted(leader, 'year set-up');
    expect(leader.frame.url()).to.match(/\/year\?(?:[^#]*&)?done=year_set_up/);
    expect(await t.database.db.select().from(meetings)).to.have.length.above(0);
    await leader.page.close();
  });

  it('when the leader changes only the theme of a meeting, then the meeting is saved with every other field as it loaded', async () => {
    const leader = await openAs('2', 'Instructor');
    const id = await firstMeetingId();
    await leader.frame.goto(`${leader.base}/meetings/${id}/edit`);
    await leader.frame.locator('#field-theme').fill('Our first meeting');
    // The visible save button (the form also has move and remove buttons per programme row).
    await send(leader.frame, 'form[action$="/edit"] > button[type="submit"]:not([hidden])');
    await expectAccepted(leader, 'meeting edit');
    expect(await leader.frame.locator('h1').innerText()).to.include('Our first meeting');
    await leader.page.close();
  });

  it('when the leader writes a new assignment with only a letter and a title, then it is created', async () => {
    const leader = await openAs('2', 'Instructor');
    await leader.frame.goto(`${leader.base}/assignments/new`);
    await leader.frame.locator('#field-letter').fill('Q');
    await leader.frame.locator('#field-title').fill('Reflection');
    await send(leader.frame, 'form[action$="/assignments/new"] button[type="submit"]');
    await expectAccepted(leader, 'new assignment');
    expect(leader.frame.url()).to.match(/\/assignments\/\d+\?done=assignment_saved/);
    await leader.page.close();
  });

  for (const viewport of [desktop, phone]) {
    it(`when the leader saves the settings as they load (${viewport.width} px), then they are saved`, async () => {
      const leader = await openAs('2', 'Instructor', viewport);
      await leader.frame.goto(`${leader.base}/settings`);
      await send(leader.frame, 'form[action$="/settings"] button[type="submit"]');
      await expectAccepted(leader, 'settings');
      expect(leader.frame.url()).to.match(/\/settings\?done=settings_saved/);
      await leader.page.close();
    });
  }

  it('when one participant signs up and another declines with a reason, then both answers are saved', async () => {
    const id = await firstMeetingId();
    const anna = await openAs('31', 'Learner');
    await anna.frame.goto(`${anna.base}/meetings/${id}`);
    await anna.frame.locator('input[name="response"][value="yes"]').check();
    await send(anna.frame, 'form[action$="/response"] button[type="submit"]');
    await expectAccepted(anna, 'sign-up');
    await anna.page.close();

    const bo = await openAs('32', 'Learner');
    await bo.frame.goto(`${bo.base}/meetings/${id}`);
    await bo.frame.locator('input[name="response"][value="no"]').check();
    await bo.frame.locator('#field-reason').fill('Parents’ evening');
    await send(bo.frame, 'form[action$="/response"] button[type="submit"]');
    await expectAccepted(bo, 'decline');
    await bo.page.close();
  });

  it('when a school leader registers a guest with only a name, then the guest is saved', async () => {
    const id = await firstMeetingId();
    const mentor = await openAs('41', 'Mentor');
    await mentor.frame.goto(`${mentor.base}/meetings/${id}`);
    await mentor.frame.locator('#field-name').fill('Gästa Gästsson');
    await send(mentor.frame, 'form[action$="/guests"] button[type="submit"]');
    await expectAccepted(mentor, 'guest registration');
    expect((await t.database.db.select().from(guests)).map((guest) => guest.name)).to.deep.equal(['Gästa Gästsson']);
    await mentor.page.close();
  });

  it('when the leader places content by deep linking with the page as it loads, then the selection goes back to the platform', async () => {
    const leader = await openAs('2', 'Instructor', desktop, 'LtiDeepLinkingRequest');
    const before = t.platform.deepLinkResponses.length;
    const choices = leader.frame.locator('input[name="items"]');
    if (!(await choices.evaluateAll((boxes) => boxes.some((box) => (box as HTMLInputElement).checked)))) await choices.first().check();
    await leader.frame.locator('form[action$="/deep-link"] button[type="submit"]').click();
    const deadline = Date.now() + 15_000;
    while (t.platform.deepLinkResponses.length === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(leader.refused, 'deep-link: refused posts').to.deep.equal([]);
    expect(t.platform.deepLinkResponses.length, 'a deep-linking response reached the platform').to.equal(before + 1);
    await leader.page.close();
  });

  for (const viewport of [desktop, phone]) {
    it(`when an assignment is saved with a letter already taken (${viewport.width} px), then the summary is focused and the message stands beside the letter`, async () => {
      const [taken] = await t.database.db.select().from(assignments).orderBy(asc(assignments.id));
      const leader = await openAs('2', 'Instructor', viewport);
      await leader.frame.goto(`${leader.base}/assignments/new`);
      await leader.frame.locator('#field-letter').fill(taken!.letter);
      await leader.frame.locator('#field-title').fill('A second one');
      await send(leader.frame, 'form[action$="/assignments/new"] button[type="submit"]');
      expect(leader.refused.join(' ')).to.match(/^422 /);

      const summary = leader.frame.locator('[data-error-summary]');
      await leader.frame.waitForFunction(() => document.activeElement?.hasAttribute('data-error-summary'), null, { timeout: 5_000 });
      expect(await summary.getAttribute('role')).to.equal('alert');
      expect(await summary.getAttribute('tabindex')).to.equal('-1');
      const link = summary.locator('a[href="#field-letter"]');
      expect(await link.innerText()).to.include('already has that letter');

      const letter = leader.frame.locator('#field-letter');
      expect(await letter.getAttribute('aria-invalid')).to.equal('true');
      expect(await letter.getAttribute('aria-describedby')).to.equal('field-letter-error');
      expect(await leader.frame.locator('#field-letter-error').innerText()).to.include('already has that letter');
      expect(await letter.inputValue(), 'the input is kept').to.equal(taken!.letter);
      const beside = await leader.frame.evaluate(() => {
        const field = document.getElementById('field-letter')!.getBoundingClientRect();
        const message = document.getElementById('field-letter-error')!.getBoundingClientRect();
        return message.top - field.bottom;
      });
      expect(beside, 'the message right below its field').to.be.within(0, 60);

      await link.click();
      expect(await leader.frame.evaluate(() => document.activeElement?.id)).to.equal('field-letter');
      await leader.page.close();
    });
  }
});
