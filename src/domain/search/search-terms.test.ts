import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_TERMS, MAX_WORD, queryTerms, searchWords } from './search-terms.ts';

describe('searchWords / queryTerms', () => {
  const rows: Array<[string, string[]]> = [
    ['Appeal to the State Duma', ['appeal', 'to', 'the', 'state', 'duma']],
    ['"appeal" OR duma* -x NEAR(a b)', ['appeal', 'or', 'duma', 'x', 'near', 'a', 'b']],
    ['Обращение в Госдуму: «Ёлка» и йод', ['обращение', 'в', 'госдуму', 'елка', 'и', 'йод']],
    ['Naïve café', ['naive', 'cafe']],
    ['7–0–3, 2022-09-07', ['7', '0', '3', '2022', '09', '07']],
    ["'; drop table motions; --", ['drop', 'table', 'motions']],
    ['*)(":^&|!<>', []],
    ['appeal appeal APPEAL', ['appeal']],
    ['\u200fright\u200e-to-left\u202e', ['right', 'to', 'left']],
  ];
  for (const [input, expected] of rows)
    test(JSON.stringify(input), () => assert.deepEqual(queryTerms(input), expected));

  test('a 10,000-character word is cut to the longest word kept', () => {
    assert.deepEqual(searchWords('a'.repeat(10_000)), ['a'.repeat(MAX_WORD)]);
  });

  test('whatever is typed: only letters and digits, bounded, never throws (oracle: a plain regular expression)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (q) => {
        const terms = queryTerms(q);
        assert.ok(terms.length <= MAX_TERMS);
        for (const term of terms) {
          assert.match(term, /^[\p{L}\p{N}]+$/u);
          assert.ok(term.length <= MAX_WORD);
          assert.equal(term, term.toLowerCase());
        }
        // A query made only of symbols and spaces has no terms.
        if (!/[\p{L}\p{N}]/u.test(q.normalize('NFKD'))) assert.deepEqual(terms, []);
      }),
    );
  });

  test('a document always contains the terms of a query made from its own text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const words = new Set(searchWords(text));
        for (const term of queryTerms(text)) assert.ok(words.has(term));
      }),
    );
  });
});
