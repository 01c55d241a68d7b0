import { expect } from 'chai';
import { evaluateCompletion, evaluationKey, type NetworkFacts, type ParticipantFacts } from '../../lti-tool/services/progress/rule';

const closedEvaluations = [
  { id: 7, title: 'Utvärdering av dagen, träff 1' },
  { id: 8, title: 'Skattning' },
];
const network = (evaluations: 'none' | 'all' | undefined): NetworkFacts => ({
  rule: { assignments: 'all', minMeetings: null, minGalleryComments: 0, ...(evaluations ? { evaluations } : {}) },
  assignments: [],
  meetingIds: [],
  closedEvaluations,
});
const person = (answered: number[], exemptions: Array<[string, string]> = []): ParticipantFacts => ({
  userId: 1,
  passedAssignmentIds: new Set(),
  attendedMeetingIds: new Set(),
  galleryComments: 0,
  answeredFormIds: new Set(answered),
  exemptions: new Map(exemptions),
});

describe('The completion rule’s evaluations requirement (pure)', () => {
  it('when a rule has no evaluations setting (saved before it existed) or says none, then evaluations are not required', () => {
    for (const setting of [undefined, 'none'] as const) {
      const completion = evaluateCompletion(network(setting), person([]));
      expect(completion.requirements).to.have.length(0);
      expect(completion.complete).to.equal(true);
    }
  });

  it('when the rule asks for every evaluation, then each closed form is one requirement, met when answered', () => {
    const completion = evaluateCompletion(network('all'), person([7]));
    expect(completion.requirements.map((r) => [r.key, r.kind, r.met])).to.deep.equal([
      [evaluationKey(7), 'evaluation', true],
      [evaluationKey(8), 'evaluation', false],
    ]);
    expect(completion.requirements[1]!.evaluation).to.deep.equal({ id: 8, title: 'Skattning' });
    expect(completion.share).to.equal(0.5);
    expect(completion.complete).to.equal(false);
    expect(evaluateCompletion(network('all'), person([7, 8])).complete).to.equal(true);
  });

  it('when a leader exempts one evaluation, then it counts as met with the reason', () => {
    const completion = evaluateCompletion(network('all'), person([7], [[evaluationKey(8), 'Föräldraledig']]));
    expect(completion.requirements[1]).to.include({ met: true, exempt: true, exemptReason: 'Föräldraledig', have: 0 });
    expect(completion.complete).to.equal(true);
  });

  it('when no form has closed yet, then the rule asks nothing of evaluations (an open form can still be answered)', () => {
    const completion = evaluateCompletion({ ...network('all'), closedEvaluations: [] }, person([]));
    expect(completion.total).to.equal(0);
    expect(completion.complete).to.equal(true);
  });
});
