import { expect } from 'chai';
import { allSubmitted, blindMarkerIds, markingStatus, startRefusal } from '../../lti-tool/services/grading/double-marking-rules';

const draft = (markerUserId: number) => ({ markerUserId, submittedAt: null });
const submitted = (markerUserId: number) => ({ markerUserId, submittedAt: new Date('2027-03-01T10:00:00Z') });
const none = { first: [], second: [] };

describe('Double marking rules', () => {
  it('when nobody is allocated, then the first two graders who start are the markers and a third is refused', () => {
    expect(startRefusal(1, [], none)).to.equal(null);
    expect(startRefusal(2, [draft(1)], none)).to.equal(null);
    expect(startRefusal(3, [draft(1), draft(2)], none)).to.equal('full');
  });

  it('when both places are allocated, then only the allocated markers may start', () => {
    const allocated = { first: [1], second: [2] };
    expect(startRefusal(3, [], allocated)).to.equal('reserved');
    expect(startRefusal(2, [], allocated)).to.equal(null);
    expect(startRefusal(3, [draft(1)], allocated), 'the second place is kept for its marker').to.equal('reserved');
  });

  it('when only a first marker is allocated, then the second place goes to the first other grader who starts', () => {
    const allocated = { first: [1], second: [] };
    expect(startRefusal(3, [], allocated)).to.equal(null);
    expect(startRefusal(4, [draft(3)], allocated), 'the first place stays kept').to.equal('reserved');
    expect(startRefusal(4, [draft(1), draft(3)], allocated)).to.equal('full');
  });

  it('when a grader could still take a marker place, then they count as a marker for seeing marks', () => {
    expect(blindMarkerIds(9, [submitted(1)], none, true)).to.have.members([1, 9]);
    expect(blindMarkerIds(9, [submitted(1), draft(2)], none, false)).to.have.members([1, 2]);
    expect(blindMarkerIds(9, [], { first: [1], second: [2] }, false)).to.have.members([1, 2]);
  });

  it('when both marks are submitted, then every mark is in and the marking waits for agreement', () => {
    expect(allSubmitted([submitted(1), draft(2)])).to.equal(false);
    expect(allSubmitted([submitted(1)])).to.equal(false);
    expect(allSubmitted([submitted(1), submitted(2)])).to.equal(true);
    expect(markingStatus([], false)).to.equal('noMarks');
    expect(markingStatus([submitted(1)], false)).to.equal('waitingForMarks');
    expect(markingStatus([submitted(1), submitted(2)], false)).to.equal('waitingForAgreement');
    expect(markingStatus([submitted(1), submitted(2)], true)).to.equal('agreed');
  });
});
