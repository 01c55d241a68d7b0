import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { assignments, contexts, forumThreads, meetings, networks, programmeItems } from '../../models/schema';
import { claim, launchAs as launchMember, role, type NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import { insertForum, insertGroup, insertPost, insertThread, userIdOf } from './forum-rows';

/** The result links of a search page, in the order shown. */
const hrefsOf = (html: string, base: string) => [...html.matchAll(/<h3><a href="([^"]+)">/g)].map((m) => m[1]!.replace(new URL(base).pathname, ''));
const search = (member: NetworkMember, q: string, page?: number) => member.get(`/search?q=${encodeURIComponent(q)}${page ? `&page=${page}` : ''}`);

describe('Search, through real launches', () => {
  let t: ToolUnderTest;
  const launchAs = (sub: string, roles: string[], extra: Record<string, unknown> = {}, locale = 'en') => launchMember(t, sub, roles, extra, locale);
  const db = () => t.database.db;
  const networkOfCourse = async (courseId: string) =>
    (await db().select({ id: networks.id }).from(networks).innerJoin(contexts, eq(contexts.id, networks.contextId)).where(eq(contexts.contextId, courseId)))[0]!.id;
  /** A leader's first launch in a course of its own makes a network in the launch's language. */
  const networkIn = async (courseId: string, language: string) => {
    const leader = await launchAs(`leader-${courseId}`, [role('Instructor')], { [claim('context')]: { id: courseId, label: courseId, title: `Nätverk ${courseId}` } }, language);
    const networkId = await networkOfCourse(courseId);
    const [network] = await db().select().from(networks).where(eq(networks.id, networkId));
    expect(network!.language).to.equal(language);
    return { leader, networkId, discussion: await insertForum(db(), networkId, 'discussion'), course: { [claim('context')]: { id: courseId, label: courseId, title: `Nätverk ${courseId}` } } };
  };

  before(async function () {
    this.timeout(120_000);
    t = await startToolUnderTest({ jobs: false });
  });
  after(async () => {
    await t.close();
  });

  describe('in each Nordic language and English', () => {
    const cases = [
      { lang: 'sv', text: 'Skolorna delade lärarnas erfarenheter av kollegialt lärande.', queries: ['skola', 'lärare'], marked: ['Skolorna', 'lärarnas'] },
      { lang: 'da', text: 'Lærerne fra skolerne mødtes til netværksmøde.', queries: ['lærer', 'skole'], marked: ['Lærerne', 'skolerne'] },
      { lang: 'nb', text: 'Elevene på skolene skrev logg etter samlingen.', queries: ['elev', 'skole'], marked: ['Elevene', 'skolene'] },
      { lang: 'en', text: 'We talked about teaching in mixed groups.', queries: ['teach'], marked: ['teaching'] },
    ];
    for (const c of cases) {
      it(`when a ${c.lang} network searches for ${c.queries.join(' and ')}, then the post with the inflected forms is found with them highlighted`, async () => {
        const { leader, networkId, discussion } = await networkIn(`course-${c.lang}`, c.lang);
        const thread = await insertThread(db(), { forumId: discussion, networkId, title: 'Reflektion' });
        await insertPost(db(), { threadId: thread, networkId, number: 1, body: c.text });
        for (const [i, q] of c.queries.entries()) {
          const page = await search(leader, q);
          expect(page.status).to.equal(200);
          expect(hrefsOf(page.html, leader.base), q).to.deep.equal([`/forums/threads/${thread}?at=1#post-1`]);
          expect(page.html).to.include(`<mark>${c.marked[i]}</mark>`);
        }
      });
    }
  });

  describe('ranking, highlighting and what a page shows', () => {
    let leader: NetworkMember;
    let networkId: number;
    let discussion: number;
    before(async () => {
      const network = await networkIn('course-rank', 'sv');
      ({ networkId, discussion } = network);
      // A Swedish network, read by a leader whose Moodle speaks English: the texts are searched in Swedish.
      leader = await launchAs('rank-reader', [role('Instructor')], network.course, 'en');
    });

    it('when a word is in a thread title, in a post many times and in a post once, then they come in that order, and newer first on a tie', async () => {
      const titled = await insertThread(db(), { forumId: discussion, networkId, title: 'Formativ bedömning i praktiken' });
      const other = await insertThread(db(), { forumId: discussion, networkId, title: 'Veckans frågor' });
      const passing = await insertPost(db(), { threadId: other, networkId, number: 1, body: 'Vi hann prata om mycket: schemat, lokalerna, fikat och lite om bedömning innan vi gick.', createdAt: new Date('2027-02-01T10:00:00Z') });
      const many = await insertPost(db(), { threadId: other, networkId, number: 2, body: 'Bedömning för lärande: bedömningen ska hjälpa eleven, och bedömningar ska vara begripliga.', createdAt: new Date('2027-01-01T10:00:00Z') });
      const newerTie = await insertPost(db(), { threadId: other, networkId, number: 3, body: 'Vi hann prata om mycket: schemat, lokalerna, fikat och lite om bedömning innan vi gick.', createdAt: new Date('2027-03-01T10:00:00Z') });
      expect([passing, many, newerTie]).to.have.length(3);
      const page = await search(leader, 'bedömning');
      expect(hrefsOf(page.html, leader.base)).to.deep.equal([`/forums/threads/${titled}`, `/forums/threads/${other}?at=2#post-2`, `/forums/threads/${other}?at=3#post-3`, `/forums/threads/${other}?at=1#post-1`]);
    });

    it('when a post and a title carry script, markup and the highlight sentinels, then the snippet shows them as text and only the matches are marked', async () => {
      const thread = await insertThread(db(), { forumId: discussion, networkId, title: '<b onmouseover=alert(3)>Skolutveckling</b>' });
      await insertPost(db(), { threadId: thread, networkId, number: 1, body: '<script>alert(1)</script> <img src=x onerror=alert(2)> \uE000skolutveckling\uE001 "citat" & \uE001 mer' });
      const page = await search(leader, 'skolutveckling');
      expect(page.status).to.equal(200);
      expect(page.html).not.to.include('<script>alert(1)').and.not.to.include('<img src=x').and.not.to.include('<b onmouseover');
      // ts_headline keeps some tags of the text and cuts others at a fragment's edge: whatever it keeps is shown as text.
      expect(page.html).to.include('onerror=alert(2)&gt;');
      expect(page.html).to.include('&lt;b onmouseover=alert(3)&gt;Skolutveckling&lt;/b&gt;');
      expect(page.html).to.include('<mark>skolutveckling</mark>');
      expect(page.html).not.to.match(/[\uE000\uE001]/);
      const snippets = [...page.html.matchAll(/<p class="search-snippet">(.*?)<\/p>/gs)].map((m) => m[1]!);
      expect(snippets).to.have.length(2);
      for (const snippet of snippets) expect(snippet.replace(/<\/?mark>/g, '')).not.to.match(/[<>]/);
    });

    it('when a meeting’s programme and an assignment match, then they are found with their place and the date in the network’s time zone', async () => {
      const [meeting] = await db()
        .insert(meetings)
        .values({ networkId, number: 3, theme: 'Läsning i alla ämnen', startsAt: new Date('2027-03-05T08:30:00Z'), endsAt: new Date('2027-03-05T15:00:00Z') })
        .returning();
      await db().insert(programmeItems).values({ meetingId: meeting!.id, position: 1, kind: 'talk', title: 'Läsfrämjande arbete i klassrummet', speaker: 'Anna Berg' });
      const [assignment] = await db()
        .insert(assignments)
        .values({ networkId, letter: 'B', title: 'Läsprojektet', instructions: 'Beskriv hur ni arbetar läsfrämjande.', dueAt: new Date('2027-04-01T21:59:00Z'), acceptedFormats: ['pptx'], maxBytes: 1_000_000 })
        .returning();
      const page = await search(leader, 'läsfrämjande');
      expect(hrefsOf(page.html, leader.base).sort()).to.deep.equal([`/assignments/${assignment!.id}`, `/meetings/${meeting!.id}`].sort());
      expect(page.html).to.include('Meeting 3').and.to.include('5 Mar, 09:30').and.to.include('Presentation B');
      expect(page.html).to.include('<mark>Läsfrämjande</mark>');
    });

    it('when there are more than 20 hits, then they come 20 to a page with next and previous', async () => {
      const thread = await insertThread(db(), { forumId: discussion, networkId, title: 'Loggbok' });
      for (let n = 1; n <= 25; n++) await insertPost(db(), { threadId: thread, networkId, number: n, body: `Loggboksanteckning nummer ${n} om matematikdidaktik.`, createdAt: new Date(Date.UTC(2027, 0, n)) });
      const first = await search(leader, 'matematikdidaktik');
      expect(hrefsOf(first.html, leader.base)).to.have.length(20);
      expect(hrefsOf(first.html, leader.base)[0]).to.equal(`/forums/threads/${thread}?at=25#post-25`);
      expect(first.html).to.include('rel="next"').and.not.to.include('rel="prev"');
      const second = await search(leader, 'matematikdidaktik', 2);
      expect(hrefsOf(second.html, leader.base)).to.deep.equal([5, 4, 3, 2, 1].map((n) => `/forums/threads/${thread}?at=${n}#post-${n}`));
      expect(second.html).to.include('rel="prev"').and.not.to.include('rel="next"');
    });

    it('when the query is empty, too long, only stop words or finds nothing, then the page says so and keeps the text in the box', async () => {
      const empty = await leader.get('/search');
      expect(empty.status).to.equal(200);
      expect(empty.html).to.include('name="q"').and.not.to.include('search-result');
      const long = await search(leader, `skola ${'x'.repeat(200)}`);
      expect(long.status).to.equal(422);
      expect(long.html).to.include('at most 200 characters').and.to.include(`value="skola ${'x'.repeat(200)}"`);
      for (const q of ['och att det', '!!! ???']) {
        const stop = await search(leader, q);
        expect(stop.status, q).to.equal(422);
        expect(stop.html).to.include('only very common words').and.to.include(`value="${q}"`);
      }
      const none = await search(leader, 'zygomorf "<b>x</b>"');
      expect(none.status).to.equal(200);
      expect(none.html).to.include('Nothing you can read matches').and.to.include('&lt;b&gt;x&lt;/b&gt;');
    });
  });

  describe('who finds what', () => {
    let leader: NetworkMember;
    let staff: NetworkMember;
    let alva: NetworkMember;
    let bo: NetworkMember;
    let cilla: NetworkMember;
    let networkId: number;
    const found = async (member: NetworkMember, q: string) => (await search(member, q)).html.includes('class="card search-result"');

    before(async function () {
      this.timeout(60_000);
      let discussion: number;
      ({ leader, networkId, discussion } = await networkIn('course-who', 'sv'));
      const course = { [claim('context')]: { id: 'course-who', label: 'course-who', title: 'Nätverk course-who' } };
      staff = await launchAs('who-staff', [role('Instructor')], course);
      alva = await launchAs('who-alva', [role('Learner')], course);
      bo = await launchAs('who-bo', [role('Learner')], course);
      cilla = await launchAs('who-cilla', [role('Learner')], course);
      // The second instructor is made university staff by the leader, as the people page does.
      const staffId = await userIdOf(db(), 'who-staff');
      expect((await leader.post(`/roster/${staffId}/role`, { role: 'staff' })).status).to.equal(303);
      const [alvaId, boId, cillaId, leaderId] = await Promise.all(['who-alva', 'who-bo', 'who-cilla', 'leader-course-who'].map((sub) => userIdOf(db(), sub)));
      const groupOne = await insertForum(db(), networkId, 'group', await insertGroup(db(), networkId, 'Grupp 1', [alvaId!]));
      const groupTwo = await insertForum(db(), networkId, 'group', await insertGroup(db(), networkId, 'Grupp 2', [boId!, cillaId!]));
      const open = await insertThread(db(), { forumId: discussion, networkId, title: 'Öppen tråd' });
      await insertPost(db(), { threadId: open, networkId, number: 1, body: 'Alla kan läsa om klassrumsklimat.', authorId: leaderId });
      await insertPost(db(), { threadId: open, networkId, number: 2, body: 'Privat om kaffebryggare.', authorId: boId, privateToUserId: cillaId });
      await insertPost(db(), { threadId: open, networkId, number: 3, body: 'Borttaget om vattenkokare.', authorId: alvaId, deletedAt: new Date() });
      const own = await insertThread(db(), { forumId: groupOne, networkId, title: 'Grupp ett' });
      await insertPost(db(), { threadId: own, networkId, number: 1, body: 'Vår grupp om läxhjälp.', authorId: alvaId });
      const others = await insertThread(db(), { forumId: groupTwo, networkId, title: 'Grupp två om hästskor' });
      await insertPost(db(), { threadId: others, networkId, number: 1, body: 'Den andra gruppen om cykelhjälmar.', authorId: boId });
      const postFirst = await insertThread(db(), { forumId: discussion, networkId, title: 'Reflektionsuppgift', kind: 'postFirst', authorId: leaderId });
      await insertPost(db(), { threadId: postFirst, networkId, number: 1, body: 'Skriv om er ledarskapsfilosofi.', authorId: leaderId });
      await insertPost(db(), { threadId: postFirst, networkId, number: 2, body: 'Min reflektion om trädgårdsskötsel.', authorId: boId });
      await db().insert(assignments).values([
        { networkId, letter: 'A', title: 'Synlig uppgift om portfolio', dueAt: new Date('2030-01-01T00:00:00Z'), visibleFrom: new Date('2020-01-01T00:00:00Z'), acceptedFormats: ['pptx'], maxBytes: 1_000_000 },
        { networkId, letter: 'B', title: 'Dold uppgift om solrosor', dueAt: new Date('2030-01-01T00:00:00Z'), visibleFrom: new Date('2029-01-01T00:00:00Z'), acceptedFormats: ['pptx'], maxBytes: 1_000_000 },
      ]);
      // Another network, with the same words.
      const other = await networkIn('course-other', 'sv');
      const foreign = await insertThread(db(), { forumId: other.discussion, networkId: other.networkId, title: 'Annat nätverk' });
      await insertPost(db(), { threadId: foreign, networkId: other.networkId, number: 1, body: 'Främmande text om klassrumsklimat och kaffebryggare och stjärnfall.' });
    });

    it('when a participant searches, then they find the open forum, their own group, visible assignments and the opening of a post-first thread', async () => {
      expect(await found(alva, 'klassrumsklimat')).to.equal(true);
      expect(await found(alva, 'läxhjälp')).to.equal(true);
      expect(await found(alva, 'portfolio')).to.equal(true);
      expect(await found(alva, 'ledarskapsfilosofi')).to.equal(true);
    });

    it('when a participant searches for what is not theirs to read, then nothing is found', async () => {
      expect(await found(alva, 'cykelhjälmar'), 'another group’s post').to.equal(false);
      expect(await found(alva, 'hästskor'), 'another group’s thread').to.equal(false);
      expect(await found(alva, 'kaffebryggare'), 'a private reply between others, or another network').to.equal(false);
      expect(await found(alva, 'vattenkokare'), 'a deleted post').to.equal(false);
      expect(await found(alva, 'stjärnfall'), 'another network').to.equal(false);
      expect(await found(alva, 'solrosor'), 'an assignment not yet visible').to.equal(false);
      expect(await found(alva, 'trädgårdsskötsel'), 'a post-first reply before posting').to.equal(false);
    });

    it('when the people a private reply is between search, then they find it; so does the leader, and the staff do not', async () => {
      expect(await found(bo, 'kaffebryggare')).to.equal(true);
      expect(await found(cilla, 'kaffebryggare')).to.equal(true);
      expect(await found(leader, 'kaffebryggare')).to.equal(true);
      expect(await found(staff, 'kaffebryggare')).to.equal(false);
    });

    it('when leaders and staff search, then they find every group’s posts, hidden assignments and post-first replies, but never a deleted post or another network', async () => {
      for (const member of [leader, staff]) {
        expect(await found(member, 'cykelhjälmar')).to.equal(true);
        expect(await found(member, 'solrosor')).to.equal(true);
        expect(await found(member, 'trädgårdsskötsel')).to.equal(true);
        expect(await found(member, 'vattenkokare')).to.equal(false);
        expect(await found(member, 'stjärnfall')).to.equal(false);
      }
    });

    it('when a participant has posted in a post-first thread, then they find the others’ replies in it', async () => {
      const [thread] = await db().select().from(forumThreads).where(eq(forumThreads.title, 'Reflektionsuppgift'));
      expect(await found(cilla, 'trädgårdsskötsel')).to.equal(false);
      await insertPost(db(), { threadId: thread!.id, networkId, number: 3, body: 'Min egen reflektion.', authorId: await userIdOf(db(), 'who-cilla') });
      expect(await found(cilla, 'trädgårdsskötsel')).to.equal(true);
    });
  });
});
