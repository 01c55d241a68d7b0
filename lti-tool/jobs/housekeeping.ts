import type { Logger } from 'pino';
import type { Db } from '../db';
import type { FileStore } from '../files/file-store';
import { startPolling } from './polling';
import { purgeLoginStates } from '../../models/platforms';
import { purgeExpiredSessions } from '../../models/launches';
import { purgeLiveEvents } from '../../models/live-events';
import { purgeLiveConnections } from '../../models/live-connections';

/** Uploads still in the holding area after this long were cut off mid-request. */
const abandonedUploadAgeMs = 60 * 60_000;
/** Live events are kept this long for pages that reconnect; one away longer reloads. */
const liveEventAgeMs = 24 * 60 * 60_000;

/**
 * Every few minutes: removes expired login states and sessions (ltijs's own rows expire in its store) and
 * files left in the upload holding area by interrupted requests, and live events and connections older than a day.
 */
export function startHousekeeping({ db, files, logger, intervalMs = 5 * 60_000 }: { db: Db; files: FileStore; logger: Logger; intervalMs?: number }) {
  const run = async () => {
    const now = new Date();
    await purgeLoginStates(db, now);
    await purgeExpiredSessions(db, now);
    await files.sweepIncoming(abandonedUploadAgeMs, now.getTime());
    const dayAgo = new Date(now.getTime() - liveEventAgeMs);
    await purgeLiveEvents(db, dayAgo);
    await purgeLiveConnections(db, dayAgo);
  };
  return startPolling({ pollMs: intervalMs, logger, failure: 'housekeeping failed', drain: () => run().then(() => 0) });
}
