import { parse } from 'csv-parse/sync';

/**
 * A strict RFC 4180 reader for checking our exports (csv-parse with nothing relaxed): a quote inside an
 * unquoted field, text after a closing quote or an unclosed quote throws, so a test cannot pass on a file a
 * spreadsheet would read differently. A CR or LF inside quotes is part of the field.
 */
export function readCsvStrictly(text: string): string[][] {
  return parse(text, { bom: false, relax_quotes: false, relax_column_count: false, record_delimiter: ['\r\n', '\n'] }) as string[][];
}
