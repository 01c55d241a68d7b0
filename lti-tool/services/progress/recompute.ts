import type { Db } from '../../db';
import { resolveLanguage, translator } from '../../i18n';
import { findNetworkCourse, insertOutboxRows, latestScoredAt, listSnapshots, upsertSnapshots, type NewOutboxRow, type UserScope } from '../../../models/progress';
import { completionOf, type Completion } from './completion';
import { defaultProgressMaximum, progressResourceId } from './line-items';
import { scoreTimeAfter } from './score-time';

/** The progress column's score for one participant: the share in percent, Completed once complete. */
export function progressScoreOf(contextId: number, label: string, completion: Completion, scoredAt: Date, now: Date): NewOutboxRow {
  return {
    contextId,
    userId: completion.userId,
    resourceId: progressResourceId,
    label,
    scoreGiven: Math.round(completion.share * defaultProgressMaximum),
    scoreMaximum: defaultProgressMaximum,
    activityProgress: completion.complete ? 'Completed' : 'InProgress',
    gradingProgress: 'FullyGraded',
    comment: null,
    scoredAt,
    state: 'pending',
    nextAttemptAt: now,
  };
}

/**
 * Recomputes the share of the network's requirements each participant has met, stores it, and queues a
 * progress score for those whose share differs from the one last queued. `'all'` after a rule change.
 * Set-based whatever the number of participants (one read per fact, one upsert, one insert into the outbox),
 * in the caller's transaction when given one (a savepoint in it). Returns how many scores were queued.
 */
export async function recomputeProgress(db: Db, networkId: number, userIds: UserScope, options: { dataDir?: string; now?: Date } = {}): Promise<number> {
  return db.transaction(async (tx) => {
    const completions = await completionOf(tx, networkId, userIds, options);
    const previous = await listSnapshots(tx, networkId, userIds);
    const course = await findNetworkCourse(tx, networkId);
    if (completions.size === 0 || !course) return 0;
    const queuedBefore = new Map(previous.map((row) => [row.userId, row.queuedShare]));
    const label = translator(resolveLanguage(course.language))('deepLink.items.progress.title');
    const now = new Date();
    const changedIds = [...completions.values()].filter((c) => queuedBefore.get(c.userId) !== c.share).map((c) => c.userId);
    const latest = await latestScoredAt(tx, course.contextId, progressResourceId, changedIds);
    const scores: NewOutboxRow[] = [];
    const snapshots = [...completions.values()].map((completion) => {
      const before = queuedBefore.get(completion.userId) ?? null;
      const changed = before === null || before !== completion.share;
      if (changed) scores.push(progressScoreOf(course.contextId, label, completion, scoreTimeAfter(now, latest.get(completion.userId)), now));
      return {
        networkId,
        userId: completion.userId,
        met: completion.met,
        total: completion.total,
        share: completion.share,
        complete: completion.complete,
        queuedShare: changed ? completion.share : before,
      };
    });
    await upsertSnapshots(tx, snapshots);
    return insertOutboxRows(tx, scores);
  });
}
