import type { Db } from '../../db';
import { formatterFor } from '../../i18n/format';
import { assignmentName } from '../../i18n/assignment-name';
import { insertMailRows, type NewMailRow } from '../../../models/mail';
import { addDueReminders, type ReminderRow } from '../../../models/mail-reminders';
import { composeMail, headerSafe, mailLanguageOf, translatorFor } from './render';
import { isMailAddress } from './addresses';

export const meetingReminderMs = 2 * 24 * 60 * 60_000;
export const assignmentReminderMs = 3 * 24 * 60 * 60_000;

/**
 * Reminders two days before a meeting and three days before an assignment is due: always a notification in
 * the tool, once per person and meeting or assignment; and a mail, when mail is on here, to people with an
 * address who keep reminders on and have not turned mail off. Dates in the network's zone, in their language.
 */
export async function sendDueReminders(db: Db, options: { now: Date; mailEnabled: boolean }): Promise<number> {
  const made = await db.transaction(async (tx) => {
    const added = await addDueReminders(tx, options.now, meetingReminderMs, assignmentReminderMs);
    await queueReminderMails(tx, added, options.mailEnabled);
    return added.length;
  });
  return made;
}

/** The mails of new reminder notifications, to those who may get them (an address, reminders on, mail not off). */
export async function queueReminderMails(tx: Db, added: readonly ReminderRow[], mailEnabled: boolean): Promise<void> {
  if (mailEnabled) await insertMailRows(tx, added.filter((r) => r.wantsMail && r.unsubscribeToken && isMailAddress(r.email)).map(reminderMail));
}

function reminderMail(r: ReminderRow): NewMailRow {
  const t = translatorFor(r.locale, r.networkLanguage);
  const fmt = formatterFor(mailLanguageOf(r.locale, r.networkLanguage), r.timeZone);
  const when = (date: Date) => `${fmt.day(date)} ${fmt.clock(date)}`;
  let subject: string;
  const paragraphs: string[] = [];
  if (r.evaluationFormId !== null) {
    const values = { title: headerSafe(r.formTitle ?? ''), when: r.closesAt ? when(r.closesAt) : '' };
    subject = t(r.closesAt ? 'evaluationAnswers.reminder.subject' : 'evaluationAnswers.reminder.subjectOpen', values);
    paragraphs.push(t(r.closesAt ? 'evaluationAnswers.reminder.body' : 'evaluationAnswers.reminder.bodyOpen', values));
  } else if (r.meetingId !== null && r.startsAt) {
    const values = { number: r.meetingNumber, theme: headerSafe(r.theme ?? ''), when: when(r.startsAt) };
    subject = t('mail.message.meetingReminderSubject', values);
    paragraphs.push(t('mail.message.meetingReminder', values));
    if (r.place) paragraphs.push(t('mail.message.meetingPlace', { place: r.place }));
  } else {
    const values = { name: assignmentName(t, { letter: r.letter ?? '', title: headerSafe(r.title ?? '') }), when: when(r.dueAt ?? new Date()) };
    subject = t('mail.message.assignmentReminderSubject', values);
    paragraphs.push(t('mail.message.assignmentReminder', values));
  }
  paragraphs.push(t('mail.message.openCourse', { course: r.courseTitle ?? r.networkName }));
  const parts = composeMail(t, { networkName: r.networkName, subject, paragraphs, unsubscribeToken: r.unsubscribeToken!, why: t('mail.message.whyReminder', { network: r.networkName }) });
  return { networkId: r.networkId, userId: r.userId, kind: 'reminder', dedupeKey: `reminder:${r.notificationId}`, toAddress: r.email!, ...parts };
}
