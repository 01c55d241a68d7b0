import { expect } from 'chai';
import { parseGradeForm } from '../../lti-tool/services/grading/grade-form';
import { nextToGrade, type GradingLine } from '../../lti-tool/services/grading/grading-list';
import { defaultCriteria, setUpFormSchema } from '../../lti-tool/services/grading/setup';
import type { GradingSetUp } from '../../lti-tool/services/grading/scale';

const passFail: GradingSetUp = { assignmentId: 1, scale: 'passFail', maxPoints: null, passPoints: null, criteria: [{ id: 'q1', title: 'Nuläge', description: '' }], doubleMarking: false };
const points: GradingSetUp = { ...passFail, scale: 'points', maxPoints: 20, passPoints: 12 };

describe('The grading form and set-up, as pure rules', () => {
  it('when a pass / complete again form is saved as a draft without a result, then it is a draft with the judgements', () => {
    const { form } = parseGradeForm(passFail, { passed: '', 'level-q1': 'partly', 'comment-q1': ' Tydligare nuläge ', feedback: 'Bra', intent: 'draft', version: '3' });
    expect(form).to.deep.include({ result: { passed: null, points: null }, feedback: 'Bra', version: 3, intent: 'draft' });
    expect(form!.criteria).to.deep.equal([{ criterionId: 'q1', level: 'partly', comment: 'Tydligare nuläge' }]);
  });

  it('when points use a decimal comma, then they are read as a number; above the maximum, not a number, or a made-up level, then each is a field message', () => {
    expect(parseGradeForm(points, { points: '12,5', intent: 'graded' }).form!.result.points).to.equal(12.5);
    expect(parseGradeForm(points, { points: '21', intent: 'graded' }).errors).to.deep.equal({ points: 'grading.errors.points_above_maximum' });
    expect(parseGradeForm(points, { points: 'abc', intent: 'graded' }).errors).to.deep.equal({ points: 'grading.errors.points_format' });
    expect(parseGradeForm(points, { points: '', passed: 'pass', intent: 'graded' }).errors).to.deep.equal({ points: 'grading.errors.passed_on_points' });
    expect(parseGradeForm(passFail, { passed: 'maybe', intent: 'draft' }).errors).to.deep.equal({ passed: 'grading.errors.passed_invalid' });
    expect(parseGradeForm(passFail, { passed: 'pass', 'level-q1': 'excellent' }).errors).to.deep.equal({ 'level-q1': 'grading.errors.level' });
  });

  it('when "mark as graded" has no result, then it is refused; a draft without one is not', () => {
    expect(parseGradeForm(passFail, { passed: '', intent: 'graded' }).errors).to.deep.equal({ passed: 'grading.errors.result_required' });
    expect(parseGradeForm(passFail, { passed: '', intent: 'next' }).errors).to.deep.equal({ passed: 'grading.errors.result_required' });
    expect(parseGradeForm(passFail, { passed: '', intent: 'draft' }).errors).to.equal(null);
  });

  it('when the next participant is asked for, then it is the next not finished after this one, round again, and none when all are finished', () => {
    const line = (userId: number, state: GradingLine['state']): GradingLine => ({ userId, name: null, submission: 'final', submissionId: null, state, passed: null, points: null });
    const lines = [line(1, 'notGraded'), line(2, 'graded'), line(3, 'inGrading'), line(4, 'released')];
    expect(nextToGrade(lines, 1)).to.equal(3);
    expect(nextToGrade(lines, 3)).to.equal(1);
    expect(nextToGrade([line(1, 'graded'), line(2, 'released')], 1)).to.equal(null);
  });

  it('when an assignment has guiding questions, then the default criteria are its headings, then teaching and learning and sources; without, three general ones', () => {
    const withQuestions = defaultCriteria({ id: 1, networkId: 1, guidingQuestions: [{ heading: 'Nuläge', questions: ['Hur?', 'Vem?'] }, { heading: 'Utvecklingsstrategier', questions: [] }] }, 'sv');
    expect(withQuestions.map((c) => c.id)).to.deep.equal(['q1', 'q2', 'teaching', 'sources']);
    expect(withQuestions.map((c) => c.title)).to.deep.equal(['Nuläge', 'Utvecklingsstrategier', 'Koppling till undervisning och elevers lärande', 'Källhänvisningar']);
    expect(withQuestions[0]!.description).to.equal('Hur? Vem?');
    expect(defaultCriteria({ id: 2, networkId: 1, guidingQuestions: [] }, 'da').map((c) => c.title)).to.deep.equal(['Sammenhæng med undervisning og elevers læring', 'Refleksion over egen rolle', 'Kildehenvisninger']);
  });

  it('when the set-up repeats or forges a criterion id, then the criterion gets a new one; a pass mark above the maximum is refused', () => {
    const parsed = setUpFormSchema.parse({ scale: 'passFail', criterionId: ['a', 'a', '<x>'], criterionTitle: ['Ett', 'Två', 'Tre'], criterionDescription: ['', '', ''] });
    const criteriaIds = parsed.criteria.map((c) => c.id);
    expect(criteriaIds[0]).to.equal('a');
    expect(new Set(criteriaIds).size).to.equal(3);
    expect(criteriaIds.slice(1).every((id) => /^c-[0-9a-f]{8}$/.test(id))).to.equal(true);
    const refused = setUpFormSchema.safeParse({ scale: 'points', maxPoints: '10', passPoints: '12', criterionTitle: 'Ett' });
    expect(refused.success).to.equal(false);
    expect(refused.error!.issues.map((issue) => issue.message)).to.deep.equal(['pass_points']);
  });
});
