import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../db';
import { closeLiveConnection, countLiveConnections, liveReconnectWindowMs, openLiveConnection, touchLiveConnections } from '../../models/live-connections';
import { publishLive } from './publish';

export interface ConnectionCounts {
  connected: number;
  reconnecting: number;
}

/** Pages with a stream open on `topic` now, and pages whose stream dropped within the last minute and has not come back. */
export async function countConnections(db: Db, topic: string, now: Date): Promise<ConnectionCounts> {
  return countLiveConnections(db, topic, now);
}

/**
 * This process's open streams in `live_connections`, so that every process can count them: a row per
 * stream, touched in one statement per interval while open, closed when the stream ends. When a topic's
 * streams change, its counts are published (after a short pause that gathers a room of phones connecting
 * at once into one event), and again when a dropped page stops counting as reconnecting.
 */
export class Presence {
  private readonly open = new Map<string, string>();
  private readonly writes = new Set<Promise<unknown>>();
  private readonly changed = new Set<string>();
  private readonly published = new Map<string, string>();
  private readonly expiries = new Map<string, NodeJS.Timeout>();
  private recountTimer: NodeJS.Timeout | undefined;
  private readonly touchTimer: NodeJS.Timeout;
  private stopping = false;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly timing = { touchMs: 15_000, recountDelayMs: 250 },
  ) {
    this.touchTimer = setInterval(() => {
      if (this.open.size > 0) this.write('live presence: touching connections failed', () => touchLiveConnections(this.db, [...this.open.keys()], new Date()));
    }, timing.touchMs);
    this.touchTimer.unref();
  }

  /** Records a stream of the tab `clientId` on `topic`; the returned function records its end. */
  track(topic: string, clientId: string, userId: number | null): () => void {
    if (this.stopping) return () => undefined;
    const id = randomUUID();
    const opened = this.write('live presence: recording a connection failed', async () => {
      await openLiveConnection(this.db, { id, topic, clientId, userId, now: new Date() });
      this.open.set(id, topic);
      this.topicChanged(topic);
    });
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      this.write('live presence: recording a disconnection failed', async () => {
        await opened;
        this.open.delete(id);
        await closeLiveConnection(this.db, id, new Date());
        this.topicChanged(topic);
        this.expireLater(topic);
      });
    };
  }

  /** Stops the timers, waits for the writes in flight, and publishes the counts they changed. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.touchTimer);
    if (this.recountTimer) clearTimeout(this.recountTimer);
    for (const timer of this.expiries.values()) clearTimeout(timer);
    while (this.writes.size > 0) await Promise.all([...this.writes]);
    await this.recount();
  }

  private write(failure: string, work: () => Promise<unknown>): Promise<void> {
    const done = work().then(
      () => undefined,
      (error: unknown) => this.logger.warn({ err: error }, failure),
    );
    this.writes.add(done);
    void done.finally(() => this.writes.delete(done));
    return done;
  }

  private topicChanged(topic: string): void {
    this.changed.add(topic);
    if (this.recountTimer || this.stopping) return;
    this.recountTimer = setTimeout(() => {
      this.recountTimer = undefined;
      void this.write('live presence: publishing counts failed', () => this.recount());
    }, this.timing.recountDelayMs);
    this.recountTimer.unref();
  }

  /** A closed stream stops counting as reconnecting after the window; the screen hears so then. */
  private expireLater(topic: string): void {
    if (this.stopping) return;
    clearTimeout(this.expiries.get(topic));
    const timer = setTimeout(() => {
      this.expiries.delete(topic);
      this.topicChanged(topic);
    }, liveReconnectWindowMs + 1_000);
    timer.unref();
    this.expiries.set(topic, timer);
  }

  private async recount(): Promise<void> {
    const topics = [...this.changed];
    this.changed.clear();
    for (const topic of topics) {
      const counts = await countConnections(this.db, topic, new Date());
      const key = `${counts.connected}/${counts.reconnecting}`;
      if (this.published.get(topic) === key) continue;
      this.published.set(topic, key);
      await this.db.transaction((tx) => publishLive(tx, topic, 'presence', { ...counts }));
    }
  }
}
