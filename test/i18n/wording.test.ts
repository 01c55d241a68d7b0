import { expect } from 'chai';
import { translator } from '../../lti-tool/i18n';

describe('The language review’s wording', () => {
  const sv = translator('sv');

  it('when Swedish pages name a programme opening, a state, a late submission and a due time, then they use the reviewed words', () => {
    expect(sv('meeting.kinds.welcome')).to.equal('Inledning');
    expect(sv('assignments.overview.state')).to.equal('Status');
    expect(sv('grades.state')).to.equal('Status');
    expect(sv('assignments.late')).to.equal('För sent');
    expect(sv('assignments.due')).to.equal('Lämnas in senast');
  });

  it('when a Danish participant withdraws, then the confirmation is a question in Danish question form', () => {
    expect(translator('da')('assignments.withdrawConfirm')).to.match(/^Vil du trække dit oplæg tilbage\?/);
  });

  it('when a score is too high, then the message names the graded column and its maximum in every language, never the progress item', () => {
    for (const lang of ['sv', 'da', 'nb', 'en'] as const) {
      const message = translator(lang)('errors.score_too_high.body', { column: 'Redovisning A: Uppdrag', maximum: 10 });
      expect(message, lang).to.include('Redovisning A: Uppdrag').and.include('10');
      expect(message, lang).not.to.match(/framsteg|progression|progresjon|progress item/i);
    }
  });
});
