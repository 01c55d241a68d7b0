import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { assignments, conversationGroupMembers, conversationGroups, forums, forumThreadReaders, forumThreads, memberships, users, type ForumKind, type ThreadKind } from './schema';

export type ForumRow = typeof forums.$inferSelect;
export type ThreadRow = typeof forumThreads.$inferSelect;
export type NewThread = Omit<typeof forumThreads.$inferInsert, 'searchVector'> & { searchConfig: string };

/** A thread's title in the network's language for full-text search, written with the title. */
const titleVector = (thread: NewThread) => sql`to_tsvector(${thread.searchConfig}::regconfig, ${thread.title})`;

/** A person's display name: the platform's full name, else given and family name; null when the platform sent none. */
export const personName = sql<string | null>`coalesce(${users.name}, nullif(trim(concat_ws(' ', ${users.givenName}, ${users.familyName})), ''))`;

/**
 * The network's forum of a kind (or a group's), made on first use. The partial unique indexes make a
 * concurrent second insert a no-op, so the select after it finds the one row either way.
 */
export async function ensureForum(db: Db, networkId: number, kind: ForumKind, groupId: number | null): Promise<ForumRow> {
  await db.insert(forums).values({ networkId, kind, groupId }).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(forums)
    .where(and(eq(forums.networkId, networkId), eq(forums.kind, kind), groupId === null ? isNull(forums.groupId) : eq(forums.groupId, groupId)));
  return row!;
}

export interface ForumWithGroup extends ForumRow {
  groupName: string | null;
}

/** The network's forums with their groups' names: announcements, discussion, then the group forums by name. */
export async function listForums(db: Db, networkId: number): Promise<ForumWithGroup[]> {
  return db
    .select({ id: forums.id, networkId: forums.networkId, kind: forums.kind, groupId: forums.groupId, createdAt: forums.createdAt, groupName: conversationGroups.name })
    .from(forums)
    .leftJoin(conversationGroups, eq(conversationGroups.id, forums.groupId))
    .where(eq(forums.networkId, networkId))
    .orderBy(sql`case ${forums.kind} when 'announcements' then 0 when 'discussion' then 1 else 2 end`, asc(conversationGroups.name), asc(forums.id));
}

export async function findForumInNetwork(db: Db, networkId: number, forumId: number): Promise<ForumWithGroup | undefined> {
  const [row] = await db
    .select({ id: forums.id, networkId: forums.networkId, kind: forums.kind, groupId: forums.groupId, createdAt: forums.createdAt, groupName: conversationGroups.name })
    .from(forums)
    .leftJoin(conversationGroups, eq(conversationGroups.id, forums.groupId))
    .where(and(eq(forums.networkId, networkId), eq(forums.id, forumId)));
  return row;
}

/** The conversation groups of a network (ids), for making their forums. */
export async function listConversationGroupIds(db: Db, networkId: number): Promise<number[]> {
  const rows = await db.select({ id: conversationGroups.id }).from(conversationGroups).where(and(eq(conversationGroups.networkId, networkId), eq(conversationGroups.kind, 'conversation')));
  return rows.map((row) => row.id);
}

/** Members of some groups, by group. */
export async function listMemberIdsOfGroups(db: Db, groupIds: number[]): Promise<Map<number, number[]>> {
  const byGroup = new Map<number, number[]>(groupIds.map((id) => [id, []]));
  if (!groupIds.length) return byGroup;
  const rows = await db.select({ groupId: conversationGroupMembers.groupId, userId: conversationGroupMembers.userId }).from(conversationGroupMembers).where(inArray(conversationGroupMembers.groupId, groupIds));
  for (const row of rows) byGroup.get(row.groupId)?.push(row.userId);
  return byGroup;
}

export interface ForumPerson {
  userId: number;
  name: string | null;
  roles: string[];
}

/** The active members of a course (for a group forum, only the group's members and those who lead or follow everyone). */
export async function listActivePeople(db: Db, contextId: number): Promise<ForumPerson[]> {
  return db
    .select({ userId: memberships.userId, name: personName, roles: memberships.roles })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.contextId, contextId), eq(memberships.status, 'active')))
    .orderBy(sql`2`, asc(memberships.userId));
}

export interface ForumCounts {
  forumId: number;
  threads: number;
  unread: number;
  fresh: number;
  lastPostAt: Date | null;
}

/**
 * Per forum: threads, unread posts in threads the person has opened (and not muted), threads with posts they
 * never opened, and the latest activity. Two numbers per thread, as Discourse does: no post is scanned.
 */
export async function forumCountsFor(db: Db, networkId: number, userId: number, hiddenAssignments: 'shown' | 'left out'): Promise<ForumCounts[]> {
  const reader = sql`(select r.last_read_number, r.level from forum_thread_readers r where r.thread_id = ${forumThreads.id} and r.user_id = ${userId})`;
  const rows = await db
    .select({
      forumId: forumThreads.forumId,
      threads: sql<number>`count(*)::int`,
      unread: sql<number>`coalesce(sum(greatest(${forumThreads.highestNumber} - r.last_read_number, 0)) filter (where r.level is distinct from 'muted'), 0)::int`,
      fresh: sql<number>`(count(*) filter (where r.last_read_number is null and ${forumThreads.highestNumber} > 0))::int`,
      lastPostAt: sql<Date | null>`max(${forumThreads.lastPostAt})`,
    })
    .from(forumThreads)
    .leftJoin(sql`lateral ${reader} r`, sql`true`)
    .leftJoin(assignments, eq(assignments.id, forumThreads.assignmentId))
    .where(and(eq(forumThreads.networkId, networkId), isNull(forumThreads.deletedAt), hiddenAssignments === 'shown' ? undefined : assignmentVisible))
    .groupBy(forumThreads.forumId);
  return rows.map((row) => ({ ...row, lastPostAt: row.lastPostAt ? new Date(row.lastPostAt) : null }));
}

/** An assignment's thread counts only once the assignment is shown to participants. */
const assignmentVisible = sql`(${assignments.visibleFrom} is null or ${assignments.visibleFrom} <= now())`;

export interface ThreadListRow extends ThreadRow {
  authorName: string | null;
  lastReadNumber: number | null;
  level: string | null;
}

/** A forum's threads, pinned first, then by latest post; with the person's reading state. */
export async function listThreadsOfForum(db: Db, forumId: number, userId: number, hiddenAssignments: 'shown' | 'left out'): Promise<ThreadListRow[]> {
  const rows = await db
    .select({
      thread: forumThreads,
      authorName: personName,
      lastReadNumber: sql<number | null>`(select r.last_read_number from forum_thread_readers r where r.thread_id = ${forumThreads.id} and r.user_id = ${userId})`,
      level: sql<string | null>`(select r.level from forum_thread_readers r where r.thread_id = ${forumThreads.id} and r.user_id = ${userId})`,
    })
    .from(forumThreads)
    .leftJoin(users, eq(users.id, forumThreads.authorId))
    .leftJoin(assignments, eq(assignments.id, forumThreads.assignmentId))
    .where(and(eq(forumThreads.forumId, forumId), isNull(forumThreads.deletedAt), hiddenAssignments === 'shown' ? undefined : assignmentVisible))
    .orderBy(sql`${forumThreads.pinnedAt} is null`, desc(forumThreads.pinnedAt), sql`coalesce(${forumThreads.lastPostAt}, ${forumThreads.createdAt}) desc`, desc(forumThreads.id));
  return rows.map((row) => ({ ...row.thread, authorName: row.authorName, lastReadNumber: row.lastReadNumber, level: row.level }));
}

export async function findThreadInNetwork(db: Db, networkId: number, threadId: number): Promise<ThreadRow | undefined> {
  const [row] = await db.select().from(forumThreads).where(and(eq(forumThreads.networkId, networkId), eq(forumThreads.id, threadId), isNull(forumThreads.deletedAt)));
  return row;
}

export async function insertThread(db: Db, thread: NewThread): Promise<ThreadRow> {
  const [row] = await db.insert(forumThreads).values({ ...thread, searchVector: titleVector(thread) }).returning();
  return row!;
}

/** The thread of a meeting or an assignment, made once: a second concurrent insert meets the unique index and does nothing. */
export async function ensureLinkedThread(db: Db, thread: NewThread & { kind: Extract<ThreadKind, 'meeting' | 'assignment'> }): Promise<ThreadRow> {
  await db.insert(forumThreads).values({ ...thread, searchVector: titleVector(thread) }).onConflictDoNothing();
  const column = thread.kind === 'meeting' ? forumThreads.meetingId : forumThreads.assignmentId;
  const id = thread.kind === 'meeting' ? thread.meetingId! : thread.assignmentId!;
  const [row] = await db.select().from(forumThreads).where(eq(column, id));
  return row!;
}

/** Ids of the meetings and assignments of a network that have their thread already. */
export async function listLinkedThreadKeys(db: Db, networkId: number): Promise<{ meetingIds: Set<number>; assignmentIds: Set<number> }> {
  const rows = await db.select({ meetingId: forumThreads.meetingId, assignmentId: forumThreads.assignmentId }).from(forumThreads).where(eq(forumThreads.networkId, networkId));
  return {
    meetingIds: new Set(rows.flatMap((row) => (row.meetingId === null ? [] : [row.meetingId]))),
    assignmentIds: new Set(rows.flatMap((row) => (row.assignmentId === null ? [] : [row.assignmentId]))),
  };
}

export async function setThreadFlags(db: Db, threadId: number, changes: Pick<Partial<typeof forumThreads.$inferInsert>, 'pinnedAt' | 'lockedAt' | 'lockedByUserId'>): Promise<void> {
  await db.update(forumThreads).set(changes).where(eq(forumThreads.id, threadId));
}

/**
 * Takes the thread's next post number under the row's lock (concurrent posts wait here, so numbers never
 * repeat), and moves the counters everyone sees unless the post is private.
 */
export async function allocatePostNumber(tx: Db, threadId: number, isPrivate: boolean, at: Date): Promise<{ number: number; highestNumber: number }> {
  const [row] = await tx
    .update(forumThreads)
    .set({
      postsNumbered: sql`${forumThreads.postsNumbered} + 1`,
      highestNumber: isPrivate ? sql`${forumThreads.highestNumber}` : sql`${forumThreads.postsNumbered} + 1`,
      lastPostAt: isPrivate ? sql`${forumThreads.lastPostAt}` : at,
    })
    .where(eq(forumThreads.id, threadId))
    .returning({ number: forumThreads.postsNumbered, highestNumber: forumThreads.highestNumber });
  return row!;
}

/** Locks the thread's row for the rest of the transaction and reads it as it is now. */
export async function lockThread(tx: Db, threadId: number): Promise<ThreadRow | undefined> {
  const [row] = await tx.select().from(forumThreads).where(eq(forumThreads.id, threadId)).for('update');
  return row;
}

/** This person's reading state in a thread: the last post number read (0 when never opened) and the level they chose. */
export async function findThreadReader(db: Db, threadId: number, userId: number): Promise<{ lastReadNumber: number; level: string | null }> {
  const [row] = await db
    .select({ lastReadNumber: forumThreadReaders.lastReadNumber, level: forumThreadReaders.level })
    .from(forumThreadReaders)
    .where(and(eq(forumThreadReaders.threadId, threadId), eq(forumThreadReaders.userId, userId)));
  return row ?? { lastReadNumber: 0, level: null };
}

