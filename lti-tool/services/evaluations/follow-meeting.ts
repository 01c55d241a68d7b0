import type { Db } from '../../db';
import { listFormsFollowingMeeting, updateForm } from '../../../models/evaluations';
import { meetingWindow } from './timing';

/** When a meeting moves, the forms that follow it ('meeting' timing) open and close with it again. */
export async function followMeetingTime(db: Db, meetingId: number, startsAt: Date, timeZone: string): Promise<void> {
  const window = meetingWindow(startsAt, timeZone);
  for (const form of await listFormsFollowingMeeting(db, meetingId)) await updateForm(db, form.id, window);
}
