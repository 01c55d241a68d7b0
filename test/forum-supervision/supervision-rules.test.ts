import { expect } from 'chai';
import type { Actor } from '../../lti-tool/policies';
import type { ToolRole } from '../../lti-tool/lti/roles';
import { nextPhaseAfter, supervisionPanelOf, supervisionRefusal, type SupervisionPhase } from '../../lti-tool/services/forums/supervision-rules';

const presenterId = 1;
const facilitatorId = 2;
const actor = (id: number, roles: ToolRole[]): Actor => ({ user: { id }, roles, network: { id: 1, language: 'sv' }, context: { id: 1 }, mentees: new Set(), sessionEndsAt: null });

const people: Record<string, Actor> = {
  presenter: actor(presenterId, ['participant']),
  facilitator: actor(facilitatorId, ['participant']),
  'group member': actor(3, ['participant']),
  leader: actor(4, ['leader']),
};

/** Who may post in each phase: the presenter alone posts the case and the response, and only listens to the reflections. */
const table: Record<SupervisionPhase, Record<string, string | null>> = {
  case: { presenter: null, facilitator: 'supervision.refusals.case', 'group member': 'supervision.refusals.case', leader: 'supervision.refusals.case' },
  questions: { presenter: null, facilitator: null, 'group member': null, leader: null },
  reflections: { presenter: 'supervision.refusals.reflections', facilitator: null, 'group member': null, leader: null },
  response: { presenter: null, facilitator: 'supervision.refusals.response', 'group member': 'supervision.refusals.response', leader: 'supervision.refusals.response' },
  learning: { presenter: null, facilitator: null, 'group member': null, leader: null },
};

/** Who may open the next phase: the thread's facilitator and the network's leaders, never after the last phase. */
const opens: Record<string, boolean> = { presenter: false, facilitator: true, 'group member': false, leader: true };

describe('Peer supervision rules (phase × person)', () => {
  for (const [phase, row] of Object.entries(table) as Array<[SupervisionPhase, Record<string, string | null>]>) {
    for (const [who, refusal] of Object.entries(row)) {
      const thread = { phase, casePresenterId: presenterId, facilitatorId };
      it(`when the ${phase} phase is open, then the ${who} ${refusal ? `is refused (${refusal})` : 'may post'} and ${opens[who] && phase !== 'learning' ? 'may' : 'may not'} open the next phase`, () => {
        expect(supervisionRefusal(thread, people[who]!)).to.equal(refusal);
        const panel = supervisionPanelOf(thread, people[who]!);
        expect(panel.viewerRefusal).to.equal(refusal);
        expect(panel.mayOpenNext).to.equal(opens[who]! && phase !== 'learning');
      });
    }
  }

  it('when a thread has no phase saved yet, then it is at the case, and only the presenter posts', () => {
    const thread = { phase: null, casePresenterId: presenterId, facilitatorId };
    expect(supervisionRefusal(thread, people.presenter!)).to.equal(null);
    expect(supervisionRefusal(thread, people['group member']!)).to.equal('supervision.refusals.case');
    expect(supervisionPanelOf(thread, people.facilitator!).current).to.equal('case');
  });

  it('when the phases follow one another, then they go case → questions → reflections → response → learning and stop', () => {
    const seen: SupervisionPhase[] = ['case'];
    for (let next = nextPhaseAfter('case'); next; next = nextPhaseAfter(next)) seen.push(next);
    expect(seen).to.deep.equal(['case', 'questions', 'reflections', 'response', 'learning']);
  });

  it('when the reflections are open, then the panel marks earlier phases done, that one open, later ones coming, and names the next phase', () => {
    const panel = supervisionPanelOf({ phase: 'reflections', casePresenterId: presenterId, facilitatorId }, people.facilitator!);
    expect(panel.phases.map((p) => `${p.phase}:${p.state}`)).to.deep.equal(['case:done', 'questions:done', 'reflections:open', 'response:coming', 'learning:coming']);
    expect(panel).to.include({ current: 'reflections', whoPosts: 'supervision.who.reflections', nextPhase: 'response', mayOpenNext: true, viewerIsPresenter: false });
  });

  it('when the presenter and a member look at the same phase, then the panel tells the presenter they listen and the member that they may write', () => {
    const thread = { phase: 'reflections' as const, casePresenterId: presenterId, facilitatorId };
    expect(supervisionPanelOf(thread, people.presenter!)).to.include({ viewerIsPresenter: true, viewerRefusal: 'supervision.refusals.reflections', mayOpenNext: false });
    expect(supervisionPanelOf(thread, people['group member']!)).to.include({ viewerIsPresenter: false, viewerRefusal: null, mayOpenNext: false });
  });

  it('when the last phase is open, then there is no next phase to open, even for the facilitator', () => {
    const panel = supervisionPanelOf({ phase: 'learning', casePresenterId: presenterId, facilitatorId }, people.facilitator!);
    expect(panel.nextPhase).to.equal(null);
    expect(panel.mayOpenNext).to.equal(false);
  });

  it('when a person has no role the tool knows, then they may not open a phase even as the named facilitator', () => {
    expect(supervisionPanelOf({ phase: 'case', casePresenterId: presenterId, facilitatorId }, actor(facilitatorId, [])).mayOpenNext).to.equal(false);
  });
});
