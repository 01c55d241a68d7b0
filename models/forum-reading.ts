import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { conversationGroupMembers, forumReaders, forums, forumThreadReaders, forumThreads, type ForumKind, type NotificationLevel, type ThreadKind } from './schema';

export type LevelReason = NonNullable<typeof forumThreadReaders.$inferSelect.levelReason>;

/** What the reading rules need of a thread: its forum and who the forum is for. */
export interface ThreadPlace {
  threadId: number;
  threadKind: ThreadKind;
  forumId: number;
  forumKind: ForumKind;
  groupId: number | null;
}

/** A thread of the network that is not deleted, with its forum; undefined for another network's (so: 404). */
export async function findThreadPlace(db: Db, networkId: number, threadId: number): Promise<ThreadPlace | undefined> {
  const [row] = await db
    .select({ threadId: forumThreads.id, threadKind: forumThreads.kind, forumId: forums.id, forumKind: forums.kind, groupId: forums.groupId })
    .from(forumThreads)
    .innerJoin(forums, eq(forums.id, forumThreads.forumId))
    .where(and(eq(forumThreads.id, threadId), eq(forumThreads.networkId, networkId), isNull(forumThreads.deletedAt)));
  return row;
}

export async function findForumPlace(db: Db, networkId: number, forumId: number): Promise<{ forumId: number; forumKind: ForumKind; groupId: number | null } | undefined> {
  const [row] = await db
    .select({ forumId: forums.id, forumKind: forums.kind, groupId: forums.groupId })
    .from(forums)
    .where(and(eq(forums.id, forumId), eq(forums.networkId, networkId)));
  return row;
}

export async function listGroupMemberIds(db: Db, groupId: number): Promise<number[]> {
  const rows = await db.select({ userId: conversationGroupMembers.userId }).from(conversationGroupMembers).where(eq(conversationGroupMembers.groupId, groupId));
  return rows.map((row) => row.userId);
}

/** The groups of a network a person is in (any slot): whose forums they read. */
export async function listGroupIdsOf(db: Db, networkId: number, userId: number): Promise<number[]> {
  const rows = await db
    .select({ groupId: conversationGroupMembers.groupId })
    .from(conversationGroupMembers)
    .where(and(eq(conversationGroupMembers.networkId, networkId), eq(conversationGroupMembers.userId, userId)));
  return rows.map((row) => row.groupId);
}

/** The person's own levels for a thread and its forum (null where they have none). */
export async function findLevels(
  db: Db,
  userId: number,
  place: { threadId: number | null; forumId: number },
): Promise<{ threadLevel: NotificationLevel | null; reason: LevelReason | null; forumLevel: NotificationLevel | null }> {
  const [forum] = await db.select({ level: forumReaders.level }).from(forumReaders).where(and(eq(forumReaders.forumId, place.forumId), eq(forumReaders.userId, userId)));
  const [thread] =
    place.threadId === null
      ? []
      : await db
          .select({ level: forumThreadReaders.level, reason: forumThreadReaders.levelReason })
          .from(forumThreadReaders)
          .where(and(eq(forumThreadReaders.threadId, place.threadId), eq(forumThreadReaders.userId, userId)));
  return { threadLevel: thread?.level ?? null, reason: thread?.level ? (thread.reason ?? null) : null, forumLevel: forum?.level ?? null };
}

/** A level the person chose for a thread: it wins over anything replying or the forum would set. */
export async function upsertChosenThreadLevel(db: Db, threadId: number, userId: number, level: NotificationLevel): Promise<void> {
  await db
    .insert(forumThreadReaders)
    .values({ threadId, userId, level, levelReason: 'chosen' })
    .onConflictDoUpdate({ target: [forumThreadReaders.threadId, forumThreadReaders.userId], set: { level, levelReason: 'chosen', updatedAt: sql`now()` } });
}

export async function upsertForumLevel(db: Db, forumId: number, userId: number, level: NotificationLevel): Promise<void> {
  await db
    .insert(forumReaders)
    .values({ forumId, userId, level })
    .onConflictDoUpdate({ target: [forumReaders.forumId, forumReaders.userId], set: { level, updatedAt: sql`now()` } });
}

/**
 * The person has read the thread up to `number`: one upsert, never backwards, never past the last number used,
 * and nothing at all for a thread of another network (the select finds no row to insert).
 */
export async function advanceLastRead(db: Db, networkId: number, threadId: number, userId: number, number: number): Promise<void> {
  await db.execute(sql`
    insert into forum_thread_readers (thread_id, user_id, last_read_number)
    select t.id, ${userId}, least(${number}, t.posts_numbered) from forum_threads t where t.id = ${threadId} and t.network_id = ${networkId}
    on conflict (thread_id, user_id) do update
      set last_read_number = greatest(forum_thread_readers.last_read_number, excluded.last_read_number), updated_at = now()
      where excluded.last_read_number > forum_thread_readers.last_read_number`);
}

/**
 * The author has read up to their own post. Opening a thread makes its starter watch it; replying makes the
 * replier track it, unless they chose a level themselves, already watch the thread, or watch its whole forum
 * (a thread level of tracking would then silence a forum they asked to hear everything of).
 */
export async function markPosted(db: Db, post: { threadId: number; forumId: number; userId: number; number: number; opensThread: boolean }): Promise<void> {
  const level: NotificationLevel = post.opensThread ? 'watching' : 'tracking';
  const reason: LevelReason = post.opensThread ? 'created' : 'replied';
  const watchesForum = sql`exists (select 1 from forum_readers f where f.forum_id = ${post.forumId} and f.user_id = ${post.userId} and f.level = 'watching')`;
  const keeps = sql`(forum_thread_readers.level_reason = 'chosen' or forum_thread_readers.level = 'watching' or (${!post.opensThread} and ${watchesForum}))`;
  await db.execute(sql`
    insert into forum_thread_readers (thread_id, user_id, last_read_number, level, level_reason)
    values (${post.threadId}, ${post.userId}, ${post.number},
      case when ${!post.opensThread} and ${watchesForum} then null else ${level} end,
      case when ${!post.opensThread} and ${watchesForum} then null else ${reason} end)
    on conflict (thread_id, user_id) do update set
      last_read_number = greatest(forum_thread_readers.last_read_number, excluded.last_read_number),
      level = case when ${keeps} then forum_thread_readers.level else ${level} end,
      level_reason = case when ${keeps} then forum_thread_readers.level_reason else ${reason} end,
      updated_at = now()`);
}

export interface ThreadReading {
  threadId: number;
  highestNumber: number;
  lastReadNumber: number | null;
  /** The person's level here: their thread level, else their forum level, else normal. */
  level: NotificationLevel;
}

/**
 * Reading state of some threads for one person, from the threads' counters and the reader rows alone (as
 * Discourse's topic_users): never a scan of the posts, however long the threads.
 */
export async function listThreadReadings(db: Db, networkId: number, userId: number, threadIds: number[]): Promise<ThreadReading[]> {
  if (!threadIds.length) return [];
  return db
    .select({
      threadId: forumThreads.id,
      highestNumber: forumThreads.highestNumber,
      lastReadNumber: forumThreadReaders.lastReadNumber,
      level: sql<NotificationLevel>`coalesce(${forumThreadReaders.level}, ${forumReaders.level}, 'normal')`,
    })
    .from(forumThreads)
    .leftJoin(forumThreadReaders, and(eq(forumThreadReaders.threadId, forumThreads.id), eq(forumThreadReaders.userId, userId)))
    .leftJoin(forumReaders, and(eq(forumReaders.forumId, forumThreads.forumId), eq(forumReaders.userId, userId)))
    .where(and(inArray(forumThreads.id, threadIds), eq(forumThreads.networkId, networkId)));
}

