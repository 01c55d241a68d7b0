import { randomBytes } from 'node:crypto';
import PptxGenJS from 'pptxgenjs';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { zipOf, type ZipEntry } from './office-files';

export interface SlideSpec {
  title?: string;
  /** One paragraph each, in the body placeholder. */
  text?: string[];
  notes?: string;
  hidden?: boolean;
}

const layout = 'RUBRIK_OCH_INNEHALL';

/** A real .pptx as pptxgenjs writes it: title and body placeholders, speaker notes, hidden slides. */
export async function buildDeck(slides: SlideSpec[]): Promise<Buffer> {
  const pres = new PptxGenJS();
  pres.defineSlideMaster({
    title: layout,
    objects: [
      { placeholder: { options: { name: 'rubrik', type: 'title', x: 0.5, y: 0.3, w: 9, h: 1 }, text: '' } },
      { placeholder: { options: { name: 'innehall', type: 'body', x: 0.5, y: 1.5, w: 9, h: 3.8 }, text: '' } },
    ],
  });
  for (const spec of slides) {
    const slide = pres.addSlide({ masterName: layout });
    if (spec.title) slide.addText(spec.title, { placeholder: 'rubrik' });
    const lines = spec.text ?? [];
    if (lines.length) slide.addText(lines.map((line, i) => ({ text: line, options: { breakLine: i < lines.length - 1 } })), { placeholder: 'innehall' });
    if (spec.notes) slide.addNotes(spec.notes);
    if (spec.hidden) slide.hidden = true;
  }
  return (await pres.write({ outputType: 'nodebuffer' })) as Buffer;
}

export const redovisningASlides: SlideSpec[] = [
  { title: 'Redovisning A: Uppdrag och utvecklingsområden', text: ['Anna Lindqvist, förstelärare', 'Strandskolan, Kalmar'] },
  {
    title: 'Nuläge',
    text: ['Uppdrag: formativ bedömning i åk 4–6', 'Formulerat av rektor tillsammans med arbetslaget', 'Underlag: elevenkät och resultat i matematik'],
    notes:
      'Mitt uppdrag formulerades av rektor i våras och förankrades på en studiedag. Skolan arbetar med formativ bedömning eftersom elevenkäten visade att eleverna sällan vet vad som förväntas av dem. ' +
      'Lärares lärande behöver utgå från elevernas behov (Timperley, 2013), och styrdokumenten betonar återkoppling (Skolverket, 2022). ' +
      'Läroplanen finns på https://www.skolverket.se/undervisning/grundskolan/laroplan-och-kursplaner-for-grundskolan.',
  },
  {
    title: 'Utvecklingsstrategier',
    text: ['Kollegiala observationer varannan vecka', 'Gemensam analys av elevarbeten', 'Uppföljning i arbetslagen'],
    notes:
      'Jag vill utveckla hur vi ger återkoppling som för lärandet framåt. Hattie & Timperley (2007) visar att återkoppling på uppgifts- och processnivå gör störst skillnad, ' +
      'se doi:10.3102/003465430298487. Kopplingen till undervisningen blir tydlig när vi analyserar elevarbeten tillsammans och prövar nya sätt att formulera återkoppling.',
  },
  {
    title: 'Samtal med skolledaren',
    text: ['Prioritet: återkoppling i matematik', 'Stöd: tid i arbetslagen', 'Uppföljning: elevenkät i maj'],
    notes:
      'Rektor och jag kom fram till att återkoppling i matematik ska prioriteras, eftersom resultaten och enkäten pekar åt samma håll. ' +
      'Rektor ger tid i arbetslagen och vi följer upp med samma enkät i maj. Som Skolverket (2022) skriver är uppföljningen en del av det systematiska kvalitetsarbetet.',
  },
  {
    title: 'Reservbild: enkätresultat',
    text: ['Andel elever som vet vad som förväntas: 42 %'],
    notes: 'Visas bara om någon frågar om underlaget (Dufour m.fl., 2006).',
    hidden: true,
  },
  {
    title: 'Referenser',
    text: [
      'Hattie, J. & Timperley, H. (2007). The power of feedback. Review of Educational Research, 77(1), 81–112. https://doi.org/10.3102/003465430298487',
      'Skolverket (2022). Läroplan för grundskolan, förskoleklassen och fritidshemmet: Lgr22.',
      'Timperley, H. (2013). Det professionella lärandets inneboende kraft. Studentlitteratur.',
    ],
  },
];

/** A Redovisning A deck as a förstelärare would bring it to the first network meeting. */
export const redovisningA = () => buildDeck(redovisningASlides);

/** A long deck with full notes on every slide, for timing and memory. */
export function largeDeck(count: number): Promise<Buffer> {
  return buildDeck(
    Array.from({ length: count }, (_, i) => ({
      title: `Del ${i + 1}: lärande i arbetslaget`,
      text: ['Nuläge och underlag', 'Strategi för kollegialt lärande', 'Uppföljning och utvärdering', 'Stöd från skolledaren'],
      notes: `${'Här fördjupar jag resonemanget om hur arbetslaget analyserar elevernas arbeten och vad det betyder för undervisningen. '.repeat(6)}Se Timperley (2013, s. ${i + 10}) och https://www.skolverket.se/del-${i + 1}.`,
    })),
  );
}

/** The deck with one entry's text rewritten, every other entry kept as it was (as an attacker would edit it). */
export async function rewriteEntry(deck: Buffer, name: string, rewrite: (xml: string) => string): Promise<Buffer> {
  const entries = await entriesOf(deck);
  let found = false;
  const rewritten = entries.map(([entryName, content]): ZipEntry => {
    if (entryName !== name) return [entryName, content];
    found = true;
    return [entryName, rewrite(content.toString('utf8'))];
  });
  if (!found) throw new Error(`no ${name} in the deck`);
  return zipOf(rewritten);
}

/** A deck whose first slide pulls /etc/passwd into its text through an external entity (XXE). */
export async function xxeDeck(): Promise<Buffer> {
  const deck = await buildDeck([{ title: 'Nuläge', text: ['ENTITET'], notes: 'Anteckningar' }]);
  return rewriteEntry(deck, 'ppt/slides/slide1.xml', (xml) =>
    xml.replace('<p:sld ', '<!DOCTYPE p:sld [<!ENTITY e SYSTEM "file:///etc/passwd">]><p:sld ').replace('ENTITET', '&e;'),
  );
}

/** A deck whose notes expand ten entities ten times each, nine levels deep ("billion laughs"). */
export async function billionLaughsDeck(): Promise<Buffer> {
  const deck = await buildDeck([{ title: 'Nuläge', text: ['Punkt'], notes: 'SKRATT' }]);
  const entities = ['<!ENTITY lol0 "lol">'];
  for (let level = 1; level <= 9; level += 1) entities.push(`<!ENTITY lol${level} "${`&lol${level - 1};`.repeat(10)}">`);
  return rewriteEntry(deck, 'ppt/notesSlides/notesSlide1.xml', (xml) =>
    xml.replace('<p:notes ', `<!DOCTYPE p:notes [${entities.join('')}]><p:notes `).replace('SKRATT', '&lol9;'),
  );
}

/** A zip that has a presentation's outer parts but no ppt/presentation.xml. */
export async function deckWithoutPresentation(): Promise<Buffer> {
  const entries = await entriesOf(await buildDeck([{ title: 'Nuläge' }]));
  return zipOf(entries.filter(([name]) => name !== 'ppt/presentation.xml'));
}

/** A deck whose first slide unpacks past any real slide's size (padding compresses to almost nothing). */
export async function deckWithHugeSlide(megabytes: number): Promise<Buffer> {
  const deck = await buildDeck([{ title: 'Nuläge' }]);
  return rewriteEntry(deck, 'ppt/slides/slide1.xml', (xml) => xml.replace('<p:cSld', `${' '.repeat(megabytes * 1024 * 1024)}<p:cSld`));
}

async function entriesOf(zipBuffer: Buffer): Promise<Array<[string, Buffer]>> {
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(zipBuffer, { lazyEntries: true }, (error, opened) => (error ? reject(error) : resolve(opened))),
  );
  const entries: Array<[string, Buffer]> = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      // pptxgenjs writes folder entries too; a rewritten deck is as valid without them.
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      zip.openReadStream(entry, async (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        entries.push([entry.fileName, Buffer.concat(chunks)]);
        zip.readEntry();
      });
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return entries;
}

/** A real deck made heavy by a stored (uncompressed) media part of `megabytes` random bytes, as a deck with a recorded voice-over is. */
export async function heavyDeck(megabytes: number): Promise<Buffer> {
  const entries = await entriesOf(await redovisningA());
  return zipOf([...entries.map(([name, content]): ZipEntry => [name, content]), ['ppt/media/recording.bin', randomBytes(megabytes * 1024 * 1024), { store: true }]]);
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An OpenDocument presentation as LibreOffice Impress writes one: title and outline frames, notes pages, hidden pages by style. */
export async function buildOdp(slides: SlideSpec[], options: { contentPrefix?: string } = {}): Promise<Buffer> {
  const pages = slides.map((slide, index) => {
    const title = slide.title ? `<draw:frame presentation:class="title"><draw:text-box><text:p>${escapeXml(slide.title)}</text:p></draw:text-box></draw:frame>` : '';
    const outline = slide.text?.length
      ? `<draw:frame presentation:class="outline"><draw:text-box><text:list>${slide.text.map((line) => `<text:list-item><text:p><text:span>${escapeXml(line)}</text:span></text:p></text:list-item>`).join('')}</text:list></draw:text-box></draw:frame>`
      : '';
    const number = `<draw:frame presentation:class="page-number"><draw:text-box><text:p>${index + 1}</text:p></draw:text-box></draw:frame>`;
    const notes = `<presentation:notes><draw:page-thumbnail presentation:class="page"/><draw:frame presentation:class="notes"><draw:text-box>${(slide.notes ?? '')
      .split('\n')
      .filter(Boolean)
      .map((line) => `<text:p>${escapeXml(line).replace(/  /g, ' <text:s/>')}</text:p>`)
      .join('')}</draw:text-box></draw:frame></presentation:notes>`;
    return `<draw:page draw:name="page${index + 1}" draw:style-name="${slide.hidden ? 'dpHidden' : 'dp1'}">${title}${outline}${number}${notes}</draw:page>`;
  });
  const content =
    `${options.contentPrefix ?? '<?xml version="1.0" encoding="UTF-8"?>'}<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" office:version="1.3">` +
    `<office:automatic-styles><style:style style:name="dp1" style:family="drawing-page"><style:drawing-page-properties presentation:visibility="visible"/></style:style><style:style style:name="dpHidden" style:family="drawing-page"><style:drawing-page-properties presentation:visibility="hidden"/></style:style></office:automatic-styles>` +
    `<office:body><office:presentation>${pages.join('')}</office:presentation></office:body></office:document-content>`;
  return zipOf([
    ['mimetype', 'application/vnd.oasis.opendocument.presentation', { store: true }],
    ['META-INF/manifest.xml', '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.presentation"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'],
    ['content.xml', content],
  ]);
}
