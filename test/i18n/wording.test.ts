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

  it('when one person has left one comment on a presentation, then "who has commented" says it in the singular in every language', () => {
    const said = (lang: 'sv' | 'da' | 'nb' | 'en', comments: number, people: number) =>
      `${translator(lang)('galleryFeedback.who.counts', { count: comments })} ${translator(lang)('galleryFeedback.who.people', { count: people })}`;
    expect(said('en', 1, 1)).to.equal('1 comment from 1 person');
    expect(said('en', 3, 1)).to.equal('3 comments from 1 person');
    expect(said('sv', 1, 1)).to.equal('1 kommentar från 1 person');
    expect(said('da', 1, 1)).to.equal('1 kommentar fra 1 person');
    expect(said('nb', 2, 2)).to.equal('2 kommentarer fra 2 personer');
  });

  it('when a Danish author reads their gallery feedback, then slides are "dias" and the notes "noter", as on the rest of the Danish pages', () => {
    const da = translator('da');
    expect(da('galleryFeedback.page.slide', { number: 2 })).to.equal('Dias 2');
    expect(da('galleryFeedback.page.notes')).to.equal('Noter');
    for (const key of ['regionOf', 'regionNoPicture', 'pointsAtRegion', 'noText']) expect(da(`galleryFeedback.page.${key}`, { id: 1 }), key).not.to.match(/slide|speaker/i);
  });

  it('when a Swedish or Danish page names whose presentation a station shows, then a name ending in s reads right (no "Jonass presentation")', () => {
    for (const lang of ['sv', 'da'] as const) {
      const t = translator(lang);
      for (const key of ['galleryWalk.stationNow', 'galleryWalk.stationTitle']) {
        const text = t(key, { number: 3, author: 'Jonas' });
        expect(text, `${lang} ${key}`).to.include('Jonas').and.not.include('Jonass');
      }
      expect(t('galleryFeedback.page.presentationOf', { name: 'Jonas', number: 3 }), lang).to.include('Jonas').and.not.include('Jonass');
    }
  });
});

