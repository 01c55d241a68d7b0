import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { forumAttachments, forumMentions, forumPosts, users } from './schema';
import { personName } from './forums';

export type PostRow = typeof forumPosts.$inferSelect;
export type NewPost = typeof forumPosts.$inferInsert;
export type AttachmentRow = typeof forumAttachments.$inferSelect;

/** A post's text in the network's language for full-text search, written with the text itself. */
const searchVectorOf = (config: string, text: string) => sql`to_tsvector(${config}::regconfig, ${text})`;

export async function findPostByClientKey(db: Db, authorId: number, clientKey: string): Promise<PostRow | undefined> {
  const [row] = await db.select().from(forumPosts).where(and(eq(forumPosts.authorId, authorId), eq(forumPosts.clientKey, clientKey)));
  return row;
}

/** Inserts a post; undefined when the author already sent this form (the same client key). */
export async function insertPost(tx: Db, post: Omit<NewPost, 'searchVector'> & { searchConfig: string }): Promise<PostRow | undefined> {
  const [row] = await tx
    .insert(forumPosts)
    .values({ ...post, searchVector: searchVectorOf(post.searchConfig, post.body) })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function findPostInNetwork(db: Db, networkId: number, postId: number): Promise<PostRow | undefined> {
  const [row] = await db.select().from(forumPosts).where(and(eq(forumPosts.networkId, networkId), eq(forumPosts.id, postId)));
  return row;
}

export async function updatePostBody(db: Db, postId: number, body: string, config: string, at: Date): Promise<void> {
  await db.update(forumPosts).set({ body, editedAt: at, searchVector: searchVectorOf(config, body) }).where(eq(forumPosts.id, postId));
}

export async function setPostDeleted(db: Db, postId: number, deletedByUserId: number | null, at: Date | null): Promise<void> {
  await db.update(forumPosts).set({ deletedAt: at, deletedByUserId }).where(eq(forumPosts.id, postId));
}

export interface PostWithAuthor extends PostRow {
  authorName: string | null;
}

/** All posts of a thread in order, with their authors' names. */
export async function listPostsOfThread(db: Db, threadId: number): Promise<PostWithAuthor[]> {
  const rows = await db
    .select({ post: forumPosts, authorName: personName })
    .from(forumPosts)
    .leftJoin(users, eq(users.id, forumPosts.authorId))
    .where(eq(forumPosts.threadId, threadId))
    .orderBy(asc(forumPosts.number));
  return rows.map((row) => ({ ...row.post, authorName: row.authorName }));
}

/** Whether this person has written a post of their own (not deleted) in the thread: opens a post-first thread to them. */
export async function hasPostedIn(db: Db, threadId: number, userId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: forumPosts.id })
    .from(forumPosts)
    .where(and(eq(forumPosts.threadId, threadId), eq(forumPosts.authorId, userId), sql`${forumPosts.deletedAt} is null`))
    .limit(1);
  return row !== undefined;
}

export async function insertMentions(tx: Db, postId: number, userIds: number[]): Promise<void> {
  if (userIds.length) await tx.insert(forumMentions).values(userIds.map((userId) => ({ postId, userId }))).onConflictDoNothing();
}

export async function listAttachmentsOfPosts(db: Db, postIds: number[]): Promise<AttachmentRow[]> {
  if (!postIds.length) return [];
  return db.select().from(forumAttachments).where(inArray(forumAttachments.postId, postIds)).orderBy(asc(forumAttachments.id));
}

export async function countAttachments(db: Db, postId: number): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(forumAttachments).where(eq(forumAttachments.postId, postId));
  return row?.count ?? 0;
}

export async function insertAttachment(db: Db, attachment: typeof forumAttachments.$inferInsert): Promise<AttachmentRow> {
  const [row] = await db.insert(forumAttachments).values(attachment).returning();
  return row!;
}

export async function findAttachment(db: Db, postId: number, attachmentId: number): Promise<AttachmentRow | undefined> {
  const [row] = await db.select().from(forumAttachments).where(and(eq(forumAttachments.postId, postId), eq(forumAttachments.id, attachmentId)));
  return row;
}

/** The people mentioned in some posts, with their names as shown now. */
export async function listMentionsOfPosts(db: Db, postIds: number[]): Promise<Array<{ postId: number; userId: number; name: string | null }>> {
  if (!postIds.length) return [];
  return db
    .select({ postId: forumMentions.postId, userId: forumMentions.userId, name: personName })
    .from(forumMentions)
    .innerJoin(users, eq(users.id, forumMentions.userId))
    .where(inArray(forumMentions.postId, postIds));
}

export async function findUserName(db: Db, userId: number): Promise<string | null> {
  const [row] = await db.select({ name: personName }).from(users).where(eq(users.id, userId));
  return row?.name ?? null;
}
