import { test } from 'node:test';
import assert from 'node:assert/strict';
import { earliestDay, formatPartialDate, isPartialDate, latestDay, parsePartialDate } from './partial-date.ts';

test('parses each precision and round-trips', () => {
  const rows: Array<[string, string, string, string]> = [
    ['2022', 'year', '2022-01-01', '2022-12-31'],
    ['2022-03', 'month', '2022-03-01', '2022-03-31'],
    ['2024-02', 'month', '2024-02-01', '2024-02-29'],
    ['2023-02', 'month', '2023-02-01', '2023-02-28'],
    ['2022-09-07', 'day', '2022-09-07', '2022-09-07'],
  ];
  for (const [text, precision, first, last] of rows) {
    const d = parsePartialDate(text);
    assert.equal(d.precision, precision, text);
    assert.equal(formatPartialDate(d), text);
    assert.equal(earliestDay(d), first, text);
    assert.equal(latestDay(d), last, text);
  }
});

test('refuses impossible or malformed dates with a code', () => {
  for (const bad of [
    '',
    '22',
    '2022-13',
    '2022-00',
    '2023-02-29',
    '2022-09-31',
    '2022-9-7',
    '2022-09-07T00:00',
    ' 2022',
  ]) {
    assert.throws(() => parsePartialDate(bad), { code: 'invalid_date' }, bad);
    assert.equal(isPartialDate(bad), false);
  }
});
