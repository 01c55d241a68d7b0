import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { galleryReactions, galleryWalks, users } from '../../models/schema';
import { seedGalleryWalk, type SeededWalk } from '../support/gallery';
import { TestStream } from '../support/live-stream';
import { launchAs, role, type NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

let keyCount = 0;

async function postComment(member: NetworkMember, walkId: number, stationId: number, body: string): Promise<number> {
  const response = await member.browser.request(`${member.base}/gallery/${walkId}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ _csrf: member.csrf, stationId, slide: 1, body, clientKey: `stream-${Date.now()}-${++keyCount}` }),
  });
  expect(response.status, await response.clone().text()).to.equal(201);
  return ((await response.json()) as { id: number }).id;
}

/** The walk's live stream as this person's open page receives it. */
function streamOf(member: NetworkMember, walkId: number): Promise<TestStream> {
  const url = new URL(`${member.base}/gallery/${walkId}/events?clientId=tab-${++keyCount}`);
  return TestStream.open(url.href, { Cookie: member.browser.cookies.header(url) });
}

const commentsIn = (stream: TestStream) => stream.events.filter((event) => event.event === 'comment').map((event) => event.data as Record<string, unknown>);

describe('gallery walk: what each open page is sent live', function () {
  this.timeout(120_000);
  let t: ToolUnderTest;
  let walk: SeededWalk;
  const streams: TestStream[] = [];
  const setWalk = (changes: Partial<typeof galleryWalks.$inferInsert>) => t.database.db.update(galleryWalks).set(changes).where(eq(galleryWalks.id, walk.walkId));

  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    walk = await seedGalleryWalk(t, { participants: 4, rounds: 2 });
    await setWalk({ startedAt: new Date(), round: 1, roundStartedAt: new Date(), roundMinutes: 30 });
  });
  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });
  after(() => t?.close());

  it('when the walk is anonymous, then the author’s stream carries neither the commenter’s name nor their id, and the leader’s carries both', async () => {
    await setWalk({ anonymous: true });
    // In round 1 participant 0 visits station 2, whose author is participant 1.
    const author = await streamOf(walk.participants[1]!, walk.walkId);
    const leader = await streamOf(walk.leader, walk.walkId);
    streams.push(author, leader);
    const id = await postComment(walk.participants[0]!, walk.walkId, walk.stationIds[1]!, 'Anonym respons');
    await author.until((s) => commentsIn(s).some((c) => c.id === id));
    await leader.until((s) => commentsIn(s).some((c) => c.id === id));
    const seenByAuthor = commentsIn(author).find((c) => c.id === id)!;
    expect(seenByAuthor.body).to.equal('Anonym respons');
    expect(seenByAuthor.commenterName).to.equal(null);
    expect(seenByAuthor).to.not.have.property('commenterId');
    expect(JSON.stringify(author.events)).to.not.include('Walker 1');
    const seenByLeader = commentsIn(leader).find((c) => c.id === id)!;
    expect(seenByLeader.commenterName).to.equal('Walker 1');
    expect(seenByLeader.commenterId).to.equal(walk.participantIds[0]);
    await setWalk({ anonymous: false });
  });

  it('when earlier comments stay hidden until one posts, then a visitor’s stream gets a station’s comments only after their own there', async () => {
    await setWalk({ hideUntilPosted: true, freeRoaming: true });
    // Participant 2 has not posted at station 2 yet; participant 0 posts there again.
    const visitor = await streamOf(walk.participants[2]!, walk.walkId);
    streams.push(visitor);
    const before = await postComment(walk.participants[0]!, walk.walkId, walk.stationIds[1]!, 'Före');
    const own = await postComment(walk.participants[2]!, walk.walkId, walk.stationIds[1]!, 'Min egen');
    await visitor.until((s) => commentsIn(s).some((c) => c.id === own));
    const after = await postComment(walk.participants[0]!, walk.walkId, walk.stationIds[1]!, 'Efter');
    await visitor.until((s) => commentsIn(s).some((c) => c.id === after));
    expect(commentsIn(visitor).map((c) => c.id)).to.not.include(before);
    await setWalk({ hideUntilPosted: false, freeRoaming: false });
  });

  it('when the plan changes, then a participant’s stream says only whether it concerns them, without other people’s ids', async () => {
    const stream = await streamOf(walk.participants[0]!, walk.walkId);
    streams.push(stream);
    const moved = await walk.leader.post(`/gallery/${walk.walkId}/plan/move`, { round: '2', userId: String(walk.participantIds[3]), stationId: String(walk.stationIds[2]) });
    expect(moved.status, moved.html.slice(0, 400)).to.equal(303);
    await stream.until((s) => s.events.some((event) => event.event === 'plan'));
    const plan = stream.events.find((event) => event.event === 'plan')!.data;
    expect(plan).to.deep.equal({ change: 'moved', forMe: false });
  });

  it('when a walk is under way, then it is first on a participant’s Start, and gone once it has ended', async () => {
    const during = await walk.participants[2]!.get('/');
    expect(during.html).to.include('Gallery walk now: Gallery walk A — open it');
    expect(during.html).to.include(`/gallery/${walk.walkId}"`);
    await setWalk({ endedAt: new Date() });
    try {
      const after = await walk.participants[2]!.get('/');
      expect(after.html).to.not.include('Gallery walk now');
    } finally {
      await setWalk({ endedAt: null });
    }
  });

  it('when a school leader opens the walk, then the page says they follow it, not that they lack a station', async () => {
    const schoolLeader = await launchAs(t, 'school-leader-1', [role('Learner')], { name: 'Rektor' });
    const [person] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, 'school-leader-1'));
    expect((await walk.leader.post(`/roster/${person!.id}/role`, { role: 'mentor' })).status).to.equal(303);
    const page = await schoolLeader.get(`/gallery/${walk.walkId}`);
    expect(page.status).to.equal(200);
    expect(page.html).to.include('You follow this gallery walk');
    expect(page.html).to.not.include('<textarea');
  });

  it('when one person posts faster than anyone types, then after 120 posts in a minute they are told to wait (429) and nothing is stored for the refused ones', async () => {
    // Participant 3 has posted nothing in this file yet; in round 1 they stand at station 1.
    const visitor = walk.participants[3]!;
    const react = () =>
      visitor.browser.request(`${visitor.base}/gallery/${walk.walkId}/reactions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ _csrf: visitor.csrf, stationId: walk.stationIds[0], slide: 1, kind: 'like' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++) statuses.push((await react()).status);
    expect(statuses.slice(0, 120).every((status) => status === 200), statuses.join(',')).to.equal(true);
    expect(statuses[120]).to.equal(429);
    // 120 toggles leave the reaction off; the refused 121st would have turned it on.
    const reactions = await t.database.db.select().from(galleryReactions).where(eq(galleryReactions.userId, walk.participantIds[3]!));
    expect(reactions).to.have.length(0);
    // Another person is not held up by it.
    const other = await postComment(walk.participants[1]!, walk.walkId, walk.stationIds[2]!, 'Jag får fortfarande skriva');
    expect(other).to.be.a('number');
  });
});
