import { z } from 'zod';
import type { Db } from '../../db';
import { AppError, notFound } from '../../errors';
import { assertAllowed, networkOf, type Actor } from '../../policies';
import { publishLive } from '../../live/publish';
import { notificationLevels, type NotificationLevel } from '../../../models/schema';
import {
  advanceLastRead,
  findForumPlace,
  findLevels,
  findThreadPlace,
  listGroupMemberIds,
  listThreadReadings,
  markPosted,
  upsertChosenThreadLevel,
  upsertForumLevel,
  type LevelReason,
} from '../../../models/forum-reading';
import { insertPostNotifications, type AddedNotification, type PostAudience } from '../../../models/notifications';
import { forumTopic, type NotificationCreated, type PostCreated } from './types';

/** The author has read their own post, and tracks the thread from now on (unless they chose otherwise). */
export async function markPostedByAuthor(tx: Db, event: PostCreated): Promise<void> {
  await markPosted(tx, { threadId: event.threadId, forumId: event.forumId, userId: event.authorId, number: event.number, opensThread: event.opensThread });
}

/**
 * Adds a notification for everyone who should hear of this post and may read it; returns the rows added.
 * Strongest first, one statement each, so a person both mentioned and watching gets one notification, the
 * mention. A private reply is told to its one person and nobody else.
 */
export async function notifyPostReaders(tx: Db, event: PostCreated): Promise<NotificationCreated[]> {
  const post: PostAudience = {
    networkId: event.networkId,
    forumId: event.forumId,
    forumKind: event.forumKind,
    groupId: event.groupId,
    threadId: event.threadId,
    threadKind: event.threadKind,
    postId: event.postId,
    authorId: event.authorId,
  };
  if (event.privateToUserId !== null) return insertPostNotifications(tx, post, { kind: 'privateReply', recipientId: event.privateToUserId });
  const added: AddedNotification[] = [];
  if (event.mentionedUserIds.length) added.push(...(await insertPostNotifications(tx, post, { kind: 'mention', userIds: event.mentionedUserIds })));
  // A new announcement goes to every member; replies under it reach those who watch it, as any thread's.
  if (event.forumKind === 'announcements' && event.opensThread) added.push(...(await insertPostNotifications(tx, post, { kind: 'announcement' })));
  added.push(...(await insertPostNotifications(tx, post, { kind: 'post' })));
  return added;
}

/** Tells open pages of the network that a thread has a new post (counts, "new posts" bar). Call last. */
export async function publishForumPost(tx: Db, event: PostCreated): Promise<void> {
  await publishLive(tx, forumTopic(event.networkId), 'post', {
    threadId: event.threadId,
    forumId: event.forumId,
    groupId: event.groupId,
    number: event.number,
    highestNumber: event.highestNumber,
    privateToUserId: event.privateToUserId,
    authorId: event.authorId,
  });
}

/** The viewer has read the thread up to `number` (never moves backwards). */
export async function markThreadRead(db: Db, actor: Actor, threadId: number, number: number): Promise<void> {
  if (!Number.isSafeInteger(number) || number < 1) return;
  await advanceLastRead(db, networkOf(actor), threadId, actor.user.id, number);
}

export const levelSchema = z.object({ level: z.enum(notificationLevels) });

/** Why a level is what it is, shown beside the chooser; `forum` when it comes from the forum's level. */
export type LevelSource = LevelReason | 'forum';

/** What the level chooser shows: the level in force and why (null for the plain default). */
export interface LevelChoice {
  level: NotificationLevel;
  reason: LevelSource | null;
}

async function readableForum(db: Db, actor: Actor, forumId: number) {
  const forum = await findForumPlace(db, networkOf(actor), forumId);
  if (!forum) throw notFound(`forum ${forumId} is not in the network`);
  const groupMemberIds = forum.groupId === null ? [] : await listGroupMemberIds(db, forum.groupId);
  assertAllowed(actor, 'forum.read', { kind: forum.forumKind, groupMemberIds });
  return forum;
}

async function readableThread(db: Db, actor: Actor, threadId: number) {
  const thread = await findThreadPlace(db, networkOf(actor), threadId);
  if (!thread) throw notFound(`thread ${threadId} is not in the network`);
  await readableForum(db, actor, thread.forumId);
  return thread;
}

function parseLevel(input: unknown): NotificationLevel {
  const parsed = levelSchema.safeParse(input);
  if (!parsed.success) throw new AppError(400, 'reading_level_invalid', 'unknown notification level');
  return parsed.data.level;
}

/** The person chooses how closely to follow a thread; it wins over anything replying would set. */
export async function setThreadLevel(db: Db, actor: Actor, threadId: number, input: unknown): Promise<{ threadId: number; forumId: number }> {
  const level = parseLevel(input);
  const thread = await readableThread(db, actor, threadId);
  await upsertChosenThreadLevel(db, thread.threadId, actor.user.id, level);
  return { threadId: thread.threadId, forumId: thread.forumId };
}

/** The person chooses how closely to follow a whole forum (threads where they chose a level keep theirs). */
export async function setForumLevel(db: Db, actor: Actor, forumId: number, input: unknown): Promise<{ forumId: number }> {
  const level = parseLevel(input);
  const forum = await readableForum(db, actor, forumId);
  await upsertForumLevel(db, forum.forumId, actor.user.id, level);
  return { forumId: forum.forumId };
}

/** The chooser of a thread page: the thread's own level, else the forum's, else normal; with its reason. */
export async function threadLevelChoice(db: Db, actor: Actor, threadId: number): Promise<LevelChoice> {
  const thread = await readableThread(db, actor, threadId);
  const levels = await findLevels(db, actor.user.id, { threadId: thread.threadId, forumId: thread.forumId });
  if (levels.threadLevel) return { level: levels.threadLevel, reason: levels.reason };
  if (levels.forumLevel) return { level: levels.forumLevel, reason: 'forum' };
  return { level: 'normal', reason: null };
}

export async function forumLevelChoice(db: Db, actor: Actor, forumId: number): Promise<LevelChoice> {
  const forum = await readableForum(db, actor, forumId);
  const levels = await findLevels(db, actor.user.id, { threadId: null, forumId: forum.forumId });
  return levels.forumLevel ? { level: levels.forumLevel, reason: 'chosen' } : { level: 'normal', reason: null };
}

export interface ThreadUnread {
  threadId: number;
  highestNumber: number;
  lastReadNumber: number | null;
  /** Posts after the last one read (Discourse's highest − last read); 0 for a muted or never-opened thread. */
  unread: number;
  /** Never opened: shown as new rather than with a count. */
  isNew: boolean;
  level: NotificationLevel;
}

/**
 * Unread and new for some threads, for one person, from the threads' counters and the reader rows alone:
 * a thread page or list pays two numbers per thread, never a count of posts.
 */
export async function unreadCounts(db: Db, actor: Actor, threadIds: number[]): Promise<Map<number, ThreadUnread>> {
  const readings = await listThreadReadings(db, networkOf(actor), actor.user.id, [...new Set(threadIds)]);
  return new Map(readings.map((reading) => [reading.threadId, { ...reading, ...unreadOf(reading) }]));
}

/** Discourse's counts from two numbers: posts after the last one read in an opened thread; never opened is "new"; muted is neither. */
export function unreadOf(reading: { highestNumber: number; lastReadNumber: number | null; level: string | null }): { unread: number; isNew: boolean } {
  const muted = reading.level === 'muted';
  const opened = reading.lastReadNumber !== null;
  return { unread: muted || !opened ? 0 : Math.max(0, reading.highestNumber - reading.lastReadNumber!), isNew: !muted && !opened && reading.highestNumber > 0 };
}
