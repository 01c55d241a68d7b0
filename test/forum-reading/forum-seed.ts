import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../lti-tool/db';
import type { ToolRole } from '../../lti-tool/lti/roles';
import { afterPostCreated } from '../../lti-tool/services/forums/post-effects';
import type { PostCreated } from '../../lti-tool/services/forums/types';
import {
  contexts,
  conversationGroupMembers,
  conversationGroups,
  deployments,
  forumMentions,
  forumPosts,
  forums,
  forumThreads,
  memberships,
  networks,
  notifications,
  platforms,
  users,
  type ForumKind,
  type ThreadKind,
} from '../../models/schema';

let courses = 0;

/** A course with its network, straight in the tables (part A's pages are not in this branch). */
export async function seedNetwork(db: Db, name = 'Nätverket'): Promise<{ networkId: number; contextId: number; platformId: number }> {
  const n = ++courses;
  const [platform] = await db
    .insert(platforms)
    .values({ issuer: `https://moodle-${n}.example`, clientId: `client-${n}`, name: `Moodle ${n}`, authLoginUrl: 'https://m/auth', accessTokenUrl: 'https://m/token', jwksUrl: 'https://m/jwks', registeredBy: 'manual' })
    .returning();
  const [deployment] = await db.insert(deployments).values({ platformId: platform!.id, deploymentId: `d-${n}` }).returning();
  const [context] = await db.insert(contexts).values({ deploymentId: deployment!.id, contextId: `course-${n}`, title: name }).returning();
  const [network] = await db.insert(networks).values({ contextId: context!.id, name }).returning();
  return { networkId: network!.id, contextId: context!.id, platformId: platform!.id };
}

export async function addPerson(db: Db, course: { contextId: number; platformId: number }, name: string, roles: ToolRole[], status: 'active' | 'inactive' = 'active'): Promise<number> {
  const [user] = await db.insert(users).values({ platformId: course.platformId, sub: `${name}-${course.contextId}`, name }).returning();
  await db.insert(memberships).values({ contextId: course.contextId, userId: user!.id, roles, ltiRoles: [], status });
  return user!.id;
}

export async function addGroup(db: Db, networkId: number, name: string, memberIds: number[]): Promise<number> {
  const [group] = await db.insert(conversationGroups).values({ networkId, name, slot: 'conversation' }).returning();
  if (memberIds.length) await db.insert(conversationGroupMembers).values(memberIds.map((userId) => ({ groupId: group!.id, userId, networkId, slot: 'conversation' })));
  return group!.id;
}

export interface ForumRef {
  id: number;
  networkId: number;
  kind: ForumKind;
  groupId: number | null;
}

/** The network's forum of a kind, or a group's, made once as part A makes them. */
export async function forumOf(db: Db, networkId: number, kind: ForumKind, groupId: number | null = null): Promise<ForumRef> {
  const [found] = await db
    .select()
    .from(forums)
    .where(and(eq(forums.networkId, networkId), eq(forums.kind, kind), groupId === null ? isNull(forums.groupId) : eq(forums.groupId, groupId)));
  const row = found ?? (await db.insert(forums).values({ networkId, kind, groupId }).returning())[0]!;
  return { id: row.id, networkId, kind, groupId };
}

export interface ThreadRef {
  id: number;
  forum: ForumRef;
  kind: ThreadKind;
  title: string;
}

export interface WrittenPost {
  postId: number;
  number: number;
  highestNumber: number;
}

/**
 * A post saved as part A saves one: numbered in the thread, the thread's counters moved (a private reply
 * moves only the numbering), mentions stored, then `afterPostCreated` in the same transaction.
 */
export async function writePost(
  db: Db,
  thread: ThreadRef,
  authorId: number,
  options: { privateToUserId?: number; mentions?: number[]; body?: string } = {},
): Promise<WrittenPost> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(forumThreads).where(eq(forumThreads.id, thread.id)).for('update');
    const number = current!.postsNumbered + 1;
    const privateToUserId = options.privateToUserId ?? null;
    const highestNumber = privateToUserId === null ? number : current!.highestNumber;
    const body = options.body ?? `Inlägg ${number}`;
    const [post] = await tx.insert(forumPosts).values({ threadId: thread.id, networkId: thread.forum.networkId, number, authorId, privateToUserId, body }).returning();
    await tx.update(forumThreads).set({ postsNumbered: number, highestNumber, lastPostAt: new Date() }).where(eq(forumThreads.id, thread.id));
    const mentionedUserIds = options.mentions ?? [];
    if (mentionedUserIds.length) await tx.insert(forumMentions).values(mentionedUserIds.map((userId) => ({ postId: post!.id, userId })));
    const event: PostCreated = {
      networkId: thread.forum.networkId,
      forumId: thread.forum.id,
      forumKind: thread.forum.kind,
      groupId: thread.forum.groupId,
      threadId: thread.id,
      threadTitle: thread.title,
      threadKind: thread.kind,
      postId: post!.id,
      number,
      highestNumber,
      authorId,
      authorName: 'Författare',
      privateToUserId,
      mentionedUserIds,
      phase: null,
      body,
      createdAt: post!.createdAt,
      opensThread: number === 1,
      source: 'web',
    };
    await afterPostCreated(tx, event);
    return { postId: post!.id, number, highestNumber };
  });
}

/** A thread with its opening post. */
export async function startThread(db: Db, forum: ForumRef, authorId: number, options: { kind?: ThreadKind; title?: string; mentions?: number[] } = {}): Promise<ThreadRef & { opening: WrittenPost }> {
  const title = options.title ?? 'En tråd';
  const kind = options.kind ?? 'discussion';
  const [row] = await db.insert(forumThreads).values({ forumId: forum.id, networkId: forum.networkId, kind, title, authorId }).returning();
  const thread = { id: row!.id, forum, kind, title };
  const opening = await writePost(db, thread, authorId, { mentions: options.mentions });
  return { ...thread, opening };
}

/** Who was told of a post, and how: userId → kind. */
export async function notifiedOf(db: Db, postId: number): Promise<Map<number, string>> {
  const rows = await db.select({ userId: notifications.userId, kind: notifications.kind }).from(notifications).where(eq(notifications.postId, postId));
  return new Map(rows.map((row) => [row.userId, row.kind]));
}
