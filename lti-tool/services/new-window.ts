import { randomBytes } from 'node:crypto';
import type { Db } from '../db';
import { AppError } from '../errors';
import { claimSession, copySession, endPhoneSession, listPhoneSessions, type PhoneSession } from '../../models/launches';
import type { Actor } from '../policies';
import { hashSecret } from './launch';

/** How long the one-time link into a new window stays valid. */
const handoffLifetimeMs = 2 * 60_000;

/**
 * Inside the platform's iframe the session cookie is partitioned under the platform's site (or blocked),
 * so a plain link in a new window would arrive without it. The frame asks for a one-time link instead:
 * a copy of its session whose secret works once, for two minutes, and is replaced when it is used.
 */
export async function createWindowLink(db: Db, fromHandle: string, now = new Date(), options: { phone?: boolean } = {}): Promise<{ handle: string; code: string }> {
  const handle = randomBytes(12).toString('base64url');
  const code = randomBytes(32).toString('base64url');
  const copied = await copySession(db, fromHandle, { handle, secretHash: hashSecret(code), expiresAt: new Date(now.getTime() + handoffLifetimeMs), phone: options.phone }, now);
  if (!copied) throw new AppError(401, 'session_expired');
  return { handle, code };
}

/** Uses the one-time code: returns the lasting secret for the new window's cookie, when the launch's session ends, and whether it is a phone's. */
export async function openWindowSession(db: Db, handle: string, code: string, now = new Date()): Promise<{ secret: string; endsAt: Date; phone: boolean }> {
  const secret = randomBytes(32).toString('base64url');
  const claimed = await claimSession(db, handle, hashSecret(code), hashSecret(secret), now);
  if (!claimed) throw new AppError(401, 'window_link_used');
  return { secret, ...claimed };
}

// Letters, digits and the few marks our paths use; one segment at a time, so no "//", "..", "\\" or host.
const pageSegment = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;
const maxReturnLength = 200;

/**
 * The page a new window should open, as a path under the session's base (`year`, `meetings/3`), from a
 * path the person was on. Anything but a plain path under this session's own base gives '' (Home): never
 * another site, another session, or a page outside the launch — a forged link cannot make this a redirect.
 */
export function windowReturnPath(base: string, candidate: unknown): string {
  if (typeof candidate !== 'string' || candidate.length > maxReturnLength) return '';
  const prefix = `${base}/`;
  const rest = candidate.startsWith(prefix) ? candidate.slice(prefix.length) : undefined;
  return rest === undefined ? '' : safeRelativePath(rest);
}

/** A relative page path made only of plain segments, or ''. */
export function safeRelativePath(path: unknown): string {
  if (typeof path !== 'string' || path === '' || path.length > maxReturnLength) return '';
  const segments = path.endsWith('/') ? path.slice(0, -1).split('/') : path.split('/');
  if (!segments.every((segment) => pageSegment.test(segment))) return '';
  const joined = segments.join('/');
  // The page that makes the link is no place to land.
  return joined === 'new-window' ? '' : joined;
}

export type { PhoneSession };

/** The phones signed in with this person's personal codes (the same person, the same course). */
export function phonesOf(db: Db, actor: Actor, now = new Date()): Promise<PhoneSession[]> {
  return listPhoneSessions(db, actor.user.id, actor.context?.id ?? null, now);
}

/** Signs out one of this person's phones: its session ends at once; someone else's phone is not theirs to end. */
export async function signOutPhone(db: Db, actor: Actor, handle: string): Promise<void> {
  if (!(await endPhoneSession(db, actor.user.id, handle))) throw new AppError(404, 'not_found', `no phone session ${handle} of user ${actor.user.id}`);
}
