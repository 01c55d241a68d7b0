import { expect } from 'chai';
import { translator, type Language } from '../../lti-tool/i18n';
import { adviceFor, type Advice } from '../../lti-tool/presentations/advice';
import type { ParsedSlide } from '../../lti-tool/presentations/pptx-parser';

const notes = 'Här fördjupar jag tankarna om återkopplingen och relaterar dem till litteraturen om formativ bedömning (Wiliam, 2011) och det vi prövade i arbetslaget under hösten, när vi observerade varandras lektioner och analyserade elevarbeten tillsammans.';

function slide(number: number, title: string, overrides: Partial<ParsedSlide> = {}): ParsedSlide {
  const text = overrides.text ?? 'Formativ bedömning i matematik';
  const noteText = overrides.notes ?? notes;
  const count = (value: string) => value.split(/\s+/).filter(Boolean).length;
  return { number, title, text, notes: noteText, hidden: false, words: count(`${title} ${text}`), noteWords: count(noteText), ...overrides };
}

/** What the assignment page shows for one piece of advice (as views/assignments/show.ejs asks for it). */
const say = (lang: Language, advice: Advice) =>
  translator(lang)(`assignments.advice.${advice.code}`, 'slides' in advice ? { slides: advice.slides.map(String), count: advice.slides.length } : {});

describe('Writing advice on a presentation', () => {
  it('when the title slide and a reference list have no notes, then neither is flagged, only the content slides are', () => {
    const deck = [
      slide(1, 'Redovisning A', { text: 'Anna Berg, Västra skolan', notes: '', noteWords: 0 }),
      slide(2, 'Nuläge', { notes: '', noteWords: 0 }),
      slide(3, 'Strategier'),
      slide(4, 'Litteraturförteckning', { text: 'Wiliam, D. (2011). Embedded formative assessment. Solution Tree.', notes: '', noteWords: 0 }),
    ];
    expect(adviceFor({ slides: deck, citations: [] })).to.deep.equal([{ code: 'slides_without_notes', slides: [2] }]);
  });

  it('when reference slides are titled as Danish, Norwegian or English decks title them, then they are not flagged either', () => {
    for (const title of ['Kildeliste', 'Referanseliste', 'Works cited', 'Referenser:']) {
      const deck = [slide(1, 'Nuläge'), slide(2, title, { text: 'Hattie, J. (2009). Visible learning. Routledge.', notes: '', noteWords: 0 })];
      expect(adviceFor({ slides: deck, citations: [] }), title).to.deep.equal([]);
    }
  });

  it('when one slide lacks notes, then the advice names that slide in words, not as a count, in every language', () => {
    const advice: Advice = { code: 'slides_without_notes', slides: [5] };
    expect(say('sv', advice)).to.match(/^Bild 5 saknar talaranteckningar\./);
    expect(say('da', advice)).to.match(/^Dias 5 har ingen noter\./);
    expect(say('nb', advice)).to.match(/^Lysbilde 5 mangler notater\./);
    expect(say('en', advice)).to.match(/^Slide 5 has no speaker notes\./);
  });

  it('when several slides lack notes, then they are listed with the language’s own "and"', () => {
    const advice: Advice = { code: 'slides_without_notes', slides: [2, 5, 7] };
    expect(say('sv', advice)).to.match(/^Bilderna 2, 5 och 7 saknar talaranteckningar\./);
    expect(say('da', advice)).to.match(/^Dias 2, 5 og 7 har ingen noter\./);
    expect(say('nb', advice)).to.match(/^Lysbildene 2, 5 og 7 mangler notater\./);
    expect(say('en', advice)).to.match(/^Slides 2, 5, and 7 have no speaker notes\./);
  });

  it('when slides have short notes or carry the manuscript, then those advices read as sentences about the named slides', () => {
    expect(say('sv', { code: 'short_notes', slides: [3, 4] })).to.match(/^Bilderna 3 och 4 har mycket korta anteckningar:/);
    expect(say('en', { code: 'wordy_slides_thin_notes', slides: [4] })).to.match(/^Slide 4 has many words while its notes are thin:/);
    expect(say('nb', { code: 'no_sources' })).to.match(/^Ingen kilder oppgitt\./);
  });
});
