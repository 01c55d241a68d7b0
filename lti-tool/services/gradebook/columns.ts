import { authorize } from '../../policies';
import { passedOf, scaleSetUpOf, scoreOf, type GradingSetUp } from '../grading/scale';
import { listMeetings } from '../../../models/year';
import {
  countGalleryFeedbackGiven,
  listAssignmentCells,
  listAttendanceCells,
  listGradebookAssignments,
  listProgressCells,
  type AssignmentCellRow,
  type GradebookAssignment,
} from '../../../models/gradebook';
import { assignmentCellState, meetingCellState, stateFilterOf, type StateFilter } from './cell-state';
import { evaluationColumns } from './evaluation-column';
import type { ColumnScope, ColumnSource, GradebookCell, LoadedColumn, RowScope, Text } from './types';

/**
 * The gradebook's columns, in the order they are shown: every column of the page, the CSV and the report comes
 * from this one list (evaluations answered come after the gallery feedback); nothing else needs to change for
 * a new kind of column.
 */
export const columnSources: ColumnSource[] = [
  { kind: 'assignment', load: assignmentColumns },
  { kind: 'meeting', load: meetingColumns },
  { kind: 'gallery', load: galleryColumn },
  { kind: 'evaluation', load: evaluationColumns },
  { kind: 'progress', load: progressColumn },
];

// One text object per state, shared by every cell that says it.
const stateTexts = new Map<string, Text>();
const stateText = (key: string): Text => {
  let text = stateTexts.get(key);
  if (!text) stateTexts.set(key, (text = { key }));
  return text;
};
const shorten = (text: string, length = 28) => (text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text);
const countIn = (cells: Map<number, GradebookCell>, userIds: number[]) => userIds.filter((userId) => cells.get(userId)?.counts).length;

const setUpOf = (assignment: GradebookAssignment): GradingSetUp => scaleSetUpOf(assignment.id, assignment);

function gradeText(setUp: GradingSetUp, row: AssignmentCellRow): Text | null {
  const score = scoreOf(setUp, { passed: row.passed, points: row.points });
  if (!score) return null;
  if (setUp.scale === 'passFail') return stateText(row.passed ? 'gradebook.grade.pass' : 'gradebook.grade.again');
  return { key: 'gradebook.grade.points', params: { points: score.scoreGiven, max: score.scoreMaximum } };
}

async function assignmentColumns(scope: ColumnScope): Promise<(rows: RowScope) => LoadedColumn[]> {
  const [assignments, rows] = await Promise.all([listGradebookAssignments(scope.db, scope.networkId), listAssignmentCells(scope.db, scope.contextId, scope.networkId)]);
  const byKey = new Map(rows.map((row) => [row.assignmentId * 4_294_967_296 + row.userId, row]));
  // Graders open the grading page from a cell; the page itself decides who may save a grade there.
  const links = authorize(scope.actor, 'grade.release');
  return (shown) => assignments.map((assignment) => {
    const setUp = setUpOf(assignment);
    const cells = new Map<number, GradebookCell>();
    for (const userId of shown.userIds) {
      const row = byKey.get(assignment.id * 4_294_967_296 + userId);
      const released = row?.gradeState === 'released';
      const gradeVisible = authorize(scope.actor, 'grade.see', { participantId: userId, released, schoolLeadersSeeGrades: shown.schoolLeadersSeeGrades });
      const state = assignmentCellState({
        submission: row?.submissionState ? { state: row.submissionState, late: row.late } : null,
        grade: row?.gradeState ? { state: row.gradeState } : null,
        send: row?.sendState ? { state: row.sendState } : null,
        gradeVisible,
      });
      cells.set(userId, {
        state,
        text: stateText(`gradebook.states.${state}`),
        grade: row && gradeVisible ? gradeText(setUp, row) : null,
        note: state === 'sendFailed' ? (row?.sendError ?? null) : null,
        href: links ? `assignments/${assignment.id}/grading/${userId}` : null,
        passed: row !== undefined && released && passedOf(setUp, { passed: row.passed, points: row.points }),
        counts: !['missing', 'draft'].includes(state),
      });
    }
    return {
      column: { key: `assignment:${assignment.id}`, kind: 'assignment', header: { key: 'assignments.letter', params: { letter: assignment.letter } }, subheader: shorten(assignment.title), title: assignment.title },
      cells,
      filtersOf: (userId: number) => {
        const state = cells.get(userId)?.state;
        const filter = state ? stateFilterOf(state as Parameters<typeof stateFilterOf>[0]) : undefined;
        return filter ? [filter] : [];
      },
      summaryOf: (userIds: number[]) => {
        const graded = userIds.filter((userId) => ['graded', 'released', 'sent', 'sendFailed'].includes(cells.get(userId)?.state ?? '')).length;
        return { key: 'gradebook.summary.assignment', params: { count: countIn(cells, userIds), graded, total: userIds.length } };
      },
    };
  });
}

async function meetingColumns(scope: ColumnScope): Promise<(rows: RowScope) => LoadedColumn[]> {
  const [meetings, rows] = await Promise.all([listMeetings(scope.db, scope.networkId), listAttendanceCells(scope.db, scope.networkId)]);
  meetings.sort((a, b) => a.number - b.number || a.startsAt.getTime() - b.startsAt.getTime());
  const byKey = new Map(rows.map((row) => [`${row.meetingId}:${row.userId}`, row]));
  return (shown) => meetings.map((meeting) => {
    const cells = new Map<number, GradebookCell>();
    for (const userId of shown.userIds) {
      const row = byKey.get(`${meeting.id}:${userId}`);
      const state = meetingCellState({ checkedIn: row?.checkedIn ?? false, response: row?.response ?? null, held: meeting.startsAt <= scope.now });
      cells.set(userId, { state, text: stateText(`gradebook.meetingStates.${state}`), grade: null, note: null, href: null, counts: state === 'attended' });
    }
    return {
      column: { key: `meeting:${meeting.id}`, kind: 'meeting', header: { key: 'year.meetingNumber', params: { number: meeting.number } }, subheader: shorten(meeting.theme), title: meeting.theme },
      cells,
      filtersOf: () => [],
      summaryOf: (userIds: number[]) => ({ key: 'gradebook.summary.meeting', params: { count: countIn(cells, userIds), total: userIds.length } }),
    };
  });
}

async function galleryColumn(scope: ColumnScope): Promise<(rows: RowScope) => LoadedColumn[]> {
  const given = await countGalleryFeedbackGiven(scope.db, scope.networkId);
  return (shown) => {
    const cells = new Map<number, GradebookCell>();
    for (const userId of shown.userIds) {
      const count = given.get(userId) ?? 0;
      cells.set(userId, { state: 'count', text: { key: 'gradebook.galleryCount', params: { count } }, grade: null, note: null, href: null, counts: count > 0 });
    }
    return [
      {
        column: { key: 'gallery', kind: 'gallery', header: { key: 'gradebook.columns.gallery' }, subheader: null, title: null },
        cells,
        filtersOf: () => [],
        summaryOf: (userIds: number[]) => ({ key: 'gradebook.summary.gallery', params: { count: countIn(cells, userIds), total: userIds.length } }),
      },
    ];
  };
}

async function progressColumn(scope: ColumnScope): Promise<(rows: RowScope) => LoadedColumn[]> {
  const snapshots = new Map((await listProgressCells(scope.db, scope.networkId)).map((row) => [row.userId, row]));
  return (shown) => {
    const cells = new Map<number, GradebookCell>();
    for (const userId of shown.userIds) {
      const snapshot = snapshots.get(userId);
      const percent = Math.round((snapshot?.share ?? 0) * 100);
      const state = !snapshot ? 'unknown' : snapshot.complete ? 'complete' : 'incomplete';
      const text: Text = !snapshot ? { key: 'gradebook.progress.unknown' } : { key: snapshot.complete ? 'gradebook.progress.complete' : 'gradebook.progress.share', params: { percent } };
      cells.set(userId, { state, text, grade: null, note: null, href: null, counts: snapshot?.complete ?? false });
    }
    return [
      {
        column: { key: 'progress', kind: 'progress', header: { key: 'gradebook.columns.progress' }, subheader: null, title: null },
        cells,
        filtersOf: (userId: number): StateFilter[] => (cells.get(userId)?.state === 'complete' ? [] : ['notComplete']),
        summaryOf: (userIds: number[]) => ({ key: 'gradebook.summary.progress', params: { count: countIn(cells, userIds), total: userIds.length } }),
      },
    ];
  };
}
