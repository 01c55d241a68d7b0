import type { Db } from '../../db';
import type { GradeChanged } from '../grading/grade-events';

/** Stand-in (part D): queues the assignment's score for a released grade; nothing for other states. */
export async function queueAssignmentScore(_tx: Db, _event: GradeChanged): Promise<void> {}
