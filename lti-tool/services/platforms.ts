import { z } from 'zod';
import type { Db } from '../db';
import { notFound } from '../errors';
import type { LtiRuntime } from '../lti/provider';
import {
  deletePlatformRow,
  findPlatformById,
  listPlatforms,
  recordDeployment,
  setAllowNewDeployments,
  setPlatformStatus,
  upsertPlatform,
  type PlatformRow,
} from '../../models/platforms';
import type { PlatformStatus } from '../../models/schema';

export interface PlatformDeps {
  db: Db;
  lti: LtiRuntime;
  /** Called after any change that affects which sites may frame the tool. */
  onChange?: () => Promise<void>;
}

const httpUrl = z.url({ protocol: /^https?$/ });

export const manualPlatformSchema = z.object({
  name: z.string().trim().min(1).max(200),
  issuer: z.string().trim().min(1).max(500),
  clientId: z.string().trim().min(1).max(200),
  authLoginUrl: httpUrl,
  accessTokenUrl: httpUrl,
  jwksUrl: httpUrl,
  deploymentIds: z
    .string()
    .default('')
    .transform((value) => value.split(/[\s,]+/).filter(Boolean)),
  activate: z.union([z.literal('on'), z.literal('true'), z.boolean()]).optional().transform(Boolean),
});
export type ManualPlatformInput = z.input<typeof manualPlatformSchema>;

export interface PlatformRegistration {
  name: string;
  issuer: string;
  clientId: string;
  authLoginUrl: string;
  accessTokenUrl: string;
  authorizationServer?: string;
  jwksUrl: string;
  deploymentIds: string[];
  productFamily?: string;
  registeredBy: 'dynamic' | 'manual';
  status: PlatformStatus;
}

/**
 * Registers a platform with ltijs (which makes our key pair for it) and in our table; registering the same
 * issuer and client id again updates both instead of failing, as Moodle's "update existing tool" needs.
 */
export async function savePlatformRegistration(deps: PlatformDeps, registration: PlatformRegistration): Promise<PlatformRow> {
  await deps.lti.provider.registerPlatform({
    url: registration.issuer,
    clientId: registration.clientId,
    name: registration.name,
    authenticationEndpoint: registration.authLoginUrl,
    accesstokenEndpoint: registration.accessTokenUrl,
    authorizationServer: registration.authorizationServer ?? registration.accessTokenUrl,
    authConfig: { method: 'JWK_SET', key: registration.jwksUrl },
  });
  const platform = await deps.db.transaction(async (tx) => {
    const row = await upsertPlatform(tx, {
      issuer: registration.issuer,
      clientId: registration.clientId,
      name: registration.name,
      status: registration.status,
      authLoginUrl: registration.authLoginUrl,
      accessTokenUrl: registration.accessTokenUrl,
      jwksUrl: registration.jwksUrl,
      productFamily: registration.productFamily ?? null,
      registeredBy: registration.registeredBy,
    });
    for (const deploymentId of registration.deploymentIds) await recordDeployment(tx, row.id, deploymentId);
    return row;
  });
  // ltijs keeps its own active flag; ours decides, so ltijs's is always on.
  const ltijsPlatform = await deps.lti.provider.getPlatform(registration.issuer, registration.clientId);
  if (ltijsPlatform) await ltijsPlatform.platformActive(true);
  deps.lti.jwks.forget(registration.jwksUrl);
  await deps.onChange?.();
  return platform;
}

export async function registerPlatformManually(deps: PlatformDeps, input: unknown): Promise<PlatformRow> {
  const data = manualPlatformSchema.parse(input);
  return savePlatformRegistration(deps, { ...data, registeredBy: 'manual', status: data.activate ? 'active' : 'pending' });
}

export async function changePlatformStatus(deps: PlatformDeps, id: number, status: PlatformStatus): Promise<PlatformRow> {
  const row = await setPlatformStatus(deps.db, id, status);
  if (!row) throw notFound(`platform ${id}`);
  await deps.onChange?.();
  return row;
}

export async function allowNewDeployments(deps: PlatformDeps, id: number, allow: boolean): Promise<void> {
  if (!(await findPlatformById(deps.db, id))) throw notFound(`platform ${id}`);
  await setAllowNewDeployments(deps.db, id, allow);
}

export async function addDeployment(deps: PlatformDeps, id: number, deploymentId: string): Promise<void> {
  if (!(await findPlatformById(deps.db, id))) throw notFound(`platform ${id}`);
  const value = z.string().trim().min(1).max(200).parse(deploymentId);
  await recordDeployment(deps.db, id, value);
}

/** Removes the platform everywhere: our rows (users, contexts, sessions cascade) and ltijs's keys. */
export async function removePlatform(deps: PlatformDeps, id: number): Promise<void> {
  const row = await deletePlatformRow(deps.db, id);
  if (!row) throw notFound(`platform ${id}`);
  await deps.lti.provider.deletePlatform(row.issuer, row.clientId);
  await deps.onChange?.();
}

export { listPlatforms };
