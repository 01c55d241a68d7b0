import type { Db } from '../../db';
import { translator, type Language } from '../../i18n';
import { assertAllowed, type Actor } from '../../policies';
import { toCsv } from '../../render/csv';
import { gradebookFor, type GradebookFilters } from './gradebook';
import { cellText, columnText } from './texts';

/**
 * The gradebook as CSV for a spreadsheet: the same rows, columns and filters as the page, the header row in
 * the network's language. Every text cell goes through the tool's one CSV writer, which neutralises formulas
 * (a participant named =HYPERLINK(…) stays text) and writes the byte order mark Excel needs.
 */
export async function gradebookCsv(db: Db, dataDir: string, actor: Actor, filters: GradebookFilters, now = new Date()): Promise<{ fileName: string; body: string }> {
  assertAllowed(actor, 'gradebook.export');
  const gradebook = await gradebookFor(db, dataDir, actor, filters, now);
  const t = translator((actor.network?.language ?? 'sv') as Language);
  const header = [t('gradebook.participant'), t('gradebook.school'), ...gradebook.columns.map((column) => columnText(t, column))];
  const rows = gradebook.rows.map((row) => [row.name ?? t('common.unnamedUser'), row.school ?? '', ...row.cells.map((cell) => cellText(t, cell))]);
  return { fileName: `${t('gradebook.fileName')}.csv`, body: toCsv([header, ...rows]) };
}
