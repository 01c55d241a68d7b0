import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { attendance, guests, memberships, meetings, users } from './schema';

export type GuestRow = typeof guests.$inferSelect;

export async function saveResponse(db: Db, meetingId: number, userId: number, response: 'yes' | 'no', reason: string | null, now: Date): Promise<void> {
  await db
    .insert(attendance)
    .values({ meetingId, userId, response, reason, respondedAt: now })
    .onConflictDoUpdate({ target: [attendance.meetingId, attendance.userId], set: { response, reason, respondedAt: now } });
}

export async function findResponse(db: Db, meetingId: number, userId: number) {
  const [row] = await db.select().from(attendance).where(and(eq(attendance.meetingId, meetingId), eq(attendance.userId, userId)));
  return row;
}

export interface AttendanceLine {
  userId: number;
  name: string | null;
  email: string | null;
  roles: string[];
  response: 'yes' | 'no' | null;
  reason: string | null;
  respondedAt: Date | null;
  checkedInAt: Date | null;
  checkedInBy: 'leader' | 'self' | null;
}

/** Every active member of the course with their answer for one meeting (none yet: null). */
export async function listAttendance(db: Db, contextId: number, meetingId: number): Promise<AttendanceLine[]> {
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      roles: memberships.roles,
      response: attendance.response,
      reason: attendance.reason,
      respondedAt: attendance.respondedAt,
      checkedInAt: attendance.checkedInAt,
      checkedInBy: attendance.checkedInBy,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(attendance, and(eq(attendance.userId, users.id), eq(attendance.meetingId, meetingId)))
    .where(and(eq(memberships.contextId, contextId), eq(memberships.status, 'active'), sql`'participant' = any(${memberships.roles})`))
    .orderBy(sql`${users.name} asc nulls last`, asc(users.id));
}

export async function checkInMember(db: Db, meetingId: number, userId: number, by: 'leader' | 'self', now: Date): Promise<void> {
  await db
    .insert(attendance)
    .values({ meetingId, userId, checkedInAt: now, checkedInBy: by })
    .onConflictDoUpdate({ target: [attendance.meetingId, attendance.userId], set: { checkedInAt: now, checkedInBy: by } });
}

export async function addGuest(db: Db, guest: typeof guests.$inferInsert): Promise<GuestRow> {
  const [row] = await db.insert(guests).values(guest).returning();
  return row!;
}

export async function listGuests(db: Db, meetingId: number): Promise<Array<GuestRow & { registeredBy: string | null }>> {
  const rows = await db
    .select({ guest: guests, registeredBy: users.name })
    .from(guests)
    .leftJoin(users, eq(users.id, guests.registeredByUserId))
    .where(eq(guests.meetingId, meetingId))
    .orderBy(asc(guests.name));
  return rows.map((row) => ({ ...row.guest, registeredBy: row.registeredBy }));
}

export async function checkInGuest(db: Db, meetingId: number, guestId: number, now: Date): Promise<boolean> {
  const rows = await db
    .update(guests)
    .set({ checkedInAt: now })
    .where(and(eq(guests.id, guestId), eq(guests.meetingId, meetingId), isNull(guests.checkedInAt)))
    .returning({ id: guests.id });
  return rows.length === 1;
}

export async function setCheckInCode(db: Db, meetingId: number, code: string): Promise<void> {
  await db.update(meetings).set({ checkInCode: code }).where(eq(meetings.id, meetingId));
}

/** Each member's answers for every meeting of a network, for the year timeline. */
export async function responsesOf(db: Db, userId: number, meetingIds: number[]): Promise<Map<number, 'yes' | 'no' | null>> {
  if (!meetingIds.length) return new Map();
  const rows = await db
    .select({ meetingId: attendance.meetingId, response: attendance.response })
    .from(attendance)
    .where(and(eq(attendance.userId, userId), inArray(attendance.meetingId, meetingIds)));
  return new Map(rows.map((row) => [row.meetingId, row.response]));
}

/** Per person, how many of these meetings they signed up for and were checked in at, in one query. */
export async function attendanceCounts(db: Db, userIds: number[], meetingIds: number[]): Promise<Map<number, { signedUp: number; checkedIn: number }>> {
  if (!userIds.length || !meetingIds.length) return new Map();
  const rows = await db
    .select({
      userId: attendance.userId,
      signedUp: sql<number>`count(*) filter (where ${attendance.response} = 'yes')`,
      checkedIn: sql<number>`count(${attendance.checkedInAt})`,
    })
    .from(attendance)
    .where(and(inArray(attendance.userId, userIds), inArray(attendance.meetingId, meetingIds)))
    .groupBy(attendance.userId);
  return new Map(rows.map((row) => [row.userId, { signedUp: Number(row.signedUp), checkedIn: Number(row.checkedIn) }]));
}
