import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { AppError } from '../../lti-tool/errors';
import { adviceFor } from '../../lti-tool/presentations/advice';
import { findCitations } from '../../lti-tool/presentations/citations';
import { parsePptx, type ParsedPresentation } from '../../lti-tool/presentations/pptx-parser';
import { maxPartBytes } from '../../lti-tool/presentations/safe-xml';
import {
  billionLaughsDeck,
  buildDeck,
  deckWithHugeSlide,
  deckWithoutPresentation,
  largeDeck,
  redovisningA,
  rewriteEntry,
  xxeDeck,
} from '../support/presentations';

describe('A PowerPoint deck is read into slides, notes and sources', () => {
  let folder: string;
  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'natverk-pptx-'));
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  async function parse(deck: Buffer): Promise<ParsedPresentation> {
    const file = path.join(folder, `${Math.random().toString(36).slice(2)}.pptx`);
    fs.writeFileSync(file, deck);
    return parsePptx(file);
  }

  async function refusal(deck: Buffer): Promise<AppError> {
    try {
      await parse(deck);
    } catch (error) {
      if (error instanceof AppError) return error;
      throw error;
    }
    throw new Error('the deck was accepted');
  }

  it('when a Redovisning A deck is read, then its slides come in order with title, text, notes and hidden flag', async () => {
    const { slides } = await parse(await redovisningA());

    expect(slides.map((slide) => [slide.number, slide.title, slide.hidden])).to.deep.equal([
      [1, 'Redovisning A: Uppdrag och utvecklingsområden', false],
      [2, 'Nuläge', false],
      [3, 'Utvecklingsstrategier', false],
      [4, 'Samtal med skolledaren', false],
      [5, 'Reservbild: enkätresultat', true],
      [6, 'Referenser', false],
    ]);
    expect(slides[1]!.text).to.equal('Uppdrag: formativ bedömning i åk 4–6\nFormulerat av rektor tillsammans med arbetslaget\nUnderlag: elevenkät och resultat i matematik');
    expect(slides[1]!.notes).to.match(/^Mitt uppdrag formulerades av rektor i våras/);
    expect(slides[1]!.notes, 'the slide number placeholder of the notes page is not notes').not.to.match(/^\d/);
    expect(slides[0]!.notes).to.equal('');
    expect(slides[0]!.words, 'title and text words').to.equal(10);
    expect(slides[3]!.noteWords).to.equal(46);
  });

  it('when the notes and the reference slide cite sources, then author–year citations, the URL, the DOI and each entry are found once', async () => {
    const { citations } = await parse(await redovisningA());

    const texts = (kind: string) => citations.filter((citation) => citation.kind === kind).map((citation) => citation.text);
    expect(texts('url')).to.deep.equal(['https://www.skolverket.se/undervisning/grundskolan/laroplan-och-kursplaner-for-grundskolan']);
    expect(texts('doi'), 'doi: in the notes and the doi.org link on the reference slide are one DOI').to.deep.equal(['10.3102/003465430298487']);
    expect(texts('author-year')).to.include.members(['(Timperley, 2013)', '(Skolverket, 2022)', 'Hattie & Timperley (2007)', '(Dufour m.fl., 2006)']);
    expect(texts('author-year').filter((text) => /Skolverket/.test(text) && text.length < 25), '"Skolverket (2022)" again on slide 4 is the same source').to.have.length(1);
    expect(citations.filter((citation) => citation.slide === 6).map((citation) => citation.text)).to.deep.equal([
      'Hattie, J. & Timperley, H. (2007). The power of feedback. Review of Educational Research, 77(1), 81–112. https://doi.org/10.3102/003465430298487',
      'Skolverket (2022). Läroplan för grundskolan, förskoleklassen och fritidshemmet: Lgr22.',
      'Timperley, H. (2013). Det professionella lärandets inneboende kraft. Studentlitteratur.',
    ]);
    expect(citations.find((citation) => citation.text === '(Timperley, 2013)')!.slide).to.equal(2);
  });

  it('when a title is a centred title and text holds escaped and numeric characters, then the text comes out as written', async () => {
    const deck = await buildDeck([{ title: 'Mål & medel', text: ['<Lgr22> "styrdokument"', 'TECKEN'], notes: 'Elevernas \'röst\' & lärarnas' }]);
    const edited = await rewriteEntry(deck, 'ppt/slides/slide1.xml', (xml) => xml.replace('type="title"', 'type="ctrTitle"').replace('TECKEN', '&#228;r &#x2022; &amp;lt;'));

    const [slide] = (await parse(edited)).slides;

    expect(slide!.title).to.equal('Mål & medel');
    expect(slide!.text).to.equal('<Lgr22> "styrdokument"\när • &lt;');
    expect(slide!.notes).to.equal("Elevernas 'röst' & lärarnas");
  });

  it('when a shape is stored twice for older readers (mc:AlternateContent), then its text is read once', async () => {
    const shape = '<p:sp><p:txBody><a:p><a:r><a:t>Ny form</a:t></a:r></a:p></p:txBody></p:sp>';
    const wrapped = `<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="p14">${shape}</mc:Choice><mc:Fallback>${shape}</mc:Fallback></mc:AlternateContent>`;
    const deck = await rewriteEntry(await buildDeck([{ title: 'Nuläge', text: ['Punkt'] }]), 'ppt/slides/slide1.xml', (xml) => xml.replace('</p:spTree>', `${wrapped}</p:spTree>`));

    const [slide] = (await parse(deck)).slides;

    expect(slide!.text).to.equal('Punkt\nNy form');
  });

  it('when citations are written the Nordic ways, then each is recognised as author–year', () => {
    const notes = [
      'Återkoppling är avgörande (Hattie, 2009).',
      'Lärande för lärare (Timperley 2013) och (Adolfsson & Alvunger, 2017, s. 23).',
      'Hargreaves & Fullan (2013) talar om professionellt kapital, liksom Dufour m.fl. (2006) och Dufour et al. (2010).',
      'Se även (Skolverket, 2022; OECD, 2019a) och Hattie och Timperley (2007) samt Roald og Irgens (2015).',
      'Inte källor: (se bild 3), (åk 4–6), (2009), (Lgr22) och år 2009.',
    ].join(' ');

    const found = findCitations([{ number: 1, title: 'Nuläge', text: '', notes }]).map((citation) => citation.text);

    expect(found).to.deep.equal([
      '(Hattie, 2009)',
      '(Timperley 2013)',
      '(Adolfsson & Alvunger, 2017, s. 23)',
      'Hargreaves & Fullan (2013)',
      'Dufour m.fl. (2006)',
      'Dufour et al. (2010)',
      '(Skolverket, 2022)',
      '(OECD, 2019a)',
      'Hattie och Timperley (2007)',
      'Roald og Irgens (2015)',
    ]);
  });

  it('when text is built to make a pattern backtrack, then citations are still found at once', () => {
    const hostile = `${'Aa, '.repeat(20_000)}${'van '.repeat(20_000)}${'('.repeat(20_000)}https://x.se/${')'.repeat(20_000)}`;

    const started = performance.now();
    findCitations([{ number: 1, title: 'Referenser', text: hostile, notes: hostile }]);

    expect(performance.now() - started).to.be.below(1000);
  });

  it('when a deck follows the format, then no advice about notes, wordy slides or sources is given', async () => {
    expect(adviceFor(await parse(await redovisningA()))).to.deep.equal([]);
  });

  it('when slides lack notes, have thin notes or carry the manuscript, then the advice names those slides', async () => {
    const manuscript = 'Vi har under hösten arbetat med att utveckla återkopplingen i matematik genom kollegiala observationer och gemensam analys av elevarbeten i arbetslagen på mellanstadiet.';
    const deck = await buildDeck([
      { title: 'Min presentation' },
      { title: 'Nuläge', text: ['Formativ bedömning'] },
      { title: 'Strategier', text: ['Observationer'], notes: 'Berätta om observationerna.' },
      { title: 'Manus på bilden', text: [manuscript, manuscript], notes: 'Läs upp texten på bilden och lägg till lite om hur det gick i arbetslaget under hösten när vi prövade.' },
      { title: 'Dold', text: ['Reserv'], hidden: true },
    ]);

    expect(adviceFor(await parse(deck))).to.deep.equal([
      { code: 'slides_without_notes', slides: [2] },
      { code: 'short_notes', slides: [3, 4] },
      { code: 'wordy_slides_thin_notes', slides: [4] },
      { code: 'no_sources' },
    ]);
  });

  it('when the only source is on a hidden slide, then the deck is advised to show its sources', async () => {
    const deck = await buildDeck([
      { title: 'Nuläge', text: ['Formativ bedömning'] },
      { title: 'Reserv', notes: 'Bakgrund (Hattie, 2009).', hidden: true },
    ]);

    const presentation = await parse(deck);

    expect(presentation.citations.map((citation) => citation.text)).to.deep.equal(['(Hattie, 2009)']);
    expect(adviceFor(presentation)).to.deep.include({ code: 'no_sources' });
  });

  it('when a slide declares an external entity (XXE), then the deck is refused and the file is never read into it', async () => {
    const error = await refusal(await xxeDeck());

    expect(error.code).to.equal('file_xml_doctype');
    expect(error.status).to.equal(422);
    expect(error.detail).to.match(/slide1\.xml declares a DOCTYPE/);
    expect(error.message).not.to.match(/root:/);
  });

  it('when the notes declare nested entities (billion laughs), then the deck is refused before anything expands', async () => {
    const started = performance.now();
    const error = await refusal(await billionLaughsDeck());

    expect(error.code).to.equal('file_xml_doctype');
    expect(error.detail).to.match(/notesSlide1\.xml declares a DOCTYPE/);
    expect(performance.now() - started).to.be.below(2000);
  });

  it('when the file is not a zip or has no presentation part, then it is refused as file_rejected; an oversized part is named as such', async () => {
    expect((await refusal(Buffer.from('Det här är ingen presentation'))).code).to.equal('file_rejected');
    expect((await refusal(await deckWithoutPresentation())).detail).to.match(/no presentation part/);
    const huge = await refusal(await deckWithHugeSlide(maxPartBytes / (1024 * 1024) + 1));
    expect(huge.code).to.equal('file_part_too_large');
    expect(huge.detail).to.match(/slide1\.xml unpacks to/);
  });

  it('when a long deck is read, then every slide and its notes come through', async () => {
    const { slides, citations } = await parse(await largeDeck(60));

    expect(slides).to.have.length(60);
    expect(slides[59]!.title).to.equal('Del 60: lärande i arbetslaget');
    expect(slides.every((slide) => slide.noteWords > 80)).to.equal(true);
    expect(citations.filter((citation) => citation.kind === 'url')).to.have.length(60);
  });
});
