import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { assignments, conversationGroupMembers, conversationGroups, schools, users } from '../../models/schema';
import { launchAs as launchMember, role, type NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

describe('Presentation groups beside the year’s conversation groups', () => {
  let t: ToolUnderTest;
  let leader: NetworkMember;
  const participants: NetworkMember[] = [];
  let assignmentA: number;
  let assignmentB: number;
  const launchAs = (sub: string, roles: string[]) => launchMember(t, sub, roles, {}, 'en');
  const userId = async (sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;
  const schoolId = async (name: string) => (await t.database.db.select().from(schools).where(eq(schools.name, name)))[0]!.id;
  const groupsOfSlot = (slot: string) => t.database.db.select().from(conversationGroups).where(eq(conversationGroups.slot, slot)).orderBy(conversationGroups.id);
  const membersOfSlot = (slot: string) => t.database.db.select().from(conversationGroupMembers).where(eq(conversationGroupMembers.slot, slot));

  /** Draws as the leader does: the proposal first, then its confirmation with the seed and stamp it showed. */
  async function draw(form: Record<string, string>, replaceHandMade = false) {
    const proposal = await leader.post('/groups/draw', form);
    expect(proposal.status, proposal.html.slice(0, 300)).to.equal(200);
    const saved = await leader.post('/groups/draw/confirm', { ...form, seed: hidden(proposal.html, 'seed'), stamp: hidden(proposal.html, 'stamp'), ...(replaceHandMade ? { replaceHandMade: 'yes' } : {}) });
    expect(saved.status, saved.html.slice(0, 300)).to.equal(303);
  }

  before(async function () {
    this.timeout(120_000);
    t = await startToolUnderTest({ jobs: false });
    leader = await launchAs('1', [role('Instructor')]);
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    for (const name of ['Strandskolan', 'Norraskolan']) expect((await leader.post('/schools', { name, municipality: 'Kalmar' })).status).to.equal(303);
    for (const [index, sub] of ['31', '32', '33', '34', '35', '36'].entries()) {
      const member = await launchAs(sub, [role('Learner')]);
      expect((await member.post('/my-school', { schoolId: String(await schoolId(index % 2 ? 'Norraskolan' : 'Strandskolan')) })).status).to.equal(303);
      participants.push(member);
    }
    const rows = await t.database.db.select().from(assignments);
    assignmentA = rows.find((row) => row.letter === 'A')!.id;
    assignmentB = rows.find((row) => row.letter === 'B')!.id;
    await draw({ mode: 'mixed', by: 'count', count: '2', size: '', kind: 'conversation', assignmentId: '' });
  });
  after(async () => {
    await t.close();
  });

  it('when the leader draws presentation groups for assignment A, then they are saved for A, and every participant is in one conversation group and one presentation group at once', async () => {
    const conversation = await groupsOfSlot('conversation');
    await draw({ mode: 'random', by: 'size', size: '3', count: '', kind: 'presentation', assignmentId: String(assignmentA) });
    const presentation = await groupsOfSlot(`presentation:${assignmentA}`);
    expect(presentation.map((group) => group.name)).to.include('Presentation group 1');
    expect(presentation.every((group) => group.kind === 'presentation' && group.assignmentId === assignmentA)).to.equal(true);
    expect((await groupsOfSlot('conversation')).map((group) => group.id), 'the conversation groups are untouched').to.deep.equal(conversation.map((group) => group.id));
    const inConversation = (await membersOfSlot('conversation')).map((m) => m.userId);
    const inPresentation = (await membersOfSlot(`presentation:${assignmentA}`)).map((m) => m.userId);
    for (const sub of ['31', '32', '33', '34', '35', '36']) {
      const id = await userId(sub);
      expect(inConversation.filter((member) => member === id), `Person ${sub} in conversation groups`).to.have.length(1);
      expect(inPresentation.filter((member) => member === id), `Person ${sub} in presentation groups for A`).to.have.length(1);
    }
    const mine = await participants[0]!.get('/groups/mine');
    expect(mine.html).to.include('Conversation group (the whole year)').and.include('Presentation group for assignment A');
    const page = await leader.get('/groups');
    expect(page.html).to.include('Presentation groups for assignment A').and.include('Conversation groups');
  });

  it('when the leader draws the presentation groups for A anew, then only A’s presentation groups are replaced, and the conversation groups and B’s groups stay', async () => {
    await draw({ mode: 'random', by: 'size', size: '2', count: '', kind: 'presentation', assignmentId: String(assignmentB) });
    const before = { conversation: await groupsOfSlot('conversation'), a: await groupsOfSlot(`presentation:${assignmentA}`), b: await groupsOfSlot(`presentation:${assignmentB}`) };
    await draw({ mode: 'mixed', by: 'count', count: '3', size: '', kind: 'presentation', assignmentId: String(assignmentA) });
    const a = await groupsOfSlot(`presentation:${assignmentA}`);
    expect(a).to.have.length(3);
    expect(a.some((group) => before.a.some((old) => old.id === group.id)), 'A’s groups are new').to.equal(false);
    expect((await groupsOfSlot('conversation')).map((group) => group.id)).to.deep.equal(before.conversation.map((group) => group.id));
    expect((await groupsOfSlot(`presentation:${assignmentB}`)).map((group) => group.id)).to.deep.equal(before.b.map((group) => group.id));
    // The six launched and the course's two learners without a school (from the platform's roster).
    expect(await membersOfSlot(`presentation:${assignmentA}`)).to.have.length(8);
  });

  it('when the leader puts a person who is in one presentation group for A into another, then they leave the first: never two presentation groups for one assignment', async () => {
    const [first, second] = await groupsOfSlot(`presentation:${assignmentA}`);
    const [person] = (await membersOfSlot(`presentation:${assignmentA}`)).filter((m) => m.groupId === first!.id);
    expect((await leader.post(`/groups/${second!.id}/members`, { userId: String(person!.userId) })).status).to.equal(303);
    const theirs = (await membersOfSlot(`presentation:${assignmentA}`)).filter((m) => m.userId === person!.userId);
    expect(theirs.map((m) => m.groupId)).to.deep.equal([second!.id]);
    expect((await membersOfSlot('conversation')).filter((m) => m.userId === person!.userId), 'still in their conversation group').to.have.length(1);
    expect((await membersOfSlot(`presentation:${assignmentB}`)).filter((m) => m.userId === person!.userId), 'still in their group for B').to.have.length(1);
    // The database holds the same rule for any other way in.
    let refused: unknown = null;
    try {
      await t.database.db.insert(conversationGroupMembers).values({ groupId: first!.id, userId: person!.userId, networkId: first!.networkId, slot: first!.slot });
    } catch (error) {
      refused = error;
    }
    expect(refused, 'a second presentation group for A is refused by the slot rule').to.be.instanceOf(Error);
  });

  it('when the leader tries to move a person from a presentation group to a conversation group or to B’s groups, then it is refused with a clear message and nothing moves', async () => {
    const [groupA] = await groupsOfSlot(`presentation:${assignmentA}`);
    const [conversation] = await groupsOfSlot('conversation');
    const [groupB] = await groupsOfSlot(`presentation:${assignmentB}`);
    const [person] = (await membersOfSlot(`presentation:${assignmentA}`)).filter((m) => m.groupId === groupA!.id);
    for (const target of [conversation!, groupB!]) {
      const answer = await leader.post(`/groups/${groupA!.id}/members/${person!.userId}/move`, { toGroupId: String(target.id) });
      expect(answer.status).to.equal(422);
      expect(answer.html).to.include('The person was not moved').and.include('only be moved between groups of the same kind');
    }
    const [still] = await t.database.db.select().from(conversationGroupMembers).where(and(eq(conversationGroupMembers.userId, person!.userId), eq(conversationGroupMembers.slot, groupA!.slot)));
    expect(still!.groupId).to.equal(groupA!.id);
  });

  it('when a participant is in presentation groups for A and for B, then My group says which assignment each presentation group is for', async () => {
    const id = await userId('31');
    const theirs = (await t.database.db.select().from(conversationGroupMembers).where(eq(conversationGroupMembers.userId, id))).map((m) => m.slot).sort();
    expect(theirs).to.deep.equal(['conversation', `presentation:${assignmentA}`, `presentation:${assignmentB}`].sort());
    const mine = await participants[0]!.get('/groups/mine');
    expect(mine.html).to.include('Presentation group for assignment A').and.include('Presentation group for assignment B');
    expect(mine.html).to.include('Conversation group (the whole year)');
  });

  it('when a presentation group is made by hand for an assignment id of another network or one that does not exist, then the answer is 404 and no group is made', async () => {
    const count = (await t.database.db.select().from(conversationGroups)).length;
    expect((await leader.post('/groups', { name: 'Falsk', kind: 'presentation', assignmentId: '999999' })).status).to.equal(404);
    expect((await leader.post('/groups/draw', { mode: 'random', by: 'size', size: '2', count: '', kind: 'presentation', assignmentId: '999999' })).status).to.equal(404);
    expect(await t.database.db.select().from(conversationGroups)).to.have.length(count);
  });
});
