import type { GradeState } from '../../../models/schema';

/** A grade that changed: saved, agreed, released or hidden again. */
export interface GradeChanged {
  networkId: number;
  contextId: number;
  assignmentId: number;
  participantId: number;
  gradeId: number;
  state: GradeState;
  previousState: GradeState | null;
  byUserId: number;
}
