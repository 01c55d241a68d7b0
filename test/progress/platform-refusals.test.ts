import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { gradeOutbox } from '../../models/schema';
import { launchAs, role } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { gradeAs, sendScores, setUpYear, userIdOf, type ProgressYear } from './year';

describe('Scores the platform cannot take now, and scores it refuses', () => {
  let t: ToolUnderTest;
  let year: ProgressYear;
  before(async function () {
    this.timeout(60_000);
    t = await startToolUnderTest({ jobs: false });
    year = await setUpYear(t);
  });
  after(async () => {
    await t.close();
  });
  const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000);

  it('when the platform answers 503, then the released grade is retried and delivered exactly once after it recovers', async () => {
    await launchAs(t, '31', [role('Learner')]);
    const anna = await userIdOf(t, '31');
    const assignmentId = year.assignmentIds[0]!;
    await gradeAs(t, year, assignmentId, anna, 'released', true, 'Bra!');
    t.platform.failWith({ status: 503 });
    await sendScores(t);
    const resource = `natverk-assignment-${assignmentId}`;
    const [waiting] = await t.database.db.select().from(gradeOutbox).where(eq(gradeOutbox.resourceId, resource));
    expect(waiting).to.include({ state: 'pending', attempts: 1 });
    expect(waiting!.lastError).to.include('503');
    await sendScores(t, minutesFromNow(1));
    t.platform.failWith(null);
    await sendScores(t, minutesFromNow(10));
    await sendScores(t, minutesFromNow(60));
    const [sent] = await t.database.db.select().from(gradeOutbox).where(eq(gradeOutbox.resourceId, resource));
    expect(sent).to.include({ state: 'sent', attempts: 3 });
    const item = t.platform.lineItems.find((line) => line.resourceId === resource)!;
    const arrived = t.platform.scores.filter((score) => score.lineItemUrl === item.id);
    expect(arrived, 'exactly once').to.have.length(1);
    expect(arrived[0]!.body).to.include({ userId: '31', scoreGiven: 1, comment: 'Bra!' });
  });

  it('when the participant is no longer enrolled in the course, then the score fails after one attempt with the platform’s reason, shown on the grades page', async () => {
    await launchAs(t, '32', [role('Learner')]);
    const bo = await userIdOf(t, '32');
    for (const [context, members] of t.platform.members) t.platform.members.set(context, members.filter((member) => member.user_id !== '32'));
    const assignmentId = year.assignmentIds[1]!;
    await gradeAs(t, year, assignmentId, bo, 'released', true, 'Komplettera källorna.');
    await sendScores(t);
    await sendScores(t, minutesFromNow(60));
    const [refused] = await t.database.db.select().from(gradeOutbox).where(eq(gradeOutbox.resourceId, `natverk-assignment-${assignmentId}`));
    expect(refused).to.include({ state: 'failed', attempts: 1 });
    expect(refused!.lastError).to.include('400').and.include('not enrolled');
    const page = await year.leader.get('/grades');
    expect(page.html).to.include('not enrolled');
    expect(page.html).to.include(`/grades/${refused!.id}/resend`);
  });
});
