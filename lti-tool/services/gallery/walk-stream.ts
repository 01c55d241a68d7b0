import type { Db } from '../../db';
import { authorize, type Actor } from '../../policies';
import { walkTopic } from '../../live/publish';
import type { LiveEvent } from '../../live/bus';
import { listStations } from '../../../models/gallery-walks';
import { stationsPostedAt } from '../../../models/gallery-comments';
import { walkInScope } from './scope';

export interface WalkStream {
  topics: string[];
  /** Per connection, in memory: what this viewer is sent of an event, or null. */
  deliver: (event: LiveEvent) => { event?: string; data: unknown } | null;
}

const passedThrough = new Set(['clock', 'plan', 'presence']);

/**
 * What one open page of the walk receives. Facilitators get every comment with names; a station's author
 * gets the comments on it (names only where the walk allows); a visitor gets comments of other stations,
 * but with hideUntilPosted none of a station's until they have posted there themselves — tracked here,
 * seeded from the database once when the stream opens, so no event costs a query per connection.
 */
export async function openWalkStream(db: Db, actor: Actor, walkId: number): Promise<WalkStream> {
  const walk = await walkInScope(db, actor, walkId);
  const facilitator = authorize(actor, 'gallery.facilitate');
  const stations = await listStations(db, walkId);
  const ownStations = new Set(stations.filter((s) => s.authorIds.includes(actor.user.id)).map((s) => s.station.id));
  const postedAt = await stationsPostedAt(db, walkId, actor.user.id);
  const me = actor.user.id;

  const deliverComment = (payload: Record<string, unknown>) => {
    const stationId = Number(payload.stationId);
    const commenterId = Number(payload.commenterId);
    if (commenterId === me) postedAt.add(stationId);
    const hidden = !facilitator && !ownStations.has(stationId) && commenterId !== me && walk.hideUntilPosted && !postedAt.has(stationId);
    if (hidden) return null;
    const named = authorize(actor, 'gallery.seeCommenter', { anonymous: walk.anonymous, commenterId });
    // In an anonymous walk the commenter's id would name them as surely as their name: neither is sent.
    const { commenterId: _id, commenterName, ...comment } = payload;
    return { event: 'comment', data: { ...comment, ...(named ? { commenterId, commenterName } : { commenterName: null }), mine: commenterId === me } };
  };

  return {
    topics: [walkTopic(walkId)],
    deliver(event) {
      const payload = event.payload;
      if (event.kind === 'comment') return deliverComment(payload);
      if (event.kind === 'reaction') {
        const { userId, on, kind, ...counts } = payload;
        return { event: 'reaction', data: userId === me ? { ...counts, mine: { kind, on } } : counts };
      }
      if (event.kind === 'phone') return payload.userId === me ? { event: 'phone', data: payload } : null;
      // A phone needs to know only whether the change sends its person elsewhere; facilitators' pages get it all.
      if (event.kind === 'plan' && !facilitator) return { event: 'plan', data: { change: payload.change, forMe: payload.userId === me } };
      return passedThrough.has(event.kind) ? { event: event.kind, data: payload } : null;
    },
  };
}
