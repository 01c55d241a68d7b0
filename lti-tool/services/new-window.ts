import { randomBytes } from 'node:crypto';
import type { Db } from '../db';
import { AppError } from '../errors';
import { claimSession, copySession } from '../../models/launches';
import { hashSecret } from './launch';

/** How long the one-time link into a new window stays valid. */
const handoffLifetimeMs = 2 * 60_000;

/**
 * Inside the platform's iframe the session cookie is partitioned under the platform's site (or blocked),
 * so a plain link in a new window would arrive without it. The frame asks for a one-time link instead:
 * a copy of its session whose secret works once, for two minutes, and is replaced when it is used.
 */
export async function createWindowLink(db: Db, fromHandle: string, now = new Date()): Promise<{ handle: string; code: string }> {
  const handle = randomBytes(12).toString('base64url');
  const code = randomBytes(32).toString('base64url');
  const copied = await copySession(db, fromHandle, { handle, secretHash: hashSecret(code), expiresAt: new Date(now.getTime() + handoffLifetimeMs) }, now);
  if (!copied) throw new AppError(401, 'session_expired');
  return { handle, code };
}

/** Uses the one-time code: returns the lasting secret for the new window's cookie, and when the launch's session ends. */
export async function openWindowSession(db: Db, handle: string, code: string, now = new Date()): Promise<{ secret: string; endsAt: Date }> {
  const secret = randomBytes(32).toString('base64url');
  const endsAt = await claimSession(db, handle, hashSecret(code), hashSecret(secret), now);
  if (!endsAt) throw new AppError(401, 'window_link_used');
  return { secret, endsAt };
}
