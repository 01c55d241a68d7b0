import type { Db } from '../../db';
import { listAnswerStates, listSubmittedKeys } from '../../../models/evaluations';
import { answerKeyOf } from './answer-key';

/**
 * Who of these people has submitted an answer to the form. Nothing in the database says so: each person's
 * answer key is made again with the key in the data folder and looked for. Never says what anyone answered.
 */
export async function respondentsOf(db: Db, dataDir: string, formId: number, userIds: readonly number[]): Promise<Set<number>> {
  const keyOf = new Map(userIds.map((userId) => [answerKeyOf(dataDir, formId, userId), userId]));
  const found = await listSubmittedKeys(db, formId, [...keyOf.keys()]);
  return new Set([...found].map((key) => keyOf.get(key)!));
}

export type OwnAnswerState = 'none' | 'draft' | 'submitted';

/** Where one person stands on each of these forms (no answer, half-filled, sent), in one query for them all. */
export async function ownAnswerStates(db: Db, dataDir: string, userId: number, formIds: readonly number[]): Promise<Map<number, OwnAnswerState>> {
  const keyOf = new Map(formIds.map((formId) => [formId, answerKeyOf(dataDir, formId, userId)]));
  const found = await listAnswerStates(db, [...keyOf.values()]);
  return new Map(formIds.map((formId) => {
    const answer = found.get(keyOf.get(formId)!);
    return [formId, !answer ? 'none' : answer.submitted ? 'submitted' : 'draft'];
  }));
}
