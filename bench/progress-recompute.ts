/**
 * Recomputing and queueing progress for 200 participants after the leader changes the completion rule, on the
 * PostgreSQL server (BENCH_DATABASE_URL, default the local natverk server) in a fresh database: four assignments
 * with released grades for most, five meetings with check-ins, a gallery walk with three comments from each.
 * Target: under 2 s, including the progress scores queued in the outbox. Prints the time; exit 1 above it.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../test/support/database';
import { recomputeProgress } from '../lti-tool/services/progress/recompute';
import { benchServerUrl, requireServer, seedBenchNetwork } from './bench-server';

const participants = 200;
const targetMs = 2_000;
process.env.TEST_DATABASE_URL = benchServerUrl;

async function main(): Promise<void> {
  await requireServer('progress recompute');
  const database = await createTestDatabase();
  const { db } = database;
  try {
    await seedBenchNetwork(db);
    await db.execute(sql`insert into users (platform_id, sub, name) select p.id, 'u' || g, 'Lärare ' || g from platforms p, generate_series(1, ${participants}) g`);
    await db.execute(sql`insert into memberships (context_id, user_id, roles, lti_roles, network_role)
      select c.id, u.id, array['participant'], array['Learner'], 'participant' from contexts c, users u`);
    await db.execute(sql`insert into meetings (network_id, number, theme, starts_at, ends_at)
      select nw.id, g, 'Träff ' || g, now() - (6 - g) * interval '30 days', now() - (6 - g) * interval '30 days' + interval '3 hours' from networks nw, generate_series(1, 5) g`);
    await db.execute(sql`insert into assignments (network_id, letter, title, due_at, accepted_formats, max_bytes)
      select nw.id, chr(64 + g), 'Uppgift ' || g, now() - (5 - g) * interval '30 days', array['pptx'], 50000000 from networks nw, generate_series(1, 4) g`);
    // Most were checked in at most meetings; most have most assignments passed and released.
    await db.execute(sql`insert into attendance (meeting_id, user_id, response, checked_in_at, checked_in_by)
      select m.id, u.id, 'yes', m.starts_at, 'leader' from meetings m, users u where (u.id + m.number) % 7 <> 0`);
    await db.execute(sql`insert into grades (assignment_id, user_id, state, passed, feedback, released_at)
      select a.id, u.id, case when (u.id + ascii(a.letter)) % 5 = 0 then 'graded' else 'released' end, (u.id + ascii(a.letter)) % 9 <> 0, 'Bra arbete.', now()
        from assignments a, users u`);
    await db.execute(sql`insert into submissions (assignment_id, user_id, state) select a.id, u.id, 'final' from assignments a, users u where a.letter = 'A'`);
    await db.execute(sql`insert into submission_versions (submission_id, number, stored_name, original_name, format, mime_type, size, sha256)
      select s.id, 1, 'v' || s.id, 'deck.pptx', 'pptx', 'application/octet-stream', 1000, md5(s.id::text) from submissions s`);
    await db.execute(sql`insert into gallery_walks (network_id, meeting_id, assignment_id, title, published_at)
      select a.network_id, (select min(id) from meetings), a.id, 'Gallerivandring', now() from assignments a where a.letter = 'A'`);
    await db.execute(sql`insert into gallery_stations (walk_id, number, submission_id)
      select w.id, row_number() over (order by s.id), s.id from gallery_walks w, submissions s`);
    await db.execute(sql`insert into gallery_comments (walk_id, station_id, version_id, slide, body, author_user_id, client_key)
      select st.walk_id, st.id, v.id, 1, 'Kommentar ' || g, u.id, 'k-' || u.id || '-' || g
        from users u, generate_series(1, 3) g
        join lateral (select * from gallery_stations order by id offset ((u.id + g) % ${participants}) limit 1) st on true
        join submission_versions v on v.submission_id = st.submission_id
       where u.id % 4 <> 0`);
    await db.execute(sql`analyze`);
    const [network] = (await db.execute(sql`select id from networks`) as unknown as { rows: Array<{ id: number }> }).rows;
    const networkId = network!.id;
    // The shares as they stood, queued once; then the leader changes the rule.
    const baseline = await recomputeProgress(db, networkId, 'all');
    await db.execute(sql`insert into progress_settings (network_id, rule) values (${networkId}, ${JSON.stringify({ assignments: 'all', minMeetings: 4, minGalleryComments: 2 })}::jsonb)`);
    const started = performance.now();
    const queued = await recomputeProgress(db, networkId, 'all');
    const elapsed = performance.now() - started;
    console.log(`progress recompute: ${participants} participants, ${queued} progress scores queued after a rule change in ${Math.round(elapsed)} ms (target < ${targetMs} ms; ${baseline} queued at first)`);
    if (baseline !== participants) throw new Error(`expected ${participants} scores queued at first, got ${baseline}`);
    if (queued < participants / 4) throw new Error(`expected most shares to change with the rule, got ${queued}`);
    if (elapsed >= targetMs) process.exitCode = 1;
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
