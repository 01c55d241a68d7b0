import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../lti-tool/db';
import { searchConfigOf } from '../../lti-tool/services/search-language';
import { conversationGroupMembers, conversationGroups, forumPosts, forumThreads, forums, networks, users } from '../../models/schema';

/**
 * Forum rows as part A's post creation writes them (its code is not on this branch): the search vector made with
 * to_tsvector in the network's language, and the same configuration stored beside it.
 */
export async function languageConfigOf(db: Db, networkId: number): Promise<string> {
  const [network] = await db.select({ language: networks.language }).from(networks).where(eq(networks.id, networkId));
  return searchConfigOf(network!.language);
}

export async function userIdOf(db: Db, sub: string): Promise<number> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.sub, sub));
  if (!user) throw new Error(`no user ${sub}`);
  return user.id;
}

export async function insertGroup(db: Db, networkId: number, name: string, memberIds: number[]): Promise<number> {
  const [group] = await db.insert(conversationGroups).values({ networkId, name, kind: 'conversation', slot: 'conversation' }).returning();
  if (memberIds.length) await db.insert(conversationGroupMembers).values(memberIds.map((userId) => ({ groupId: group!.id, userId, networkId, slot: 'conversation' })));
  return group!.id;
}

export async function insertForum(db: Db, networkId: number, kind: 'announcements' | 'discussion' | 'group', groupId: number | null = null): Promise<number> {
  const [forum] = await db.insert(forums).values({ networkId, kind, groupId }).returning();
  return forum!.id;
}

export async function insertThread(
  db: Db,
  values: { forumId: number; networkId: number; title: string; kind?: 'discussion' | 'postFirst'; authorId?: number | null; createdAt?: Date },
): Promise<number> {
  const config = await languageConfigOf(db, values.networkId);
  const [thread] = await db
    .insert(forumThreads)
    .values({ ...values, searchConfig: config, searchVector: sql`to_tsvector(${config}::regconfig, ${values.title})` })
    .returning();
  return thread!.id;
}

export async function insertPost(
  db: Db,
  values: { threadId: number; networkId: number; number: number; body: string; authorId?: number | null; privateToUserId?: number | null; deletedAt?: Date | null; createdAt?: Date },
): Promise<number> {
  const config = await languageConfigOf(db, values.networkId);
  const [post] = await db
    .insert(forumPosts)
    .values({ ...values, searchConfig: config, searchVector: sql`to_tsvector(${config}::regconfig, ${values.body})` })
    .returning();
  return post!.id;
}
