import { expect } from 'chai';
import { PDFParse } from 'pdf-parse';
import { seedGalleryWalk, type SeededWalk } from '../support/gallery';
import { giveSlidePictures, seedComment } from '../support/gallery-comments';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';

async function textOf(source: Response | Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: source instanceof Uint8Array ? source : new Uint8Array(await source.arrayBuffer()) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe('gallery walk afterwards: the feedback PDF', () => {
  let t: ToolUnderTest;
  let walk: SeededWalk;

  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    walk = await seedGalleryWalk(t, { participants: 3, locale: 'sv', walk: { anonymous: true, prompts: ['Vad fungerar?', 'Vad kan utvecklas?'] } });
    await giveSlidePictures(t.database.db, t.config.uploadsDir, walk.stationIds[0]!, 2);
    await seedComment(t.database.db, { walkId: walk.walkId, stationId: walk.stationIds[0]!, authorUserId: walk.participantIds[1]!, slide: 2, promptIndex: 0, body: 'Bra att ni mätte före och efter – värt att sprida på skolan!' });
    await seedComment(t.database.db, { walkId: walk.walkId, stationId: walk.stationIds[0]!, authorUserId: walk.participantIds[2]!, slide: 3, promptIndex: 1, body: 'Hur får ni med övriga ämneslag? Æ ø ä.' });
  });
  after(() => t.close());

  it('when the author downloads their feedback, then the PDF is an attachment holding the prompts, the comments with å/ä/ö and the status, without names in an anonymous walk', async () => {
    const response = await walk.participants[0]!.fetch(`/gallery/${walk.walkId}/feedback.pdf`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('application/pdf');
    expect(response.headers.get('content-disposition')).to.match(/^attachment; filename="respons-1\.pdf"/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    // Slides 1 and 2 have rendered pictures: they are drawn into the PDF.
    expect(Buffer.from(bytes).toString('latin1').match(/\/Subtype \/Image/g)?.length).to.be.at.least(1);
    const text = await textOf(bytes);
    expect(text).to.contain('Respons från gallery walken');
    expect(text).to.contain('Vad fungerar?').and.contain('Vad kan utvecklas?');
    expect(text).to.contain('värt att sprida på skolan').and.contain('övriga ämneslag').and.contain('Æ ø ä');
    expect(text).to.contain('Inte besvarad ännu').and.contain('Anonym');
    // Slide 3 has no picture: its text stands in.
    expect(text).to.contain('Fler elever ställer frågor');
    expect(text).not.to.contain('Walker 2').and.not.to.contain('Walker 3');
  });

  it('when the leader downloads a station’s feedback, then the names are in it; a peer may not download it', async () => {
    const station = walk.stationIds[0]!;
    const text = await textOf(await walk.leader.fetch(`/gallery/${walk.walkId}/feedback.pdf?station=${station}`));
    expect(text).to.contain('Walker 2').and.contain('Walker 3');
    expect((await walk.participants[1]!.fetch(`/gallery/${walk.walkId}/feedback.pdf?station=${station}`)).status).to.equal(403);
  });
});
