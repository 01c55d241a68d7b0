import type { Db } from '../../db';
import { assertAllowed, authorize, networkOf, type Actor } from '../../policies';
import type { LiveEvent } from '../../live/types';
import { listGroupIdsOf } from '../../../models/forum-reading';
import { forumTopic } from './types';

export interface ForumStream {
  topics: string[];
  /** Per connection, in memory: what this viewer is sent of an event, or null. */
  deliver: (event: LiveEvent) => { event?: string; data: unknown } | null;
}

const idOf = (value: unknown): number | null => (typeof value === 'number' && Number.isSafeInteger(value) ? value : null);

/**
 * What an open forum page hears of new posts and of supervision phases opened: only what moves its counts or
 * its phases (numbers and ids, never text), and only of forums it may read. The viewer's groups are read once when the stream opens, so no event costs a
 * query per connection; a page opened before someone joins a group learns of its posts after a reload.
 */
export async function openForumStream(db: Db, actor: Actor): Promise<ForumStream> {
  const networkId = networkOf(actor);
  assertAllowed(actor, 'forum.read', { kind: 'discussion', groupMemberIds: [] });
  const me = actor.user.id;
  const myGroups = new Set(await listGroupIdsOf(db, networkId, me));
  const readsGroup = (groupId: number) => authorize(actor, 'forum.read', { kind: 'group', groupMemberIds: myGroups.has(groupId) ? [me] : [] });

  return {
    topics: [forumTopic(networkId)],
    deliver(event) {
      if (event.kind !== 'post' && event.kind !== 'phase') return null;
      const payload = event.payload;
      const groupId = idOf(payload.groupId);
      if (event.kind === 'phase') return groupId !== null && !readsGroup(groupId) ? null : { event: 'phase', data: { threadId: payload.threadId, phase: payload.phase } };
      const privateToUserId = idOf(payload.privateToUserId);
      const authorId = idOf(payload.authorId);
      if (groupId !== null && !readsGroup(groupId)) return null;
      if (privateToUserId !== null && !authorize(actor, 'forum.readPrivate', { authorId, recipientId: privateToUserId })) return null;
      return {
        event: 'post',
        data: {
          threadId: payload.threadId,
          forumId: payload.forumId,
          groupId,
          number: payload.number,
          highestNumber: payload.highestNumber,
          privateToUserId,
          mine: authorId === me,
        },
      };
    },
  };
}
