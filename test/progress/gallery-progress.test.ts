import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { assignments, galleryComments, gradeOutbox, progressSnapshots } from '../../models/schema';
import { launchAs, role, type NetworkMember } from '../support/network-member';
import { seedYear, type SeededYear } from '../support/tool-pages';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { userIdOf } from './year';

describe('Gallery-walk feedback given counts towards completion, hidden feedback does not', () => {
  let t: ToolUnderTest;
  let year: SeededYear;
  let leader: NetworkMember;
  let peerId: number;
  before(async function () {
    this.timeout(120_000);
    t = await startToolUnderTest({ jobs: false });
    year = await seedYear(t, 'en');
    leader = await launchAs(t, '2', [role('Instructor')]);
    peerId = await userIdOf(t, '32');
  });
  after(async () => {
    await t.close();
  });

  const snapshotOf = async (userId: number) => (await t.database.db.select().from(progressSnapshots).where(eq(progressSnapshots.userId, userId)))[0]!;
  const progressScores = async (userId: number) =>
    t.database.db.select().from(gradeOutbox).where(and(eq(gradeOutbox.userId, userId), eq(gradeOutbox.resourceId, 'natverk-progress'))).orderBy(gradeOutbox.id);

  it('when a leader hides the only comment a participant gave, then the gallery requirement is no longer met and the lower share is queued; showing it again restores it', async () => {
    const [a] = await t.database.db.select().from(assignments).where(eq(assignments.letter, 'A'));
    const saved = await leader.post('/completion', { assignmentsMode: 'chosen', assignmentIds: [String(a!.id)], meetingsMode: 'atLeast', minMeetings: '0', minGalleryComments: '1' });
    expect(saved.status, saved.html.slice(0, 300)).to.equal(303);
    expect(await snapshotOf(peerId), 'A passed and one comment given').to.include({ met: 2, total: 2, complete: true });

    const [comment] = await t.database.db.select().from(galleryComments).where(eq(galleryComments.authorUserId, peerId));
    const before = (await progressScores(peerId)).length;
    const hidden = await leader.post(`/gallery/${year.walkId}/comments/${comment!.id}/hide`, { reason: 'Personuppgifter' });
    expect(hidden.status, hidden.html.slice(0, 300)).to.equal(303);
    expect(await snapshotOf(peerId)).to.include({ met: 1, total: 2, complete: false, queuedShare: 0.5 });
    const lowered = await progressScores(peerId);
    expect(lowered).to.have.length(before + 1);
    expect(lowered.at(-1)).to.include({ scoreGiven: 50, activityProgress: 'InProgress' });

    expect((await leader.post(`/gallery/${year.walkId}/comments/${comment!.id}/unhide`)).status).to.equal(303);
    expect(await snapshotOf(peerId)).to.include({ met: 2, complete: true, queuedShare: 1 });
    expect((await progressScores(peerId)).at(-1)).to.include({ scoreGiven: 100, activityProgress: 'Completed' });
  });
});
