// A gallery walk as a leader has it at the start of a meeting: a year, participants who each submitted a
// final deck (three slides with speaker notes) to assignment A, and a published walk of their stations with
// a rotation plan. The walk's rows are written directly until the set-up page exists for every test to use.
import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { assignments, galleryStations, galleryVisits, galleryWalkers, galleryWalks, meetings, submissions, users } from '../../models/schema';
import { launchAs, role, type NetworkMember } from './network-member';
import { buildDeck } from './presentations';
import type { ToolUnderTest } from './tool';

const pptxType = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

export interface SeededWalk {
  leader: NetworkMember;
  /** The participants, in the order of their stations (participant i is the author at station i + 1). */
  participants: NetworkMember[];
  participantIds: number[];
  walkId: number;
  meetingId: number;
  assignmentId: number;
  /** Station ids in number order. */
  stationIds: number[];
}

/** Three slides with speaker notes, named for its author so a test can tell the decks apart. */
export const galleryDeck = (author: string) =>
  buildDeck([
    { title: `${author}: Utvecklingsområde`, text: ['Formativ bedömning i åk 4–6'], notes: 'Vi började med exit tickets. Eleverna skrev en fråga varje lektion.' },
    { title: `${author}: Genomförande`, text: ['Kollegialt lärande varannan vecka'], notes: 'Lärarna observerade varandra. Vi använde Timperleys cykel. Det tog tid att komma igång.' },
    { title: `${author}: Resultat`, text: ['Fler elever ställer frågor'], notes: 'Resultatet syns i elevenkäten.' },
  ]);

export async function seedGalleryWalk(
  t: ToolUnderTest,
  options: { participants?: number; rounds?: number; locale?: string; walk?: Partial<typeof galleryWalks.$inferInsert> } = {},
): Promise<SeededWalk> {
  const count = options.participants ?? 4;
  const rounds = options.rounds ?? Math.min(2, count - 1);
  const locale = options.locale ?? 'en';
  const db = t.database.db;
  const leader = await launchAs(t, 'leader-1', [role('Instructor')], {}, locale);
  const setup = await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' });
  expect(setup.status, setup.html.slice(0, 300)).to.equal(303);
  const [meeting] = await db.select().from(meetings).orderBy(meetings.startsAt);
  const [assignment] = await db.select().from(assignments).where(eq(assignments.letter, 'A'));

  const participants: NetworkMember[] = [];
  const participantIds: number[] = [];
  for (let i = 0; i < count; i++) {
    const sub = `walker-${i + 1}`;
    const member = await launchAs(t, sub, [role('Learner')], { name: `Walker ${i + 1}` }, locale);
    const uploaded = await member.upload(`/assignments/${assignment!.id}/submission`, {}, { name: `walker-${i + 1}.pptx`, content: await galleryDeck(`Walker ${i + 1}`), type: pptxType });
    expect(uploaded.status, uploaded.html.slice(0, 300)).to.equal(303);
    const final = await member.post(`/assignments/${assignment!.id}/final`);
    expect(final.status, final.html.slice(0, 300)).to.equal(303);
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.sub, sub));
    participants.push(member);
    participantIds.push(user!.id);
  }

  const [walk] = await db
    .insert(galleryWalks)
    .values({
      networkId: meeting!.networkId,
      meetingId: meeting!.id,
      assignmentId: assignment!.id,
      title: 'Gallery walk A',
      publishedAt: new Date(),
      rounds,
      roundMinutes: 8,
      prompts: ['What works?', 'What could be developed?', 'A question to the author'],
      planMadeAt: new Date(),
      ...options.walk,
    })
    .returning();
  const stationIds: number[] = [];
  for (let i = 0; i < count; i++) {
    const [submission] = await db.select().from(submissions).where(and(eq(submissions.assignmentId, assignment!.id), eq(submissions.userId, participantIds[i]!)));
    const [station] = await db.insert(galleryStations).values({ walkId: walk!.id, number: i + 1, submissionId: submission!.id }).returning();
    stationIds.push(station!.id);
  }
  // A plain rotation: participant i visits the stations after their own, one per round.
  for (let i = 0; i < count; i++) {
    await db.insert(galleryWalkers).values({ walkId: walk!.id, userId: participantIds[i]! });
    for (let round = 1; round <= rounds; round++) {
      await db.insert(galleryVisits).values({ walkId: walk!.id, round, userId: participantIds[i]!, stationId: stationIds[(i + round) % count]! });
    }
  }
  return { leader, participants, participantIds, walkId: walk!.id, meetingId: meeting!.id, assignmentId: assignment!.id, stationIds };
}
