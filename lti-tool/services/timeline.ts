import type { Db } from '../db';
import { responsesOf } from '../../models/attendance';
import type { MeetingView, PlannedInterval, YearView } from './year-types';

export interface Timeline {
  year: YearView;
  next: MeetingView | undefined;
  /** The work to do before the next meeting: the interval that leads to it. */
  preparation: PlannedInterval | undefined;
  responses: Map<number, 'yes' | 'no' | null>;
  past: MeetingView[];
  upcoming: MeetingView[];
}

/** What comes next for one member: the next meeting, what to prepare for it, and their own answers. */
export async function timelineFor(db: Db, year: YearView, userId: number, now = new Date()): Promise<Timeline> {
  const upcoming = year.meetings.filter((meeting) => meeting.endsAt > now);
  const past = year.meetings.filter((meeting) => meeting.endsAt <= now);
  const next = upcoming[0];
  const previousNumber = past.at(-1)?.number ?? null;
  const preparation = next ? year.intervals.find((interval) => interval.afterMeeting === previousNumber) : undefined;
  const responses = await responsesOf(db, userId, year.meetings.map((meeting) => meeting.id));
  return { year, next, preparation, responses, past, upcoming };
}
