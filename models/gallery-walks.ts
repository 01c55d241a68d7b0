import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { galleryStations, galleryVisits, galleryWalkers, galleryWalks, submissions, submissionVersions, users } from './schema';

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

/** A station with the presentation shown at it: its author, the submission's state and its newest version. */
export interface StationWithDeck {
  station: StationRow;
  authorId: number;
  authorName: string | null;
  submissionState: (typeof submissions.$inferSelect)['state'];
  version: VersionRow;
}

/** The walk's stations in number order, each with its author and the newest version of the deck. */
export async function listStationsWithDecks(db: Db, walkId: number): Promise<StationWithDeck[]> {
  const rows = await db
    .select({ station: galleryStations, authorId: submissions.userId, authorName: users.name, submissionState: submissions.state, version: submissionVersions })
    .from(galleryStations)
    .innerJoin(submissions, eq(submissions.id, galleryStations.submissionId))
    .innerJoin(users, eq(users.id, submissions.userId))
    .innerJoin(submissionVersions, eq(submissionVersions.submissionId, submissions.id))
    .where(eq(galleryStations.walkId, walkId))
    .orderBy(asc(galleryStations.number), desc(submissionVersions.number));
  const stations = new Map<number, StationWithDeck>();
  for (const row of rows) if (!stations.has(row.station.id)) stations.set(row.station.id, row);
  return [...stations.values()];
}

/** Replaces the walk's stations with these submissions, numbered 1.. in the order given. */
export async function replaceStations(tx: Db, walkId: number, submissionIds: number[]): Promise<StationRow[]> {
  await tx.delete(galleryStations).where(eq(galleryStations.walkId, walkId));
  if (!submissionIds.length) return [];
  return tx
    .insert(galleryStations)
    .values(submissionIds.map((submissionId, index) => ({ walkId, number: index + 1, submissionId })))
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
