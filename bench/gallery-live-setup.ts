/**
 * The gallery walk bench/gallery-live.ts measures, made the way people make it: a leader launched from the
 * test platform sets up the year, every participant launches (real LTI 1.3 launches), uploads a final deck
 * and marks it final; the walk's rows are then written as the set-up page would leave a running walk with
 * free roaming (any participant may comment on any station but their own). Not measured.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { assignments, galleryStations, galleryWalkers, galleryWalks, meetings, submissions, users } from '../models/schema';
import { galleryDeck } from '../test/support/gallery';
import { launchAs, role, type NetworkMember } from '../test/support/network-member';
import type { TestPlatform } from '../test/support/platform';
import type { ToolRegistration } from '../test/support/platform-types';

const pptxType = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

/** A participant as the benchmark's pages and posts need them: their session, not their browser. */
export interface Walker {
  userId: number;
  /** /l/<handle>: the session's own path on any tool process. */
  base: string;
  cookie: string;
  csrf: string;
  stationId: number;
}

export interface BenchWalk {
  walkId: number;
  walkers: Walker[];
}

async function expectRedirect(what: string, result: Promise<{ status: number; html: string }>): Promise<void> {
  const { status, html } = await result;
  if (status !== 303) throw new Error(`${what}: ${status} ${html.slice(0, 300)}`);
}

/** Runs `work` for 0..count-1, `concurrency` at a time. */
async function inParallel(count: number, concurrency: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await work(next++);
  }));
}

export async function seedBenchWalk(db: Db, t: { registration: ToolRegistration; platform: TestPlatform }, count: number): Promise<BenchWalk> {
  const leader = await launchAs(t, 'bench-leader', [role('Instructor')]);
  await expectRedirect('year set-up', leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' }));
  const [meeting] = await db.select().from(meetings).orderBy(meetings.startsAt);
  const [assignment] = await db.select().from(assignments).where(eq(assignments.letter, 'A'));
  if (!meeting || !assignment) throw new Error('the year set-up made no meeting or assignment A');

  // One deck for everybody: building it is not what is measured.
  const deck = await galleryDeck('Bench');
  const members: NetworkMember[] = new Array(count);
  await inParallel(count, 8, async (i) => {
    const member = await launchAs(t, `bench-walker-${i + 1}`, [role('Learner')], { name: `Walker ${i + 1}` });
    await expectRedirect(`upload ${i + 1}`, member.upload(`/assignments/${assignment.id}/submission`, {}, { name: `walker-${i + 1}.pptx`, content: deck, type: pptxType }));
    await expectRedirect(`final ${i + 1}`, member.post(`/assignments/${assignment.id}/final`));
    members[i] = member;
  });

  const now = Date.now();
  const [walk] = await db
    .insert(galleryWalks)
    .values({
      networkId: meeting.networkId,
      meetingId: meeting.id,
      assignmentId: assignment.id,
      title: 'Bench gallery walk',
      mode: 'live',
      publishedAt: new Date(now),
      rounds: 3,
      // Long rounds: the walk stays in round 1 for the whole run.
      roundMinutes: 240,
      prompts: ['What works?', 'What could be developed?', 'A question to the author'],
      freeRoaming: true,
      planMadeAt: new Date(now),
      startedAt: new Date(now - 60_000),
      round: 1,
      roundStartedAt: new Date(now - 60_000),
    })
    .returning();
  const walkers: Walker[] = [];
  for (let i = 0; i < count; i++) {
    const member = members[i]!;
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.sub, `bench-walker-${i + 1}`));
    const [submission] = await db.select().from(submissions).where(and(eq(submissions.assignmentId, assignment.id), eq(submissions.userId, user!.id)));
    const [station] = await db.insert(galleryStations).values({ walkId: walk!.id, number: i + 1, submissionId: submission!.id }).returning();
    await db.insert(galleryWalkers).values({ walkId: walk!.id, userId: user!.id });
    const base = new URL(member.base);
    walkers.push({ userId: user!.id, base: base.pathname, cookie: member.browser.cookies.header(base), csrf: member.csrf, stationId: station!.id });
  }
  return { walkId: walk!.id, walkers };
}
