import PDFDocument from 'pdfkit';
import type { Translate } from '../i18n';
import { pdfText } from './programme-pdf';

type Doc = PDFKit.PDFDocument;

/** The colours every PDF of the tool shares with the programme. */
export const pdfColors = { text: '#1a1a1a', muted: '#5a5a5a', accent: '#1f4e79', rule: '#c8c8c8' };

/** The page of the tool's reports (the programme's margins). */
export const a4Margins = { top: 56, bottom: 64, left: 56, right: 56 };

/**
 * A report on A4 with the tool's margins, its pages buffered so they can be numbered at the end, and its title
 * and language in the file's metadata. `bytes` resolves once the document ends; `width` is the text width.
 */
export function startA4Report(options: { title: string; language: string; author?: string; createdAt: Date }): { doc: Doc; bytes: Promise<Buffer>; width: number } {
  const doc = new PDFDocument({
    size: 'A4',
    margins: a4Margins,
    bufferPages: true,
    lang: options.language,
    displayTitle: true,
    info: { Title: pdfText(options.title), Author: options.author ?? 'Nätverk', Creator: 'Nätverk', Producer: 'Nätverk', CreationDate: options.createdAt },
  });
  return { doc, bytes: bytesOf(doc), width: doc.page.width - a4Margins.left - a4Margins.right };
}

/** The document's bytes once it ends; call it right after creating the document, before anything is drawn. */
export function bytesOf(doc: Doc): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** A thin line across the text width, with a little room after it. */
export function drawRule(doc: Doc, width: number): void {
  const left = doc.page.margins.left;
  doc.moveTo(left, doc.y).lineTo(left + width, doc.y).lineWidth(0.5).strokeColor(pdfColors.rule).stroke();
  doc.y += 6;
}

/** A new page when what comes next would not fit above the bottom margin. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/** "Page N of M" at the foot of every page (the document must buffer its pages). */
export function drawPageNumbers(doc: Doc, t: Translate, width: number): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const left = doc.page.margins.left;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8.5).fillColor(pdfColors.muted);
    doc.text(pdfText(t('programmePdf.page', { page: index + 1, pages: range.count })), left, doc.page.height - 40, { width, align: 'right', lineBreak: false });
  }
}
