import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { gradeMarks, graderAllocations, memberships, networks, schools, users, type CriterionJudgement } from './schema';

export type GradeMarkRow = typeof gradeMarks.$inferSelect;
export type AllocationRow = typeof graderAllocations.$inferSelect;
export type MarkerSlot = 1 | 2;

/** A grader of the network: an active member who is staff or a leader in the network's course. */
export async function findGraderInContext(db: Db, contextId: number, userId: number): Promise<{ userId: number } | undefined> {
  const [row] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.contextId, contextId), eq(memberships.userId, userId), eq(memberships.status, 'active'), sql`${memberships.roles} && array['leader', 'staff']`));
  return row;
}

/** An active participant of the network's course, with their school (null when they have not chosen one). */
export async function findParticipantInContext(db: Db, contextId: number, userId: number): Promise<{ userId: number; schoolId: number | null } | undefined> {
  const [row] = await db
    .select({ userId: memberships.userId, schoolId: memberships.schoolId })
    .from(memberships)
    .where(and(eq(memberships.contextId, contextId), eq(memberships.userId, userId), eq(memberships.status, 'active'), sql`'participant' = any(${memberships.roles})`));
  return row;
}

export async function findSchoolInNetwork(db: Db, networkId: number, schoolId: number): Promise<{ id: number } | undefined> {
  const [row] = await db.select({ id: schools.id }).from(schools).where(and(eq(schools.id, schoolId), eq(schools.networkId, networkId)));
  return row;
}

export interface PersonOption {
  userId: number;
  name: string | null;
  schoolId: number | null;
}

/** Active members of the course with one of these tool roles, by name (graders: leader + staff; participants). */
export async function listMembersWithRoles(db: Db, contextId: number, roles: string[]): Promise<PersonOption[]> {
  return db
    .select({ userId: memberships.userId, name: users.name, schoolId: memberships.schoolId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.contextId, contextId), eq(memberships.status, 'active'), or(...roles.map((role) => sql`${role} = any(${memberships.roles})`))))
    .orderBy(asc(users.name), asc(users.id));
}

export async function listSchools(db: Db, networkId: number): Promise<Array<{ id: number; name: string }>> {
  return db.select({ id: schools.id, name: schools.name }).from(schools).where(eq(schools.networkId, networkId)).orderBy(asc(schools.name));
}

export async function listAllocations(db: Db, networkId: number): Promise<AllocationRow[]> {
  return db.select().from(graderAllocations).where(eq(graderAllocations.networkId, networkId)).orderBy(asc(graderAllocations.id));
}

/** Inserts the allocation; the same grader for the same participant or school as the same marker is one row. */
export async function insertAllocation(
  db: Db,
  row: { networkId: number; graderUserId: number; participantUserId: number | null; schoolId: number | null; marker: MarkerSlot; createdByUserId: number },
): Promise<void> {
  await db.insert(graderAllocations).values(row).onConflictDoNothing();
}

/** Removes one allocation of this network; false when there is none with that id here. */
export async function deleteAllocation(db: Db, networkId: number, allocationId: number): Promise<boolean> {
  const rows = await db
    .delete(graderAllocations)
    .where(and(eq(graderAllocations.id, allocationId), eq(graderAllocations.networkId, networkId)))
    .returning({ id: graderAllocations.id });
  return rows.length > 0;
}

/** The allocations that reach a participant: made for them, or for their school. */
export async function allocationsReaching(db: Db, networkId: number, participantId: number, schoolId: number | null): Promise<Array<{ graderUserId: number; marker: number }>> {
  const reach = schoolId === null ? eq(graderAllocations.participantUserId, participantId) : or(eq(graderAllocations.participantUserId, participantId), eq(graderAllocations.schoolId, schoolId));
  return db
    .select({ graderUserId: graderAllocations.graderUserId, marker: graderAllocations.marker })
    .from(graderAllocations)
    .where(and(eq(graderAllocations.networkId, networkId), reach))
    .orderBy(asc(graderAllocations.id));
}

/** The participant's school in this network's course (null: none, or not a member). */
export async function schoolOfMemberInNetwork(db: Db, networkId: number, userId: number): Promise<number | null> {
  const [row] = await db
    .select({ schoolId: memberships.schoolId })
    .from(memberships)
    .innerJoin(networks, eq(networks.contextId, memberships.contextId))
    .where(and(eq(networks.id, networkId), eq(memberships.userId, userId)));
  return row?.schoolId ?? null;
}

export interface MarkWithName extends GradeMarkRow {
  markerName: string | null;
}

/** The marks written for one participant's assignment, oldest first (the first marker first). */
export async function listMarks(db: Db, assignmentId: number, participantId: number): Promise<MarkWithName[]> {
  const rows = await db
    .select({ mark: gradeMarks, markerName: users.name })
    .from(gradeMarks)
    .innerJoin(users, eq(users.id, gradeMarks.markerUserId))
    .where(and(eq(gradeMarks.assignmentId, assignmentId), eq(gradeMarks.userId, participantId)))
    .orderBy(asc(gradeMarks.id));
  return rows.map((row) => ({ ...row.mark, markerName: row.markerName }));
}

/**
 * Serialises every change to one participant's marks for the rest of the transaction, whether or not a mark or a
 * grade row exists yet: two graders starting at once cannot both become "the second marker". The two-key form of
 * the advisory lock keeps it apart from the single-key locks used elsewhere (live events).
 */
export async function lockMarking(tx: Db, assignmentId: number, participantId: number): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${assignmentId}::int, ${participantId}::int)`);
}

export interface MarkFields {
  passed: boolean | null;
  points: number | null;
  criteria: CriterionJudgement[];
  feedback: string;
  submittedAt: Date | null;
}

export async function insertMark(tx: Db, assignmentId: number, participantId: number, markerUserId: number, fields: MarkFields): Promise<void> {
  await tx.insert(gradeMarks).values({ assignmentId, userId: participantId, markerUserId, ...fields, updatedAt: new Date() });
}

export async function updateMark(tx: Db, markId: number, fields: Partial<MarkFields>): Promise<void> {
  await tx.update(gradeMarks).set({ ...fields, updatedAt: new Date() }).where(eq(gradeMarks.id, markId));
}

/** Names of users by id, for "agreed by …" and the allocation lists. */
export async function userNames(db: Db, ids: number[]): Promise<Map<number, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((row) => [row.id, row.name]));
}
