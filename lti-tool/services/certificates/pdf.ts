import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { pdfText } from '../programme-pdf';
import type { CertificateWording } from './wording';
import { pdfColors, bytesOf, ensureSpace } from '../pdf-layout';

type Doc = PDFKit.PDFDocument;

export interface CertificatePdfInput {
  wording: CertificateWording;
  language: string;
  code: string;
  verifyUrl: string;
  /** The issue instant: the PDF's CreationDate, so the same certificate gives the same bytes every time. */
  issuedAt: Date;
}

const margins = { top: 64, bottom: 64, left: 64, right: 64 };
const colors = pdfColors;
const qrSize = 96;

/** The certificate (intyg) as one A4 PDF, drawn only from what was stored when it was issued. */
export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  const { wording } = input;
  // One QR module is four pixels: sharp when printed, and the image is exactly the code's matrix.
  const qr = await QRCode.toBuffer(input.verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 4 });
  const doc = new PDFDocument({
    size: 'A4',
    margins,
    lang: input.language,
    displayTitle: true,
    info: { Title: `${wording.heading} – ${wording.participantName}`, Author: 'Nätverk', Creator: 'Nätverk', Producer: 'Nätverk', CreationDate: input.issuedAt },
  });
  const done = bytesOf(doc);
  const width = doc.page.width - margins.left - margins.right;
  const write = (text: string, font: string, size: number, color = colors.text, gap = 4, options: PDFKit.Mixins.TextOptions = {}) => {
    doc.font(font).fontSize(size).fillColor(color).text(pdfText(text), margins.left, doc.y, { width, ...options });
    doc.y += gap;
  };
  if (wording.organiser) write(wording.organiser, 'Helvetica', 10, colors.muted, 18);
  write(wording.heading, 'Helvetica-Bold', 30, colors.accent, 18);
  write(wording.participantName, 'Helvetica-Bold', 20, colors.text, 6);
  write(wording.completed, 'Helvetica', 11, colors.muted, 6);
  write(wording.networkName, 'Helvetica-Bold', 15, colors.text, 8);
  for (const line of [wording.period, wording.hours].filter((line): line is string => line !== null)) write(line, 'Helvetica', 11, colors.text, 2);
  doc.y += 12;
  drawList(doc, write, wording.meetingsHeading, wording.meetings);
  drawList(doc, write, wording.assignmentsHeading, wording.assignments);
  drawSignature(doc, write, wording, width);
  drawVerification(doc, input, qr, width);
  doc.end();
  return done;
}

type Write = (text: string, font: string, size: number, color?: string, gap?: number, options?: PDFKit.Mixins.TextOptions) => void;

function drawList(doc: Doc, write: Write, heading: string, items: string[]): void {
  if (items.length === 0) return;
  write(heading, 'Helvetica-Bold', 12, colors.accent, 4);
  for (const item of items) write(`•  ${item}`, 'Helvetica', 10.5, colors.text, 2, { indent: 0 });
  doc.y += 12;
}

function drawSignature(doc: Doc, write: Write, wording: CertificateWording, width: number): void {
  ensureSpace(doc, 90);
  write(wording.issuedOn, 'Helvetica', 10.5, colors.text, 34);
  doc.moveTo(margins.left, doc.y).lineTo(margins.left + Math.min(220, width), doc.y).lineWidth(0.5).strokeColor(colors.rule).stroke();
  doc.y += 6;
  if (wording.signerName) write(wording.signerName, 'Helvetica-Bold', 11, colors.text, 1);
  if (wording.signerTitle) write(wording.signerTitle, 'Helvetica', 10, colors.muted, 1);
  doc.y += 20;
}

/** The code and the QR code to the public page, where anyone can see what was really issued. */
function drawVerification(doc: Doc, input: CertificatePdfInput, qr: Buffer, width: number): void {
  ensureSpace(doc, qrSize + 8);
  const top = doc.y;
  doc.image(qr, margins.left + width - qrSize, top, { width: qrSize, height: qrSize, link: input.verifyUrl });
  const textWidth = width - qrSize - 16;
  doc.font('Helvetica').fontSize(9).fillColor(colors.muted).text(pdfText(input.wording.codeLabel), margins.left, top + 12, { width: textWidth });
  doc.font('Helvetica-Bold').fontSize(14).fillColor(colors.text).text(input.code, margins.left, doc.y + 2, { width: textWidth, characterSpacing: 1 });
  doc.font('Helvetica').fontSize(9).fillColor(colors.accent).text(input.verifyUrl, margins.left, doc.y + 4, { width: textWidth, link: input.verifyUrl });
  doc.y = Math.max(doc.y, top + qrSize);
}

