import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { gradeOutbox, progressSnapshots } from '../../models/schema';
import { launchAs, role } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { gradeAs, sendScores, setUpYear, userIdOf, type ProgressYear } from '../progress/year';

describe('Released grades and the progress share in the platform gradebook', () => {
  let t: ToolUnderTest;
  let year: ProgressYear;
  let anna: number;
  before(async function () {
    this.timeout(60_000);
    t = await startToolUnderTest({ jobs: false });
    year = await setUpYear(t);
    await launchAs(t, '31', [role('Learner')]);
    anna = await userIdOf(t, '31');
  });
  after(async () => {
    await t.close();
  });

  const scoresFor = (resourceId: string) => {
    const item = t.platform.lineItems.find((line) => line.resourceId === resourceId);
    return t.platform.scores.filter((score) => score.lineItemUrl === item?.id).map((score) => score.body as Record<string, unknown>);
  };

  it('when a grade is saved as graded, then nothing goes to the platform; once released, the score lands in the assignment’s own column with its comment, and the progress share in the progress column', async () => {
    const [a] = year.assignmentIds;
    await gradeAs(t, year, a!, anna, 'graded', true, 'Tydlig nulägesbeskrivning.');
    expect(await t.database.db.select().from(gradeOutbox).where(eq(gradeOutbox.resourceId, `natverk-assignment-${a}`))).to.have.length(0);

    await gradeAs(t, year, a!, anna, 'released', true, 'Tydlig nulägesbeskrivning.\nKoppla gärna till elevernas lärande.');
    await sendScores(t);
    const item = t.platform.lineItems.find((line) => line.resourceId === `natverk-assignment-${a}`);
    expect(item, 'its own line item, out of 1 for pass / complete again').to.include({ scoreMaximum: 1 });
    expect(item!.label, 'named as the network (English here) names it').to.match(/^Presentation A: /);
    const [score] = scoresFor(`natverk-assignment-${a}`);
    expect(score).to.include({ userId: '31', scoreGiven: 1, scoreMaximum: 1, activityProgress: 'Completed', gradingProgress: 'FullyGraded', comment: 'Tydlig nulägesbeskrivning.\nKoppla gärna till elevernas lärande.' });
    expect(JSON.stringify(score), 'private notes never leave the tool').not.to.include('Bara för oss');

    const total = year.assignmentIds.length + 1; // every assignment, and the meetings
    const progress = scoresFor('natverk-progress');
    expect(progress.at(-1)).to.include({ userId: '31', scoreGiven: Math.round(100 / total), scoreMaximum: 100, activityProgress: 'InProgress', gradingProgress: 'FullyGraded' });
    const [snapshot] = await t.database.db.select().from(progressSnapshots).where(eq(progressSnapshots.userId, anna));
    expect(snapshot).to.include({ met: 1, total, queuedShare: 1 / total });
  });

  it('when a released grade is hidden again, then the platform gets a score without a result (Moodle clears it) and the share goes back down', async () => {
    const [a] = year.assignmentIds;
    await gradeAs(t, year, a!, anna, 'graded', true);
    await sendScores(t);
    const cleared = scoresFor(`natverk-assignment-${a}`).at(-1)!;
    expect(cleared).to.include({ userId: '31', activityProgress: 'Submitted', gradingProgress: 'PendingManual' });
    expect(cleared).not.to.have.property('scoreGiven');
    expect(scoresFor('natverk-progress').at(-1)).to.include({ scoreGiven: 0 });
    const rows = await t.database.db.select().from(gradeOutbox);
    expect(rows.map((row) => row.state), 'every send arrived, none refused for its timestamp').to.deep.equal(rows.map(() => 'sent'));
  });

  it('when a participant opens the grades page, then they are refused', async () => {
    const learner = await launchAs(t, '31', [role('Learner')]);
    expect((await learner.get('/grades')).status).to.equal(403);
  });
});
