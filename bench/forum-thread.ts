/**
 * A forum thread with 500 posts, rendered through real HTTP on the PostgreSQL server as a participant reads it:
 * a page of 50 posts at a time (access checks over all 500, posts, mentions, files, link cards, Markdown, the
 * pager, the reading state, the layout), every page of the thread in turn.
 * Target: p95 < 50 ms; exits 1 above it.
 *
 *   tsx bench/forum-thread.ts                     the local server (postgresql://natverk:natverk@127.0.0.1:5432/natverk)
 *   BENCH_DATABASE_URL=… tsx bench/forum-thread.ts
 *   BENCH_REQUESTS=500 tsx bench/forum-thread.ts  more requests measured
 */
import { eq, sql } from 'drizzle-orm';
import { forumPosts, forums, forumThreads, users } from '../models/schema';
import { TestPlatform } from '../test/support/platform';
import { launchAs, role } from '../test/support/network-member';
import { createServerDatabase, startToolOn } from '../test/support/tool-on-server';
import { registerPlatform } from './platform-registration';
import { benchServerUrl, requireServer, runBenchmark } from './bench-server';
import { postsPerPage } from '../lti-tool/services/forums/thread-page';

const serverUrl = benchServerUrl;
const requests = Number(process.env.BENCH_REQUESTS ?? 300);
const postCount = 500;
const targetP95 = 50;
const adminToken = 'test-admin-token-0123456789';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** A post as teachers write them: a paragraph or two, a list, emphasis, sometimes a link or a mention. */
function bodyOf(i: number, mentionId: number, meetingId: number): string {
  const parts = [
    `Inlägg ${i}: vi har prövat **lektionsbesök** varannan vecka och *kollegialt lärande* i arbetslagen.`,
    '- Nuläge: tydligare mål i planeringen\n- Utvecklingsstrategier: återkoppling i par\n- Samtal med skolledaren i mars',
  ];
  if (i % 5 === 0) parts.push(`Se [träffen](/meetings/${meetingId}) och https://www.skolverket.se/skolutveckling/forskning-och-utvarderingar/forskning`);
  if (i % 7 === 0) parts.push(`Tack @[Lena](#user-${mentionId}) för tipset!`);
  return parts.join('\n\n');
}

async function main(): Promise<void> {
  await requireServer('forum thread');
  const database = await createServerDatabase(serverUrl);
  const platform = await TestPlatform.start();
  const running = await startToolOn(database.url, { jobs: false, poolSize: 10 });
  try {
    const registration = await registerPlatform(running.tool.url, platform, adminToken);
    const t = { registration, platform };
    const leader = await launchAs(t, 'bench-leader', [role('Instructor')]);
    const setup = await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' });
    if (setup.status !== 303) throw new Error(`year setup: ${setup.status}`);
    const reader = await launchAs(t, 'bench-reader', [role('Learner')]);
    const writer = await launchAs(t, 'bench-writer', [role('Learner')], { name: 'Lena Lärare' });
    if ((await reader.get('/forums')).status !== 200) throw new Error('forums page');
    const { db } = running.database;
    const [discussion] = await db.select().from(forums).where(eq(forums.kind, 'discussion'));
    const started = await writer.post(`/forums/${discussion!.id}/threads`, { title: 'Hur följer vi upp utvecklingsområdet?', body: bodyOf(1, 0, 0), clientKey: 'bench-thread-1' });
    const threadId = Number(/threads\/(\d+)/.exec(started.location ?? '')?.[1]);
    if (!threadId) throw new Error(`thread start: ${started.status}`);
    const [writerRow] = await db.select({ id: users.id }).from(users).where(eq(users.sub, 'bench-writer'));
    const [meeting] = await db.execute<{ id: number }>(sql`select id from meetings order by starts_at limit 1`).then((result) => (result as unknown as { rows: Array<{ id: number }> }).rows);
    // The other 499 posts go straight in (as many replies over a year would have); the page reads them as written.
    const rows = Array.from({ length: postCount - 1 }, (_, index) => {
      const number = index + 2;
      const body = bodyOf(number, writerRow!.id, meeting!.id);
      return { threadId, networkId: discussion!.networkId, number, authorId: writerRow!.id, body, searchConfig: 'swedish', searchVector: sql`to_tsvector('swedish', ${body})`, createdAt: new Date(Date.now() - (postCount - number) * 60_000) };
    });
    await db.insert(forumPosts).values(rows);
    await db.update(forumThreads).set({ highestNumber: postCount, postsNumbered: postCount, lastPostAt: new Date() }).where(eq(forumThreads.id, threadId));

    const short = await writer.post(`/forums/${discussion!.id}/threads`, { title: 'En kort tråd', body: bodyOf(2, 0, 0), clientKey: 'bench-thread-2' });
    const shortPath = `/forums/threads/${Number(/threads\/(\d+)/.exec(short.location ?? '')?.[1])}`;
    const path = `/forums/threads/${threadId}`;
    const first = await reader.get(path);
    const shownPosts = (first.html.match(/class="card post/g) ?? []).length;
    if (first.status !== 200 || shownPosts !== postsPerPage || !first.html.includes(`of ${postCount / postsPerPage}`)) throw new Error(`thread page: ${first.status}, ${shownPosts} posts`);
    const pageAt = (i: number) => `${path}?at=${1 + (i % (postCount / postsPerPage)) * postsPerPage}`;
    for (let i = 0; i < 20; i += 1) await reader.get(pageAt(i));
    const latencies: number[] = [];
    for (let i = 0; i < requests; i += 1) {
      const t0 = performance.now();
      const page = await reader.get(pageAt(i));
      if (page.status !== 200) throw new Error(`thread page answered ${page.status}`);
      latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    // For comparison, not a target: the same page with one post, i.e. what every page of the tool costs.
    const base: number[] = [];
    for (let i = 0; i < 100; i += 1) {
      const t0 = performance.now();
      await reader.get(shortPath);
      base.push(performance.now() - t0);
    }
    base.sort((a, b) => a - b);
    const [p50, p95, p99] = [percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99)];
    process.stdout.write(
      `Forum thread of ${postCount} posts read ${postsPerPage} a page, every page in turn, ${requests} requests one after another on PostgreSQL (${(first.html.length / 1024).toFixed(0)} kB page): ` +
        `p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${latencies[latencies.length - 1]!.toFixed(1)} ms. Target p95 < ${targetP95} ms.\n` +
        `  (a thread of one post, for comparison: p50 ${percentile(base, 50).toFixed(1)} ms, p95 ${percentile(base, 95).toFixed(1)} ms)\n`,
    );
    if (p95 >= targetP95) process.exitCode = 1;
  } finally {
    await running.close();
    await platform.close();
    await database.drop();
  }
}

runBenchmark(main);
