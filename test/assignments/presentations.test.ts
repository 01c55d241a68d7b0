import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { assignments, leaderConversations, submissions, submissionVersions, users } from '../../models/schema';
import { FileStore } from '../../lti-tool/files/file-store';
import { ZipArchive } from '../../lti-tool/files/zip-archive';
import { startSlideRenderer } from '../../lti-tool/jobs/slide-render';
import { startGradeOutbox } from '../../lti-tool/jobs/grade-outbox';
import { convertersAvailable } from '../../lti-tool/presentations/slide-renderer';
import { LtiBrowser } from '../support/lti-browser';
import { claim, csrfOf, launchAs as launchMember, role } from '../support/network-member';
import { docm } from '../support/office-files';
import { buildDeck, buildOdp, redovisningA, xxeDeck } from '../support/presentations';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const pptxType = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

describe('Presentation assignments: from upload to slide viewer', () => {
  let t: ToolUnderTest;
  let ids: Record<'A' | 'B' | 'C' | 'D', number>;
  const launchAs = (sub: string, roles: string[], extra: Record<string, unknown> = {}, locale = 'en') => launchMember(t, sub, roles, extra, locale);
  /** University staff as Moodle launches them (Instructor); the leader makes them staff in the tool. */
  const launchStaff = async (sub: string) => {
    const staff = await launchAs(sub, [role('Instructor')]);
    const leader = await launchAs('2', [role('Instructor')]);
    const [row] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub));
    expect((await leader.post(`/roster/${row!.id}/role`, { role: 'staff' })).status).to.equal(303);
    return staff;
  };
  before(async function () {
    this.timeout(120_000);
    t = await startToolUnderTest({ jobs: false });
    const leader = await launchAs('2', [role('Instructor')], {}, 'sv');
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    const rows = await t.database.db.select().from(assignments);
    ids = Object.fromEntries(rows.map((row) => [row.letter, row.id])) as typeof ids;
  });
  after(async () => {
    await t.close();
  });

  it('when the pilot year is set up, then assignments A–D are listed and A shows the seed’s guiding questions', async () => {
    const participant = await launchAs('31', [role('Learner')], {}, 'sv');
    const list = await participant.get('/assignments');
    for (const letter of ['A', 'B', 'C', 'D']) expect(list.html).to.include(`Redovisning ${letter}`);
    const a = await participant.get(`/assignments/${ids.A}`);
    expect(a.html).to.include('Uppdrag och utvecklingsområden');
    expect(a.html).to.include('<h3>Nuläge</h3>').and.include('<h3>Samtal med skolledaren</h3>');
    expect(a.html).to.include('Vilka förväntningar har du på nätverket för att stödja dig i ditt uppdrag?');
    const [rowA] = await t.database.db.select().from(assignments).where(eq(assignments.id, ids.A));
    const meetingPage = await participant.get(`/meetings/${rowA!.meetingId}`);
    expect(meetingPage.html, 'the meeting says what is presented there').to.include('Redovisas vid träffen').and.include(`/assignments/${ids.A}">Redovisning A: Uppdrag och utvecklingsområden</a>`);
    const year = await participant.get('/year');
    expect(year.html, 'what is due, on the timeline').to.include('Att lämna in').and.include('Redovisning A: Uppdrag och utvecklingsområden</a>');
  });

  it('when a participant uploads a Redovisning A deck, then its slides, notes and sources are read and the viewer shows them beside each other', async () => {
    const anna = await launchAs('31', [role('Learner')]);
    const uploaded = await anna.upload(`/assignments/${ids.A}/submission`, {}, { name: 'Redovisning A – Anna.pptx', content: await redovisningA(), type: pptxType });
    expect(uploaded.status, uploaded.html.slice(0, 300)).to.equal(303);
    const page = await anna.get(`/assignments/${ids.A}`);
    expect(page.html).to.include('Draft (not submitted)');
    expect(page.html).to.match(/6 slides, 4 with speaker notes, \d+ sources cited\./);
    expect(page.html).to.include('Every slide has notes, and you cite sources.');

    const [submission] = await t.database.db.select().from(submissions).where(eq(submissions.assignmentId, ids.A));
    const viewer = await anna.get(`/assignments/${ids.A}/submissions/${submission!.id}`);
    expect(viewer.status).to.equal(200);
    expect(viewer.html).to.include('Slide 2: Nuläge');
    expect(viewer.html).to.include('Lärares lärande behöver utgå från elevernas behov (Timperley, 2013)');
    expect(viewer.html).to.include('Hidden slide');
    expect(viewer.html).to.include('Hattie, J. &amp; Timperley, H. (2007)');
  });

  it('when the slide renderer runs, then the deck gets one picture per shown slide, served only as PNG with nosniff (or says previews are unavailable)', async function () {
    this.timeout(180_000);
    const renderer = startSlideRenderer({ db: t.database.db, files: new FileStore(t.config.uploadsDir), logger: pino({ level: 'silent' }), pollMs: 3_600_000 });
    try {
      expect(await renderer.runOnce()).to.equal(1);
    } finally {
      await renderer.stop();
    }
    const [row] = await t.database.db.select({ version: submissionVersions, submission: submissions }).from(submissionVersions).innerJoin(submissions, eq(submissions.id, submissionVersions.submissionId));
    const { soffice, pdftoppm } = await convertersAvailable();
    const anna = await launchAs('31', [role('Learner')]);
    if (!soffice || !pdftoppm) {
      expect(row!.version.renderState).to.equal('unavailable');
      expect((await anna.get(`/assignments/${ids.A}`)).html).to.include('Slide pictures are not available on this server');
      return;
    }
    expect(row!.version.renderState, row!.version.renderError ?? '').to.equal('done');
    expect(row!.version.slideImages, 'the hidden slide is not rendered').to.have.length(5);
    const image = await anna.fetch(`/assignments/${ids.A}/submissions/${row!.submission.id}/versions/${row!.version.id}/slides/1.png`);
    expect(image.status).to.equal(200);
    expect(image.headers.get('content-type')).to.equal('image/png');
    expect(image.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(Buffer.from(await image.arrayBuffer()).subarray(1, 4).toString()).to.equal('PNG');
    expect((await anna.get(`/assignments/${ids.A}/submissions/${row!.submission.id}`)).html).to.include(`versions/${row!.version.id}/slides/5.png`);
  });

  it('when a participant uploads an .odp from LibreOffice Impress, then its notes and sources are read and advised on like a .pptx', async () => {
    const eva = await launchAs('35', [role('Learner')]);
    const deck = await buildOdp([
      { title: 'Redovisning C', text: ['Lärarledarskap'] },
      { title: 'Mitt ledarskap', text: ['Processledning i arbetslaget'], notes: 'Jag leder samtalen i arbetslaget och prövar protokoll för kollegialt lärande.' },
    ]);
    expect((await eva.upload(`/assignments/${ids.C}/submission`, {}, { name: 'Redovisning C.odp', content: deck })).status).to.equal(303);
    const page = await eva.get(`/assignments/${ids.C}`);
    expect(page.html).to.include('2 slides, 1 with speaker notes, 0 sources cited.');
    expect(page.html).to.include('No sources cited.').and.include('Slide 2 has very short notes');
  });

  it('when a participant uploads a disguised, macro-enabled or XXE file, then it is refused with the reason and the previous version stays current', async () => {
    const anna = await launchAs('31', [role('Learner')], {}, 'sv');
    const xxe = await anna.upload(`/assignments/${ids.A}/submission`, {}, { name: 'farlig.pptx', content: await xxeDeck() });
    expect(xxe.status).to.equal(422);
    expect(xxe.html).to.include('Filen innehåller XML-deklarationer (DOCTYPE eller entiteter)');
    expect(xxe.html).not.to.include('root:');
    const macro = await anna.upload(`/assignments/${ids.A}/submission`, {}, { name: 'makro.pptx', content: await docm() });
    expect(macro.status).to.equal(422);
    expect(macro.html).to.include('Spara filen utan makron');
    const picture = await anna.upload(`/assignments/${ids.A}/submission`, {}, { name: 'bild.pptx', content: Buffer.from('%PDF-1.4\n%EOF\n') });
    expect(picture.status).to.equal(422);
    const versions = await t.database.db.select().from(submissionVersions).innerJoin(submissions, eq(submissions.id, submissionVersions.submissionId)).where(eq(submissions.assignmentId, ids.A));
    expect(versions, 'still only the first upload').to.have.length(1);
  });

  it('when the upload is larger than the assignment allows, then it is refused as too large and nothing is stored', async () => {
    const leader = await launchAs('2', [role('Instructor')]);
    const edit = await leader.get(`/assignments/${ids.B}/edit`);
    const values = Object.fromEntries([...edit.html.matchAll(/<input[^>]*name="([a-zA-Z]+)"[^>]*value="([^"]*)"/g)].map((match) => [match[1], match[2]]));
    const saved = await leader.post(`/assignments/${ids.B}/edit`, { ...values, title: 'Redovisning B', acceptedFormats: ['pptx'], maxMegabytes: '1', notesRequired: 'on' });
    expect(saved.status, saved.html.slice(0, 300)).to.equal(303);
    const bo = await launchAs('32', [role('Learner')]);
    const big = await bo.upload(`/assignments/${ids.B}/submission`, {}, { name: 'stor.pptx', content: Buffer.concat([await redovisningA(), Buffer.alloc(1024 * 1024)]) });
    expect(big.status).to.equal(422);
    expect(big.html).to.include('The file is larger than the limit');
    const json = await bo.browser.request(`${bo.base}/assignments/${ids.B}/submission`, {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: (() => {
        const form = new FormData();
        form.append('_csrf', bo.csrf);
        form.append('file', new Blob([Buffer.alloc(2 * 1024 * 1024)]), 'stor.pptx');
        return form;
      })(),
    });
    expect(json.status).to.equal(422);
    expect(((await json.json()) as { error: string }).error, 'the progress bar’s script shows the reason').to.include('larger than the limit');
    expect((await t.database.db.select().from(submissions).where(eq(submissions.assignmentId, ids.B)))).to.have.length(0);
  });

  it('when the participant submits as final, then peers see the slides without notes or the original, and leaders see it in the overview and the zip', async () => {
    const anna = await launchAs('31', [role('Learner')]);
    expect((await anna.post(`/assignments/${ids.A}/final`)).status).to.equal(303);
    expect((await anna.get(`/assignments/${ids.A}`)).html).to.include('<strong>Submitted</strong>');

    const bo = await launchAs('32', [role('Learner')]);
    const page = await bo.get(`/assignments/${ids.A}`);
    expect(page.html).to.include('Person 31');
    const [submission] = await t.database.db.select().from(submissions).where(eq(submissions.assignmentId, ids.A));
    const [version] = await t.database.db.select().from(submissionVersions).where(eq(submissionVersions.submissionId, submission!.id));
    const viewer = await bo.get(`/assignments/${ids.A}/submissions/${submission!.id}`);
    expect(viewer.status).to.equal(200);
    expect(viewer.html).to.include('Nuläge');
    expect(viewer.html, 'notes are for the author, staff and leaders unless the assignment shares them').not.to.include('Lärares lärande behöver');
    expect(viewer.html, 'a URL cited only in the notes is as private as the notes').not.to.include('skolverket.se/undervisning');
    expect(viewer.html, 'a citation written only in the notes is as private as the notes').not.to.include('Dufour');
    expect(viewer.html, 'sources on the slides themselves are still listed').to.include('Hattie, J. &amp; Timperley, H. (2007)');
    const ownView = await anna.get(`/assignments/${ids.A}/submissions/${submission!.id}`);
    expect(ownView.html, 'the author sees the sources in the notes').to.include('skolverket.se/undervisning').and.include('Dufour');
    expect((await bo.fetch(`/assignments/${ids.A}/submissions/${submission!.id}/versions/${version!.id}/original`)).status).to.equal(403);

    const leader = await launchAs('2', [role('Instructor')]);
    const overview = await leader.get(`/assignments/${ids.A}/overview`);
    expect(overview.html).to.match(/Submitted<\/dt><dd>1</);
    expect(overview.html, 'Bo launched but has not submitted').to.match(/Person 32<\/td>\s*<td[^>]*><span class="tag">Missing<\/span>/);
    expect(overview.html, 'all 3 content slides have notes (title and references need none)').to.include('100 %');
    const zipResponse = await leader.fetch(`/assignments/${ids.A}/submissions.zip`);
    expect(zipResponse.headers.get('content-type')).to.equal('application/zip');
    const zipFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'natverk-zip-')), 'all.zip');
    fs.writeFileSync(zipFile, Buffer.from(await zipResponse.arrayBuffer()));
    const archive = await ZipArchive.open(zipFile);
    try {
      expect(archive.entries.map((entry) => entry.name)).to.deep.equal(['A - Person 31.pptx']);
      expect((await archive.read('A - Person 31.pptx'))!.length).to.equal(version!.size);
    } finally {
      archive.close();
    }
    const original = await leader.fetch(`/assignments/${ids.A}/submissions/${submission!.id}/versions/${version!.id}/original`);
    expect(original.status).to.equal(200);
    expect(original.headers.get('content-disposition')).to.include('attachment');
  });

  it('when the due time has passed, then a final submission is marked late and withdrawal is refused', async () => {
    const leader = await launchAs('2', [role('Instructor')]);
    const edit = await leader.get(`/assignments/${ids.D}/edit`);
    const values = Object.fromEntries([...edit.html.matchAll(/<input[^>]*name="([a-zA-Z]+)"[^>]*value="([^"]*)"/g)].map((match) => [match[1], match[2]]));
    expect((await leader.post(`/assignments/${ids.D}/edit`, { ...values, acceptedFormats: ['pptx', 'pdf'], dueDate: '2026-01-15', dueTime: '09:00' })).status).to.equal(303);
    const cia = await launchAs('33', [role('Learner')]);
    const deck = await buildDeck([
      { title: 'Redovisning D', text: ['Nätverksplan'] },
      { title: 'Planen', text: ['Kollegialt lärande varje månad'], notes: 'Planen bygger på Hargreaves & Fullan (2013) och vårt arbete under året.' },
      { title: 'Uppföljning', text: ['Elevenkät i maj'] },
    ]);
    expect((await cia.upload(`/assignments/${ids.D}/submission`, {}, { name: 'd.pptx', content: deck })).status).to.equal(303);
    expect((await cia.post(`/assignments/${ids.D}/final`)).status).to.equal(303);
    const [submission] = await t.database.db.select().from(submissions).where(eq(submissions.assignmentId, ids.D));
    expect(submission!.late).to.equal(true);
    expect((await cia.get(`/assignments/${ids.D}`)).html).to.include('Late');
    const withdraw = await cia.post(`/assignments/${ids.D}/withdraw`);
    expect(withdraw.status).to.equal(422);
    expect(withdraw.html).to.include('only before the due time');
    const overview = await leader.get(`/assignments/${ids.D}/overview`);
    expect(overview.html, 'one of the two content slides has notes').to.include('50 %').and.include('Submitted late');
  });

  it('when the participant records the conversation with the school leader, then a school leader not yet responsible for their school neither reads nor confirms it', async () => {
    const anna = await launchAs('31', [role('Learner')]);
    expect((await anna.post(`/assignments/${ids.A}/conversation`, { developmentArea: 'Återkoppling i matematik, åk 4–6' })).status).to.equal(303);
    const [conversation] = await t.database.db.select().from(leaderConversations);
    const leader = await launchAs('2', [role('Instructor')]);
    expect((await leader.get(`/assignments/${ids.A}`)).html, 'those who run the network read every conversation').to.include('Återkoppling i matematik, åk 4–6');
    // Any Mentor launch used to read and confirm every teacher's development area; until schools tie a school
    // leader to their own teachers, a school leader is responsible for nobody.
    const schoolLeader = await launchAs('41', [role('Mentor')]);
    const page = await schoolLeader.get(`/assignments/${ids.A}`);
    expect(page.status).to.equal(200);
    expect(page.html).not.to.include('Återkoppling i matematik, åk 4–6');
    expect(page.html).not.to.include(`conversations/${conversation!.id}/confirm`);
    expect((await schoolLeader.post(`/assignments/${ids.A}/conversations/${conversation!.id}/confirm`)).status).to.equal(403);
    expect((await anna.post(`/assignments/${ids.A}/conversations/${conversation!.id}/confirm`)).status, 'a participant cannot confirm their own').to.equal(403);
    expect((await anna.get(`/assignments/${ids.A}`)).html).not.to.include('Confirmed by the school leader');
  });

  it('when someone from another network or a participant without rights asks for a submission, then it is not there', async () => {
    const [submission] = await t.database.db.select().from(submissions).where(eq(submissions.assignmentId, ids.A));
    const outsider = await launchAs('31', [role('Learner')], { [claim('context')]: { id: 'other-network', title: 'Annat nätverk', type: ['CourseSection'] } });
    expect((await outsider.get(`/assignments/${ids.A}`)).status).to.equal(404);
    expect((await outsider.get(`/assignments/${ids.A}/submissions/${submission!.id}`)).status).to.equal(404);
    const participant = await launchAs('32', [role('Learner')]);
    expect((await participant.get(`/assignments/${ids.A}/overview`)).status).to.equal(403);
    expect((await participant.get(`/assignments/${ids.A}/edit`)).status).to.equal(403);
    expect((await participant.fetch(`/assignments/${ids.A}/submissions.zip`)).status).to.equal(403);
  });

  it('when a leader adds assignment A by deep linking, then the platform gets an item with its own gradebook column and the launch opens the assignment', async () => {
    const browser = new LtiBrowser();
    const chooser = await browser.launch(t.registration, t.platform, {
      messageType: 'LtiDeepLinkingRequest',
      claims: { sub: '2', [claim('launch_presentation')]: { locale: 'en' } },
    });
    expect(chooser.body).to.include(`value="assignment:${ids.A}"`);
    const placed = await browser.request(chooser.url, { method: 'POST', body: new URLSearchParams([['_csrf', csrfOf(chooser.body)], ['items', `assignment:${ids.A}`], ['progressMaximum', '10']]) });
    await browser.submitForm(await placed.text(), chooser.url);
    const item = t.platform.deepLinkResponses.at(-1)!.contentItems[0];
    expect(item.lineItem).to.deep.include({ scoreMaximum: 10, resourceId: `natverk-assignment-${ids.A}` });
    expect(item.title).to.equal('Presentation A: Uppdrag och utvecklingsområden');
    const participant = await new LtiBrowser().launch(t.registration, t.platform, {
      claims: { sub: '31', [claim('roles')]: [role('Learner')], [claim('custom')]: item.custom, [claim('launch_presentation')]: { locale: 'en' } },
    });
    expect(participant.url).to.match(new RegExp(`/assignments/${ids.A}$`));
  });

  it('when staff open the overview, then each participant leads to their grading page (the single-number form is gone) and a participant cannot grade', async () => {
    const staff = await launchStaff('4');
    const overview = await staff.get(`/assignments/${ids.A}/overview`);
    const [submission] = await t.database.db.select().from(submissions).where(eq(submissions.assignmentId, ids.A));
    const gradingPage = `/assignments/${ids.A}/grading/${submission!.userId}`;
    expect(overview.html).to.include(`${gradingPage}"`);
    expect(overview.html, 'no single-number grade form any more').not.to.include('name="score"');
    expect((await staff.post(gradingPage, { passed: 'pass', intent: 'graded' })).status).to.equal(303);
    const participant = await launchAs('32', [role('Learner')]);
    expect((await participant.post(gradingPage, { passed: 'again', intent: 'graded' })).status).to.equal(403);
  });

  it('when a grade is released, then the score lands in the assignment’s own gradebook column and the overview says so', async () => {
    const staff = await launchStaff('4');
    const [submitted] = await t.database.db.select().from(submissions).where(eq(submissions.assignmentId, ids.A));
    const userId = submitted!.userId;
    expect((await staff.get(`/assignments/${ids.A}/overview`)).html, 'a row for the one who submitted').to.include(`id="person-${userId}"`);
    // A released pass is 1 of 1, which Moodle scales to the column; the feedback is the score's comment.
    // The form names the version it shows (an earlier test graded this participant already).
    const form = await staff.get(`/assignments/${ids.A}/grading/${userId}`);
    const version = /name="version" value="(\d*)"/.exec(form.html)?.[1] ?? '';
    expect((await staff.post(`/assignments/${ids.A}/grading/${userId}`, { passed: 'pass', feedback: 'Tydlig analys.', intent: 'graded', version })).status).to.equal(303);
    expect((await staff.post(`/assignments/${ids.A}/grading/${userId}/release`, {})).status).to.equal(303);
    const outbox = startGradeOutbox({ db: t.database.db, lti: t.tool.lti, logger: pino({ level: 'silent' }), pollMs: 3_600_000 });
    await outbox.runOnce();
    await outbox.stop();
    const column = t.platform.lineItems.find((item) => item.resourceId === `natverk-assignment-${ids.A}`)!;
    const score = t.platform.scores.filter((s) => s.lineItemUrl === column.id).at(-1)!;
    expect(score.body).to.include({ userId: '31', scoreGiven: 1, scoreMaximum: 1, activityProgress: 'Completed', gradingProgress: 'FullyGraded', comment: 'Tydlig analys.' });
    expect((await staff.get(`/assignments/${ids.A}/overview`)).html).to.include('1 / 1').and.include('In the gradebook');
  });
});

describe('An old .ppt presentation', () => {
  let t: ToolUnderTest;
  before(async function () {
    this.timeout(60_000);
    const { soffice } = await convertersAvailable();
    if (!soffice) this.skip();
    t = await startToolUnderTest({ jobs: false });
  });
  after(async () => {
    await t?.close();
  });

  it('when a participant uploads a .ppt, then LibreOffice converts it in the background and its slides and notes become readable', async function () {
    this.timeout(180_000);
    const leader = await launchMember(t, '2', [role('Instructor')]);
    const created = await leader.post('/assignments/new', {
      letter: 'A', title: 'Redovisning A', dueDate: '2027-03-01', dueTime: '09:00', acceptedFormats: ['pptx', 'ppt'], maxMegabytes: '20', notesRequired: 'on',
    });
    expect(created.status, created.html.slice(0, 300)).to.equal(303);
    const assignmentId = Number(/assignments\/(\d+)/.exec(created.location ?? '')?.[1]);

    // A real .ppt, made by LibreOffice from our Redovisning A deck.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'natverk-ppt-'));
    fs.writeFileSync(path.join(folder, 'deck.pptx'), await redovisningA());
    execFileSync((await convertersAvailable()).soffice!, [`-env:UserInstallation=file://${folder}/profile`, '--headless', '--convert-to', 'ppt', '--outdir', folder, path.join(folder, 'deck.pptx')], { stdio: 'ignore' });
    const ppt = fs.readFileSync(path.join(folder, 'deck.ppt'));

    const anna = await launchMember(t, '31', [role('Learner')]);
    const uploaded = await anna.upload(`/assignments/${assignmentId}/submission`, {}, { name: 'Redovisning A.ppt', content: ppt });
    expect(uploaded.status, uploaded.html.slice(0, 300)).to.equal(303);
    const renderer = startSlideRenderer({ db: t.database.db, files: new FileStore(t.config.uploadsDir), logger: pino({ level: 'silent' }), pollMs: 3_600_000 });
    await renderer.runOnce();
    await renderer.stop();
    const [version] = await t.database.db.select().from(submissionVersions);
    expect(version!.format).to.equal('ppt');
    expect(version!.renderState, version!.renderError ?? '').to.equal('done');
    // The round trip through .ppt keeps the text and notes; which box was the title is not kept for our fixture's layout.
    const nulage = version!.content?.slides.find((slide) => `${slide.title ?? ''} ${slide.text}`.includes('Nuläge'));
    expect(nulage, JSON.stringify(version!.content?.slides.map((slide) => slide.text))).to.not.equal(undefined);
    expect(nulage!.notes).to.include('Timperley, 2013');
    expect(version!.slideImages.length).to.be.greaterThan(0);
  });
});
