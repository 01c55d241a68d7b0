import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { gradeOutbox, progressSnapshots, schools } from '../../models/schema';
import { launchAs, role, type NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { gradeAs, setUpYear, userIdOf, type ProgressYear } from './year';

describe('Progress pages: the participant’s own, their school leader’s, staff’s, and the leader’s exemptions and rule', () => {
  let t: ToolUnderTest;
  let year: ProgressYear;
  let anna: NetworkMember;
  let bo: NetworkMember;
  let rektor: NetworkMember;
  let staff: NetworkMember;
  let annaId: number;
  let boId: number;
  const schoolId = async (name: string) => (await t.database.db.select().from(schools).where(eq(schools.name, name)))[0]!.id;
  const progressRows = async (userId: number) =>
    t.database.db.select().from(gradeOutbox).where(and(eq(gradeOutbox.userId, userId), eq(gradeOutbox.resourceId, 'natverk-progress')));

  before(async function () {
    this.timeout(120_000);
    t = await startToolUnderTest({ jobs: false });
    year = await setUpYear(t);
    const { leader } = year;
    for (const name of ['Norraskolan', 'Södraskolan']) expect((await leader.post('/schools', { name, municipality: 'Kalmar' })).status).to.equal(303);
    anna = await launchAs(t, '31', [role('Learner')]);
    bo = await launchAs(t, '32', [role('Learner')]);
    expect((await anna.post('/my-school', { schoolId: String(await schoolId('Norraskolan')) })).status).to.equal(303);
    expect((await bo.post('/my-school', { schoolId: String(await schoolId('Södraskolan')) })).status).to.equal(303);
    rektor = await launchAs(t, '41', [role('Learner')]);
    expect((await leader.post(`/roster/${await userIdOf(t, '41')}/role`, { role: 'mentor' })).status).to.equal(303);
    expect((await leader.post(`/roster/${await userIdOf(t, '41')}/schools`, { schoolIds: [String(await schoolId('Norraskolan'))] })).status).to.equal(303);
    staff = await launchAs(t, '5', [role('Instructor')]);
    expect((await leader.post(`/roster/${await userIdOf(t, '5')}/role`, { role: 'staff' })).status).to.equal(303);
    annaId = await userIdOf(t, '31');
    boId = await userIdOf(t, '32');
    const [a, b] = year.assignmentIds;
    await gradeAs(t, year, a!, annaId, 'released', true, 'Tydlig nulägesbeskrivning av matematikundervisningen.');
    await gradeAs(t, year, b!, annaId, 'graded', false, 'Ej publicerad återkoppling om källor.');
  });
  after(async () => {
    await t.close();
  });

  it('when a participant opens their progress, then they see what remains with due dates, their released grade and feedback, never the unreleased one or private notes', async () => {
    const page = await anna.get('/progress');
    expect(page.status, page.html.slice(0, 500)).to.equal(200);
    expect(page.html).to.include('My progress').and.include('requirements met');
    expect(page.html).to.include('Tydlig nulägesbeskrivning av matematikundervisningen.');
    expect(page.html).to.include('Pass');
    expect(page.html).not.to.include('Ej publicerad återkoppling');
    expect(page.html).not.to.include('Bara för oss');
    expect(page.html).to.match(/Remaining/).and.match(/due /);
    expect(page.html, 'no exemption form for a participant').not.to.include('/exemptions"');
  });

  it('when a participant asks for another participant’s progress, or the completion page, then they are refused', async () => {
    expect((await anna.get(`/progress/${boId}`)).status).to.equal(403);
    expect((await anna.get(`/progress/${annaId}`)).status, 'their own, by id').to.equal(200);
    expect((await anna.get('/completion')).status).to.equal(403);
    expect((await anna.post('/completion', { assignmentsMode: 'all', meetingsMode: 'all' })).status).to.equal(403);
    expect((await anna.post(`/progress/${annaId}/exemptions`, { requirement: 'gallery', reason: 'Själv' })).status).to.equal(403);
  });

  it('when a school leader opens their own teacher’s progress, then it shows without grades until the network shares them; another school’s teacher is refused', async () => {
    expect((await rektor.get('/my-teachers')).html, 'linked from “my teachers”').to.include(`/progress/${annaId}"`);
    const own = await rektor.get(`/progress/${annaId}`);
    expect(own.status, own.html.slice(0, 500)).to.equal(200);
    expect(own.html).to.include('Person 31');
    expect(own.html).to.include('grades are not shared with school leaders');
    expect(own.html).not.to.include('Tydlig nulägesbeskrivning');
    expect((await rektor.get(`/progress/${boId}`)).status).to.equal(403);
    expect((await rektor.get('/completion')).status).to.equal(403);
    expect((await rektor.get('/progress')).status, 'a school leader has no progress of their own').to.equal(403);

    const form = await year.leader.get('/completion');
    expect(form.status).to.equal(200);
    expect((await year.leader.post('/completion', { assignmentsMode: 'all', meetingsMode: 'all', minGalleryComments: '0', schoolLeadersSeeGrades: 'on' })).status).to.equal(303);
    const shared = await rektor.get(`/progress/${annaId}`);
    expect(shared.html).to.include('Tydlig nulägesbeskrivning');
    expect(shared.html, 'released grades only').not.to.include('Ej publicerad återkoppling');
  });

  it('when staff open a participant’s progress, then they see unreleased grades marked as such; someone who is not a participant is 404', async () => {
    const page = await staff.get(`/progress/${annaId}`);
    expect(page.status).to.equal(200);
    expect(page.html).to.include('Ej publicerad återkoppling').and.include('Graded, not yet released');
    expect(page.html).not.to.include('Bara för oss');
    expect((await staff.get(`/progress/${year.leaderId}`)).status).to.equal(404);
    expect((await staff.get('/progress/999999')).status).to.equal(404);
    expect((await staff.post(`/progress/${annaId}/exemptions`, { requirement: 'gallery', reason: 'x' })).status, 'only leaders grant exemptions').to.equal(403);
  });

  it('when the leader exempts a participant from an assignment with a reason, then the page shows the reason and the share rises; without a reason or for an unknown requirement it is refused with a message', async () => {
    const b = year.assignmentIds[1]!;
    const [before] = await t.database.db.select().from(progressSnapshots).where(eq(progressSnapshots.userId, annaId));
    const noReason = await year.leader.post(`/progress/${annaId}/exemptions`, { requirement: `assignment:${b}`, reason: '  ' });
    expect(noReason.status).to.equal(422);
    expect(noReason.html).to.include('Write the reason');
    const unknown = await year.leader.post(`/progress/${annaId}/exemptions`, { requirement: 'assignment:999999', reason: 'Sjukskriven' });
    expect(unknown.status).to.equal(422);
    expect(unknown.html).to.include('No such requirement');

    const added = await year.leader.post(`/progress/${annaId}/exemptions`, { requirement: `assignment:${b}`, reason: 'Tillgodoräknad från förra årets nätverk' });
    expect(added.status, added.html.slice(0, 300)).to.equal(303);
    const [after] = await t.database.db.select().from(progressSnapshots).where(eq(progressSnapshots.userId, annaId));
    expect(after!.met).to.equal(before!.met + 1);
    expect(after!.queuedShare, 'the new share is queued').to.equal(after!.share);
    const seen = await anna.get('/progress');
    expect(seen.html).to.include('Exempted: Tillgodoräknad från förra årets nätverk');

    const page = await year.leader.get(`/progress/${annaId}`);
    const exemptionId = /exemptions\/(\d+)\/remove/.exec(page.html)?.[1];
    expect((await year.leader.post(`/progress/${annaId}/exemptions/${exemptionId}/remove`)).status).to.equal(303);
    const [removed] = await t.database.db.select().from(progressSnapshots).where(eq(progressSnapshots.userId, annaId));
    expect(removed!.met).to.equal(before!.met);
  });

  it('when a participant is checked in at a meeting, then their new share is queued for the platform, and checking in again queues nothing', async () => {
    // One meeting of the year is enough here: checking in then changes the share.
    expect((await year.leader.post('/completion', { assignmentsMode: 'all', meetingsMode: 'atLeast', minMeetings: '1', minGalleryComments: '0', schoolLeadersSeeGrades: 'on' })).status).to.equal(303);
    const queued = (await progressRows(boId)).length;
    const meetingId = year.meetingIds[0]!;
    expect((await year.leader.post(`/meetings/${meetingId}/check-in`, { userId: String(boId) })).status).to.equal(303);
    const after = await progressRows(boId);
    expect(after).to.have.length(queued + 1);
    const [snapshot] = await t.database.db.select().from(progressSnapshots).where(eq(progressSnapshots.userId, boId));
    expect(after.at(-1)!.scoreGiven).to.equal(Math.round(snapshot!.share * 100));
    expect(snapshot!.share).to.be.greaterThan(0);
    expect((await year.leader.post(`/meetings/${meetingId}/check-in`, { userId: String(boId) })).status).to.equal(303);
    expect(await progressRows(boId), 'unchanged share, nothing new').to.have.length(queued + 1);
  });

  it('when the leader opens the completion page, then the form shows the rule as it is; a rule with no ticked assignment is refused with a message, and a valid one recomputes everyone', async () => {
    const form = await year.leader.get('/completion');
    expect(form.html).to.match(/name="assignmentsMode" value="all" checked/);
    expect(form.html).to.match(/name="minGalleryComments"[^>]*value="0"/);
    const refused = await year.leader.post('/completion', { assignmentsMode: 'chosen', meetingsMode: 'atLeast', minMeetings: '' });
    expect(refused.status).to.equal(422);
    expect(refused.html).to.include('Tick at least one assignment').and.include('Enter a whole number of meetings');
    const notANumber = await year.leader.post('/completion', { assignmentsMode: 'all', meetingsMode: 'atLeast', minMeetings: 'två', hours: 'många' });
    expect(notANumber.status).to.equal(422);
    expect(notANumber.html).to.include('Enter a whole number of meetings').and.include('Enter the hours as a number');
    expect(notANumber.html, 'the input is kept').to.include('value="två"');
    const foreign = await year.leader.post('/completion', { assignmentsMode: 'chosen', assignmentIds: ['999999'], meetingsMode: 'all' });
    expect(foreign.status).to.equal(422);
    expect(foreign.html).to.include('Assignment not in this network');
    const [a] = year.assignmentIds;
    const ok = await year.leader.post('/completion', { assignmentsMode: 'chosen', assignmentIds: [String(a)], meetingsMode: 'atLeast', minMeetings: '1', minGalleryComments: '0', organiser: 'Linnéuniversitetet', hours: '7,5' });
    expect(ok.status, ok.html.slice(0, 500)).to.equal(303);
    const [annaNow] = await t.database.db.select().from(progressSnapshots).where(eq(progressSnapshots.userId, annaId));
    expect(annaNow).to.include({ total: 2, met: 1 });
    const [boNow] = await t.database.db.select().from(progressSnapshots).where(eq(progressSnapshots.userId, boId));
    expect(boNow, 'bo attended one meeting: one of two').to.include({ total: 2, met: 1, queuedShare: 0.5 });
    const reloaded = await year.leader.get('/completion');
    expect(reloaded.html).to.include('Linnéuniversitetet').and.match(/name="hours"[^>]*value="7.5"/);
  });
});
