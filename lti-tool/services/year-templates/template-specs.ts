import type { MeetingMode, NetworkLanguage, ProgrammeKind } from '../year-types';

/*
 * The shapes the template texts are written in (one file per template beside this one); year-templates.ts
 * turns them into a dated plan.
 */

/** One text in every network language, kept in one object so that a translation cannot drift from its original. */
export type Localized = Readonly<Record<NetworkLanguage, string>>;

export interface ProgrammeItemSpec {
  start: string;
  end: string;
  kind: ProgrammeKind;
  title: Localized;
  speaker?: Localized;
}

export interface IntervalSpec {
  afterMeeting: number | null;
  title: Localized;
  tasks: readonly Localized[];
  recordedLectures?: ReadonlyArray<{ title: Localized; url?: string }>;
  literature?: readonly Localized[];
}

export interface TemplateChoiceSpec {
  name: Localized;
  description: Localized;
}

/** A meeting of a template whose rhythm is taken from a seed's own calendar. */
export interface DatedMeetingSpec {
  /** The meeting's date in the seed's year: the plan keeps its distance in days from the first meeting. */
  seedDate: string;
  theme: Localized;
  kindLabel?: Localized;
  place?: string;
  startTime: string;
  endTime: string;
  fullDay: boolean;
  mode: MeetingMode;
  programme: readonly ProgrammeItemSpec[];
}

/** A presentation assignment of a template, linked to a meeting by its number. */
export interface AssignmentSpec {
  letter: string;
  title: Localized;
  instructions: Localized;
  guidingQuestions: ReadonlyArray<{ heading: Localized; questions: readonly Localized[] }>;
  presentedAtMeeting: number;
  presentationMinutes: number | null;
  groupSize: number | null;
  leaderConversation: boolean;
}

export interface DatedTemplate {
  choice: TemplateChoiceSpec;
  meetings: readonly DatedMeetingSpec[];
  intervals: readonly IntervalSpec[];
  assignments?: readonly AssignmentSpec[];
}
