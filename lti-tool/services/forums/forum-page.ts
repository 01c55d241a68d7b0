import type { Db } from '../../db';
import { authorize, networkOf, type Actor } from '../../policies';
import { forumLevelChoice, unreadOf, type LevelChoice } from './reading';
import { forumCountsFor, listForums, listMemberIdsOfGroups, listThreadsOfForum, type ForumPerson, type ForumWithGroup, type ThreadListRow } from '../../../models/forums';
import { peopleOfForum, readableForum } from './access';
import { ensureLinkedThreads, ensureNetworkForums, kindsFor, type StartableKind } from './threads';

export interface ForumSummary {
  id: number;
  kind: ForumWithGroup['kind'];
  groupName: string | null;
  threads: number;
  unread: number;
  fresh: number;
  lastPostAt: Date | null;
}

export interface ForumIndex {
  network: ForumSummary[];
  groups: ForumSummary[];
}

/**
 * The forums this person may read, each with its threads, unread and new counts and latest activity. The
 * network's forums, the group forums and the meeting and assignment threads are made here on first visit.
 */
export async function forumIndexFor(db: Db, actor: Actor): Promise<ForumIndex> {
  const networkId = networkOf(actor);
  const { discussion } = await ensureNetworkForums(db, networkId);
  await ensureLinkedThreads(db, actor, discussion);
  const forums = await listForums(db, networkId);
  const members = await listMemberIdsOfGroups(db, forums.flatMap((forum) => (forum.groupId === null ? [] : [forum.groupId])));
  const readable = forums.filter((forum) => authorize(actor, 'forum.read', { kind: forum.kind, groupMemberIds: forum.groupId === null ? [] : (members.get(forum.groupId) ?? []) }));
  const counts = new Map((await forumCountsFor(db, networkId, actor.user.id, hiddenAssignmentsFor(actor))).map((row) => [row.forumId, row]));
  const summaries = readable.map((forum) => {
    const count = counts.get(forum.id);
    return { id: forum.id, kind: forum.kind, groupName: forum.groupName, threads: count?.threads ?? 0, unread: count?.unread ?? 0, fresh: count?.fresh ?? 0, lastPostAt: count?.lastPostAt ?? null };
  });
  return { network: summaries.filter((forum) => forum.kind !== 'group'), groups: summaries.filter((forum) => forum.kind === 'group') };
}

export interface ThreadSummary extends ThreadListRow {
  unread: number;
  isNew: boolean;
  posts: number;
}

export interface ForumPage {
  forum: ForumWithGroup;
  threads: ThreadSummary[];
  mayStart: boolean;
  kinds: StartableKind[];
  /** The level the reader chose for the whole forum, for the level chooser. */
  level: LevelChoice;
  /** Who can facilitate a supervision thread: the forum's people other than the viewer. */
  facilitators: Array<Pick<ForumPerson, 'userId' | 'name'>>;
}

/** A forum's threads, pinned first then by latest post, with each thread's unread count for this person. */
export async function forumPageFor(db: Db, actor: Actor, forumId: number): Promise<ForumPage> {
  const access = await readableForum(db, actor, forumId);
  if (access.forum.kind === 'discussion') await ensureLinkedThreads(db, actor, access.forum);
  const rows = await listThreadsOfForum(db, access.forum.id, actor.user.id, hiddenAssignmentsFor(actor));
  const threads = rows.map((row) => ({
    ...row,
    posts: row.highestNumber,
    ...unreadOf(row),
  }));
  const mayStart = authorize(actor, 'forum.startThread', access.thing);
  const kinds = mayStart ? kindsFor(actor, access) : [];
  const facilitators = kinds.includes('supervision') ? (await peopleOfForum(db, actor, access)).filter((person) => person.userId !== actor.user.id).map(({ userId, name }) => ({ userId, name })) : [];
  return { forum: access.forum, threads, mayStart, kinds, facilitators, level: await forumLevelChoice(db, actor, access.forum.id) };
}

/** Threads of assignments not yet shown to participants are listed only to those who see such assignments. */
const hiddenAssignmentsFor = (actor: Actor) => (authorize(actor, 'assignment.read', { visible: false }) ? 'shown' : 'left out');
