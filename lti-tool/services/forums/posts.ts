import { z } from 'zod';
import type { Db } from '../../db';
import { AppError, notFound } from '../../errors';
import { assertAllowed, authorize, networkOf, type Actor } from '../../policies';
import { allocatePostNumber, lockThread, type ThreadRow } from '../../../models/forums';
import { findPostByClientKey, findPostInNetwork, hasPostedIn, insertMentions, insertPost, setPostDeleted, updatePostBody, type PostRow } from '../../../models/forum-posts';
import { searchConfigOf } from '../search-language';
import { peopleOfForum, readableThread, type ForumAccess } from './access';
import { mentionedIdsOf, withoutSessionPaths } from './markdown';
import { afterPostCreated } from './post-effects';
import { supervisionRefusal } from './supervision-rules';

export const maxPostLength = 20_000;
/** How long the author may still change a post: long enough to fix a typo, short enough that replies stay true to it. */
export const editWindowMs = 30 * 60 * 1000;

/** The text of a post: not blank, at most 20 000 characters. */
export const postBody = z
  .string()
  .max(maxPostLength, 'tooLong')
  .refine((value) => value.trim().length > 0, 'empty');

export const clientKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/)
  .optional()
  .or(z.literal('').transform(() => undefined));

const optionalId = z
  .union([z.literal(''), z.coerce.number().int().positive().max(2_147_483_647)])
  .optional()
  .transform((value) => (value === '' || value === undefined ? undefined : value));

export const replySchema = z.object({ body: postBody, replyToPostId: optionalId, privateToUserId: optionalId, clientKey });
export const editSchema = z.object({ body: postBody });

export interface ReplyInput {
  body: string;
  replyToPostId?: number;
  privateToUserId?: number;
  clientKey?: string;
}

interface WriteOptions {
  source?: 'web' | 'email';
  now?: Date;
}

const refuseText = (body: string) => {
  if (!body.trim()) throw new AppError(422, 'forum_post_empty');
  if (body.length > maxPostLength) throw new AppError(422, 'forum_post_too_long');
};

/**
 * A reply to a thread (from the thread's form, or a reply by e-mail): checked against the forum's rules, the
 * lock and the supervision phase, numbered under the thread's row lock, and followed in the same transaction
 * by everything a new post sets off. A second submit of the same form returns the first post.
 */
export async function replyToThread(db: Db, actor: Actor, threadId: number, input: ReplyInput, options: WriteOptions = {}): Promise<{ postId: number; number: number }> {
  refuseText(input.body);
  const { thread, ...access } = await readableThread(db, actor, threadId);
  if (!authorize(actor, 'forum.reply', { ...access.thing, locked: thread.lockedAt !== null })) {
    if (thread.lockedAt !== null && authorize(actor, 'forum.reply', { ...access.thing, locked: false })) throw new AppError(403, 'forum_thread_locked');
    throw new AppError(403, 'forum_reply_refused');
  }
  if (thread.kind === 'supervision') {
    const refusal = supervisionRefusal(thread, actor);
    if (refusal) throw new AppError(422, 'forum_supervision_refused', refusal, { reason: refusal });
  }
  return writePost(db, actor, access, thread, input, options);
}

/** Writes a post into a thread whose rules were checked: in one transaction with the counters and the post's effects. */
export async function writePost(db: Db, actor: Actor, access: ForumAccess, thread: ThreadRow, input: ReplyInput, options: WriteOptions = {}): Promise<{ postId: number; number: number }> {
  const now = options.now ?? new Date();
  const network = actor.network!;
  if (input.clientKey) {
    const earlier = await findPostByClientKey(db, actor.user.id, input.clientKey);
    if (earlier) return { postId: earlier.id, number: earlier.number };
  }
  const people = await peopleOfForum(db, actor, access);
  const readers = new Map(people.map((person) => [person.userId, person.name]));
  const privateTo = await privateRecipient(db, actor, thread, input, readers);
  const replyTo = input.replyToPostId ? await findPostInNetwork(db, network.id, input.replyToPostId) : undefined;
  if (input.replyToPostId && replyTo?.threadId !== thread.id) throw notFound(`post ${input.replyToPostId} in thread ${thread.id}`);
  const body = withoutSessionPaths(input.body);
  // A private reply mentions only its two people; elsewhere anyone who reads the thread can be mentioned.
  const mentioned = mentionedIdsOf(body).filter((id) => readers.has(id) && (privateTo === null || id === privateTo));
  const config = searchConfigOf(network.language);
  try {
    return await db.transaction(async (tx) => {
      const current = await lockThread(tx, thread.id);
      if (!current || current.deletedAt) throw notFound(`thread ${thread.id}`);
      const { number, highestNumber } = await allocatePostNumber(tx, thread.id, privateTo !== null, now);
      const post = await insertPost(tx, {
        threadId: thread.id,
        networkId: network.id,
        number,
        authorId: actor.user.id,
        replyToPostId: replyTo?.id ?? null,
        privateToUserId: privateTo,
        phase: thread.kind === 'supervision' ? current.phase : null,
        body,
        source: options.source ?? 'web',
        clientKey: input.clientKey ?? null,
        searchConfig: config,
        createdAt: now,
      });
      if (!post) throw new DuplicateSubmit();
      await insertMentions(tx, post.id, mentioned);
      await afterPostCreated(tx, {
        networkId: network.id,
        forumId: access.forum.id,
        forumKind: access.forum.kind,
        groupId: access.forum.groupId,
        threadId: thread.id,
        threadTitle: thread.title,
        threadKind: thread.kind,
        postId: post.id,
        number,
        highestNumber,
        authorId: actor.user.id,
        authorName: readers.get(actor.user.id) ?? '',
        privateToUserId: privateTo,
        mentionedUserIds: mentioned,
        phase: post.phase,
        body,
        createdAt: now,
        opensThread: number === 1,
        source: options.source ?? 'web',
      });
      return { postId: post.id, number };
    });
  } catch (error) {
    // The same form sent twice at once: the other request saved it; its post is the answer to both.
    if (!(error instanceof DuplicateSubmit) || !input.clientKey) throw error;
    const earlier = await findPostByClientKey(db, actor.user.id, input.clientKey);
    if (!earlier) throw error;
    return { postId: earlier.id, number: earlier.number };
  }
}

class DuplicateSubmit extends Error {}

/** The one person a private reply goes to: the author of the post replied to, who must read the forum. */
async function privateRecipient(db: Db, actor: Actor, thread: ThreadRow, input: ReplyInput, readers: Map<number, string | null>): Promise<number | null> {
  if (input.privateToUserId === undefined) return null;
  const replyTo = input.replyToPostId ? await findPostInNetwork(db, networkOf(actor), input.replyToPostId) : undefined;
  if (!replyTo || replyTo.threadId !== thread.id || replyTo.authorId !== input.privateToUserId || !readers.has(input.privateToUserId) || input.privateToUserId === actor.user.id) {
    throw new AppError(422, 'forum_private_recipient');
  }
  return input.privateToUserId;
}

/** A post of the actor's network in a thread they may read, with its thread. */
async function postOfActor(db: Db, actor: Actor, postId: number): Promise<{ post: PostRow; thread: ThreadRow; access: ForumAccess }> {
  const post = await findPostInNetwork(db, networkOf(actor), postId);
  if (!post) throw notFound(`post ${postId} in this network`);
  const { thread, ...access } = await readableThread(db, actor, post.threadId);
  if (post.privateToUserId !== null && !authorize(actor, 'forum.readPrivate', { authorId: post.authorId, recipientId: post.privateToUserId })) throw notFound(`private post ${postId}`);
  // A post-first thread keeps others' replies from those who have not posted, by id too.
  const hiddenUntilPosted = thread.kind === 'postFirst' && post.number !== 1 && post.authorId !== actor.user.id && !authorize(actor, 'forum.seeBeforePosting');
  if (hiddenUntilPosted && !(await hasPostedIn(db, thread.id, actor.user.id))) throw notFound(`post ${postId} before posting`);
  return { post, thread, access };
}

/** Whether the author may still edit: their own post, not deleted, within the window. */
export const mayEditPost = (actor: Actor, post: Pick<PostRow, 'authorId' | 'createdAt' | 'deletedAt'>, now: Date) =>
  post.deletedAt === null && authorize(actor, 'forum.editPost', { authorId: post.authorId }) && now.getTime() - post.createdAt.getTime() <= editWindowMs;

export async function editPost(db: Db, actor: Actor, postId: number, body: string, now = new Date()): Promise<{ threadId: number; number: number }> {
  refuseText(body);
  const { post, thread } = await postOfActor(db, actor, postId);
  assertAllowed(actor, 'forum.editPost', { authorId: post.authorId });
  if (!mayEditPost(actor, post, now)) throw new AppError(403, 'forum_edit_window_passed');
  await updatePostBody(db, post.id, withoutSessionPaths(body), post.searchConfig, now);
  return { threadId: thread.id, number: post.number };
}

export async function deletePost(db: Db, actor: Actor, postId: number, now = new Date()): Promise<{ threadId: number; number: number }> {
  const { post, thread } = await postOfActor(db, actor, postId);
  assertAllowed(actor, 'forum.deletePost', { authorId: post.authorId });
  if (post.deletedAt === null) await setPostDeleted(db, post.id, actor.user.id, now);
  return { threadId: thread.id, number: post.number };
}

export async function restorePost(db: Db, actor: Actor, postId: number): Promise<{ threadId: number; number: number }> {
  const { post, thread } = await postOfActor(db, actor, postId);
  assertAllowed(actor, 'forum.moderate');
  await setPostDeleted(db, post.id, null, null);
  return { threadId: thread.id, number: post.number };
}

export { postOfActor };

/** The thread a post of the actor's network is in (for showing it again after a refused form). */
export async function threadIdOfPost(db: Db, actor: Actor, postId: number): Promise<number> {
  return (await postOfActor(db, actor, postId)).thread.id;
}
