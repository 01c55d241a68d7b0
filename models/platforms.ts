import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { deployments, loginStates, platforms, type PlatformStatus } from './schema';

export type PlatformRow = typeof platforms.$inferSelect;
export type NewPlatform = typeof platforms.$inferInsert;

export async function findPlatform(db: Db, issuer: string, clientId: string): Promise<PlatformRow | undefined> {
  const [row] = await db.select().from(platforms).where(and(eq(platforms.issuer, issuer), eq(platforms.clientId, clientId)));
  return row;
}

export async function findPlatformById(db: Db, id: number): Promise<PlatformRow | undefined> {
  const [row] = await db.select().from(platforms).where(eq(platforms.id, id));
  return row;
}

export async function listPlatforms(db: Db): Promise<Array<PlatformRow & { deploymentIds: string[] }>> {
  const rows = await db
    .select({
      platform: platforms,
      deploymentIds: sql<string[]>`coalesce(array_agg(${deployments.deploymentId} order by ${deployments.id}) filter (where ${deployments.id} is not null), '{}')`,
    })
    .from(platforms)
    .leftJoin(deployments, eq(deployments.platformId, platforms.id))
    .groupBy(platforms.id)
    .orderBy(asc(platforms.id));
  return rows.map((row) => ({ ...row.platform, deploymentIds: row.deploymentIds }));
}

/** Inserts the platform, or updates it when the same issuer and client id register again. */
export async function upsertPlatform(db: Db, platform: NewPlatform): Promise<PlatformRow> {
  const { issuer, clientId, status, ...changes } = platform;
  const [row] = await db
    .insert(platforms)
    .values(platform)
    .onConflictDoUpdate({ target: [platforms.issuer, platforms.clientId], set: { ...changes, updatedAt: new Date() } })
    .returning();
  if (!row) throw new Error('platform upsert returned nothing');
  return row;
}

export async function setPlatformStatus(db: Db, id: number, status: PlatformStatus): Promise<PlatformRow | undefined> {
  const [row] = await db.update(platforms).set({ status, updatedAt: new Date() }).where(eq(platforms.id, id)).returning();
  return row;
}

export async function setAllowNewDeployments(db: Db, id: number, allow: boolean): Promise<void> {
  await db.update(platforms).set({ allowNewDeployments: allow, updatedAt: new Date() }).where(eq(platforms.id, id));
}

export async function deletePlatformRow(db: Db, id: number): Promise<PlatformRow | undefined> {
  const [row] = await db.delete(platforms).where(eq(platforms.id, id)).returning();
  return row;
}

export type DeploymentRow = typeof deployments.$inferSelect;

export async function findDeployment(db: Db, platformId: number, deploymentId: string): Promise<DeploymentRow | undefined> {
  const [row] = await db
    .select()
    .from(deployments)
    .where(and(eq(deployments.platformId, platformId), eq(deployments.deploymentId, deploymentId)));
  return row;
}

export async function recordDeployment(db: Db, platformId: number, deploymentId: string): Promise<DeploymentRow> {
  await db.insert(deployments).values({ platformId, deploymentId }).onConflictDoNothing();
  const row = await findDeployment(db, platformId, deploymentId);
  if (!row) throw new Error('deployment not recorded');
  return row;
}

/** Origins of the active platforms' login pages: the only sites allowed to frame the tool. */
export async function activePlatformOrigins(db: Db): Promise<string[]> {
  const rows = await db.select({ issuer: platforms.issuer, authLoginUrl: platforms.authLoginUrl }).from(platforms).where(eq(platforms.status, 'active'));
  const origins = new Set<string>();
  for (const row of rows) {
    for (const url of [row.issuer, row.authLoginUrl]) {
      try {
        origins.add(new URL(url).origin);
      } catch {
        // an issuer need not be a URL; then it names no origin
      }
    }
  }
  return [...origins];
}

export async function insertLoginState(db: Db, state: string, nonce: string, platformId: number, expiresAt: Date): Promise<void> {
  await db.insert(loginStates).values({ state, nonce, platformId, expiresAt });
}

export interface ConsumedLogin {
  nonce: string;
  platform: PlatformRow;
  deployment: DeploymentRow | undefined;
}

/**
 * Takes the login state out once (a second id_token with the same state finds nothing) and returns it
 * with its platform and the named deployment, in one round trip: this runs on every launch.
 */
export async function consumeLoginState(db: Db, state: string, deploymentId: string, now: Date): Promise<ConsumedLogin | undefined> {
  const consumed = db.$with('consumed').as(db.delete(loginStates).where(eq(loginStates.state, state)).returning());
  const [row] = await db
    .with(consumed)
    .select({ nonce: consumed.nonce, expiresAt: consumed.expiresAt, platform: platforms, deployment: deployments })
    .from(consumed)
    .innerJoin(platforms, eq(platforms.id, consumed.platformId))
    .leftJoin(deployments, and(eq(deployments.platformId, platforms.id), eq(deployments.deploymentId, deploymentId)));
  if (!row || row.expiresAt <= now) return undefined;
  return { nonce: row.nonce, platform: row.platform, deployment: row.deployment ?? undefined };
}

/** The platform a login names, with the deployment it names (if recorded), in one round trip. */
export async function findPlatformForLogin(
  db: Db,
  issuer: string,
  clientId: string | undefined,
  deploymentId: string | undefined,
): Promise<{ platform: PlatformRow; deployment: DeploymentRow | undefined } | undefined> {
  const rows = await db
    .select({ platform: platforms, deployment: deployments })
    .from(platforms)
    .leftJoin(deployments, and(eq(deployments.platformId, platforms.id), eq(deployments.deploymentId, deploymentId ?? '')))
    .where(clientId ? and(eq(platforms.issuer, issuer), eq(platforms.clientId, clientId)) : eq(platforms.issuer, issuer));
  // Without a client id the issuer must name exactly one registration.
  const [row] = rows;
  if (!row || rows.length > 1) return undefined;
  return { platform: row.platform, deployment: row.deployment ?? undefined };
}

export async function purgeLoginStates(db: Db, now: Date): Promise<void> {
  await db.delete(loginStates).where(sql`${loginStates.expiresAt} < ${now.toISOString()}`);
}
