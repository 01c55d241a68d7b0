import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { retryOnConflict, type Db } from '../db';
import { resolveLanguage } from '../i18n';
import { defaultNetworkRole, mapLtiRoles, memberRoles } from '../lti/roles';
import { runsNetwork } from '../policies';
import type { VerifiedLaunch } from '../lti/provider';
import { AppError, LaunchRejected } from '../errors';
import { recordDeployment } from '../../models/platforms';
import type { GuardedLaunch } from '../lti/launch-guard';
import { findLiveSession, insertLaunchRecord, type ContextRow, type NetworkRow, type RecordedContext, type UserRow } from '../../models/launches';

export type { ContextRow, NetworkRow, UserRow };

export const sessionLifetimeMs = 8 * 60 * 60_000;

/** The launch claims that pages and services need after the launch request. */
export interface LaunchClaims {
  issuer: string;
  clientId: string;
  ltiDeploymentId: string;
  ltiRoles: string[];
  resourceLink?: { id: string; title?: string };
  custom: Record<string, unknown>;
  lineItemUrl?: string;
  deepLinkingSettings?: Record<string, unknown>;
  returnUrl?: string;
  /** The users (subs) a Mentor launch names as theirs (role_scope_mentor), honoured where a platform sends it. */
  roleScopeMentor?: string[];
}

export interface RecordedLaunch {
  handle: string;
  secret: string;
  messageType: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  contextId?: number;
  rosterStale: boolean;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/**
 * Records a verified launch: the deployment (first sight only if the platform allows it), the user, the
 * context and membership, the network on an Instructor's first launch, and a new browser session.
 */
export async function recordLaunch(
  db: Db,
  launch: VerifiedLaunch,
  guarded: GuardedLaunch,
  options: { rosterMaxAgeMinutes: number; now?: Date },
): Promise<RecordedLaunch> {
  const { token, context: claims } = launch;
  const now = options.now ?? new Date();
  const ltiRoles = claims.roles.filter((role): role is string => typeof role === 'string');
  const roles = mapLtiRoles(ltiRoles);
  const locale = resolveLanguage(claims.launchPresentation?.locale);

  const { platform } = guarded;
  if (platform.issuer !== token.iss || platform.clientId !== token.clientId) throw new LaunchRejected('WRONG_ISSUER');
  let deployment = guarded.deployment?.deploymentId === token.deploymentId ? guarded.deployment : undefined;
  if (!deployment) {
    if (!platform.allowNewDeployments) throw new LaunchRejected('UNKNOWN_DEPLOYMENT');
    deployment = await recordDeployment(db, platform.id, token.deploymentId);
  }

  const handle = randomBytes(12).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  const launchClaims: LaunchClaims = {
    issuer: token.iss,
    clientId: token.clientId,
    ltiDeploymentId: token.deploymentId,
    ltiRoles,
    resourceLink: claims.resource?.id ? { id: String(claims.resource.id), title: claims.resource.title } : undefined,
    custom: claims.custom ?? {},
    lineItemUrl: text(claims.endpoint?.lineitem) ?? undefined,
    deepLinkingSettings: claims.deepLinkingSettings,
    returnUrl: text(claims.launchPresentation?.return_url) ?? undefined,
    roleScopeMentor: roles.includes('mentor') ? claims.roleScopeMentor ?? [] : [],
  };
  const leads = runsNetwork({ roles });
  const context = await retryOnConflict(() => insertLaunchRecord(db, {
    platformId: platform.id,
    deploymentRowId: deployment.id,
    user: {
      sub: token.user,
      name: text(token.userInfo.name),
      givenName: text(token.userInfo.given_name),
      familyName: text(token.userInfo.family_name),
      email: text(token.userInfo.email),
      locale: text(claims.launchPresentation?.locale),
    },
    context: claims.context?.id
      ? {
          contextId: String(claims.context.id),
          label: text(claims.context.label),
          title: text(claims.context.title),
          lineItemsUrl: text(claims.endpoint?.lineitems),
          membershipsUrl: text(claims.namesRoles?.context_memberships_url),
        }
      : undefined,
    roles,
    ltiRoles,
    networkRole: defaultNetworkRole(roles),
    memberRoles: memberRoles(defaultNetworkRole(roles), roles),
    network: leads ? { defaultName: 'Nätverk', language: locale } : undefined,
    session: {
      handle,
      secretHash: hashSecret(secret),
      locale,
      messageType: claims.messageType,
      documentTarget: text(claims.launchPresentation?.document_target),
      launch: launchClaims,
      endsAt: new Date(now.getTime() + sessionLifetimeMs),
    },
  }));
  const rosterStale = Boolean(context && leads && isRosterStale(context, options.rosterMaxAgeMinutes, now));
  return { handle, secret, messageType: claims.messageType, contextId: context?.id, rosterStale };
}

export function isRosterStale(context: Pick<RecordedContext, 'rosterSyncedAt' | 'membershipsUrl'>, maxAgeMinutes: number, now: Date): boolean {
  if (!context.membershipsUrl) return false;
  if (!context.rosterSyncedAt) return true;
  return now.getTime() - context.rosterSyncedAt.getTime() > maxAgeMinutes * 60_000;
}

/** The live session behind a handle and its cookie's secret, or 401: every page of a launch starts here. */
export async function liveSession(db: Db, handle: string, secret: string | undefined, now = new Date()) {
  const found = secret ? await findLiveSession(db, handle, now) : undefined;
  if (!found || !secret || !secretMatches(secret, found.session.secretHash)) throw new AppError(401, 'session_expired');
  return { ...found, secret };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, expectedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(expectedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

