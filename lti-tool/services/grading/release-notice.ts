import type { Db } from '../../db';
import type { GradeChanged } from './grade-events';

/** Stand-in (part B): tells the participant (notification, and mail as they chose) when their grade is released. */
export async function noticeGradeReleased(_tx: Db, _event: GradeChanged): Promise<void> {}
