import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import type { Db } from '../../db';
import type { FileStore } from '../../files/file-store';
import { translator, type Language, type Translate } from '../../i18n';
import type { Actor } from '../../policies';
import { pdfText } from '../programme-pdf';
import { feedbackPage, type FeedbackPage } from './feedback';
import type { CommentView, SlideFeedback } from './feedback-slides';
import { pdfColors, bytesOf, drawRule, ensureSpace, drawPageNumbers } from '../pdf-layout';

type Doc = PDFKit.PDFDocument;

const margins = { top: 56, bottom: 64, left: 56, right: 56 };
const colors = pdfColors;
const picture = { width: 320, height: 180 };

/**
 * The author's feedback as an A4 PDF: each slide's picture (its text when no picture was rendered) with the
 * comments under it, grouped by prompt, names as the page shows them, and what the author made of each.
 * Built-in Helvetica, whose WinAnsi encoding covers å ä ö æ ø (see programme-pdf's pdfText).
 */
export async function feedbackPdf(
  deps: { db: Db; files: FileStore },
  actor: Actor & { lang: Language },
  walkId: number,
  stationId?: number,
  createdAt = new Date(),
): Promise<{ pdf: Buffer; fileName: string }> {
  const page = await feedbackPage(deps.db, actor, walkId, stationId);
  const t = translator(actor.lang);
  const pdf = await renderFeedbackPdf(page, t, (storedName) => readablePath(deps.files, storedName), createdAt);
  return { pdf, fileName: `${t('galleryFeedback.pdf.fileName')}-${page.station.number}.pdf` };
}

/** A slide picture's path on disk, or null when it is missing (the text is drawn instead). */
function readablePath(files: FileStore, storedName: string): string | null {
  try {
    const file = files.pathOf(storedName);
    return fs.existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

export function renderFeedbackPdf(page: FeedbackPage, t: Translate, pictureOf: (storedName: string) => string | null, createdAt: Date): Promise<Buffer> {
  const title = `${page.walk.title} – ${page.station.authorName ?? t('common.unnamedUser')}`;
  const doc = new PDFDocument({ size: 'A4', margins, bufferPages: true, displayTitle: true, info: { Title: pdfText(title), Author: 'Nätverk', Creator: 'Nätverk', CreationDate: createdAt } });
  const done = bytesOf(doc);
  const width = doc.page.width - margins.left - margins.right;
  write(doc, t('galleryFeedback.pdf.heading'), 'Helvetica-Bold', 20, colors.accent, width);
  write(doc, title, 'Helvetica', 12, colors.muted, width);
  doc.moveDown(0.5);
  if (!page.slides.some((slide) => slide.groups.length)) write(doc, t('galleryFeedback.page.none'), 'Helvetica-Oblique', 11, colors.muted, width);
  for (const slide of page.slides) drawSlide(doc, slide, t, pictureOf, width);
  drawPageNumbers(doc, t, width);
  doc.end();
  return done;
}

function drawSlide(doc: Doc, slide: SlideFeedback, t: Translate, pictureOf: (storedName: string) => string | null, width: number): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.8);
  drawRule(doc, width);
  write(doc, t('galleryFeedback.page.slide', { number: slide.number }) + (slide.title ? `: ${slide.title}` : ''), 'Helvetica-Bold', 14, colors.accent, width);
  const file = slide.image ? pictureOf(slide.image) : null;
  if (file) {
    ensureSpace(doc, picture.height + 8);
    doc.image(file, margins.left, doc.y, { fit: [picture.width, picture.height] });
    doc.y += picture.height + 8;
  } else if (slide.text.trim()) {
    write(doc, slide.text, 'Helvetica', 10, colors.muted, width);
  }
  if (slide.change) write(doc, changeLine(slide, t), 'Helvetica-Oblique', 10, colors.muted, width);
  if (slide.reactions.length) write(doc, slide.reactions.map((reaction) => `${t(`galleryFeedback.reactions.${reaction.kind}`)}: ${reaction.count}`).join(' · '), 'Helvetica', 9, colors.muted, width);
  for (const group of slide.groups) {
    ensureSpace(doc, 40);
    doc.moveDown(0.4);
    write(doc, group.prompt ?? t('galleryFeedback.page.freeComments'), 'Helvetica-Bold', 11, colors.text, width);
    for (const comment of group.comments) drawComment(doc, comment, t, width);
  }
}

function changeLine(slide: SlideFeedback, t: Translate): string {
  const change = slide.change!;
  return t(`galleryFeedback.change.${change.kind}`, { version: change.version });
}

function drawComment(doc: Doc, comment: CommentView, t: Translate, width: number): void {
  ensureSpace(doc, 36);
  const indent = 12;
  if (comment.body === null) {
    write(doc, t('galleryFeedback.page.hiddenForAuthor', { reason: comment.hidden?.reason ?? '' }), 'Helvetica-Oblique', 10, colors.muted, width - indent, margins.left + indent);
    return;
  }
  write(doc, comment.body, 'Helvetica', 10.5, colors.text, width - indent, margins.left + indent);
  const about = [comment.commenterName ?? t('galleryFeedback.page.anonymous'), statusText(comment, t), comment.helpful ? t('galleryFeedback.page.helpful') : null, comment.hidden ? t('galleryFeedback.page.hiddenTag') : null];
  write(doc, about.filter(Boolean).join(' · '), 'Helvetica', 8.5, colors.muted, width - indent, margins.left + indent);
  for (const reply of comment.replies) {
    write(doc, `${reply.name ?? t('galleryFeedback.page.anonymous')}: ${reply.body}`, 'Helvetica', 9.5, colors.text, width - 2 * indent, margins.left + 2 * indent);
  }
  doc.moveDown(0.3);
}

function statusText(comment: CommentView, t: Translate): string {
  if (!comment.response) return t('galleryFeedback.status.none');
  return t(`galleryFeedback.status.${comment.response}`, { version: comment.responseVersion ?? '' });
}

function write(doc: Doc, text: string, font: string, size: number, color: string, width: number, x = margins.left): void {
  doc.font(font).fontSize(size).fillColor(color).text(pdfText(text), x, doc.y, { width });
}



