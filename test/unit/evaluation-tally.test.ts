import { expect } from 'chai';
import fc from 'fast-check';
import type { AnswerValue } from '../../models/schema';
import { parseAnswer, type Question } from '../../lti-tool/services/evaluations/questions';
import { anonymityThreshold, tallyAnswers, tallyBySchool } from '../../lti-tool/services/evaluations/tally';
import { compareScaleQuestions } from '../../lti-tool/services/evaluations/comparison';

const question = (id: number, kind: Question['kind'], options: string[] = []): Question => ({ id, key: `k${id}`, kind, text: `Question ${id}`, lowLabel: '', highLabel: '', options, required: false });
const scale = question(1, 'scale');
const single = question(2, 'single', ['A', 'B', 'C']);
const multiple = question(3, 'multiple', ['X', 'Y']);
const yesno = question(4, 'yesno');
const text = question(5, 'text');
const questions = [scale, single, multiple, yesno, text];

describe('Evaluation answers, one question at a time', () => {
  it('when a scale step, an option, ticked boxes, yes/no and a text are posted, then each is read as the value it stands for', () => {
    expect(parseAnswer(scale, '4', true)).to.deep.equal({ ok: true, value: 4 });
    expect(parseAnswer(single, '2', true)).to.deep.equal({ ok: true, value: 2 });
    expect(parseAnswer(multiple, ['1', '0', '1'], true)).to.deep.equal({ ok: true, value: [0, 1] });
    expect(parseAnswer(yesno, 'no', true)).to.deep.equal({ ok: true, value: false });
    expect(parseAnswer(text, '  Mer tid  ', true)).to.deep.equal({ ok: true, value: 'Mer tid' });
  });

  it('when a value is not one of the question’s own, then it is refused, never clamped', () => {
    expect(parseAnswer(scale, '6', true)).to.deep.equal({ ok: false, problem: 'outOfRange' });
    expect(parseAnswer(scale, '0', true)).to.deep.equal({ ok: false, problem: 'outOfRange' });
    expect(parseAnswer(scale, '3.5', true)).to.deep.equal({ ok: false, problem: 'malformed' });
    expect(parseAnswer(single, '3', true)).to.deep.equal({ ok: false, problem: 'unknownOption' });
    expect(parseAnswer(multiple, ['0', '2'], true)).to.deep.equal({ ok: false, problem: 'unknownOption' });
    expect(parseAnswer(yesno, 'maybe', true)).to.deep.equal({ ok: false, problem: 'malformed' });
    expect(parseAnswer(text, 'x'.repeat(4001), true)).to.deep.equal({ ok: false, problem: 'tooLong' });
    expect(parseAnswer(scale, ['1', '2'], true)).to.deep.equal({ ok: false, problem: 'malformed' });
  });

  it('when a required question is left empty, then submitting is refused but saving to go on later is not', () => {
    const required = { ...scale, required: true };
    expect(parseAnswer(required, '', true)).to.deep.equal({ ok: false, problem: 'required' });
    expect(parseAnswer(required, undefined, false)).to.deep.equal({ ok: true, value: null });
  });
});

describe('The tally of a form’s answers', () => {
  const answer = (values: Record<number, AnswerValue>) => Object.fromEntries(Object.entries(values)) as Record<string, AnswerValue>;

  it('when any answers are counted, then each category’s count is the number of answers that chose it, and the mean is the steps’ mean', () => {
    const valuesArbitrary = fc.record({ 1: fc.integer({ min: 1, max: 5 }), 2: fc.integer({ min: 0, max: 2 }), 4: fc.boolean() });
    fc.assert(
      fc.property(fc.array(valuesArbitrary, { minLength: 5, maxLength: 60 }), (rows) => {
        const tally = tallyAnswers(questions, rows.map(answer), { anonymous: true });
        const [scaleTally, singleTally, , yesnoTally] = tally.questions;
        expect(scaleTally!.counts).to.deep.equal([1, 2, 3, 4, 5].map((step) => rows.filter((row) => row[1] === step).length));
        expect(singleTally!.counts).to.deep.equal([0, 1, 2].map((index) => rows.filter((row) => row[2] === index).length));
        expect(yesnoTally!.counts).to.deep.equal([rows.filter((row) => row[4]).length, rows.filter((row) => !row[4]).length]);
        expect(scaleTally!.mean).to.be.closeTo(rows.reduce((sum, row) => sum + row[1], 0) / rows.length, 1e-9);
      }),
    );
  });

  it('when an anonymous form has fewer than five answers, then nothing but the count is given; a named form shows its answers', () => {
    const four = Array.from({ length: anonymityThreshold - 1 }, () => answer({ 1: 3, 5: 'Bra dag' }));
    expect(tallyAnswers(questions, four, { anonymous: true })).to.deep.equal({ respondents: 4, shown: false, questions: [] });
    expect(tallyAnswers(questions, four, { anonymous: false }).questions[0]!.counts).to.deep.equal([0, 0, 4, 0, 0]);
    expect(tallyAnswers(questions, [...four, answer({ 1: 5 })], { anonymous: true }).shown).to.equal(true);
  });

  it('when fewer than five wrote a free text, then the texts are withheld; from five they are shown sorted, whatever order they came in', () => {
    const withFour = [...['d', 'b', 'a', 'c'].map((t) => answer({ 5: t })), answer({ 1: 2 })];
    expect(tallyAnswers(questions, withFour, { anonymous: true }).questions[4]!.texts).to.equal(null);
    const withFive = [...withFour, answer({ 5: 'e' })].reverse();
    expect(tallyAnswers(questions, withFive, { anonymous: true }).questions[4]!.texts).to.deep.equal(['a', 'b', 'c', 'd', 'e']);
  });

  it('when one school has fewer than five answers, then no school is shown on its own (the rest would reveal it by subtraction)', () => {
    const at = (schoolId: number | null, count: number) => Array.from({ length: count }, () => ({ schoolId, values: answer({ 1: 4 }) }));
    expect(tallyBySchool(questions, [...at(1, 6), ...at(2, 2)], { anonymous: true })).to.equal(null);
    expect(tallyBySchool(questions, [...at(1, 6), ...at(null, 3)], { anonymous: true })).to.equal(null);
    const shown = tallyBySchool(questions, [...at(1, 6), ...at(2, 5)], { anonymous: true });
    expect(shown!.map((school) => [school.schoolId, school.tally.respondents])).to.deep.equal([
      [1, 6],
      [2, 5],
    ]);
  });

  it('when forms made from one template are compared, then scale questions line up by key and a form without the question gives no number', () => {
    const five = (step: number) => Array.from({ length: 5 }, () => answer({ 1: step }));
    const first = { formId: 1, label: 'Träff 1', tally: tallyAnswers([scale], five(3), { anonymous: true }) };
    const second = { formId: 2, label: 'Träff 2', tally: tallyAnswers([{ ...scale, id: 9, text: 'Dagen som helhet' }], five(4).map((a) => ({ 9: a['1']! })), { anonymous: true }) };
    const third = { formId: 3, label: 'Träff 3', tally: tallyAnswers([single], [], { anonymous: true }) };
    expect(compareScaleQuestions([first, second, third])).to.deep.equal([
      {
        key: 'k1',
        text: 'Dagen som helhet',
        points: [
          { formId: 1, label: 'Träff 1', mean: 3, answered: 5 },
          { formId: 2, label: 'Träff 2', mean: 4, answered: 5 },
          { formId: 3, label: 'Träff 3', mean: null, answered: 0 },
        ],
      },
    ]);
  });
});
