import type { Db } from '../../db';
import { notFound } from '../../errors';
import { assertAllowed, authorize, contextOf, networkOf, type Actor } from '../../policies';
import { findGroupInNetwork, listGroupMembers } from '../../../models/groups';
import { findPlanInNetwork, listPlanComments, namesOf, type PlanCommentRow, type PlanRow } from '../../../models/network-plans';
import { planSectionKeys, type PlanSectionKey } from './sections';

/** A stored plan with who wrote it: the participant, or the group's members now. */
export interface PlanInScope {
  plan: PlanRow;
  authorIds: number[];
  /** The participant's name or the group's name. */
  title: string | null;
  group: boolean;
}

/** The plan, only when it is of the actor's network, with its authors; 404 otherwise. */
export async function planInScope(db: Db, actor: Actor, planId: number): Promise<PlanInScope> {
  const networkId = networkOf(actor);
  const plan = await findPlanInNetwork(db, networkId, planId);
  if (!plan) throw notFound(`plan ${planId} is not in network ${networkId}`);
  if (plan.groupId !== null) {
    const group = await findGroupInNetwork(db, networkId, plan.groupId);
    const members = await listGroupMembers(db, contextOf(actor), [plan.groupId]);
    return { plan, authorIds: members.map((member) => member.userId), title: group?.name ?? null, group: true };
  }
  const names = await namesOf(db, [plan.userId!]);
  return { plan, authorIds: [plan.userId!], title: names.get(plan.userId!) ?? null, group: false };
}

export interface PlanPage {
  planId: number;
  title: string | null;
  group: boolean;
  sections: Array<{ key: PlanSectionKey; text: string }>;
  updatedAt: Date;
  updatedByName: string | null;
  comments: PlanCommentRow[];
  canComment: boolean;
  /** Where its authors edit it (under the launch's base); null for readers who are not its authors. */
  editPath: string | null;
}

/** A plan to read, with its comments: its authors, leaders, staff and the school leaders of its authors. */
export async function planPage(db: Db, actor: Actor, planId: number): Promise<PlanPage> {
  const scoped = await planInScope(db, actor, planId);
  assertAllowed(actor, 'plan.read', { authorIds: scoped.authorIds });
  const { plan } = scoped;
  const [comments, names] = await Promise.all([listPlanComments(db, plan.id), namesOf(db, plan.updatedByUserId ? [plan.updatedByUserId] : [])]);
  const writes = authorize(actor, 'plan.write', { authorIds: scoped.authorIds });
  return {
    planId: plan.id,
    title: scoped.title,
    group: scoped.group,
    sections: planSectionKeys.map((key) => ({ key, text: plan.sections[key] ?? '' })),
    updatedAt: plan.updatedAt,
    updatedByName: plan.updatedByUserId ? (names.get(plan.updatedByUserId) ?? null) : null,
    comments,
    canComment: authorize(actor, 'plan.comment', { authorIds: scoped.authorIds }),
    editPath: writes ? (plan.groupId !== null ? `/plans/group/${plan.groupId}` : '/plans/mine') : null,
  };
}
