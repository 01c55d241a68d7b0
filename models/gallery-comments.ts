import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { galleryComments, galleryReactions, users, type GalleryReactionKind } from './schema';

export type CommentRow = typeof galleryComments.$inferSelect;
export type NewComment = typeof galleryComments.$inferInsert;

/** A comment with the name of whoever wrote it (the service decides who may see that name). */
export interface CommentWithName extends CommentRow {
  commenterName: string | null;
}

export async function findCommentByKey(db: Db, authorUserId: number, clientKey: string): Promise<CommentRow | undefined> {
  const [row] = await db.select().from(galleryComments).where(and(eq(galleryComments.authorUserId, authorUserId), eq(galleryComments.clientKey, clientKey)));
  return row;
}

/** Inserts the comment unless this author already sent this key; undefined then (a resend or a race lost). */
export async function insertCommentOnce(tx: Db, comment: NewComment): Promise<CommentRow | undefined> {
  const [row] = await tx
    .insert(galleryComments)
    .values(comment)
    .onConflictDoNothing({ target: [galleryComments.authorUserId, galleryComments.clientKey] })
    .returning();
  return row;
}

/** The walk's comments that are not hidden, oldest first, with their writers' names. */
export async function listVisibleComments(db: Db, walkId: number): Promise<CommentWithName[]> {
  const rows = await db
    .select({ comment: galleryComments, commenterName: users.name })
    .from(galleryComments)
    .innerJoin(users, eq(users.id, galleryComments.authorUserId))
    .where(and(eq(galleryComments.walkId, walkId), isNull(galleryComments.hiddenAt)))
    .orderBy(asc(galleryComments.id));
  return rows.map((row) => ({ ...row.comment, commenterName: row.commenterName }));
}

/** The stations of the walk where this person has posted. */
export async function stationsPostedAt(db: Db, walkId: number, userId: number): Promise<Set<number>> {
  const rows = await db
    .selectDistinct({ stationId: galleryComments.stationId })
    .from(galleryComments)
    .where(and(eq(galleryComments.walkId, walkId), eq(galleryComments.authorUserId, userId)));
  return new Set(rows.map((row) => row.stationId));
}

export interface ReactionKey {
  stationId: number;
  slide: number;
  userId: number;
  kind: GalleryReactionKind;
}

/** Turns a reaction on or off; returns whether it is on now. */
export async function toggleReaction(tx: Db, key: ReactionKey): Promise<boolean> {
  const where = and(
    eq(galleryReactions.stationId, key.stationId),
    eq(galleryReactions.slide, key.slide),
    eq(galleryReactions.userId, key.userId),
    eq(galleryReactions.kind, key.kind),
  );
  const removed = await tx.delete(galleryReactions).where(where).returning({ kind: galleryReactions.kind });
  if (removed.length) return false;
  await tx.insert(galleryReactions).values(key).onConflictDoNothing();
  return true;
}

export interface ReactionCount {
  stationId: number;
  slide: number;
  kind: GalleryReactionKind;
  count: number;
  mine: boolean;
}

/** Reaction counts per station, slide and kind, and whether this person gave each; for the given stations. */
export async function countReactions(db: Db, stationIds: number[], userId: number, slide?: number): Promise<ReactionCount[]> {
  if (!stationIds.length) return [];
  const rows = await db
    .select({
      stationId: galleryReactions.stationId,
      slide: galleryReactions.slide,
      kind: galleryReactions.kind,
      count: sql<number>`count(*)::int`,
      mine: sql<boolean>`bool_or(${galleryReactions.userId} = ${userId})`,
    })
    .from(galleryReactions)
    .where(
      and(
        sql`${galleryReactions.stationId} in (${sql.join(stationIds.map((id) => sql`${id}`), sql`, `)})`,
        slide === undefined ? undefined : eq(galleryReactions.slide, slide),
      ),
    )
    .groupBy(galleryReactions.stationId, galleryReactions.slide, galleryReactions.kind);
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}
