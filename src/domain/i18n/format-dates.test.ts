import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dayInZone, formatInstant, formatPartialDate, instantOfWallTime } from './format-dates.ts';

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

test('instantOfWallTime reads a day and a time on the clocks of a zone', () => {
  assert.equal(instantOfWallTime('2026-12-10', '18:00', 'Europe/Moscow'), '2026-12-10T15:00:00.000Z');
  assert.equal(instantOfWallTime('2024-07-01', '09:00', 'Europe/London'), '2024-07-01T08:00:00.000Z');
  assert.equal(instantOfWallTime('2024-07-01', '09:00', 'Pacific/Kiritimati'), '2024-06-30T19:00:00.000Z');
  // A time that occurs twice (London, the last Sunday of October 2024): the first, in BST.
  assert.equal(instantOfWallTime('2024-10-27', '01:30', 'Europe/London'), '2024-10-27T00:30:00.000Z');
  // A time the clocks skip (the last Sunday of March 2024): with the offset before the change.
  assert.equal(instantOfWallTime('2024-03-31', '01:30', 'Europe/London'), '2024-03-31T01:30:00.000Z');
  for (const [day, time] of [
    ['2024-02-30', '09:00'],
    ['2024-02-01', '24:00'],
    ['2024-2-1', '09:00'],
    ['2024-02-01', '9:00'],
  ])
    assert.equal(instantOfWallTime(day!, time!, 'UTC'), null, `${day} ${time}`);
  // Every half hour of a year in Moscow and London reads back as the same wall time.
  for (const zone of ['Europe/Moscow', 'Europe/London', 'America/New_York']) {
    for (let h = 0; h < 365 * 24; h += 37) {
      const at = new Date(Date.UTC(2024, 0, 1) + h * 3600_000);
      const day = dayInZone(at, zone);
      const hm = new Intl.DateTimeFormat('en', {
        timeZone: zone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(at);
      const back = instantOfWallTime(day, hm, zone)!;
      assert.equal(dayInZone(back, zone), day, `${zone} ${at.toISOString()}`);
    }
  }
});
