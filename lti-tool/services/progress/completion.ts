import type { Db } from '../../db';
import {
  countCommentsGiven,
  findProgressSettings,
  listCheckIns,
  listExemptions,
  listNetworkAssignments,
  listNetworkMeetings,
  listParticipants,
  listReleasedResults,
  type UserScope,
} from '../../../models/progress';
import { passedOf } from '../grading/scale';
import { defaultRule, evaluateCompletion, type Completion, type NetworkFacts, type RequirementStatus } from './rule';
import { scaleSetUpOf } from '../grading/scale';

export type { Completion, RequirementStatus };

const groupBy = <T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> => {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
};

/**
 * Every participant's completion under the network's rule (users who are not active participants are left out).
 * A fixed number of queries whatever the number of participants: each fact is read for all of them at once.
 */
export async function completionOf(db: Db, networkId: number, userIds: UserScope): Promise<Map<number, Completion>> {
  const participants = await listParticipants(db, networkId, userIds);
  if (participants.length === 0) return new Map();
  const scope: UserScope = userIds === 'all' ? 'all' : participants.map((p) => p.userId);
  // One after another: within a transaction they share one connection, which runs one query at a time anyway.
  const settings = await findProgressSettings(db, networkId);
  const assignmentRows = await listNetworkAssignments(db, networkId);
  const meetingRows = await listNetworkMeetings(db, networkId);
  const results = await listReleasedResults(db, networkId, scope);
  const checkIns = await listCheckIns(db, networkId, scope);
  const comments = await countCommentsGiven(db, networkId, scope);
  const exemptions = await listExemptions(db, networkId, scope);
  const network: NetworkFacts = { rule: settings?.rule ?? defaultRule, assignments: assignmentRows, meetingIds: meetingRows.map((m) => m.id) };
  const passedBy = groupBy(
    results.filter((r) => passedOf(scaleSetUpOf(r.assignmentId, r), r)),
    (r) => r.userId,
  );
  const checkInsBy = groupBy(checkIns, (c) => c.userId);
  const exemptionsBy = groupBy(exemptions, (e) => e.userId);
  return new Map(
    participants.map(({ userId }) => [
      userId,
      evaluateCompletion(network, {
        userId,
        passedAssignmentIds: new Set((passedBy.get(userId) ?? []).map((r) => r.assignmentId)),
        attendedMeetingIds: new Set((checkInsBy.get(userId) ?? []).map((c) => c.meetingId)),
        galleryComments: comments.get(userId) ?? 0,
        exemptions: new Map((exemptionsBy.get(userId) ?? []).map((e) => [e.requirement, e.reason])),
      }),
    ]),
  );
}
