import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db';
import { notFound } from '../errors';
import { hashSecret } from './launch';
import {
  insertRegistrationLink,
  listRegistrationLinks as listLinkRows,
  revokeRegistrationLink as revokeLinkRow,
  type RegistrationLinkRow,
} from '../../models/registration';

export const registrationLinkLifetimeMs = 7 * 24 * 3600_000;

export const mintLinkSchema = z.object({ note: z.string().trim().max(200).default('') });

export type RegistrationLinkState = 'open' | 'used' | 'expired' | 'revoked';

export interface RegistrationLinkView {
  id: number;
  note: string;
  createdAt: Date;
  expiresAt: Date;
  state: RegistrationLinkState;
  platformName: string | null;
}

/**
 * A one-time registration URL, like a developer key: random, shown once (only its hash is stored), valid
 * for seven days. Moodle appends its own query parameters to it, so the token travels in the path.
 */
export async function mintRegistrationLink(db: Db, publicUrl: string, input: unknown): Promise<{ url: string; link: RegistrationLinkRow }> {
  const { note } = mintLinkSchema.parse(input ?? {});
  const token = randomBytes(32).toString('base64url');
  const link = await insertRegistrationLink(db, hashSecret(token), note, new Date(Date.now() + registrationLinkLifetimeMs));
  return { url: `${publicUrl}/register/${token}`, link };
}

export async function listRegistrationLinks(db: Db, now = new Date()): Promise<RegistrationLinkView[]> {
  const rows = await listLinkRows(db);
  return rows.map((row) => ({
    id: row.id,
    note: row.note,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    state: linkState(row, now),
    platformName: row.platformName,
  }));
}

export function linkState(row: Pick<RegistrationLinkRow, 'usedAt' | 'revokedAt' | 'expiresAt'>, now: Date): RegistrationLinkState {
  if (row.revokedAt) return 'revoked';
  if (row.usedAt) return 'used';
  return row.expiresAt <= now ? 'expired' : 'open';
}

export async function revokeRegistrationLink(db: Db, id: number): Promise<void> {
  if (!(await revokeLinkRow(db, id, new Date()))) throw notFound(`registration link ${id}`);
}
