import type { Db } from '../../db';
import { translator, type Language } from '../../i18n';
import type { Actor } from '../../policies';
import { listFormsOfNetwork } from '../../../models/evaluations';
import { listMeetings } from '../../../models/year';
import { compareScaleQuestions } from './comparison';
import { loadFormReports, reportScopeOf } from './report-data';
import { renderFormReportPdf, renderYearReportPdf, type ReportPdfBase } from './report-pdf';
import { formInScope } from './scope';

/** A file name from a title: the title itself (the download header carries any letter), without path characters. */
export const fileNameOf = (title: string, fallback: string): string => title.replace(/[\\/:*?"<>|\r\n\t]+/g, '-').trim().slice(0, 80) || fallback;

/** One form's report as a PDF in the reader's language (leaders and staff). Another network's form is 404. */
export async function formReportPdf(db: Db, actor: Actor, formId: number, language: Language, now = new Date()): Promise<{ fileName: string; body: Buffer }> {
  const { network } = await reportScopeOf(db, actor);
  const form = await formInScope(db, actor, formId);
  const [report] = await loadFormReports(db, actor, [form]);
  const t = translator(language);
  const base: ReportPdfBase = { networkName: network.name, timeZone: network.timeZone, language, t, createdAt: now };
  return { fileName: `${fileNameOf(form.title, t('evaluationReports.fileName'))}.pdf`, body: await renderFormReportPdf(base, report!) };
}

/**
 * The year's evaluations for the steering or evaluation group (Vestfold's kontrollgruppe): every published form,
 * and the day evaluations' scale questions followed across the meetings, in meeting order.
 */
export async function yearReportPdf(db: Db, actor: Actor, language: Language, now = new Date()): Promise<{ fileName: string; body: Buffer }> {
  const { network } = await reportScopeOf(db, actor);
  const [forms, meetings] = await Promise.all([listFormsOfNetwork(db, network.id), listMeetings(db, network.id)]);
  const reports = await loadFormReports(
    db,
    actor,
    forms.filter((form) => form.publishedAt !== null),
  );
  const t = translator(language);
  const meetingOf = new Map(meetings.map((meeting) => [meeting.id, meeting]));
  const numberOf = (meetingId: number | null) => (meetingId === null ? Number.MAX_SAFE_INTEGER : (meetingOf.get(meetingId)?.number ?? Number.MAX_SAFE_INTEGER));
  const days = reports.filter((report) => report.form.kind === 'dayEvaluation').sort((a, b) => numberOf(a.form.meetingId) - numberOf(b.form.meetingId));
  const comparison = compareScaleQuestions(
    days.map((report) => {
      const meeting = report.form.meetingId === null ? undefined : meetingOf.get(report.form.meetingId);
      return { formId: report.form.id, label: meeting ? t('year.meetingNumber', { number: meeting.number }) : report.form.title, tally: report.tally };
    }),
  );
  const period = network.periodStart || network.periodEnd ? `${network.periodStart ?? ''} – ${network.periodEnd ?? ''}` : null;
  const base: ReportPdfBase = { networkName: network.name, timeZone: network.timeZone, language, t, createdAt: now };
  return { fileName: `${t('evaluationReports.yearFileName')}.pdf`, body: await renderYearReportPdf(base, { period, forms: reports, comparison }) };
}
