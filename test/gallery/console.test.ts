import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { galleryVisits, galleryWalkers, galleryWalks, liveEvents, users } from '../../models/schema';
import { LtiBrowser } from '../support/lti-browser';
import { claim, launchAs, role } from '../support/network-member';
import { seedGalleryWalk, type SeededWalk } from '../support/gallery';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

describe('gallery walk: the facilitator’s console and the big screen', () => {
  let t: ToolUnderTest;
  let seeded: SeededWalk;
  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    seeded = await seedGalleryWalk(t, { participants: 4, rounds: 2 });
  });
  after(() => t.close());

  const clock = (action: string) => seeded.leader.post(`/gallery/${seeded.walkId}/clock`, { action });
  const state = async () => (await (await seeded.leader.fetch(`/gallery/${seeded.walkId}/state.json`)).json()) as { clock: { phase: string; round: number; remainingMs: number }; current: { stations: Array<{ visitors: string[] }> } };

  it('when the big screen is opened, then it is the room’s view without the tool’s menus, and the console in the course frame opens it in a new window', async () => {
    const screen = await seeded.leader.get(`/gallery/${seeded.walkId}/screen`);
    expect(screen.html).to.contain('<body class="projector">');
    expect(screen.html).not.to.contain('<nav class="main"');
    // In a window of its own, the console links straight to the screen.
    const own = await seeded.leader.get(`/gallery/${seeded.walkId}/console`);
    // Not started yet: start is offered, ending is not (the clock would refuse it).
    expect(own.html).to.contain('value="start"');
    expect(own.html).not.to.contain('value="end"');
    expect(own.html).to.contain(`href="${new URL(seeded.leader.base).pathname}/gallery/${seeded.walkId}/screen"`);
    // In the course page's frame, as Moodle opens it, the link makes a one-time link into a new window.
    const framed = await launchAs(t, 'leader-1', [role('Instructor')], { [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' } });
    const base = new URL(framed.base).pathname;
    const inFrame = await framed.get(`/gallery/${seeded.walkId}/console`);
    expect(inFrame.html).to.contain(`href="${base}/new-window?return=${encodeURIComponent(`${base}/gallery/${seeded.walkId}/screen`)}"`);
    expect(inFrame.html).to.contain('Open the big screen in a new window');
  });

  it('when the facilitator starts and moves on, then the screen shows the round and what is left, and a clock event is published', async () => {
    const before = await seeded.leader.get(`/gallery/${seeded.walkId}/screen`);
    expect(before.status).to.equal(200);
    expect(before.html).to.contain('Not started');
    // The screen keeps itself current from its script, never by reloading the page (axe: meta-refresh).
    expect(before.html).not.to.contain('http-equiv="refresh"');
    expect(before.html).to.contain('gallery-clock.js');
    expect((await clock('start')).status).to.equal(303);
    const started = await seeded.leader.get(`/gallery/${seeded.walkId}/screen`);
    expect(started.html).to.contain('Round 1 of 2');
    expect(started.html).to.match(/data-countdown[^>]*>(8:00|7:5\d)</);
    expect((await clock('next')).status).to.equal(303);
    const reading = await state();
    expect(reading.clock).to.include({ phase: 'running', round: 2 });
    expect(reading.current.stations.flatMap((station) => station.visitors)).to.include('Walker 1');
    const events = await t.database.db.select().from(liveEvents).where(and(eq(liveEvents.topic, `walk:${seeded.walkId}`), eq(liveEvents.kind, 'clock')));
    expect(events.map((event) => event.payload.round)).to.deep.equal([1, 2]);
  });

  it('when the facilitator pauses twice, then the second is refused in words, and the pause survives a restart', async () => {
    expect((await clock('pause')).status).to.equal(303);
    const again = await clock('pause');
    expect(again.status).to.equal(409);
    expect(again.html).to.contain('The walk is paused: resume it first.');
    const pausedMs = (await state()).clock.remainingMs;
    await t.restart();
    // The test's own keep-alive socket went with the old process: the browser's next request opens a new one.
    await seeded.leader.get('/').catch(() => undefined);
    const after = await seeded.leader.get(`/gallery/${seeded.walkId}/screen`);
    expect(after.status).to.equal(200);
    expect(after.html).to.contain('Round 2 of 2');
    expect(after.html).to.contain('Paused');
    expect((await state()).clock.remainingMs).to.equal(pausedMs);
  });

  it('when a participant arrives late and is checked in, then they are placed into the running plan', async () => {
    const late = await launchAs(t, 'walker-late', [role('Learner')], { name: 'Late Walker' });
    expect(late.base).to.match(/\/l\//);
    const [user] = await t.database.db.select().from(users).where(eq(users.sub, 'walker-late'));
    expect((await seeded.leader.post(`/meetings/${seeded.meetingId}/check-in`, { userId: String(user!.id) })).status).to.equal(303);
    const [walker] = await t.database.db.select().from(galleryWalkers).where(and(eq(galleryWalkers.walkId, seeded.walkId), eq(galleryWalkers.userId, user!.id)));
    expect(walker?.fromRound).to.equal(2);
    const visits = await t.database.db.select().from(galleryVisits).where(and(eq(galleryVisits.walkId, seeded.walkId), eq(galleryVisits.userId, user!.id)));
    expect(visits.map((visit) => visit.round)).to.deep.equal([2]);
    expect((await state()).current.stations.flatMap((station) => station.visitors)).to.include('Late Walker');
  });

  it('when a participant tries the console or the clock, then they are refused and the walk is unchanged', async () => {
    const participant = seeded.participants[0]!;
    expect((await participant.get(`/gallery/${seeded.walkId}/console`)).status).to.equal(403);
    expect((await participant.get(`/gallery/${seeded.walkId}/screen`)).status).to.equal(403);
    expect((await participant.post(`/gallery/${seeded.walkId}/clock`, { action: 'end' })).status).to.equal(403);
    const [walk] = await t.database.db.select().from(galleryWalks).where(eq(galleryWalks.id, seeded.walkId));
    expect(walk!.endedAt).to.equal(null);
  });

  it('when the Deep Linking item "Gallery walk" is offered and launched, then it lands on the console for the leader and on the walk for a participant', async () => {
    const chooser = new LtiBrowser();
    const page = await chooser.launch(t.registration, t.platform, {
      messageType: 'LtiDeepLinkingRequest',
      claims: { sub: 'leader-1', [claim('roles')]: [role('Instructor')], [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' } },
    });
    expect(page.body).to.contain(`value="gallery:${seeded.meetingId}"`);
    const custom = { [claim('custom')]: { natverk_item: 'gallery', natverk_meeting: String(seeded.meetingId) } };
    const leader = await new LtiBrowser().launch(t.registration, t.platform, { claims: { sub: 'leader-1', [claim('roles')]: [role('Instructor')], ...custom } });
    expect(leader.url).to.match(new RegExp(`/gallery/${seeded.walkId}/console$`));
    const participant = new LtiBrowser();
    const landed = await participant.launch(t.registration, t.platform, { claims: { sub: 'walker-2', [claim('roles')]: [role('Learner')], ...custom } });
    expect(landed.url).to.match(new RegExp(`/gallery/${seeded.walkId}$`));
    const otherMeeting = { [claim('custom')]: { natverk_item: 'gallery', natverk_meeting: String(seeded.meetingId + 1) } };
    const none = await new LtiBrowser().launch(t.registration, t.platform, { claims: { sub: 'walker-3', [claim('roles')]: [role('Learner')], [claim('launch_presentation')]: { locale: 'en' }, ...otherMeeting } });
    expect(none.body).to.contain('No gallery walk for this meeting yet');
  });
});
