import type { Db } from '../../db';
import { translator, type Language, type Translate } from '../../i18n';
import type { Actor } from '../../policies';
import { toCsv, type CsvCell } from '../../render/csv';
import { categoryLabelsOf } from './labels';
import type { Question } from './questions';
import { loadFormReports, reportScopeOf, type FormReport } from './report-data';
import { percentOf } from './report-pdf';
import { fileNameOf } from './reports';
import { formInScope } from './scope';
import { anonymityThreshold } from './tally';

/**
 * A form's results as CSV: aggregates only, never a row per person — one row per question and category (count,
 * percent of those who answered the question), a mean row for each scale question, and the free texts one row
 * each exactly as the tally shows them (withheld below the threshold). Through the tool's one CSV writer: formulas
 * neutralised, UTF-8 with a byte order mark.
 */
export async function formResultsCsv(db: Db, actor: Actor, formId: number, language: Language): Promise<{ fileName: string; body: string }> {
  await reportScopeOf(db, actor);
  const form = await formInScope(db, actor, formId);
  const [report] = await loadFormReports(db, actor, [form]);
  const t = translator(language);
  return { fileName: `${fileNameOf(form.title, t('evaluationReports.fileName'))}.csv`, body: toCsv(rowsOf(report!, t)) };
}

/** The CSV's rows, header first. */
export function rowsOf(report: FormReport, t: Translate): CsvCell[][] {
  const header = [t('evaluationReports.csv.number'), t('evaluationReports.csv.question'), t('evaluationReports.csv.kind'), t('evaluationReports.category'), t('evaluationReports.count'), t('evaluationReports.percent'), t('evaluationReports.csv.value')];
  const respondents: CsvCell[] = [null, report.form.title, null, t('evaluationReports.csv.respondents'), report.tally.respondents, percentOf(report.tally.respondents, report.asked), t('evaluationReports.answered', { count: report.tally.respondents, asked: report.asked })];
  if (!report.tally.shown) {
    return [header, respondents, [null, report.form.title, null, t('evaluationReports.csv.withheld'), null, null, t('evaluationReports.notShown', { count: report.tally.respondents, threshold: anonymityThreshold })]];
  }
  const rows: CsvCell[][] = [header, respondents];
  report.tally.questions.forEach((tally, index) => {
    const question: Question = report.questions.find((candidate) => candidate.id === tally.questionId)!;
    const start: CsvCell[] = [index + 1, tally.text, t(`evaluationReports.kinds.${tally.kind}`)];
    if (tally.kind === 'text') {
      if (tally.texts === null) rows.push([...start, t('evaluationReports.csv.withheld'), tally.answered, null, t('evaluationReports.textsWithheld', { threshold: anonymityThreshold })]);
      else for (const text of tally.texts) rows.push([...start, t('evaluationReports.csv.text'), null, null, text]);
      return;
    }
    const labels = categoryLabelsOf(question, t);
    tally.counts.forEach((count, category) => rows.push([...start, labels[category] ?? String(category + 1), count, percentOf(count, tally.answered), null]));
    if (tally.mean !== null) rows.push([...start, t('evaluationReports.mean'), null, null, Math.round(tally.mean * 100) / 100]);
  });
  return rows;
}
