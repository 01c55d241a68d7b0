// Stand-in for the reading-state part of issue 11: replaced by its helper.
import type { Db } from '../../db';
import type { Actor } from '../../policies';
import type { NotificationCreated, PostCreated } from './types';

/** The author has read their own post, and tracks the thread from now on (unless they chose otherwise). */
export async function markPostedByAuthor(_tx: Db, _event: PostCreated): Promise<void> {}

/** Adds a notification for everyone who should hear of this post and may read it; returns the rows added. */
export async function notifyPostReaders(_tx: Db, _event: PostCreated): Promise<NotificationCreated[]> {
  return [];
}

/** Tells open pages of the network that a thread has a new post (counts, "new posts" bar). Call last. */
export async function publishForumPost(_tx: Db, _event: PostCreated): Promise<void> {}

/** The viewer has read the thread up to `number` (never moves backwards). */
export async function markThreadRead(_db: Db, _actor: Actor, _threadId: number, _number: number): Promise<void> {}
