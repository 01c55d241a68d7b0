import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { galleryComments, galleryWalks, submissions, galleryStations } from '../../models/schema';
import { seedGalleryWalk, type SeededWalk } from '../support/gallery';
import { claim, launchAs, role, type NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

interface JsonAnswer {
  status: number;
  json: Record<string, unknown>;
}

async function postJson(member: NetworkMember, path: string, body: Record<string, unknown>): Promise<JsonAnswer> {
  const response = await member.browser.request(`${member.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ _csrf: member.csrf, ...body }),
  });
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text) as Record<string, unknown> };
}

/** The line above a comment that names who wrote it. */
const commentBy = (name: string) => new RegExp(`walk-comment-meta">${name}( ·|<)`);

let keyCount = 0;
const newKey = () => `test-key-${Date.now()}-${++keyCount}`;

describe('gallery walk: comments from the participant’s phone', function () {
  this.timeout(120_000);
  let t: ToolUnderTest;
  let walk: SeededWalk;
  // In round 1 participant i stands at station i + 1 (the next one), whose author is participant i + 1.
  const visitor = () => walk.participants[0]!;
  const stationOfVisitor = () => walk.stationIds[1]!;
  const comment = (overrides: Record<string, unknown> = {}) => ({ stationId: stationOfVisitor(), slide: 2, body: 'Tydlig bild', clientKey: newKey(), ...overrides });
  const countComments = async () => (await t.database.db.select().from(galleryComments)).length;
  const setWalk = (changes: Partial<typeof galleryWalks.$inferInsert>) => t.database.db.update(galleryWalks).set(changes).where(eq(galleryWalks.id, walk.walkId));
  const start = () => setWalk({ startedAt: new Date(), round: 1, roundStartedAt: new Date(), endedAt: null, pausedAt: null });

  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    walk = await seedGalleryWalk(t, { participants: 4, rounds: 2, locale: 'sv' });
  });
  after(() => t?.close());

  it('when the walk has not started, then a comment is refused in Swedish and nothing is stored', async () => {
    const answer = await postJson(visitor(), `/gallery/${walk.walkId}/comments`, comment());
    expect(answer.status).to.equal(409);
    expect(answer.json.error).to.equal('Vänta tills ledaren startar vandringen och skicka sedan kommentaren igen.');
    expect(await countComments()).to.equal(0);
  });

  it('when a visitor comments on the station of their round, then it is stored once, and the same key again answers with the same comment', async () => {
    await start();
    const body = comment();
    const first = await postJson(visitor(), `/gallery/${walk.walkId}/comments`, body);
    expect(first.status, JSON.stringify(first.json)).to.equal(201);
    expect(first.json.duplicate).to.equal(false);
    const second = await postJson(visitor(), `/gallery/${walk.walkId}/comments`, body);
    expect(second.status).to.equal(200);
    expect(second.json).to.deep.equal({ id: first.json.id, duplicate: true });
    const rows = await t.database.db.select().from(galleryComments).where(eq(galleryComments.clientKey, body.clientKey));
    expect(rows).to.have.length(1);
    expect(rows[0]!.round).to.equal(1);
  });

  it('when the same comment is sent five times at once, then there is one row and every answer names it', async () => {
    const body = comment({ body: 'Samtidigt' });
    const answers = await Promise.all(Array.from({ length: 5 }, () => postJson(visitor(), `/gallery/${walk.walkId}/comments`, body)));
    const rows = await t.database.db.select().from(galleryComments).where(eq(galleryComments.clientKey, body.clientKey));
    expect(rows).to.have.length(1);
    expect(answers.map((a) => a.status).sort()).to.deep.equal([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.json.id))).to.deep.equal(new Set([rows[0]!.id]));
  });

  it('when the input is wrong, then each refusal has its status and Swedish message, and nothing posted before is lost', async () => {
    const before = await countComments();
    const cases: Array<[string, Record<string, unknown>, number, string]> = [
      ['another station than this round’s', { stationId: walk.stationIds[2] }, 403, 'Du kan kommentera stationen i din nuvarande runda. Ladda om sidan för att se var du är nu.'],
      ['the visitor’s own station', { stationId: walk.stationIds[0] }, 403, 'Du kan inte kommentera din egen presentation; responsen på den visas på din sida.'],
      ['an empty comment', { body: '   ' }, 422, 'Skriv något innan du skickar.'],
      ['an oversized comment', { body: 'x'.repeat(2001) }, 422, 'En kommentar får vara högst 2 000 tecken. Korta den eller dela upp den i två.'],
      ['a slide the deck does not have', { slide: 99 }, 404, 'Den stationen eller bilden ingår inte i vandringen. Ladda om sidan.'],
      ['a station of no walk', { stationId: 999_999 }, 404, 'Den stationen eller bilden ingår inte i vandringen. Ladda om sidan.'],
      ['a prompt the walk does not have', { promptIndex: 7 }, 422, 'Kommentaren kunde inte läsas. Ladda om sidan och försök igen.'],
      ['a region outside the picture', { region: { x: 0.8, y: 0.1, w: 0.5, h: 0.2 } }, 422, 'Kommentaren kunde inte läsas. Ladda om sidan och försök igen.'],
    ];
    for (const [what, overrides, status, message] of cases) {
      const answer = await postJson(visitor(), `/gallery/${walk.walkId}/comments`, comment(overrides));
      expect(answer.status, what).to.equal(status);
      expect(answer.json.error, what).to.equal(message);
    }
    const exactly2000 = await postJson(visitor(), `/gallery/${walk.walkId}/comments`, comment({ body: 'y'.repeat(2000) }));
    expect(exactly2000.status, 'exactly 2 000 characters is allowed').to.equal(201);
    expect(await countComments()).to.equal(before + 1);
  });

  it('when the leader (not a participant) comments, then it is refused: leaders read the feedback', async () => {
    const answer = await postJson(walk.leader, `/gallery/${walk.walkId}/comments`, comment());
    expect(answer.status).to.equal(403);
    expect(answer.json.error).to.match(/Bara deltagare/);
  });

  it('when a walk id of another network is used, then it is 404 as if there were no walk', async () => {
    const outsider = await launchAs(t, 'walker-1', [role('Learner')], { name: 'Walker 1', [claim('context')]: { id: 'other-network', title: 'Annat nätverk', type: ['CourseSection'] } }, 'sv');
    const answer = await postJson(outsider, `/gallery/${walk.walkId}/comments`, comment());
    expect(answer.status).to.equal(404);
    expect(answer.json.error).to.be.a('string').and.not.match(/stack|Error:/);
    const page = await outsider.get(`/gallery/${walk.walkId}`);
    expect(page.status).to.equal(404);
  });

  it('when the presentation is withdrawn, then a comment on it is refused, and the comments already posted stay', async () => {
    const before = await countComments();
    const [station] = await t.database.db.select().from(galleryStations).where(eq(galleryStations.id, stationOfVisitor()));
    await t.database.db.update(submissions).set({ state: 'withdrawn' }).where(eq(submissions.id, station!.submissionId));
    try {
      const answer = await postJson(visitor(), `/gallery/${walk.walkId}/comments`, comment());
      expect(answer.status).to.equal(410);
      expect(answer.json.error).to.match(/återtagits/);
    } finally {
      await t.database.db.update(submissions).set({ state: 'final' }).where(eq(submissions.id, station!.submissionId));
    }
    expect(await countComments()).to.equal(before);
  });

  it('when the walk is paused, then comments are still taken; when it has ended, they are refused but a resend of an earlier one is answered', async () => {
    await setWalk({ pausedAt: new Date() });
    const paused = comment({ body: 'Under pausen' });
    expect((await postJson(visitor(), `/gallery/${walk.walkId}/comments`, paused)).status).to.equal(201);
    await setWalk({ pausedAt: null, endedAt: new Date() });
    const ended = await postJson(visitor(), `/gallery/${walk.walkId}/comments`, comment());
    expect(ended.status).to.equal(409);
    expect(ended.json.error).to.match(/Vandringen är slut/);
    const resent = await postJson(visitor(), `/gallery/${walk.walkId}/comments`, paused);
    expect(resent.status, 'a comment kept offline and sent after the end is not lost').to.equal(200);
    await start();
  });

  it('when a comment holds HTML, then every page that shows it shows it as text', async () => {
    const body = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    expect((await postJson(visitor(), `/gallery/${walk.walkId}/comments`, comment({ body }))).status).to.equal(201);
    const author = walk.participants[1]!;
    for (const [who, member] of [['author', author], ['leader', walk.leader]] as const) {
      const page = await member.get(`/gallery/${walk.walkId}`);
      expect(page.status, who).to.equal(200);
      expect(page.html, who).to.not.include('<script>alert(1)');
      expect(page.html, who).to.not.include('<img src=x');
      expect(page.html, who).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });

  it('when the walk is anonymous, then the author sees no names and the leader does', async () => {
    await setWalk({ anonymous: true });
    try {
      const author = await walk.participants[1]!.get(`/gallery/${walk.walkId}`);
      expect(author.html).to.include('Respons på din presentation');
      expect(author.html).to.include('Tydlig bild');
      expect(author.html).to.not.match(commentBy('Walker 1'));
      expect(author.html).to.match(commentBy('anonym'));
      const leader = await walk.leader.get(`/gallery/${walk.walkId}`);
      expect(leader.html).to.match(commentBy('Walker 1'));
    } finally {
      await setWalk({ anonymous: false });
    }
    const named = await walk.participants[1]!.get(`/gallery/${walk.walkId}`);
    expect(named.html).to.match(commentBy('Walker 1'));
  });

  it('when earlier comments are hidden until posting, then a visitor sees them only after posting their own at that station', async () => {
    await setWalk({ hideUntilPosted: true, freeRoaming: true });
    try {
      // Participant 3 has not posted at station 2, where participant 0's comments are.
      const newcomer = walk.participants[3]!;
      const before = await newcomer.get(`/gallery/${walk.walkId}`);
      expect(before.html).to.include('Tidigare kommentarer här visas när du har skrivit en egen.');
      expect(before.html).to.not.include('Tydlig bild');
      const own = await postJson(newcomer, `/gallery/${walk.walkId}/comments`, comment({ body: 'Min egen först' }));
      expect(own.status).to.equal(201);
      const after = await newcomer.get(`/gallery/${walk.walkId}`);
      expect(after.html).to.include('Tydlig bild');
      expect(after.html).to.include('Min egen först');
    } finally {
      await setWalk({ hideUntilPosted: false, freeRoaming: false });
    }
  });

  it('when a visitor toggles a reaction, then it counts once and a second tap takes it back', async () => {
    const on = await postJson(visitor(), `/gallery/${walk.walkId}/reactions`, { stationId: stationOfVisitor(), slide: 1, kind: 'idea' });
    expect(on.status).to.equal(200);
    expect(on.json.on).to.equal(true);
    expect((on.json.counts as Record<string, number>).idea).to.equal(1);
    const off = await postJson(visitor(), `/gallery/${walk.walkId}/reactions`, { stationId: stationOfVisitor(), slide: 1, kind: 'idea' });
    expect(off.json.on).to.equal(false);
    expect((off.json.counts as Record<string, number>).idea).to.equal(0);
    const own = await postJson(visitor(), `/gallery/${walk.walkId}/reactions`, { stationId: walk.stationIds[0], slide: 1, kind: 'like' });
    expect(own.status).to.equal(403);
  });
});
