import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { csvCellText, toCsv, type CsvCell } from '../../lti-tool/render/csv';
import { readCsvStrictly } from '../support/csv';

describe('The CSV writer of every export', () => {
  const table: [label: string, cell: CsvCell, written: string][] = [
    ['a formula', '=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['a plus', '+SUM(A1:A9)', "'+SUM(A1:A9)"],
    ['a minus', '-2+3', "'-2+3"],
    ['text that looks like a negative number', '-3', "'-3"],
    ['an at sign', '@SUM(A1)', "'@SUM(A1)"],
    ['a leading tab', '\tcmd', "'\tcmd"],
    ['a leading carriage return', '\r=1+1', "'\r=1+1"],
    ['a formula after spaces', '   =1+1', "'   =1+1"],
    ['a formula after a line feed', '\n@x', "'\n@x"],
    ['a formula after an ideographic space', '\u3000=1', "'\u3000=1"],
    ['a full-width equals sign', '＝1+1', "'＝1+1"],
    ['a full-width plus', '＋1', "'＋1"],
    ['a full-width minus', '－1', "'－1"],
    ['a full-width at sign', '＠x', "'＠x"],
    ['plain Swedish text', 'Utvecklingssamtal på skolan', 'Utvecklingssamtal på skolan'],
    ['an equals sign inside', 'a=b', 'a=b'],
    ['an email address', 'anna@skola.se', 'anna@skola.se'],
    ['a hyphenated name', 'Anna-Karin', 'Anna-Karin'],
    ['a negative number we computed', -3, '-3'],
    ['a number we computed', 2.5, '2.5'],
    ['a date', new Date('2027-01-11T08:30:00Z'), '2027-01-11T08:30:00.000Z'],
    ['nothing', null, ''],
    ['undefined', undefined, ''],
    ['empty text', '', ''],
  ];

  for (const [label, cell, written] of table) {
    it(`when a cell is ${label}, then it is written as ${JSON.stringify(written)}`, () => {
      expect(csvCellText(cell)).to.equal(written);
    });
  }

  it('when rows are written, then the document starts with a BOM and reads back cell for cell, quotes, commas and line breaks kept', () => {
    const rows = [
      ['Namn', 'Skola', 'Orsak'],
      ['Åsa "Ö" Ärlig', 'Skola, norra', 'rad ett\r\nrad två'],
      ['=cmd|/c calc', '＠x', -1],
    ];
    const csv = toCsv(rows);
    expect(csv.startsWith('\uFEFF')).to.equal(true);
    expect(readCsvStrictly(csv.slice(1))).to.deep.equal([
      ['Namn', 'Skola', 'Orsak'],
      ['Åsa "Ö" Ärlig', 'Skola, norra', 'rad ett\r\nrad två'],
      ["'=cmd|/c calc", "'＠x", '-1'],
    ]);
  });

  it('when the tool’s code is searched, then only the CSV writer imports csv-stringify', () => {
    const root = path.join(__dirname, '..', '..');
    const sources = ['lti-tool', 'models'].flatMap((folder) =>
      fs.readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' }).filter((file) => /\.ts$/.test(file)).map((file) => path.join(folder, file)),
    );
    const importers = sources.filter((file) => /from ['"]csv-stringify/.test(fs.readFileSync(path.join(root, file), 'utf8')));
    expect(importers).to.deep.equal([path.join('lti-tool', 'render', 'csv.ts')]);
  });
});
