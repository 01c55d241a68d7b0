import type { Translate } from '../../i18n';
import { formatterFor, type Formatter } from '../../i18n/format';
import { drawPageNumbers, drawRule, pdfColors, startA4Report } from '../pdf-layout';
import { comparisonChartSvg, distributionChartSvg } from './charts';
import type { ComparedQuestion } from './comparison';
import { categoryLabelsOf } from './labels';
import type { Question } from './questions';
import type { FormReport } from './report-data';
import { chart, heading, margins, table, write, type Doc } from './report-pdf-blocks';
import { anonymityThreshold, type FormTally, type QuestionTally } from './tally';

/** Who the PDF is made for and when: the network, the reader's language, the network's time zone. */
export interface ReportPdfBase {
  networkName: string;
  timeZone: string;
  language: string;
  t: Translate;
  createdAt: Date;
}

/** The year's evaluations for the steering or evaluation group. */
export interface YearReport {
  period: string | null;
  forms: FormReport[];
  comparison: ComparedQuestion[];
}

interface Context {
  doc: Doc;
  t: Translate;
  format: Formatter;
  number: Intl.NumberFormat;
}

/** When a form was (or is) open, in the network's time zone. */
export function openTextOf(t: Translate, format: Formatter, form: FormReport['form']): string {
  if (!form.publishedAt) return t('evaluationReports.notPublished');
  const from = form.opensAt ? format.dateTime(form.opensAt) : null;
  const to = form.closesAt ? format.dateTime(form.closesAt) : null;
  if (from && to) return t('evaluationReports.openBetween', { from, to });
  if (from) return t('evaluationReports.openFrom', { from });
  if (to) return t('evaluationReports.openUntil', { to });
  return t('evaluationReports.openAlways');
}

/** A category's share of those who answered the question, in whole percent. */
export const percentOf = (count: number, answered: number): number => (answered === 0 ? 0 : Math.round((count / answered) * 100));

function startDocument(base: ReportPdfBase, title: string): { doc: Doc; done: Promise<Buffer>; ctx: Context } {
  const { doc, bytes: done } = startA4Report({ title, language: base.language, author: base.networkName || undefined, createdAt: base.createdAt });
  const number = new Intl.NumberFormat(base.language, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return { doc, done, ctx: { doc, t: base.t, format: formatterFor(base.language, base.timeZone), number } };
}

function finish(doc: Doc, t: Translate): void {
  drawPageNumbers(doc, t, doc.page.width - margins.left - margins.right);
  doc.end();
}

/** One form's report as an A4 PDF: pure, the report in, the bytes out. */
export function renderFormReportPdf(base: ReportPdfBase, report: FormReport): Promise<Buffer> {
  const { doc, done, ctx } = startDocument(base, report.form.title);
  write(doc, base.networkName, { size: 11, color: pdfColors.muted });
  drawForm(ctx, report, 20);
  finish(doc, base.t);
  return done;
}

/** The year's evaluations in one PDF: a cover, a summary of every form, the day evaluations compared, then each form. */
export function renderYearReportPdf(base: ReportPdfBase, year: YearReport): Promise<Buffer> {
  const { t } = base;
  const { doc, done, ctx } = startDocument(base, `${t('evaluationReports.yearTitle')} – ${base.networkName}`);
  doc.y = doc.page.height / 3;
  write(doc, base.networkName, { font: 'Helvetica-Bold', size: 24, color: pdfColors.accent, gap: 8 });
  write(doc, t('evaluationReports.yearTitle'), { size: 16, color: pdfColors.muted, gap: 12 });
  if (year.period) write(doc, `${t('evaluationReports.period')}: ${year.period}`, { size: 11 });
  write(doc, `${t('evaluationReports.date')}: ${ctx.format.day(base.createdAt)}`, { size: 11 });
  doc.addPage();
  heading(doc, t('evaluationReports.summary'), 15);
  if (year.forms.length === 0) write(doc, t('evaluationReports.noForms'));
  else
    table(doc, [0.5, 0.3, 0.2], [
      [t('evaluationReports.form'), t('evaluationReports.answeredColumn'), t('evaluationReports.percent')],
      ...year.forms.map((report) => [report.form.title, t('evaluationReports.answered', { count: report.tally.respondents, asked: report.asked }), `${percentOf(report.tally.respondents, report.asked)} %`]),
    ]);
  heading(doc, t('evaluationReports.comparison'), 15);
  if (year.comparison.length === 0) write(doc, t('evaluationReports.noComparison'));
  for (const question of year.comparison) drawComparison(ctx, question);
  for (const report of year.forms) {
    doc.addPage();
    drawForm(ctx, report, 16);
  }
  finish(doc, t);
  return done;
}

function drawComparison(ctx: Context, question: ComparedQuestion): void {
  const { doc, t } = ctx;
  heading(doc, question.text, 11);
  chart(doc, comparisonChartSvg(question.points.map((point) => ({ label: point.label, mean: point.mean })), { title: question.text }));
  table(doc, [0.5, 0.25, 0.25], [
    [t('evaluationReports.form'), t('evaluationReports.mean'), t('evaluationReports.answeredColumn')],
    ...question.points.map((point) => [point.label, point.mean === null ? '–' : ctx.number.format(point.mean), String(point.answered)]),
  ]);
}

function drawForm(ctx: Context, report: FormReport, titleSize: number): void {
  const { doc, t } = ctx;
  write(doc, report.form.title, { font: 'Helvetica-Bold', size: titleSize, color: pdfColors.accent, gap: 6 });
  write(doc, openTextOf(t, ctx.format, report.form), { color: pdfColors.muted });
  write(doc, `${t('evaluationReports.answered', { count: report.tally.respondents, asked: report.asked })} · ${t(report.form.anonymous ? 'evaluationReports.anonymous' : 'evaluationReports.named')}`, { color: pdfColors.muted, gap: 8 });
  drawRule(doc, doc.page.width - margins.left - margins.right);
  if (!report.tally.shown) {
    write(doc, t('evaluationReports.notShown', { count: report.tally.respondents, threshold: anonymityThreshold }), { size: 11 });
    return;
  }
  drawTally(ctx, report.questions, report.tally, true);
  if (!report.bySchool) return;
  heading(doc, t('evaluationReports.bySchool'), 14);
  for (const group of report.bySchool) {
    heading(doc, `${group.name ?? t('evaluationReports.otherSchools')} (${t('evaluationReports.questionAnswered', { count: group.tally.respondents })})`, 12);
    drawTally(ctx, report.questions, group.tally, false);
  }
}

function drawTally(ctx: Context, questions: readonly Question[], tally: FormTally, charts: boolean): void {
  tally.questions.forEach((question, index) => drawQuestion(ctx, questions.find((candidate) => candidate.id === question.questionId)!, question, index + 1, charts));
}

function drawQuestion(ctx: Context, question: Question, tally: QuestionTally, number: number, charts: boolean): void {
  const { doc, t } = ctx;
  heading(doc, `${number}. ${tally.text}`, 11);
  write(doc, `${t(`evaluationReports.kinds.${tally.kind}`)} · ${t('evaluationReports.questionAnswered', { count: tally.answered })}`, { size: 9, color: pdfColors.muted });
  if (tally.kind === 'text') {
    if (tally.texts === null) write(doc, t('evaluationReports.textsWithheld', { threshold: anonymityThreshold }), { color: pdfColors.muted });
    else if (tally.texts.length === 0) write(doc, t('evaluationReports.noTexts'), { color: pdfColors.muted });
    else for (const text of tally.texts) write(doc, `• ${text}`, { indent: 8, gap: 4 });
    return;
  }
  const labels = categoryLabelsOf(question, t);
  if (charts) chart(doc, distributionChartSvg(tally, labels, { title: tally.text }));
  const rows = tally.counts.map((count, category) => [labels[category] ?? String(category + 1), String(count), `${percentOf(count, tally.answered)} %`]);
  if (tally.mean !== null) rows.push([t('evaluationReports.mean'), ctx.number.format(tally.mean), '']);
  table(doc, [0.6, 0.2, 0.2], [[t('evaluationReports.category'), t('evaluationReports.count'), t('evaluationReports.percent')], ...rows]);
}
