/**
 * A strict RFC 4180 reader for checking our exports: a quote inside an unquoted field, text after a closing
 * quote or an unclosed quote throws, so a test cannot pass on a file a spreadsheet would read differently.
 * Records end with LF or CRLF; a CR or LF inside quotes is part of the field.
 */
export function readCsvStrictly(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const endField = (field: string) => row.push(field);
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unclosed quote');
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i += 1;
          break;
        } else {
          field += text[i];
          i += 1;
        }
      }
      if (i < text.length && !/^(,|\n|\r\n)/.test(text.slice(i, i + 2))) throw new Error(`text after a closing quote at ${i}`);
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) {
        if (text[i] === '"' || text[i] === '\r') throw new Error(`bare ${JSON.stringify(text[i])} in an unquoted field at ${i}`);
        field += text[i];
        i += 1;
      }
    }
    endField(field);
    if (text[i] === ',') {
      i += 1;
      if (i === text.length) endField('');
    } else {
      i += text[i] === '\r' ? 2 : 1;
      rows.push(row);
      row = [];
    }
  }
  if (row.length) rows.push(row);
  return rows;
}
