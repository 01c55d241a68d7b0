// Stand-in for Helper B's bus: polls live_events while anyone listens. The contract's subscribe only.
import { and, asc, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { liveEvents } from '../../models/schema';

export interface LiveEvent {
  id: number;
  topic: string;
  kind: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

interface Subscriber {
  topics: string[];
  lastId: number;
  onEvent: (event: LiveEvent) => void;
}

export class LiveBus {
  private readonly subscribers = new Set<Subscriber>();
  private readonly stopListeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private stopped = false;

  constructor(private readonly db: Db) {}

  subscribe(topics: string[], afterId: number | null, onEvent: (event: LiveEvent) => void): () => void {
    const subscriber: Subscriber = { topics, lastId: afterId ?? Number.MAX_SAFE_INTEGER, onEvent };
    this.subscribers.add(subscriber);
    const start = afterId === null ? this.newestId().then((id) => (subscriber.lastId = id)) : Promise.resolve();
    start.then(() => this.schedule(), () => undefined);
    return () => this.subscribers.delete(subscriber);
  }

  onStop(listener: () => void): () => void {
    this.stopListeners.add(listener);
    return () => this.stopListeners.delete(listener);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const listener of [...this.stopListeners]) listener();
    this.subscribers.clear();
  }

  private async newestId(): Promise<number> {
    const [row] = await this.db.select({ id: sql<number | null>`max(${liveEvents.id})` }).from(liveEvents);
    return Number(row?.id ?? 0);
  }

  private schedule(): void {
    if (this.stopped || this.timer || !this.subscribers.size) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.poll().finally(() => this.schedule());
    }, 100);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const ready = [...this.subscribers].filter((s) => s.lastId !== Number.MAX_SAFE_INTEGER);
      if (!ready.length) return;
      const from = Math.min(...ready.map((s) => s.lastId));
      const topics = [...new Set(ready.flatMap((s) => s.topics))];
      const rows = await this.db.select().from(liveEvents).where(and(gt(liveEvents.id, from), inArray(liveEvents.topic, topics))).orderBy(asc(liveEvents.id));
      for (const row of rows) {
        for (const s of ready) {
          if (row.id > s.lastId && s.topics.includes(row.topic) && this.subscribers.has(s)) {
            s.lastId = row.id;
            s.onEvent(row);
          }
        }
      }
    } catch {
      // the next poll tries again
    } finally {
      this.polling = false;
    }
  }
}
