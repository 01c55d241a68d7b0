import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { intervals, meetings, networks, programmeItems } from './schema';

export type MeetingRow = typeof meetings.$inferSelect;
export type NewMeeting = typeof meetings.$inferInsert;
export type ProgrammeItemRow = typeof programmeItems.$inferSelect;
export type IntervalRow = typeof intervals.$inferSelect;
export type NetworkRow = typeof networks.$inferSelect;

export interface MeetingWithProgramme {
  meeting: Omit<NewMeeting, 'networkId'>;
  programme: Array<Omit<typeof programmeItems.$inferInsert, 'meetingId'>>;
}

/** Stores a whole year: meetings with their programmes, and the intervals. Run it in a transaction. Returns meeting ids by number. */
export async function insertYear(
  tx: Db,
  networkId: number,
  year: { meetings: MeetingWithProgramme[]; intervals: Array<Omit<typeof intervals.$inferInsert, 'networkId'>> },
): Promise<Map<number, number>> {
  const ids = new Map<number, number>();
  for (const { meeting, programme } of year.meetings) {
    const [row] = await tx.insert(meetings).values({ ...meeting, networkId }).returning({ id: meetings.id });
    ids.set(meeting.number, row!.id);
    if (programme.length) await tx.insert(programmeItems).values(programme.map((item) => ({ ...item, meetingId: row!.id })));
  }
  if (year.intervals.length) await tx.insert(intervals).values(year.intervals.map((interval) => ({ ...interval, networkId })));
  return ids;
}

export async function updateNetworkSettings(db: Db, networkId: number, changes: Partial<typeof networks.$inferInsert>): Promise<NetworkRow | undefined> {
  const [row] = await db.update(networks).set(changes).where(eq(networks.id, networkId)).returning();
  return row;
}

export async function findNetworkById(db: Db, networkId: number): Promise<NetworkRow | undefined> {
  const [row] = await db.select().from(networks).where(eq(networks.id, networkId));
  return row;
}

export async function listMeetings(db: Db, networkId: number): Promise<MeetingRow[]> {
  return db.select().from(meetings).where(eq(meetings.networkId, networkId)).orderBy(asc(meetings.startsAt), asc(meetings.number));
}

/** The meeting, only if it belongs to the network: ids from the client are checked against the launch. */
export async function findMeetingInNetwork(db: Db, networkId: number, meetingId: number): Promise<MeetingRow | undefined> {
  const [row] = await db.select().from(meetings).where(and(eq(meetings.id, meetingId), eq(meetings.networkId, networkId)));
  return row;
}

export async function listProgramme(db: Db, meetingIds: number[]): Promise<ProgrammeItemRow[]> {
  if (!meetingIds.length) return [];
  return db.select().from(programmeItems).where(inArray(programmeItems.meetingId, meetingIds)).orderBy(asc(programmeItems.meetingId), asc(programmeItems.position));
}

export async function listIntervals(db: Db, networkId: number): Promise<IntervalRow[]> {
  return db.select().from(intervals).where(eq(intervals.networkId, networkId)).orderBy(asc(intervals.afterMeetingNumber), asc(intervals.id));
}

export async function updateMeeting(db: Db, meetingId: number, changes: Partial<NewMeeting>): Promise<MeetingRow | undefined> {
  const [row] = await db.update(meetings).set(changes).where(eq(meetings.id, meetingId)).returning();
  return row;
}

/** Replaces a meeting's programme with the given items, in order. Run it in a transaction. */
export async function replaceProgramme(tx: Db, meetingId: number, items: Array<Omit<typeof programmeItems.$inferInsert, 'meetingId'>>): Promise<void> {
  await tx.delete(programmeItems).where(eq(programmeItems.meetingId, meetingId));
  if (items.length) await tx.insert(programmeItems).values(items.map((item) => ({ ...item, meetingId })));
}
