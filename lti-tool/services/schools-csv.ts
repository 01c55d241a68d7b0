import { parse } from 'csv-parse/sync';

/**
 * Reads a CSV of schools (header row; columns name and municipality, in any order; comma or semicolon, as
 * Nordic spreadsheets write it). Bytes that are not UTF-8 are refused rather than guessed at: Latin-1 read as
 * UTF-8 would store "Malm�" for good. Cells are stored as the text they are, never evaluated; the CSV
 * writer neutralises formulas when they leave the tool again.
 */
export type CsvRefusal = 'encoding' | 'columns' | 'empty' | 'quotes';

export class SchoolsCsvRefused extends Error {
  constructor(readonly reason: CsvRefusal) {
    super(`schools csv refused: ${reason}`);
  }
}

const headerNames: Record<string, 'name' | 'municipality'> = {
  name: 'name', namn: 'name', navn: 'name', skola: 'name', skole: 'name', school: 'name',
  municipality: 'municipality', kommun: 'municipality', kommune: 'municipality',
};

export function readSchoolsCsv(bytes: Uint8Array): Array<{ name: string; municipality: string }> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new SchoolsCsvRefused('encoding');
  }
  const rows = parseCsv(text).filter((row) => row.some((cell) => cell.trim() !== ''));
  const [header, ...body] = rows;
  if (!header) throw new SchoolsCsvRefused('empty');
  const columns = header.map((cell) => headerNames[cell.trim().toLowerCase()]);
  const nameAt = columns.indexOf('name');
  const municipalityAt = columns.indexOf('municipality');
  if (nameAt < 0 || municipalityAt < 0) throw new SchoolsCsvRefused('columns');
  return body.map((row) => ({ name: (row[nameAt] ?? '').trim(), municipality: (row[municipalityAt] ?? '').trim() }));
}

/** RFC 4180 (csv-parse) with the delimiter — comma or semicolon — taken from the header line. */
function parseCsv(text: string): string[][] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  try {
    return parse(text, { delimiter, bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch {
    throw new SchoolsCsvRefused('quotes');
  }
}
