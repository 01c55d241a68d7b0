import { z } from 'zod';
import { retryOnConflict, type Db } from '../db';
import { AppError, notFound } from '../errors';
import { defaultNetworkRole, mapLtiRoles, memberRoles } from '../lti/roles';
import { assertAllowed, authorize, contextOf, type Actor } from '../policies';
import { ServiceError, clientOf, serviceMediaTypes, serviceScopes, type ServiceDeps } from '../lti/service-client';
import { applyRoster, findServiceContext, listRoster, type RosterCounts, type RosterEntry, type RosterMember } from '../../models/roster';

export interface RosterView {
  syncedAt: Date | null;
  canSync: boolean;
  canGrade: boolean;
  members: RosterMember[];
}

const optionalText = z
  .string()
  .nullish()
  .transform((value) => (value && value.trim() !== '' ? value.trim() : null));

// NRPS 2.0 member; unknown fields are ignored, and a member we cannot read is skipped, not fatal.
const memberSchema = z.object({
  user_id: z.union([z.string().min(1), z.number()]).transform(String),
  roles: z.array(z.string()).default([]),
  status: z.string().optional(),
  name: optionalText,
  given_name: optionalText,
  family_name: optionalText,
  email: optionalText,
});
const pageSchema = z.object({ members: z.array(z.unknown()) });

/**
 * Reads the whole NRPS list of a context (every page) and stores it in one transaction: users, memberships
 * with roles from short names or URIs, inactive for those gone or marked Inactive, and the sync time.
 * No permission check: callers are the leader entry point below and the tool's own stale-roster refresh.
 */
export async function syncRoster(deps: ServiceDeps, contextRowId: number): Promise<RosterCounts> {
  const target = await findServiceContext(deps.db, contextRowId);
  if (!target) throw notFound(`context ${contextRowId}`);
  const url = target.context.membershipsUrl;
  if (!url) throw new AppError(409, 'roster_unavailable', `context ${contextRowId} has no memberships URL`);
  // A launch after this instant proves its membership, whatever the list read before it says.
  const listedAt = new Date();
  const pages = await clientOf(deps).getPages(target, [serviceScopes.memberships], url, serviceMediaTypes.membershipContainer);
  const entries = pages.flatMap(readMembers);
  const now = deps.now?.() ?? new Date();
  return retryOnConflict(() => deps.db.transaction((tx) => applyRoster(tx, { contextId: target.context.id, platformId: target.platformId }, entries, now, listedAt)));
}

function readMembers(page: unknown): RosterEntry[] {
  const parsed = pageSchema.safeParse(page);
  if (!parsed.success) throw new ServiceError('response', 'membership page without a members list', false);
  return parsed.data.members.flatMap((raw) => {
    const member = memberSchema.safeParse(raw);
    if (!member.success) return [];
    const m = member.data;
    return [
      {
        sub: m.user_id,
        name: m.name ?? (m.given_name || m.family_name ? [m.given_name, m.family_name].filter(Boolean).join(' ') : null),
        givenName: m.given_name,
        familyName: m.family_name,
        email: m.email,
        ltiRoles: m.roles,
        ...rolesFrom(mapLtiRoles(m.roles)),
        // NRPS statuses: Active (the default), Inactive, Deleted.
        active: m.status === undefined || m.status.toLowerCase() === 'active',
      },
    ];
  });
}

function rolesFrom(mapped: ReturnType<typeof mapLtiRoles>) {
  const networkRole = defaultNetworkRole(mapped);
  return { networkRole, roles: memberRoles(networkRole, mapped) };
}

/** Leaders (and administrators) refresh the roster from the platform; no one else may. */
export async function syncRosterAsLeader(deps: ServiceDeps, launch: Actor): Promise<RosterCounts> {
  assertAllowed(launch, 'roster.sync');
  const contextId = contextOf(launch);
  try {
    return await syncRoster(deps, contextId);
  } catch (error) {
    if (error instanceof ServiceError) throw new AppError(502, 'platform_unavailable', error.message);
    throw error;
  }
}

/**
 * The roster page: leaders, staff and administrators only. A learner's launch can reach NRPS on the
 * platform too (client credentials are not bound to a user), so this check is what keeps it from them.
 */
export async function rosterForLeader(db: Db, launch: Actor): Promise<RosterView> {
  assertAllowed(launch, 'roster.read');
  const contextId = contextOf(launch);
  const target = await findServiceContext(db, contextId);
  if (!target) throw notFound(`context ${contextId}`);
  return {
    syncedAt: target.context.rosterSyncedAt,
    canSync: authorize(launch, 'roster.sync') && target.context.membershipsUrl !== null,
    canGrade: authorize(launch, 'grades.give'),
    members: await listRoster(db, contextId),
  };
}

export { listRoster };
export type { RosterCounts, RosterMember, ServiceDeps };
