import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { galleryStations, galleryVisits, galleryWalkers, galleryWalks } from '../../models/schema';
import { seedGalleryWalk, type SeededWalk } from '../support/gallery';
import { formAsLoaded } from '../support/gallery-forms';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

describe('gallery walk: the leader’s set-up and rotation plan', () => {
  let t: ToolUnderTest;
  let seeded: SeededWalk;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    seeded = await seedGalleryWalk(t, { participants: 4 });
  });
  after(() => t.close());

  const db = () => t.database.db;
  const walkCount = async () => (await db().select().from(galleryWalks)).length;
  const newForm = async () => {
    const page = await seeded.leader.get(`/meetings/${seeded.meetingId}/gallery/new`);
    expect(page.status, page.html.slice(0, 300)).to.equal(200);
    return { page, values: formAsLoaded(page.html, `${new URL(seeded.leader.base).pathname}/meetings/${seeded.meetingId}/gallery`) };
  };
  const create = async (changes: Record<string, string | string[]> = {}) => {
    const { values } = await newForm();
    return seeded.leader.post(`/meetings/${seeded.meetingId}/gallery`, { ...values, ...changes });
  };
  const createdWalkId = (location: string | null) => Number(/\/gallery\/(\d+)\/plan/.exec(location ?? '')?.[1]);

  it('when a leader sends the set-up form as it loads, then a draft walk with one station per final presentation is made', async () => {
    const { page, values } = await newForm();
    expect(page.html).to.contain('4 stations');
    expect(values.rounds).to.equal('3');
    expect(values.prompts).to.contain('This works well');
    const before = await walkCount();
    const saved = await seeded.leader.post(`/meetings/${seeded.meetingId}/gallery`, values);
    expect(saved.status, saved.html.slice(0, 500)).to.equal(303);
    expect(await walkCount()).to.equal(before + 1);
    const walkId = createdWalkId(saved.location);
    const [walk] = await db().select().from(galleryWalks).where(eq(galleryWalks.id, walkId));
    expect(walk!.publishedAt).to.equal(null);
    expect(walk!.rounds).to.equal(3);
    expect(walk!.prompts).to.deep.equal(['This works well', 'This could be developed', 'A question for you who made the presentation']);
    expect(await db().select().from(galleryStations).where(eq(galleryStations.walkId, walkId))).to.have.length(4);
  });

  const refusals: Array<[string, Record<string, string | string[]>, string]> = [
    ['0 rounds', { rounds: '0' }, 'Rounds must be a whole number from 1 to 30.'],
    ['more rounds than stations allow', { rounds: '4' }, 'Too many rounds'],
    ['no presentation ticked', { stations: 'chosen', submissionIds: [] }, 'Tick at least one presentation'],
    ['an assignment id of another network', { assignmentId: '999999' }, 'That assignment is not in this network.'],
    ['a submission id that is not a final of the assignment', { stations: 'chosen', submissionIds: ['999999'] }, 'A chosen presentation is not a final presentation'],
    ['a title of 10 000 characters', { title: 'x'.repeat(10_000) }, 'at most 200 characters'],
    ['a title with markup', { title: 'Walk <script>alert(1)</script>' }, 'The title cannot contain &lt; or &gt;.'],
  ];
  for (const [what, changes, message] of refusals) {
    it(`when the set-up has ${what}, then it is refused with the message, nothing is saved and the form keeps what was typed`, async () => {
      const before = await walkCount();
      const refused = await create({ ...changes, roundMinutes: '11' });
      expect(refused.status).to.equal(422);
      expect(refused.html).to.contain(message);
      expect(refused.html).to.match(/name="roundMinutes"[^>]*value="11"/);
      expect(refused.html).not.to.contain('<script>alert(1)');
      expect(await walkCount()).to.equal(before);
    });
  }

  it('when a participant asks for the set-up, the plan or a draft walk, then they are refused', async () => {
    const walkId = createdWalkId((await create()).location);
    const participant = seeded.participants[0]!;
    expect((await participant.get(`/meetings/${seeded.meetingId}/gallery/new`)).status).to.equal(403);
    expect((await participant.post(`/meetings/${seeded.meetingId}/gallery`, { title: 'Mine' })).status).to.be.oneOf([403, 422]);
    expect((await participant.get(`/gallery/${walkId}/plan`)).status).to.equal(403);
    expect((await participant.post(`/gallery/${walkId}/plan`)).status).to.equal(403);
    expect((await participant.post(`/gallery/${walkId}/publish`)).status).to.equal(403);
    expect((await participant.get(`/gallery/${walkId}/console`)).status).to.equal(403);
    expect((await participant.get(`/gallery/${walkId}/state.json`)).status).to.equal(403);
    const meetingPage = await participant.get(`/meetings/${seeded.meetingId}`);
    expect(meetingPage.html).not.to.contain(`/gallery/${walkId}`);
  });

  it('when the plan is made from the checked-in participants, then nobody visits their own station or one station twice', async () => {
    const walkId = createdWalkId((await create({ rounds: '2' })).location);
    const early = await seeded.leader.post(`/gallery/${walkId}/plan`);
    expect(early.status).to.equal(422);
    expect(early.html).to.contain('Nobody is checked in to the meeting yet');
    for (const userId of seeded.participantIds) {
      expect((await seeded.leader.post(`/meetings/${seeded.meetingId}/check-in`, { userId: String(userId) })).status).to.equal(303);
    }
    const made = await seeded.leader.post(`/gallery/${walkId}/plan`);
    expect(made.status, made.html.slice(0, 300)).to.equal(303);
    const stations = await db().select().from(galleryStations).where(eq(galleryStations.walkId, walkId));
    const authorOf = new Map(stations.map((station) => [station.id, station.submissionId]));
    const visits = await db().select().from(galleryVisits).where(eq(galleryVisits.walkId, walkId));
    expect(visits).to.have.length(seeded.participantIds.length * 2);
    const { submissions } = await import('../../models/schema');
    const subs = await db().select().from(submissions);
    const ownerOf = new Map(subs.map((submission) => [submission.id, submission.userId]));
    for (const userId of seeded.participantIds) {
      const mine = visits.filter((visit) => visit.userId === userId);
      expect(mine.map((visit) => visit.round).sort()).to.deep.equal([1, 2]);
      expect(new Set(mine.map((visit) => visit.stationId)).size).to.equal(2);
      for (const visit of mine) expect(ownerOf.get(authorOf.get(visit.stationId)!)).not.to.equal(userId);
    }
    const plan = await seeded.leader.get(`/gallery/${walkId}/plan`);
    expect(plan.html).to.contain('Round 2');
    expect(plan.html).to.contain('Walker 1');
  });

  it('when the leader moves someone to their own station or swaps a visited station with theirs, then it is refused and the plan stays', async () => {
    const [walk] = await db().select().from(galleryWalks).where(eq(galleryWalks.rounds, 2)).orderBy(galleryWalks.id);
    const walkId = (await db().select().from(galleryWalks)).filter((row) => row.planMadeAt && row.id !== seeded.walkId).at(-1)!.id;
    expect(walk).to.exist;
    const stations = await db().select().from(galleryStations).where(eq(galleryStations.walkId, walkId));
    const { submissions } = await import('../../models/schema');
    const subs = await db().select().from(submissions);
    const ownerOfStation = (stationId: number) => subs.find((s) => s.id === stations.find((station) => station.id === stationId)!.submissionId)!.userId;
    const walker = seeded.participantIds[0]!;
    const own = stations.find((station) => ownerOfStation(station.id) === walker)!;
    const before = await db().select().from(galleryVisits).where(eq(galleryVisits.walkId, walkId));

    const moved = await seeded.leader.post(`/gallery/${walkId}/plan/move`, { userId: String(walker), round: '1', stationId: String(own.id) });
    expect(moved.status).to.equal(422);
    expect(moved.html).to.contain('Walker 1 would visit their own station in round 1.');

    const visited = before.find((visit) => visit.userId === walker && visit.round === 1)!;
    const swapped = await seeded.leader.post(`/gallery/${walkId}/plan/swap`, { stationA: String(own.id), stationB: String(visited.stationId) });
    expect(swapped.status).to.equal(422);
    expect(swapped.html).to.contain('would visit their own station');
    expect(await db().select().from(galleryVisits).where(eq(galleryVisits.walkId, walkId))).to.deep.equal(before);
    expect((await db().select().from(galleryStations).where(eq(galleryStations.walkId, walkId))).map((s) => [s.id, s.number]).sort()).to.deep.equal(stations.map((s) => [s.id, s.number]).sort());
  });

  it('when the walk is published, then participants find it on the meeting page', async () => {
    const walkId = (await db().select().from(galleryWalks)).filter((row) => row.planMadeAt && row.id !== seeded.walkId).at(-1)!.id;
    expect((await seeded.leader.post(`/gallery/${walkId}/publish`)).status).to.equal(303);
    const meetingPage = await seeded.participants[1]!.get(`/meetings/${seeded.meetingId}`);
    expect(meetingPage.html).to.contain(`/gallery/${walkId}`);
    expect(await db().select().from(galleryWalkers).where(eq(galleryWalkers.walkId, walkId))).to.have.length(4);
  });
});

describe('gallery walk: the set-up form for a small group', () => {
  let t: ToolUnderTest;
  let seeded: SeededWalk;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    seeded = await seedGalleryWalk(t, { participants: 2, rounds: 1 });
  });
  after(() => t.close());

  it('when only two presentations are final, then the form loads with the one round they allow and saving it untouched makes the walk', async () => {
    const page = await seeded.leader.get(`/meetings/${seeded.meetingId}/gallery/new`);
    const values = formAsLoaded(page.html, `${new URL(seeded.leader.base).pathname}/meetings/${seeded.meetingId}/gallery`);
    expect(values.rounds).to.equal('1');
    const saved = await seeded.leader.post(`/meetings/${seeded.meetingId}/gallery`, values);
    expect(saved.status, saved.html.slice(0, 500)).to.equal(303);
  });
});
