import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { assignmentGrading, assignments, gradeHistory, gradeMarks, grades, schools, users } from '../../models/schema';
import { claim, launchAs as launchMember, role, type NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

/** The other mark's tell-tale parts a marker must not receive before both marks are in. */
const feedbackOf = { staffA: 'Tydlig nulägesbeskrivning, ALFA-återkoppling', staffB: 'Strategierna saknar källor, BETA-återkoppling' };

describe('Graders’ allocation and blind double marking, through real launches', () => {
  let t: ToolUnderTest;
  let leader: NetworkMember;
  let staffA: NetworkMember;
  let staffB: NetworkMember;
  let staffC: NetworkMember;
  let anna: NetworkMember;
  let rektor: NetworkMember;
  const ids: Record<string, number> = {};
  const launchAs = (sub: string, roles: string[], extra: Record<string, unknown> = {}) => launchMember(t, sub, roles, extra, 'en');
  const userId = async (sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;
  const schoolId = async (name: string) => (await t.database.db.select().from(schools).where(eq(schools.name, name)))[0]!.id;
  const assignmentId = async (letter: string) => (await t.database.db.select().from(assignments).where(eq(assignments.letter, letter)))[0]!.id;
  const doubleMark = (id: number) =>
    t.database.db.insert(assignmentGrading).values({ assignmentId: id, doubleMarking: true, criteria: [{ id: 'situation', title: 'The current situation described', description: '' }] });
  const marksPage = (a: number, p: number) => `/assignments/${a}/grading/${p}/marks`;
  const mark = (member: NetworkMember, a: number, p: number, form: Record<string, string>) => member.post(`/assignments/${a}/grading/${p}/mark`, { back: 'marks', ...form });
  const agree = (member: NetworkMember, a: number, p: number, form: Record<string, string>) => member.post(`/assignments/${a}/grading/${p}/agree`, { back: 'marks', ...form });

  before(async function () {
    this.timeout(120_000);
    t = await startToolUnderTest({ jobs: false });
    leader = await launchAs('1', [role('Instructor')]);
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    for (const name of ['Norraskolan', 'Södraskolan']) expect((await leader.post('/schools', { name, municipality: 'Kalmar' })).status).to.equal(303);
    // Moodle sends non-editing teachers as Instructor; the leader makes them university staff in the tool.
    staffA = await launchAs('2', [role('Instructor')]);
    staffB = await launchAs('3', [role('Instructor')]);
    staffC = await launchAs('4', [role('Instructor')]);
    for (const sub of ['2', '3', '4']) expect((await leader.post(`/roster/${await userId(sub)}/role`, { role: 'staff' })).status).to.equal(303);
    anna = await launchAs('31', [role('Learner')]);
    const bo = await launchAs('32', [role('Learner')]);
    const cecilia = await launchAs('33', [role('Learner')]);
    expect((await anna.post('/my-school', { schoolId: String(await schoolId('Norraskolan')) })).status).to.equal(303);
    expect((await bo.post('/my-school', { schoolId: String(await schoolId('Södraskolan')) })).status).to.equal(303);
    expect((await cecilia.post('/my-school', { schoolId: String(await schoolId('Norraskolan')) })).status).to.equal(303);
    rektor = await launchAs('41', [role('Learner')]);
    expect((await leader.post(`/roster/${await userId('41')}/role`, { role: 'mentor' })).status).to.equal(303);
    expect((await leader.post(`/roster/${await userId('41')}/schools`, { schoolIds: [String(await schoolId('Norraskolan'))] })).status).to.equal(303);
    for (const [key, sub] of Object.entries({ leader: '1', staffA: '2', staffB: '3', staffC: '4', anna: '31', bo: '32', cecilia: '33' })) ids[key] = await userId(sub);
    for (const letter of ['A', 'B', 'C']) ids[letter] = await assignmentId(letter);
    for (const letter of ['A', 'B', 'C']) await doubleMark(ids[letter]!);
  });

  after(async () => {
    await t.close();
  });

  it('when the leader allocates by participant and by school, then only the allocated staff may mark them and the lists say who grades whom', async () => {
    expect((await leader.post('/grading/allocations', { graderId: String(ids.staffA), target: `p:${ids.anna}`, marker: '1' })).status).to.equal(303);
    expect((await leader.post('/grading/allocations', { graderId: String(ids.staffB), target: `s:${await schoolId('Södraskolan')}`, marker: '1' })).status).to.equal(303);
    const page = await leader.get('/grading/allocations');
    expect(page.status).to.equal(200);
    expect(page.html).to.include('All of Södraskolan').and.include('Person 31');
    const unallocated = page.html.slice(page.html.indexOf('Not allocated'));
    expect(unallocated, 'Cecilia has nobody').to.include('Person 33');
    expect(unallocated).not.to.include('Person 31').and.not.to.include('Person 32');

    const draft = { passed: 'pass', feedback: 'Utkast', 'level-situation': 'met', 'comment-situation': '' };
    expect((await mark(staffC, ids.B!, ids.anna!, draft)).status, 'staff not allocated to Anna').to.equal(403);
    expect((await mark(staffB, ids.B!, ids.anna!, draft)).status, 'staff allocated to another school').to.equal(403);
    expect((await mark(staffA, ids.B!, ids.anna!, draft)).status, 'Anna’s allocated grader').to.equal(303);
    expect((await mark(staffA, ids.B!, ids.bo!, draft)).status, 'Bo is allocated through Södraskolan').to.equal(403);
    expect((await mark(staffB, ids.B!, ids.bo!, draft)).status).to.equal(303);
    expect((await mark(leader, ids.B!, ids.bo!, draft)).status, 'leaders always grade: the second place is free').to.equal(303);
  });

  it('when the allocation names a grader or a participant that is not of this network, then it is refused and nothing is saved', async () => {
    const other = await launchAs('901', [role('Instructor')], { [claim('context')]: { id: 'other-course', label: 'OTHER', title: 'Another network' } });
    expect((await other.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    expect((await other.post('/schools', { name: 'Främmande skolan', municipality: 'Umeå' })).status).to.equal(303);
    const before = await leader.get('/grading/allocations');
    const attempts = [
      { graderId: String(await userId('901')), target: `p:${ids.cecilia}`, marker: '1' },
      { graderId: String(ids.anna), target: `p:${ids.cecilia}`, marker: '1' },
      { graderId: String(ids.staffC), target: `p:${ids.staffA}`, marker: '1' },
      { graderId: String(ids.staffC), target: `s:${await schoolId('Främmande skolan')}`, marker: '1' },
      { graderId: String(ids.staffC), target: 'p:2147483647', marker: '2' },
    ];
    for (const form of attempts) {
      const refused = await leader.post('/grading/allocations', form);
      expect(refused.status, JSON.stringify(form)).to.equal(422);
      expect(refused.html).to.match(/Not a grader here|Not in this network/);
    }
    const malformed = await leader.post('/grading/allocations', { graderId: 'x', target: 'q:1', marker: '3' });
    expect(malformed.status).to.equal(422);
    expect(malformed.html).to.include('Choose a grader.').and.include('Choose a participant or a school.');
    expect((await leader.get('/grading/allocations')).html).to.equal(before.html);
    expect((await staffA.get('/grading/allocations')).status, 'staff do not allocate').to.equal(403);
    expect((await other.post('/grading/allocations/1/delete', {})).status, 'another network’s leader cannot remove ours').to.equal(404);
    expect((await leader.get('/grading/allocations')).html).to.equal(before.html);
  });

  it('when the leader allocates Cecilia and removes it again, then she is listed as not allocated once more', async () => {
    expect((await leader.post('/grading/allocations', { graderId: String(ids.staffC), target: `p:${ids.cecilia}`, marker: '2' })).status).to.equal(303);
    const withCecilia = (await leader.get('/grading/allocations')).html;
    expect(withCecilia.slice(withCecilia.indexOf('Not allocated'))).not.to.include('Person 33');
    const removal = /grading\/allocations\/(\d+)\/delete/g;
    const allocationIds = [...withCecilia.matchAll(removal)].map((match) => Number(match[1]));
    const newest = Math.max(...allocationIds);
    const removed = await leader.post(`/grading/allocations/${newest}/delete`, {});
    expect(removed.status).to.equal(303);
    expect(removed.location).to.include('done=allocation_removed');
    const after = (await leader.get('/grading/allocations')).html;
    expect(after.slice(after.indexOf('Not allocated'))).to.include('Person 33');
  });

  it('when two graders mark blind, then neither sees the other’s mark before both are in, and afterwards both see both', async () => {
    const [a, p] = [ids.A!, ids.cecilia!];
    expect((await mark(staffA, a, p, { passed: 'pass', feedback: feedbackOf.staffA, 'level-situation': 'met', 'comment-situation': 'ALFA-kriterium' })).status).to.equal(303);
    expect((await mark(staffB, a, p, { passed: 'again', feedback: feedbackOf.staffB, 'level-situation': 'notYet', 'comment-situation': 'BETA-kriterium' })).status).to.equal(303);
    expect((await mark(staffA, a, p, { intent: 'submit', passed: 'pass', feedback: feedbackOf.staffA, 'level-situation': 'met', 'comment-situation': 'ALFA-kriterium' })).status).to.equal(303);

    const seenByB = (await staffB.get(marksPage(a, p))).html;
    expect(seenByB, 'B’s own draft').to.include(feedbackOf.staffB);
    expect(seenByB).not.to.include(feedbackOf.staffA).and.not.to.include('ALFA-kriterium').and.not.to.include('Mark by Person 2');
    expect(seenByB).to.include('Waiting for the other marker');
    const seenByA = (await staffA.get(marksPage(a, p))).html;
    expect(seenByA).to.include(feedbackOf.staffA).and.include('Your mark');
    expect(seenByA, 'not even B’s draft result').not.to.include(feedbackOf.staffB).and.not.to.include('BETA-kriterium').and.not.to.include('Complete again</p>');
    expect(seenByA).not.to.include('Mark by Person 3');
    const seenByLeader = (await leader.get(marksPage(a, p))).html;
    expect(seenByLeader, 'a grader who is not a marker sees submitted marks as they come').to.include(feedbackOf.staffA);
    expect(seenByLeader, 'a draft is its marker’s alone').not.to.include(feedbackOf.staffB);

    expect((await agree(leader, a, p, { passed: 'pass', feedback: 'För tidigt' })).status, 'agreement before both are in').to.equal(409);
    expect((await mark(staffB, a, p, { intent: 'submit', passed: 'again', feedback: feedbackOf.staffB, 'level-situation': 'notYet', 'comment-situation': 'BETA-kriterium' })).status).to.equal(303);
    for (const marker of [staffA, staffB]) {
      const html = (await marker.get(marksPage(a, p))).html;
      expect(html).to.include(feedbackOf.staffA).and.include(feedbackOf.staffB).and.include('ALFA-kriterium').and.include('BETA-kriterium');
      expect(html).to.include('Both marks are in');
      expect(html, 'markers get no agreement form').not.to.include('/agree"');
    }
  });

  it('when the marks are in, then a marker cannot agree, nor a third grader mark, and a third grader agrees the grade as graded with history “agreed”', async () => {
    const [a, p] = [ids.A!, ids.cecilia!];
    expect((await agree(staffA, a, p, { passed: 'pass', feedback: 'Min egen' })).status).to.equal(403);
    expect((await mark(staffC, a, p, { passed: 'pass', feedback: 'En tredje' })).status).to.equal(409);
    const page = (await leader.get(marksPage(a, p))).html;
    expect(page).to.include('/agree"').and.include('The two marks differ');
    expect((await agree(leader, a, p, { passed: 'pass', feedback: 'Fastställd återkoppling', 'level-situation': 'met', 'comment-situation': '', version: '1' })).status).to.equal(303);
    const [grade] = await t.database.db.select().from(grades).where(and(eq(grades.assignmentId, a), eq(grades.userId, p)));
    expect(grade).to.include({ state: 'graded', passed: true, feedback: 'Fastställd återkoppling', gradedByUserId: ids.leader });
    const history = await t.database.db.select().from(gradeHistory).where(eq(gradeHistory.gradeId, grade!.id));
    expect(history.map((row) => row.action)).to.deep.equal(['saved', 'agreed']);
    expect(history[0]!.feedback, 'the in-grading row carries nothing of the marks').to.equal('');
    expect((await staffA.get(marksPage(a, p))).html).to.include('Agreed by Person 1');
    expect((await staffA.post(`/assignments/${a}/grading/${p}/mark/reopen`, {})).status, 'marks close with the agreement').to.equal(409);
  });

  it('when several graders start the same mark at once, then there are never more than two markers', async function () {
    this.timeout(60_000);
    const [a, p] = [ids.C!, ids.cecilia!];
    const results = await Promise.all([staffA, staffB, staffC, leader].map((member) => mark(member, a, p, { passed: '', feedback: 'Samtidigt' })));
    const statuses = results.map((result) => result.status).sort();
    expect(statuses).to.deep.equal([303, 303, 409, 409]);
    const rows = await t.database.db.select().from(gradeMarks).where(and(eq(gradeMarks.assignmentId, a), eq(gradeMarks.userId, p)));
    expect(rows).to.have.length(2);
  });

  it('when a mark is submitted undecided or above the points maximum, then the form comes back with the message and what was typed, and nothing is saved', async () => {
    const d = await assignmentId('D');
    await t.database.db.insert(assignmentGrading).values({ assignmentId: d, doubleMarking: true, scale: 'points', maxPoints: 10 });
    const undecided = await mark(staffB, d, ids.bo!, { intent: 'submit', points: '', feedback: 'Sparad text GAMMA' });
    expect(undecided.status).to.equal(422);
    expect(undecided.html).to.include('Decide the result before submitting.').and.include('Sparad text GAMMA').and.include('aria-invalid="true"');
    const tooMany = await mark(staffB, d, ids.bo!, { intent: 'submit', points: '11', feedback: 'Sparad text GAMMA' });
    expect(tooMany.status).to.equal(422);
    expect(tooMany.html).to.include('The points are above the maximum.');
    expect(await t.database.db.select().from(gradeMarks).where(eq(gradeMarks.assignmentId, d))).to.have.length(0);
    expect((await mark(staffB, d, ids.bo!, { intent: 'submit', points: '7,5', feedback: 'Bra' })).status).to.equal(303);
    const [saved] = await t.database.db.select().from(gradeMarks).where(eq(gradeMarks.assignmentId, d));
    expect(saved).to.include({ points: 7.5, markerUserId: ids.staffB });
    expect(saved!.submittedAt).to.be.instanceOf(Date);
  });

  it('when a participant or a school leader tries any marking route, then each one answers 403', async () => {
    const [a, p] = [ids.A!, ids.cecilia!];
    for (const member of [anna, rektor]) {
      const answers = [
        await member.get('/grading/allocations'),
        await member.post('/grading/allocations', { graderId: String(ids.staffC), target: `p:${p}`, marker: '1' }),
        await member.post('/grading/allocations/1/delete', {}),
        await member.get(marksPage(a, p)),
        await mark(member, a, p, { passed: 'pass', feedback: 'x' }),
        await member.post(`/assignments/${a}/grading/${p}/mark/reopen`, {}),
        await agree(member, a, p, { passed: 'pass', feedback: 'x' }),
      ];
      expect(answers.map((answer) => answer.status)).to.deep.equal([403, 403, 403, 403, 403, 403, 403]);
      for (const answer of answers) expect(answer.html).not.to.include(feedbackOf.staffA);
    }
  });
});
