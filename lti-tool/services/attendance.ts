import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db';
import { AppError, notFound } from '../errors';
import { assertAllowed, authorize, contextOf, type Actor } from '../policies';
import {
  addGuest,
  checkInGuest,
  checkInMember,
  findResponse,
  listAttendance,
  listGuests,
  saveResponse,
  setCheckInCode,
  type AttendanceLine,
} from '../../models/attendance';
import { findActiveMemberRoles } from '../../models/members';
import type { MeetingRow } from '../../models/year';
import { toCsv } from '../render/csv';
import { meetingInScope } from './scope';
import { recomputeProgress } from './progress/recompute';
import { placeCheckedInWalker } from './gallery/walk-plan';

/** A self check-in code works from shortly before the meeting until it ends. */
const checkInOpensBeforeMs = 30 * 60_000;
const codeAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I/L: read off a screen across a room

export const responseSchema = z.object({
  response: z.enum(['yes', 'no']),
  reason: z.string().trim().max(500).optional().transform((value) => value || null),
});

export const guestSchema = z.object({
  name: z.string().trim().min(1).max(200),
  school: z.string().trim().max(200).optional().transform((value) => value || null),
  email: z.union([z.literal(''), z.email().max(320)]).optional().transform((value) => value || null),
});

export const checkInCodeSchema = z.object({ code: z.string().trim().toUpperCase().min(4).max(12) });

/** A participant signs up for or declines a meeting (a reason is optional); until it ends they may change it. */
export async function respondToMeeting(db: Db, actor: Actor, meetingId: number, input: z.infer<typeof responseSchema>, now = new Date()): Promise<void> {
  assertAllowed(actor, 'meeting.respond');
  const meeting = await meetingInScope(db, actor, meetingId);
  if (meeting.endsAt <= now) throw new AppError(409, 'meeting_over');
  await saveResponse(db, meeting.id, actor.user.id, input.response, input.response === 'no' ? input.reason : null, now);
}

export async function myResponse(db: Db, actor: Actor, meetingId: number) {
  const meeting = await meetingInScope(db, actor, meetingId);
  return findResponse(db, meeting.id, actor.user.id);
}

export interface AttendanceOverview {
  lines: AttendanceLine[];
  counts: { yes: number; no: number; unanswered: number; checkedIn: number; guests: number };
  guests: Awaited<ReturnType<typeof listGuests>>;
  checkInCode: string | null;
  checkInOpen: boolean;
}

/** Leaders see counts, lists, who has not answered, guests and check-ins. */
export async function attendanceOverview(db: Db, actor: Actor, meetingId: number, now = new Date()): Promise<AttendanceOverview> {
  assertAllowed(actor, 'meeting.attendance');
  const meeting = await meetingInScope(db, actor, meetingId);
  const [lines, guests] = await Promise.all([listAttendance(db, contextOf(actor), meeting.id), listGuests(db, meeting.id)]);
  return {
    lines,
    guests,
    counts: {
      yes: lines.filter((line) => line.response === 'yes').length,
      no: lines.filter((line) => line.response === 'no').length,
      unanswered: lines.filter((line) => line.response === null).length,
      checkedIn: lines.filter((line) => line.checkedInAt).length + guests.filter((guest) => guest.checkedInAt).length,
      guests: guests.length,
    },
    checkInCode: meeting.checkInCode,
    checkInOpen: isCheckInOpen(meeting, now),
  };
}

export function isCheckInOpen(meeting: Pick<MeetingRow, 'startsAt' | 'endsAt'>, now: Date): boolean {
  return now.getTime() >= meeting.startsAt.getTime() - checkInOpensBeforeMs && now < meeting.endsAt;
}

/** The moment after which no more guests are taken: the meeting's own cut-off, or its start. */
export function guestCutoff(meeting: Pick<MeetingRow, 'guestCutoffAt' | 'startsAt'>): Date {
  return meeting.guestCutoffAt ?? meeting.startsAt;
}

/** Leaders and school leaders (Mentor role) register named guests before the cut-off. */
export async function registerGuest(db: Db, actor: Actor, meetingId: number, input: z.infer<typeof guestSchema>, now = new Date()) {
  assertAllowed(actor, 'meeting.registerGuest');
  const meeting = await meetingInScope(db, actor, meetingId);
  if (now >= guestCutoff(meeting)) throw new AppError(409, 'guest_cutoff_passed', `cut-off ${guestCutoff(meeting).toISOString()}`);
  return addGuest(db, { meetingId: meeting.id, ...input, registeredByUserId: actor.user.id });
}

/** The guests this person sees: all of them for leaders, the ones they registered themselves for a school leader. */
export async function guestsFor(db: Db, actor: Actor, meetingId: number) {
  if (!authorize(actor, 'meeting.registerGuest')) return [];
  const meeting = await meetingInScope(db, actor, meetingId);
  const all = await listGuests(db, meeting.id);
  return authorize(actor, 'meeting.attendance') ? all : all.filter((guest) => guest.registeredByUserId === actor.user.id);
}

/** The leader checks a participant or a guest in from the quick list. */
export async function checkInByLeader(db: Db, actor: Actor, meetingId: number, target: { userId?: number; guestId?: number }, now = new Date()): Promise<void> {
  assertAllowed(actor, 'meeting.checkIn');
  const meeting = await meetingInScope(db, actor, meetingId);
  if (target.guestId !== undefined) {
    if (!(await checkInGuest(db, meeting.id, target.guestId, now))) throw notFound(`guest ${target.guestId} of meeting ${meeting.id}`);
    return;
  }
  const roles = target.userId === undefined ? undefined : await findActiveMemberRoles(db, contextOf(actor), target.userId);
  if (!roles?.includes('participant')) throw notFound(`user ${target.userId} is not a participant here`);
  await checkInMember(db, meeting.id, target.userId!, 'leader', now);
  await placeCheckedInWalker(db, meeting.id, target.userId!, now);
  await recomputeProgress(db, meeting.networkId, [target.userId!]);
}

/** Shows (making it the first time) the code for the room's screen. */
export async function checkInCodeFor(db: Db, actor: Actor, meetingId: number): Promise<string> {
  assertAllowed(actor, 'meeting.checkIn');
  const meeting = await meetingInScope(db, actor, meetingId);
  if (meeting.checkInCode) return meeting.checkInCode;
  const code = Array.from({ length: 6 }, () => codeAlphabet[randomInt(codeAlphabet.length)]).join('');
  await setCheckInCode(db, meeting.id, code);
  return code;
}

/** A participant checks in with the code on the screen, only while the meeting is on. */
export async function selfCheckIn(db: Db, actor: Actor, meetingId: number, input: z.infer<typeof checkInCodeSchema>, now = new Date()): Promise<void> {
  assertAllowed(actor, 'meeting.selfCheckIn');
  const meeting = await meetingInScope(db, actor, meetingId);
  if (!isCheckInOpen(meeting, now)) throw new AppError(409, 'check_in_closed');
  if (!meeting.checkInCode || meeting.checkInCode !== input.code) throw new AppError(422, 'check_in_code_wrong');
  await checkInMember(db, meeting.id, actor.user.id, 'self', now);
  await placeCheckedInWalker(db, meeting.id, actor.user.id, now);
  await recomputeProgress(db, meeting.networkId, [actor.user.id]);
}

/** Attendance as CSV for the leader's records (members, then guests). */
export async function attendanceCsv(db: Db, actor: Actor, meetingId: number, labels: Record<string, string>): Promise<string> {
  const overview = await attendanceOverview(db, actor, meetingId);
  const rows = [
    [labels.name, labels.email, labels.school, labels.type, labels.response, labels.reason, labels.checkedIn],
    ...overview.lines.map((line) => [line.name, line.email, '', labels.participant, line.response, line.reason, line.checkedInAt]),
    ...overview.guests.map((guest) => [guest.name, guest.email, guest.school, labels.guest, '', '', guest.checkedInAt]),
  ];
  // Names, schools and reasons are typed by people: toCsv keeps them from running as formulas in Excel.
  return toCsv(rows);
}
