import type { Db } from '../../db';
import { authorize, type Actor } from '../../policies';
import { readClock } from './walk-clock';
import { listWalksOfNetwork } from '../../../models/gallery-walks';
import { countUnansweredFeedback, listWalksShowingAuthor } from '../../../models/gallery-feedback';

export interface GalleryFeedbackLink {
  walkId: number;
  title: string;
  open: boolean;
  /** Comments on this person's presentation in the walk, or null when it is not shown there. */
  received: number | null;
}

/** The assignment page's way to the gallery feedback: each published walk of the assignment, for a participant. */
export async function galleryFeedbackLinks(db: Db, actor: Actor, assignmentId: number): Promise<GalleryFeedbackLink[]> {
  if (!actor.network || !authorize(actor, 'submission.create')) return [];
  const [walks, shown] = await Promise.all([listWalksOfNetwork(db, actor.network.id), listWalksShowingAuthor(db, assignmentId, actor.user.id)]);
  return walks
    .filter((walk) => walk.assignmentId === assignmentId && walk.publishedAt !== null)
    .map((walk) => ({ walkId: walk.id, title: walk.title, open: walk.mode === 'open', received: shown.find((row) => row.walkId === walk.id)?.comments ?? null }));
}

/** The participant's to-do: "New feedback on your presentation: 3", per walk, while comments wait for an answer. */
export async function unansweredFeedbackItems(db: Db, actor: Actor): Promise<Array<{ text: string; key: string; values: Record<string, string | number>; href: string; state: 'new' }>> {
  if (!actor.network) return [];
  const rows = await countUnansweredFeedback(db, actor.network.id, actor.user.id);
  return rows.map((row) => ({ text: 'galleryFeedback', key: 'galleryFeedback.todo', values: { title: row.title, count: row.count }, href: `/gallery/${row.walkId}/feedback`, state: 'new' }));
}

/**
 * The participant's to-do while a walk is on: a live walk between its start and its end (paused too), or an
 * open gallery within its period — first on the list, since it is happening now.
 */
export async function walksUnderwayItems(db: Db, actor: Actor, now = new Date()): Promise<Array<{ text: string; key: string; values: Record<string, string | number>; href: string; state: 'new' }>> {
  if (!actor.network || !authorize(actor, 'submission.create')) return [];
  const walks = await listWalksOfNetwork(db, actor.network.id);
  const underway = walks.filter((walk) => {
    if (!walk.publishedAt) return false;
    if (walk.mode === 'open') return (!walk.opensAt || walk.opensAt <= now) && (!walk.closesAt || now < walk.closesAt);
    const phase = readClock(walk, now).phase;
    return phase === 'running' || phase === 'paused';
  });
  return underway.map((walk) => ({ text: 'galleryWalkNow', key: 'galleryWalk.todoNow', values: { title: walk.title }, href: `/gallery/${walk.id}`, state: 'new' }));
}
