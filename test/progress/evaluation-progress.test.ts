import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { startReminders } from '../../lti-tool/jobs/reminders';
import { gradeOutbox, progressSettings, progressSnapshots } from '../../models/schema';
import { launchAs, role } from '../support/network-member';
import { seedAnswer, seedForm } from '../support/evaluations';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { setUpYear, userIdOf, type ProgressYear } from './year';

describe('Progress: the completion rule’s requirement that every closed evaluation was answered', () => {
  let t: ToolUnderTest;
  let year: ProgressYear;
  let annaId: number;
  let boId: number;
  let closedFormId: number;
  const hour = 3_600_000;
  const snapshotOf = async (userId: number) => (await t.database.db.select().from(progressSnapshots).where(eq(progressSnapshots.userId, userId)))[0];
  const progressScores = async (userId: number) => t.database.db.select().from(gradeOutbox).where(and(eq(gradeOutbox.userId, userId), eq(gradeOutbox.resourceId, 'natverk-progress')));

  before(async function () {
    this.timeout(120_000);
    t = await startToolUnderTest({ jobs: false });
    year = await setUpYear(t);
    await launchAs(t, '31', [role('Learner')], { name: 'Anna Answered' });
    await launchAs(t, '32', [role('Learner')], { name: 'Bo Silent' });
    annaId = await userIdOf(t, '31');
    boId = await userIdOf(t, '32');
    const { db } = t.database;
    const closed = await seedForm(db, { networkId: year.networkId, title: 'Utvärdering av dagen, träff 1', opensAt: new Date(Date.now() - 48 * hour), closesAt: new Date(Date.now() - hour), questions: [{ kind: 'scale', text: 'Hur var dagen?' }] });
    closedFormId = closed.form.id;
    await seedAnswer(db, t.config.dataDir, closed.form, annaId, { [closed.questions[0]!.id]: 4 });
    // Still open: not yet asked for, whoever has answered it.
    const open = await seedForm(db, { networkId: year.networkId, title: 'Skattning i slutet', questions: [{ kind: 'scale', text: 'Hur går det?' }] });
    void open;
  });
  after(async () => {
    await t.close();
  });

  it('when the leader asks for every evaluation, then the rule is saved and each participant’s page shows the closed form answered or not', async () => {
    const form = await year.leader.get('/completion');
    expect(form.html).to.match(/name="evaluations" value="none" checked/);
    const saved = await year.leader.post('/completion', { assignmentsMode: 'chosen', assignmentIds: [String(year.assignmentIds[0])], meetingsMode: 'atLeast', minMeetings: '0', minGalleryComments: '0', evaluations: 'all' });
    expect(saved.status, saved.html.slice(0, 400)).to.equal(303);
    const [settings] = await t.database.db.select().from(progressSettings).where(eq(progressSettings.networkId, year.networkId));
    expect(settings!.rule.evaluations).to.equal('all');
    expect((await year.leader.get('/completion')).html).to.match(/name="evaluations" value="all" checked/);

    const anna = await year.leader.get(`/progress/${annaId}`);
    expect(anna.status).to.equal(200);
    expect(anna.html).to.match(/Done<\/span>\s*Answer the evaluation “Utvärdering av dagen, träff 1”/);
    const requirements = /<ul class="requirements">[\s\S]*?<\/ul>/.exec(anna.html)![0];
    expect(requirements, 'an open form is not yet asked for').to.not.include('Skattning i slutet');
    const bo = await year.leader.get(`/progress/${boId}`);
    expect(bo.html).to.match(/Remaining<\/span>\s*Answer the evaluation “Utvärdering av dagen, träff 1”/);
    // Saving recomputed everyone: assignment A not passed; the evaluation answered by Anna only.
    expect(await snapshotOf(annaId)).to.include({ met: 1, total: 2 });
    expect(await snapshotOf(boId)).to.include({ met: 0, total: 2 });
  });

  it('when a form closes, then the reminders job recomputes its network’s progress once (the answer request never does)', async () => {
    const { db } = t.database;
    const now = new Date();
    const late = await seedForm(db, { networkId: year.networkId, title: 'Kort enkät', opensAt: new Date(now.getTime() - hour), closesAt: new Date(now.getTime() - 1_000), questions: [{ kind: 'yesno', text: 'Bra?' }] });
    await seedAnswer(db, t.config.dataDir, late.form, boId, { [late.questions[0]!.id]: true });
    expect(await snapshotOf(boId), 'nothing recomputed by the answer or the closing itself').to.include({ met: 0, total: 2 });
    const scoresBefore = (await progressScores(boId)).length;
    const afterClosing = new Date(now.getTime() + 1_000);
    const job = startReminders({ db, logger: pino({ level: 'silent' }), mailEnabled: false, dataDir: t.config.dataDir, pollMs: 15 * 60_000, now: () => afterClosing });
    try {
      await job.runOnce();
    } finally {
      await job.stop();
    }
    expect(await snapshotOf(boId)).to.include({ met: 1, total: 3 });
    expect(await snapshotOf(annaId)).to.include({ met: 1, total: 3 });
    expect((await progressScores(boId)).length, 'the changed share is sent to the platform').to.equal(scoresBefore + 1);
  });

  it('when the leader exempts a participant from an evaluation, then it counts as met with the reason', async () => {
    const exempted = await year.leader.post(`/progress/${boId}/exemptions`, { requirement: `evaluation:${closedFormId}`, reason: 'Sjukskriven den dagen' });
    expect(exempted.status, exempted.html.slice(0, 400)).to.equal(303);
    const page = await year.leader.get(`/progress/${boId}`);
    expect(page.html).to.match(/Done<\/span>\s*Answer the evaluation “Utvärdering av dagen, träff 1”\s*<br><span class="muted">[^<]*Sjukskriven den dagen/);
    expect(await snapshotOf(boId)).to.include({ met: 2, total: 3 });
    const unknown = await year.leader.post(`/progress/${boId}/exemptions`, { requirement: 'evaluation:999999', reason: 'x' });
    expect(unknown.status).to.equal(422);
  });
});
