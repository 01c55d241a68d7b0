import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { assignments, commentBank, gradeHistory, grades, mailOutbox, networks, notifications, users } from '../../models/schema';
import { translator, type Language } from '../../lti-tool/i18n';
import { claim, launchAs as launchMember, role, type NetworkMember } from '../support/network-member';
import { buildDeck } from '../support/presentations';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const pptxType = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
const otherCourse = { [claim('context')]: { id: 'other-course', label: 'OTHER', title: 'Another network' } };

describe('Grading a submission beside its slides, through real launches', () => {
  let t: ToolUnderTest;
  let leader: NetworkMember;
  let staff: NetworkMember;
  let anna: NetworkMember;
  let bo: NetworkMember;
  let schoolLeader: NetworkMember;
  let ids: Record<'A' | 'B' | 'C' | 'D', number>;
  let people: Record<'anna' | 'bo' | 'cecilia' | 'staff', number>;
  let otherAssignment: number;
  let otherParticipant: number;
  const launchAs = (sub: string, roles: string[], extra: Record<string, unknown> = {}) => launchMember(t, sub, roles, extra, 'en');
  const userId = async (sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;
  const gradeOf = async (assignmentId: number, participantId: number) =>
    (await t.database.db.select().from(grades).where(and(eq(grades.assignmentId, assignmentId), eq(grades.userId, participantId))))[0];
  const versionOn = (html: string) => /name="version" value="(\d*)"/.exec(html)?.[1] ?? '';
  const gradePath = (assignmentId: number, participantId: number) => `/assignments/${assignmentId}/grading/${participantId}`;

  before(async function () {
    this.timeout(120_000);
    t = await startToolUnderTest({ jobs: false });
    leader = await launchAs('2', [role('Instructor')]);
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    const rows = await t.database.db.select().from(assignments);
    ids = Object.fromEntries(rows.map((row) => [row.letter, row.id])) as typeof ids;
    // Moodle sends university staff and school leaders as Instructor and Learner; the leader gives the network role.
    staff = await launchAs('5', [role('Instructor')]);
    expect((await leader.post(`/roster/${await userId('5')}/role`, { role: 'staff' })).status).to.equal(303);
    schoolLeader = await launchAs('41', [role('Learner')]);
    expect((await leader.post(`/roster/${await userId('41')}/role`, { role: 'mentor' })).status).to.equal(303);
    schoolLeader = await launchAs('41', [role('Learner')]);
    anna = await launchAs('31', [role('Learner')]);
    bo = await launchAs('32', [role('Learner')]);
    await launchAs('33', [role('Learner')]);
    people = { anna: await userId('31'), bo: await userId('32'), cecilia: await userId('33'), staff: await userId('5') };
    const deck = await buildDeck([{ title: 'Nuläge', text: ['Kollegialt lärande på Strandskolan'], notes: 'Vi utgår från elevernas behov (Timperley, 2013).' }]);
    expect((await anna.upload(`/assignments/${ids.A}/submission`, {}, { name: 'A.pptx', content: deck, type: pptxType })).status).to.equal(303);
    expect((await anna.post(`/assignments/${ids.A}/final`)).status).to.equal(303);

    const otherLeader = await launchAs('901', [role('Instructor')], otherCourse);
    expect((await otherLeader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    await launchAs('931', [role('Learner')], otherCourse);
    otherParticipant = await userId('931');
    const other = (await t.database.db.select().from(assignments).where(eq(assignments.letter, 'A'))).find((row) => row.id !== ids.A);
    otherAssignment = other!.id;
  });
  after(async () => {
    await t.close();
  });

  it('when staff open a participant’s grading page, then the deck and its notes are beside the form and the criteria come from assignment A’s guiding questions', async () => {
    const page = await staff.get(gradePath(ids.A, people.anna));
    expect(page.status, page.html.slice(0, 500)).to.equal(200);
    expect(page.html).to.include('class="grading-layout"').and.include('data-slide-viewer').and.include('Vi utgår från elevernas behov');
    const [assignment] = await t.database.db.select().from(assignments).where(eq(assignments.id, ids.A));
    const [network] = await t.database.db.select().from(networks).where(eq(networks.id, assignment!.networkId));
    const tn = translator(network!.language as Language);
    const legends = [...page.html.matchAll(/<legend>([^<]+)<\/legend>/g)].map((match) => match[1]);
    const headings = assignment!.guidingQuestions.map((section) => section.heading);
    expect(headings, 'the pilot year’s three headings').to.have.length(3);
    expect(legends.slice(0, 5)).to.deep.equal([...headings, tn('grading.defaults.teaching'), tn('grading.defaults.sources')]);
    expect(page.html).to.include('goes to the course gradebook as the grade’s comment');
    expect(page.html, 'the private notes field for staff').to.include('name="privateNotes"');
  });

  it('when staff grade and then regrade, then the history keeps both with who and what, and the page says who graded', async () => {
    const first = await staff.get(gradePath(ids.A, people.anna));
    const saved = await staff.post(gradePath(ids.A, people.anna), { version: versionOn(first.html), passed: 'again', 'level-q1': 'partly', 'comment-q1': 'Nuläget kan beskrivas tydligare.', feedback: 'Komplettera nuläget.', intent: 'graded' });
    expect(saved.status, saved.html.slice(0, 800)).to.equal(303);
    expect(saved.location).to.match(new RegExp(`/assignments/${ids.A}/grading/${people.anna}\\?done=grade_saved`));
    const second = await staff.get(gradePath(ids.A, people.anna));
    expect(second.html).to.include('Nuläget kan beskrivas tydligare.');
    const regraded = await staff.post(gradePath(ids.A, people.anna), { version: versionOn(second.html), passed: 'pass', 'level-q1': 'met', feedback: 'Hemlig återkoppling till Anna.', privateNotes: 'Privat anteckning om Anna.', intent: 'graded' });
    expect(regraded.status).to.equal(303);
    const grade = await gradeOf(ids.A, people.anna);
    expect(grade).to.include({ state: 'graded', passed: true, gradedByUserId: people.staff, feedback: 'Hemlig återkoppling till Anna.' });
    const history = await t.database.db.select().from(gradeHistory).where(eq(gradeHistory.gradeId, grade!.id)).orderBy(gradeHistory.id);
    expect(history.map((row) => [row.action, row.passed, row.byUserId])).to.deep.equal([
      ['saved', false, people.staff],
      ['saved', true, people.staff],
    ]);
    const page = await staff.get(gradePath(ids.A, people.anna));
    expect(page.html).to.include('graded by Person 5').and.include('id="history"').and.include('Complete again').and.include('Pass');
  });

  it('when a grade is outside the scale, then it is refused with a clear message, the typed feedback is kept and the saved grade is untouched', async () => {
    expect((await leader.post(`/assignments/${ids.B}/grading/setup`, { scale: 'points', maxPoints: '20', passPoints: '12', criterionId: '', criterionTitle: 'Analys', criterionDescription: 'Hur väl analysen bär' })).status).to.equal(303);
    const page = await staff.get(gradePath(ids.B, people.bo));
    const draft = await staff.post(gradePath(ids.B, people.bo), { version: versionOn(page.html), points: '10', feedback: 'Första versionen.', intent: 'draft' });
    expect(draft.status).to.equal(303);
    const version = versionOn((await staff.get(gradePath(ids.B, people.bo))).html);
    for (const [points, passed, message] of [
      ['25', '', 'The points cannot be above the maximum.'],
      ['abc', '', 'Write the points as a number, for example 12 or 12.5.'],
      ['', 'pass', 'This assignment is graded in points: write points, not pass / complete again.'],
    ] as const) {
      const refused = await staff.post(gradePath(ids.B, people.bo), { version, points, passed, feedback: 'Min nya text som inte får försvinna.', intent: 'graded' });
      expect(refused.status, `${points}${passed}`).to.equal(422);
      expect(refused.html).to.include(message).and.include('Min nya text som inte får försvinna.');
      expect(refused.html).not.to.match(/at [\w.]+ \(|Error:/);
      expect(refused.html.match(/data-error-summary/g), 'the page draws its own summary, with the fields named; the layout adds none').to.have.length(1);
    }
    expect(await gradeOf(ids.B, people.bo)).to.include({ points: 10, feedback: 'Första versionen.', state: 'inGrading' });
    const undecided = await staff.post(gradePath(ids.B, people.bo), { version, points: '', feedback: 'Utan resultat', intent: 'graded' });
    expect(undecided.status).to.equal(422);
    expect(undecided.html).to.include('Decide the result before marking the grade as graded.');
  });

  it('when two graders save from the same form, then the second gets 409 with their text kept and a message that someone saved meanwhile', async () => {
    const version = versionOn((await staff.get(gradePath(ids.B, people.anna))).html);
    expect((await leader.post(gradePath(ids.B, people.anna), { version, points: '14', feedback: 'Ledarens text.', intent: 'draft' })).status).to.equal(303);
    const stale = await staff.post(gradePath(ids.B, people.anna), { version, points: '9', feedback: 'Personalens text som skrevs samtidigt.', intent: 'draft' });
    expect(stale.status).to.equal(409);
    expect(stale.html).to.include('Personalens text som skrevs samtidigt.').and.include('Someone else saved this grade while you were writing');
    expect(await gradeOf(ids.B, people.anna)).to.include({ points: 14, feedback: 'Ledarens text.' });
  });

  it('when staff save and go next, then they land on the next participant not yet graded, in the list’s order', async () => {
    const boPage = await staff.get(gradePath(ids.C, people.bo));
    expect((await staff.post(gradePath(ids.C, people.bo), { version: versionOn(boPage.html), passed: 'pass', intent: 'graded' })).status).to.equal(303);
    const annaPage = await staff.get(gradePath(ids.C, people.anna));
    const next = await staff.post(gradePath(ids.C, people.anna), { version: versionOn(annaPage.html), passed: 'pass', intent: 'next' });
    expect(next.status).to.equal(303);
    expect(next.location, 'Bo is graded already: Cecilia is next').to.match(new RegExp(`/assignments/${ids.C}/grading/${people.cecilia}\\?done=grade_saved_next$`));
    const list = await staff.get(`/assignments/${ids.C}/grading?state=graded`);
    expect(list.status).to.equal(200);
    expect(list.html).to.include('Person 31').and.include('Person 32').and.not.include(`/grading/${people.cecilia}"`);
  });

  it('when a participant or a school leader posts a grade, then it is refused with 403 and nothing is saved', async () => {
    for (const member of [bo, schoolLeader]) {
      const answer = await member.post(gradePath(ids.D, people.anna), { passed: 'pass', feedback: 'Självbetyg', intent: 'graded' });
      expect(answer.status).to.equal(403);
      expect((await member.get(gradePath(ids.D, people.anna))).status).to.equal(403);
      expect((await member.get(`/assignments/${ids.D}/grading`)).status).to.equal(403);
    }
    expect(await gradeOf(ids.D, people.anna)).to.equal(undefined);
  });

  it('when the assignment or the participant is another network’s, then the grading page and the save are not found', async () => {
    expect((await staff.get(gradePath(otherAssignment, people.anna))).status).to.equal(404);
    expect((await staff.get(gradePath(ids.A, otherParticipant))).status).to.equal(404);
    expect((await staff.post(gradePath(ids.A, otherParticipant), { passed: 'pass', intent: 'graded' })).status).to.equal(404);
    expect((await staff.post(gradePath(otherAssignment, people.anna), { passed: 'pass', intent: 'graded' })).status).to.equal(404);
    expect(await gradeOf(ids.A, otherParticipant)).to.equal(undefined);
  });

  it('when one grader adds a phrase to the comment bank, then another grader sees it, and using it in saved feedback counts it once', async () => {
    const phrase = 'Tydlig koppling till elevernas lärande.';
    const added = await staff.post('/comment-bank', { text: phrase, back: gradePath(ids.D, people.bo) });
    expect(added.status).to.equal(303);
    expect(added.location).to.include(`${gradePath(ids.D, people.bo)}?done=comment_bank_saved`);
    expect((await leader.post('/comment-bank', { text: '  ' })).status, 'an empty phrase').to.equal(422);
    const leaderPage = await leader.get(gradePath(ids.D, people.bo));
    expect(leaderPage.html).to.include(phrase);
    const version = versionOn(leaderPage.html);
    expect((await leader.post(gradePath(ids.D, people.bo), { version, passed: 'pass', feedback: `Bra arbete. ${phrase}`, intent: 'draft' })).status).to.equal(303);
    const again = versionOn((await leader.get(gradePath(ids.D, people.bo))).html);
    expect((await leader.post(gradePath(ids.D, people.bo), { version: again, passed: 'pass', feedback: `Bra arbete. ${phrase}`, intent: 'draft' })).status).to.equal(303);
    const [row] = await t.database.db.select().from(commentBank).where(eq(commentBank.text, phrase));
    expect(row!.usedCount, 'counted when it came in, not on every save').to.equal(1);
    expect((await bo.get('/comment-bank')).status).to.equal(403);
  });

  it('when a grade is released, then the participant sees result and feedback and is notified; before, and after hiding it again, they see nothing', async () => {
    const secret = 'Hemlig återkoppling till Anna.';
    const before = await anna.get(`/assignments/${ids.A}`);
    expect(before.status).to.equal(200);
    expect(before.html).not.to.include('id="your-grade"').and.not.include(secret);
    for (const path of [gradePath(ids.A, people.anna), `/assignments/${ids.A}/grading`, '/comment-bank', '/notifications']) {
      const page = await anna.get(path);
      expect(page.html, path).not.to.include(secret);
    }
    expect((await anna.post(`${gradePath(ids.A, people.anna)}/release`)).status, 'a participant cannot release').to.equal(403);

    const released = await staff.post(`${gradePath(ids.A, people.anna)}/release`);
    expect(released.status).to.equal(303);
    expect(await gradeOf(ids.A, people.anna)).to.include({ state: 'released', releasedByUserId: people.staff });
    const after = await anna.get(`/assignments/${ids.A}`);
    expect(after.html).to.include('id="your-grade"').and.include('Your grade').and.include(secret).and.include('Pass');
    expect(after.html, 'never the private notes').not.to.include('Privat anteckning om Anna.');
    // The judgement of a default criterion (no set-up saved) is named by the criterion, not by its id, on the progress page too.
    const progress = await anna.get('/progress');
    expect(progress.html).to.include(secret).and.match(/Nuläge|Current situation/);
    expect(progress.html).not.to.match(/>\s*q1\s*</);
    const notified = await anna.get('/notifications');
    expect(notified.html).to.include('has been released').and.include(`/assignments/${ids.A}#your-grade`);
    const rows = await t.database.db.select().from(notifications).where(and(eq(notifications.userId, people.anna), eq(notifications.kind, 'gradeReleased')));
    expect(rows).to.have.length(1);

    // Re-saving a released grade keeps it released.
    const version = versionOn((await staff.get(gradePath(ids.A, people.anna))).html);
    expect((await staff.post(gradePath(ids.A, people.anna), { version, passed: 'pass', feedback: secret, privateNotes: 'Privat anteckning om Anna.', intent: 'draft' })).status).to.equal(303);
    expect((await gradeOf(ids.A, people.anna))!.state).to.equal('released');

    expect((await staff.post(`${gradePath(ids.A, people.anna)}/unrelease`)).status).to.equal(303);
    expect((await gradeOf(ids.A, people.anna))!.state).to.equal('graded');
    const hidden = await anna.get(`/assignments/${ids.A}`);
    expect(hidden.html).not.to.include('id="your-grade"').and.not.include(secret);
  });

  it('when staff release all graded grades of an assignment, then every graded one is released and those in grading stay', async () => {
    const answer = await staff.post(`/assignments/${ids.C}/grading/release`);
    expect(answer.status).to.equal(303);
    expect((await gradeOf(ids.C, people.anna))!.state).to.equal('released');
    expect((await gradeOf(ids.C, people.bo))!.state).to.equal('released');
    expect((await bo.get(`/assignments/${ids.C}`)).html).to.include('id="your-grade"');
  });

  it('when the leader sets up grading, then criteria keep their ids in the new order and a bad maximum is refused in the user’s words; staff may not set it up', async () => {
    const form = await leader.get(`/assignments/${ids.D}/grading/setup`);
    expect(form.status).to.equal(200);
    const refused = await leader.post(`/assignments/${ids.D}/grading/setup`, { scale: 'points', maxPoints: 'tjugo', criterionId: ['teaching'], criterionTitle: ['Koppling'], criterionDescription: ['x'] });
    expect(refused.status).to.equal(422);
    expect(refused.html).to.include('Write the maximum as a number, for example 20.').and.include('value="tjugo"');
    const saved = await leader.post(`/assignments/${ids.D}/grading/setup`, {
      scale: 'passFail',
      criterionId: ['teaching', 'role', 'sources', ''],
      criterionTitle: ['Koppling', 'Roll', 'Källor', 'Ny'],
      criterionDescription: ['', '', '', 'Nytt kriterium'],
      criterionPosition: ['3', '1', '2', '4'],
      criterionRemove: ['sources'],
    });
    expect(saved.status).to.equal(303);
    const page = await staff.get(gradePath(ids.D, people.cecilia));
    const legends = [...page.html.matchAll(/<legend>([^<]+)<\/legend>/g)].map((match) => match[1]);
    expect(legends.slice(0, 3)).to.deep.equal(['Roll', 'Koppling', 'Ny']);
    expect(page.html).to.include('name="level-role"').and.include('name="level-teaching"');
    expect((await staff.post(`/assignments/${ids.D}/grading/setup`, { scale: 'passFail', criterionTitle: 'X' })).status).to.equal(403);
  });

  it('when a grade is released to someone who chose mail as it happens, then one mail in their language says so without the feedback; released again after hiding, they are told again', async () => {
    const sara = await launchMember(t, '34', [role('Learner')], { email: 'sara@example.org' }, 'sv');
    expect((await sara.post('/mail', { mode: 'immediate', reminders: 'on' })).status).to.equal(303);
    const saraId = await userId('34');
    const version = versionOn((await staff.get(gradePath(ids.A, saraId))).html);
    expect((await staff.post(gradePath(ids.A, saraId), { version, passed: 'pass', feedback: 'Återkoppling som inte hör hemma i ett mejl.', intent: 'graded' })).status).to.equal(303);
    expect(await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.userId, saraId)), 'nothing before release').to.have.length(0);
    expect((await staff.post(`${gradePath(ids.A, saraId)}/release`)).status).to.equal(303);
    const mails = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.userId, saraId));
    expect(mails).to.have.length(1);
    expect(mails[0]!.subject).to.include('har publicerats');
    expect(mails[0]!.text).to.include('Ditt resultat och återkopplingen').and.not.include('Återkoppling som inte hör hemma i ett mejl.');
    expect((await staff.post(`${gradePath(ids.A, saraId)}/unrelease`)).status).to.equal(303);
    expect((await staff.post(`${gradePath(ids.A, saraId)}/release`)).status).to.equal(303);
    const told = await t.database.db.select().from(notifications).where(and(eq(notifications.userId, saraId), eq(notifications.kind, 'gradeReleased')));
    expect(told).to.have.length(2);
  });

  it('when the assignment is double marked, then the single grade form is not shown and a save is refused with 409', async () => {
    expect((await leader.post(`/assignments/${ids.D}/grading/setup`, { scale: 'passFail', doubleMarking: 'on', criterionId: 'role', criterionTitle: 'Roll' })).status).to.equal(303);
    const page = await staff.get(gradePath(ids.D, people.bo));
    expect(page.html).not.to.include('id="grade-form"');
    const refused = await staff.post(gradePath(ids.D, people.bo), { passed: 'pass', intent: 'graded' });
    expect(refused.status).to.equal(409);
    expect(refused.html).to.include('This assignment is double marked');
  });
});
