import { and, asc, count, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { conversationGroupMembers, galleryComments, galleryReactions, galleryReplies, galleryStations, galleryWalks, submissions, users } from './schema';

export type CommentRow = typeof galleryComments.$inferSelect;
export type ReplyRow = typeof galleryReplies.$inferSelect;

/** A comment with the name of who wrote it (the view decides whether that name may be shown). */
export interface CommentWithName extends CommentRow {
  commenterName: string | null;
}

export interface ReplyWithName extends ReplyRow {
  name: string | null;
}

/** A comment of a walk, with whose presentation it is about: a comment id from the client is only trusted through this. */
export interface CommentInWalk {
  comment: CommentRow;
  stationAuthorId: number;
  submissionId: number;
}

export async function findCommentInWalk(db: Db, walkId: number, commentId: number): Promise<CommentInWalk | undefined> {
  const [row] = await db
    .select({ comment: galleryComments, stationAuthorId: submissions.userId, submissionId: submissions.id })
    .from(galleryComments)
    .innerJoin(galleryStations, eq(galleryStations.id, galleryComments.stationId))
    .innerJoin(submissions, eq(submissions.id, galleryStations.submissionId))
    .where(and(eq(galleryComments.id, commentId), eq(galleryComments.walkId, walkId)));
  return row;
}

export async function listCommentsOfStation(db: Db, stationId: number): Promise<CommentWithName[]> {
  const rows = await db
    .select({ comment: galleryComments, commenterName: users.name })
    .from(galleryComments)
    .innerJoin(users, eq(users.id, galleryComments.authorUserId))
    .where(eq(galleryComments.stationId, stationId))
    .orderBy(asc(galleryComments.slide), asc(galleryComments.createdAt), asc(galleryComments.id));
  return rows.map((row) => ({ ...row.comment, commenterName: row.commenterName }));
}

export async function listCommentsOfCommenter(db: Db, walkId: number, userId: number): Promise<CommentWithName[]> {
  const rows = await db
    .select({ comment: galleryComments, commenterName: users.name })
    .from(galleryComments)
    .innerJoin(users, eq(users.id, galleryComments.authorUserId))
    .where(and(eq(galleryComments.walkId, walkId), eq(galleryComments.authorUserId, userId)))
    .orderBy(asc(galleryComments.stationId), asc(galleryComments.slide), asc(galleryComments.id));
  return rows.map((row) => ({ ...row.comment, commenterName: row.commenterName }));
}

export async function listReplies(db: Db, commentIds: number[]): Promise<ReplyWithName[]> {
  if (!commentIds.length) return [];
  const rows = await db
    .select({ reply: galleryReplies, name: users.name })
    .from(galleryReplies)
    .innerJoin(users, eq(users.id, galleryReplies.authorUserId))
    .where(inArray(galleryReplies.commentId, commentIds))
    .orderBy(asc(galleryReplies.createdAt), asc(galleryReplies.id));
  return rows.map((row) => ({ ...row.reply, name: row.name }));
}

export async function insertReply(db: Db, reply: typeof galleryReplies.$inferInsert): Promise<ReplyRow> {
  const [row] = await db.insert(galleryReplies).values(reply).returning();
  return row!;
}

type CommentChanges = Partial<Pick<CommentRow, 'response' | 'responseVersion' | 'respondedAt' | 'helpful' | 'hiddenAt' | 'hiddenByUserId' | 'hiddenReason'>>;

export async function updateComment(db: Db, commentId: number, changes: CommentChanges): Promise<void> {
  await db.update(galleryComments).set(changes).where(eq(galleryComments.id, commentId));
}

/** How many reactions of each kind each slide of a station got. */
export async function countReactions(db: Db, stationId: number): Promise<Array<{ slide: number; kind: string; count: number }>> {
  return db
    .select({ slide: galleryReactions.slide, kind: galleryReactions.kind, count: count() })
    .from(galleryReactions)
    .where(eq(galleryReactions.stationId, stationId))
    .groupBy(galleryReactions.slide, galleryReactions.kind)
    .orderBy(asc(galleryReactions.slide), asc(galleryReactions.kind));
}

/** Who commented on which station, and how often (hidden comments apart), for the overview and the open gallery. */
export async function countCommentsByStationAndCommenter(
  db: Db,
  walkId: number,
): Promise<Array<{ stationId: number; commenterId: number; commenterName: string | null; visible: number; hidden: number }>> {
  return db
    .select({
      stationId: galleryComments.stationId,
      commenterId: galleryComments.authorUserId,
      commenterName: users.name,
      visible: sql<number>`count(*) filter (where ${galleryComments.hiddenAt} is null)::int`,
      hidden: sql<number>`count(*) filter (where ${galleryComments.hiddenAt} is not null)::int`,
    })
    .from(galleryComments)
    .innerJoin(users, eq(users.id, galleryComments.authorUserId))
    .where(eq(galleryComments.walkId, walkId))
    .groupBy(galleryComments.stationId, galleryComments.authorUserId, users.name);
}

/** Per walk of the network, the comments on this person's presentations that they have not yet answered. */
/** The person is one of the station's authors: the submission's author, or a member of the group the station belongs to. */
const isStationAuthor = (userId: number) =>
  or(
    eq(submissions.userId, userId),
    sql`exists (select 1 from ${conversationGroupMembers} where ${conversationGroupMembers.groupId} = ${galleryStations.groupId} and ${conversationGroupMembers.userId} = ${userId})`,
  )!;

export async function countUnansweredFeedback(db: Db, networkId: number, authorId: number): Promise<Array<{ walkId: number; assignmentId: number; title: string; count: number }>> {
  return db
    .select({ walkId: galleryWalks.id, assignmentId: galleryWalks.assignmentId, title: galleryWalks.title, count: count() })
    .from(galleryComments)
    .innerJoin(galleryWalks, eq(galleryWalks.id, galleryComments.walkId))
    .innerJoin(galleryStations, eq(galleryStations.id, galleryComments.stationId))
    .innerJoin(submissions, eq(submissions.id, galleryStations.submissionId))
    .where(and(eq(galleryWalks.networkId, networkId), isStationAuthor(authorId), isNull(galleryComments.response), isNull(galleryComments.hiddenAt)))
    .groupBy(galleryWalks.id, galleryWalks.assignmentId, galleryWalks.title)
    .orderBy(asc(galleryWalks.id));
}

/** The published walks of an assignment that show this person's presentation (or their group's), with how much feedback it got. */
export async function listWalksShowingAuthor(db: Db, assignmentId: number, authorId: number): Promise<Array<{ walkId: number; title: string; comments: number }>> {
  return db
    .select({
      walkId: galleryWalks.id,
      title: galleryWalks.title,
      comments: sql<number>`(select count(*)::int from ${galleryComments} where ${galleryComments.stationId} = ${galleryStations.id} and ${galleryComments.hiddenAt} is null)`,
    })
    .from(galleryStations)
    .innerJoin(galleryWalks, eq(galleryWalks.id, galleryStations.walkId))
    .innerJoin(submissions, eq(submissions.id, galleryStations.submissionId))
    .where(and(eq(galleryWalks.assignmentId, assignmentId), isStationAuthor(authorId), sql`${galleryWalks.publishedAt} is not null`))
    .orderBy(asc(galleryWalks.id));
}

export async function namesOf(db: Db, userIds: number[]): Promise<Map<number, string | null>> {
  if (!userIds.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, userIds));
  return new Map(rows.map((row) => [row.id, row.name]));
}
