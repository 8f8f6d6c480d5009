import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  civilDate,
  civilParts,
  compareCivil,
  dayNumber,
  daysBetween,
  daysInMonth,
  fromDayNumber,
  isCivilDate,
  isLeapYear,
  weekday,
} from './civil-date.ts';

test('day numbers of known dates', () => {
  const rows: Array<[string, number]> = [
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2000-03-01', 11017],
    ['2022-09-07', 19242],
    ['2024-02-29', 19782],
    ['1000-01-01', -354285],
    ['9999-12-31', 2932896],
  ];
  for (const [date, n] of rows) {
    assert.equal(dayNumber(date), n, date);
    assert.equal(fromDayNumber(n), date, String(n));
  }
});

test('weekdays across year ends and leap days', () => {
  const rows: Array<[string, number]> = [
    ['2022-09-07', 3],
    ['2022-10-09', 0],
    ['2022-12-31', 6],
    ['2023-01-01', 0],
    ['2024-02-29', 4],
    ['2024-03-01', 5],
    ['2000-02-29', 2],
    ['1900-03-01', 4],
  ];
  for (const [date, wd] of rows) assert.equal(weekday(date), wd, date);
});

test('addDays crosses month, year and leap boundaries', () => {
  const rows: Array<[string, number, string]> = [
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2022-12-31', 1, '2023-01-01'],
    ['2023-01-01', -1, '2022-12-31'],
    ['2022-09-12', 30, '2022-10-12'],
    ['2022-04-03', 30, '2022-05-03'],
    ['2100-02-28', 1, '2100-03-01'],
    ['2000-02-28', 1, '2000-02-29'],
  ];
  for (const [from, n, to] of rows) {
    assert.equal(addDays(from, n), to, `${from} + ${n}`);
    assert.equal(daysBetween(from, to), n);
  }
});

test('addMonths keeps the day number and clamps to the month end (BGB §188(3))', () => {
  const rows: Array<[string, number, string, boolean]> = [
    ['2022-01-15', 1, '2022-02-15', false],
    ['2023-01-31', 1, '2023-02-28', true],
    ['2024-01-31', 1, '2024-02-29', true],
    ['2024-01-30', 1, '2024-02-29', true],
    ['2024-02-29', 12, '2025-02-28', true],
    ['2024-02-29', 48, '2028-02-29', false],
    ['2022-12-15', 1, '2023-01-15', false],
    ['2022-03-31', -1, '2022-02-28', true],
    ['2022-08-31', 1, '2022-09-30', true],
  ];
  for (const [from, n, to, clamped] of rows) {
    const r = addMonths(from, n);
    assert.equal(r.date, to, `${from} + ${n} months`);
    assert.equal(r.clamped, clamped, `${from} + ${n} months clamped`);
  }
  assert.equal(addMonths('2023-01-31', 1).wanted, '2023-02-31');
});

test('refuses malformed or impossible dates with invalid_date', () => {
  for (const bad of [
    '',
    '2022-9-7',
    '2022-02-30',
    '2023-02-29',
    '2022-13-01',
    '0999-01-01',
    '2022-09-07T00:00',
    20220907,
  ]) {
    assert.throws(() => civilParts(bad as string), { code: 'invalid_date' }, String(bad));
    assert.equal(isCivilDate(bad), false);
  }
  assert.throws(() => civilDate(2022, 2, 29), { code: 'invalid_date' });
  assert.throws(() => fromDayNumber(1.5), { code: 'invalid_date' });
  assert.throws(() => addDays('9999-12-31', 1), { code: 'date_out_of_range' });
  assert.throws(() => addMonths('9999-12-31', 1), { code: 'date_out_of_range' });
});

test('leap years and month lengths', () => {
  assert.deepEqual([1900, 2000, 2023, 2024, 2100].map(isLeapYear), [false, true, false, true, false]);
  assert.equal(daysInMonth(2023, 2), 28);
  assert.equal(daysInMonth(2024, 2), 29);
  assert.equal(daysInMonth(2022, 9), 30);
  assert.equal(daysInMonth(2022, 12), 31);
  assert.equal(compareCivil('2022-09-07', '2022-10-07'), -1);
  assert.equal(compareCivil('2022-10-07', '2022-10-07'), 0);
});

// An independent oracle: the platform's UTC calendar (never local time).
const utcText = (ms: number) => new Date(ms).toISOString().slice(0, 10);

test('property: day numbers agree with the UTC calendar and round-trip', () => {
  fc.assert(
    fc.property(fc.integer({ min: -354285, max: 2932896 }), (n) => {
      const date = fromDayNumber(n);
      assert.equal(date, utcText(n * 86_400_000));
      assert.equal(dayNumber(date), n);
      assert.equal(weekday(date), new Date(n * 86_400_000).getUTCDay());
    }),
    { numRuns: 2000 },
  );
});

test('property: addMonths matches a UTC month step clamped to the month end', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1100, max: 9800 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 31 }),
      fc.integer({ min: -1200, max: 1200 }),
      (y, m, d, k) => {
        const day = Math.min(d, daysInMonth(y, m));
        const from = civilDate(y, m, day);
        const first = new Date(Date.UTC(2000, 0, 1));
        first.setUTCFullYear(y, m - 1 + k, 1);
        const last = new Date(first.getTime());
        last.setUTCMonth(last.getUTCMonth() + 1, 0);
        const expected = new Date(first.getTime());
        expected.setUTCDate(Math.min(day, last.getUTCDate()));
        assert.equal(addMonths(from, k).date, expected.toISOString().slice(0, 10));
      },
    ),
    { numRuns: 2000 },
  );
});
