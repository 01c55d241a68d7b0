import type { Db } from '../../db';
import { markPostedByAuthor, notifyPostReaders, publishForumPost } from './reading';
import { queueMailFor } from '../mail/queue';
import type { PostCreated } from './types';

/**
 * Everything a new post sets off, in the transaction that saved it, so none of it is lost or done for a post
 * that was rolled back: the author has read up to their post and tracks the thread, the people who follow it
 * get a notification (and mail when they chose it), and open pages hear of it (last, as publishLive asks).
 */
export async function afterPostCreated(tx: Db, event: PostCreated): Promise<void> {
  await markPostedByAuthor(tx, event);
  const notified = await notifyPostReaders(tx, event);
  await queueMailFor(tx, notified);
  await publishForumPost(tx, event);
}
