import type { Db } from '../db';
import { appendLiveEvent } from '../../models/live-events';

/** The topic of everything that happens in one gallery walk (comments, clock, plan, reactions, presence). */
export const walkTopic = (walkId: number) => `walk:${walkId}`;

/**
 * Sends an event to every open page on `topic`, in every tool process, if and when the caller's transaction
 * commits (never on rollback): the event is stored with the change that caused it and announced with
 * `pg_notify`. Call it last in the transaction, after the writes it reports. Returns the event's id.
 */
export async function publishLive(tx: Db, topic: string, kind: string, payload: Record<string, unknown>): Promise<number> {
  return appendLiveEvent(tx, topic, kind, payload);
}

/** The topic of one evaluation form's answers arriving (counts only: never who, never what). */
export const evaluationTopic = (formId: number) => `evaluation:${formId}`;
