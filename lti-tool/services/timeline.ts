import type { Db } from '../db';
import { responsesOf } from '../../models/attendance';
import { listOwnSubmissions, type SubmissionRow } from '../../models/submissions';
import type { AssignmentRow } from '../../models/assignments';
import type { MeetingView, PlannedInterval, YearView } from './year-types';

export interface Timeline {
  year: YearView;
  next: MeetingView | undefined;
  /** The work to do before the next meeting: the interval that leads to it. */
  preparation: PlannedInterval | undefined;
  responses: Map<number, 'yes' | 'no' | null>;
  past: MeetingView[];
  upcoming: MeetingView[];
  /** Assignments still to hand in (not yet final), soonest first, with the member's own state. */
  due: Array<{ assignment: AssignmentRow; state: SubmissionRow['state'] | 'none' }>;
}

/** What comes next for one member: the next meeting, what to prepare for it, what is due, and their own answers. */
export async function timelineFor(db: Db, year: YearView, userId: number, assignments: AssignmentRow[], now = new Date()): Promise<Timeline> {
  const upcoming = year.meetings.filter((meeting) => meeting.endsAt > now);
  const past = year.meetings.filter((meeting) => meeting.endsAt <= now);
  const next = upcoming[0];
  const previousNumber = past.at(-1)?.number ?? null;
  const preparation = next ? year.intervals.find((interval) => interval.afterMeeting === previousNumber) : undefined;
  const comingDue = assignments.filter((assignment) => assignment.dueAt > now).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const [responses, own] = await Promise.all([
    responsesOf(db, userId, year.meetings.map((meeting) => meeting.id)),
    listOwnSubmissions(db, userId, comingDue.map((assignment) => assignment.id)),
  ]);
  const due = comingDue
    .map((assignment) => ({ assignment, state: own.find((submission) => submission.assignmentId === assignment.id)?.state ?? ('none' as const) }))
    .filter((item) => item.state !== 'final');
  return { year, next, preparation, responses, past, upcoming, due };
}
