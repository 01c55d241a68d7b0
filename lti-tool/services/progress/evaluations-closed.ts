import type { Db } from '../../db';
import { listNetworksWithFormsClosedBetween } from '../../../models/evaluations';
import { recomputeProgress } from './recompute';

/**
 * Recomputes everyone's progress in the networks where an evaluation form closed in the window. The request that
 * stores an anonymous answer writes nothing else about its person (no snapshot, no score), so an answered form
 * reaches the progress share here, once the form has closed, for everyone at once. Idempotent: a recompute queues
 * only the shares that changed, so overlapping windows are harmless. Returns how many scores were queued.
 */
export async function recomputeAfterEvaluationsClosed(db: Db, window: { from: Date; to: Date }, dataDir?: string): Promise<number> {
  let queued = 0;
  for (const networkId of await listNetworksWithFormsClosedBetween(db, window.from, window.to)) {
    queued += await recomputeProgress(db, networkId, 'all', { dataDir, now: window.to });
  }
  return queued;
}
