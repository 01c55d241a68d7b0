import type { Db } from '../../db';

/**
 * Stand-in (part D): recomputes the share of the network's requirements each participant has met, stores it,
 * and queues a progress score for those whose share changed. `'all'` after a rule change. Returns how many were queued.
 */
export async function recomputeProgress(_db: Db, _networkId: number, _userIds: readonly number[] | 'all'): Promise<number> {
  return 0;
}
