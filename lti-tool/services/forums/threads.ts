import { z } from 'zod';
import type { Db } from '../../db';
import { AppError, notFound } from '../../errors';
import { assertAllowed, authorize, networkOf, type Actor } from '../../policies';
import { translator, resolveLanguage } from '../../i18n';
import { ensureForum, ensureLinkedThread, insertThread, listConversationGroupIds, listLinkedThreadKeys, setThreadFlags, type ForumRow, type ThreadRow } from '../../../models/forums';
import { listMeetings, findMeetingInNetwork } from '../../../models/year';
import { listAssignments } from '../../../models/assignments';
import { searchConfigOf } from '../search-language';
import { assignmentOfLaunch } from '../assignments';
import { assignmentName } from '../../i18n/assignment-name';
import { peopleOfForum, readableForum, readableThread, type ForumAccess } from './access';
import { clientKey, postBody, writePost } from './posts';
import { findPostByClientKey } from '../../../models/forum-posts';

export const maxTitleLength = 200;

/** The kinds of thread a person starts (meeting and assignment threads are the tool's own). */
export const startableKinds = ['discussion', 'postFirst', 'supervision'] as const;
export type StartableKind = (typeof startableKinds)[number];

const optionalId = z
  .union([z.literal(''), z.coerce.number().int().positive().max(2_147_483_647)])
  .optional()
  .transform((value) => (value === '' || value === undefined ? undefined : value));

export const startThreadSchema = z
  .object({
    title: z
      .string()
      .trim()
      .min(1, 'title')
      .max(maxTitleLength, 'titleTooLong')
      .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'title'),
    body: postBody,
    kind: z.enum(startableKinds).default('discussion'),
    facilitatorId: optionalId,
    clientKey,
  })
  .refine((form) => form.kind !== 'supervision' || form.facilitatorId !== undefined, { message: 'facilitator', path: ['facilitatorId'] });
export type StartThreadInput = z.infer<typeof startThreadSchema>;

/** The kinds this person may start in this forum: post-first for those who see before posting, supervision outside announcements. */
export function kindsFor(actor: Actor, access: ForumAccess): StartableKind[] {
  if (access.forum.kind === 'announcements') return ['discussion'];
  return startableKinds.filter((kind) => kind === 'discussion' || (kind === 'postFirst' ? authorize(actor, 'forum.seeBeforePosting') : true));
}

/** The network's two forums and one per conversation group, made on first use (unique indexes make it idempotent). */
export async function ensureNetworkForums(db: Db, networkId: number): Promise<{ announcements: ForumRow; discussion: ForumRow }> {
  const announcements = await ensureForum(db, networkId, 'announcements', null);
  const discussion = await ensureForum(db, networkId, 'discussion', null);
  for (const groupId of await listConversationGroupIds(db, networkId)) await ensureForum(db, networkId, 'group', groupId);
  return { announcements, discussion };
}

const titleLanguage = (actor: Actor) => translator(resolveLanguage(actor.network?.language ?? 'sv'));

/** One thread per meeting and per assignment, in the discussion forum, titled in the network's language. */
export async function ensureLinkedThreads(db: Db, actor: Actor, discussion: ForumRow): Promise<void> {
  const networkId = networkOf(actor);
  const have = await listLinkedThreadKeys(db, networkId);
  const t = titleLanguage(actor);
  const config = searchConfigOf(actor.network?.language ?? 'sv');
  for (const meeting of await listMeetings(db, networkId)) {
    if (!have.meetingIds.has(meeting.id)) await ensureLinkedThread(db, linkedThread(discussion, 'meeting', t('forums.meetingThread', { number: meeting.number, theme: meeting.theme }), config, { meetingId: meeting.id }));
  }
  for (const assignment of await listAssignments(db, networkId)) {
    // Made once the assignment is shown, so its title does not appear before the leaders publish it.
    const shown = !assignment.visibleFrom || assignment.visibleFrom <= new Date();
    if (shown && !have.assignmentIds.has(assignment.id)) await ensureLinkedThread(db, linkedThread(discussion, 'assignment', assignmentName(t, assignment), config, { assignmentId: assignment.id }));
  }
}

const linkedThread = (forum: ForumRow, kind: 'meeting' | 'assignment', title: string, config: string, link: { meetingId?: number; assignmentId?: number }) => ({
  forumId: forum.id,
  networkId: forum.networkId,
  kind,
  title: title.slice(0, maxTitleLength),
  searchConfig: config,
  ...link,
});

/** The thread of a meeting of the actor's network (made if it is not there yet). */
export async function meetingThreadFor(db: Db, actor: Actor, meetingId: number): Promise<ThreadRow> {
  assertAllowed(actor, 'year.read');
  const networkId = networkOf(actor);
  const meeting = await findMeetingInNetwork(db, networkId, meetingId);
  if (!meeting) throw notFound(`meeting ${meetingId}`);
  const { discussion } = await ensureNetworkForums(db, networkId);
  const config = searchConfigOf(actor.network?.language ?? 'sv');
  return ensureLinkedThread(db, linkedThread(discussion, 'meeting', titleLanguage(actor)('forums.meetingThread', { number: meeting.number, theme: meeting.theme }), config, { meetingId: meeting.id }));
}

/** The thread of an assignment the actor may see (made if it is not there yet). */
export async function assignmentThreadFor(db: Db, actor: Actor, assignmentId: number): Promise<ThreadRow> {
  const assignment = await assignmentOfLaunch(db, actor, assignmentId);
  const { discussion } = await ensureNetworkForums(db, networkOf(actor));
  const config = searchConfigOf(actor.network?.language ?? 'sv');
  return ensureLinkedThread(db, linkedThread(discussion, 'assignment', assignmentName(titleLanguage(actor), assignment), config, { assignmentId: assignment.id }));
}

/**
 * Starts a thread with its opening post. A supervision thread is started by its case presenter, whose post is
 * the case; the facilitator is one of the forum's people other than the presenter.
 */
export async function startThread(db: Db, actor: Actor, forumId: number, input: StartThreadInput, now = new Date()): Promise<{ threadId: number }> {
  const access = await readableForum(db, actor, forumId);
  assertAllowed(actor, 'forum.startThread', access.thing);
  if (!kindsFor(actor, access).includes(input.kind)) throw new AppError(422, 'forum_kind_refused');
  let facilitatorId: number | null = null;
  if (input.kind === 'supervision') {
    const people = await peopleOfForum(db, actor, access);
    if (!input.facilitatorId || input.facilitatorId === actor.user.id || !people.some((person) => person.userId === input.facilitatorId)) throw new AppError(422, 'forum_facilitator_refused');
    facilitatorId = input.facilitatorId;
  }
  if (input.clientKey) {
    const earlier = await findPostByClientKey(db, actor.user.id, input.clientKey);
    if (earlier) return { threadId: earlier.threadId };
  }
  const config = searchConfigOf(actor.network?.language ?? 'sv');
  // The thread and its opening post together: never a thread without its first post.
  return db.transaction(async (tx) => {
    const thread = await insertThread(tx, {
      forumId: access.forum.id,
      networkId: access.forum.networkId,
      kind: input.kind,
      title: input.title,
      authorId: actor.user.id,
      phase: input.kind === 'supervision' ? 'case' : null,
      casePresenterId: input.kind === 'supervision' ? actor.user.id : null,
      facilitatorId,
      searchConfig: config,
      createdAt: now,
    });
    await writePost(tx, actor, access, thread, { body: input.body, clientKey: input.clientKey }, { now });
    return { threadId: thread.id };
  });
}

/** Pins or unpins, locks or unlocks a thread: leaders only. */
export async function moderateThread(db: Db, actor: Actor, threadId: number, change: 'pin' | 'unpin' | 'lock' | 'unlock', now = new Date()): Promise<void> {
  const { thread } = await readableThread(db, actor, threadId);
  assertAllowed(actor, 'forum.moderate');
  if (change === 'pin' || change === 'unpin') await setThreadFlags(db, thread.id, { pinnedAt: change === 'pin' ? now : null });
  else await setThreadFlags(db, thread.id, change === 'lock' ? { lockedAt: now, lockedByUserId: actor.user.id } : { lockedAt: null, lockedByUserId: null });
}
