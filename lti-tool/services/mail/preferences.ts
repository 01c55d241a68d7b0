import { z } from 'zod';
import type { Db } from '../../db';
import type { Config } from '../../config';
import { AppError } from '../../errors';
import { assertAllowed, authorize, type Actor } from '../../policies';
import { mailModes } from '../../../models/schema';
import { findUserById } from '../../../models/launches';
import {
  ensureMailPreferences,
  listMailOutbox,
  preferencesByUnsubscribeToken,
  requeueFailedMail,
  saveMailPreferences,
  touchLastSeen,
  unsubscribeByToken,
  unsubscribeFacts,
  type MailOutboxEntry,
} from '../../../models/mail';
import { isMailAddress } from './addresses';

/** What the tool can say about mail to this person: on the server at all, and to which address. */
export interface MailStatus {
  /** An SMTP server is configured: mail can go out. */
  enabled: boolean;
  /** The address the platform shared, when it is usable. */
  address: string | null;
  /** Replies by e-mail become posts. */
  inbound: boolean;
}

/** For the settings page and the notifications page (part B): is mail on here, and where would it go. */
export async function mailStatusFor(db: Db, config: Pick<Config, 'mail'>, actor: Actor): Promise<MailStatus> {
  const user = await findUserById(db, actor.user.id);
  return { enabled: config.mail !== null, address: isMailAddress(user?.email) ? user.email : null, inbound: config.mail?.inbound != null };
}

function networkOf(actor: Actor): number {
  if (!actor.network) throw new AppError(404, 'not_found', 'no network');
  return actor.network.id;
}

export async function mailSettingsOf(db: Db, config: Pick<Config, 'mail'>, actor: Actor) {
  assertAllowed(actor, 'mail.choose');
  const preferences = await ensureMailPreferences(db, networkOf(actor), actor.user.id);
  return {
    status: await mailStatusFor(db, config, actor),
    mode: preferences.mode,
    reminders: preferences.reminders,
    unsubscribed: preferences.unsubscribedAt !== null,
    modes: mailModes,
    canSeeOutbox: authorize(actor, 'mail.outbox'),
  };
}

export const mailPreferencesSchema = z.object({
  mode: z.enum(mailModes, { error: 'mode' }),
  reminders: z
    .enum(['on', 'off'])
    .optional()
    .transform((value) => value === 'on'),
});

export async function saveMailSettings(db: Db, actor: Actor, input: z.infer<typeof mailPreferencesSchema>, now = new Date()): Promise<void> {
  assertAllowed(actor, 'mail.choose');
  await saveMailPreferences(db, networkOf(actor), actor.user.id, input, now);
}

export async function mailOutboxOf(db: Db, config: Pick<Config, 'mail'>, actor: Actor): Promise<{ entries: MailOutboxEntry[]; enabled: boolean }> {
  assertAllowed(actor, 'mail.outbox');
  return { entries: await listMailOutbox(db, networkOf(actor)), enabled: config.mail !== null };
}

export async function retryMail(db: Db, actor: Actor, id: number, now = new Date()): Promise<void> {
  assertAllowed(actor, 'mail.outbox');
  if (!(await requeueFailedMail(db, networkOf(actor), id, now))) throw new AppError(404, 'mail_not_failed', `mail ${id}`);
}

/** The unsubscribe page's facts, without a session: the token is the permission. Unknown → 404. */
export async function unsubscribePageOf(db: Db, token: string) {
  const preferences = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await preferencesByUnsubscribeToken(db, token) : undefined;
  if (!preferences) throw new AppError(404, 'mail_unknown_link', 'unknown unsubscribe token');
  const row = await unsubscribeFacts(db, preferences.networkId, preferences.userId);
  if (!row) throw new AppError(404, 'mail_unknown_link', 'unsubscribe token of a removed network');
  return { networkName: row.name, networkLanguage: row.language, locale: row.locale, off: preferences.unsubscribedAt !== null };
}

export async function unsubscribe(db: Db, token: string, now = new Date()): Promise<void> {
  if (!(await unsubscribeByToken(db, token, now))) throw new AppError(404, 'mail_unknown_link', 'unknown unsubscribe token');
}

/** The session gate's mark that the person is in the tool (throttled in SQL; digests go to the absent). */
export async function markSeen(db: Db, actor: Actor, now = new Date()): Promise<void> {
  if (!actor.network) return;
  await touchLastSeen(db, actor.network.id, actor.user.id, now);
}
