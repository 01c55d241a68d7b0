import { expect } from 'chai';
import PDFDocument from 'pdfkit';
import { PDFParse } from 'pdf-parse';
import { bytesOf } from '../../lti-tool/services/pdf-layout';
import { chart, margins } from '../../lti-tool/services/evaluations/report-pdf-blocks';

describe('Evaluation reports: a chart’s SVG drawn into the PDF', () => {
  it('when an SVG chart with Nordic labels is drawn, then its texts are in the PDF and the page moves on below it', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200" viewBox="0 0 600 200" role="img"><title>Hur var dagen?</title>
      <rect x="10" y="20" width="120" height="30" fill="#1f4e79"/><text x="10" y="80" font-family="sans-serif" font-size="14">Blåbär æøå 3</text>
      <text x="10" y="120" font-size="14" font-weight="bold">Søndag 5</text></svg>`;
    const doc = new PDFDocument({ size: 'A4', margins });
    const done = bytesOf(doc);
    const before = doc.y;
    chart(doc, svg);
    const width = doc.page.width - margins.left - margins.right;
    // Wider than the text width: scaled down, keeping its proportions.
    expect(doc.y - before).to.be.closeTo((200 * width) / 600 + 6, 0.5);
    doc.end();
    const parser = new PDFParse({ data: new Uint8Array(await done) });
    const { text } = await parser.getText();
    await parser.destroy();
    expect(text).to.include('Blåbär æøå 3');
    expect(text).to.include('Søndag 5');
  });
});
