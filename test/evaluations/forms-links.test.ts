import { expect } from 'chai';
import { asc, eq } from 'drizzle-orm';
import { evaluationForms } from '../../models/schema';
import { LtiBrowser } from '../support/lti-browser';
import { claim, csrfOf, launchAs, role } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { setUpYear, type ProgressYear } from '../progress/year';

describe('Evaluation forms: links from meeting pages and Deep Linking items', () => {
  let t: ToolUnderTest;
  let year: ProgressYear;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    year = await setUpYear(t);
    await year.leader.post('/evaluations/templates', { template: 'day', language: 'en' });
    await year.leader.post('/evaluations/templates', { template: 'kalundborg', language: 'da' });
    await year.leader.post('/evaluations/templates', { template: 'self', language: 'en' });
  });
  after(async () => {
    await t.close();
  });

  const dayFormOf = async (meetingId: number) => (await t.database.db.select().from(evaluationForms).where(eq(evaluationForms.meetingId, meetingId)))[0]!;

  it('when the day evaluation of a meeting is open, then its participants see "Evaluate the day" there, and leaders its links and the last meeting’s feedback', async () => {
    const [first, second] = year.meetingIds;
    const previous = await dayFormOf(first!);
    const current = await dayFormOf(second!);
    const participant = await launchAs(t, '60', [role('Learner')]);
    expect((await participant.get(`/meetings/${second}`)).html).to.not.include('Evaluate the day');

    await year.leader.post(`/evaluations/${previous.id}/publish`);
    await year.leader.post(`/evaluations/${current.id}/publish`);
    // Open now: the leader gives it times of its own around the present.
    const saved = await year.leader.post(`/evaluations/${current.id}/edit`, { title: current.title, anonymous: 'on', timing: 'set', opensDate: '2026-01-01', opensTime: '08:00', closesDate: '2099-12-31', closesTime: '23:00' });
    expect(saved.status, saved.html.slice(0, 300)).to.equal(303);
    const page = await participant.get(`/meetings/${second}`);
    expect(page.html).to.include('Evaluate the day');
    expect(page.html).to.include(`/evaluations/${current.id}"`);
    expect(page.html).to.not.include('/screen');

    const leaderPage = await year.leader.get(`/meetings/${second}`);
    expect(leaderPage.html).to.include(`/evaluations/${current.id}/edit`);
    expect(leaderPage.html).to.include(`/evaluations/${current.id}/screen`);
    expect(leaderPage.html).to.include(`/evaluations/${current.id}/results`);
    expect(leaderPage.html).to.include(`/evaluations/${previous.id}/slide`);
    expect(leaderPage.html).to.include('Feedback from the last meeting');
  });

  async function chooser() {
    const browser = new LtiBrowser();
    const page = await browser.launch(t.registration, t.platform, {
      messageType: 'LtiDeepLinkingRequest',
      claims: { sub: '1', [claim('roles')]: [role('Instructor')], [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' } },
    });
    return { browser, page };
  }

  it('when the leader places evaluation items through Deep Linking, then the platform gets one per meeting’s evaluation, the annual one, the self-assessments and the network plan', async () => {
    const { browser, page } = await chooser();
    expect(page.response.status).to.equal(200);
    for (const title of ['Evaluation of meeting 1', 'Evaluation of meeting 5', 'Annual evaluation', 'Self-assessment (before the first meeting)', 'Self-assessment (at the end of the year)', 'Network plan']) expect(page.body).to.include(title);
    const forms = await t.database.db.select().from(evaluationForms).orderBy(asc(evaluationForms.id));
    const second = await dayFormOf(year.meetingIds[1]!);
    const annual = forms.find((form) => form.kind === 'annual')!;
    const body = new URLSearchParams([['_csrf', csrfOf(page.body)], ['items', `evaluation:${second.id}`], ['items', `evaluation:${annual.id}`], ['items', 'plans'], ['progressMaximum', '10']]);
    const answer = await browser.request(page.url, { method: 'POST', body });
    expect(answer.status).to.equal(200);
    expect((await browser.submitForm(await answer.text(), page.url)).status).to.equal(200);
    const items = t.platform.deepLinkResponses.at(-1)!.contentItems;
    expect(items.map((item) => item.title)).to.deep.equal(['Evaluation of meeting 2', `Annual evaluation ${annual.yearLabel}`.trim(), 'Network plan']);
    expect(items.map((item) => item.custom)).to.deep.equal([
      { natverk_item: 'evaluation', natverk_form: String(second.id) },
      { natverk_item: 'evaluation', natverk_form: String(annual.id) },
      { natverk_item: 'plans' },
    ]);
    expect(items.every((item) => item.lineItem === undefined)).to.equal(true);

    // A placed item's launch lands on its page.
    const landed = await new LtiBrowser().launch(t.registration, t.platform, { claims: { sub: '61', [claim('roles')]: [role('Learner')], [claim('custom')]: items[0]!.custom } });
    expect(new URL(landed.url).pathname).to.match(new RegExp(`/evaluations/${second.id}$`));
    const plans = await new LtiBrowser().launch(t.registration, t.platform, { claims: { sub: '61', [claim('roles')]: [role('Learner')], [claim('custom')]: { natverk_item: 'plans' } } });
    expect(new URL(plans.url).pathname).to.match(/\/plans$/);
  });

  it('when a chooser is sent an item key of a form of another network, then nothing is placed', async () => {
    const { browser, page } = await chooser();
    const body = new URLSearchParams([['_csrf', csrfOf(page.body)], ['items', 'evaluation:999999'], ['progressMaximum', '10']]);
    const answer = await browser.request(page.url, { method: 'POST', body });
    expect(answer.status).to.equal(422);
  });

  it('when a launch in another network names this network’s form, then it never opens that form', async () => {
    const annual = (await t.database.db.select().from(evaluationForms).where(eq(evaluationForms.kind, 'annual')))[0]!;
    await year.leader.post(`/evaluations/${annual.id}/publish`);
    const outsider = await new LtiBrowser().launch(t.registration, t.platform, {
      claims: {
        sub: '62',
        [claim('roles')]: [role('Learner')],
        [claim('context')]: { id: 'other-network', title: 'Annat nätverk', type: ['CourseSection'] },
        [claim('custom')]: { natverk_item: 'evaluation', natverk_form: String(annual.id) },
      },
    });
    expect(outsider.response.status).to.equal(404);
    expect(outsider.body).to.not.include(annual.title);
    const forged = await new LtiBrowser().launch(t.registration, t.platform, { claims: { sub: '62', [claim('roles')]: [role('Learner')], [claim('custom')]: { natverk_item: 'evaluation', natverk_form: '0x1f' } } });
    expect(new URL(forged.url).pathname).to.not.include('evaluations');
  });
});
