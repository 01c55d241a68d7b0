import { expect } from 'chai';
import { assignments, meetings } from '../../models/schema';
import { confirmations, doneAt } from '../../lti-tool/routes/http/flash';
import { launchAs as launchMember, role, type NetworkMember, type PageResult } from '../support/network-member';
import { redovisningA } from '../support/presentations';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const pptxType = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

describe('Confirmations: every action answers where the person acted', () => {
  let t: ToolUnderTest;
  const launchAs = (sub: string, roles: string[], locale = 'en') => launchMember(t, sub, roles, {}, locale);

  /** Follows the post's 303 as a browser does and returns the page it leads to, with where it points. */
  async function followed(member: NetworkMember, answer: PageResult) {
    expect(answer.status, answer.html.slice(0, 300)).to.equal(303);
    const location = new URL(answer.location ?? '', t.url);
    const page = await member.browser.request(location.toString());
    return { url: location, status: page.status, html: await page.text() };
  }

  /** The message the layout shows: one live region with the text. */
  const flashOf = (html: string) => /<p class="notice flash" id="flash" role="status" tabindex="-1">([^<]*)<\/p>/.exec(html)?.[1];

  before(async function () {
    this.timeout(60_000);
    t = await startToolUnderTest({ jobs: false });
    const leader = await launchAs('2', [role('Instructor')]);
    const setUp = await followed(leader, await leader.post('/year/setup', { template: 'pilot-year', startDate: '2030-01-14', timeZone: 'Europe/Stockholm' }));
    expect(flashOf(setUp.html)).to.equal('The year is set up. Check the meetings and assignments below.');
  });
  after(async () => {
    await t.close();
  });

  it('when a participant signs up for a meeting, then the page after the redirect says so and points at the answer', async () => {
    const [meeting] = await t.database.db.select().from(meetings).orderBy(meetings.startsAt);
    const participant = await launchAs('31', [role('Learner')], 'sv');
    const page = await followed(participant, await participant.post(`/meetings/${meeting!.id}/response`, { response: 'yes' }));
    expect(page.status).to.equal(200);
    expect(page.url.hash).to.equal('#answer');
    expect(page.html).to.include('id="answer"');
    expect(flashOf(page.html)).to.equal('Ditt svar är sparat: du är anmäld.');

    const declined = await followed(participant, await participant.post(`/meetings/${meeting!.id}/response`, { response: 'no', reason: 'Sjuk' }));
    expect(flashOf(declined.html)).to.equal('Ditt svar är sparat: du har tackat nej.');
  });

  it('when a participant uploads and submits as final, then each step is confirmed at the submission', async () => {
    const [assignment] = await t.database.db.select().from(assignments).orderBy(assignments.dueAt);
    const participant = await launchAs('32', [role('Learner')]);
    const uploaded = await participant.upload(`/assignments/${assignment!.id}/submission`, {}, { name: 'A.pptx', content: await redovisningA(), type: pptxType });
    const afterUpload = await followed(participant, uploaded);
    expect(afterUpload.url.hash).to.equal('#submission');
    expect(flashOf(afterUpload.html)).to.equal('Your file is uploaded and saved as a draft.');

    const final = await followed(participant, await participant.post(`/assignments/${assignment!.id}/final`));
    expect(final.url.hash).to.equal('#submission');
    expect(flashOf(final.html)).to.equal('Your presentation is submitted as final.');
  });

  it('when a leader saves the settings, then the settings page confirms it once, in the leader’s language', async () => {
    const leader = await launchAs('2', [role('Instructor')], 'nb');
    const settings = await leader.get('/settings');
    const name = /name="name"[^>]*value="([^"]*)"/.exec(settings.html)?.[1] ?? 'Nettverket';
    const saved = await followed(leader, await leader.post('/settings', { name, language: 'en', description: '', timeZone: 'Europe/Stockholm' }));
    expect(flashOf(saved.html)).to.equal('Innstillingene er lagret.');
    expect(saved.html.match(/role="status"/g)?.length, 'one message, not two').to.equal(1);
  });

  it('when the address names a key that is not ours or carries text, then nothing is shown and nothing is reflected', async () => {
    const leader = await launchAs('2', [role('Instructor')]);
    for (const done of ['<script>alert(1)</script>', 'constructor', 'toString', 'settings_saved ', '']) {
      const page = await leader.get(`/settings?done=${encodeURIComponent(done)}`);
      expect(page.status).to.equal(200);
      expect(flashOf(page.html), done).to.equal(undefined);
      expect(page.html).not.to.include('<script>alert(1)');
    }
    const twice = await leader.get('/settings?done=settings_saved&done=roster_synced');
    expect(flashOf(twice.html), 'a repeated parameter is not a key').to.equal(undefined);
  });

  it('when a form is sent back with errors, then no confirmation is shown beside them', async () => {
    const [meeting] = await t.database.db.select().from(meetings).orderBy(meetings.startsAt);
    const participant = await launchAs('33', [role('Learner')]);
    const refused = await participant.post(`/meetings/${meeting!.id}/response?done=signup_saved`, { response: 'maybe' });
    expect(refused.status).to.equal(422);
    expect(flashOf(refused.html)).to.equal(undefined);
  });

  it('when a confirmation is built, then the page keeps its own query and the fragment comes last', () => {
    expect(doneAt('/l/x/grades', 'grade_queued')).to.equal('/l/x/grades?done=grade_queued');
    expect(doneAt('/l/x/roster?tab=all', 'roster_synced', 'top')).to.equal('/l/x/roster?tab=all&done=roster_synced#top');
    expect(new Set(confirmations).size).to.equal(confirmations.length);
  });
});
