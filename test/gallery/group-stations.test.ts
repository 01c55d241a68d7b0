import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { conversationGroups, galleryStations, galleryVisits, galleryWalks } from '../../models/schema';
import { seedGalleryWalk, type SeededWalk } from '../support/gallery';
import { formAsLoaded } from '../support/gallery-forms';
import type { NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

async function postJson(member: NetworkMember, path: string, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await member.browser.request(`${member.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ _csrf: member.csrf, ...body }),
  });
  return { status: response.status, json: JSON.parse(await response.text()) as Record<string, unknown> };
}

// Six participants with final decks. Presentation groups of assignment A: Grupp 1 = Walker 1 and 2, Grupp 2 =
// Walker 3 and 4, Grupp 3 = Walker 5; Walker 6 is in none. Conversation groups: Samtal A = Walker 1 and 3,
// Samtal B = Walker 2 and 4.
describe('gallery walk: a presentation or conversation group stands at a station', function () {
  this.timeout(180_000);
  let t: ToolUnderTest;
  let seeded: SeededWalk;
  let groupWalkId: number;
  const db = () => t.database.db;
  const walker = (n: number) => seeded.participants[n - 1]!;
  const walkerId = (n: number) => seeded.participantIds[n - 1]!;
  const formAction = () => `${new URL(seeded.leader.base).pathname}/meetings/${seeded.meetingId}/gallery`;
  const newForm = async () => {
    const page = await seeded.leader.get(`/meetings/${seeded.meetingId}/gallery/new`);
    expect(page.status, page.html.slice(0, 300)).to.equal(200);
    return { page, values: formAsLoaded(page.html, formAction()) };
  };
  const create = async (changes: Record<string, string | string[]>) => {
    const { values } = await newForm();
    return seeded.leader.post(`/meetings/${seeded.meetingId}/gallery`, { ...values, ...changes });
  };
  const createdWalkId = (location: string | null) => Number(/\/gallery\/(\d+)\/plan/.exec(location ?? '')?.[1]);
  const submissionOf = async (n: number) => {
    const { submissions } = await import('../../models/schema');
    const [row] = await db().select().from(submissions).where(and(eq(submissions.assignmentId, seeded.assignmentId), eq(submissions.userId, walkerId(n))));
    return row!.id;
  };
  const makeGroup = async (name: string, kind: 'presentation' | 'conversation', members: number[]) => {
    const made = await seeded.leader.post('/groups', { name, kind, assignmentId: kind === 'presentation' ? String(seeded.assignmentId) : '' });
    expect(made.status, made.html.slice(0, 300)).to.equal(303);
    const [group] = await db().select().from(conversationGroups).where(eq(conversationGroups.name, name));
    for (const n of members) expect((await seeded.leader.post(`/groups/${group!.id}/members`, { userId: String(walkerId(n)) })).status).to.equal(303);
    return group!.id;
  };
  const groupIds: Record<string, number> = {};
  const stationsOf = (walkId: number) => db().select().from(galleryStations).where(eq(galleryStations.walkId, walkId)).orderBy(galleryStations.number);
  const checkIn = async (n: number) => expect((await seeded.leader.post(`/meetings/${seeded.meetingId}/check-in`, { userId: String(walkerId(n)) })).status).to.equal(303);

  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    seeded = await seedGalleryWalk(t, { participants: 6 });
    groupIds['Grupp 1'] = await makeGroup('Grupp 1', 'presentation', [1, 2]);
    groupIds['Grupp 2'] = await makeGroup('Grupp 2', 'presentation', [3, 4]);
    groupIds['Grupp 3'] = await makeGroup('Grupp 3', 'presentation', [5]);
    groupIds['Samtal A'] = await makeGroup('Samtal A', 'conversation', [1, 3]);
    groupIds['Samtal B'] = await makeGroup('Samtal B', 'conversation', [2, 4]);
  });
  after(() => t?.close());

  it('when the set-up form loads, then it offers each participant (chosen) and the groups that exist, with how many', async () => {
    const { page, values } = await newForm();
    expect(page.html).to.contain('Who stands at the stations');
    expect(page.html).to.contain('The assignment’s presentation groups (3 groups)');
    expect(page.html).to.contain('The conversation groups (2 groups)');
    expect(values.stationAuthors).to.equal('person');
  });

  it('when the person choice is sent as the form loads, then every station is a person’s, as before', async () => {
    const saved = await create({});
    expect(saved.status, saved.html.slice(0, 300)).to.equal(303);
    const stations = await stationsOf(createdWalkId(saved.location));
    expect(stations).to.have.length(6);
    expect(stations.every((station) => station.groupId === null)).to.equal(true);
    const [walk] = await db().select().from(galleryWalks).where(eq(galleryWalks.id, createdWalkId(saved.location)));
    expect(walk!.stationAuthors).to.equal('person');
  });

  it('when presentation groups are chosen and two chosen presentations are by members of one group, then the set-up is refused naming the group and both, and nothing is saved', async () => {
    const before = (await db().select().from(galleryWalks)).length;
    const refused = await create({ stationAuthors: 'presentationGroups', stations: 'all', rounds: '2' });
    expect(refused.status).to.equal(422);
    expect(refused.html).to.contain('Grupp 1 has two presentations chosen: Walker 1’s and Walker 2’s — choose one.');
    expect(refused.html).to.match(/value="presentationGroups"[^>]*checked/);
    expect((await db().select().from(galleryWalks)).length).to.equal(before);
  });

  it('when one presentation per group is chosen, then each station belongs to its author’s presentation group, and the plan page names the groups and the presentation that stands alone', async () => {
    const chosen = [await submissionOf(1), await submissionOf(3), await submissionOf(5), await submissionOf(6)].map(String);
    const saved = await create({ stationAuthors: 'presentationGroups', stations: 'chosen', submissionIds: chosen, rounds: '3' });
    expect(saved.status, saved.html.slice(0, 500)).to.equal(303);
    groupWalkId = createdWalkId(saved.location);
    const stations = await stationsOf(groupWalkId);
    expect(stations.map((station) => station.groupId)).to.deep.equal([groupIds['Grupp 1'], groupIds['Grupp 2'], groupIds['Grupp 3'], null]);
    const plan = await seeded.leader.get(`/gallery/${groupWalkId}/plan`);
    expect(plan.html).to.contain('The assignment’s presentation groups stand at the stations');
    expect(plan.html).to.contain('Station 4: Walker 6 is in no group and stands there alone.');
  });

  it('when the plan is made and a group member arrives late, then nobody is ever planned at their own group’s station', async () => {
    await db().update(galleryWalks).set({ publishedAt: new Date() }).where(eq(galleryWalks.id, groupWalkId));
    // Walker 2 and 4 did not upload the group's deck but are its authors: with 3 rounds and 4 stations each visits exactly the other three.
    for (const n of [1, 3, 4, 5, 6]) await checkIn(n);
    const made = await seeded.leader.post(`/gallery/${groupWalkId}/plan`);
    expect(made.status, made.html.slice(0, 500)).to.equal(303);
    await checkIn(2);
    const stations = await stationsOf(groupWalkId);
    const ownStation: Record<number, number> = { 1: stations[0]!.id, 2: stations[0]!.id, 3: stations[1]!.id, 4: stations[1]!.id, 5: stations[2]!.id, 6: stations[3]!.id };
    const visits = await db().select().from(galleryVisits).where(eq(galleryVisits.walkId, groupWalkId));
    for (let n = 1; n <= 6; n++) {
      const mine = visits.filter((visit) => visit.userId === walkerId(n));
      expect(mine, `Walker ${n}`).to.have.length(3);
      expect(mine.map((visit) => visit.stationId), `Walker ${n}`).not.to.include(ownStation[n]);
    }
    const plan = await seeded.leader.get(`/gallery/${groupWalkId}/plan`);
    expect(plan.html).to.contain('Station 1: Grupp 1 — Walker 1, Walker 2');
    expect(plan.html).to.contain('Station 2: Grupp 2 — Walker 3, Walker 4');
  });

  it('when the walk runs, then a member cannot comment on their own group’s station, a visitor can, and the phone and the big screen name the group', async () => {
    expect((await seeded.leader.post(`/gallery/${groupWalkId}/clock`, { action: 'start' })).status).to.equal(303);
    const [stationOne] = await stationsOf(groupWalkId);
    const refused = await postJson(walker(2), `/gallery/${groupWalkId}/comments`, { stationId: stationOne!.id, slide: 1, body: 'Vår egen', clientKey: 'own-group-1' });
    expect(refused.status).to.equal(403);
    expect(refused.json.error).to.contain('You cannot comment on your own presentation');
    const [visit] = await db().select().from(galleryVisits).where(and(eq(galleryVisits.walkId, groupWalkId), eq(galleryVisits.round, 1), eq(galleryVisits.stationId, stationOne!.id)));
    const visitor = seeded.participants[seeded.participantIds.indexOf(visit!.userId)]!;
    const phone = await visitor.get(`/gallery/${groupWalkId}`);
    expect(phone.html).to.contain('Your station now: 1 — the presentation of Grupp 1 — Walker 1, Walker 2');
    const posted = await postJson(visitor, `/gallery/${groupWalkId}/comments`, { stationId: stationOne!.id, slide: 2, body: 'Bra gruppbild', clientKey: 'group-visit-1' });
    expect(posted.status, JSON.stringify(posted.json)).to.equal(201);
    const screen = await seeded.leader.get(`/gallery/${groupWalkId}/screen`);
    expect(screen.html).to.contain('Station 1 (Grupp 1)');
    const state = (await (await seeded.leader.fetch(`/gallery/${groupWalkId}/state.json`)).json()) as { current: { stations: Array<{ number: number; groupName: string | null }> } };
    expect(state.current.stations.map((station) => station.groupName)).to.deep.equal(['Grupp 1', 'Grupp 2', 'Grupp 3', null]);
  });

  it('when the walk is over, then every member of the group reads the feedback and answers it, and a non-member cannot', async () => {
    const [stationOne] = await stationsOf(groupWalkId);
    const { galleryComments } = await import('../../models/schema');
    const [comment] = await db().select().from(galleryComments).where(eq(galleryComments.stationId, stationOne!.id));
    for (const n of [1, 2]) {
      const page = await walker(n).get(`/gallery/${groupWalkId}/feedback`);
      expect(page.status, `Walker ${n}`).to.equal(200);
      expect(page.html).to.contain('Bra gruppbild');
      expect(page.html).to.contain('Feedback on your group’s presentation');
    }
    const leaders = await seeded.leader.get(`/gallery/${groupWalkId}/feedback?station=${stationOne!.id}`);
    expect(leaders.html).to.contain('Feedback on the presentation of Grupp 1 — Walker 1, Walker 2 (station 1)');
    // Walker 2 did not upload the deck, yet is led to its feedback and answers for the group.
    const [groupWalk] = await db().select().from(galleryWalks).where(eq(galleryWalks.id, groupWalkId));
    const home = await walker(2).get('/');
    expect(home.html).to.contain(`New feedback on your presentation (${groupWalk!.title}): 1`);
    const assignment = await walker(2).get(`/assignments/${seeded.assignmentId}`);
    expect(assignment.html).to.contain('Feedback on your presentation (1)');
    expect((await walker(2).post(`/gallery/${groupWalkId}/comments/${comment!.id}/response`, { response: 'will_use' })).status).to.equal(303);
    expect((await walker(2).post(`/gallery/${groupWalkId}/comments/${comment!.id}/replies`, { body: 'Tack från gruppen' })).status).to.equal(303);
    const [answered] = await db().select().from(galleryComments).where(eq(galleryComments.id, comment!.id));
    expect(answered!.response).to.equal('will_use');
    expect((await walker(1).get(`/gallery/${groupWalkId}/feedback`)).html).to.contain('Tack från gruppen');

    // Anyone outside Grupp 1 but the comment's writer (who may answer in their own thread).
    const [outsider, another] = [3, 4, 5, 6].filter((n) => walkerId(n) !== comment!.authorUserId).map(walker);
    expect((await outsider!.get(`/gallery/${groupWalkId}/feedback?station=${stationOne!.id}`)).status).to.equal(403);
    expect((await outsider!.post(`/gallery/${groupWalkId}/comments/${comment!.id}/response`, { response: 'not_for_me' })).status).to.equal(403);
    expect((await another!.post(`/gallery/${groupWalkId}/comments/${comment!.id}/replies`, { body: 'Intrång' })).status).to.equal(403);
  });

  it('when the choice of who stands at the stations is forged, then the form is refused in words and nothing is saved', async () => {
    const before = (await db().select().from(galleryWalks)).length;
    const refused = await create({ stationAuthors: 'everyone<script>' });
    expect(refused.status).to.equal(422);
    expect(refused.html).to.contain('Choose who stands at the stations.');
    expect(refused.html).not.to.contain('everyone<script>');
    expect((await db().select().from(galleryWalks)).length).to.equal(before);
  });

  it('when a person walk is edited to presentation groups before the start, then its stations get their groups and the old plan is cleared', async () => {
    const saved = await create({ stations: 'chosen', submissionIds: [String(await submissionOf(2)), String(await submissionOf(4))], rounds: '1' });
    const walkId = createdWalkId(saved.location);
    const edit = await seeded.leader.get(`/gallery/${walkId}/edit`);
    const values = formAsLoaded(edit.html, `${new URL(seeded.leader.base).pathname}/gallery/${walkId}/edit`);
    expect(values.stationAuthors).to.equal('person');
    await db().update(galleryWalks).set({ planMadeAt: new Date() }).where(eq(galleryWalks.id, walkId));
    const edited = await seeded.leader.post(`/gallery/${walkId}/edit`, { ...values, stationAuthors: 'presentationGroups' });
    expect(edited.status, edited.html.slice(0, 500)).to.equal(303);
    expect((await stationsOf(walkId)).map((station) => station.groupId)).to.deep.equal([groupIds['Grupp 1'], groupIds['Grupp 2']]);
    const [walk] = await db().select().from(galleryWalks).where(eq(galleryWalks.id, walkId));
    expect(walk!.stationAuthors).to.equal('presentationGroups');
    expect(walk!.planMadeAt).to.equal(null);
  });

  it('when conversation groups are chosen, then the stations belong to the conversation groups, and two presentations of one such group are refused', async () => {
    const saved = await create({ stationAuthors: 'conversationGroups', stations: 'chosen', submissionIds: [String(await submissionOf(1)), String(await submissionOf(2)), String(await submissionOf(5))], rounds: '1' });
    expect(saved.status, saved.html.slice(0, 500)).to.equal(303);
    const stations = await stationsOf(createdWalkId(saved.location));
    expect(stations.map((station) => station.groupId)).to.deep.equal([groupIds['Samtal A'], groupIds['Samtal B'], null]);
    const refused = await create({ stationAuthors: 'conversationGroups', stations: 'chosen', submissionIds: [String(await submissionOf(1)), String(await submissionOf(3))], rounds: '1' });
    expect(refused.status).to.equal(422);
    expect(refused.html).to.contain('Samtal A has two presentations chosen: Walker 1’s and Walker 3’s — choose one.');
  });
});
