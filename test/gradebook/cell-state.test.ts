import { expect } from 'chai';
import { assignmentCellState, meetingCellState, stateFilterOf, type AssignmentCellFacts } from '../../lti-tool/services/gradebook/cell-state';

type Submission = AssignmentCellFacts['submission'];
type Grade = AssignmentCellFacts['grade'];
type Send = AssignmentCellFacts['send'];

const submissions: Array<[string, Submission]> = [
  ['none', null],
  ['draft', { state: 'draft', late: false }],
  ['final', { state: 'final', late: false }],
  ['final late', { state: 'final', late: true }],
  ['withdrawn', { state: 'withdrawn', late: false }],
];
const gradeRows: Array<[string, Grade]> = [
  ['none', null],
  ['inGrading', { state: 'inGrading' }],
  ['graded', { state: 'graded' }],
  ['released', { state: 'released' }],
];
const sends: Array<[string, Send]> = [
  ['none', null],
  ['pending', { state: 'pending' }],
  ['sending', { state: 'sending' }],
  ['sent', { state: 'sent' }],
  ['failed', { state: 'failed' }],
];

/** What the submission alone says (the cell of a reader who may not know about the grade). */
const bySubmission: Record<string, string> = { none: 'missing', draft: 'draft', final: 'submitted', 'final late': 'late', withdrawn: 'missing' };
/** What a visible grade says, by its state and then the latest send. */
const byGrade = (grade: string, send: string): string | undefined => {
  if (grade === 'none') return undefined;
  if (grade !== 'released') return grade;
  return send === 'sent' ? 'sent' : send === 'failed' ? 'sendFailed' : 'released';
};

describe('The state of a gradebook cell', () => {
  for (const [submissionName, submission] of submissions) {
    for (const [gradeName, grade] of gradeRows) {
      for (const [sendName, send] of sends) {
        for (const gradeVisible of [true, false]) {
          const expected = (gradeVisible ? byGrade(gradeName, sendName) : undefined) ?? bySubmission[submissionName];
          it(`when the submission is ${submissionName}, the grade ${gradeName}, the latest send ${sendName} and the grade ${gradeVisible ? 'visible' : 'hidden'}, then the cell says ${expected}`, () => {
            expect(assignmentCellState({ submission, grade, send, gradeVisible })).to.equal(expected);
          });
        }
      }
    }
  }

  it('when a cell is filtered by state, then each state answers to the filter the page names', () => {
    expect(['missing', 'draft', 'submitted', 'late', 'inGrading', 'graded', 'released', 'sent', 'sendFailed'].map((state) => stateFilterOf(state as never) ?? '-')).to.deep.equal([
      'missing', 'missing', 'notGraded', 'notGraded', 'notGraded', 'notReleased', '-', '-', 'sendFailed',
    ]);
  });

  it('when a meeting is checked in, declined, held without the person or still to come, then the cell says attended, declined, absent or upcoming', () => {
    expect(meetingCellState({ checkedIn: true, response: 'no', held: true })).to.equal('attended');
    expect(meetingCellState({ checkedIn: false, response: 'no', held: true })).to.equal('declined');
    expect(meetingCellState({ checkedIn: false, response: 'no', held: false })).to.equal('declined');
    expect(meetingCellState({ checkedIn: false, response: 'yes', held: true })).to.equal('absent');
    expect(meetingCellState({ checkedIn: false, response: null, held: true })).to.equal('absent');
    expect(meetingCellState({ checkedIn: false, response: 'yes', held: false })).to.equal('upcoming');
  });
});
