import { z } from 'zod';
import type { Db } from '../../db';
import { notFound } from '../../errors';
import { assertAllowed, authorize, networkOf, type Actor } from '../../policies';
import { addCommentBankPhrase, bumpCommentBankUse, listCommentBank, removeCommentBankPhrase, type CommentBankRow } from '../../../models/comment-bank';

export const phraseSchema = z.object({ text: z.string().trim().min(1, 'phrase_empty').max(1_000, 'phrase_long') });

/** The network's phrases, the most used first, for graders; nothing for anyone else. */
export async function commentBankOf(db: Db, actor: Actor): Promise<CommentBankRow[]> {
  if (!authorize(actor, 'commentBank.edit')) return [];
  return listCommentBank(db, networkOf(actor));
}

/** The comment bank's own page: graders only. */
export async function commentBankPage(db: Db, actor: Actor): Promise<CommentBankRow[]> {
  assertAllowed(actor, 'commentBank.edit');
  return listCommentBank(db, networkOf(actor));
}

/** A grader adds a phrase for every grader of the network. */
export async function addPhrase(db: Db, actor: Actor, text: string): Promise<void> {
  assertAllowed(actor, 'commentBank.edit');
  await addCommentBankPhrase(db, networkOf(actor), text, actor.user.id);
}

export async function removePhrase(db: Db, actor: Actor, id: number): Promise<void> {
  assertAllowed(actor, 'commentBank.edit');
  if (!(await removeCommentBankPhrase(db, networkOf(actor), id))) throw notFound(`phrase ${id}`);
}

const normalise = (text: string) => text.toLocaleLowerCase().replace(/\s+/g, ' ');

/**
 * Counts a phrase as used once when a saved feedback contains it and the feedback saved before did not: the
 * insert itself happens in the browser (or by copying), so the server counts what the saved text holds.
 */
export async function countBankPhrasesUsed(db: Db, networkId: number, before: string[], after: string[]): Promise<void> {
  const phrases = await listCommentBank(db, networkId);
  const was = normalise(before.join('\n'));
  const now = normalise(after.join('\n'));
  const used = phrases.filter((phrase) => {
    const text = normalise(phrase.text);
    return now.includes(text) && !was.includes(text);
  });
  await bumpCommentBankUse(db, networkId, used.map((phrase) => phrase.id));
}
