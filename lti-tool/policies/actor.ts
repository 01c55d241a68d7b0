import type { ToolRole } from '../lti/roles';

/**
 * Who is asking: one shape for every service, whether the request comes from a launch's session, a calendar
 * feed or a background job acting for a person. The session loader builds it once per request.
 */
export interface Actor {
  user: { id: number };
  /** The tool roles this person has in the network, from the launch. */
  roles: readonly ToolRole[];
  network?: { id: number; language: string } | null;
  context?: { id: number } | null;
  /** Participants a school leader is responsible for; none until the school relation says otherwise. */
  mentees: ReadonlySet<number>;
  /** The absolute end of the session, counted from the LTI launch it came from; null outside a session. */
  sessionEndsAt: Date | null;
}

/** Leaders and tool administrators run the network. */
export const runsNetwork = (actor: Pick<Actor, 'roles'>) => actor.roles.includes('leader') || actor.roles.includes('admin');

/** Leaders, administrators and university staff: those who follow every participant. */
export const followsEveryone = (actor: Pick<Actor, 'roles'>) => runsNetwork(actor) || actor.roles.includes('staff');

export const isParticipant = (actor: Pick<Actor, 'roles'>) => actor.roles.includes('participant');

export const isSchoolLeader = (actor: Pick<Actor, 'roles'>) => actor.roles.includes('mentor');

/** A school leader for this participant: responsible for them, not merely holding the role. */
export const leadsSchoolOf = (actor: Pick<Actor, 'roles' | 'mentees'>, participantId: number) => isSchoolLeader(actor) && actor.mentees.has(participantId);

/** Has a role the tool knows; a launch with none gets no access at all (least privilege). */
export const hasKnownRole = (actor: Pick<Actor, 'roles'>) => actor.roles.length > 0;
