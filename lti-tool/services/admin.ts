import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db';
import { AppError } from '../errors';
import { hashSecret } from './launch';
import { adminSessionIsLive, deleteAdminSession, insertAdminSession, purgeAdminSessions } from '../../models/admin';

/** An administrator's session lasts this long from sign-in, however active. */
export const adminSessionLifetimeMs = 8 * 3600_000;

/**
 * Signs the administrator in with ADMIN_TOKEN: a new random session each time, of which only the hash is
 * stored, so a cookie seen once (or a database dump) does not open the next session.
 */
export async function signInAdmin(db: Db, adminToken: string, token: string, now = new Date()): Promise<{ secret: string; expiresAt: Date }> {
  if (!sameSecret(token, adminToken)) throw new AppError(401, 'admin_required', 'wrong administrator token');
  await purgeAdminSessions(db, now);
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + adminSessionLifetimeMs);
  await insertAdminSession(db, hashSecret(secret), expiresAt);
  return { secret, expiresAt };
}

export async function adminSessionValid(db: Db, secret: string, now = new Date()): Promise<boolean> {
  return /^[\w-]{43}$/.test(secret) && adminSessionIsLive(db, hashSecret(secret), now);
}

export async function signOutAdmin(db: Db, secret: string): Promise<void> {
  await deleteAdminSession(db, hashSecret(secret));
}

/** The form token of a session: derived from its secret, so nothing more is stored and no other session has it. */
export function adminCsrfToken(secret: string): string {
  return createHmac('sha256', secret).update('admin-csrf').digest('base64url');
}

export function csrfTokenMatches(secret: string, token: unknown): boolean {
  return typeof token === 'string' && sameSecret(token, adminCsrfToken(secret));
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
