// The walk page as participants met it in a real Moodle 4.5: on a phone inside Moodle's short frame, as a
// participant nobody checked in, and with a used QR code in hand.
import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { galleryWalks, users } from '../../models/schema';
import { seedGalleryWalk, type SeededWalk } from '../support/gallery';
import { LtiBrowser } from '../support/lti-browser';
import { claim, launchAs, role, type NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const framed = (name: string) => ({ name, [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' } });

describe('gallery walk: the pages as people meet them in Moodle', function () {
  this.timeout(120_000);
  let t: ToolUnderTest;
  let walk: SeededWalk;
  let walker: NetworkMember;

  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    walk = await seedGalleryWalk(t, { participants: 3, locale: 'en' });
    await t.database.db
      .update(galleryWalks)
      .set({ startedAt: new Date(), round: 1, roundStartedAt: new Date(), endedAt: null, pausedAt: null })
      .where(eq(galleryWalks.id, walk.walkId));
    walker = await launchAs(t, 'walker-1', [role('Learner')], framed('Walker 1'), 'en');
  });
  after(() => t?.close());

  it('when a participant opens the walk in the course frame during a round, then their station comes before the phone code', async () => {
    const page = await walker.get(`/gallery/${walk.walkId}`);
    expect(page.status).to.equal(200);
    const station = page.html.indexOf('Your station now');
    const code = page.html.indexOf('Open on your phone');
    expect(station, 'the page shows the station').to.be.greaterThan(-1);
    expect(code, 'the framed page still offers the code').to.be.greaterThan(-1);
    expect(station, 'on a phone in Moodle’s frame the station is the first thing seen').to.be.lessThan(code);
  });

  it('when a participant who is not checked in opens a running walk, then they are told to check in, with a link to the meeting, and once checked in they get a station', async () => {
    const late = await launchAs(t, 'walker-late', [role('Learner')], framed('Late Walker'), 'en');
    const before = await late.get(`/gallery/${walk.walkId}`);
    expect(before.status).to.equal(200);
    expect(before.html).to.include('You are not checked in to the meeting');
    expect(before.html).to.include(`href="${new URL(late.base).pathname}/meetings/${walk.meetingId}"`);
    expect(before.html).to.not.include('Ask the leader to place you');

    const [user] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, 'walker-late'));
    const checkIn = await walk.leader.post(`/meetings/${walk.meetingId}/check-in`, { userId: String(user!.id) });
    expect(checkIn.status, checkIn.html.slice(0, 300)).to.equal(303);
    const after = await late.get(`/gallery/${walk.walkId}`);
    expect(after.html).to.include('Your station now');
    expect(after.html).to.not.include('You are not checked in to the meeting');
  });

  it('when a personal QR link is opened a second time, then the page says how to get a new code', async () => {
    const page = await walker.get(`/gallery/${walk.walkId}`);
    const match = /<p class="walk-link"><a href="([^"]+)"/.exec(page.html);
    const href = match![1]!.replace(/&amp;/g, '&');
    expect((await new LtiBrowser().request(href)).status).to.equal(303);
    const again = await new LtiBrowser().request(href);
    expect(again.status).to.equal(401);
    const body = await again.text();
    expect(body).to.include('That link has been used or is too old');
    expect(body).to.include('Make a new code');
  });

  it('when the last round runs, then the big screen says there are no more rounds instead of "nobody" moving next', async () => {
    const first = await walk.leader.get(`/gallery/${walk.walkId}/screen`);
    expect(first.html).to.match(/<ul class="gallery-stations" data-round-list="next">/);
    expect((await walk.leader.post(`/gallery/${walk.walkId}/clock`, { action: 'next' })).status).to.equal(303);
    const last = await walk.leader.get(`/gallery/${walk.walkId}/screen`);
    expect(last.html).to.contain('Round 2 of 2');
    expect(last.html).to.contain('data-round-list="next">No more rounds after this one.</p>');
    expect(last.html, 'the screen’s script has the same words for when it re-reads the room').to.contain('data-label-no-next="No more rounds after this one."');
  });
});
