import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { assignments, contexts, meetings, submissions, users } from '../../models/schema';
import { launchAs as launchMember, role } from '../support/network-member';
import { pdf } from '../support/office-files';
import { redovisningA } from '../support/presentations';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const pptxType = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
const dayMs = 24 * 60 * 60_000;

async function until(probe: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The to-do list's lines as text, with where each one links. */
function todoOf(html: string): Array<{ href: string; text: string }> {
  const section = /<section class="card todo"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  return [...section.matchAll(/<li>\s*<a href="([^"]+)">([^<]*)<\/a>\s*(?:<span class="tag[^"]*">([^<]*)<\/span>)?/g)].map((match) => ({
    href: match[1]!.replace(/^\/l\/[^/]+/, ''),
    text: `${match[2]}${match[3] ? ` [${match[3]}]` : ''}`.replace(/&#39;/g, '’'),
  }));
}

describe('Start: each role’s to-do list', function () {
  this.timeout(60_000);
  let t: ToolUnderTest;
  let ids: { meeting1: number; meeting2: number; a: number; b: number };
  const launchAs = (sub: string, roles: string[]) => launchMember(t, sub, roles, {}, 'en');
  /** University staff as Moodle launches them (Instructor); the leader makes them staff in the tool. */
  const launchStaff = async (sub: string) => {
    const staff = await launchAs(sub, [role('Instructor')]);
    const leader = await launchAs('2', [role('Instructor')]);
    const [row] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub));
    expect((await leader.post(`/roster/${row!.id}/role`, { role: 'staff' })).status).to.equal(303);
    return staff;
  };

  before(async function () {
    this.timeout(90_000);
    t = await startToolUnderTest({ jobs: false });
  });
  after(async () => {
    await t.close();
  });

  it('when a leader first launches while the participant list is still being read, then Start says so and offers to set up the year', async () => {
    t.platform.nrpsDelayMs = 3000;
    const leader = await launchAs('2', [role('Instructor')]);
    const { html } = await leader.get('/');
    expect(html).to.include('The participant list is being read from the course.');
    expect(html, 'no count of zero while reading').not.to.match(/<dd>0<\/dd>/);
    expect(todoOf(html)).to.deep.equal([]);
    expect(html).to.match(/<a class="button" href="\/l\/[^/]+\/year\/setup">Set up the year<\/a>/);

    t.platform.nrpsDelayMs = 0;
    await until(async () => Boolean((await t.database.db.select().from(contexts))[0]?.rosterSyncedAt));
    expect((await leader.get('/')).html).not.to.include('being read from the course');
  });

  it('when the year has begun, then a participant sees the next meeting, what is due with their own state, and the development area to record', async () => {
    const leader = await launchAs('2', [role('Instructor')]);
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2030-01-14', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    const storedMeetings = await t.database.db.select().from(meetings).orderBy(meetings.startsAt);
    const storedAssignments = await t.database.db.select().from(assignments).orderBy(assignments.dueAt);
    ids = { meeting1: storedMeetings[0]!.id, meeting2: storedMeetings[1]!.id, a: storedAssignments[0]!.id, b: storedAssignments[1]!.id };
    // Meeting 1 ended yesterday and A was due then; B is due in five days, before meeting 2.
    const now = Date.now();
    await t.database.db.update(meetings).set({ startsAt: new Date(now - dayMs - 3 * 3600_000), endsAt: new Date(now - dayMs) }).where(eq(meetings.id, ids.meeting1));
    await t.database.db.update(assignments).set({ dueAt: new Date(now - dayMs) }).where(eq(assignments.id, ids.a));
    await t.database.db.update(assignments).set({ dueAt: new Date(now + 5 * dayMs) }).where(eq(assignments.id, ids.b));
    await t.database.db.update(meetings).set({ startsAt: new Date(now + 6 * dayMs), endsAt: new Date(now + 6 * dayMs + 3 * 3600_000) }).where(eq(meetings.id, ids.meeting2));
    const [a] = await t.database.db.select().from(assignments).where(eq(assignments.id, ids.a));
    expect(a!.leaderConversation, 'the pilot year’s A has the school leader conversation').to.equal(true);

    const anna = await launchAs('31', [role('Learner')]);
    await launchAs('32', [role('Learner')]);
    const first = todoOf((await anna.get('/')).html);
    expect(first.map((item) => item.href)).to.deep.equal([`/assignments/${ids.a}#conversation`, `/assignments/${ids.a}#submission`, `/assignments/${ids.b}#submission`, `/meetings/${ids.meeting2}#answer`]);
    expect(first[1]!.text).to.match(/^Presentation A: .*, due .* \[Late\]$/);
    expect(first[2]!.text).to.match(/\[Not started\]$/);
    expect(first[3]!.text).to.match(/^Meeting 2: .* \[Not answered\]$/);

    await anna.post(`/meetings/${ids.meeting2}/response`, { response: 'yes' });
    await anna.upload(`/assignments/${ids.b}/submission`, {}, { name: 'B.pptx', content: await redovisningA(), type: pptxType });
    await anna.post(`/assignments/${ids.a}/conversation`, { developmentArea: 'Formativ bedömning i matematik' });
    const later = todoOf((await anna.get('/')).html);
    expect(later.map((item) => item.text.replace(/^.*\[/, '['))).to.deep.equal(['[Late]', '[Draft]', '[Signed up]']);
  });

  it('when the year has begun, then the leader sees unanswered sign-ups, missing submissions, minutes to publish, each linking where the work is done', async () => {
    const leader = await launchAs('2', [role('Instructor')]);
    const list = todoOf((await leader.get('/')).html);
    const signUps = list.find((item) => item.href === `/meetings/${ids.meeting2}#check-in`);
    expect(signUps?.text).to.match(/^Meeting 2: \d+ participants? ha(s|ve) not answered$/);
    const unanswered = Number(/: (\d+)/.exec(signUps!.text)![1]);
    expect(list.find((item) => item.href === `/assignments/${ids.a}/overview`)?.text).to.match(/^Presentation A: \d+ submissions? missing/);
    expect(list.find((item) => item.href === `/meetings/${ids.meeting1}#documents`)?.text).to.match(/^Meeting 1: .* has ended; publish the minutes$/);
    expect(list.some((item) => item.href.startsWith(`/meetings/${ids.meeting2}#documents`)), 'no minutes before a meeting has ended').to.equal(false);

    const bo = await launchAs('32', [role('Learner')]);
    await bo.post(`/meetings/${ids.meeting2}/response`, { response: 'no' });
    const uploaded = await leader.upload(`/meetings/${ids.meeting1}/documents`, { kind: 'minutes', title: 'Anteckningar' }, { name: 'anteckningar.pdf', content: await pdf('Anteckningar'), type: 'application/pdf' });
    expect(uploaded.status, uploaded.html.slice(0, 300)).to.equal(303);
    const after = todoOf((await leader.get('/')).html);
    const signUpsAfter = after.find((item) => item.href === `/meetings/${ids.meeting2}#check-in`);
    expect(signUpsAfter ? Number(/: (\d+)/.exec(signUpsAfter.text)![1]) : 0, 'one answer fewer to chase').to.equal(unanswered - 1);
    expect(after.find((item) => item.href === `/meetings/${ids.meeting1}#documents`)?.text).to.equal('Meeting 1: the minutes are uploaded but not published [Waiting]');
  });

  it('when a participant hands in as final, then staff see it waiting for grading until it is graded', async () => {
    const anna = await launchAs('31', [role('Learner')]);
    await anna.upload(`/assignments/${ids.b}/submission`, {}, { name: 'B.pptx', content: await redovisningA(), type: pptxType });
    expect((await anna.post(`/assignments/${ids.b}/final`)).status).to.equal(303);
    const staff = await launchStaff('5');
    const waiting = todoOf((await staff.get('/')).html);
    expect(waiting).to.deep.equal([{ href: `/assignments/${ids.b}/overview`, text: 'Presentation B: 1 final submission to grade' }]);

    const [handedIn] = await t.database.db.select().from(submissions).where(eq(submissions.assignmentId, ids.b));
    const annaId = handedIn!.userId;
    expect((await staff.post(`/assignments/${ids.b}/grading/${annaId}`, { passed: 'pass', intent: 'graded' })).status).to.equal(303);
    const { html } = await staff.get('/');
    expect(todoOf(html)).to.deep.equal([]);
    expect(html).to.include('Nothing waits for grading right now.');
  });

  it('when minutes are published, then a school leader sees them as new, and no development area of a teacher who is not theirs', async () => {
    const leader = await launchAs('2', [role('Instructor')]);
    const uploaded = await leader.upload(`/meetings/${ids.meeting1}/documents`, { kind: 'minutes', title: 'Anteckningar träff 1', publish: 'on' }, { name: 'a.pdf', content: await pdf('A'), type: 'application/pdf' });
    expect(uploaded.status).to.equal(303);
    const mentor = await launchAs('41', [role('Mentor')]);
    const list = todoOf((await mentor.get('/')).html);
    expect(list).to.deep.equal([{ href: `/meetings/${ids.meeting1}#documents`, text: 'Minutes from meeting 1: Anteckningar träff 1 [New]' }]);
    expect(todoOf((await leader.get('/')).html).some((item) => item.href === `/meetings/${ids.meeting1}#documents`), 'published: no longer the leader’s to do').to.equal(false);
  });
});
