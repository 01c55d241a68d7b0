import { expect } from 'chai';
import fc from 'fast-check';
import { assignmentKey, evaluateCompletion, galleryKey, meetingKey, type NetworkFacts, type ParticipantFacts } from '../../lti-tool/services/progress/rule';

/** A network: 0–5 assignments, 0–6 meetings, a rule over them (sometimes naming an assignment that no longer exists). */
const networks = fc
  .record({ assignmentCount: fc.integer({ min: 0, max: 5 }), meetingCount: fc.integer({ min: 0, max: 6 }) })
  .chain(({ assignmentCount, meetingCount }) => {
    const assignments = Array.from({ length: assignmentCount }, (_, i) => ({ id: 10 + i, letter: String.fromCharCode(65 + i), title: `Uppgift ${i}` }));
    const meetingIds = Array.from({ length: meetingCount }, (_, i) => 100 + i);
    const rule = fc.record({
      assignments: fc.oneof(fc.constant('all' as const), fc.subarray([...assignments.map((a) => a.id), 99])),
      minMeetings: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
      minGalleryComments: fc.integer({ min: 0, max: 4 }),
    });
    return rule.map((r): NetworkFacts => ({ rule: r, assignments, meetingIds }));
  });

const participantsOf = (network: NetworkFacts) =>
  fc
    .record({
      passed: fc.subarray(network.assignments.map((a) => a.id)),
      attended: fc.subarray([...network.meetingIds]),
      galleryComments: fc.integer({ min: 0, max: 6 }),
      exempt: fc.subarray([...network.assignments.map((a) => assignmentKey(a.id)), ...network.meetingIds.map(meetingKey), galleryKey]),
    })
    .map(
      (p): ParticipantFacts => ({
        userId: 1,
        passedAssignmentIds: new Set(p.passed),
        attendedMeetingIds: new Set(p.attended),
        galleryComments: p.galleryComments,
        exemptions: new Map(p.exempt.map((key) => [key, `Skäl för ${key}`])),
      }),
    );

/** The rule as the issue states it, written the plain way: count what is asked, count what is done. */
function simpleModel(network: NetworkFacts, person: ParticipantFacts): { met: number; total: number } {
  let met = 0;
  let total = 0;
  for (const a of network.assignments) {
    if (network.rule.assignments !== 'all' && !network.rule.assignments.includes(a.id)) continue;
    total += 1;
    if (person.passedAssignmentIds.has(a.id) || person.exemptions.has(`assignment:${a.id}`)) met += 1;
  }
  const asked = network.rule.minMeetings === null ? network.meetingIds.length : Math.min(network.rule.minMeetings, network.meetingIds.length);
  if (asked > 0) {
    total += 1;
    const counted = network.meetingIds.filter((id) => person.attendedMeetingIds.has(id) || person.exemptions.has(`meeting:${id}`)).length;
    if (counted >= asked) met += 1;
  }
  if (network.rule.minGalleryComments > 0) {
    total += 1;
    if (person.galleryComments >= network.rule.minGalleryComments || person.exemptions.has('gallery')) met += 1;
  }
  return { met, total };
}

describe('Completion rules over generated participants', () => {
  it('when any network and participant are generated, then the rule agrees with the plain model, and share is met / total (1 when nothing is asked)', () => {
    fc.assert(
      fc.property(networks.chain((network) => fc.tuple(fc.constant(network), participantsOf(network))), ([network, person]) => {
        const completion = evaluateCompletion(network, person);
        const model = simpleModel(network, person);
        expect({ met: completion.met, total: completion.total }).to.deep.equal(model);
        expect(completion.share).to.equal(model.total === 0 ? 1 : model.met / model.total);
        expect(completion.complete).to.equal(model.met === model.total);
        expect(completion.share).to.be.within(0, 1);
      }),
      { numRuns: 500 },
    );
  });

  it('when a participant does more (passes, attends, comments), then their share never falls', () => {
    fc.assert(
      fc.property(networks.chain((network) => fc.tuple(fc.constant(network), participantsOf(network), participantsOf(network))), ([network, a, b]) => {
        const union: ParticipantFacts = {
          userId: 1,
          passedAssignmentIds: new Set([...a.passedAssignmentIds, ...b.passedAssignmentIds]),
          attendedMeetingIds: new Set([...a.attendedMeetingIds, ...b.attendedMeetingIds]),
          galleryComments: Math.max(a.galleryComments, b.galleryComments),
          exemptions: a.exemptions,
        };
        expect(evaluateCompletion(network, union).share).to.be.at.least(evaluateCompletion(network, a).share);
      }),
    );
  });

  it('when every requirement is exempted, then the participant is complete, and each exemption carries its reason', () => {
    fc.assert(
      fc.property(networks, (network) => {
        const keys = [...network.assignments.map((a) => assignmentKey(a.id)), ...network.meetingIds.map(meetingKey), galleryKey];
        const person: ParticipantFacts = { userId: 1, passedAssignmentIds: new Set(), attendedMeetingIds: new Set(), galleryComments: 0, exemptions: new Map(keys.map((k) => [k, 'Sjukskriven'])) };
        const completion = evaluateCompletion(network, person);
        expect(completion.complete).to.equal(true);
        for (const r of completion.requirements.filter((r) => r.kind !== 'meetings')) expect(r.exemptReason).to.equal('Sjukskriven');
      }),
    );
  });

  it('when the rule asks for all meetings and a future meeting is not yet attended, then nobody is complete before it', () => {
    const network: NetworkFacts = { rule: { assignments: 'all', minMeetings: null, minGalleryComments: 0 }, assignments: [], meetingIds: [1, 2, 3] };
    const person: ParticipantFacts = { userId: 1, passedAssignmentIds: new Set(), attendedMeetingIds: new Set([1, 2]), galleryComments: 0, exemptions: new Map() };
    const completion = evaluateCompletion(network, person);
    expect(completion.requirements[0]).to.include({ kind: 'meetings', have: 2, need: 3, met: false });
    expect(completion.complete).to.equal(false);
    expect(evaluateCompletion({ ...network, rule: { ...network.rule, minMeetings: 2 } }, person).complete).to.equal(true);
  });
});
