import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { csvRow } from './csv-row.ts';

describe('csvRow (RFC 4180)', () => {
  test('quotes what needs quoting, ends records in CRLF', () => {
    assert.equal(csvRow([1, 'plain', 'a,b', 'say "hi"', 'two\nlines', null, true]), '1,plain,"a,b","say ""hi""","two\nlines",,true\r\n');
  });
  test('text a spreadsheet would run as a formula gets an apostrophe; numbers do not', () => {
    assert.equal(csvRow(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', -3]), `"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1),-3\r\n`);
  });
  test('a real CSV parser reads back every text (oracle: csv-parse)', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 6 }), (cells) => {
      const [record] = parse(csvRow(cells) + csvRow(cells), { relax_column_count: false }) as string[][];
      const expected = cells.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c));
      assert.deepEqual(record, expected);
    }));
  });
});
