import { z } from 'zod';
import type { Db } from '../../db';
import { AppError, forbidden, notFound } from '../../errors';
import { assertAllowed, authorize, type Actor } from '../../policies';
import { publishLive, walkTopic } from '../../live/publish';
import { commentResponses } from '../../../models/schema';
import { listStations, stationAuthorIds, type StationOfWalk, type WalkRow } from '../../../models/gallery-walks';
import { countReactions, findCommentInWalk, insertReply, listCommentsOfStation, listReplies, updateComment, type CommentInWalk } from '../../../models/gallery-feedback';
import { listVersions } from '../../../models/submissions';
import { walkInScope } from './scope';
import { recomputeProgress } from '../progress/recompute';
import { feedbackBySlide, type DeckVersion, type SlideFeedback } from './feedback-slides';

export const replyMaxLength = 2_000;
export const replySchema = z.object({ body: z.string().trim().min(1, 'reply_empty').max(replyMaxLength, 'reply_too_long') });
export const hideSchema = z.object({ reason: z.string().trim().min(1, 'reason_empty').max(500, 'reason_too_long') });
export const responseSchema = z.object({
  response: z.enum([...commentResponses, 'none']),
  version: z.union([z.literal(''), z.coerce.number().int().min(1).max(10_000)]).optional(),
});

export interface FeedbackPage {
  walk: Pick<WalkRow, 'id' | 'title' | 'mode' | 'anonymous' | 'prompts' | 'assignmentId'>;
  station: { id: number; number: number; submissionId: number; authorIds: number[]; authorName: string | null; isGroup: boolean };
  isAuthor: boolean;
  mayRespond: boolean;
  mayModerate: boolean;
  /** The deck's version numbers, newest first, for "used in version N". */
  versions: Array<{ id: number; number: number }>;
  shown: { id: number; number: number; hasText: boolean } | null;
  newest: { number: number } | null;
  slides: SlideFeedback[];
  counts: { comments: number; hidden: number };
}

/**
 * The station whose feedback is asked for: a leader names it, an author (or a member of the group whose station it is) gets their own. Which stations exist
 * is read from the walk, so a station id from another walk is not found.
 */
async function stationOf(db: Db, actor: Actor, walk: WalkRow, stationId: number | undefined): Promise<StationOfWalk> {
  const stations = await listStations(db, walk.id);
  const station = stationId === undefined ? stations.find((candidate) => candidate.authorIds.includes(actor.user.id)) : stations.find((candidate) => candidate.station.id === stationId);
  if (!station) throw new AppError(404, stationId === undefined ? 'gallery_feedback_no_station' : 'not_found', `station ${stationId ?? 'of ' + actor.user.id} in walk ${walk.id}`);
  if (!authorize(actor, 'gallery.readFeedback', { authorIds: station.authorIds })) throw forbidden(`feedback of station ${station.station.id}`);
  return station;
}

/** All feedback on one presentation of a walk, per slide, with names only where the walk's anonymity allows. */
export async function feedbackPage(db: Db, actor: Actor, walkId: number, stationId?: number): Promise<FeedbackPage> {
  const walk = await walkInScope(db, actor, walkId);
  const station = await stationOf(db, actor, walk, stationId);
  const [comments, versionRows, reactions] = await Promise.all([
    listCommentsOfStation(db, station.station.id),
    listVersions(db, station.station.submissionId),
    countReactions(db, station.station.id),
  ]);
  const replies = await listReplies(db, comments.map((comment) => comment.id));
  const versions: DeckVersion[] = versionRows.map((row) => ({ id: row.id, number: row.number, format: row.format, content: row.content, slideImages: row.slideImages }));
  const mayModerate = authorize(actor, 'gallery.moderate');
  const { shown, slides } = feedbackBySlide({
    comments,
    replies,
    versions,
    prompts: walk.prompts,
    reactions,
    viewerId: actor.user.id,
    readsHidden: mayModerate,
    seesCommenter: (commenterId) => authorize(actor, 'gallery.seeCommenter', { anonymous: walk.anonymous, commenterId }),
  });
  const hidden = comments.filter((comment) => comment.hiddenAt).length;
  return {
    walk: { id: walk.id, title: walk.title, mode: walk.mode, anonymous: walk.anonymous, prompts: walk.prompts, assignmentId: walk.assignmentId },
    station: { id: station.station.id, number: station.station.number, submissionId: station.station.submissionId, authorIds: station.authorIds, authorName: station.authorName, isGroup: station.group !== null },
    isAuthor: station.authorIds.includes(actor.user.id),
    mayRespond: authorize(actor, 'gallery.respond', { authorIds: station.authorIds }),
    mayModerate,
    versions: versions.map(({ id, number }) => ({ id, number })),
    shown: shown ? { id: shown.id, number: shown.number, hasText: shown.content !== null } : null,
    newest: versions[0] ? { number: versions[0].number } : null,
    slides,
    counts: { comments: comments.length - hidden, hidden },
  };
}

/** A comment of this walk in the actor's network, or 404: a forged id from another walk or network is not found. */
export async function commentInScope(db: Db, actor: Actor, walkId: number, commentId: number): Promise<CommentInWalk & { walk: WalkRow; stationAuthorIds: number[] }> {
  const walk = await walkInScope(db, actor, walkId);
  const found = await findCommentInWalk(db, walk.id, commentId);
  if (!found) throw notFound(`comment ${commentId} in walk ${walk.id}`);
  return { ...found, walk, stationAuthorIds: await stationAuthorIds(db, found.comment.stationId) };
}

/** The author (any member of a group station) marks what they make of a comment; "used in version N" names one of their own versions. */
export async function respondToComment(db: Db, actor: Actor, walkId: number, commentId: number, input: z.infer<typeof responseSchema>, now = new Date()): Promise<{ stationId: number }> {
  const { comment, stationAuthorIds: authorIds, submissionId, walk } = await commentInScope(db, actor, walkId, commentId);
  assertAllowed(actor, 'gallery.respond', { authorIds });
  const response = input.response === 'none' ? null : input.response;
  let responseVersion: number | null = null;
  if (response === 'used') {
    const versions = await listVersions(db, submissionId);
    if (!input.version || !versions.some((version) => version.number === input.version)) throw new AppError(422, 'gallery_feedback_version_unknown', `version ${input.version}`);
    responseVersion = input.version;
  }
  await db.transaction(async (tx) => {
    await updateComment(tx, comment.id, { response, responseVersion, respondedAt: response ? now : null });
    await publishLive(tx, walkTopic(walk.id), 'comment_response', { commentId: comment.id, stationId: comment.stationId });
  });
  return { stationId: comment.stationId };
}

export async function markHelpful(db: Db, actor: Actor, walkId: number, commentId: number, helpful: boolean): Promise<{ stationId: number }> {
  const { comment, stationAuthorIds: authorIds, walk } = await commentInScope(db, actor, walkId, commentId);
  assertAllowed(actor, 'gallery.respond', { authorIds });
  await db.transaction(async (tx) => {
    await updateComment(tx, comment.id, { helpful });
    await publishLive(tx, walkTopic(walk.id), 'comment_response', { commentId: comment.id, stationId: comment.stationId });
  });
  return { stationId: comment.stationId };
}

/** A reply in a comment's thread, by the presentation's author or the comment's writer; none under a hidden comment. */
export async function replyToComment(db: Db, actor: Actor, walkId: number, commentId: number, input: z.infer<typeof replySchema>, now = new Date()): Promise<{ stationId: number }> {
  const { comment, stationAuthorIds: authorIds, walk } = await commentInScope(db, actor, walkId, commentId);
  assertAllowed(actor, 'gallery.reply', { authorIds, commenterId: comment.authorUserId });
  if (comment.hiddenAt) throw new AppError(422, 'gallery_feedback_comment_hidden', `comment ${comment.id}`);
  await db.transaction(async (tx) => {
    const reply = await insertReply(tx, { commentId: comment.id, authorUserId: actor.user.id, body: input.body, createdAt: now });
    await publishLive(tx, walkTopic(walk.id), 'reply', { commentId: comment.id, stationId: comment.stationId, replyId: reply.id });
  });
  return { stationId: comment.stationId };
}

/**
 * A leader hides a comment: the row stays, with who hid it, when and why; the author is told the reason
 * instead of the comment, and open pages hear of it in the same transaction.
 */
export async function hideComment(db: Db, actor: Actor, walkId: number, commentId: number, input: z.infer<typeof hideSchema>, now = new Date()): Promise<{ stationId: number }> {
  assertAllowed(actor, 'gallery.moderate');
  const { comment, walk } = await commentInScope(db, actor, walkId, commentId);
  await db.transaction(async (tx) => {
    await updateComment(tx, comment.id, { hiddenAt: now, hiddenByUserId: actor.user.id, hiddenReason: input.reason });
    await publishLive(tx, walkTopic(walk.id), 'comment_hidden', { commentId: comment.id, stationId: comment.stationId, reason: input.reason });
    await recomputeProgress(tx, walk.networkId, [comment.authorUserId]);
  });
  return { stationId: comment.stationId };
}

export async function unhideComment(db: Db, actor: Actor, walkId: number, commentId: number): Promise<{ stationId: number }> {
  assertAllowed(actor, 'gallery.moderate');
  const { comment, walk } = await commentInScope(db, actor, walkId, commentId);
  await db.transaction(async (tx) => {
    await updateComment(tx, comment.id, { hiddenAt: null, hiddenByUserId: null, hiddenReason: null });
    await publishLive(tx, walkTopic(walk.id), 'comment_shown', { commentId: comment.id, stationId: comment.stationId });
    await recomputeProgress(tx, walk.networkId, [comment.authorUserId]);
  });
  return { stationId: comment.stationId };
}
