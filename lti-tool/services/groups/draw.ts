import { createHash, randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db';
import { AppError, notFound } from '../../errors';
import { translator, resolveLanguage } from '../../i18n';
import { contextOf, networkFor, type Actor } from '../../policies';
import { listAssignments } from '../../../models/assignments';
import { listGroupMembers, listGroupRoster, listGroups, replaceSlotGroups, slotOf, type GroupPerson } from '../../../models/groups';
import { groupKinds } from '../../../models/schema';
import { formInteger, optionalRecordId } from '../form-fields';
import { drawGroups, type DrawMode, type GroupShape } from './mixing';

/** The draw form: how (random or mixed), by group size or number of groups, which kind of groups. */
export const drawSchema = z
  .object({
    mode: z.enum(['random', 'mixed']),
    by: z.enum(['size', 'count']),
    size: z.preprocess((value) => (value === '' ? undefined : value), formInteger(2, 8).optional()),
    count: z.preprocess((value) => (value === '' ? undefined : value), formInteger(1, 100).optional()),
    kind: z.enum(groupKinds).default('conversation'),
    assignmentId: optionalRecordId,
  })
  .superRefine((value, context) => {
    if (value.by === 'size' && value.size === undefined) context.addIssue({ code: 'custom', path: ['size'], message: 'size' });
    if (value.by === 'count' && value.count === undefined) context.addIssue({ code: 'custom', path: ['count'], message: 'count' });
  });

/** The confirmation of a shown proposal: the same form plus the seed and what the groups looked like when it was shown. */
export const confirmDrawSchema = z.object({
  seed: z.string().regex(/^\d{1,10}$/).transform(Number),
  stamp: z.string().regex(/^[0-9a-f]{64}$/),
  replaceHandMade: z.literal('yes').optional(),
});

export type DrawInput = z.infer<typeof drawSchema>;

export interface ProposalBreak {
  groupNumber: number;
  school: string;
  inGroup: number;
  schoolTotal: number;
  groupCount: number;
}

export interface Proposal {
  seed: number;
  /** A digest of the roster and the groups being replaced: a confirmation for anything else is shown again. */
  stamp: string;
  groups: Array<{ name: string; members: GroupPerson[] }>;
  breaks: ProposalBreak[];
  /** Groups of this kind made or changed by hand, which saving would replace. */
  handMade: string[];
  /** How many groups of this kind exist now. */
  replacing: number;
}

export class DrawStale extends AppError {
  constructor() {
    super(409, 'groups_draw_stale', 'roster or groups changed since the proposal was shown');
  }
}

async function drawContext(db: Db, actor: Actor, input: DrawInput) {
  const networkId = networkFor(actor, 'group.manage');
  const assignmentId = input.kind === 'presentation' ? input.assignmentId : null;
  if (assignmentId !== null && !(await listAssignments(db, networkId)).some((assignment) => assignment.id === assignmentId)) {
    throw notFound(`assignment ${assignmentId} is not in network ${networkId}`);
  }
  const slot = slotOf(input.kind, assignmentId);
  const [roster, all] = await Promise.all([listGroupRoster(db, contextOf(actor)), listGroups(db, networkId)]);
  const existing = all.filter((group) => group.slot === slot);
  const members = await listGroupMembers(db, contextOf(actor), existing.map((group) => group.id));
  const stamp = createHash('sha256')
    .update(JSON.stringify([input.mode, input.by, input.size, input.count, slot, roster.map((p) => [p.userId, p.schoolId, p.municipality]), existing.map((g) => [g.id, g.name, g.changedByHandAt?.toISOString() ?? null]), members.map((m) => [m.groupId, m.userId])]))
    .digest('hex');
  return { networkId, assignmentId, roster, existing, stamp };
}

/** Draws a proposal to show the leader; nothing is saved. */
export async function proposeDraw(db: Db, actor: Actor, input: DrawInput, seed = randomInt(1, 2_000_000_000)): Promise<Proposal> {
  const { roster, existing, stamp } = await drawContext(db, actor, input);
  const shape: GroupShape = input.by === 'size' ? { size: input.size ?? 4 } : { count: input.count ?? 1 };
  const result = drawGroups({
    roster: roster.map((person) => ({ userId: person.userId, schoolId: person.schoolId, municipality: person.municipality })),
    shape,
    mode: input.mode as DrawMode,
    seed,
  });
  const byId = new Map(roster.map((person) => [person.userId, person]));
  const t = translator(resolveLanguage(actor.network?.language));
  const nameKey = input.kind === 'conversation' ? 'groups.defaultName' : 'groups.defaultPresentationName';
  return {
    seed,
    stamp,
    groups: result.groups.map((userIds, index) => ({ name: t(nameKey, { number: index + 1 }), members: userIds.map((userId) => byId.get(userId) as GroupPerson) })),
    breaks: result.breaks.map((entry) => ({
      groupNumber: entry.group + 1,
      school: roster.find((person) => person.schoolId === entry.schoolId)?.school ?? '',
      inGroup: entry.inGroup,
      schoolTotal: entry.schoolTotal,
      groupCount: entry.groupCount,
    })),
    handMade: existing.filter((group) => group.changedByHandAt !== null).map((group) => group.name),
    replacing: existing.length,
  };
}

/**
 * Saves a proposal the leader has seen: drawn again from its seed, so exactly the shown groups are saved. If the roster
 * or the groups changed meanwhile, or hand-made groups would be replaced without the leader saying so, nothing is saved.
 */
export async function confirmDraw(db: Db, actor: Actor, input: DrawInput, confirmation: z.infer<typeof confirmDrawSchema>, now = new Date()): Promise<number> {
  const proposal = await proposeDraw(db, actor, input, confirmation.seed);
  if (proposal.stamp !== confirmation.stamp) throw new DrawStale();
  if (proposal.handMade.length > 0 && confirmation.replaceHandMade !== 'yes') throw new AppError(422, 'groups_hand_made_kept', 'hand-made groups not confirmed');
  const networkId = networkFor(actor, 'group.manage');
  const assignmentId = input.kind === 'presentation' ? input.assignmentId : null;
  await replaceSlotGroups(
    db,
    { networkId, kind: input.kind, assignmentId, createdByUserId: actor.user.id },
    proposal.groups.map((group) => ({ name: group.name, userIds: group.members.map((member) => member.userId) })),
    now,
  );
  return proposal.groups.length;
}
