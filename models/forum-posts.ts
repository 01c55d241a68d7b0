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

export type PostWithAuthor = Omit<PostRow, 'searchVector' | 'searchConfig' | 'clientKey' | 'networkId' | 'deletedByUserId'> & { authorName: string | null };

/**
 * All posts of a thread in order, with their authors' names. Read as plain rows (not the search vectors, and
 * without the query builder's per-field mapping): a 500-post thread is read on every visit.
 */
export async function listPostsOfThread(db: Db, threadId: number): Promise<PostWithAuthor[]> {
  const result = (await db.execute(sql`
    select p.id, p.thread_id, p.number, p.author_id, p.reply_to_post_id, p.private_to_user_id, p.phase, p.body, p.source,
           p.edited_at, p.deleted_at, p.created_at,
           coalesce(u.name, nullif(trim(concat_ws(' ', u.given_name, u.family_name)), '')) as author_name
    from forum_posts p left join users u on u.id = p.author_id
    where p.thread_id = ${threadId}
    order by p.number`)) as unknown as { rows: PostSqlRow[] };
  return result.rows.map((row) => ({
    id: row.id,
    threadId: row.thread_id,
    number: row.number,
    authorId: row.author_id,
    replyToPostId: row.reply_to_post_id,
    privateToUserId: row.private_to_user_id,
    phase: row.phase,
    body: row.body,
    source: row.source,
    editedAt: dateOrNull(row.edited_at),
    deletedAt: dateOrNull(row.deleted_at),
    createdAt: new Date(row.created_at),
    authorName: row.author_name,
  }));
}

interface PostSqlRow {
  id: number;
  thread_id: number;
  number: number;
  author_id: number | null;
  reply_to_post_id: number | null;
  private_to_user_id: number | null;
  phase: PostRow['phase'];
  body: string;
  source: PostRow['source'];
  edited_at: Date | string | null;
  deleted_at: Date | string | null;
  created_at: Date | string;
  author_name: string | null;
}

const dateOrNull = (value: Date | string | null) => (value === null ? null : new Date(value));

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

/** The files of a thread's posts (by the thread, not a list of 500 post ids). */
export async function listAttachmentsOfThread(db: Db, threadId: number): Promise<AttachmentRow[]> {
  return db
    .select()
    .from(forumAttachments)
    .where(inArray(forumAttachments.postId, db.select({ id: forumPosts.id }).from(forumPosts).where(eq(forumPosts.threadId, threadId))))
    .orderBy(asc(forumAttachments.id));
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

/** The people mentioned in a thread's posts, with their names as shown now. */
export async function listMentionsOfThread(db: Db, threadId: number): Promise<Array<{ postId: number; userId: number; name: string | null }>> {
  return db
    .select({ postId: forumMentions.postId, userId: forumMentions.userId, name: personName })
    .from(forumMentions)
    .innerJoin(users, eq(users.id, forumMentions.userId))
    .innerJoin(forumPosts, eq(forumPosts.id, forumMentions.postId))
    .where(eq(forumPosts.threadId, threadId));
}

export async function findUserName(db: Db, userId: number): Promise<string | null> {
  const [row] = await db.select({ name: personName }).from(users).where(eq(users.id, userId));
  return row?.name ?? null;
}
