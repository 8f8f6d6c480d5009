import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { csvRow, neutralizeFormula } from './csv-row.ts';

/** The cell a spreadsheet sees once the record's CRLF is gone. */
const cell = (value: string) => csvRow([value]).slice(0, -2);

/**
 * The check a reviewer would make of a written cell, independent of the writer's regexes: split
 * it wherever some reader might start a new cell, skip what a reader skips, and look at the first
 * character after Unicode compatibility folding (＝ is =).
 */
function formulaPieces(written: string): string[] {
  return written.split(/[,;\t\n\r]/).filter((piece) => {
    const first = [...piece].find((ch) => !/^[\s\p{Cc}\p{Cf}"]$/u.test(ch));
    return first !== undefined && /^[=+\-@]$/.test(first.normalize('NFKC'));
  });
}

describe('csvRow (RFC 4180)', () => {
  test('quotes what needs quoting, ends records in CRLF', () => {
    assert.equal(
      csvRow([1, 'plain', 'a,b', 'say "hi"', 'two\nlines', null, true, 'a;b']),
      '1,plain,"a,b","say ""hi""","two\nlines",,true,"a;b"\r\n',
    );
  });
  test('numbers are written as they are: a negative number in a numeric column stays a number', () => {
    assert.equal(csvRow([-3, 0, 2.5, -0.25, Number.NaN]), '-3,0,2.5,-0.25,\r\n');
  });
  test('a real CSV parser reads back every text, neutralised (oracle: csv-parse)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 6 }), (cells) => {
        const [record] = parse(csvRow(cells) + csvRow(cells), { relax_column_count: false }) as string[][];
        assert.deepEqual(record, cells.map(neutralizeFormula));
      }),
    );
  });
  test('a text with no formula character is written unchanged', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).filter((s) => formulaPieces(s).length === 0 && !/^[\t\r]/.test(s)),
        (s) => {
          assert.equal(neutralizeFormula(s), s);
        },
      ),
    );
  });
});

describe('csvRow against CSV (formula) injection', () => {
  // Every way past the old check that the review found, and OWASP's own list.
  const cases: Array<[string, string, string]> = [
    ['=', '=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+', '+1', `"'+1"`],
    ['-', '-2', `"'-2"`],
    ['@', '@SUM(A1)', `"'@SUM(A1)"`],
    ['leading tab', '\tplain', `"'\tplain"`],
    ['leading CR', '\rplain', `"'\rplain"`],
    ['leading spaces', '   =1+1', `"'   =1+1"`],
    ['leading no-break space', '\u00A0=1', `"'\u00A0=1"`],
    ['leading line feed', '\n=1', `"'\n'=1"`],
    ['leading tab before =', '\t=1', `"'\t'=1"`],
    ['leading CR before @', '\r@SUM(A1)', `"'\r'@SUM(A1)"`],
    ['leading control character', '\u0001=1', `"'\u0001=1"`],
    ['zero-width space U+200B', '\u200B=1', `"'\u200B=1"`],
    ['zero-width non-joiner U+200C', '\u200C+1', `"'\u200C+1"`],
    ['zero-width joiner U+200D', '\u200D-1', `"'\u200D-1"`],
    ['word joiner U+2060', '\u2060@A1', `"'\u2060@A1"`],
    ['byte order mark U+FEFF', '\uFEFF=1', `"'\uFEFF=1"`],
    ['full-width ＝', '＝1+1', `"'＝1+1"`],
    ['full-width ＋', '＋1', `"'＋1"`],
    ['full-width －', '－1', `"'－1"`],
    ['full-width ＠', '＠SUM(A1)', `"'＠SUM(A1)"`],
    ['small ﹦', '﹦1', `"'﹦1"`],
    ['opening quote', '"=1"', `"'""=1"""`],
    ['; before = (semicolon-list Excel)', 'a;=1+1', `"'a;'=1+1"`],
    ['; before +', 'a;+1', `"'a;'+1"`],
    ['; before -', 'a;-1', `"'a;'-1"`],
    ['; before @', 'a;@A1', `"'a;'@A1"`],
    ['; space =', 'a; =1', `"'a; '=1"`],
    [', before =', 'a,=1', `"'a,'=1"`],
    ['tab before =', 'a\t=1', `"'a\t'=1"`],
    ['CR before =', 'a\r=1', `"'a\r'=1"`],
    ['line feed before =', 'first line\n=1', `"'first line\n'=1"`],
    ['line feed, zero-width space, full-width ＝', 'x\n\u200B＝1', `"'x\n\u200B'＝1"`],
    ['several', '=1;=2\n-3', `"'=1;'=2\n'-3"`],
  ];
  for (const [name, input, expected] of cases) {
    test(`${name}: ${JSON.stringify(input)}`, () => {
      const written = cell(input);
      assert.equal(written, expected);
      assert.deepEqual(formulaPieces(written), []);
      const [[read]] = parse(`${written}\r\n`) as [[string]];
      assert.equal(read, neutralizeFormula(input));
    });
  }

  test('harmless text is left alone: hyphens inside words, a minus after a space, e-mail addresses', () => {
    assert.equal(
      csvRow(['well-known', 'Yes - no', 'clerk@example.org', 'a = b', '1+1']),
      'well-known,Yes - no,clerk@example.org,a = b,1+1\r\n',
    );
  });

  test('property: however a cell is split on , ; tab LF CR, no piece starts with a formula character', () => {
    const tricky = fc.constantFrom(
      '=',
      '+',
      '-',
      '@',
      '＝',
      '＋',
      '－',
      '＠',
      '﹫',
      '⁼',
      ';',
      ',',
      '\t',
      '\r',
      '\n',
      ' ',
      '\u00A0',
      '\u3000',
      '\u200B',
      '\u200C',
      '\u200D',
      '\u2060',
      '\uFEFF',
      '\u0000',
      '\u0001',
      '"',
      "'",
      'a',
      '1',
      'SUM(A1)',
    );
    const text = fc.oneof(
      fc.array(tricky, { maxLength: 12 }).map((parts) => parts.join('')),
      fc.string({ unit: 'binary' }),
    );
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), (cells) => {
        for (const c of cells)
          assert.deepEqual(formulaPieces(cell(c)), [], `cell ${JSON.stringify(cell(c))} of ${JSON.stringify(c)}`);
      }),
      { numRuns: 2000 },
    );
  });
});
