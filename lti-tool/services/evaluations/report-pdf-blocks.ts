import type PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { pdfText } from '../programme-pdf';
import { a4Margins, ensureSpace, pdfColors } from '../pdf-layout';

export type Doc = PDFKit.PDFDocument;

// The programme PDF's page and type: built-in Helvetica (WinAnsi covers å ä ö æ ø, pdfText folds the rest).
export const margins = a4Margins;

/** A paragraph across the text width; long texts wrap and flow on to the next page. */
export function write(doc: Doc, text: string, options: { font?: string; size?: number; color?: string; gap?: number; indent?: number } = {}): void {
  const width = doc.page.width - margins.left - margins.right - (options.indent ?? 0);
  const size = options.size ?? 10;
  doc.font(options.font ?? 'Helvetica').fontSize(size);
  ensureSpace(doc, Math.min(doc.heightOfString(pdfText(text), { width }), size * 3));
  doc.fillColor(options.color ?? pdfColors.text).text(pdfText(text), margins.left + (options.indent ?? 0), doc.y, { width });
  doc.y += options.gap ?? 3;
}

/** A heading kept together with at least a few lines of what follows it. */
export function heading(doc: Doc, text: string, size = 13): void {
  ensureSpace(doc, size * 5);
  doc.y += size * 0.5;
  write(doc, text, { font: 'Helvetica-Bold', size, color: pdfColors.accent, gap: 4 });
}

/** Rows of cells in columns of the given shares of the width; the first row bold (the header). A row never splits. */
export function table(doc: Doc, shares: readonly number[], rows: ReadonlyArray<readonly string[]>): void {
  const width = doc.page.width - margins.left - margins.right;
  rows.forEach((row, index) => {
    const font = index === 0 ? 'Helvetica-Bold' : 'Helvetica';
    doc.font(font).fontSize(9.5);
    const height = Math.max(...row.map((cell, column) => doc.heightOfString(pdfText(cell), { width: shares[column]! * width - 6 }))) + 4;
    ensureSpace(doc, height);
    const top = doc.y;
    let x = margins.left;
    row.forEach((cell, column) => {
      const align = column > 0 && index > 0 && /^[\d.,\s%]+$/.test(cell) ? 'right' : 'left';
      doc.font(font).fontSize(9.5).fillColor(pdfColors.text).text(pdfText(cell), x, top, { width: shares[column]! * width - 6, align });
      x += shares[column]! * width;
    });
    doc.y = top + height;
    doc.moveTo(margins.left, doc.y - 2).lineTo(margins.left + width, doc.y - 2).lineWidth(0.3).strokeColor(pdfColors.rule).stroke();
  });
  doc.x = margins.left;
  doc.y += 4;
}

const sizeOf = (svg: string): { width: number; height: number } => {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const attribute = (name: string) => Number(new RegExp(`\\b${name}="([\\d.]+)`).exec(root)?.[1] ?? NaN);
  const viewBox = /\bviewBox="[\d.\s-]*?([\d.]+)\s+([\d.]+)"/.exec(root);
  const width = attribute('width') || Number(viewBox?.[1]) || 480;
  const height = attribute('height') || Number(viewBox?.[2]) || 240;
  return { width, height };
};

/**
 * The same SVG chart the pages show, drawn as vectors (svg-to-pdfkit), scaled to the text width when wider and
 * moved whole to the next page when it would not fit.
 */
export function chart(doc: Doc, svg: string): void {
  const available = doc.page.width - margins.left - margins.right;
  const size = sizeOf(svg);
  const width = Math.min(size.width, available);
  const height = (size.height * width) / size.width;
  ensureSpace(doc, height + 6);
  SVGtoPDF(doc as unknown as typeof PDFDocument, svg, margins.left, doc.y, { width, height, assumePt: true, fontCallback: (_family, bold) => (bold ? 'Helvetica-Bold' : 'Helvetica') });
  doc.x = margins.left;
  doc.y += height + 6;
}
