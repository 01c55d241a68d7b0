import { z } from 'zod';
import type { Db } from '../../db';
import { AppError } from '../../errors';
import type { Actor } from '../../policies';
import { publishLive, walkTopic } from '../../live/publish';
import { galleryReactionKinds, type SlideRegion } from '../../../models/schema';
import { countReactions, findCommentByKey, insertCommentOnce, toggleReaction, type CommentRow } from '../../../models/gallery-comments';
import { walkInScope } from './scope';
import { assertMayGiveFeedback, slideNumbersOf, stationOfWalk } from './stations';
import { recomputeProgress } from '../progress/recompute';
import { notesSentences } from './notes';

export const maxCommentLength = 2000;

const fraction = z.number().min(0).max(1);
const region = z
  .object({ x: fraction, y: fraction, w: fraction, h: fraction })
  .refine((r) => r.x + r.w <= 1.0001 && r.y + r.h <= 1.0001 && r.w > 0 && r.h > 0);

/** What the phone sends; a message of the schema names the error code the visitor is told. */
export const commentSchema = z.object({
  stationId: z.number().int().positive(),
  slide: z.number().int().positive(),
  promptIndex: z.number().int().min(0).nullish(),
  body: z.string().trim().min(1, 'gallery_walk_empty').max(maxCommentLength, 'gallery_walk_too_long'),
  clientKey: z.string().min(8).max(100),
  region: region.nullish(),
  notesSentence: z.number().int().min(0).nullish(),
});
export type CommentInput = z.infer<typeof commentSchema>;

export const reactionSchema = z.object({
  stationId: z.number().int().positive(),
  slide: z.number().int().positive(),
  kind: z.enum(galleryReactionKinds),
});
export type ReactionInput = z.infer<typeof reactionSchema>;

/** The error a refused input gets: the schema's own code for the body, a general one for anything else. */
export function inputErrorOf(error: z.ZodError): AppError {
  const known = error.issues.map((issue) => issue.message).find((message) => message.startsWith('gallery_walk_'));
  return new AppError(422, known ?? 'gallery_walk_bad_input', error.issues.map((issue) => issue.path.join('.')).join(','));
}

/** What every open page of the walk is sent about a new comment; each connection strips what its viewer may not see. */
export function commentEvent(comment: CommentRow, commenterName: string | null, anonymous: boolean): Record<string, unknown> {
  return {
    id: comment.id,
    stationId: comment.stationId,
    slide: comment.slide,
    promptIndex: comment.promptIndex,
    body: comment.body,
    region: comment.region,
    notesSentence: comment.notesSentence,
    notesQuote: comment.notesQuote,
    round: comment.round,
    commenterId: comment.authorUserId,
    commenterName,
    anonymous,
    createdAt: comment.createdAt.toISOString(),
  };
}

/**
 * A visitor's comment on a slide. The browser's key makes a resend (offline queue, a second tap, a second
 * device) the same comment: answered with the first one, never a second row, and a resend after the round
 * ended is still answered rather than refused. The row and its live event are written together.
 */
export async function postComment(db: Db, actor: Actor & { user: { id: number; name?: string | null } }, walkId: number, input: CommentInput, now = new Date()): Promise<{ id: number; duplicate: boolean }> {
  const walk = await walkInScope(db, actor, walkId);
  const seen = await findCommentByKey(db, actor.user.id, input.clientKey);
  if (seen) return sameComment(seen, walkId, input);
  const station = await stationOfWalk(db, walkId, input.stationId);
  if (!slideNumbersOf(station).includes(input.slide)) throw new AppError(404, 'gallery_walk_not_in_walk', `slide ${input.slide} of station ${input.stationId}`);
  const reading = await assertMayGiveFeedback(db, actor, walk, station, now);
  if (input.promptIndex != null && input.promptIndex >= walk.prompts.length) throw new AppError(422, 'gallery_walk_bad_input', `prompt ${input.promptIndex}`);
  let notesQuote: string | null = null;
  if (input.notesSentence != null) {
    // Only a sentence the visitor could read: notes the walk does not show cannot be quoted.
    const notes = walk.notesVisible ? station.version.content?.slides.find((s) => s.number === input.slide)?.notes : undefined;
    notesQuote = notesSentences(notes ?? '')[input.notesSentence] ?? null;
    if (notesQuote === null) throw new AppError(422, 'gallery_walk_bad_input', `notes sentence ${input.notesSentence}`);
  }
  return db.transaction(async (tx) => {
    const inserted = await insertCommentOnce(tx as unknown as Db, {
      walkId,
      stationId: station.station.id,
      versionId: station.version.id,
      slide: input.slide,
      promptIndex: input.promptIndex ?? null,
      body: input.body,
      region: (input.region as SlideRegion | null | undefined) ?? null,
      notesSentence: notesQuote === null ? null : input.notesSentence,
      notesQuote,
      round: walk.mode === 'live' ? reading.round : null,
      authorUserId: actor.user.id,
      clientKey: input.clientKey,
      createdAt: now,
    });
    if (!inserted) {
      // Two sendings raced: the other one's row is the comment.
      const other = await findCommentByKey(tx as unknown as Db, actor.user.id, input.clientKey);
      if (!other) throw new Error(`comment key ${input.clientKey} conflicted but is not there`);
      return sameComment(other, walkId, input);
    }
    await publishLive(tx as unknown as Db, walkTopic(walkId), 'comment', commentEvent(inserted, actor.user.name ?? null, walk.anonymous));
    await recomputeProgress(tx as unknown as Db, walk.networkId, [actor.user.id]);
    return { id: inserted.id, duplicate: false };
  });
}

/** A key already used: the same comment again, or a key reused for another walk (refused, nothing overwritten). */
function sameComment(seen: CommentRow, walkId: number, input: CommentInput): { id: number; duplicate: boolean } {
  if (seen.walkId !== walkId || seen.stationId !== input.stationId) throw new AppError(409, 'gallery_walk_bad_input', `key ${input.clientKey} belongs to comment ${seen.id}`);
  return { id: seen.id, duplicate: true };
}

/** Turns a quick reaction on a slide on or off, and tells the open pages the slide's new counts. */
export async function toggleWalkReaction(db: Db, actor: Actor, walkId: number, input: ReactionInput, now = new Date()): Promise<{ on: boolean; counts: Record<string, number> }> {
  const walk = await walkInScope(db, actor, walkId);
  const station = await stationOfWalk(db, walkId, input.stationId);
  if (!slideNumbersOf(station).includes(input.slide)) throw new AppError(404, 'gallery_walk_not_in_walk', `slide ${input.slide} of station ${input.stationId}`);
  await assertMayGiveFeedback(db, actor, walk, station, now);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const on = await toggleReaction(t, { stationId: input.stationId, slide: input.slide, userId: actor.user.id, kind: input.kind });
    const counts: Record<string, number> = Object.fromEntries(galleryReactionKinds.map((kind) => [kind, 0]));
    for (const row of await countReactions(t, [input.stationId], actor.user.id, input.slide)) counts[row.kind] = row.count;
    await publishLive(t, walkTopic(walkId), 'reaction', { stationId: input.stationId, slide: input.slide, counts, userId: actor.user.id, kind: input.kind, on });
    return { on, counts };
  });
}
