import { expect } from 'chai';
import { assignments } from '../../models/schema';
import { launchAs as launchMember, role } from '../support/network-member';
import { buildDeck } from '../support/presentations';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

const pptxType = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

/** Where a piece of the page starts, failing when it is not there at all. */
function positionOf(html: string, marker: string): number {
  const at = html.indexOf(marker);
  expect(at, `"${marker}" on the page`).to.be.at.least(0);
  return at;
}

describe('The participant’s assignment page: status and the next action first', () => {
  let t: ToolUnderTest;
  let ids: Record<'A' | 'B' | 'C' | 'D', number>;
  const launchAs = (sub: string) => launchMember(t, sub, [role('Learner')], {}, 'en');

  before(async function () {
    this.timeout(60_000);
    t = await startToolUnderTest({ jobs: false });
    const leader = await launchMember(t, '2', [role('Instructor')], {}, 'en');
    expect((await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' })).status).to.equal(303);
    const rows = await t.database.db.select().from(assignments);
    ids = Object.fromEntries(rows.map((row) => [row.letter, row.id])) as typeof ids;
  });
  after(async () => {
    await t.close();
  });

  it('when a participant with a draft opens the assignment, then their submission, a primary final button and the upload come before the instructions and guiding questions', async () => {
    const anna = await launchAs('31');
    const deck = await buildDeck([{ title: 'Nuläge', text: ['Kollegialt lärande'], notes: 'Vi utgår från elevernas behov (Timperley, 2013).' }]);
    expect((await anna.upload(`/assignments/${ids.A}/submission`, {}, { name: 'A.pptx', content: deck, type: pptxType })).status).to.equal(303);
    const { html } = await anna.get(`/assignments/${ids.A}`);

    const status = positionOf(html, 'Draft (not submitted)');
    expect(html, 'the final button is the primary one').to.match(/<button class="primary"[^>]*>Submit as final<\/button>/);
    const finalButton = positionOf(html, '>Submit as final</button>');
    const upload = positionOf(html, 'data-upload');
    const instructions = positionOf(html, '<h2>Instructions</h2>');
    const questions = positionOf(html, '<h2>Guiding questions</h2>');
    expect(status, 'the status first').to.be.below(finalButton);
    expect(finalButton, 'then the next action').to.be.below(upload);
    expect(upload, 'the upload before the instructions').to.be.below(instructions);
    expect(upload, 'the upload before the guiding questions').to.be.below(questions);
  });

  it('when notes are required and the current version has none, then the page says so instead of offering the final button, and the post is refused for the same reason', async () => {
    const bo = await launchAs('32');
    const noNotes = await buildDeck([{ title: 'Nuläge', text: ['Kollegialt lärande'] }, { title: 'Plan', text: ['Varje månad'] }]);
    expect((await bo.upload(`/assignments/${ids.A}/submission`, {}, { name: 'utan anteckningar.pptx', content: noNotes, type: pptxType })).status).to.equal(303);

    const before = await bo.get(`/assignments/${ids.A}`);
    expect(before.html).to.include('id="final-blocker"').and.include('You can submit as final once your presentation has speaker notes');
    expect(before.html, 'no final button to click into a refusal').not.to.include('Submit as final</button>');
    expect(positionOf(before.html, 'id="final-blocker"'), 'the reason comes before the instructions').to.be.below(positionOf(before.html, '<h2>Instructions</h2>'));

    const refused = await bo.post(`/assignments/${ids.A}/final`);
    expect(refused.status).to.equal(422);
    expect(refused.html).to.include('This assignment asks for speaker notes, and your presentation has none.');

    const withNotes = await buildDeck([{ title: 'Nuläge', text: ['Kollegialt lärande'], notes: 'Jag leder samtalen i arbetslaget.' }]);
    expect((await bo.upload(`/assignments/${ids.A}/submission`, {}, { name: 'med anteckningar.pptx', content: withNotes, type: pptxType })).status).to.equal(303);
    const after = await bo.get(`/assignments/${ids.A}`);
    expect(after.html, 'with notes the blocker is gone').not.to.include('id="final-blocker"');
    expect(after.html).to.match(/<button class="primary"[^>]*>Submit as final<\/button>/);
  });

  it('when the deck is submitted as final, then the writing advice is gone', async () => {
    const cay = await launchAs('33');
    // Notes but no sources: the advice asks for sources.
    const deck = await buildDeck([{ title: 'Nuläge', text: ['Kollegialt lärande'], notes: 'Jag leder samtalen i arbetslaget och prövar protokoll.' }]);
    expect((await cay.upload(`/assignments/${ids.A}/submission`, {}, { name: 'C.pptx', content: deck, type: pptxType })).status).to.equal(303);
    const draft = await cay.get(`/assignments/${ids.A}`);
    expect(draft.html, 'advice while it is a draft').to.include('class="advice"').and.include('Before you submit');

    expect((await cay.post(`/assignments/${ids.A}/final`)).status).to.equal(303);
    const final = await cay.get(`/assignments/${ids.A}`);
    expect(final.html).to.include('<strong>Submitted</strong>');
    expect(final.html, 'no advice box once final').not.to.include('class="advice"');
    expect(final.html, 'nor the all-clear advice line').not.to.include('Before you submit');
  });
});
