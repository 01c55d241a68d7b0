import { expect } from 'chai';
import { changeOf, splitSentences, type DeckVersion } from '../../lti-tool/services/gallery/feedback-slides';

const deck = (number: number, slides: Array<{ text: string; notes: string }> | null): DeckVersion => ({
  id: number * 10,
  number,
  format: slides ? 'pptx' : 'pdf',
  slideImages: [],
  content: slides
    ? { slides: slides.map((slide, index) => ({ number: index + 1, title: `S${index + 1}`, hidden: false, words: 1, noteWords: 1, ...slide })), citations: [] }
    : null,
});

describe('gallery feedback: what changed in the next version', () => {
  const v1 = deck(1, [{ text: 'A', notes: 'Ett. Två.' }, { text: 'B', notes: '' }]);

  it('when the newest version is the commented one, then nothing is said', () => {
    expect(changeOf(v1, v1, 1)).to.equal(null);
  });

  it('when a slide’s text or notes changed, then before and after are given; an unchanged slide says nothing; a dropped slide is removed', () => {
    const v2 = deck(2, [{ text: 'A', notes: 'Ett. Tre.' }]);
    expect(changeOf(v1, v2, 1)).to.deep.include({ kind: 'changed', version: 2 });
    expect(changeOf(v1, deck(2, [{ text: 'A', notes: 'Ett. Två.' }, { text: 'B', notes: '' }]), 2)).to.equal(null);
    expect(changeOf(v1, v2, 2)).to.deep.include({ kind: 'removed', version: 2 });
  });

  it('when either version is a PDF (no text), then the change cannot be shown and that is said', () => {
    expect(changeOf(v1, deck(2, null), 1)).to.deep.equal({ kind: 'no_text', version: 2 });
  });

  it('when notes are split, then each sentence is one part', () => {
    expect(splitSentences('Lärarna observerade varandra. Vi använde Timperleys cykel. Det tog tid.')).to.deep.equal(['Lärarna observerade varandra.', 'Vi använde Timperleys cykel.', 'Det tog tid.']);
  });
});
