import { translator, type Language, type Translate } from '../../i18n';
import { formatterFor } from '../../i18n/format';
import { pdfText } from '../programme-pdf';
import { a4Margins, pdfColors, drawRule, ensureSpace, drawPageNumbers, startA4Report } from '../pdf-layout';

/** The steering group's progress report: totals over the network and one line per school. No grades, no notes. */
export interface ProgressReport {
  networkName: string;
  period: string | null;
  date: Date;
  timeZone: string;
  participants: number;
  complete: number;
  /** One line per column: "Redovisning A: …" — "12 of 20 submitted". */
  columns: Array<{ label: string; summary: string }>;
  schools: Array<{ name: string; participants: number; complete: number; passed: number }>;
}

type Doc = PDFKit.PDFDocument;

// The programme PDF's page and type: built-in Helvetica (WinAnsi covers the Nordic letters, pdfText folds the rest).
const margins = a4Margins;
const colors = pdfColors;

/** Pure: a report in, the PDF's bytes out. */
export function renderReportPdf(report: ProgressReport, language: Language, createdAt: Date): Promise<Buffer> {
  const t = translator(language);
  const { doc, bytes: done, width } = startA4Report({ title: `${report.networkName} – ${t('gradebook.report.title')}`, language, createdAt });
  draw(doc, t, report, width, language);
  drawPageNumbers(doc, t, width);
  doc.end();
  return done;
}

function draw(doc: Doc, t: Translate, report: ProgressReport, width: number, language: Language): void {
  write(doc, report.networkName, 'Helvetica-Bold', 20, colors.accent, width);
  write(doc, t('gradebook.report.title'), 'Helvetica', 13, colors.muted, width);
  if (report.period) write(doc, `${t('gradebook.report.period')}: ${report.period}`, 'Helvetica', 10, colors.text, width);
  write(doc, `${t('gradebook.report.date')}: ${formatterFor(language, report.timeZone).day(report.date)}`, 'Helvetica', 10, colors.text, width);
  doc.moveDown(0.5);
  drawRule(doc, width);
  heading(doc, t('gradebook.report.totals'), width);
  const share = report.participants ? Math.round((report.complete / report.participants) * 100) : 0;
  table(doc, width, [0.6, 0.4], [
    [t('gradebook.report.participants'), String(report.participants)],
    [t('gradebook.report.complete'), t('gradebook.report.completeShare', { count: report.complete, total: report.participants, percent: share })],
    ...report.columns.map((column) => [column.label, column.summary]),
  ]);
  heading(doc, t('gradebook.report.bySchool'), width);
  table(doc, width, [0.46, 0.18, 0.18, 0.18], [
    [t('gradebook.school'), t('gradebook.report.participants'), t('gradebook.report.complete'), t('gradebook.report.passed')],
    ...report.schools.map((school) => [school.name, String(school.participants), String(school.complete), String(school.passed)]),
  ], true);
}

function heading(doc: Doc, text: string, width: number): void {
  ensureSpace(doc, 40);
  doc.moveDown(0.6);
  write(doc, text, 'Helvetica-Bold', 13, colors.accent, width);
  doc.moveDown(0.2);
}

/** Rows of cells in columns of the given shares of the width; the first row bold when it is a header. */
function table(doc: Doc, width: number, shares: number[], rows: string[][], header = false): void {
  rows.forEach((row, index) => {
    const font = header && index === 0 ? 'Helvetica-Bold' : 'Helvetica';
    doc.font(font).fontSize(10);
    const height = Math.max(...row.map((cell, column) => doc.heightOfString(pdfText(cell), { width: shares[column]! * width - 6 }))) + 4;
    ensureSpace(doc, height);
    const top = doc.y;
    let x = margins.left;
    row.forEach((cell, column) => {
      doc.font(font).fontSize(10).fillColor(colors.text).text(pdfText(cell), x, top, { width: shares[column]! * width - 6 });
      x += shares[column]! * width;
    });
    doc.y = top + height;
    doc.moveTo(margins.left, doc.y - 2).lineTo(margins.left + width, doc.y - 2).lineWidth(0.3).strokeColor(colors.rule).stroke();
  });
  doc.x = margins.left;
}

function write(doc: Doc, text: string, font: string, size: number, color: string, width: number): void {
  doc.font(font).fontSize(size).fillColor(color).text(pdfText(text), margins.left, doc.y, { width });
  doc.moveDown(0.2);
}



