import type { Db } from '../db';
import type { Actor } from '../policies';
import { toolRoles, type ToolRole } from '../lti/roles';
import { activeMemberOf } from '../../models/mail';

/**
 * The Actor of a network member outside any session (a reply by e-mail, a background job acting for them),
 * from their active membership of the network's course; undefined when they are no longer a member.
 * No mentees: nothing done this way needs a school leader's view of their teachers.
 */
export async function memberActor(db: Db, networkId: number, userId: number): Promise<Actor | undefined> {
  const member = await activeMemberOf(db, networkId, userId);
  if (!member) return undefined;
  const roles = member.roles.filter((role): role is ToolRole => (toolRoles as readonly string[]).includes(role));
  return {
    user: { id: userId },
    roles,
    network: { id: member.networkId, language: member.language, timeZone: member.timeZone } as Actor['network'],
    context: { id: member.contextId },
    mentees: new Set(),
    sessionEndsAt: null,
  };
}
