// Russia after 2022: the Government's transfer decrees as data, and provisional due dates for a
// year the table lacks (issue 13, item 6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeDeadline } from './compute-deadline.ts';
import { deadlinePreset } from './deadline-rule.ts';
import { deriveAppealStatus } from './derive-appeal-status.ts';
import { holidayCalendar } from './holiday-calendar.ts';
import { renderDeadlineExplanation } from './render-deadline-explanation.ts';
import { PROVISIONAL_EXTRA_DAYS_OFF, RU_DAY_TRANSFERS } from './ru-day-transfers.ts';
import { weekday } from '../dates/civil-date.ts';

const ru = deadlinePreset('ru-59fz');

test('59-FZ due dates fall on the working day the decrees leave, not on a transferred day off', () => {
  const rows: Array<[registered: string, due: string, why: string]> = [
    ['2024-11-30', '2025-01-09', '30 Dec and 31 Dec 2024 off (Decree No. 1314), then 1–8 Jan 2025'],
    ['2024-03-30', '2024-05-02', '29 and 30 Apr 2024 off (Decree No. 1314), 1 May a holiday'],
    ['2023-01-25', '2023-02-27', '24 Feb 2023 off (Decree No. 1505), then the weekend'],
    ['2023-04-08', '2023-05-10', '8 May 2023 off (Decree No. 1505), 9 May a holiday'],
    ['2023-10-05', '2023-11-07', '4 Nov 2023 a Saturday: 6 Nov off by Labour Code art. 112(2)'],
    ['2025-04-08', '2025-05-12', '8 May 2025 off (moved from 23 Feb), 9 May, then the weekend'],
    ['2025-10-04', '2025-11-05', '3 Nov 2025 off (moved from Saturday 1 Nov), 4 Nov a holiday'],
    ['2025-12-01', '2026-01-12', '31 Dec 2025 off, 1–8 Jan, 9 Jan 2026 off (moved from 3 Jan)'],
  ];
  for (const [registered, due, why] of rows) {
    const r = computeDeadline(ru, { from: registered });
    assert.equal(r.due, due, `${registered}: ${why}`);
    assert.equal(r.provisional, undefined, registered);
  }
  // A working Saturday is a last day like any other: 30 days from 2 Oct 2025 end on 1 Nov.
  assert.equal(computeDeadline(ru, { from: '2025-10-02' }).due, '2025-11-01');
});

test('the roll-forward names the decree that made the day off', () => {
  const lines = renderDeadlineExplanation(computeDeadline(ru, { from: '2024-11-30' }).explanation, 'ru');
  assert.ok(
    lines.some(
      (l) =>
        l.startsWith('30 декабря 2024 — выходной день, перенесённый с 28 декабря 2024') &&
        l.includes('№ 1314') &&
        l.endsWith('9 января 2025'),
    ),
    lines.join('\n'),
  );
});

test('every table is internally consistent: days off are weekdays, working days are weekend days, each cites its decree', () => {
  for (const year of RU_DAY_TRANSFERS) {
    assert.match(year.act, new RegExp(`О переносе выходных дней в ${year.year} году`));
    if (year.number !== null) assert.match(year.act, new RegExp(`№ ${year.number}`));
    assert.ok(year.quote.length > 10 && year.checked.length > 10, String(year.year));
    for (const d of year.daysOff) {
      assert.equal(Number(d.date.slice(0, 4)), year.year);
      assert.ok(![0, 6].includes(weekday(d.date)), `${d.date} is a weekday`);
      // A decree's transfer is quoted: "на <weekday> <day> <month>".
      if (d.basis === 'decree') assert.match(year.quote, new RegExp(`на \\S+ ${Number(d.date.slice(8))} `), d.date);
    }
    for (const d of year.workingDays) assert.ok([0, 6].includes(weekday(d)), `${d} is a weekend day`);
  }
  const cal = holidayCalendar({ country: 'RU' });
  for (const year of RU_DAY_TRANSFERS) {
    for (const d of year.daysOff) assert.equal(cal.describe(d.date).working, false, d.date);
    for (const d of year.workingDays) assert.equal(cal.describe(d).working, true, d);
  }
});

test('a year without a decree in the table: the due date is provisional, and overdue waits for the latest it can be', () => {
  // Registered 2 Dec 2026: 30 days → 1 Jan 2027, a holiday → 11 Jan 2027 (the library's 1–8 Jan
  // and the weekend). 2027 has no decree yet: 11 Jan might be made a day off too.
  const r = computeDeadline(ru, { from: '2026-12-02' });
  assert.equal(r.due, '2027-01-11');
  assert.deepEqual(r.provisional, { latest: '2027-01-18', years: [2027] });
  assert.equal(PROVISIONAL_EXTRA_DAYS_OFF, 5);
  const events = [{ type: 'registered' as const, on: '2026-12-02' }];
  assert.equal(deriveAppealStatus({}, events, '2027-01-12', ru).status, 'awaiting');
  assert.equal(deriveAppealStatus({}, events, '2027-01-18', ru).status, 'awaiting');
  const late = deriveAppealStatus({}, events, '2027-01-19', ru);
  assert.deepEqual(
    [late.status, late.daysOverdue, late.due, late.provisional?.latest],
    ['overdue', 1, '2027-01-11', '2027-01-18'],
  );
  const en = renderDeadlineExplanation(late.explanation, 'en');
  assert.ok(
    en.some((l) => l.startsWith('Provisional: ') && l.includes('2027') && l.includes('18 Jan 2027')),
    en.join('\n'),
  );
  assert.match(
    en.at(-1)!,
    /overdue — no reply 1 day after the due date 18 Jan 2027, the latest the provisional date can be/,
  );
  const ruLines = renderDeadlineExplanation(late.explanation, 'ru');
  assert.ok(
    ruLines.some((l) => l.startsWith('Предварительно: ')),
    ruLines.join('\n'),
  );
  // A reply sent between the provisional date and the latest one is not called late.
  const replied = deriveAppealStatus(
    {},
    [...events, { type: 'reply_received', on: '2027-01-20', dated: '2027-01-14', classification: 'substantive' }],
    '2027-02-01',
    ru,
  );
  assert.equal(replied.answeredLate, undefined);
  // Inside a tabled year nothing is provisional.
  assert.equal(computeDeadline(ru, { from: '2026-06-01' }).provisional, undefined);
});
