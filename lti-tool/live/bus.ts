import type { Logger } from 'pino';
import type { Db } from '../db';
import { latestLiveEventId, liveChannel, liveEventsAfter, liveEventsOnTopicsAfter, type LiveEventRow } from '../../models/live-events';
import { Presence } from './presence';

import type { LiveEvent, LiveStreams } from './types';

export type { LiveEvent } from './types';

export type Listen = (channel: string, onPayload: (payload: string) => void) => Promise<() => Promise<void>>;

interface Subscriber {
  topics: ReadonlySet<string>;
  onEvent: (event: LiveEvent) => void;
  onEnd?: () => void;
  /** The newest id handed over: anything at or below it is a duplicate. */
  lastId: number;
  /** Live events held back while the stored ones are replayed; null once live. */
  held: LiveEvent[] | null;
}

const readBatch = 500;
const readRetryMs = 1_000;

const toEvent = (row: LiveEventRow): LiveEvent => ({ id: row.id, topic: row.topic, kind: row.kind, payload: row.payload, createdAt: row.createdAt });

/**
 * One per process: listens on the live channel, reads each new event once from the database (all that
 * arrived since its last read, in one query, however many notifications came meanwhile) and hands it to
 * the subscribers of its topic in memory. A page reconnecting with the last id it saw is first given what
 * it missed from the stored log, then live events, with no gap and no repeat.
 */
export class LiveBus implements LiveStreams {
  readonly presence: Presence;
  private readonly subscribers = new Set<Subscriber>();
  private readonly replays = new Set<Promise<void>>();
  private highWater = 0;
  private dirty = false;
  private reading: Promise<void> | null = null;
  private retry: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private stopped = false;

  private constructor(
    readonly db: Db,
    private readonly logger: Logger,
  ) {
    this.presence = new Presence(db, logger);
  }

  /** Listens first, then notes where the log ends, so no event committed in between goes unread. */
  static async start({ db, listen, logger }: { db: Db; listen: Listen; logger: Logger }): Promise<LiveBus> {
    const bus = new LiveBus(db, logger);
    bus.unlisten = await listen(liveChannel, (payload) => bus.notified(payload));
    bus.highWater = Math.max(bus.highWater, await latestLiveEventId(db));
    bus.pump();
    return bus;
  }

  /**
   * Calls `onEvent` for each event on `topics`: when `afterId` is given, first every stored event after it,
   * then live ones. The returned function ends the subscription; `onEnd` is called if the bus ends it
   * (the tool stops, or the missed events could not be read).
   */
  subscribe(topics: string[], afterId: number | null, onEvent: (event: LiveEvent) => void, onEnd?: () => void): () => void {
    if (this.stopped) {
      queueMicrotask(() => onEnd?.());
      return () => undefined;
    }
    const subscriber: Subscriber = { topics: new Set(topics), onEvent, onEnd, lastId: afterId ?? 0, held: afterId === null ? null : [] };
    this.subscribers.add(subscriber);
    if (afterId !== null) this.track(this.replay(subscriber, afterId));
    return () => {
      this.subscribers.delete(subscriber);
    };
  }

  /** How many subscriptions are open in this process. */
  get size(): number {
    return this.subscribers.size;
  }

  /** Ends every subscription, stops listening, and waits for reads in flight and for the presence writes. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    for (const subscriber of [...this.subscribers]) this.end(subscriber);
    await this.unlisten?.().catch((error: unknown) => this.logger.warn({ err: error }, 'live bus: unlisten failed'));
    await this.reading;
    await Promise.all([...this.replays]);
    await this.presence.stop();
  }

  private notified(payload: string): void {
    const id = Number(payload);
    // A notification for an event already read (a read often takes several at once) costs no query.
    if (payload !== '' && Number.isSafeInteger(id) && id <= this.highWater) return;
    this.dirty = true;
    this.pump();
  }

  private pump(): void {
    if (this.reading || !this.dirty || this.stopped) return;
    this.dirty = false;
    this.reading = this.readNew().then(
      () => {
        this.reading = null;
        this.pump();
      },
      (error: unknown) => {
        this.reading = null;
        this.logger.warn({ err: error }, 'live bus: reading new events failed; trying again');
        this.dirty = true;
        this.retry = setTimeout(() => this.pump(), readRetryMs);
        this.retry.unref();
      },
    );
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const rows = await liveEventsAfter(this.db, this.highWater, readBatch);
      for (const row of rows) {
        this.highWater = row.id;
        this.fanOut(toEvent(row));
      }
      if (rows.length < readBatch || this.stopped) return;
    }
  }

  private fanOut(event: LiveEvent): void {
    for (const subscriber of this.subscribers) {
      if (!subscriber.topics.has(event.topic)) continue;
      if (subscriber.held) subscriber.held.push(event);
      else this.hand(subscriber, event);
    }
  }

  private hand(subscriber: Subscriber, event: LiveEvent): void {
    if (event.id <= subscriber.lastId) return;
    subscriber.lastId = event.id;
    try {
      subscriber.onEvent(event);
    } catch (error) {
      this.logger.warn({ err: error, eventId: event.id }, 'live bus: a subscriber failed on an event');
    }
  }

  /**
   * The subscriber is registered before the stored events are read, so an event committed after that read
   * reaches it live (held until the replay ends); one committed before is in the replay, and its live copy
   * is dropped by id.
   */
  private async replay(subscriber: Subscriber, afterId: number): Promise<void> {
    try {
      const rows = await liveEventsOnTopicsAfter(this.db, [...subscriber.topics], afterId);
      for (const row of rows) {
        if (!this.subscribers.has(subscriber)) return;
        this.hand(subscriber, toEvent(row));
      }
      const held = subscriber.held ?? [];
      subscriber.held = null;
      for (const event of held) this.hand(subscriber, event);
    } catch (error) {
      this.logger.warn({ err: error }, 'live bus: replaying missed events failed');
      this.end(subscriber);
    }
  }

  private end(subscriber: Subscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    try {
      subscriber.onEnd?.();
    } catch (error) {
      this.logger.warn({ err: error }, 'live bus: ending a subscriber failed');
    }
  }

  private track(work: Promise<void>): void {
    this.replays.add(work);
    void work.finally(() => this.replays.delete(work));
  }
}
