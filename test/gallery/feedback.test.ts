import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { galleryComments, galleryReplies, galleryStations, galleryWalks, liveEvents } from '../../models/schema';
import { seedGalleryWalk, type SeededWalk } from '../support/gallery';
import { giveSlidePictures, seedComment } from '../support/gallery-comments';
import { buildDeck } from '../support/presentations';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const pptxType = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

describe('gallery walk afterwards: the feedback loop', () => {
  let t: ToolUnderTest;
  let walk: SeededWalk;
  let onSlide2: number;
  let onSlide1: number;
  let otherWalkComment: number;
  const [author, visitor, bystander] = [0, 1, 2];
  const feedbackOf = (station: number) => `/gallery/${walk.walkId}/feedback?station=${walk.stationIds[station]}`;
  const commentPath = (id: number, action: string) => `/gallery/${walk.walkId}/comments/${id}/${action}`;
  const db = () => t.database.db;
  const setWalk = (changes: Partial<typeof galleryWalks.$inferInsert>) => db().update(galleryWalks).set(changes).where(eq(galleryWalks.id, walk.walkId));

  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    walk = await seedGalleryWalk(t, { participants: 3, walk: { anonymous: true } });
    await giveSlidePictures(db(), t.config.uploadsDir, walk.stationIds[author]!, 3);
    // Walker 2 comments on slide 2 of Walker 1's deck, pointing at a region and a sentence of the notes.
    onSlide2 = await seedComment(db(), {
      walkId: walk.walkId,
      stationId: walk.stationIds[author]!,
      authorUserId: walk.participantIds[visitor]!,
      slide: 2,
      promptIndex: 0,
      body: 'Tydlig koppling till Timperley – bra!',
      region: { x: 0.1, y: 0.2, w: 0.3, h: 0.25 },
      notesSentence: 1,
      notesQuote: 'Vi använde Timperleys cykel.',
    });
    onSlide1 = await seedComment(db(), {
      walkId: walk.walkId,
      stationId: walk.stationIds[author]!,
      authorUserId: walk.participantIds[bystander]!,
      slide: 1,
      promptIndex: 1,
      body: '<script>alert(1)</script><b>fet</b> Hur mätte ni?',
    });
    // The same presentation in another walk of the network: its comment ids are not this walk's.
    const [other] = await db().insert(galleryWalks).values({ networkId: (await db().select().from(galleryWalks))[0]!.networkId, assignmentId: walk.assignmentId, title: 'Another walk', publishedAt: new Date(), prompts: [] }).returning();
    const [firstStation] = await db().select().from(galleryStations).where(eq(galleryStations.id, walk.stationIds[author]!));
    const [otherStation] = await db().insert(galleryStations).values({ walkId: other!.id, number: 1, submissionId: firstStation!.submissionId }).returning();
    otherWalkComment = await seedComment(db(), { walkId: other!.id, stationId: otherStation!.id, authorUserId: walk.participantIds[visitor]!, slide: 1, body: 'Elsewhere' });
  });
  after(() => t.close());

  it('when the author opens their feedback in an anonymous walk, then every comment is beside its slide with its region and pointed sentence, and no commenter is named', async () => {
    const page = await walk.participants[author]!.get(`/gallery/${walk.walkId}/feedback`);
    expect(page.status).to.equal(200);
    expect(page.html).to.contain('Tydlig koppling till Timperley – bra!');
    expect(page.html).to.contain('<mark>Vi använde Timperleys cykel.</mark>');
    expect(page.html).to.match(/<rect x="10" y="20" width="30" height="25">/);
    expect(page.html).to.match(/<img src="[^"]+\/slides\/2\.png" alt="Slide 2" loading="lazy">/);
    expect((await walk.participants[author]!.fetch(/<img src="[^"]+(\/assignments\/[^"]+\/slides\/2\.png)"/.exec(page.html)![1]!)).status).to.equal(200);
    expect(page.html).to.contain('What works?').and.contain('What could be developed?');
    expect(page.html).not.to.contain('Walker 2').and.not.to.contain('Walker 3');
    // Slide 2's comment comes after the slide 2 heading, slide 1's before it.
    expect(page.html.indexOf('Hur mätte ni?')).to.be.lessThan(page.html.indexOf('id="slide-2"'));
    expect(page.html.indexOf('Tydlig koppling')).to.be.greaterThan(page.html.indexOf('id="slide-2"'));
  });

  it('when the leader opens the same station, then the names are shown', async () => {
    const page = await walk.leader.get(feedbackOf(author));
    expect(page.status).to.equal(200);
    expect(page.html).to.contain('Walker 2').and.contain('Walker 3');
  });

  it('when a comment holds HTML, then the page shows it as text', async () => {
    const page = await walk.participants[author]!.get(`/gallery/${walk.walkId}/feedback`);
    expect(page.html).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;fet&lt;/b&gt;');
    expect(page.html).not.to.contain('<script>alert(1)');
  });

  it('when the author replies, marks a status and helpful, then the visitor sees what became of their comment and may answer', async () => {
    const me = walk.participants[author]!;
    const reply = await me.post(commentPath(onSlide2, 'replies'), { body: 'Tack! <i>Ska</i> prova det.' });
    expect(reply.status).to.equal(303);
    expect(reply.location).to.contain(`feedback?station=${walk.stationIds[author]}&done=feedback_reply_sent#comment-${onSlide2}`);
    expect((await me.post(commentPath(onSlide2, 'response'), { response: 'used', version: '1' })).status).to.equal(303);
    expect((await me.post(commentPath(onSlide2, 'helpful'), { helpful: '1' })).status).to.equal(303);

    const mine = await walk.participants[visitor]!.get(`/gallery/${walk.walkId}/mine`);
    expect(mine.status).to.equal(200);
    expect(mine.html).to.contain('Tydlig koppling till Timperley').and.contain('Used in version 1').and.contain('The author found it helpful');
    expect(mine.html).to.contain('Tack! &lt;i&gt;Ska&lt;/i&gt; prova det.');
    const answer = await walk.participants[visitor]!.post(commentPath(onSlide2, 'replies'), { body: 'Lycka till!', from: 'mine' });
    expect(answer.status).to.equal(303);
    expect(answer.location).to.contain(`/mine?done=feedback_reply_sent#comment-${onSlide2}`);
    const thread = await db().select().from(galleryReplies).where(eq(galleryReplies.commentId, onSlide2));
    expect(thread.map((row) => row.body)).to.deep.equal(['Tack! <i>Ska</i> prova det.', 'Lycka till!']);
    // The author's page shows the status and the visitor's answer, still without the visitor's name.
    const page = await me.get(`/gallery/${walk.walkId}/feedback`);
    expect(page.html).to.contain('Used in version 1').and.contain('Lycka till!');
    expect(page.html).not.to.contain('Walker 2');
  });

  it('when "used in version" names a version the author does not have, then it is refused with the message and nothing changes', async () => {
    const refused = await walk.participants[author]!.post(commentPath(onSlide1, 'response'), { response: 'used', version: '9' });
    expect(refused.status).to.equal(422);
    expect(refused.html).to.contain('choose the version of your presentation');
    const [row] = await db().select().from(galleryComments).where(eq(galleryComments.id, onSlide1));
    expect(row!.response).to.equal(null);
  });

  it('when a reply is empty or 2001 characters long, then it is refused with the message, the text is kept and nothing already posted is lost', async () => {
    const before = await db().select().from(galleryReplies);
    const empty = await walk.participants[author]!.post(commentPath(onSlide2, 'replies'), { body: '   ' });
    expect(empty.status).to.equal(422);
    expect(empty.html).to.contain('Write a reply.');
    const long = 'å'.repeat(2_001);
    const tooLong = await walk.participants[author]!.post(commentPath(onSlide2, 'replies'), { body: long });
    expect(tooLong.status).to.equal(422);
    expect(tooLong.html).to.contain('A reply can be at most 2000 characters.').and.contain(long);
    const fromMine = await walk.participants[visitor]!.post(commentPath(onSlide2, 'replies'), { body: '', from: 'mine' });
    expect(fromMine.status).to.equal(422);
    expect(fromMine.html).to.contain('Write a reply.').and.contain('My feedback');
    expect(await db().select().from(galleryReplies)).to.deep.equal(before);
  });

  it('when another participant asks for or acts on feedback on someone else’s station, then it is refused', async () => {
    const other = walk.participants[bystander]!;
    expect((await other.get(feedbackOf(author))).status).to.equal(403);
    expect((await other.get(`/gallery/${walk.walkId}/feedback.pdf?station=${walk.stationIds[author]}`)).status).to.equal(403);
    expect((await other.post(commentPath(onSlide2, 'response'), { response: 'not_for_me' })).status).to.equal(403);
    expect((await other.post(commentPath(onSlide2, 'helpful'), { helpful: '1' })).status).to.equal(403);
    expect((await other.post(commentPath(onSlide2, 'replies'), { body: 'Intrång' })).status).to.equal(403);
    const [row] = await db().select().from(galleryComments).where(eq(galleryComments.id, onSlide2));
    expect(row!.response).to.equal('used');
    expect((await db().select().from(galleryReplies).where(eq(galleryReplies.body, 'Intrång'))).length).to.equal(0);
  });

  it('when a comment id from another walk or a station of another walk is sent, then it is not found', async () => {
    const me = walk.participants[author]!;
    expect((await me.post(commentPath(otherWalkComment, 'response'), { response: 'will_use' })).status).to.equal(404);
    expect((await walk.leader.post(commentPath(otherWalkComment, 'hide'), { reason: 'x' })).status).to.equal(404);
    const foreign = (await db().select().from(galleryStations)).find((station) => !walk.stationIds.includes(station.id))!;
    expect((await walk.leader.get(`/gallery/${walk.walkId}/feedback?station=${foreign.id}`)).status).to.equal(404);
    expect((await me.get('/gallery/99999/feedback')).status).to.equal(404);
  });

  it('when a participant tries to hide a comment, then it is refused; when the leader hides it, the row is kept, the author is told why, and undo shows it again', async () => {
    expect((await walk.participants[visitor]!.post(commentPath(onSlide1, 'hide'), { reason: 'Nej' })).status).to.equal(403);
    const noReason = await walk.leader.post(commentPath(onSlide1, 'hide'), { reason: '' });
    expect(noReason.status).to.equal(422);
    expect(noReason.html).to.contain('Say why the comment is hidden.');

    const hidden = await walk.leader.post(commentPath(onSlide1, 'hide'), { reason: 'Inte en kommentar om bilden' });
    expect(hidden.status).to.equal(303);
    expect(hidden.location).to.contain('done=comment_hidden');
    const [row] = await db().select().from(galleryComments).where(eq(galleryComments.id, onSlide1));
    expect(row!.body).to.contain('Hur mätte ni?');
    expect(row!.hiddenReason).to.equal('Inte en kommentar om bilden');
    expect(row!.hiddenAt).to.be.instanceOf(Date);
    expect(row!.hiddenByUserId).to.be.a('number');
    const events = await db().select().from(liveEvents).where(eq(liveEvents.kind, 'comment_hidden'));
    expect(events.map((event) => event.payload.commentId)).to.include(onSlide1);

    const authorView = await walk.participants[author]!.get(`/gallery/${walk.walkId}/feedback`);
    expect(authorView.html).to.contain('A comment was hidden by the network leader: Inte en kommentar om bilden');
    expect(authorView.html).not.to.contain('Hur mätte ni?');
    const leaderView = await walk.leader.get(feedbackOf(author));
    expect(leaderView.html).to.contain('Hur mätte ni?').and.contain('Hidden');
    expect((await walk.participants[bystander]!.get(`/gallery/${walk.walkId}/mine`)).html).to.contain('Hidden by the network leader: Inte en kommentar om bilden');

    expect((await walk.leader.post(commentPath(onSlide1, 'unhide'))).status).to.equal(303);
    const again = await walk.participants[author]!.get(`/gallery/${walk.walkId}/feedback`);
    expect(again.html).to.contain('Hur mätte ni?').and.not.contain('A comment was hidden');
  });

  it('when the leader opens the overview, then every station’s count, who gave how much and who received none are shown; a participant may not', async () => {
    const page = await walk.leader.get(`/gallery/${walk.walkId}/overview`);
    expect(page.status).to.equal(200);
    const none = page.html.slice(page.html.indexOf('id="received-none"'), page.html.indexOf('id="stations"'));
    expect(none).to.contain('Walker 2').and.contain('Walker 3').and.not.contain('Walker 1');
    expect(page.html).to.contain(`feedback?station=${walk.stationIds[author]}`);
    expect((await walk.participants[visitor]!.get(`/gallery/${walk.walkId}/overview`)).status).to.equal(403);
  });

  it('when the feedback pages are opened, then their styles come from the layout’s one style sheet, none is linked from the page body', async () => {
    const pages = [
      await walk.participants[author]!.get(`/gallery/${walk.walkId}/feedback`),
      await walk.participants[visitor]!.get(`/gallery/${walk.walkId}/mine`),
      await walk.participants[visitor]!.get(`/gallery/${walk.walkId}/who`),
      await walk.leader.get(`/gallery/${walk.walkId}/overview`),
    ];
    for (const page of pages) {
      expect(page.status).to.equal(200);
      const body = page.html.slice(page.html.indexOf('<body'));
      expect(body).not.to.match(/<link\b/);
      expect(page.html.match(/rel="stylesheet"/g)).to.have.length(1);
    }
  });

  it('when the author uploads a next version, then the changed slide is shown beside the comment that led to it', async () => {
    const next = await buildDeck([
      { title: 'Walker 1: Utvecklingsområde', text: ['Formativ bedömning i åk 4–6'], notes: 'Vi började med exit tickets. Eleverna skrev en fråga varje lektion.' },
      { title: 'Walker 1: Genomförande', text: ['Kollegialt lärande varje vecka, med Timperleys cykel'], notes: 'Lärarna observerade varandra. Vi använde Timperleys cykel i fyra steg.' },
      { title: 'Walker 1: Resultat', text: ['Fler elever ställer frågor'], notes: 'Resultatet syns i elevenkäten.' },
    ]);
    const uploaded = await walk.participants[author]!.upload(`/assignments/${walk.assignmentId}/submission`, {}, { name: 'v2.pptx', content: next, type: pptxType });
    expect(uploaded.status).to.equal(303);
    const page = await walk.participants[author]!.get(`/gallery/${walk.walkId}/feedback`);
    const slide2 = page.html.slice(page.html.indexOf('id="slide-2"'), page.html.indexOf('id="slide-3"'));
    expect(slide2).to.contain('Changed in version 2').and.contain('Kollegialt lärande varannan vecka').and.contain('Kollegialt lärande varje vecka, med Timperleys cykel');
    expect(slide2).to.contain('Tydlig koppling till Timperley');
    const slide1 = page.html.slice(page.html.indexOf('id="slide-1"'), page.html.indexOf('id="slide-2"'));
    expect(slide1).not.to.contain('Changed in version');
  });

  it('when the gallery is open between meetings, then "who" shows counts without names in an anonymous walk, names otherwise, and who has none', async () => {
    await setWalk({ mode: 'open' });
    const anonymous = await walk.participants[bystander]!.get(`/gallery/${walk.walkId}/who`);
    expect(anonymous.status).to.equal(200);
    expect(anonymous.html).to.contain('2 comments from 2 people').and.contain('No feedback yet');
    expect(anonymous.html).not.to.contain('From: Walker 2');
    expect(anonymous.html).not.to.contain('id="received-none"');

    await setWalk({ anonymous: false });
    const named = await walk.participants[bystander]!.get(`/gallery/${walk.walkId}/who`);
    expect(named.html).to.contain('From: Walker 2, Walker 3');
    const leader = await walk.leader.get(`/gallery/${walk.walkId}/who`);
    expect(leader.html).to.contain('id="received-none"');
    await setWalk({ anonymous: true, mode: 'live' });
  });

  it('when the author has unanswered feedback, then the home to-do and the assignment page lead to it', async () => {
    const home = await walk.participants[author]!.get('/');
    expect(home.html).to.contain('New feedback on your presentation (Gallery walk A): 1');
    expect(home.html).to.contain(`/gallery/${walk.walkId}/feedback`);
    const assignment = await walk.participants[author]!.get(`/assignments/${walk.assignmentId}`);
    expect(assignment.html).to.contain('id="gallery-feedback"').and.contain('Feedback on your presentation (2)');
  });
});
