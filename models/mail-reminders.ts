import { sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { sqlToken } from './mail-digest';

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

export interface ReminderRow {
  notificationId: number;
  networkId: number;
  networkName: string;
  networkLanguage: string;
  timeZone: string;
  courseTitle: string | null;
  userId: number;
  email: string | null;
  locale: string | null;
  /** Mail may go: an address, reminders on, mail not off, not unsubscribed. */
  wantsMail: boolean;
  unsubscribeToken: string | null;
  meetingId: number | null;
  meetingNumber: number | null;
  theme: string | null;
  startsAt: Date | null;
  place: string | null;
  assignmentId: number | null;
  letter: string | null;
  title: string | null;
  dueAt: Date | null;
  evaluationFormId: number | null;
  formTitle: string | null;
  closesAt: Date | null;
}

/**
 * Adds the reminder notifications that are due and not yet made, in one statement each, and returns the rows
 * just added with what their mail needs: meetings starting within `meetingWindowMs` to the network's active
 * participants who have not declined; assignments due within `assignmentWindowMs` (and visible) to
 * participants without a final submission. The unique (user, dedupe key) keeps each reminder to one.
 */
export async function addDueReminders(db: Db, now: Date, meetingWindowMs: number, assignmentWindowMs: number): Promise<ReminderRow[]> {
  const meetingUntil = new Date(now.getTime() + meetingWindowMs).toISOString();
  const assignmentUntil = new Date(now.getTime() + assignmentWindowMs).toISOString();
  const at = now.toISOString();
  const added = rowsOf<{ id: number }>(
    await db.execute(sql`
      insert into notifications (network_id, user_id, kind, meeting_id, dedupe_key)
      select mt.network_id, m.user_id, 'meetingReminder', mt.id, 'reminder:meeting:' || mt.id
        from meetings mt
        join networks nw on nw.id = mt.network_id
        join memberships m on m.context_id = nw.context_id and m.status = 'active' and 'participant' = any(m.roles)
        left join attendance a on a.meeting_id = mt.id and a.user_id = m.user_id
       where mt.starts_at > ${at}::timestamptz and mt.starts_at <= ${meetingUntil}::timestamptz and a.response is distinct from 'no'
      on conflict do nothing
      returning id`),
  ).concat(
    rowsOf<{ id: number }>(
      await db.execute(sql`
        insert into notifications (network_id, user_id, kind, assignment_id, dedupe_key)
        select asg.network_id, m.user_id, 'assignmentReminder', asg.id, 'reminder:assignment:' || asg.id
          from assignments asg
          join networks nw on nw.id = asg.network_id
          join memberships m on m.context_id = nw.context_id and m.status = 'active' and 'participant' = any(m.roles)
         where asg.due_at > ${at}::timestamptz and asg.due_at <= ${assignmentUntil}::timestamptz
           and (asg.visible_from is null or asg.visible_from <= ${at}::timestamptz)
           and not exists (select 1 from submissions s where s.assignment_id = asg.id and s.user_id = m.user_id and s.state = 'final')
        on conflict do nothing
        returning id`),
    ),
  );
  return reminderRowsOf(db, added.map((row) => Number(row.id)));
}

/**
 * What the mails of these new reminder notifications need, and mail preferences with the defaults (reminders on)
 * for those who have none yet, so each mail has its unsubscribe link.
 */
export async function reminderRowsOf(db: Db, notificationIds: readonly number[]): Promise<ReminderRow[]> {
  if (notificationIds.length === 0) return [];
  const ids = `{${notificationIds.join(',')}}`;
  await db.execute(sql`
    insert into mail_preferences (network_id, user_id, unsubscribe_token)
    select distinct n.network_id, n.user_id, ${sqlToken} from notifications n where n.id = any(${ids}::bigint[])
    on conflict do nothing`);
  return rowsOf<ReminderRow>(
    await db.execute(sql`
      select n.id as "notificationId", n.network_id as "networkId", nw.name as "networkName", nw.language as "networkLanguage", nw.time_zone as "timeZone",
             c.title as "courseTitle", n.user_id as "userId", u.email, u.locale,
             (u.email is not null and u.email <> '' and mp.reminders and mp.mode <> 'off' and mp.unsubscribed_at is null) as "wantsMail",
             mp.unsubscribe_token as "unsubscribeToken",
             mt.id as "meetingId", mt.number as "meetingNumber", mt.theme, mt.starts_at as "startsAt", mt.place,
             asg.id as "assignmentId", asg.letter, asg.title, asg.due_at as "dueAt",
             ef.id as "evaluationFormId", ef.title as "formTitle", ef.closes_at as "closesAt"
        from notifications n
        join networks nw on nw.id = n.network_id
        join contexts c on c.id = nw.context_id
        join users u on u.id = n.user_id
        join mail_preferences mp on mp.network_id = n.network_id and mp.user_id = n.user_id
        left join meetings mt on mt.id = n.meeting_id
        left join assignments asg on asg.id = n.assignment_id
        left join evaluation_forms ef on ef.id = n.evaluation_form_id
       where n.id = any(${ids}::bigint[])
       order by n.id`),
  ).map((row) => ({
    ...row,
    notificationId: Number(row.notificationId),
    startsAt: row.startsAt && new Date(row.startsAt),
    dueAt: row.dueAt && new Date(row.dueAt),
    closesAt: row.closesAt && new Date(row.closesAt),
  }));
}

/** Adds a reminder notification of an evaluation form for each of these people, once per dedupe key; returns the new ones' ids. */
export async function addEvaluationReminders(db: Db, networkId: number, formId: number, userIds: readonly number[], dedupeKey: string): Promise<number[]> {
  if (userIds.length === 0) return [];
  const users = `{${userIds.map(Number).join(',')}}`;
  return rowsOf<{ id: number }>(
    await db.execute(sql`
      insert into notifications (network_id, user_id, kind, evaluation_form_id, dedupe_key)
      select ${networkId}, u, 'evaluationReminder', ${formId}, ${dedupeKey} from unnest(${users}::int[]) as u
      on conflict do nothing
      returning id`),
  ).map((row) => Number(row.id));
}
