import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { assignmentGrading, gradeHistory, grades, type GradeAction } from './schema';

export type AssignmentGradingRow = typeof assignmentGrading.$inferSelect;
export type GradeRow = typeof grades.$inferSelect;
export type GradeHistoryRow = typeof gradeHistory.$inferSelect;

export async function findAssignmentGrading(db: Db, assignmentId: number): Promise<AssignmentGradingRow | undefined> {
  const [row] = await db.select().from(assignmentGrading).where(eq(assignmentGrading.assignmentId, assignmentId));
  return row;
}

export async function findGrade(db: Db, assignmentId: number, userId: number): Promise<GradeRow | undefined> {
  const [row] = await db.select().from(grades).where(and(eq(grades.assignmentId, assignmentId), eq(grades.userId, userId)));
  return row;
}

/** The grade row locked for the rest of the transaction (null when there is none yet). */
export async function lockGrade(tx: Db, assignmentId: number, userId: number): Promise<GradeRow | undefined> {
  const [row] = await tx
    .select()
    .from(grades)
    .where(and(eq(grades.assignmentId, assignmentId), eq(grades.userId, userId)))
    .for('update');
  return row;
}

export type GradeFields = Pick<GradeRow, 'state' | 'passed' | 'points' | 'criteria' | 'feedback' | 'privateNotes' | 'gradedByUserId' | 'gradedAt' | 'releasedAt' | 'releasedByUserId'>;

/**
 * Writes the grade (insert, or update of the row the caller locked, bumping its version) and one history row
 * with what it became. Concurrent first saves are one row: the unique key makes the second an update.
 */
export async function upsertGrade(tx: Db, assignmentId: number, userId: number, fields: GradeFields, action: GradeAction, byUserId: number): Promise<GradeRow> {
  const now = new Date();
  const [row] = await tx
    .insert(grades)
    .values({ assignmentId, userId, ...fields, updatedAt: now })
    .onConflictDoUpdate({
      target: [grades.assignmentId, grades.userId],
      set: { ...fields, version: sql`${grades.version} + 1`, updatedAt: now },
    })
    .returning();
  await tx.insert(gradeHistory).values({
    gradeId: row!.id,
    action,
    state: row!.state,
    passed: row!.passed,
    points: row!.points,
    criteria: row!.criteria,
    feedback: row!.feedback,
    privateNotes: row!.privateNotes,
    byUserId,
    at: now,
  });
  return row!;
}
