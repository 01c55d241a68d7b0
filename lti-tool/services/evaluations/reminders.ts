import type { Db } from '../../db';
import { AppError } from '../../errors';
import { assertAllowed, contextOf, type Actor } from '../../policies';
import { listFormsClosingBetween, listParticipantsWithSchools, type FormRow } from '../../../models/evaluations';
import { addEvaluationReminders, reminderRowsOf } from '../../../models/mail-reminders';
import { queueReminderMails } from '../mail/reminders';
import { formStateOf } from './form-state';
import { respondentsOf } from './respondents';
import { formInScope } from './scope';

const dayMs = 24 * 60 * 60_000;

/** The participants of the course who have not submitted an answer to the form. */
async function notAnsweredOf(db: Db, dataDir: string, contextId: number, formId: number): Promise<number[]> {
  const participants = (await listParticipantsWithSchools(db, contextId)).map((person) => person.userId);
  const answered = await respondentsOf(db, dataDir, formId, participants);
  return participants.filter((userId) => !answered.has(userId));
}

/**
 * The reminders of one form to these people, in a transaction of its own (never an answer's): a notification in
 * the tool, and a mail in their language through the outbox when mail is on and they keep reminders on.
 */
async function remind(db: Db, form: Pick<FormRow, 'id' | 'networkId'>, userIds: number[], dedupeKey: string, mailEnabled: boolean): Promise<number> {
  return db.transaction(async (tx) => {
    const ids = await addEvaluationReminders(tx, form.networkId, form.id, userIds, dedupeKey);
    await queueReminderMails(tx, await reminderRowsOf(tx, ids), mailEnabled);
    return ids.length;
  });
}

/** A leader reminds those who have not answered an open form: once a day per form and person. */
export async function remindNonRespondents(db: Db, options: { dataDir: string; mailEnabled: boolean }, actor: Actor, formId: number, now = new Date()): Promise<number> {
  assertAllowed(actor, 'evaluation.manage');
  const form = await formInScope(db, actor, formId);
  if (formStateOf(form, now) !== 'open') throw new AppError(409, 'evaluation_not_open_to_remind', `form ${formId} is ${formStateOf(form, now)}`);
  const missing = await notAnsweredOf(db, options.dataDir, contextOf(actor), form.id);
  return remind(db, form, missing, `reminder:evaluation:${form.id}:${now.toISOString().slice(0, 10)}`, options.mailEnabled);
}

/** The day before a form closes: those who have not answered are reminded, once per form. */
export async function remindBeforeClosing(db: Db, dataDir: string, now: Date, mailEnabled: boolean): Promise<number> {
  let made = 0;
  for (const form of await listFormsClosingBetween(db, now, new Date(now.getTime() + dayMs))) {
    const missing = await notAnsweredOf(db, dataDir, form.contextId, form.id);
    made += await remind(db, form, missing, `reminder:evaluation:${form.id}:closing`, mailEnabled);
  }
  return made;
}
