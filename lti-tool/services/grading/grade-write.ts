import type { Db } from '../../db';
import { AppError } from '../../errors';
import { lockGrade, upsertGrade, type GradeFields, type GradeRow } from '../../../models/grading';
import type { GradeAction } from '../../../models/schema';
import { afterGradeChanged } from './grade-events';

export interface GradeWrite {
  networkId: number;
  contextId: number;
  assignmentId: number;
  participantId: number;
  fields: GradeFields;
  action: GradeAction;
  byUserId: number;
  /** The version the grader's form showed; a save over a newer version is refused (null: the form showed no grade). */
  expectedVersion?: number | null;
}

/**
 * The one way a grade is written (saving, agreeing double marks, releasing, hiding again): the row is locked,
 * a save made from a stale form is refused with 409 rather than overwriting another grader's work unseen,
 * the history keeps what it became, and afterGradeChanged runs in the same transaction.
 * Callers have checked who may do it and validated the fields.
 */
export async function writeGrade(db: Db, write: GradeWrite): Promise<GradeRow> {
  return db.transaction(async (tx) => {
    const current = await lockGrade(tx, write.assignmentId, write.participantId);
    if (write.expectedVersion !== undefined && (current?.version ?? null) !== write.expectedVersion) {
      throw new AppError(409, 'grade_changed_meanwhile', `grade of ${write.participantId} on ${write.assignmentId} is at version ${current?.version ?? 'none'}`);
    }
    const row = await upsertGrade(tx, write.assignmentId, write.participantId, write.fields, write.action, write.byUserId);
    await afterGradeChanged(tx, {
      networkId: write.networkId,
      contextId: write.contextId,
      assignmentId: write.assignmentId,
      participantId: write.participantId,
      gradeId: row.id,
      state: row.state,
      previousState: current?.state ?? null,
      byUserId: write.byUserId,
    });
    return row;
  });
}
