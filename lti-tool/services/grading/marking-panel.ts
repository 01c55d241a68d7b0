import type { Db } from '../../db';
import type { Actor } from '../../policies';

/** What the grading page shows of blind double marking for this grader and participant (view: views/grading/_marking.ejs). */
export interface MarkingPanel {
  /** True when the assignment is double marked: the page shows this panel instead of the single grade form. */
  replacesGradeForm: boolean;
  [key: string]: unknown;
}

/** Stand-in (part C): null while the assignment is not double marked. */
export async function markingPanelFor(_db: Db, _actor: Actor, _assignmentId: number, _participantId: number): Promise<MarkingPanel | null> {
  return null;
}
