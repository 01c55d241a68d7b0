import type { Db } from '../../db';
import { notFound } from '../../errors';
import { authorize, networkOf, type Actor } from '../../policies';
import { findWalkInNetwork, type WalkRow } from '../../../models/gallery-walks';

/**
 * The walk, only when it belongs to the actor's network and the actor may see it: a walk id from the client
 * is never trusted. A draft walk is 404 for participants, as if it did not exist.
 */
export async function walkInScope(db: Db, actor: Actor, walkId: number): Promise<WalkRow> {
  const networkId = networkOf(actor);
  const walk = await findWalkInNetwork(db, networkId, walkId);
  if (!walk) throw notFound(`gallery walk ${walkId} is not in network ${networkId}`);
  if (!authorize(actor, 'gallery.read', { published: walk.publishedAt !== null })) throw notFound(`gallery walk ${walkId} is not published`);
  return walk;
}
