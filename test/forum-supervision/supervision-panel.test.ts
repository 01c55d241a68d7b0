import { expect } from 'chai';
import ejs from 'ejs';
import path from 'node:path';
import { translator } from '../../lti-tool/i18n';
import type { Actor } from '../../lti-tool/policies';
import { supervisionPanelOf, type SupervisionThread } from '../../lti-tool/services/forums/supervision-rules';

const partial = path.join(__dirname, '../../views/forums/_supervision.ejs');
const viewer = (id: number, roles: Actor['roles'] = ['participant']): Actor => ({ user: { id }, roles, network: { id: 1, language: 'en' }, context: { id: 1 }, mentees: new Set(), sessionEndsAt: null });
const presenterId = 31;
const facilitatorId = 32;

/** The partial as part A's thread page includes it. */
async function panelHtml(thread: SupervisionThread & { id: number }, actor: Actor, language: 'en' | 'sv' = 'en'): Promise<string> {
  return ejs.renderFile(partial, { supervision: supervisionPanelOf(thread, actor), thread, base: '/l/abc', csrfToken: 'token"<x>', t: translator(language) });
}

describe('Peer supervision: the phases panel on the thread page', () => {
  const thread = { id: 7, phase: 'reflections' as const, casePresenterId: presenterId, facilitatorId };

  it('when the reflections are open, then the phases read in order with the open one marked as the current step, and who writes now', async () => {
    const html = await panelHtml(thread, viewer(33));
    const titles = [...html.matchAll(/class="phase-title">([^<]+)</g)].map((m) => m[1]);
    expect(titles).to.deep.equal(['The case', 'Clarifying questions', 'The group’s reflections', 'The presenter’s response', 'What we learned']);
    expect(html.match(/aria-current="step"/g)).to.have.length(1);
    expect(html).to.match(/<li class="phase phase-open" aria-current="step">\s*<span class="phase-number" aria-hidden="true">3<\/span>/);
    expect(html).to.include('<strong>Now:</strong> the group reflects, the case presenter listens.');
    expect(html).to.include('>done<').and.include('>open now<').and.include('>coming<');
  });

  it('when the case presenter looks, then they are told they present the case and listen now, and get no button', async () => {
    const html = await panelHtml(thread, viewer(presenterId));
    expect(html).to.include('You are the case presenter in this supervision.');
    expect(html).to.include('You listen now while the group reflects on your case.');
    expect(html).not.to.include('<form');
  });

  it('when a group member looks, then nothing refuses them and there is no button to open the next phase', async () => {
    const html = await panelHtml(thread, viewer(33));
    expect(html).not.to.include('You are the case presenter').and.not.to.include('You listen now').and.not.to.include('<form');
  });

  it('when the facilitator looks, then the button names the next phase and posts the phase they see, with the token escaped', async () => {
    const html = await panelHtml(thread, viewer(facilitatorId));
    expect(html).to.include('action="/l/abc/forums/threads/7/phase"');
    expect(html).to.include('name="expectedCurrent" value="reflections"');
    expect(html).to.include('Open the next phase: The presenter’s response');
    expect(html).to.include('value="token&#34;&lt;x&gt;"');
  });

  it('when the last phase is open, then the page says every phase is open and offers no button, even to a leader', async () => {
    const html = await panelHtml({ ...thread, phase: 'learning' }, viewer(1, ['leader']));
    expect(html).to.include('Every phase is open.').and.not.to.include('<form');
  });

  it('when the page is in Swedish, then the phases use the words of kollegahandledning', async () => {
    const html = await panelHtml(thread, viewer(presenterId), 'sv');
    expect(html).to.include('Faserna i kollegahandledningen').and.include('Klargörande frågor').and.include('Gruppens reflektioner').and.include('Du är fallpresentatör');
  });
});
