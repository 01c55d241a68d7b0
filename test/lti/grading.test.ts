import { expect } from 'chai';
import { pino } from 'pino';
import { eq } from 'drizzle-orm';
import { users } from '../../models/schema';
import { startGradeOutbox } from '../../lti-tool/jobs/grade-outbox';
import { LtiBrowser } from '../support/lti-browser';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const claim = (name: string) => `https://purl.imsglobal.org/spec/lti/claim/${name}`;
const role = (name: string) => `http://purl.imsglobal.org/vocab/lis/v2/membership#${name}`;
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const english = { [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' } };

describe('Grading progress into the platform gradebook', () => {
  let t: ToolUnderTest;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
  });
  after(async () => {
    await t.close();
  });

  async function launchAs(sub: string, roles: string[], messageType?: 'LtiDeepLinkingRequest') {
    const browser = new LtiBrowser();
    const page = await browser.launch(t.registration, t.platform, { messageType, claims: { sub, name: `Person ${sub}`, [claim('roles')]: roles, ...english } });
    return { browser, page };
  }

  it('when staff grade a participant, then the score lands in the platform with its maximum and comment, and the grades page says so', async () => {
    // The leader places the graded progress item (maximum 10): the platform makes its grade column.
    const leader = await launchAs('2', [role('Instructor')], 'LtiDeepLinkingRequest');
    const chosen = await leader.browser.request(leader.page.url, {
      method: 'POST',
      body: new URLSearchParams([['_csrf', csrfOf(leader.page.body)], ['items', 'progress'], ['progressMaximum', '10']]),
    });
    await leader.browser.submitForm(await chosen.text(), leader.page.url);
    expect(t.platform.lineItems.map((item) => item.resourceId)).to.include('natverk-progress');

    await launchAs('3', [role('Learner')]);
    const [learner] = await t.database.db.select().from(users).where(eq(users.sub, '3'));

    const staff = await launchAs('4', ['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant']);
    const base = staff.page.url.replace(/\/$/, '');
    const roster = await (await staff.browser.request(`${base}/roster`)).text();
    expect(roster).to.include('Person 3');
    expect(roster).to.include(`name="userId" value="${learner!.id}"`);

    const posted = await staff.browser.request(`${base}/grades`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrfOf(roster), userId: String(learner!.id), score: '7.5', comment: 'Tydlig reflektion' }),
    });
    expect(posted.status).to.equal(303);
    const pending = await (await staff.browser.follow(posted)).text();
    expect(pending).to.include('Waiting to be sent');

    const outbox = startGradeOutbox({ db: t.database.db, lti: t.tool.lti, logger: pino({ level: 'silent' }), pollMs: 3_600_000 });
    await outbox.runOnce();
    await outbox.stop();

    const score = t.platform.scores.at(-1)!;
    expect(score.body).to.include({ userId: '3', scoreGiven: 7.5, scoreMaximum: 10, comment: 'Tydlig reflektion', activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
    const sent = await (await staff.browser.request(`${base}/grades`)).text();
    expect(sent).to.include('In the gradebook');
  });

  it('when a participant posts a grade, then it is refused and nothing is queued', async () => {
    const { browser, page } = await launchAs('3', [role('Learner')]);
    const base = page.url.replace(/\/$/, '');
    const before = t.platform.scores.length;
    const answer = await browser.request(`${base}/grades`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrfOf(page.body), userId: '1', score: '5' }),
    });
    expect(answer.status).to.equal(403);
    expect(t.platform.scores).to.have.length(before);
  });

  it('when staff grade someone who is not a participant of this course, or above the maximum, then it is refused with a clear page', async () => {
    const { browser, page } = await launchAs('4', ['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant']);
    const base = page.url.replace(/\/$/, '');
    const [learner] = await t.database.db.select().from(users).where(eq(users.sub, '3'));
    const roster = await (await browser.request(`${base}/roster`)).text();
    const outsider = await browser.request(`${base}/grades`, { method: 'POST', body: new URLSearchParams({ _csrf: csrfOf(roster), userId: '999999', score: '5' }) });
    expect(outsider.status).to.equal(404);
    const tooHigh = await browser.request(`${base}/grades`, { method: 'POST', body: new URLSearchParams({ _csrf: csrfOf(roster), userId: String(learner!.id), score: '11' }) });
    expect(tooHigh.status).to.equal(422);
    const refusal = await tooHigh.text();
    expect(refusal).to.include('Score too high');
    expect(refusal, 'the message names the column that was graded and its maximum').to.match(/gradebook column “[^”]+” \(10 points\)/);
    const notANumber = await browser.request(`${base}/grades`, { method: 'POST', body: new URLSearchParams({ _csrf: csrfOf(roster), userId: String(learner!.id), score: 'sju' }) });
    expect(notANumber.status).to.equal(422);
  });
});
