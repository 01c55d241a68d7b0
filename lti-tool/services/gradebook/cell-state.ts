import type { GradeSendState, GradeState } from '../../../models/schema';

/** What a gradebook cell of an assignment says, from nothing handed in to the score at the platform. */
export const assignmentCellStates = ['missing', 'draft', 'submitted', 'late', 'inGrading', 'graded', 'released', 'sent', 'sendFailed'] as const;
export type AssignmentCellState = (typeof assignmentCellStates)[number];

export interface AssignmentCellFacts {
  submission: { state: 'draft' | 'final' | 'withdrawn'; late: boolean } | null;
  grade: { state: GradeState } | null;
  /** The latest send of this assignment's score for this participant. */
  send: { state: GradeSendState } | null;
  /** Whether the reader may know about the grade (grade.see): when not, the cell says only what was handed in. */
  gradeVisible: boolean;
}

/**
 * The one place a cell's state is decided. The grade outranks the submission (a graded late submission is
 * graded), and once released the send decides: sent, failed, or still on its way (shown as released).
 * A withdrawn submission counts as missing: nothing is handed in.
 */
export function assignmentCellState(facts: AssignmentCellFacts): AssignmentCellState {
  if (facts.gradeVisible && facts.grade) {
    if (facts.grade.state === 'inGrading') return 'inGrading';
    if (facts.grade.state === 'graded') return 'graded';
    if (facts.send?.state === 'sent') return 'sent';
    if (facts.send?.state === 'failed') return 'sendFailed';
    return 'released';
  }
  const submission = facts.submission;
  if (!submission || submission.state === 'withdrawn') return 'missing';
  if (submission.state === 'draft') return 'draft';
  return submission.late ? 'late' : 'submitted';
}

/** The state filters of the gradebook, and which cell states each one finds. */
export const stateFilters = ['missing', 'notGraded', 'notReleased', 'sendFailed', 'notComplete'] as const;
export type StateFilter = (typeof stateFilters)[number];

const filterOfState: Partial<Record<AssignmentCellState, StateFilter>> = {
  missing: 'missing',
  draft: 'missing',
  submitted: 'notGraded',
  late: 'notGraded',
  inGrading: 'notGraded',
  graded: 'notReleased',
  sendFailed: 'sendFailed',
};

/** The state filter an assignment cell answers to, if any ("submitted, not graded" takes grading begun but not finished). */
export const stateFilterOf = (state: AssignmentCellState): StateFilter | undefined => filterOfState[state];

/** A meeting cell: attended (checked in), declined, absent (held, not there) or upcoming. */
export type MeetingCellState = 'attended' | 'declined' | 'absent' | 'upcoming';

export function meetingCellState(facts: { checkedIn: boolean; response: 'yes' | 'no' | null; held: boolean }): MeetingCellState {
  if (facts.checkedIn) return 'attended';
  if (facts.response === 'no') return 'declined';
  return facts.held ? 'absent' : 'upcoming';
}
