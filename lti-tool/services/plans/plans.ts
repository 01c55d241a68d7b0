import type { Db } from '../../db';
import { AppError, notFound } from '../../errors';
import { assertAllowed, authorize, contextOf, networkOf, type Actor } from '../../policies';
import { findGroupInNetwork, listGroupMembers, type GroupPerson } from '../../../models/groups';
import { countPlanComments, findPlanOf, insertPlan, updatePlan, type PlanOwner, type PlanRow } from '../../../models/network-plans';
import type { NetworkPlanSections } from '../../../models/schema';
import { emptySections, type PlanForm, sectionsOf } from './sections';

/** Where a plan is written: a participant's own, or a conversation group's (with its members, who are its authors). */
export type PlanWhose = { kind: 'own'; userId: number } | { kind: 'group'; groupId: number; groupName: string; members: GroupPerson[] };

export const ownerOf = (whose: PlanWhose): PlanOwner => (whose.kind === 'own' ? { userId: whose.userId } : { groupId: whose.groupId });
export const authorIdsOf = (whose: PlanWhose): number[] => (whose.kind === 'own' ? [whose.userId] : whose.members.map((member) => member.userId));

/**
 * A conversation group of the actor's network with its members, or 404: a group id from the address is never
 * trusted, and a presentation group has no plan.
 */
export async function conversationGroupInScope(db: Db, actor: Actor, groupId: number): Promise<PlanWhose & { kind: 'group' }> {
  const networkId = networkOf(actor);
  const group = await findGroupInNetwork(db, networkId, groupId);
  if (!group || group.kind !== 'conversation') throw notFound(`conversation group ${groupId} is not in network ${networkId}`);
  const members = await listGroupMembers(db, contextOf(actor), [group.id]);
  return { kind: 'group', groupId: group.id, groupName: group.name, members };
}

export interface PlanEditor {
  whose: PlanWhose;
  plan: PlanRow | null;
  /** What the form shows: the stored sections, or nothing yet. */
  sections: NetworkPlanSections;
  version: number;
  comments: number;
}

async function editorOf(db: Db, actor: Actor, whose: PlanWhose): Promise<PlanEditor> {
  assertAllowed(actor, 'plan.write', { authorIds: authorIdsOf(whose) });
  const plan = (await findPlanOf(db, networkOf(actor), ownerOf(whose))) ?? null;
  return { whose, plan, sections: plan?.sections ?? emptySections(), version: plan?.version ?? 0, comments: plan ? await countPlanComments(db, plan.id) : 0 };
}

/** The participant's own plan to write (made on its first save). */
export function ownPlanEditor(db: Db, actor: Actor): Promise<PlanEditor> {
  return editorOf(db, actor, { kind: 'own', userId: actor.user.id });
}

/** The group's shared plan, for a member of the group; others get 403. */
export async function groupPlanEditor(db: Db, actor: Actor, groupId: number): Promise<PlanEditor> {
  return editorOf(db, actor, await conversationGroupInScope(db, actor, groupId));
}

/** A save over a version someone else has already replaced: refused, and the writer's text is kept by the route. */
export const planChangedMeanwhile = (detail: string) => new AppError(409, 'plan_changed_meanwhile', detail);

async function save(db: Db, actor: Actor, whose: PlanWhose, form: PlanForm, now: Date): Promise<PlanRow> {
  assertAllowed(actor, 'plan.write', { authorIds: authorIdsOf(whose) });
  const networkId = networkOf(actor);
  const sections = sectionsOf(form);
  const saved =
    form.version === 0
      ? await insertPlan(db, networkId, ownerOf(whose), sections, actor.user.id, now)
      : await (async () => {
          const current = await findPlanOf(db, networkId, ownerOf(whose));
          return current ? updatePlan(db, current.id, form.version, sections, actor.user.id, now) : undefined;
        })();
  if (!saved) throw planChangedMeanwhile(`plan of ${JSON.stringify(ownerOf(whose))} is not at version ${form.version}`);
  return saved;
}

/** Saves the participant's own plan, over the version they read. */
export function saveOwnPlan(db: Db, actor: Actor, form: PlanForm, now = new Date()): Promise<PlanRow> {
  return save(db, actor, { kind: 'own', userId: actor.user.id }, form, now);
}

/** Saves the group's plan for one of its members, over the version they read: two members never overwrite each other unseen. */
export async function saveGroupPlan(db: Db, actor: Actor, groupId: number, form: PlanForm, now = new Date()): Promise<PlanRow> {
  return save(db, actor, await conversationGroupInScope(db, actor, groupId), form, now);
}

/** May the actor write a plan of their own (the list shows them their own and their group's rather than everyone's)? */
export const writesOwnPlan = (actor: Actor) => authorize(actor, 'plan.write', { authorIds: [actor.user.id] });
