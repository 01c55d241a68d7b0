import { DateTime } from 'luxon';
import { z } from 'zod';
import { formDate, optionalFormDate } from './form-fields';
import type { Db } from '../db';
import { AppError, notFound } from '../errors';
import { findMeetingInNetwork, findNetworkById, replaceProgramme, updateMeeting } from '../../models/year';
import { networkFor, type Actor } from '../policies';
import { localInstant } from './year';
import { meetingModes, programmeKinds } from './year-types';
import { followMeetingTime } from './evaluations/follow-meeting';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const many = (schema: z.ZodType<string>) =>
  z
    .union([schema, z.array(schema)])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]));
const optionalText = (max: number) => z.string().trim().max(max).optional().transform((value) => value || null);

/** The meeting form: every field the leader edits, with the programme as parallel lists of rows. */
export const meetingFormSchema = z
  .object({
    theme: z.string().trim().min(1).max(300),
    date: formDate,
    startTime: time,
    endTime: time,
    fullDay: z.union([z.literal('on'), z.literal('true')]).optional().transform(Boolean),
    mode: z.enum(meetingModes),
    place: optionalText(200),
    address: optionalText(500),
    meetingLink: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).optional().transform((value) => value || null),
    guestCutoffDate: optionalFormDate,
    guestCutoffTime: z.union([z.literal(''), time]).optional(),
    itemStart: many(z.string()),
    itemEnd: many(z.string()),
    itemKind: many(z.string()),
    itemTitle: many(z.string()),
    itemSpeaker: many(z.string()),
  })
  .superRefine((form, ctx) => {
    if (form.endTime <= form.startTime) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'end_before_start' });
    if (form.mode !== 'onsite' && !form.meetingLink) ctx.addIssue({ code: 'custom', path: ['meetingLink'], message: 'link_required' });
    if (form.mode !== 'digital' && !form.place) ctx.addIssue({ code: 'custom', path: ['place'], message: 'place_required' });
    form.itemTitle.forEach((title, index) => {
      if (!title.trim()) return;
      if (!time.safeParse(form.itemStart[index] ?? '').success) ctx.addIssue({ code: 'custom', path: ['programme'], message: 'programme_time' });
      if (!(programmeKinds as readonly string[]).includes(form.itemKind[index] ?? '')) ctx.addIssue({ code: 'custom', path: ['programme'], message: 'programme_kind' });
    });
  });
export type MeetingForm = z.infer<typeof meetingFormSchema>;

/**
 * Saves the leader's changes to one meeting and its programme in one transaction. The date must lie in
 * the network's period when one is set; times are the network's local wall-clock times.
 */
export async function saveMeeting(db: Db, actor: Actor, meetingId: number, form: MeetingForm): Promise<void> {
  const networkId = networkFor(actor, 'meeting.edit');
  const [network, meeting] = await Promise.all([findNetworkById(db, networkId), findMeetingInNetwork(db, networkId, meetingId)]);
  if (!network || !meeting) throw notFound(`meeting ${meetingId} in network ${networkId}`);
  if ((network.periodStart && form.date < network.periodStart) || (network.periodEnd && form.date > network.periodEnd)) {
    throw new AppError(422, 'date_outside_period', `${form.date} not in ${network.periodStart}–${network.periodEnd}`);
  }
  const zone = network.timeZone;
  const cutoff = form.guestCutoffDate ? localInstant(form.guestCutoffDate, form.guestCutoffTime || '23:59', zone) : null;
  const programme = form.itemTitle.flatMap((title, position) =>
    title.trim()
      ? [
          {
            position,
            startsAt: localInstant(form.date, form.itemStart[position]!, zone),
            endsAt: time.safeParse(form.itemEnd[position] ?? '').success ? localInstant(form.date, form.itemEnd[position]!, zone) : null,
            kind: form.itemKind[position]!,
            title: title.trim().slice(0, 300),
            speaker: form.itemSpeaker[position]?.trim().slice(0, 200) || null,
          },
        ]
      : [],
  );
  const startsAt = localInstant(form.date, form.startTime, zone);
  await db.transaction(async (tx) => {
    await updateMeeting(tx, meeting.id, {
      theme: form.theme,
      startsAt,
      endsAt: localInstant(form.date, form.endTime, zone),
      fullDay: form.fullDay,
      mode: form.mode,
      place: form.place,
      address: form.address,
      meetingLink: form.meetingLink,
      guestCutoffAt: cutoff,
    });
    await replaceProgramme(tx, meeting.id, programme);
    await followMeetingTime(tx, meeting.id, startsAt, zone);
  });
}

/** The values the edit form starts from. */
export function meetingFormValues(meeting: { theme: string; startsAt: Date; endsAt: Date; fullDay: boolean; mode: string; place: string | null; address: string | null; meetingLink: string | null; guestCutoffAt: Date | null }, zone: string) {
  const local = (date: Date) => DateTime.fromJSDate(date, { zone });
  return {
    theme: meeting.theme,
    date: local(meeting.startsAt).toISODate(),
    startTime: local(meeting.startsAt).toFormat('HH:mm'),
    endTime: local(meeting.endsAt).toFormat('HH:mm'),
    fullDay: meeting.fullDay,
    mode: meeting.mode,
    place: meeting.place ?? '',
    address: meeting.address ?? '',
    meetingLink: meeting.meetingLink ?? '',
    guestCutoffDate: meeting.guestCutoffAt ? local(meeting.guestCutoffAt).toISODate() : '',
    guestCutoffTime: meeting.guestCutoffAt ? local(meeting.guestCutoffAt).toFormat('HH:mm') : '',
  };
}
