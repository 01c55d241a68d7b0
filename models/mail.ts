import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { mailOutbox, mailPreferences, users, type MailMode, type MailSendState } from './schema';

export type MailRow = typeof mailOutbox.$inferSelect;
export type NewMailRow = typeof mailOutbox.$inferInsert;
export type MailPreferenceRow = typeof mailPreferences.$inferSelect;

// ---- Send states: pending → sending → sent | pending (retry later) | failed; failed → pending on request ----

export const mailRetryPolicy = {
  /** Passing trouble (a server down, 4xx): about a day of tries. */
  maxAttempts: 12,
  /** A recipient refused for good (5xx): a few tries, in case the server was wrong for a moment. */
  maxPermanentAttempts: 3,
  baseDelayMs: 30_000,
  maxDelayMs: 2 * 60 * 60_000,
} as const;

/** 30 s · 2^(attempts−1), capped at two hours, then between half and all of that so retries spread out. */
export function mailRetryDelayMs(attempts: number, random: () => number = Math.random): number {
  const capped = Math.min(mailRetryPolicy.maxDelayMs, mailRetryPolicy.baseDelayMs * 2 ** Math.min(Math.max(0, attempts - 1), 30));
  return Math.round(capped / 2 + (capped / 2) * Math.min(1, Math.max(0, random())));
}

export type MailSendOutcome = { ok: true } | { ok: false; permanent: boolean; message: string };

export interface MailAttemptResult {
  state: MailSendState;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  lockedUntil: null;
}

/** What to store after one attempt of a row in 'sending' (its `attempts` already counts this one). */
export function resultOfMailAttempt(row: Pick<MailRow, 'attempts' | 'nextAttemptAt'>, outcome: MailSendOutcome, now: Date, random?: () => number): MailAttemptResult {
  if (outcome.ok) return { state: 'sent', nextAttemptAt: row.nextAttemptAt, lastError: null, sentAt: now, lockedUntil: null };
  const limit = outcome.permanent ? mailRetryPolicy.maxPermanentAttempts : mailRetryPolicy.maxAttempts;
  const giveUp = row.attempts >= limit;
  return {
    state: giveUp ? 'failed' : 'pending',
    nextAttemptAt: giveUp ? row.nextAttemptAt : new Date(now.getTime() + mailRetryDelayMs(row.attempts, random)),
    lastError: outcome.message.slice(0, 1000),
    sentAt: null,
    lockedUntil: null,
  };
}

// ---- Outbox ------------------------------------------------------------------------------------------

/** Adds rows; a row whose dedupe key is already there is left alone (a mail is queued once). */
export async function insertMailRows(db: Db, rows: NewMailRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db.insert(mailOutbox).values(rows).onConflictDoNothing({ target: mailOutbox.dedupeKey }).returning({ id: mailOutbox.id });
  return inserted.length;
}

/** A claimed row, with whether its person has since turned mail off (then it is not sent). */
export type ClaimedMail = MailRow & { unsubscribeToken: string | null; mailOff: boolean };

/**
 * Takes up to `limit` due rows in one statement: pending rows whose time has come and rows left in 'sending'
 * past their lock (a worker died mid-send). A sent or failed row is never taken. SKIP LOCKED shares the table.
 */
export async function claimDueMail(db: Db, options: { now: Date; lockUntil: Date; limit: number }): Promise<ClaimedMail[]> {
  const due = db
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(
      or(
        and(eq(mailOutbox.state, 'pending'), lte(mailOutbox.nextAttemptAt, options.now)),
        and(eq(mailOutbox.state, 'sending'), lt(mailOutbox.lockedUntil, options.now)),
      ),
    )
    .orderBy(asc(mailOutbox.nextAttemptAt), asc(mailOutbox.id))
    .limit(options.limit)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(mailOutbox)
    .set({ state: 'sending', attempts: sql`${mailOutbox.attempts} + 1`, lockedUntil: options.lockUntil })
    .where(inArray(mailOutbox.id, due))
    .returning();
  if (rows.length === 0) return [];
  const tokens = await db
    .select({ networkId: mailPreferences.networkId, userId: mailPreferences.userId, token: mailPreferences.unsubscribeToken, mode: mailPreferences.mode, unsubscribedAt: mailPreferences.unsubscribedAt })
    .from(mailPreferences)
    .where(inArray(sql`(${mailPreferences.networkId}, ${mailPreferences.userId})`, rows.map((r) => sql`(${r.networkId}, ${r.userId})`)));
  const preferencesOf = new Map(tokens.map((t) => [`${t.networkId}:${t.userId}`, t]));
  return rows
    .map((row) => {
      const preferences = preferencesOf.get(`${row.networkId}:${row.userId}`);
      return { ...row, unsubscribeToken: preferences?.token ?? null, mailOff: preferences !== undefined && (preferences.mode === 'off' || preferences.unsubscribedAt !== null) };
    })
    .sort((a, b) => a.id - b.id);
}

/** The reply address of this attempt, stored before the mail leaves so a quick reply finds its thread. */
export async function setReplyTokenHash(db: Db, claimed: Pick<MailRow, 'id' | 'attempts'>, hash: string): Promise<boolean> {
  const rows = await db
    .update(mailOutbox)
    .set({ replyTokenHash: hash })
    .where(and(eq(mailOutbox.id, claimed.id), eq(mailOutbox.state, 'sending'), eq(mailOutbox.attempts, claimed.attempts)))
    .returning({ id: mailOutbox.id });
  return rows.length === 1;
}

/** Stores an attempt's result, unless another worker has claimed the row since (its attempts moved on). */
export async function recordMailAttempt(db: Db, claimed: Pick<MailRow, 'id' | 'attempts'>, result: MailAttemptResult): Promise<boolean> {
  const rows = await db
    .update(mailOutbox)
    .set(result)
    .where(and(eq(mailOutbox.id, claimed.id), eq(mailOutbox.state, 'sending'), eq(mailOutbox.attempts, claimed.attempts)))
    .returning({ id: mailOutbox.id });
  return rows.length === 1;
}

/** Puts a failed mail of the network back in the queue with fresh attempts. */
export async function requeueFailedMail(db: Db, networkId: number, id: number, now: Date): Promise<boolean> {
  const rows = await db
    .update(mailOutbox)
    .set({ state: 'pending', attempts: 0, nextAttemptAt: now, lockedUntil: null })
    .where(and(eq(mailOutbox.id, id), eq(mailOutbox.networkId, networkId), eq(mailOutbox.state, 'failed')))
    .returning({ id: mailOutbox.id });
  return rows.length === 1;
}

export interface MailOutboxEntry {
  id: number;
  kind: MailRow['kind'];
  subject: string;
  recipientName: string | null;
  state: MailSendState;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  sentAt: Date | null;
  createdAt: Date;
}

/** The network's mail, newest first (subjects and recipients, not bodies). */
export async function listMailOutbox(db: Db, networkId: number, limit = 300): Promise<MailOutboxEntry[]> {
  return db
    .select({
      id: mailOutbox.id,
      kind: mailOutbox.kind,
      subject: mailOutbox.subject,
      recipientName: sql<string | null>`coalesce(${users.name}, nullif(trim(concat_ws(' ', ${users.givenName}, ${users.familyName})), ''))`,
      state: mailOutbox.state,
      attempts: mailOutbox.attempts,
      lastError: mailOutbox.lastError,
      nextAttemptAt: mailOutbox.nextAttemptAt,
      sentAt: mailOutbox.sentAt,
      createdAt: mailOutbox.createdAt,
    })
    .from(mailOutbox)
    .innerJoin(users, eq(users.id, mailOutbox.userId))
    .where(eq(mailOutbox.networkId, networkId))
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(limit);
}

/** The thread and person a reply token was sent for. */
export async function mailByReplyTokenHash(db: Db, hash: string): Promise<Pick<MailRow, 'id' | 'networkId' | 'userId' | 'toAddress' | 'replyThreadId'> | undefined> {
  const [row] = await db
    .select({ id: mailOutbox.id, networkId: mailOutbox.networkId, userId: mailOutbox.userId, toAddress: mailOutbox.toAddress, replyThreadId: mailOutbox.replyThreadId })
    .from(mailOutbox)
    .where(eq(mailOutbox.replyTokenHash, hash));
  return row;
}

// ---- Preferences ------------------------------------------------------------------------------------

export const newUnsubscribeToken = () => randomBytes(32).toString('base64url');

/** The person's preferences in the network, made with the defaults on first need. */
export async function ensureMailPreferences(db: Db, networkId: number, userId: number): Promise<MailPreferenceRow> {
  await db.insert(mailPreferences).values({ networkId, userId, unsubscribeToken: newUnsubscribeToken() }).onConflictDoNothing();
  const [row] = await db.select().from(mailPreferences).where(and(eq(mailPreferences.networkId, networkId), eq(mailPreferences.userId, userId)));
  if (!row) throw new Error('mail preferences not stored');
  return row;
}

export async function saveMailPreferences(db: Db, networkId: number, userId: number, values: { mode: MailMode; reminders: boolean }, now: Date): Promise<void> {
  await ensureMailPreferences(db, networkId, userId);
  await db
    .update(mailPreferences)
    // Choosing mail again after an unsubscribe undoes it.
    .set({ ...values, unsubscribedAt: values.mode === 'off' ? sql`${mailPreferences.unsubscribedAt}` : null, updatedAt: now })
    .where(and(eq(mailPreferences.networkId, networkId), eq(mailPreferences.userId, userId)));
}

export async function preferencesByUnsubscribeToken(db: Db, token: string): Promise<MailPreferenceRow | undefined> {
  const [row] = await db.select().from(mailPreferences).where(eq(mailPreferences.unsubscribeToken, token));
  return row;
}

/** Turns mail off for the token's person and network; true when the token is known. */
export async function unsubscribeByToken(db: Db, token: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(mailPreferences)
    .set({ mode: 'off', reminders: false, unsubscribedAt: sql`coalesce(${mailPreferences.unsubscribedAt}, ${now.toISOString()}::timestamptz)`, updatedAt: now })
    .where(eq(mailPreferences.unsubscribeToken, token))
    .returning({ userId: mailPreferences.userId });
  return rows.length === 1;
}

/**
 * The person is in the tool now. Throttled in SQL: the row is written only when the last mark is older than
 * five minutes, so a page view costs one statement that usually changes nothing.
 */
export async function touchLastSeen(db: Db, networkId: number, userId: number, now: Date): Promise<void> {
  await db
    .insert(mailPreferences)
    .values({ networkId, userId, unsubscribeToken: newUnsubscribeToken(), lastSeenAt: now })
    .onConflictDoUpdate({
      target: [mailPreferences.networkId, mailPreferences.userId],
      set: { lastSeenAt: now },
      setWhere: or(isNull(mailPreferences.lastSeenAt), lt(mailPreferences.lastSeenAt, new Date(now.getTime() - 5 * 60_000))),
    });
}

// ---- Who gets mail -----------------------------------------------------------------------------------

export interface ImmediateMail {
  notificationId: number;
  kind: string;
  networkId: number;
  networkName: string;
  networkLanguage: string;
  courseTitle: string | null;
  userId: number;
  userName: string | null;
  email: string;
  locale: string | null;
  unsubscribeToken: string;
  threadId: number | null;
  threadTitle: string | null;
  postId: number | null;
  postBody: string | null;
  authorName: string | null;
}

/**
 * The notifications whose person wants mail as it happens, has an address and has not unsubscribed, with
 * everything their mail shows, in one query. No preferences row means the default (digest): no mail now.
 */
export async function immediateMailsFor(db: Db, notificationIds: number[]): Promise<ImmediateMail[]> {
  if (notificationIds.length === 0) return [];
  const result = await db.execute(sql`
    select n.id as "notificationId", n.kind, n.network_id as "networkId", nw.name as "networkName", nw.language as "networkLanguage",
           c.title as "courseTitle", u.id as "userId",
           coalesce(nullif(trim(u.name), ''), nullif(trim(concat_ws(' ', u.given_name, u.family_name)), '')) as "userName",
           u.email, u.locale, mp.unsubscribe_token as "unsubscribeToken",
           n.thread_id as "threadId", th.title as "threadTitle", n.post_id as "postId", p.body as "postBody",
           coalesce(nullif(trim(a.name), ''), nullif(trim(concat_ws(' ', a.given_name, a.family_name)), '')) as "authorName"
      from notifications n
      join users u on u.id = n.user_id
      join mail_preferences mp on mp.network_id = n.network_id and mp.user_id = n.user_id
      join networks nw on nw.id = n.network_id
      join contexts c on c.id = nw.context_id
      left join forum_threads th on th.id = n.thread_id
      left join forum_posts p on p.id = n.post_id and p.deleted_at is null
      left join users a on a.id = p.author_id
     where n.id in (${sql.join(notificationIds.map((id) => sql`${id}`), sql`, `)})
       and mp.mode = 'immediate' and mp.unsubscribed_at is null
       and u.email is not null and u.email <> ''
     order by n.id`);
  return (result as unknown as { rows: ImmediateMail[] }).rows.map((row) => ({ ...row, notificationId: Number(row.notificationId) }));
}

/** The network's name and the languages an unsubscribe page for this person and network may speak. */
export async function unsubscribeFacts(db: Db, networkId: number, userId: number): Promise<{ name: string; language: string; locale: string | null } | undefined> {
  const result = await db.execute(sql`select nw.name, nw.language, u.locale from networks nw, users u where nw.id = ${networkId} and u.id = ${userId}`);
  return (result as unknown as { rows: Array<{ name: string; language: string; locale: string | null }> }).rows[0];
}

/** A member of the network as a background task acts for them: the active membership's roles and places. */
export async function activeMemberOf(
  db: Db,
  networkId: number,
  userId: number,
): Promise<{ roles: string[]; networkId: number; language: string; timeZone: string; contextId: number } | undefined> {
  const result = await db.execute(sql`
    select m.roles, nw.id as "networkId", nw.language, nw.time_zone as "timeZone", nw.context_id as "contextId"
      from networks nw join memberships m on m.context_id = nw.context_id and m.user_id = ${userId} and m.status = 'active'
     where nw.id = ${networkId}`);
  return (result as unknown as { rows: Array<{ roles: string[]; networkId: number; language: string; timeZone: string; contextId: number }> }).rows[0];
}

/**
 * Mail never tried and older than `before` is not sent any more (marked failed, visible in the outbox): mail
 * queued while no SMTP server was configured must not flood people with old news once one is.
 */
export async function expireUnsentMail(db: Db, before: Date): Promise<number> {
  const rows = await db
    .update(mailOutbox)
    .set({ state: 'failed', lastError: 'not sent: older than two days when mail could go' })
    .where(and(eq(mailOutbox.state, 'pending'), eq(mailOutbox.attempts, 0), lt(mailOutbox.createdAt, before)))
    .returning({ id: mailOutbox.id });
  return rows.length;
}
