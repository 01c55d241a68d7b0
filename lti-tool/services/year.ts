import { DateTime } from 'luxon';
import { z } from 'zod';
import { formDate, optionalFormInteger } from './form-fields';
import type { Db } from '../db';
import { AppError, notFound } from '../errors';
import { networkFor, type Actor } from '../policies';
import { listLeaders } from '../../models/members';
import { findNetworkById, insertYear, listIntervals, listMeetings, listProgramme, updateNetworkSettings, type MeetingWithProgramme } from '../../models/year';
import { planYear } from './year-templates';
import { assignmentDefaults } from './assignment-defaults';
import { insertAssignments, type NewAssignment } from '../../models/assignments';
import { templateIds, type NetworkLanguage, type PlannedMeeting, type YearPlan, type YearView } from './year-types';

/** A wall-clock time on a local date in a zone, as an instant; luxon resolves DST gaps and overlaps. */
export function localInstant(date: string, time: string, timeZone: string): Date {
  const value = DateTime.fromISO(`${date}T${time}`, { zone: timeZone });
  if (!value.isValid) throw new AppError(422, 'date_invalid', `${date}T${time} ${timeZone}: ${value.invalidReason ?? ''}`);
  return value.toJSDate();
}

const timeZoneName = z.string().refine((zone) => DateTime.local().setZone(zone).isValid, 'unknown time zone');

export const yearSetupSchema = z.object({
  template: z.enum(templateIds),
  startDate: formDate,
  timeZone: timeZoneName.default('Europe/Stockholm'),
  weekday: optionalFormInteger(1, 7),
});
export type YearSetup = z.infer<typeof yearSetupSchema>;

function meetingRows(plan: YearPlan): MeetingWithProgramme[] {
  return plan.meetings.map((meeting: PlannedMeeting) => ({
    meeting: {
      number: meeting.number,
      theme: meeting.theme,
      kindLabel: meeting.kindLabel ?? null,
      startsAt: localInstant(meeting.date, meeting.startTime, plan.timeZone),
      endsAt: localInstant(meeting.date, meeting.endTime, plan.timeZone),
      fullDay: meeting.fullDay,
      mode: meeting.mode,
      place: meeting.place ?? null,
    },
    programme: meeting.programme.map((item, position) => ({
      position,
      startsAt: localInstant(meeting.date, item.start, plan.timeZone),
      endsAt: item.end ? localInstant(meeting.date, item.end, plan.timeZone) : null,
      kind: item.kind,
      title: item.title,
      speaker: item.speaker ?? null,
    })),
  }));
}

/** A template's assignments, each due when the meeting it is presented at starts. */
function assignmentRows(plan: YearPlan, networkId: number, meetingIds: Map<number, number>, meetings: MeetingWithProgramme[]): NewAssignment[] {
  return plan.assignments.flatMap((assignment) => {
    const meeting = meetings.find((candidate) => candidate.meeting.number === assignment.presentedAtMeeting);
    if (!meeting) return [];
    return [
      {
        ...assignmentDefaults,
        networkId,
        letter: assignment.letter,
        title: assignment.title,
        instructions: assignment.instructions,
        guidingQuestions: assignment.guidingQuestions,
        presentationMinutes: assignment.presentationMinutes,
        groupSize: assignment.groupSize,
        leaderConversation: assignment.leaderConversation,
        meetingId: meetingIds.get(assignment.presentedAtMeeting) ?? null,
        dueAt: meeting.meeting.startsAt,
      },
    ];
  });
}

/**
 * Creates the whole year from a template in one step, in the network's language. Only into an empty year:
 * a year already set up is edited meeting by meeting, never overwritten by a template. Returns the numbers of
 * the meetings the template moved out of the school holidays, for the leader to check.
 */
export async function setUpYear(db: Db, actor: Actor, setup: YearSetup): Promise<{ moved: number[] }> {
  const networkId = networkFor(actor, 'year.setUp');
  const network = await findNetworkById(db, networkId);
  if (!network) throw notFound(`network ${networkId}`);
  if ((await listMeetings(db, networkId)).length) throw new AppError(409, 'year_exists');
  const plan = planYear(setup.template, {
    startDate: setup.startDate,
    timeZone: setup.timeZone,
    language: network.language as NetworkLanguage,
    weekday: setup.weekday,
  });
  const rows = meetingRows(plan);
  const dates = plan.meetings.map((meeting) => meeting.date).sort();
  await db.transaction(async (tx) => {
    const meetingIds = await insertYear(tx, networkId, {
      meetings: rows,
      intervals: plan.intervals.map((interval) => ({
        afterMeetingNumber: interval.afterMeeting,
        title: interval.title,
        tasks: interval.tasks,
        recordedLectures: interval.recordedLectures,
        literature: interval.literature,
      })),
    });
    await insertAssignments(tx, assignmentRows(plan, networkId, meetingIds, rows));
    await updateNetworkSettings(tx, networkId, {
      template: setup.template,
      timeZone: setup.timeZone,
      periodStart: network.periodStart ?? setup.startDate,
      periodEnd: network.periodEnd ?? dates.at(-1) ?? null,
    });
  });
  return { moved: plan.moved.map((move) => move.number) };
}

/** The stored year as pages, the PDF and the calendar show it. Any member of the network may read it. */
export async function loadYear(db: Db, actor: Actor): Promise<YearView> {
  const networkId = networkFor(actor, 'year.read');
  return yearOfNetwork(db, networkId, actor.context?.id ?? null);
}

/** The year of a network, without a launch: for the calendar feed, whose secret URL is the permission. */
export async function yearOfNetwork(db: Db, networkId: number, contextId: number | null): Promise<YearView> {
  const network = await findNetworkById(db, networkId);
  if (!network) throw notFound(`network ${networkId}`);
  const [meetingRowsStored, intervalRows, leaders] = await Promise.all([
    listMeetings(db, networkId),
    listIntervals(db, networkId),
    contextId === null ? Promise.resolve([]) : listLeaders(db, contextId),
  ]);
  const programme = await listProgramme(db, meetingRowsStored.map((meeting) => meeting.id));
  return {
    network: {
      id: network.id,
      name: network.name,
      description: network.description,
      language: network.language as NetworkLanguage,
      timeZone: network.timeZone,
    },
    leaders,
    meetings: meetingRowsStored.map((meeting) => ({
      id: meeting.id,
      number: meeting.number,
      theme: meeting.theme,
      kindLabel: meeting.kindLabel,
      startsAt: meeting.startsAt,
      endsAt: meeting.endsAt,
      fullDay: meeting.fullDay,
      mode: meeting.mode,
      place: meeting.place,
      address: meeting.address,
      meetingLink: meeting.meetingLink,
      programme: programme
        .filter((item) => item.meetingId === meeting.id)
        .map((item) => ({ startsAt: item.startsAt, endsAt: item.endsAt, kind: item.kind as YearView['meetings'][number]['programme'][number]['kind'], title: item.title, speaker: item.speaker })),
    })),
    intervals: intervalRows.map((interval) => ({
      afterMeeting: interval.afterMeetingNumber,
      title: interval.title,
      tasks: interval.tasks,
      recordedLectures: interval.recordedLectures,
      literature: interval.literature,
    })),
  };
}
