import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type { Database, Db } from '../../lti-tool/db';
import type { ToolRole } from '../../lti-tool/lti/roles';
import { notifyPostReaders, setForumLevel, setThreadLevel } from '../../lti-tool/services/forums/reading';
import type { PostCreated } from '../../lti-tool/services/forums/types';
import { forumReaders, forumThreadReaders, notifications, type NotificationLevel } from '../../models/schema';
import { actorIn } from '../support/actors';
import { createTestDatabase } from '../support/database';
import { addGroup, addPerson, forumOf, notifiedOf, seedNetwork, startThread, writePost, type ForumRef } from './forum-seed';

describe('forum notifications: exactly the people who should hear of a post', function () {
  this.timeout(60_000);
  let database: Database;
  let db: Db;
  let course: { networkId: number; contextId: number; platformId: number };
  const people: Record<string, number> = {};
  const roleOf: Record<string, ToolRole[]> = {};
  let discussion: ForumRef;
  let announcements: ForumRef;
  let groupForum: ForumRef;

  const actor = (name: string) => actorIn({ roles: roleOf[name]!, userId: people[name]!, networkId: course.networkId, contextId: course.contextId });
  const chooseThread = (name: string, threadId: number, level: NotificationLevel) => setThreadLevel(db, actor(name), threadId, { level });
  const chooseForum = (name: string, forumId: number, level: NotificationLevel) => setForumLevel(db, actor(name), forumId, { level });
  const named = (told: Map<number, string>) => Object.fromEntries([...told].map(([userId, kind]) => [Object.keys(people).find((name) => people[name] === userId)!, kind]));

  before(async () => {
    database = await createTestDatabase();
    db = database.db;
    course = await seedNetwork(db);
    const cast: Array<[string, ToolRole[], 'active' | 'inactive']> = [
      ['leader', ['leader'], 'active'],
      ['staff', ['staff'], 'active'],
      ['rektor', ['mentor'], 'active'],
      ['gone', ['participant'], 'inactive'],
      ...['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((name): [string, ToolRole[], 'active'] => [name, ['participant'], 'active']),
    ];
    for (const [name, roles, status] of cast) {
      people[name] = await addPerson(db, course, name, roles, status);
      roleOf[name] = roles;
    }
    discussion = await forumOf(db, course.networkId, 'discussion');
    announcements = await forumOf(db, course.networkId, 'announcements');
    const groupId = await addGroup(db, course.networkId, 'Grupp 1', [people.p1!, people.p2!, people.p3!]);
    groupForum = await forumOf(db, course.networkId, 'group', groupId);
  });
  after(() => database?.close());

  it('when someone posts, then those watching the thread or its forum hear of it, and not the author, a forum watcher who lowered the thread, or someone merely tracking', async () => {
    const thread = await startThread(db, discussion, people.p1!);
    await chooseThread('p2', thread.id, 'watching');
    await chooseThread('p3', thread.id, 'tracking');
    await chooseForum('p5', discussion.id, 'watching');
    await chooseForum('p6', discussion.id, 'watching');
    await chooseThread('p6', thread.id, 'tracking');
    await chooseForum('gone', discussion.id, 'watching').catch(() => undefined);
    const reply = await writePost(db, thread, people.p4!);
    // p1 started the thread (watching), p2 chose watching, p5 watches the forum.
    expect(named(await notifiedOf(db, reply.postId))).to.deep.equal({ p1: 'post', p2: 'post', p5: 'post' });
    const ownReply = await writePost(db, thread, people.p1!);
    expect(named(await notifiedOf(db, ownReply.postId))).to.not.have.property('p1');
  });

  it('when a person muted the thread, then they hear nothing of it, except a mention of them, which is addressed to them', async () => {
    const thread = await startThread(db, discussion, people.p1!);
    await chooseThread('p2', thread.id, 'muted');
    await chooseForum('p3', discussion.id, 'watching');
    await chooseThread('p3', thread.id, 'muted');
    const plain = await writePost(db, thread, people.p4!);
    expect(named(await notifiedOf(db, plain.postId))).to.not.have.any.keys('p2', 'p3');
    const mention = await writePost(db, thread, people.p4!, { mentions: [people.p2!] });
    expect(named(await notifiedOf(db, mention.postId))).to.include({ p2: 'mention' }).and.not.have.property('p3');
  });

  it('when a leader announces, then every active member hears it once, except who muted announcements; a mentioned person gets the mention', async () => {
    await chooseForum('p4', announcements.id, 'muted');
    const thread = await startThread(db, announcements, people.leader!, { mentions: [people.p6!] });
    const told = named(await notifiedOf(db, thread.opening.postId));
    expect(told).to.deep.equal({ staff: 'announcement', rektor: 'announcement', p1: 'announcement', p2: 'announcement', p3: 'announcement', p5: 'announcement', p6: 'mention' });
  });

  it('when someone replies privately, then only its one person hears of it, even when others watch or are mentioned', async () => {
    const thread = await startThread(db, discussion, people.p1!);
    await chooseThread('p3', thread.id, 'watching');
    const reply = await writePost(db, thread, people.p1!, { privateToUserId: people.p2!, mentions: [people.p4!] });
    expect(named(await notifiedOf(db, reply.postId))).to.deep.equal({ p2: 'privateReply' });
  });

  it('when someone posts in a group’s forum, then a non-member and a school leader are not told, even watching or mentioned, and staff are', async () => {
    // What a non-member could not choose through the policy is written straight in, to prove the notification checks again.
    for (const name of ['p4', 'rektor', 'staff'] as const) await db.insert(forumReaders).values({ forumId: groupForum.id, userId: people[name]!, level: 'watching' });
    const thread = await startThread(db, groupForum, people.p1!, { mentions: [people.p4!, people.rektor!] });
    expect(named(await notifiedOf(db, thread.opening.postId))).to.deep.equal({ staff: 'post' });
    const refusal = await chooseForum('p4', groupForum.id, 'watching').then(
      () => null,
      (error: { status?: number }) => error.status,
    );
    expect(refusal).to.equal(403);
  });

  it('when a post-first thread gets a post, then only those who have posted there, and leaders and staff, hear of it', async () => {
    const thread = await startThread(db, discussion, people.leader!, { kind: 'postFirst', title: 'Reflektion' });
    for (const name of ['p2', 'p3', 'staff'] as const) await db.insert(forumThreadReaders).values({ threadId: thread.id, userId: people[name]!, level: 'watching', levelReason: 'chosen' });
    await writePost(db, thread, people.p2!);
    const post = await writePost(db, thread, people.p1!, { mentions: [people.p3!] });
    // p2 has posted; p3 has not (not even the mention reaches them); the leader started it.
    expect(named(await notifiedOf(db, post.postId))).to.deep.equal({ leader: 'post', p2: 'post', staff: 'post' });
  });

  it('when the same post is handled twice, then nobody gets a second notification', async () => {
    const thread = await startThread(db, discussion, people.p1!);
    await chooseThread('p2', thread.id, 'watching');
    const reply = await writePost(db, thread, people.p3!);
    const event: PostCreated = {
      networkId: course.networkId, forumId: discussion.id, forumKind: 'discussion', groupId: null, threadId: thread.id, threadTitle: thread.title, threadKind: 'discussion',
      postId: reply.postId, number: reply.number, highestNumber: reply.highestNumber, authorId: people.p3!, authorName: 'p3', privateToUserId: null, mentionedUserIds: [people.p2!],
      phase: null, body: 'x', createdAt: new Date(), opensThread: false, source: 'web',
    };
    const before = named(await notifiedOf(db, reply.postId));
    expect(before).to.include({ p1: 'post', p2: 'post' });
    expect(await notifyPostReaders(db, event)).to.deep.equal([]);
    expect(await db.select().from(notifications).where(eq(notifications.postId, reply.postId))).to.have.length(Object.keys(before).length);
  });

  it('when a leader announces to 300 members, then it takes one statement per kind, not one per person', async () => {
    const big = await seedNetwork(db, 'Stort nätverk');
    const leaderId = await addPerson(db, big, 'big-leader', ['leader']);
    for (let i = 0; i < 300; i++) await addPerson(db, big, `big-${i}`, ['participant']);
    const forum = await forumOf(db, big.networkId, 'announcements');
    const thread = await startThread(db, forum, leaderId, { title: 'Välkomna' });
    const statements: string[] = [];
    const counting = new Proxy(db, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          statements.push(String(key));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const event: PostCreated = {
      networkId: big.networkId, forumId: forum.id, forumKind: 'announcements', groupId: null, threadId: thread.id, threadTitle: thread.title, threadKind: 'discussion',
      postId: thread.opening.postId, number: 1, highestNumber: 1, authorId: leaderId, authorName: 'L', privateToUserId: null, mentionedUserIds: [],
      phase: null, body: 'x', createdAt: new Date(), opensThread: true, source: 'web',
    };
    await db.delete(notifications).where(eq(notifications.postId, thread.opening.postId));
    const started = Date.now();
    const added = await notifyPostReaders(counting, event);
    expect(added).to.have.length(300);
    expect(statements.length, statements.join(',')).to.be.at.most(2);
    expect(Date.now() - started).to.be.below(5_000);
  });
});
