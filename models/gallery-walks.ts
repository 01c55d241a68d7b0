import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { attendance, conversationGroupMembers, conversationGroups, galleryStations, galleryVisits, galleryWalkers, galleryWalks, memberships, submissions, submissionVersions, users } from './schema';

export type WalkRow = typeof galleryWalks.$inferSelect;
export type NewWalk = typeof galleryWalks.$inferInsert;
export type StationRow = typeof galleryStations.$inferSelect;
export type VisitRow = typeof galleryVisits.$inferSelect;
export type WalkerRow = typeof galleryWalkers.$inferSelect;
type VersionRow = typeof submissionVersions.$inferSelect;

export async function findWalkInNetwork(db: Db, networkId: number, walkId: number): Promise<WalkRow | undefined> {
  const [row] = await db.select().from(galleryWalks).where(and(eq(galleryWalks.id, walkId), eq(galleryWalks.networkId, networkId)));
  return row;
}

export async function listWalksOfNetwork(db: Db, networkId: number): Promise<WalkRow[]> {
  return db.select().from(galleryWalks).where(eq(galleryWalks.networkId, networkId)).orderBy(asc(galleryWalks.id));
}

export async function insertWalk(db: Db, walk: NewWalk): Promise<WalkRow> {
  const [row] = await db.insert(galleryWalks).values(walk).returning();
  return row!;
}

export async function updateWalk(db: Db, walkId: number, changes: Partial<NewWalk>): Promise<WalkRow | undefined> {
  const [row] = await db
    .update(galleryWalks)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(galleryWalks.id, walkId))
    .returning();
  return row;
}

/**
 * A station and whose presentation is shown at it, without the deck: what plans, counts and checks need.
 * `authorId` is the submission's author; `authorIds` are the station's authors — its group's members when the
 * station belongs to a group, else the submission's author. `authorName` is what the station is called by:
 * the author's name, or for a group station the group and its members ("Grupp 2 — Anna Ek, Bo Berg").
 */
export interface StationOfWalk {
  station: StationRow;
  authorId: number;
  authorIds: number[];
  authorName: string | null;
  group: { id: number; name: string; memberNames: string[] } | null;
  submissionState: (typeof submissions.$inferSelect)['state'];
}

/** A station with the newest version of its deck (slides, notes, pictures): what a page showing it needs. */
export interface StationWithDeck extends StationOfWalk {
  version: VersionRow;
}

const stationColumns = { station: galleryStations, authorId: submissions.userId, authorName: users.name, submissionState: submissions.state };

type StationBase = Omit<StationOfWalk, 'authorIds' | 'group'>;

/** Gives each station its authors: a group station's members (read in one query for all), else the submission's author. */
async function withAuthors<S extends StationBase>(db: Db, rows: S[]): Promise<Array<S & Pick<StationOfWalk, 'authorIds' | 'group'>>> {
  const groupIds = [...new Set(rows.flatMap((row) => (row.station.groupId === null ? [] : [row.station.groupId])))];
  const members = groupIds.length
    ? await db
        .select({ groupId: conversationGroups.id, groupName: conversationGroups.name, userId: conversationGroupMembers.userId, name: users.name })
        .from(conversationGroups)
        .leftJoin(conversationGroupMembers, eq(conversationGroupMembers.groupId, conversationGroups.id))
        .leftJoin(users, eq(users.id, conversationGroupMembers.userId))
        .where(inArray(conversationGroups.id, groupIds))
        .orderBy(sql`${users.name} asc nulls last`, asc(conversationGroupMembers.userId))
    : [];
  return rows.map((row) => {
    const mine = members.filter((member) => member.groupId === row.station.groupId);
    if (row.station.groupId === null || !mine.length) return { ...row, authorIds: [row.authorId], group: null };
    const memberIds = mine.flatMap((member) => (member.userId === null ? [] : [member.userId]));
    const memberNames = mine.flatMap((member) => (member.name ? [member.name] : []));
    // The submission's author stays an author even if they have since left the group.
    const authorIds = memberIds.includes(row.authorId) ? memberIds : [row.authorId, ...memberIds];
    const groupName = mine[0]!.groupName;
    return {
      ...row,
      authorIds,
      authorName: memberNames.length ? `${groupName} — ${memberNames.join(', ')}` : groupName,
      group: { id: row.station.groupId, name: groupName, memberNames },
    };
  });
}

/** The walk's stations in number order, each with its authors and the state of the submission. */
export async function listStations(db: Db, walkId: number): Promise<StationOfWalk[]> {
  const rows = await db
    .select(stationColumns)
    .from(galleryStations)
    .innerJoin(submissions, eq(submissions.id, galleryStations.submissionId))
    .innerJoin(users, eq(users.id, submissions.userId))
    .where(eq(galleryStations.walkId, walkId))
    .orderBy(asc(galleryStations.number));
  return withAuthors(db, rows);
}

/**
 * The walk's stations (or the given ones) with the newest version of each deck, read in one query that joins
 * only the newest version: a deck's older versions, and their contents, are never loaded.
 */
export async function listStationsWithDecks(db: Db, walkId: number, stationIds?: readonly number[]): Promise<StationWithDeck[]> {
  if (stationIds?.length === 0) return [];
  const newest = sql`${submissionVersions.number} = (select max(v.number) from submission_versions v where v.submission_id = ${submissions.id})`;
  const conditions = [eq(galleryStations.walkId, walkId), newest];
  if (stationIds) conditions.push(inArray(galleryStations.id, [...stationIds]));
  const rows = await db
    .select({ ...stationColumns, version: submissionVersions })
    .from(galleryStations)
    .innerJoin(submissions, eq(submissions.id, galleryStations.submissionId))
    .innerJoin(users, eq(users.id, submissions.userId))
    .innerJoin(submissionVersions, eq(submissionVersions.submissionId, submissions.id))
    .where(and(...conditions))
    .orderBy(asc(galleryStations.number));
  return withAuthors(db, rows);
}

/** The authors of one station: its group's members when it belongs to a group, else the submission's author. */
export async function stationAuthorIds(db: Db, stationId: number): Promise<number[]> {
  const [row] = await db
    .select({ station: galleryStations, authorId: submissions.userId })
    .from(galleryStations)
    .innerJoin(submissions, eq(submissions.id, galleryStations.submissionId))
    .where(eq(galleryStations.id, stationId));
  if (!row) return [];
  const [withGroup] = await withAuthors(db, [{ ...row, authorName: null, submissionState: 'final' as const }]);
  return withGroup!.authorIds;
}

/** Replaces the walk's stations with these submissions, numbered 1.. in the order given, each with its group if any. */
export async function replaceStations(tx: Db, walkId: number, stations: Array<{ submissionId: number; groupId: number | null }>): Promise<StationRow[]> {
  await tx.delete(galleryStations).where(eq(galleryStations.walkId, walkId));
  if (!stations.length) return [];
  return tx
    .insert(galleryStations)
    .values(stations.map(({ submissionId, groupId }, index) => ({ walkId, number: index + 1, submissionId, groupId })))
    .returning();
}

export async function listWalkers(db: Db, walkId: number): Promise<WalkerRow[]> {
  return db.select().from(galleryWalkers).where(eq(galleryWalkers.walkId, walkId)).orderBy(asc(galleryWalkers.joinedAt), asc(galleryWalkers.userId));
}

export async function listVisits(db: Db, walkId: number): Promise<VisitRow[]> {
  return db.select().from(galleryVisits).where(eq(galleryVisits.walkId, walkId)).orderBy(asc(galleryVisits.round), asc(galleryVisits.stationId), asc(galleryVisits.userId));
}

/** Where these people are in the given round. */
export async function visitsOfRound(db: Db, walkId: number, round: number, userIds?: number[]): Promise<VisitRow[]> {
  const conditions = [eq(galleryVisits.walkId, walkId), eq(galleryVisits.round, round)];
  if (userIds) {
    if (!userIds.length) return [];
    conditions.push(inArray(galleryVisits.userId, userIds));
  }
  return db.select().from(galleryVisits).where(and(...conditions));
}

/** The walks of one meeting, oldest first (a meeting normally has one). */
export async function listWalksOfMeeting(db: Db, networkId: number, meetingId: number): Promise<WalkRow[]> {
  return db
    .select()
    .from(galleryWalks)
    .where(and(eq(galleryWalks.networkId, networkId), eq(galleryWalks.meetingId, meetingId)))
    .orderBy(asc(galleryWalks.id));
}

/** The walks of a meeting that have a plan and have not ended: where a late check-in is placed. */
export async function listPlannedWalksOfMeeting(db: Db, meetingId: number): Promise<WalkRow[]> {
  return db
    .select()
    .from(galleryWalks)
    .where(and(eq(galleryWalks.meetingId, meetingId), isNotNull(galleryWalks.planMadeAt), isNull(galleryWalks.endedAt), eq(galleryWalks.mode, 'live')));
}

/** The walk, locked for this transaction: two facilitators pressing "next" at once apply one after the other. */
export async function lockWalk(tx: Db, walkId: number): Promise<WalkRow | undefined> {
  const [row] = await tx.select().from(galleryWalks).where(eq(galleryWalks.id, walkId)).for('update');
  return row;
}

export interface FinalSubmission {
  submissionId: number;
  userId: number;
  name: string | null;
}

/** The final (not withdrawn, not draft) submissions of an assignment with their authors, by name. */
export async function listFinalSubmissions(db: Db, assignmentId: number): Promise<FinalSubmission[]> {
  return db
    .select({ submissionId: submissions.id, userId: submissions.userId, name: users.name })
    .from(submissions)
    .innerJoin(users, eq(users.id, submissions.userId))
    .where(and(eq(submissions.assignmentId, assignmentId), eq(submissions.state, 'final')))
    .orderBy(sql`${users.name} asc nulls last`, asc(submissions.id));
}

/** The participants checked in to a meeting (leaders do not walk), in check-in order. */
export async function listCheckedInParticipants(db: Db, contextId: number, meetingId: number): Promise<number[]> {
  const rows = await db
    .select({ userId: attendance.userId })
    .from(attendance)
    .innerJoin(memberships, and(eq(memberships.userId, attendance.userId), eq(memberships.contextId, contextId)))
    .where(and(eq(attendance.meetingId, meetingId), isNotNull(attendance.checkedInAt), eq(memberships.status, 'active'), sql`'participant' = any(${memberships.roles})`))
    .orderBy(asc(attendance.checkedInAt), asc(attendance.userId));
  return rows.map((row) => row.userId);
}

/** Whether this person is checked in to the meeting. */
export async function isCheckedIn(db: Db, meetingId: number, userId: number): Promise<boolean> {
  const [row] = await db
    .select({ userId: attendance.userId })
    .from(attendance)
    .where(and(eq(attendance.meetingId, meetingId), eq(attendance.userId, userId), isNotNull(attendance.checkedInAt)));
  return row !== undefined;
}

export async function namesOf(db: Db, userIds: number[]): Promise<Map<number, string | null>> {
  if (!userIds.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, userIds));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Replaces the whole roster and plan (making the plan again). */
export async function replacePlan(tx: Db, walkId: number, walkers: number[], visits: Array<{ round: number; userId: number; stationId: number }>): Promise<void> {
  await tx.delete(galleryVisits).where(eq(galleryVisits.walkId, walkId));
  await tx.delete(galleryWalkers).where(eq(galleryWalkers.walkId, walkId));
  if (walkers.length) await tx.insert(galleryWalkers).values(walkers.map((userId) => ({ walkId, userId, fromRound: 1 })));
  if (visits.length) await tx.insert(galleryVisits).values(visits.map((visit) => ({ walkId, ...visit })));
}

/** Adds one walker and their visits; false when they were already on the roster (a second check-in, a race). */
export async function addWalker(tx: Db, walkId: number, userId: number, fromRound: number, visits: Array<{ round: number; stationId: number }>, now: Date): Promise<boolean> {
  const added = await tx.insert(galleryWalkers).values({ walkId, userId, fromRound, joinedAt: now }).onConflictDoNothing().returning({ userId: galleryWalkers.userId });
  if (!added.length) return false;
  if (visits.length) await tx.insert(galleryVisits).values(visits.map((visit) => ({ walkId, userId, ...visit })));
  return true;
}

export async function setVisit(tx: Db, walkId: number, round: number, userId: number, stationId: number): Promise<boolean> {
  const rows = await tx
    .update(galleryVisits)
    .set({ stationId })
    .where(and(eq(galleryVisits.walkId, walkId), eq(galleryVisits.round, round), eq(galleryVisits.userId, userId)))
    .returning({ userId: galleryVisits.userId });
  return rows.length === 1;
}

/**
 * Swaps what two stations show by swapping their numbers and their visitors: each station row keeps its
 * presentation (and the comments on it), and the people who were to stand at number 3 still do.
 */
export async function swapStations(tx: Db, walkId: number, a: StationRow, b: StationRow): Promise<void> {
  const inWalk = (id: number) => and(eq(galleryStations.walkId, walkId), eq(galleryStations.id, id));
  await tx.update(galleryStations).set({ number: -a.number }).where(inWalk(a.id));
  await tx.update(galleryStations).set({ number: a.number }).where(inWalk(b.id));
  await tx.update(galleryStations).set({ number: b.number }).where(inWalk(a.id));
  await tx
    .update(galleryVisits)
    .set({ stationId: sql`case when ${galleryVisits.stationId} = ${a.id}::integer then ${b.id}::integer else ${a.id}::integer end` })
    .where(and(eq(galleryVisits.walkId, walkId), inArray(galleryVisits.stationId, [a.id, b.id])));
}
