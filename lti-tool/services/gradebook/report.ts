import type { Db } from '../../db';
import { notFound } from '../../errors';
import { translator, type Language, type Translate } from '../../i18n';
import { assertAllowed, networkOf, type Actor } from '../../policies';
import { findNetworkById } from '../../../models/year';
import { gradebookFor, type Gradebook } from './gradebook';
import { renderReportPdf, type ProgressReport } from './report-pdf';

export type { ProgressReport };
import { columnText, say } from './texts';


/** Totals and per-school lines from the gradebook of every participant (no filters). */
export function reportOf(gradebook: Gradebook, t: Translate, network: { name: string; periodStart: string | null; periodEnd: string | null; timeZone: string }, date: Date): ProgressReport {
  const progressAt = gradebook.columns.findIndex((column) => column.kind === 'progress');
  const isComplete = (row: Gradebook['rows'][number]) => progressAt >= 0 && row.cells[progressAt]?.state === 'complete';
  const bySchool = new Map<string, ProgressReport['schools'][number]>();
  for (const row of gradebook.rows) {
    const name = row.school ?? t('gradebook.report.noSchool');
    const line = bySchool.get(name) ?? { name, participants: 0, complete: 0, passed: 0 };
    line.participants += 1;
    line.complete += isComplete(row) ? 1 : 0;
    line.passed += row.cells.filter((cell) => cell.passed).length;
    bySchool.set(name, line);
  }
  return {
    networkName: network.name,
    period: network.periodStart || network.periodEnd ? `${network.periodStart ?? ''} – ${network.periodEnd ?? ''}` : null,
    date,
    timeZone: network.timeZone,
    participants: gradebook.rows.length,
    complete: gradebook.rows.filter(isComplete).length,
    columns: gradebook.columns.filter((column) => column.kind !== 'progress').map((column) => ({ label: columnText(t, column), summary: say(t, column.summary) })),
    schools: [...bySchool.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The report as an A4 PDF in the network's language, for staff and leaders. */
export async function gradebookReportPdf(db: Db, dataDir: string, actor: Actor, now = new Date()): Promise<{ fileName: string; body: Buffer }> {
  assertAllowed(actor, 'gradebook.export');
  const networkId = networkOf(actor);
  const network = await findNetworkById(db, networkId);
  if (!network) throw notFound(`network ${networkId}`);
  const language = network.language as Language;
  const t = translator(language);
  const gradebook = await gradebookFor(db, dataDir, actor, { school: null, group: null, state: null }, now);
  const report = reportOf(gradebook, t, network, now);
  return { fileName: `${t('gradebook.report.fileName')}.pdf`, body: await renderReportPdf(report, language, now) };
}
