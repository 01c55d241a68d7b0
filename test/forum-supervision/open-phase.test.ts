import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { contexts, conversationGroupMembers, conversationGroups, forums, forumThreads, liveEvents, networks, users, type SupervisionPhase } from '../../models/schema';
import { claim, launchAs as launchMember, role, type NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

/** Part A writes the threads; here they are made with the database, as a case presenter's thread would be saved. */
describe('Peer supervision: the facilitator opens the phases in turn, through real launches', () => {
  let t: ToolUnderTest;
  let leader: NetworkMember;
  let presenter: NetworkMember;
  let facilitator: NetworkMember;
  let member: NetworkMember;
  let otherLeader: NetworkMember;
  let networkId: number;
  let otherNetworkId: number;
  const launchAs = (sub: string, roles: string[], extra: Record<string, unknown> = {}) => launchMember(t, sub, roles, extra, 'en');
  const userId = async (sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;
  const phaseOf = async (threadId: number) => (await t.database.db.select({ phase: forumThreads.phase }).from(forumThreads).where(eq(forumThreads.id, threadId)))[0]!.phase;
  const networkOfCourse = async (course: string | null) => {
    const rows = await t.database.db.select({ id: networks.id, course: contexts.contextId }).from(networks).innerJoin(contexts, eq(contexts.id, networks.contextId));
    return rows.find((row) => (course ? row.course === course : row.course !== 'other-course'))!.id;
  };

  async function supervisionThread(inNetwork: number, phase: SupervisionPhase = 'case', groupId: number | null = null): Promise<number> {
    const db = t.database.db;
    const kind = groupId === null ? 'discussion' : 'group';
    let [forum] = await db.select().from(forums).where(groupId === null ? and(eq(forums.networkId, inNetwork), eq(forums.kind, kind)) : eq(forums.groupId, groupId));
    if (!forum) [forum] = await db.insert(forums).values({ networkId: inNetwork, kind, groupId }).returning();
    const [thread] = await db
      .insert(forumThreads)
      .values({ forumId: forum!.id, networkId: inNetwork, kind: 'supervision', title: 'Motstånd i arbetslaget', authorId: await userId('31'), casePresenterId: await userId('31'), facilitatorId: await userId('32'), phase, highestNumber: 1, postsNumbered: 1 })
      .returning();
    return thread!.id;
  }

  before(async function () {
    this.timeout(120_000);
    t = await startToolUnderTest({ jobs: false });
    leader = await launchAs('1', [role('Instructor')]);
    presenter = await launchAs('31', [role('Learner')]);
    facilitator = await launchAs('32', [role('Learner')]);
    member = await launchAs('33', [role('Learner')]);
    otherLeader = await launchAs('901', [role('Instructor')], { [claim('context')]: { id: 'other-course', label: 'OTHER', title: 'Another network' } });
    networkId = await networkOfCourse(null);
    otherNetworkId = await networkOfCourse('other-course');
  });
  after(async () => {
    await t.close();
  });

  it('when the facilitator opens the phases one after another, then they open in order, each is announced live, and the page is the thread with the confirmation', async () => {
    const threadId = await supervisionThread(networkId);
    const opened: Array<SupervisionPhase | null> = [];
    for (const expectedCurrent of ['case', 'questions', 'reflections', 'response'] as const) {
      const answer = await facilitator.post(`/forums/threads/${threadId}/phase`, { expectedCurrent });
      expect(answer.status, answer.html.slice(0, 300)).to.equal(303);
      expect(answer.location).to.equal(`${new URL(facilitator.base).pathname}/forums/threads/${threadId}?done=supervision_phase_opened#phases`);
      opened.push(await phaseOf(threadId));
    }
    expect(opened).to.deep.equal(['questions', 'reflections', 'response', 'learning']);
    const events = await t.database.db.select().from(liveEvents).where(and(eq(liveEvents.topic, `forums:${networkId}`), eq(liveEvents.kind, 'phase')));
    const [thread] = await t.database.db.select().from(forumThreads).where(eq(forumThreads.id, threadId));
    expect(events.map((event) => event.payload)).to.deep.equal(opened.map((phase) => ({ threadId, forumId: thread!.forumId, groupId: null, phase })));
  });

  it('when the last phase is open and the facilitator asks for another, then it is refused with a clear message and the phase stays', async () => {
    const threadId = await supervisionThread(networkId, 'learning');
    const answer = await facilitator.post(`/forums/threads/${threadId}/phase`, { expectedCurrent: 'learning' });
    expect(answer.status).to.equal(409);
    expect(answer.html).to.include('Every phase is already open').and.include('there is no phase after it');
    expect(await phaseOf(threadId)).to.equal('learning');
  });

  it('when a group member who is not the facilitator, or the case presenter, tries to open a phase, then they are refused (403) and nothing moves', async () => {
    const threadId = await supervisionThread(networkId);
    expect((await member.post(`/forums/threads/${threadId}/phase`, { expectedCurrent: 'case' })).status).to.equal(403);
    expect((await presenter.post(`/forums/threads/${threadId}/phase`, { expectedCurrent: 'case' })).status).to.equal(403);
    expect(await phaseOf(threadId)).to.equal('case');
  });

  it('when a network leader steps in for the facilitator, then the next phase opens', async () => {
    const threadId = await supervisionThread(networkId, 'questions');
    expect((await leader.post(`/forums/threads/${threadId}/phase`, { expectedCurrent: 'questions' })).status).to.equal(303);
    expect(await phaseOf(threadId)).to.equal('reflections');
  });

  it('when a leader forges the id of another network’s supervision thread, or of a thread that is not one, then the answer is 404 and nothing moves', async () => {
    const foreign = await supervisionThread(otherNetworkId);
    expect((await leader.post(`/forums/threads/${foreign}/phase`, { expectedCurrent: 'case' })).status).to.equal(404);
    expect(await phaseOf(foreign)).to.equal('case');
    const [plain] = await t.database.db.update(forumThreads).set({ kind: 'discussion' }).where(eq(forumThreads.id, await supervisionThread(networkId))).returning();
    expect((await leader.post(`/forums/threads/${plain!.id}/phase`, { expectedCurrent: 'case' })).status).to.equal(404);
    expect((await otherLeader.post(`/forums/threads/${foreign}/phase`, { expectedCurrent: 'case' })).status, 'its own leader may').to.equal(303);
  });

  it('when the thread is in a conversation group’s forum, then its facilitator opens phases while in the group, and once moved out of it the thread is not there for them (404)', async () => {
    const db = t.database.db;
    const [group] = await db.insert(conversationGroups).values({ networkId, name: 'Samtalsgrupp 1', kind: 'conversation', slot: 'conversation' }).returning();
    for (const sub of ['31', '32', '33']) await db.insert(conversationGroupMembers).values({ groupId: group!.id, userId: await userId(sub), networkId, slot: 'conversation' });
    const threadId = await supervisionThread(networkId, 'case', group!.id);
    expect((await facilitator.post(`/forums/threads/${threadId}/phase`, { expectedCurrent: 'case' })).status).to.equal(303);
    await db.delete(conversationGroupMembers).where(and(eq(conversationGroupMembers.groupId, group!.id), eq(conversationGroupMembers.userId, await userId('32'))));
    expect((await facilitator.post(`/forums/threads/${threadId}/phase`, { expectedCurrent: 'questions' })).status).to.equal(404);
    expect(await phaseOf(threadId)).to.equal('questions');
    expect((await leader.post(`/forums/threads/${threadId}/phase`, { expectedCurrent: 'questions' })).status, 'a leader reads every group forum').to.equal(303);
  });

  it('when the facilitator double-clicks and a leader clicks at the same moment, then one phase opens, and the others are told it was already opened', async () => {
    const threadId = await supervisionThread(networkId);
    const answers = await Promise.all([
      facilitator.post(`/forums/threads/${threadId}/phase`, { expectedCurrent: 'case' }),
      facilitator.post(`/forums/threads/${threadId}/phase`, { expectedCurrent: 'case' }),
      leader.post(`/forums/threads/${threadId}/phase`, { expectedCurrent: 'case' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).to.deep.equal([303, 409, 409]);
    expect(answers.find((answer) => answer.status === 409)!.html).to.include('That phase has already been opened');
    expect(await phaseOf(threadId)).to.equal('questions');
    const events = await t.database.db.select().from(liveEvents).where(eq(liveEvents.kind, 'phase'));
    expect(events.filter((event) => (event.payload as { threadId: number }).threadId === threadId)).to.have.length(1);
  });

  it('when the form names no phase or a made-up one, then it is a clear 400, not a crash', async () => {
    const threadId = await supervisionThread(networkId);
    for (const form of [{}, { expectedCurrent: 'verdict' }, { expectedCurrent: '<script>' }] as Array<Record<string, string>>) {
      const answer = await facilitator.post(`/forums/threads/${threadId}/phase`, form);
      expect(answer.status).to.equal(400);
      expect(answer.html).to.include('Unknown phase').and.not.include('<script>');
    }
    expect((await facilitator.post('/forums/threads/not-a-number/phase', { expectedCurrent: 'case' })).status).to.equal(400);
    expect(await phaseOf(threadId)).to.equal('case');
  });
});
