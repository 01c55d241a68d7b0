import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { assignments, forumReaders, forumThreadReaders, forumThreads, meetings, networks, notifications, users } from '../../models/schema';
import { TestStream } from '../support/live-stream';
import { launchAs, role, type NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { addGroup, addPerson, forumOf, seedNetwork, startThread, writePost, type ForumRef } from './forum-seed';

let tabs = 0;

/** The forums' live stream as this person's open forum page receives it. */
function streamOf(member: NetworkMember): Promise<TestStream> {
  const url = new URL(`${member.base}/forums/live?clientId=forum-tab-${++tabs}`);
  return TestStream.open(url.href, { Cookie: member.browser.cookies.header(url) });
}

const postsIn = (stream: TestStream) => stream.events.filter((event) => event.event === 'post').map((event) => event.data as Record<string, unknown>);

describe('keeping up through HTTP: level choosers, the notifications page, the live stream', function () {
  this.timeout(120_000);
  let t: ToolUnderTest;
  let leader: NetworkMember;
  let anna: NetworkMember;
  let bo: NetworkMember;
  let cilla: NetworkMember;
  const ids: Record<string, number> = {};
  let networkId: number;
  let discussion: ForumRef;
  let groupForum: ForumRef;
  const streams: TestStream[] = [];
  const idOf = async (sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;

  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    leader = await launchAs(t, 'reading-leader', [role('Instructor')], { name: 'Lena Ledare' });
    const setup = await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' });
    expect(setup.status, setup.html.slice(0, 300)).to.equal(303);
    anna = await launchAs(t, 'reading-anna', [role('Learner')], { name: 'Anna Ek' });
    bo = await launchAs(t, 'reading-bo', [role('Learner')], { name: 'Bo Berg' });
    cilla = await launchAs(t, 'reading-cilla', [role('Learner')], { name: 'Cilla Ceder' });
    for (const sub of ['leader', 'anna', 'bo', 'cilla']) ids[sub] = await idOf(`reading-${sub}`);
    [{ id: networkId }] = (await t.database.db.select({ id: networks.id }).from(networks)) as [{ id: number }];
    discussion = await forumOf(t.database.db, networkId, 'discussion');
    groupForum = await forumOf(t.database.db, networkId, 'group', await addGroup(t.database.db, networkId, 'Grupp A', [ids.anna!, ids.bo!]));
  });
  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });
  after(() => t?.close());

  it('when a participant chooses a level for a thread and a forum, then it is saved as chosen and they are sent back with the confirmation', async () => {
    const thread = await startThread(t.database.db, discussion, ids.leader!);
    const saved = await anna.post(`/forums/threads/${thread.id}/level`, { level: 'watching' });
    expect(saved.status, saved.html.slice(0, 300)).to.equal(303);
    expect(saved.location).to.equal(`${new URL(anna.base).pathname}/forums/threads/${thread.id}?done=forum_level_saved#level`);
    const [row] = await t.database.db.select().from(forumThreadReaders).where(and(eq(forumThreadReaders.threadId, thread.id), eq(forumThreadReaders.userId, ids.anna!)));
    expect(row).to.include({ level: 'watching', levelReason: 'chosen' });

    const forumSaved = await anna.post(`/forums/${discussion.id}/level`, { level: 'muted' });
    expect(forumSaved.status).to.equal(303);
    expect(forumSaved.location).to.match(new RegExp(`/forums/${discussion.id}\\?done=forum_level_saved#level$`));
    const [forumRow] = await t.database.db.select().from(forumReaders).where(and(eq(forumReaders.forumId, discussion.id), eq(forumReaders.userId, ids.anna!)));
    expect(forumRow?.level).to.equal('muted');
  });

  it('when the level is made up, or the thread or forum is another network’s or a group’s the person is not in, then it is refused with a clear page', async () => {
    const thread = await startThread(t.database.db, discussion, ids.leader!);
    const madeUp = await anna.post(`/forums/threads/${thread.id}/level`, { level: 'loud' });
    expect(madeUp.status).to.equal(400);
    expect(madeUp.html).to.include('Unknown notification level');

    const other = await seedNetwork(t.database.db, 'Annat nätverk');
    const stranger = await addPerson(t.database.db, other, 'stranger', ['participant']);
    const foreign = await startThread(t.database.db, await forumOf(t.database.db, other.networkId, 'discussion'), stranger);
    expect((await anna.post(`/forums/threads/${foreign.id}/level`, { level: 'watching' })).status).to.equal(404);
    expect((await anna.post(`/forums/${foreign.forum.id}/level`, { level: 'watching' })).status).to.equal(404);
    expect((await cilla.post(`/forums/${groupForum.id}/level`, { level: 'watching' })).status).to.equal(403);
    const rows = await t.database.db.select().from(forumReaders).where(eq(forumReaders.userId, ids.cilla!));
    expect(rows).to.deep.equal([]);
  });

  it('when a participant is mentioned, then their notifications page links to the post, marked new, until they mark all read', async () => {
    const thread = await startThread(t.database.db, discussion, ids.leader!, { title: 'Inför träff 2' });
    const reply = await writePost(t.database.db, thread, ids.leader!, { mentions: [ids.bo!] });
    const page = await bo.get('/notifications');
    expect(page.status).to.equal(200);
    expect(page.html).to.include('Lena Ledare mentioned you in Inför träff 2');
    expect(page.html).to.include(`href="${new URL(bo.base).pathname}/forums/threads/${thread.id}?at=${reply.number}#post-${reply.number}"`);
    expect(page.html).to.include('1 unread');
    expect(page.html).to.match(/class="card notification unread"/);

    const read = await bo.post('/notifications/read');
    expect(read.status).to.equal(303);
    expect(read.location).to.match(/\/notifications\?done=notifications_read$/);
    const after = await bo.get(read.location!.replace(new URL(bo.base).pathname, ''));
    expect(after.html).to.include('Lena Ledare mentioned you in Inför träff 2');
    expect(after.html).to.not.include('unread"').and.not.include('Mark all as read');
    const unread = await t.database.db.select().from(notifications).where(and(eq(notifications.userId, ids.bo!), eq(notifications.kind, 'mention')));
    expect(unread.every((row) => row.readAt !== null)).to.equal(true);
  });

  it('when someone has more notifications than a page holds, then the newest come first and the rest are on the next page', async () => {
    const thread = await startThread(t.database.db, discussion, ids.leader!, { title: 'Många' });
    await t.database.db.delete(notifications).where(eq(notifications.userId, ids.cilla!));
    for (let i = 1; i <= 35; i++) {
      await t.database.db.insert(notifications).values({ networkId, userId: ids.cilla!, kind: 'post', threadId: thread.id, postId: thread.opening.postId, dedupeKey: `paging:${i}` });
    }
    const rows = await t.database.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, ids.cilla!)).orderBy(notifications.id);
    const first = await cilla.get('/notifications');
    expect(first.html.match(/id="notification-/g)).to.have.length(30);
    expect(first.html.indexOf(`notification-${rows[34]!.id}"`)).to.be.lessThan(first.html.indexOf(`notification-${rows[5]!.id}"`));
    expect(first.html).to.include('Page 1 of 2').and.include('?page=2');
    const second = await cilla.get('/notifications?page=2');
    expect(second.html.match(/id="notification-/g)).to.have.length(5);
    expect(second.html).to.include(`notification-${rows[0]!.id}"`);
    expect((await cilla.get('/notifications?page=zzz')).status).to.equal(200);
  });

  it('when a reminder of a meeting or an assignment is among the notifications, then it links to the meeting or the assignment', async () => {
    const [meeting] = await t.database.db.select().from(meetings).where(eq(meetings.networkId, networkId)).orderBy(meetings.number);
    const [assignment] = await t.database.db.select().from(assignments).where(eq(assignments.networkId, networkId));
    await t.database.db.insert(notifications).values([
      { networkId, userId: ids.anna!, kind: 'meetingReminder', meetingId: meeting!.id, dedupeKey: `reminder:meeting:${meeting!.id}` },
      { networkId, userId: ids.anna!, kind: 'assignmentReminder', assignmentId: assignment!.id, dedupeKey: `reminder:assignment:${assignment!.id}` },
    ]);
    const page = await anna.get('/notifications');
    const base = new URL(anna.base).pathname;
    expect(page.html).to.include(`href="${base}/meetings/${meeting!.id}"`).and.include(`Reminder: meeting ${meeting!.number}. ${meeting!.theme}`);
    expect(page.html).to.include(`href="${base}/assignments/${assignment!.id}"`).and.include(`Reminder: ${assignment!.letter} ${assignment!.title} is due soon`);
  });

  it('when someone posts in a group’s forum, then the live streams of a member and of the leader get it, without its text, and a non-member’s and a school leader’s do not', async () => {
    const rektor = await launchAs(t, 'reading-rektor', [role('Learner')], { name: 'Rut Rektor' });
    expect((await leader.post(`/roster/${await idOf('reading-rektor')}/role`, { role: 'mentor' })).status).to.equal(303);
    const member = await streamOf(anna);
    const outsider = await streamOf(cilla);
    const schoolLeader = await streamOf(rektor);
    const lead = await streamOf(leader);
    streams.push(member, outsider, schoolLeader, lead);
    const groupThread = await startThread(t.database.db, groupForum, ids.bo!, { title: 'Bara gruppen' });
    await member.until((s) => postsIn(s).some((post) => post.threadId === groupThread.id));
    await lead.until((s) => postsIn(s).some((post) => post.threadId === groupThread.id));
    // A post everyone may read, after it: once the outsider has that, the group's post would have come before.
    const open = await startThread(t.database.db, discussion, ids.bo!, { title: 'Alla' });
    for (const stream of [outsider, schoolLeader]) {
      await stream.until((s) => postsIn(s).some((post) => post.threadId === open.id));
      expect(postsIn(stream).map((post) => post.threadId)).to.not.include(groupThread.id);
    }
    const seen = postsIn(member).find((post) => post.threadId === groupThread.id)!;
    expect(seen).to.include({ forumId: groupForum.id, number: 1, highestNumber: 1, mine: false });
    expect(JSON.stringify(member.events)).to.not.include('Inlägg 1').and.not.include('Bara gruppen');
  });

  it('when someone replies privately, then only the two people and the leader hear of it live', async () => {
    const thread = await startThread(t.database.db, discussion, ids.leader!, { title: 'Privat' });
    const recipient = await streamOf(anna);
    const outsider = await streamOf(cilla);
    const lead = await streamOf(leader);
    streams.push(recipient, outsider, lead);
    const reply = await writePost(t.database.db, thread, ids.bo!, { privateToUserId: ids.anna! });
    await recipient.until((s) => postsIn(s).some((post) => post.threadId === thread.id && post.number === reply.number));
    await lead.until((s) => postsIn(s).some((post) => post.threadId === thread.id && post.number === reply.number));
    const after = await writePost(t.database.db, thread, ids.bo!);
    await outsider.until((s) => postsIn(s).some((post) => post.threadId === thread.id && post.number === after.number));
    expect(postsIn(outsider).filter((post) => post.threadId === thread.id).map((post) => post.number)).to.deep.equal([after.number]);
  });

  it('when the facilitator opens the next phase of a group’s peer supervision, then the group’s open pages hear of it, and a non-member’s do not', async () => {
    const thread = await startThread(t.database.db, groupForum, ids.anna!, { kind: 'supervision', title: 'Mitt fall' });
    await t.database.db.update(forumThreads).set({ phase: 'case', casePresenterId: ids.anna!, facilitatorId: ids.bo! }).where(eq(forumThreads.id, thread.id));
    const member = await streamOf(anna);
    const outsider = await streamOf(cilla);
    streams.push(member, outsider);
    expect((await bo.post(`/forums/threads/${thread.id}/phase`, { expectedCurrent: 'case' })).status).to.equal(303);
    await member.until((s) => s.events.some((event) => event.event === 'phase'));
    expect(member.events.filter((event) => event.event === 'phase').map((event) => event.data)).to.deep.equal([{ threadId: thread.id, phase: 'questions' }]);
    const open = await startThread(t.database.db, discussion, ids.bo!, { title: 'Efter fasen' });
    await outsider.until((s) => postsIn(s).some((post) => post.threadId === open.id));
    expect(outsider.events.filter((event) => event.event === 'phase')).to.deep.equal([]);
  });
});
