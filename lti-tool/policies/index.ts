import { forbidden, notFound } from '../errors';
import { hasKnownRole, type Actor } from './actor';
import { rules, type Action, type ActionThings } from './rules';

export type { Actor } from './actor';
export type { Action, ActionThings } from './rules';
export { followsEveryone, hasKnownRole, isParticipant, isSchoolLeader, leadsSchoolOf, runsNetwork } from './actor';

type ThingArgs<A extends Action> = ActionThings[A] extends undefined ? [] : [thing: ActionThings[A]];

/**
 * May this actor do this (to this thing)? Pure: the one answer every service and view flag asks for. A role
 * the tool does not know may do nothing at all, not even with what would be its own.
 */
export function authorize<A extends Action>(actor: Actor, action: A, ...thing: ThingArgs<A>): boolean {
  if (!hasKnownRole(actor)) return false;
  const rule = rules[action] as (actor: Actor, thing: unknown) => boolean;
  return rule(actor, thing[0]);
}

/** Throws 403 unless the actor may; services start with it. */
export function assertAllowed<A extends Action>(actor: Actor, action: A, ...thing: ThingArgs<A>): void {
  if (!authorize(actor, action, ...thing)) throw forbidden(`${action} refused for roles [${actor.roles.join(',')}]`);
}

/** The actor's network, or 404: a launch outside a network has nothing to act on. */
export function networkOf(actor: Pick<Actor, 'network'>): number {
  if (!actor.network) throw notFound('launch without a network');
  return actor.network.id;
}

/** The actor's course (context), or 404. */
export function contextOf(actor: Pick<Actor, 'context'>): number {
  if (!actor.context) throw notFound('launch without a course');
  return actor.context.id;
}

/** Asserts the action and returns the network it happens in. */
export function networkFor<A extends Action>(actor: Actor, action: A, ...thing: ThingArgs<A>): number {
  assertAllowed(actor, action, ...thing);
  return networkOf(actor);
}
