import type { Db } from '../../db';

/** One requirement of the network's completion rule for one participant. */
export interface RequirementStatus {
  /** `assignment:<id>`, `meetings` or `gallery` (the exemption keys are these, and `meeting:<id>` for one meeting). */
  key: string;
  kind: 'assignment' | 'meetings' | 'gallery';
  assignment?: { id: number; letter: string; title: string };
  /** What the participant has (passed 0/1, meetings attended, comments given) and what the rule asks. */
  have: number;
  need: number;
  met: boolean;
  exempt: boolean;
  exemptReason: string | null;
}

export interface Completion {
  userId: number;
  requirements: RequirementStatus[];
  /** Requirements met or exempted, of all. */
  met: number;
  total: number;
  /** met / total (1 when the rule asks nothing). */
  share: number;
  complete: boolean;
}

/** Stand-in (part D): every participant's completion under the network's rule. The stand-in calls everyone complete. */
export async function completionOf(_db: Db, _networkId: number, userIds: readonly number[] | 'all'): Promise<Map<number, Completion>> {
  const ids = userIds === 'all' ? [] : userIds;
  return new Map(ids.map((userId) => [userId, { userId, requirements: [], met: 0, total: 0, share: 1, complete: true }]));
}
