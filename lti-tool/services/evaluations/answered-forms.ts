import type { Db } from '../../db';
import { listPublishedForms, listSubmittedKeysOfNetwork, type FormRow } from '../../../models/evaluations';
import { answerKeyOf } from './answer-key';

/** Who has answered which published form of a network: asked per person, never what they answered. */
export interface AnsweredForms {
  forms: FormRow[];
  /** Whether this person has submitted an answer to this form (their key is made again and looked for). */
  hasAnswered(formId: number, userId: number): boolean;
  /** The published forms this person has answered. */
  answeredBy(userId: number): Set<number>;
}

/**
 * The published forms of a network and their submitted answers' keys, in two queries whatever the number of forms
 * and participants (as respondentsOf, but for every form at once: the gradebook and the completion rule ask it
 * for everyone). Nothing in the database links a key to a person; the key file in the data folder does.
 */
export async function answeredFormsOf(db: Db, dataDir: string, networkId: number): Promise<AnsweredForms> {
  const [forms, keys] = await Promise.all([listPublishedForms(db, networkId), listSubmittedKeysOfNetwork(db, networkId)]);
  const submitted = new Set(keys.map((row) => row.key));
  const hasAnswered = (formId: number, userId: number) => submitted.has(answerKeyOf(dataDir, formId, userId));
  return {
    forms,
    hasAnswered,
    answeredBy: (userId) => new Set(forms.filter((form) => hasAnswered(form.id, userId)).map((form) => form.id)),
  };
}
