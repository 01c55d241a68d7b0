import { expect } from 'chai';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Db } from '../../lti-tool/db';
import type { ToolRole } from '../../lti-tool/lti/roles';
import { markThreadRead, setForumLevel, setThreadLevel, threadLevelChoice, unreadCounts, type ThreadUnread } from '../../lti-tool/services/forums/reading';
import { forumPosts, forumThreadReaders } from '../../models/schema';
import { actorIn } from '../support/actors';
import { createTestDatabase } from '../support/database';
import { addPerson, forumOf, seedNetwork, startThread, writePost, type ForumRef, type ThreadRef } from './forum-seed';

describe('forum reading state: levels set by posting, last read, unread counts', function () {
  this.timeout(120_000);
  let database: Database;
  let db: Db;
  let course: { networkId: number; contextId: number; platformId: number };
  let discussion: ForumRef;
  const ids: Record<string, number> = {};
  const roles: Record<string, ToolRole[]> = {};
  const actor = (name: string) => actorIn({ roles: roles[name]!, userId: ids[name]!, networkId: course.networkId, contextId: course.contextId });
  const readerRow = async (threadId: number, name: string) =>
    (await db.select().from(forumThreadReaders).where(and(eq(forumThreadReaders.threadId, threadId), eq(forumThreadReaders.userId, ids[name]!))))[0];

  before(async () => {
    database = await createTestDatabase();
    db = database.db;
    course = await seedNetwork(db);
    for (const [name, role] of [['leader', 'leader'], ['anna', 'participant'], ['bo', 'participant'], ['cecilia', 'participant'], ['david', 'participant']] as const) {
      ids[name] = await addPerson(db, course, name, [role]);
      roles[name] = [role];
    }
    discussion = await forumOf(db, course.networkId, 'discussion');
  });
  after(() => database?.close());

  it('when someone starts a thread, then they watch it because they started it, and replying later does not lower that', async () => {
    const thread = await startThread(db, discussion, ids.anna!);
    expect(await readerRow(thread.id, 'anna')).to.include({ level: 'watching', levelReason: 'created', lastReadNumber: 1 });
    await writePost(db, thread, ids.bo!);
    await writePost(db, thread, ids.anna!);
    expect(await readerRow(thread.id, 'anna')).to.include({ level: 'watching', levelReason: 'created', lastReadNumber: 3 });
  });

  it('when someone replies, then they track the thread because they replied, and have read up to their post', async () => {
    const thread = await startThread(db, discussion, ids.anna!);
    await writePost(db, thread, ids.bo!);
    expect(await readerRow(thread.id, 'bo')).to.include({ level: 'tracking', levelReason: 'replied', lastReadNumber: 2 });
    expect(await threadLevelChoice(db, actor('bo'), thread.id)).to.deep.equal({ level: 'tracking', reason: 'replied' });
  });

  it('when someone chose a level, then replying never overrides it, whichever level it is', async () => {
    for (const level of ['normal', 'muted', 'watching'] as const) {
      const thread = await startThread(db, discussion, ids.anna!);
      await setThreadLevel(db, actor('cecilia'), thread.id, { level });
      await writePost(db, thread, ids.cecilia!);
      expect(await readerRow(thread.id, 'cecilia'), level).to.include({ level, levelReason: 'chosen', lastReadNumber: 2 });
    }
  });

  it('when someone who watches the whole forum replies, then the thread keeps following the forum rather than dropping to tracking', async () => {
    const forum = await forumOf(db, course.networkId, 'announcements');
    await setForumLevel(db, actor('anna'), forum.id, { level: 'watching' });
    const thread = await startThread(db, forum, ids.leader!);
    await writePost(db, thread, ids.anna!);
    expect(await readerRow(thread.id, 'anna')).to.include({ level: null, lastReadNumber: 2 });
    expect(await threadLevelChoice(db, actor('anna'), thread.id)).to.deep.equal({ level: 'watching', reason: 'forum' });
  });

  it('when a reader goes back to an earlier post, then the last read number never moves backwards, nor past the thread’s last number', async () => {
    const thread = await startThread(db, discussion, ids.anna!);
    await writePost(db, thread, ids.bo!);
    await writePost(db, thread, ids.bo!);
    await markThreadRead(db, actor('david'), thread.id, 3);
    await markThreadRead(db, actor('david'), thread.id, 1);
    expect(await readerRow(thread.id, 'david')).to.include({ lastReadNumber: 3, level: null });
    await markThreadRead(db, actor('david'), thread.id, 99);
    expect((await readerRow(thread.id, 'david'))!.lastReadNumber).to.equal(3);
  });

  it('when a thread belongs to another network, then reading it writes nothing and choosing its level is not found (404)', async () => {
    const other = await seedNetwork(db, 'Annat nätverk');
    const stranger = await addPerson(db, other, 'stranger', ['participant']);
    const thread = await startThread(db, await forumOf(db, other.networkId, 'discussion'), stranger);
    await markThreadRead(db, actor('anna'), thread.id, 1);
    expect(await readerRow(thread.id, 'anna')).to.equal(undefined);
    const status = await setThreadLevel(db, actor('anna'), thread.id, { level: 'watching' }).then(
      () => 200,
      (error: { status?: number }) => error.status,
    );
    expect(status).to.equal(404);
    const forumStatus = await setForumLevel(db, actor('anna'), thread.forum.id, { level: 'watching' }).then(
      () => 200,
      (error: { status?: number }) => error.status,
    );
    expect(forumStatus).to.equal(404);
  });

  it('when a level is not one of the four, then it is refused with its own error code', async () => {
    const thread = await startThread(db, discussion, ids.anna!);
    const refusal = await setThreadLevel(db, actor('bo'), thread.id, { level: 'loud' }).then(
      () => null,
      (error: { status?: number; code?: string }) => [error.status, error.code],
    );
    expect(refusal).to.deep.equal([400, 'reading_level_invalid']);
  });

  it('when several people post, reply privately, read, mute and delete over many threads, then every unread count is right, and stays right with the posts gone', async () => {
    const people = ['leader', 'anna', 'bo', 'cecilia', 'david'];
    const visibleTo = (name: string, post: { author: string; to: string | null }) => post.to === null || name === 'leader' || post.author === name || post.to === name;
    let seed = 20261201;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

    const threads: Array<ThreadRef & { posts: Array<{ number: number; author: string; to: string | null }> }> = [];
    const lastRead = new Map<string, number>();
    const muted = new Set<string>();
    const key = (name: string, threadId: number) => `${name}:${threadId}`;
    const saw = (name: string, threadId: number, number: number) => lastRead.set(key(name, threadId), Math.max(lastRead.get(key(name, threadId)) ?? 0, number));

    for (let i = 0; i < 6; i++) {
      const author = pick(people);
      const thread = await startThread(db, discussion, ids[author]!, { title: `Tråd ${i}` });
      threads.push({ ...thread, posts: [{ number: 1, author, to: null }] });
      saw(author, thread.id, 1);
    }
    for (let step = 0; step < 120; step++) {
      const thread = pick(threads);
      const person = pick(people);
      const action = random();
      if (action < 0.45) {
        const to = random() < 0.2 ? pick(people.filter((other) => other !== person)) : null;
        const written = await writePost(db, thread, ids[person]!, to ? { privateToUserId: ids[to]! } : {});
        thread.posts.push({ number: written.number, author: person, to });
        saw(person, thread.id, written.number);
      } else if (action < 0.85) {
        // The thread page marks read up to the newest post the person was shown.
        const shown = Math.max(...thread.posts.filter((post) => visibleTo(person, post)).map((post) => post.number));
        await markThreadRead(db, actor(person), thread.id, shown);
        saw(person, thread.id, shown);
      } else if (action < 0.92) {
        await setThreadLevel(db, actor(person), thread.id, { level: 'muted' });
        muted.add(key(person, thread.id));
        lastRead.set(key(person, thread.id), lastRead.get(key(person, thread.id)) ?? 0);
      } else {
        const post = pick(thread.posts);
        await db.update(forumPosts).set({ deletedAt: new Date() }).where(and(eq(forumPosts.threadId, thread.id), eq(forumPosts.number, post.number)));
      }
    }

    const expected = (name: string) =>
      new Map(
        threads.map((thread) => {
          const highest = Math.max(...thread.posts.filter((post) => post.to === null).map((post) => post.number));
          const read = lastRead.get(key(name, thread.id));
          const isMuted = muted.has(key(name, thread.id));
          const unread = isMuted || read === undefined ? 0 : Math.max(0, highest - read);
          return [thread.id, { unread, isNew: !isMuted && read === undefined }];
        }),
      );
    const actual = async (name: string) => {
      const counts = await unreadCounts(db, actor(name), threads.map((thread) => thread.id));
      return new Map([...counts].map(([threadId, count]: [number, ThreadUnread]) => [threadId, { unread: count.unread, isNew: count.isNew }]));
    };

    let someUnread = 0;
    for (const name of people) {
      const counts = await actual(name);
      expect(counts, name).to.deep.equal(expected(name));
      someUnread += [...counts.values()].filter((count) => count.unread > 0).length;
    }
    expect(someUnread, 'the activity left something unread').to.be.greaterThan(0);
    expect(threads.some((thread) => thread.posts.some((post) => post.to !== null))).to.equal(true);

    // The counts come from the threads' counters and the reader rows alone: with every post gone they do not change.
    await db.delete(forumPosts).where(inArray(forumPosts.threadId, threads.map((thread) => thread.id)));
    expect(Number((await db.execute(sql`select count(*) as n from forum_posts where thread_id = ${threads[0]!.id}`) as unknown as { rows: Array<{ n: unknown }> }).rows[0]!.n)).to.equal(0);
    for (const name of people) expect(await actual(name), `${name} without posts`).to.deep.equal(expected(name));
  });
});
