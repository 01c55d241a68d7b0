import { z } from 'zod';
import type { Db } from '../db';
import { notFound } from '../errors';
import { ltiRoleName, networkRoles, type NetworkRole } from '../lti/roles';
import { assertAllowed, authorize, contextOf, isSchoolLeader, type Actor } from '../policies';
import { findMentees, listLeaderSchools, listRoleChanges, listSchools, setNetworkRole, type RoleChange, type SchoolRow } from '../../models/people';
import type { RosterMember } from '../../models/roster';

export const roleFormSchema = z.object({ role: z.enum(networkRoles) });

/**
 * A leader sets another member's network role (not their own: the rule refuses it). The change is logged,
 * and the member acts with it from their next request; later launches and roster syncs keep it.
 */
export async function changeNetworkRole(db: Db, actor: Actor, targetId: number, role: NetworkRole, now = new Date()): Promise<void> {
  assertAllowed(actor, 'member.setRole', { targetId });
  const contextId = contextOf(actor);
  const changed = await setNetworkRole(db, { contextId, userId: targetId, role, byUserId: actor.user.id, at: now });
  if (!changed) throw notFound(`user ${targetId} is not a member of context ${contextId}`);
}

/** The change log, for leaders. */
export async function roleChangesFor(db: Db, actor: Actor): Promise<RoleChange[]> {
  assertAllowed(actor, 'roster.sync');
  return listRoleChanges(db, contextOf(actor));
}

export interface PeopleExtras {
  /** The network's schools, for the school columns and forms. */
  schools: SchoolRow[];
  /** Per member: may this actor change their network role (leaders, for anyone but themselves). */
  canSetRole: (member: Pick<RosterMember, 'userId'>) => boolean;
  canSetSchool: boolean;
  canManageSchools: boolean;
  /** school ids per school leader */
  leaderSchools: Map<number, number[]>;
  roleChanges: RoleChange[];
  /** The member's LTI roles as the platform sent them, by short name. */
  ltiRoleNames: (member: Pick<RosterMember, 'ltiRoles'>) => string;
}

/** What the participants page adds about network roles and schools, for the one who reads it. */
export async function peopleExtrasFor(db: Db, actor: Actor): Promise<PeopleExtras> {
  const networkId = actor.network ? actor.network.id : undefined;
  const schools = networkId === undefined ? [] : await listSchools(db, networkId);
  const leaderSchools = new Map<number, number[]>();
  for (const row of networkId === undefined ? [] : await listLeaderSchools(db, networkId)) {
    leaderSchools.set(row.userId, [...(leaderSchools.get(row.userId) ?? []), row.schoolId]);
  }
  const leads = authorize(actor, 'roster.sync');
  return {
    schools,
    canSetRole: (member) => authorize(actor, 'member.setRole', { targetId: member.userId }),
    canSetSchool: networkId !== undefined && authorize(actor, 'member.setSchool'),
    canManageSchools: networkId !== undefined && authorize(actor, 'school.manage'),
    leaderSchools,
    ltiRoleNames: (member) => [...new Set(member.ltiRoles.map(ltiRoleName))].join(', '),
    roleChanges: leads && actor.context ? await listRoleChanges(db, actor.context.id) : [],
  };
}

/**
 * The participants a school leader follows: those of the schools they answer for, and the users a Mentor
 * launch named (role_scope_mentor). Empty for everyone else. One query, run by the session loader.
 */
export async function menteesFor(
  db: Db,
  actor: Pick<Actor, 'roles' | 'user' | 'context' | 'network'>,
  launch: { platformId: number; roleScopeMentor?: string[] },
): Promise<Set<number>> {
  if (!isSchoolLeader(actor) || !actor.context || !actor.network) return new Set();
  const ids = await findMentees(db, {
    contextId: actor.context.id,
    networkId: actor.network.id,
    userId: actor.user.id,
    platformId: launch.platformId,
    scopeSubs: launch.roleScopeMentor ?? [],
  });
  return new Set(ids);
}
