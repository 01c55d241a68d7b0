import { and, count, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { assignments, evaluationForms, forumPosts, forumThreads, meetings, notifications, users, type ForumKind, type NotificationKind, type ThreadKind } from './schema';

/** A new post, as much as deciding who hears of it needs. */
export interface PostAudience {
  networkId: number;
  forumId: number;
  forumKind: ForumKind;
  groupId: number | null;
  threadId: number;
  threadKind: ThreadKind;
  postId: number;
  authorId: number;
}

export interface AddedNotification {
  id: number;
  networkId: number;
  userId: number;
  kind: NotificationKind;
  threadId: number | null;
  postId: number | null;
  meetingId: number | null;
  assignmentId: number | null;
}

const followsEveryone = sql`array['leader', 'staff', 'admin']::text[]`;

/**
 * The active members of the network who may read the post's thread, the author left out: everyone for the
 * network's forums; a group's forum only for its members, leaders and staff (a school leader is not enough);
 * a post-first thread only for those who have posted in it, and leaders and staff. Mirrors `forum.read` and
 * `forum.seeBeforePosting` in the policy table, in SQL, so a notification never tells anyone of a post they
 * could not open.
 */
function readersOf(post: PostAudience): SQL {
  return sql`
    select m.user_id from memberships m join networks n on n.context_id = m.context_id
    where n.id = ${post.networkId} and m.status = 'active' and cardinality(m.roles) > 0 and m.user_id <> ${post.authorId}
      and (${post.forumKind}::text <> 'group' or m.roles && ${followsEveryone}
        or exists (select 1 from conversation_group_members g where g.group_id = ${post.groupId}::int and g.user_id = m.user_id))
      and (${post.threadKind}::text <> 'postFirst' or m.roles && ${followsEveryone}
        or exists (select 1 from forum_posts p where p.thread_id = ${post.threadId} and p.author_id = m.user_id and p.deleted_at is null))`;
}

const mutedThread = (post: PostAudience) =>
  sql`exists (select 1 from forum_thread_readers tr where tr.thread_id = ${post.threadId} and tr.user_id = r.user_id and tr.level = 'muted')`;

/** The person's level for the thread: their own for it, else theirs for the forum, else normal. */
const levelIn = (post: PostAudience) => sql`coalesce(
  (select tr.level from forum_thread_readers tr where tr.thread_id = ${post.threadId} and tr.user_id = r.user_id),
  (select fr.level from forum_readers fr where fr.forum_id = ${post.forumId} and fr.user_id = r.user_id),
  'normal')`;

/** Which readers hear of the post, for each kind of notification. */
export type Audience = { kind: 'privateReply'; recipientId: number } | { kind: 'mention'; userIds: number[] } | { kind: 'announcement' } | { kind: 'post' };

function whoHears(post: PostAudience, audience: Audience): SQL {
  switch (audience.kind) {
    case 'privateReply':
      return sql`r.user_id = ${audience.recipientId}`;
    case 'mention':
      // A mention reaches its person even in a thread they muted: it is addressed to them, not to the thread's followers.
      return sql`r.user_id = any(${`{${audience.userIds.join(',')}}`}::int[])`;
    case 'announcement':
      return sql`not ${mutedThread(post)} and not exists (select 1 from forum_readers fr where fr.forum_id = ${post.forumId} and fr.user_id = r.user_id and fr.level = 'muted')`;
    case 'post':
      return sql`${levelIn(post)} = 'watching'`;
  }
}

/**
 * One statement per kind, however many people: a notification for every reader the audience names who has none
 * for this post yet (`post:<id>`), so calling the kinds from strongest to weakest leaves each person the strongest.
 */
export async function insertPostNotifications(db: Db, post: PostAudience, audience: Audience): Promise<AddedNotification[]> {
  const result = (await db.execute(sql`
    insert into notifications (network_id, user_id, kind, thread_id, post_id, dedupe_key)
    select ${post.networkId}, r.user_id, ${audience.kind}, ${post.threadId}, ${post.postId}, ${`post:${post.postId}`}
    from (${readersOf(post)}) r
    where ${whoHears(post, audience)}
    on conflict (user_id, dedupe_key) do nothing
    returning id, network_id, user_id, kind, thread_id, post_id, meeting_id, assignment_id`)) as unknown as { rows: Array<Record<string, unknown>> };
  return result.rows.map((row) => ({
    id: Number(row.id),
    networkId: Number(row.network_id),
    userId: Number(row.user_id),
    kind: row.kind as NotificationKind,
    threadId: row.thread_id === null ? null : Number(row.thread_id),
    postId: row.post_id === null ? null : Number(row.post_id),
    meetingId: row.meeting_id === null ? null : Number(row.meeting_id),
    assignmentId: row.assignment_id === null ? null : Number(row.assignment_id),
  }));
}

export interface NotificationRow {
  id: number;
  kind: NotificationKind;
  readAt: Date | null;
  createdAt: Date;
  threadId: number | null;
  threadTitle: string | null;
  postNumber: number | null;
  postDeleted: boolean;
  authorName: string | null;
  meetingId: number | null;
  meetingNumber: number | null;
  meetingTheme: string | null;
  assignmentId: number | null;
  assignmentLetter: string | null;
  assignmentTitle: string | null;
  planId: number | null;
  evaluationFormId: number | null;
  evaluationFormTitle: string | null;
}

/** A page of a person's notifications in a network, newest first, with what each points to. */
export async function listNotifications(db: Db, networkId: number, userId: number, page: { limit: number; offset: number }): Promise<NotificationRow[]> {
  return db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
      threadId: notifications.threadId,
      threadTitle: forumThreads.title,
      postNumber: forumPosts.number,
      postDeleted: sql<boolean>`${forumPosts.deletedAt} is not null`,
      authorName: sql<string | null>`coalesce(${users.name}, nullif(trim(concat_ws(' ', ${users.givenName}, ${users.familyName})), ''))`,
      meetingId: notifications.meetingId,
      meetingNumber: meetings.number,
      meetingTheme: meetings.theme,
      assignmentId: notifications.assignmentId,
      assignmentLetter: assignments.letter,
      assignmentTitle: assignments.title,
      planId: notifications.planId,
      evaluationFormId: notifications.evaluationFormId,
      evaluationFormTitle: evaluationForms.title,
    })
    .from(notifications)
    .leftJoin(forumThreads, eq(forumThreads.id, notifications.threadId))
    .leftJoin(forumPosts, eq(forumPosts.id, notifications.postId))
    .leftJoin(users, eq(users.id, forumPosts.authorId))
    .leftJoin(meetings, eq(meetings.id, notifications.meetingId))
    .leftJoin(assignments, eq(assignments.id, notifications.assignmentId))
    .leftJoin(evaluationForms, eq(evaluationForms.id, notifications.evaluationFormId))
    .where(and(eq(notifications.networkId, networkId), eq(notifications.userId, userId)))
    .orderBy(desc(notifications.id))
    .limit(page.limit)
    .offset(page.offset);
}

export async function countNotifications(db: Db, networkId: number, userId: number): Promise<{ total: number; unread: number }> {
  const [row] = await db
    .select({ total: count(), unread: sql<number>`count(*) filter (where ${notifications.readAt} is null)::int` })
    .from(notifications)
    .where(and(eq(notifications.networkId, networkId), eq(notifications.userId, userId)));
  return { total: Number(row?.total ?? 0), unread: Number(row?.unread ?? 0) };
}

export async function markAllNotificationsRead(db: Db, networkId: number, userId: number, at: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.networkId, networkId), eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}
