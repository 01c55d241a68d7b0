import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { assignments } from './schema';

export type AssignmentRow = typeof assignments.$inferSelect;
export type NewAssignment = typeof assignments.$inferInsert;

export async function insertAssignments(db: Db, rows: NewAssignment[]): Promise<void> {
  if (rows.length) await db.insert(assignments).values(rows);
}

export async function insertAssignment(db: Db, row: NewAssignment): Promise<AssignmentRow> {
  const [inserted] = await db.insert(assignments).values(row).returning();
  return inserted!;
}

export async function listAssignments(db: Db, networkId: number): Promise<AssignmentRow[]> {
  return db.select().from(assignments).where(eq(assignments.networkId, networkId)).orderBy(asc(assignments.letter));
}

/** The assignment, only if it belongs to the network: ids from the client are checked against the launch. */
export async function findAssignmentInNetwork(db: Db, networkId: number, assignmentId: number): Promise<AssignmentRow | undefined> {
  const [row] = await db.select().from(assignments).where(and(eq(assignments.id, assignmentId), eq(assignments.networkId, networkId)));
  return row;
}

export async function updateAssignment(db: Db, assignmentId: number, changes: Partial<NewAssignment>): Promise<AssignmentRow | undefined> {
  const [row] = await db.update(assignments).set(changes).where(eq(assignments.id, assignmentId)).returning();
  return row;
}
