import { stringify } from 'csv-stringify/sync';

/**
 * The one CSV writer of the tool: every export goes through it, and it is the only module that knows
 * csv-stringify.
 *
 * Spreadsheet formula injection: Excel, LibreOffice and Google Sheets run a cell that starts with = + - @ as a
 * formula (and treat a leading tab or CR the same way), so a guest named =HYPERLINK(…) becomes a live link in
 * the leader's spreadsheet. Following OWASP, a text cell is written with a leading apostrophe when, after any
 * leading whitespace, it starts with one of = + - @ or their full-width forms ＝ ＋ － ＠ (which Excel folds
 * into the ASCII ones), or when it starts with a tab or carriage return. The apostrophe is the spreadsheet's
 * own "this is text" mark, so the value reads the same to a person and nothing is removed.
 *
 * The rule is about where a value comes from, not what it looks like: a text cell is always neutralised,
 * even "-3", because text is what people type; a `number` cell is one we computed and is written as it is,
 * so our own negative numbers stay numbers.
 */
export type CsvCell = string | number | Date | null | undefined;

const formulaStart = /^(?:[\t\r]|[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

/** The text a cell is written as: dates as ISO 8601 (UTC), empty for nothing, text neutralised. */
export function csvCellText(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (cell instanceof Date) return cell.toISOString();
  return formulaStart.test(cell) ? `'${cell}` : cell;
}

/**
 * Rows as one CSV document: RFC 4180 quoting (line ends are LF, as before), and a leading byte order mark so that Excel
 * reads the UTF-8 (å, ä, ö, æ, ø) correctly.
 */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${stringify(rows.map((row) => row.map(csvCellText)))}`;
}
