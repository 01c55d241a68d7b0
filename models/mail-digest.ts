import { sql } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';

/** 32 random bytes as base64url, made in SQL (from two v4 UUIDs' random bits) for rows made in bulk. */
export const sqlToken = sql`rtrim(translate(encode(decode(replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''), 'hex'), 'base64'), '+/', '-_'), '=')`;

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

export interface DigestRecipient {
  userId: number;
  name: string | null;
  email: string;
  locale: string | null;
  unsubscribeToken: string;
  since: Date;
  absent: boolean;
}

/**
 * Every person of the network whose digest turn has come (no turn since `turnStart`), in one statement; the
 * preferences of active members with an address are made first (the default is a digest). `absent`: not seen
 * in the tool since the start of their window (never seen counts as absent).
 */
export async function digestTurn(db: Db, networkId: number, turnStart: Date, now: Date): Promise<DigestRecipient[]> {
  await db.execute(sql`
    insert into mail_preferences (network_id, user_id, unsubscribe_token)
    select ${networkId}, m.user_id, ${sqlToken}
      from memberships m join networks nw on nw.context_id = m.context_id join users u on u.id = m.user_id
     where nw.id = ${networkId} and m.status = 'active' and u.email is not null and u.email <> ''
    on conflict do nothing`);
  const day = new Date(now.getTime() - 24 * 60 * 60_000);
  return rowsOf<DigestRecipient>(
    await db.execute(sql`
      select mp.user_id as "userId", coalesce(nullif(trim(u.name), ''), nullif(trim(concat_ws(' ', u.given_name, u.family_name)), '')) as name,
             u.email, u.locale, mp.unsubscribe_token as "unsubscribeToken",
             coalesce(mp.last_digest_at, ${day.toISOString()}::timestamptz) as since,
             (mp.last_seen_at is null or mp.last_seen_at < coalesce(mp.last_digest_at, ${day.toISOString()}::timestamptz)) as absent
        from mail_preferences mp
        join users u on u.id = mp.user_id
        join networks nw on nw.id = mp.network_id
        join memberships m on m.context_id = nw.context_id and m.user_id = mp.user_id and m.status = 'active'
       where mp.network_id = ${networkId} and mp.mode = 'digest' and mp.unsubscribed_at is null
         and u.email is not null and u.email <> ''
         and (mp.last_digest_at is null or mp.last_digest_at < ${turnStart.toISOString()}::timestamptz)`),
  ).map((r) => ({ ...r, since: new Date(r.since) }));
}

export interface DigestNotificationLine {
  userId: number;
  kind: string;
  title: string | null;
}

/** The unread notifications of the given people since their windows opened, in one query. */
export async function digestNotifications(db: Db, networkId: number, users: Array<{ userId: number; since: Date }>): Promise<DigestNotificationLine[]> {
  if (users.length === 0) return [];
  return rowsOf<DigestNotificationLine>(
    await db.execute(sql`
      with r(user_id, since) as (select * from unnest(${`{${users.map((u) => u.userId).join(',')}}`}::int[], ${`{${users.map((u) => `"${u.since.toISOString()}"`).join(',')}}`}::timestamptz[]))
      select n.user_id as "userId", n.kind, coalesce(th.title, mt.theme, a.title, ef.title) as title
        from r join notifications n on n.user_id = r.user_id and n.network_id = ${networkId} and n.read_at is null and n.created_at > r.since
        left join forum_threads th on th.id = n.thread_id
        left join meetings mt on mt.id = n.meeting_id
        left join assignments a on a.id = n.assignment_id
        left join evaluation_forms ef on ef.id = n.evaluation_form_id
       order by n.user_id, n.created_at
       limit 200000`),
  );
}

export interface DigestThreadLine {
  userId: number;
  threadId: number;
  title: string;
  forumKind: string;
  groupName: string | null;
  newPosts: number;
}

/**
 * Threads with posts since each person's window opened, in forums they may read (a group's forum only for
 * its members, leaders and staff), not counting their own, private or deleted posts. One query for all.
 */
export async function digestThreads(db: Db, networkId: number, users: Array<{ userId: number; since: Date }>): Promise<DigestThreadLine[]> {
  if (users.length === 0) return [];
  const earliest = new Date(Math.min(...users.map((u) => u.since.getTime())));
  return rowsOf<DigestThreadLine>(
    await db.execute(sql`
      with r(user_id, since) as (select * from unnest(${`{${users.map((u) => u.userId).join(',')}}`}::int[], ${`{${users.map((u) => `"${u.since.toISOString()}"`).join(',')}}`}::timestamptz[])),
           fresh as (
             select p.thread_id, p.author_id, p.created_at from forum_posts p
              where p.network_id = ${networkId} and p.created_at > ${earliest.toISOString()}::timestamptz and p.deleted_at is null and p.private_to_user_id is null),
           roles as (
             select m.user_id, m.roles from memberships m join networks nw on nw.context_id = m.context_id
              where nw.id = ${networkId} and m.status = 'active')
      select r.user_id as "userId", th.id as "threadId", th.title, f.kind as "forumKind", g.name as "groupName", count(*)::int as "newPosts"
        from r
        join fresh on fresh.created_at > r.since and fresh.author_id is distinct from r.user_id
        join forum_threads th on th.id = fresh.thread_id and th.deleted_at is null
        join forums f on f.id = th.forum_id
        left join conversation_groups g on g.id = f.group_id
        left join roles on roles.user_id = r.user_id
       where f.group_id is null
          or roles.roles && array['leader', 'staff', 'admin']::text[]
          or exists (select 1 from conversation_group_members gm where gm.group_id = f.group_id and gm.user_id = r.user_id)
       group by r.user_id, th.id, th.title, f.kind, g.name
       order by r.user_id, max(fresh.created_at) desc`),
  );
}

/** Marks the turn taken for these people (mailed or not), so the next window starts now. */
export async function markDigestTurn(db: Db, networkId: number, userIds: number[], now: Date): Promise<void> {
  if (userIds.length === 0) return;
  await db.execute(sql`update mail_preferences set last_digest_at = ${now.toISOString()}::timestamptz
    where network_id = ${networkId} and user_id = any(${`{${userIds.join(',')}}`}::int[])`);
}

export async function networksForDigest(db: Db): Promise<Array<{ id: number; name: string; language: string; timeZone: string; courseTitle: string | null }>> {
  return rowsOf(await db.execute(sql`select nw.id, nw.name, nw.language, nw.time_zone as "timeZone", c.title as "courseTitle" from networks nw join contexts c on c.id = nw.context_id order by nw.id`));
}
