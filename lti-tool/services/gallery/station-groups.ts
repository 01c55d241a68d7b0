import type { Db } from '../../db';
import type { FinalSubmission } from '../../../models/gallery-walks';
import { listGroupsOfMembers, slotOf } from '../../../models/groups';
import { WalkFormError } from './walk-form-error';

/** Who stands at the stations: each participant with their own presentation, or the group they are in. */
export const stationAuthorKinds = ['person', 'presentationGroups', 'conversationGroups'] as const;
export type StationAuthors = (typeof stationAuthorKinds)[number];

export interface ChosenStation {
  submissionId: number;
  groupId: number | null;
}

/**
 * Gives each chosen presentation its station's group: the group of the asked kind its author is in (the
 * assignment's presentation groups, or the conversation groups). An author in no such group keeps a station
 * of their own. Two chosen presentations by members of one group are refused, naming the group and both:
 * which deck is the group's is the leader's choice, not ours to guess (the newest need not be the one shown).
 */
export async function stationsWithGroups(
  db: Db,
  walk: { networkId: number; assignmentId: number; stationAuthors: StationAuthors },
  chosen: readonly FinalSubmission[],
): Promise<ChosenStation[]> {
  if (walk.stationAuthors === 'person') return chosen.map((final) => ({ submissionId: final.submissionId, groupId: null }));
  const slot = walk.stationAuthors === 'presentationGroups' ? slotOf('presentation', walk.assignmentId) : slotOf('conversation', null);
  const groupOf = new Map((await listGroupsOfMembers(db, walk.networkId, slot, chosen.map((final) => final.userId))).map((row) => [row.userId, row]));
  const firstOfGroup = new Map<number, FinalSubmission>();
  return chosen.map((final) => {
    const group = groupOf.get(final.userId);
    if (!group) return { submissionId: final.submissionId, groupId: null };
    const earlier = firstOfGroup.get(group.groupId);
    if (earlier) {
      throw new WalkFormError('submissionIds', 'gallerySetup.errors.group_two_presentations', { group: group.name, first: earlier.name ?? '?', second: final.name ?? '?' });
    }
    firstOfGroup.set(group.groupId, final);
    return { submissionId: final.submissionId, groupId: group.groupId };
  });
}
