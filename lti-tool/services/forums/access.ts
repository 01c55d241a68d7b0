import type { Db } from '../../db';
import { forbidden, notFound } from '../../errors';
import { authorize, contextOf, networkOf, type Actor } from '../../policies';
import type { ForumThing } from '../../policies/rules';
import { toolRoles, type ToolRole } from '../../lti/roles';
import { assignmentOfLaunch } from '../assignments';
import { findForumInNetwork, findThreadInNetwork, listActivePeople, listMemberIdsOfGroups, type ForumPerson, type ForumWithGroup, type ThreadRow } from '../../../models/forums';

/** A forum with what the rules need to know about it. */
export interface ForumAccess {
  forum: ForumWithGroup;
  thing: ForumThing;
}

export async function accessOf(db: Db, forum: ForumWithGroup): Promise<ForumAccess> {
  const members = forum.groupId === null ? [] : ((await listMemberIdsOfGroups(db, [forum.groupId])).get(forum.groupId) ?? []);
  return { forum, thing: { kind: forum.kind, groupMemberIds: members } };
}

/** A forum of the actor's network that they may read: 404 for another network's id, 403 for a group they are not in. */
export async function readableForum(db: Db, actor: Actor, forumId: number): Promise<ForumAccess> {
  const forum = await findForumInNetwork(db, networkOf(actor), forumId);
  if (!forum) throw notFound(`forum ${forumId} in this network`);
  const access = await accessOf(db, forum);
  if (!authorize(actor, 'forum.read', access.thing)) throw forbidden(`forum ${forumId} is not readable`);
  return access;
}

/** A thread of the actor's network in a forum they may read. */
export async function readableThread(db: Db, actor: Actor, threadId: number): Promise<ForumAccess & { thread: ThreadRow }> {
  const thread = await findThreadInNetwork(db, networkOf(actor), threadId);
  if (!thread) throw notFound(`thread ${threadId} in this network`);
  const access = await readableForum(db, actor, thread.forumId);
  // An assignment's thread is as visible as the assignment (hidden until it is shown to participants).
  if (thread.assignmentId !== null) await assignmentOfLaunch(db, actor, thread.assignmentId);
  return { ...access, thread };
}

/** A member of the course as the rules see them, to ask whether they may read a forum. */
const actorOf = (person: ForumPerson, actor: Actor): Actor => ({
  user: { id: person.userId },
  roles: person.roles.filter((role): role is ToolRole => (toolRoles as readonly string[]).includes(role)),
  network: actor.network,
  context: actor.context,
  mentees: new Set(),
  sessionEndsAt: null,
});

/** Who reads a forum (everyone active in the course; for a group's forum its members, the leaders and the staff), as the rules say. */
export async function peopleOfForum(db: Db, actor: Actor, access: ForumAccess): Promise<ForumPerson[]> {
  const people = await listActivePeople(db, contextOf(actor));
  return people.filter((person) => authorize(actorOf(person, actor), 'forum.read', access.thing));
}
