/**
 * The shapes of a network year, shared by the templates that propose one, the services that store and
 * show it, and the PDF and calendar renderers. Plain data: no database rows, no request objects.
 */
export const templateIds = ['pilot-year', 'municipal-network', 'regional-partnership', 'empty'] as const;
export type TemplateId = (typeof templateIds)[number];

export const meetingModes = ['onsite', 'digital', 'hybrid'] as const;
export type MeetingMode = (typeof meetingModes)[number];

export const programmeKinds = [
  'welcome',
  'lecture',
  'group_discussion',
  'gallery_walk',
  'peer_supervision',
  'presentations',
  'day_evaluation',
  'next_assignment',
  'break',
  'other',
] as const;
export type ProgrammeKind = (typeof programmeKinds)[number];

export type NetworkLanguage = 'sv' | 'da' | 'nb' | 'en';

/** One programme item as a template proposes it: local wall-clock times ("HH:mm") on the meeting's day. */
export interface PlannedProgrammeItem {
  start: string;
  end?: string;
  kind: ProgrammeKind;
  title: string;
  speaker?: string;
}

export interface PlannedMeeting {
  number: number;
  theme: string;
  /** Local date, yyyy-mm-dd, in the plan's time zone. */
  date: string;
  /** Local wall-clock times, "HH:mm". */
  startTime: string;
  endTime: string;
  fullDay: boolean;
  mode: MeetingMode;
  place?: string;
  /** What kind of gathering, for shapes with several (e.g. "large gathering", "resource group"). */
  kindLabel?: string;
  programme: PlannedProgrammeItem[];
}

/** Work between meetings (or before the first one when `afterMeeting` is null). */
export interface PlannedInterval {
  afterMeeting: number | null;
  title: string;
  tasks: string[];
  recordedLectures: Array<{ title: string; url?: string }>;
  literature: string[];
}

/** A presentation assignment a template proposes, due before the meeting where it is presented. */
export interface PlannedAssignment {
  letter: string;
  title: string;
  instructions: string;
  guidingQuestions: Array<{ heading: string; questions: string[] }>;
  presentedAtMeeting: number;
  presentationMinutes: number | null;
  groupSize: number | null;
  leaderConversation: boolean;
}

export interface YearPlan {
  template: TemplateId;
  language: NetworkLanguage;
  timeZone: string;
  meetings: PlannedMeeting[];
  intervals: PlannedInterval[];
  assignments: PlannedAssignment[];
  /** Meetings whose template date fell in a school holiday (or came too close after one moved), and where they went. */
  moved: MovedMeeting[];
}

export type HolidayName = 'summer' | 'christmas';

/** A meeting the plan moved from its template date, told to the leader on the set-up result. */
export interface MovedMeeting {
  number: number;
  /** Local dates, yyyy-mm-dd. */
  from: string;
  to: string;
  /** The holiday it was moved out of; none when it only moved to stay a week after the meeting before. */
  holiday?: HolidayName;
}

export interface PlanOptions {
  /** First day the year may start (the first meeting falls on or after it), yyyy-mm-dd. */
  startDate: string;
  timeZone: string;
  language: NetworkLanguage;
  /** For the municipal shape: ISO weekday 1–7 and times; defaults Monday 14:00–16:00. */
  weekday?: number;
  startTime?: string;
  endTime?: string;
}

/** A stored year as the renderers (PDF, iCalendar) and pages see it: absolute instants. */
export interface YearView {
  network: { id: number; name: string; description: string | null; language: NetworkLanguage; timeZone: string };
  leaders: Array<{ name: string | null; email: string | null }>;
  meetings: MeetingView[];
  intervals: PlannedInterval[];
}

export interface MeetingView {
  id: number;
  number: number;
  theme: string;
  /** What kind of gathering, where a year has several (e.g. "Storsamling", "Ressursgruppesamling"). */
  kindLabel?: string | null;
  startsAt: Date;
  endsAt: Date;
  fullDay: boolean;
  mode: MeetingMode;
  place: string | null;
  address: string | null;
  meetingLink: string | null;
  programme: Array<{ startsAt: Date | null; endsAt: Date | null; kind: ProgrammeKind; title: string; speaker: string | null }>;
}
