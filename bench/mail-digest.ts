/**
 * The daily digest for 1 000 subscribers, built and queued on the PostgreSQL server (BENCH_DATABASE_URL,
 * default the local natverk server) in a fresh database: 1 000 participants in four conversation groups,
 * the network's forum and the groups' forums with new posts, five unread notifications each; 900 have been
 * away since their last digest, 100 were in the tool. Target: under 10 s. Prints the time; exit 1 above it.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../test/support/database';
import { queueDigests } from '../lti-tool/services/mail/digest';
import { benchServerUrl, requireServer, seedBenchNetwork } from './bench-server';

const subscribers = 1_000;
const targetMs = 10_000;
process.env.TEST_DATABASE_URL = benchServerUrl;

async function main(): Promise<void> {
  await requireServer('mail digest');
  const database = await createTestDatabase();
  const { db } = database;
  try {
    await seedBenchNetwork(db);
    await db.execute(sql`insert into users (platform_id, sub, name, email, locale)
      select p.id, 'u' || g, 'Lärare ' || g, 'larare' || g || '@example.org', (array['sv','da','nb','en'])[1 + g % 4] from platforms p, generate_series(1, ${subscribers}) g`);
    await db.execute(sql`insert into memberships (context_id, user_id, roles, lti_roles, network_role)
      select c.id, u.id, array['participant'], array['Learner'], 'participant' from contexts c, users u`);
    await db.execute(sql`insert into conversation_groups (network_id, name, slot) select nw.id, 'Grupp ' || g, 'conversation' from networks nw, generate_series(1, 4) g`);
    await db.execute(sql`insert into conversation_group_members (group_id, user_id, network_id, slot)
      select g.id, u.id, g.network_id, 'conversation' from users u join conversation_groups g on g.name = 'Grupp ' || (1 + u.id % 4)`);
    await db.execute(sql`insert into forums (network_id, kind) select id, 'discussion' from networks`);
    await db.execute(sql`insert into forums (network_id, kind, group_id) select network_id, 'group', id from conversation_groups`);
    // 10 threads per forum, 5 posts each by varying authors, all after the last digest.
    await db.execute(sql`insert into forum_threads (forum_id, network_id, title, author_id, highest_number, posts_numbered, last_post_at)
      select f.id, f.network_id, 'Tråd ' || f.id || '.' || g, (select min(id) from users), 5, 5, now() from forums f, generate_series(1, 10) g`);
    await db.execute(sql`insert into forum_posts (thread_id, network_id, number, author_id, body, created_at)
      select th.id, th.network_id, g, (select min(id) from users) + (th.id * 7 + g) % ${subscribers}, 'Inlägg ' || g, now() - interval '1 hour' from forum_threads th, generate_series(1, 5) g`);
    await db.execute(sql`insert into notifications (network_id, user_id, kind, thread_id, dedupe_key, created_at)
      select th.network_id, u.id, 'post', th.id, 'bench:' || th.id, now() - interval '1 hour'
        from users u join lateral (select * from forum_threads order by id limit 5 offset (u.id % 20)) th on true`);
    await db.execute(sql`insert into mail_preferences (network_id, user_id, unsubscribe_token, mode, last_digest_at, last_seen_at)
      select nw.id, u.id, 'bench-token-' || u.id || '-' || md5(u.id::text), 'digest', now() - interval '1 day',
             case when u.id % 10 = 0 then now() else now() - interval '2 days' end
        from networks nw, users u`);
    await db.execute(sql`analyze`);
    const [network] = (await db.execute(sql`select id, name, language, time_zone as "timeZone" from networks`) as unknown as { rows: Array<{ id: number; name: string; language: string; timeZone: string }> }).rows;
    // Tomorrow at 08:00 in the network's zone: the digest's turn has come for everyone.
    const morning = new Date(Date.now() + 24 * 60 * 60_000);
    const started = performance.now();
    const queued = await queueDigests(db, { ...network!, courseTitle: 'Bench course' }, new Date(Math.max(morning.getTime(), Date.now())));
    const elapsed = performance.now() - started;
    console.log(`mail digest: ${subscribers} subscribers, ${queued} digests built and queued in ${Math.round(elapsed)} ms (target < ${targetMs} ms)`);
    if (queued < subscribers * 0.8) throw new Error(`expected about 900 digests, got ${queued}`);
    if (elapsed > targetMs) process.exitCode = 1;
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
