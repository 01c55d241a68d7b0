// Every HTML page of the tool, for the browser tests that walk them all (no sideways scroll, axe-core):
// a pilot year with real content, a member per network role, and their launches opened in Chromium.
import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { assignments, evaluationForms, evaluationQuestions, forums, galleryStations, meetings, networkPlans, submissions, users } from '../../models/schema';
import { formAsLoaded } from './gallery-forms';
import { LtiBrowser } from './lti-browser';
import { claim, launchAs, role, type NetworkMember } from './network-member';
import { pdf } from './office-files';
import { buildDeck, redovisningA } from './presentations';
import { testAdminToken, type ToolUnderTest } from './tool';

export type WalkRole = 'leader' | 'staff' | 'participant' | 'schoolLeader';

/**
 * The LTI role each person launches with, as a standard Moodle sends it (only Instructor or Learner): the
 * university colleague is a non-editing teacher, the school leader is enrolled as a student, and the network
 * leader gives them their network roles on the participants page (seedYear).
 */
export const ltiRoleOf: Record<WalkRole, string> = { leader: 'Instructor', staff: 'Instructor', participant: 'Learner', schoolLeader: 'Learner' };
const subOf: Record<WalkRole, string> = { leader: '2', staff: '5', participant: '31', schoolLeader: '41' };

export interface SeededYear {
  meetingId: number;
  assignmentId: number;
  /** The participant's own draft of assignment A, read from a real deck. */
  submissionId: number;
  /** A peer's final submission, which the gallery walk shows. */
  peerSubmissionId: number;
  /** The peer, whose final submission the leader has graded. */
  peerUserId: number;
  /** A running gallery walk of the first meeting, its stations the participant's and the peer's decks. */
  walkId: number;
  /** The participant's station, where the peer has left a comment. */
  stationId: number;
  /** The discussion forum, and a thread in it where the peer has replied with a link to the meeting. */
  forumId: number;
  threadId: number;
  /** The first meeting's day evaluation, open, with the participant's answer in it. */
  evaluationFormId: number;
  /** The participant's own network plan. */
  planId: number;
}

const pptxType = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

/**
 * A pilot year as a network has it a few weeks in: an agenda published, a participant's and a peer's final
 * decks, a grade queued, sign-ups answered, a gallery walk running with a comment posted, so tables and lists have rows.
 */
export async function seedYear(t: ToolUnderTest, locale: string): Promise<SeededYear> {
  const leader = await launchAs(t, subOf.leader, [role('Instructor')], {}, locale);
  const setup = await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' });
  expect(setup.status, setup.html.slice(0, 300)).to.equal(303);
  const [meeting] = await t.database.db.select().from(meetings).orderBy(meetings.startsAt);
  const [assignment] = await t.database.db.select().from(assignments).where(eq(assignments.letter, 'A'));
  const meetingId = meeting!.id;
  const assignmentId = assignment!.id;
  const agenda = await leader.upload(`/meetings/${meetingId}/documents`, { kind: 'agenda', title: '', publish: 'on' }, { name: 'Dagordning träff 1 – Strandskolan och Kalmarsundsskolan.pdf', content: await pdf('Dagordning'), type: 'application/pdf' });
  expect(agenda.status, agenda.html.slice(0, 300)).to.equal(303);

  const participant = await launchAs(t, subOf.participant, [role('Learner')], {}, locale);
  const draft = await participant.upload(`/assignments/${assignmentId}/submission`, {}, { name: 'Redovisning A – Anna Lindqvist, Strandskolan i Kalmar.pptx', content: await redovisningA(), type: pptxType });
  expect(draft.status, draft.html.slice(0, 300)).to.equal(303);
  expect((await participant.post(`/assignments/${assignmentId}/final`)).status).to.equal(303);
  const peer = await launchAs(t, '32', [role('Learner')], {}, locale);
  const deck = await buildDeck([{ title: 'Utvecklingsområde', text: ['https://www.skolverket.se/skolutveckling/forskning-och-utvarderingar/forskning'], notes: 'Timperley, 2013' }]);
  expect((await peer.upload(`/assignments/${assignmentId}/submission`, {}, { name: 'peer.pptx', content: deck, type: pptxType })).status).to.equal(303);
  expect((await peer.post(`/assignments/${assignmentId}/final`)).status).to.equal(303);
  for (const [walkRole, networkRole] of [
    ['staff', 'staff'],
    ['schoolLeader', 'mentor'],
  ] as const) {
    await launchAs(t, subOf[walkRole], [role(ltiRoleOf[walkRole])], {}, locale);
    const [person] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, subOf[walkRole]));
    const changed = await leader.post(`/roster/${person!.id}/role`, { role: networkRole });
    expect(changed.status, changed.html.slice(0, 300)).to.equal(303);
  }

  const rows = await t.database.db.select().from(submissions).where(eq(submissions.assignmentId, assignmentId)).orderBy(submissions.id);
  const [own, peerRow] = rows;
  const grade = await leader.post(`/assignments/${assignmentId}/grading/${peerRow!.userId}`, { passed: 'pass', feedback: 'Tydlig koppling till elevernas lärande.', intent: 'graded' });
  expect(grade.status, grade.html.slice(0, 300)).to.equal(303);
  const release = await leader.post(`/assignments/${assignmentId}/grading/${peerRow!.userId}/release`, {});
  expect(release.status, release.html.slice(0, 300)).to.equal(303);
  const walkId = await runGalleryWalk(leader, meetingId, [own!.userId, peerRow!.userId]);
  const [station] = await t.database.db.select().from(galleryStations).where(eq(galleryStations.submissionId, own!.id));
  const comment = await postJson(peer, `/gallery/${walkId}/comments`, { stationId: station!.id, slide: 1, promptIndex: 0, body: 'Tydlig bild av utvecklingsområdet – hur följer ni upp det?', clientKey: 'seed-year-comment-1' });
  expect(comment.status, comment.text.slice(0, 300)).to.equal(201);
  const { forumId, threadId } = await startForumThread(t, participant, peer, meetingId);
  const evaluationFormId = await openDayEvaluation(t, leader, participant, meetingId);
  const planned = await participant.post('/plans/mine', { version: '0', goal: 'Kollegialt lärande i varje arbetslag på Strandskolan.', actions: 'Lektionsbesök varannan vecka.', involved: 'Arbetslag 7–9 och rektor.', followUp: 'Vid varje terminsstart.', support: 'Tid i kalendern.' });
  expect(planned.status, planned.html.slice(0, 300)).to.equal(303);
  const [plan] = await t.database.db.select({ id: networkPlans.id }).from(networkPlans);
  return { meetingId, assignmentId, submissionId: own!.id, peerSubmissionId: peerRow!.id, peerUserId: peerRow!.userId, walkId, stationId: station!.id, forumId, threadId, evaluationFormId, planId: plan!.id };
}

/**
 * The day evaluations made from the template, the first meeting's published and opened now (the year lies ahead,
 * so its times are moved by hand), and the participant's answer sent in it.
 */
async function openDayEvaluation(t: ToolUnderTest, leader: NetworkMember, participant: NetworkMember, meetingId: number): Promise<number> {
  const made = await leader.post('/evaluations/templates', { template: 'day', language: 'sv' });
  expect(made.status, made.html.slice(0, 300)).to.equal(303);
  const [form] = await t.database.db.select().from(evaluationForms).where(eq(evaluationForms.meetingId, meetingId));
  const now = Date.now();
  await t.database.db.update(evaluationForms).set({ timing: 'set', opensAt: new Date(now - 3_600_000), closesAt: new Date(now + 2 * 86_400_000) }).where(eq(evaluationForms.id, form!.id));
  expect((await leader.post(`/evaluations/${form!.id}/publish`)).status).to.equal(303);
  const questions = await t.database.db.select().from(evaluationQuestions).where(eq(evaluationQuestions.formId, form!.id));
  const answer: Record<string, string> = { intent: 'submit', version: '0' };
  for (const question of questions) answer[`q${question.id}`] = question.kind === 'scale' ? '4' : question.kind === 'yesno' ? 'yes' : question.kind === 'text' ? 'Mer tid för samtal i gruppen.' : '0';
  const sent = await participant.post(`/evaluations/${form!.id}`, answer);
  expect(sent.status, sent.html.slice(0, 300)).to.equal(303);
  return form!.id;
}

/** A thread in the discussion forum with a long title, a Markdown list and a reply linking the meeting (a card). */
async function startForumThread(t: ToolUnderTest, author: NetworkMember, peer: NetworkMember, meetingId: number): Promise<{ forumId: number; threadId: number }> {
  expect((await author.get('/forums')).status).to.equal(200);
  const [forum] = await t.database.db.select().from(forums).where(eq(forums.kind, 'discussion'));
  const title = 'Hur följer vi upp utvecklingsområdet mellan träffarna på Strandskolan och Kalmarsundsskolan?';
  const started = await author.post(`/forums/${forum!.id}/threads`, { title, body: '- Kollegialt lärande\n- **Lektionsbesök** varannan vecka\n\nhttps://www.skolverket.se/skolutveckling/forskning-och-utvarderingar/forskning', clientKey: 'seed-year-thread-1' });
  expect(started.status, started.html.slice(0, 300)).to.equal(303);
  const threadId = Number(/threads\/(\d+)/.exec(started.location ?? '')?.[1]);
  const replied = await peer.post(`/forums/threads/${threadId}/posts`, { body: `Vi tar det på [träffen](/meetings/${meetingId}).`, clientKey: 'seed-year-reply-1' });
  expect(replied.status, replied.html.slice(0, 300)).to.equal(303);
  return { forumId: forum!.id, threadId };
}

/**
 * A gallery walk as a leader makes one at the meeting: the set-up form sent as it loads, the authors checked
 * in, the plan made, the walk published and started from the console. Returns the walk's id.
 */
async function runGalleryWalk(leader: NetworkMember, meetingId: number, walkers: number[]): Promise<number> {
  const form = await leader.get(`/meetings/${meetingId}/gallery/new`);
  expect(form.status, form.html.slice(0, 300)).to.equal(200);
  const created = await leader.post(`/meetings/${meetingId}/gallery`, formAsLoaded(form.html, `${new URL(leader.base).pathname}/meetings/${meetingId}/gallery`));
  expect(created.status, created.html.slice(0, 2000)).to.equal(303);
  const walkId = Number(/\/gallery\/(\d+)\/plan/.exec(created.location ?? '')?.[1]);
  for (const userId of walkers) expect((await leader.post(`/meetings/${meetingId}/check-in`, { userId: String(userId) })).status).to.equal(303);
  for (const step of ['plan', 'publish']) {
    const done = await leader.post(`/gallery/${walkId}/${step}`);
    expect(done.status, `${step}: ${done.html.slice(0, 300)}`).to.equal(303);
  }
  expect((await leader.post(`/gallery/${walkId}/clock`, { action: 'start' })).status).to.equal(303);
  return walkId;
}

/** A JSON post with the session's CSRF token, as the walk page's script sends a comment. */
async function postJson(member: NetworkMember, path: string, body: Record<string, unknown>): Promise<{ status: number; text: string }> {
  const response = await member.browser.request(`${member.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ _csrf: member.csrf, ...body }),
  });
  return { status: response.status, text: await response.text() };
}

/**
 * The GET routes that answer with an HTML page, per role, from the routers in lti-tool/routes/ (files,
 * PDFs, CSV, iCalendar, zip, slide pictures and JSON states are downloads, not pages, and are left out).
 * Pages a role is refused are still walked: the refusal is a page too.
 */
export function launchPagesOf(walkRole: WalkRole, year: SeededYear): string[] {
  const { meetingId: m, assignmentId: a, submissionId: s, peerSubmissionId: p, peerUserId: pu, walkId: w, stationId: st, forumId: f, threadId: th, evaluationFormId: e, planId: pl } = year;
  const everyone = ['/', '/year', `/meetings/${m}`, '/assignments', `/assignments/${a}`, '/calendar', '/new-window', '/settings', '/forums', `/forums/${f}`, `/forums/threads/${th}`, '/evaluations', `/evaluations/${e}`, '/plans', `/plans/${pl}`];
  // Evaluations: the results and comparisons for everyone who reads them, the builder and the room's screens for those who run them.
  const readsResults = [`/evaluations/${e}/results`, '/evaluations/compare'];
  const runsEvaluations = [...readsResults, `/evaluations/${e}/screen`, `/evaluations/${e}/slide`, '/evaluations/self-assessment'];
  const runs = ['/roster', '/grades', '/gradebook', '/certificates', `/assignments/${a}/overview`, `/assignments/${a}/submissions/${s}`, `/assignments/${a}/grading`, `/assignments/${a}/grading/${pu}`, '/comment-bank'];
  // The gallery walk: the phone page and the feedback afterwards for everyone who takes part, the set-up,
  // plan, console and big screen for those who run it.
  const walks = [`/gallery/${w}`, `/gallery/${w}/who`];
  const runsWalk = [`/meetings/${m}/gallery/new`, `/gallery/${w}/edit`, `/gallery/${w}/plan`, `/gallery/${w}/console`, `/gallery/${w}/screen`, `/gallery/${w}/feedback?station=${st}`, `/gallery/${w}/overview`];
  switch (walkRole) {
    case 'leader':
      // /year/setup answers whatever it answers once the year exists (the form, or a page saying it is set up).
      return [...everyone, ...runs, '/groups', '/year/setup', `/meetings/${m}/edit`, `/assignments/${a}/grading/setup`, '/assignments/new', `/assignments/${a}/edit`, ...walks, ...runsWalk, '/completion', ...runsEvaluations, '/evaluations/new', `/evaluations/${e}/edit`, `/evaluations/${e}/questions/new`];
    case 'staff':
      return [...everyone, ...runs, '/groups', ...walks, ...runsWalk, ...runsEvaluations];
    case 'participant':
      return [...everyone, `/assignments/${a}/submissions/${s}`, `/assignments/${a}/submissions/${p}`, ...walks, `/gallery/${w}/feedback`, `/gallery/${w}/mine`, '/groups/mine', '/progress', '/evaluations/self-assessment', '/plans/mine'];
    case 'schoolLeader':
      // A mentor takes no part in the walk: the pages they may be sent to, and the refusals of the rest.
      return [...everyone, '/roster', '/gradebook', '/groups', ...walks, `/gallery/${w}/feedback?station=${st}`, `/gallery/${w}/mine`, `/gallery/${w}/console`, ...readsResults];
  }
}

/** Pages outside a launch: the landing page, the registration start without its parameters, the admin sign-in. */
export const publicPages = ['/', '/register', '/admin'];

/** Copies a launch's cookies (from our LTI test browser) into a Chromium context, so it opens the session's pages. */
export async function contextFor(browser: Browser, from: LtiBrowser, options: { width: number; bypassCSP?: boolean; timezoneId?: string }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: options.width, height: 800 }, bypassCSP: options.bypassCSP ?? false, timezoneId: options.timezoneId });
  await context.addCookies(
    from.cookies.list().map((c) => ({
      name: c.name,
      value: c.value,
      domain: c.domain,
      path: c.path,
      httpOnly: c.httpOnly,
      secure: c.secure,
      sameSite: c.sameSite?.toLowerCase() === 'none' ? ('None' as const) : c.sameSite?.toLowerCase() === 'strict' ? ('Strict' as const) : ('Lax' as const),
      ...(c.expires ? { expires: Math.floor(c.expires.getTime() / 1000) } : {}),
    })),
  );
  return context;
}

export interface OpenedLaunch {
  member: NetworkMember;
  context: BrowserContext;
  page: Page;
}

/** A member of the given role launched into the course, with a Chromium page on their session. */
export async function openLaunch(t: ToolUnderTest, browser: Browser, walkRole: WalkRole, locale: string, options: { width: number; bypassCSP?: boolean }): Promise<OpenedLaunch> {
  const member = await launchAs(t, subOf[walkRole], [role(ltiRoleOf[walkRole])], {}, locale);
  const context = await contextFor(browser, member.browser, options);
  return { member, context, page: await context.newPage() };
}

/** The Deep Linking page, as a leader adding an activity from Moodle's chooser sees it. */
export async function openDeepLinking(t: ToolUnderTest, browser: Browser, locale: string, options: { width: number; bypassCSP?: boolean }): Promise<{ url: string; context: BrowserContext; page: Page }> {
  const lti = new LtiBrowser();
  const launched = await lti.launch(t.registration, t.platform, {
    messageType: 'LtiDeepLinkingRequest',
    claims: { sub: subOf.leader, [claim('roles')]: [role('Instructor')], [claim('launch_presentation')]: { locale, document_target: 'iframe' } },
  });
  expect(launched.url).to.match(/\/deep-link$/);
  const context = await contextFor(browser, lti, options);
  return { url: launched.url, context, page: await context.newPage() };
}

/**
 * Signs the administrator in (the sign-in request as the admin tests send it) and hands the session cookie
 * to the page's context, so /admin shows the platforms page. Not through the form: Chromium sends
 * `Origin: null` with it under the tool's `Referrer-Policy: no-referrer`, which the sign-in refuses.
 */
export async function signInAdmin(t: ToolUnderTest, page: Page): Promise<void> {
  const response = await fetch(`${t.url}/admin/login`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ token: testAdminToken }) });
  const line = response.headers.getSetCookie().find((cookie) => cookie.startsWith('nv_admin='));
  expect(line, 'the sign-in sets the admin cookie').to.be.a('string');
  const value = line!.split(';')[0]!.slice('nv_admin='.length);
  await page.context().addCookies([{ name: 'nv_admin', value, url: `${t.url}/admin`, httpOnly: true, sameSite: 'Strict' }]);
  await page.goto(`${t.url}/admin`);
  expect(await page.locator('input[name=token]').count(), 'signed in: the platforms page, not the sign-in form').to.equal(0);
}
