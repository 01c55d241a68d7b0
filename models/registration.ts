import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { platforms, registrationLinks } from './schema';

export type RegistrationLinkRow = typeof registrationLinks.$inferSelect;

export async function insertRegistrationLink(db: Db, tokenHash: string, note: string, expiresAt: Date): Promise<RegistrationLinkRow> {
  const [row] = await db.insert(registrationLinks).values({ tokenHash, note, expiresAt }).returning();
  if (!row) throw new Error('registration link not inserted');
  return row;
}

/** The links, newest first, with the name of the platform each registered (if any). */
export async function listRegistrationLinks(db: Db): Promise<Array<RegistrationLinkRow & { platformName: string | null }>> {
  const rows = await db
    .select({ link: registrationLinks, platformName: platforms.name })
    .from(registrationLinks)
    .leftJoin(platforms, eq(platforms.id, registrationLinks.platformId))
    .orderBy(desc(registrationLinks.id));
  return rows.map((row) => ({ ...row.link, platformName: row.platformName }));
}

/**
 * Takes the link for one registration: only an unused, unrevoked, unexpired link is claimed, in one
 * statement, so two registrations racing with the same link cannot both get it.
 */
export async function claimRegistrationLink(db: Db, tokenHash: string, now: Date): Promise<RegistrationLinkRow | undefined> {
  const [row] = await db
    .update(registrationLinks)
    .set({ usedAt: now })
    .where(
      and(
        eq(registrationLinks.tokenHash, tokenHash),
        isNull(registrationLinks.usedAt),
        isNull(registrationLinks.revokedAt),
        gt(registrationLinks.expiresAt, now),
      ),
    )
    .returning();
  return row;
}

/** Gives a claimed link back after a registration that failed before anything was stored. */
export async function releaseRegistrationLink(db: Db, id: number): Promise<void> {
  await db.update(registrationLinks).set({ usedAt: null }).where(and(eq(registrationLinks.id, id), isNull(registrationLinks.platformId)));
}

export async function recordLinkPlatform(db: Db, id: number, platformId: number): Promise<void> {
  await db.update(registrationLinks).set({ platformId }).where(eq(registrationLinks.id, id));
}

export async function revokeRegistrationLink(db: Db, id: number, now: Date): Promise<RegistrationLinkRow | undefined> {
  const [row] = await db
    .update(registrationLinks)
    .set({ revokedAt: sql`coalesce(${registrationLinks.revokedAt}, ${now.toISOString()}::timestamptz)` })
    .where(eq(registrationLinks.id, id))
    .returning();
  return row;
}

/** Platforms waiting for activation that came without a link: a bound on what strangers can leave behind. */
export async function countPendingPlatformsWithoutLink(db: Db): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(platforms)
    .leftJoin(registrationLinks, eq(registrationLinks.platformId, platforms.id))
    .where(and(eq(platforms.status, 'pending'), eq(platforms.registeredBy, 'dynamic'), isNull(registrationLinks.id)));
  return row?.count ?? 0;
}
