// Stand-in for part A's services/forums/posts.ts (dropped at merge): only what inbound mail calls, with the
// contract's signature. It saves the reply and moves the thread's counters; A's version does the rest.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { AppError } from '../../errors';
import type { Actor } from '../../policies';
import { forumPosts, forumThreads } from '../../../models/schema';

export async function replyToThread(
  db: Db,
  actor: Actor,
  threadId: number,
  input: { body: string; replyToPostId?: number; privateToUserId?: number; clientKey?: string },
  options: { source?: 'web' | 'email'; now?: Date } = {},
): Promise<{ postId: number; number: number }> {
  const body = input.body.trim();
  if (body === '') throw new AppError(422, 'forum_post_empty');
  if (body.length > 20_000) throw new AppError(422, 'forum_post_too_long');
  return db.transaction(async (tx) => {
    const [thread] = await tx
      .update(forumThreads)
      .set({ postsNumbered: sql`${forumThreads.postsNumbered} + 1`, highestNumber: sql`${forumThreads.postsNumbered} + 1`, lastPostAt: options.now ?? new Date() })
      .where(and(eq(forumThreads.id, threadId), eq(forumThreads.networkId, actor.network?.id ?? -1)))
      .returning();
    if (!thread) throw new AppError(404, 'not_found');
    if (thread.lockedAt) throw new AppError(422, 'forum_thread_locked');
    const [post] = await tx
      .insert(forumPosts)
      .values({ threadId, networkId: thread.networkId, number: thread.postsNumbered, authorId: actor.user.id, body, source: options.source ?? 'web', createdAt: options.now })
      .returning();
    return { postId: post!.id, number: post!.number };
  });
}
