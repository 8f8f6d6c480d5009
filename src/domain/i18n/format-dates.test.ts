import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dayInZone, formatInstant, formatPartialDate } from './format-dates.ts';

describe('formatPartialDate: at the precision the record has, never an invented day', () => {
  const rows: Array<[string, 'en' | 'ru', string]> = [
    ['2022-09-07', 'en', '7 September 2022'],
    ['2022-09-07', 'ru', '7 сентября 2022 г.'],
    ['2022-09', 'en', 'September 2022'],
    ['2022-09', 'ru', 'сентябрь 2022 г.'],
    ['2022', 'en', '2022'],
    ['2022', 'ru', '2022'],
    ['2024-02-29', 'en', '29 February 2024'],
    ['not a date', 'en', 'not a date'],
  ];
  for (const [text, lang, expected] of rows)
    test(`${text} ${lang} → ${expected}`, () => assert.equal(formatPartialDate(text, lang), expected));
});

describe("formatInstant: in the body's time zone", () => {
  test('Moscow is UTC+3; the day can change across midnight', () => {
    assert.match(formatInstant('2026-11-29T22:30:00Z', 'en', 'Europe/Moscow'), /30 November 2026.*01:30/);
    assert.match(formatInstant('2026-11-29T22:30:00Z', 'en', 'UTC'), /29 November 2026.*22:30/);
    assert.match(formatInstant('2026-11-29T09:30:00Z', 'ru', 'Europe/Moscow', 'time'), /^12:30/);
  });
  test('text that is not an instant comes back unchanged', () =>
    assert.equal(formatInstant('soon', 'en', 'UTC'), 'soon'));
  test('dayInZone', () => {
    assert.equal(dayInZone('2026-11-29T22:30:00Z', 'Europe/Moscow'), '2026-11-30');
    assert.equal(dayInZone('2026-11-29T22:30:00Z', 'America/New_York'), '2026-11-29');
  });
});
