import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeDeadline } from './compute-deadline.ts';
import type { DeadlineInput } from './compute-deadline.ts';
import { deadlinePreset } from './deadline-rule.ts';
import type { DeadlineRule } from './deadline-rule.ts';
import type { DeadlineStep } from './deadline-step.ts';

type Row = [name: string, from: string, due: string, input?: Partial<DeadlineInput>];

function table(rule: DeadlineRule, rows: Row[]): void {
  for (const [name, from, due, input] of rows) {
    assert.equal(computeDeadline(rule, { from, ...input }).due, due, `${rule.id} ${name}: from ${from}`);
  }
}

const ru = deadlinePreset('ru-59fz');
const uk = deadlinePreset('uk-foi');
const de = deadlinePreset('de-ifg');

test('ru-59fz: 30 days from the day after registration; a day off moves to the next working day', () => {
  table(ru, [
    ['plain weekday', '2022-09-12', '2022-10-12'],
    ['ends on a Sunday', '2022-09-09', '2022-10-10'],
    ['ends on a Saturday before New Year holidays', '2022-12-01', '2023-01-09'],
    ['ends in the New Year holidays', '2022-12-03', '2023-01-09'],
    ['year end: 1 January 2022, holidays to 9 January', '2021-12-02', '2022-01-10'],
    ['23 February', '2022-01-24', '2022-02-24'],
    ['7 March (moved day off) then 8 March', '2022-02-05', '2022-03-09'],
    ['9 May then 10 May (moved from 2 January)', '2022-04-09', '2022-05-11'],
    ['3 May 2022 (moved from 1 January)', '2022-04-03', '2022-05-04'],
    ['12 June on a Sunday, 13 June off', '2022-05-13', '2022-06-14'],
    ['4 November on a Friday', '2022-10-05', '2022-11-07'],
    ['leap day is a working day', '2024-01-30', '2024-02-29'],
    ['over a leap day', '2024-01-31', '2024-03-01'],
    ['over 28 February in a common year', '2023-01-30', '2023-03-01'],
    ['registered on a holiday', '2023-01-03', '2023-02-02'],
  ]);
});

test('ru-59fz: extensions run on from the last day as rolled to a working day, then roll again', () => {
  table(ru, [
    ['30 + 30 days', '2022-09-12', '2022-11-11', { extendedDays: 30 }],
    // The period lawfully ends on Monday 10 Oct; 30 days from the Sunday would end a day early.
    ['original end a Sunday: counted from the Monday it moved to', '2022-09-09', '2022-11-09', { extendedDays: 30 }],
    ['extended end on 4 November', '2022-09-05', '2022-11-07', { extendedDays: 30 }],
    ['partial extension', '2022-09-12', '2022-10-24', { extendedDays: 12 }],
    ['zero extension is none', '2022-09-12', '2022-10-12', { extendedDays: 0 }],
  ]);
  const steps = computeDeadline(ru, { from: '2022-09-09', extendedDays: 30 }).explanation;
  assert.deepEqual(
    steps.find((s) => s.kind === 'extension'),
    { kind: 'extension', amount: 30, unit: 'calendar_days', from: '2022-10-10', to: '2022-11-09' },
  );
});

test("ru-59fz: a body's moved working Saturday and extra day off", () => {
  table(ru, [
    ['5 March 2022: a working Saturday by Decree No. 1564 (the transfer table)', '2022-02-03', '2022-03-05'],
    [
      '5 March 2022 made a working day by the body',
      '2022-02-03',
      '2022-03-05',
      { calendarAdditions: { workingDays: [{ date: '2022-03-05' }] } },
    ],
    [
      '24 February 2023 added as a day off (moved from 1 January)',
      '2023-01-25',
      '2023-02-27',
      { calendarAdditions: { daysOff: [{ date: '2023-02-24' }] } },
    ],
  ]);
});

test('uk-foi: 20 working days after receipt, without bank holidays in any part of the UK', () => {
  table(uk, [
    ["St Patrick's Day (Northern Ireland) not counted", '2022-03-01', '2022-03-30'],
    ["St Andrew's Day (Scotland) not counted", '2022-11-15', '2022-12-14'],
    ['over Christmas and New Year, with 3 January (Scotland)', '2022-12-14', '2023-01-17'],
    ['12 July (NI) and the Scottish summer bank holiday', '2022-07-01', '2022-08-02'],
    ['received on a Saturday', '2022-10-08', '2022-11-04'],
    ['ends on the leap day', '2024-02-01', '2024-02-29'],
    ['over Good Friday and Easter Monday', '2022-04-01', '2022-05-04'],
    ['public-interest extension of 20 working days', '2022-03-01', '2022-04-29', { extendedDays: 20 }],
  ]);
  const englandOnly = { ...uk, id: 'eng-only', calendar: { country: 'GB', regions: ['ENG'] } };
  assert.equal(computeDeadline(englandOnly, { from: '2022-03-01' }).due, '2022-03-29');
  const count = computeDeadline(uk, { from: '2022-03-01' }).explanation.find((s) => s.kind === 'count');
  assert.deepEqual(count && count.kind === 'count' && count.notCounted?.map((n) => n.date), ['2022-03-17']);
});

test('de-ifg: one month (BGB §§187(1), 188(2)-(3)); weekend or holiday end moves on (§193)', () => {
  table(de, [
    ['same day number', '2022-01-15', '2022-02-15'],
    ['31 January → end of February', '2023-01-31', '2023-02-28'],
    ['31 January in a leap year', '2024-01-31', '2024-02-29'],
    ['29 February → 29 March, Good Friday, then Easter Monday', '2024-02-29', '2024-04-02'],
    ['ends on a Saturday', '2022-09-08', '2022-10-10'],
    ['ends on German Unity Day', '2022-09-03', '2022-10-04'],
    ['ends on Christmas (Sunday), then 26 December', '2022-11-25', '2022-12-27'],
    ['year end: Neujahr on a Sunday', '2022-12-01', '2023-01-02'],
    ['Good Friday then Easter Monday', '2022-03-15', '2022-04-19'],
    // The authority's seat unknown: the union of all Länder (All Saints is kept in five).
    ['All Saints (a holiday in some Länder) when the seat is unknown', '2022-10-01', '2022-11-02'],
    ['Christmas Eve is not a holiday', '2024-11-24', '2024-12-24'],
  ]);
  // BGB §193 looks to the authority's seat: a ministry in Bonn (NRW) keeps Corpus Christi, one in
  // Berlin does not (16 June 2022).
  const bonn = { ...de, id: 'de-ifg-bonn', calendar: { country: 'DE', regions: ['NW'] } };
  const berlin = { ...de, id: 'de-ifg-berlin', calendar: { country: 'DE', regions: ['BE'] } };
  assert.equal(computeDeadline(bonn, { from: '2022-05-16' }).due, '2022-06-17');
  assert.equal(computeDeadline(berlin, { from: '2022-05-16' }).due, '2022-06-16');
  assert.equal(computeDeadline(de, { from: '2022-05-16' }).due, '2022-06-17');
  assert.equal(computeDeadline(berlin, { from: '2022-10-01' }).due, '2022-11-01');
  assert.equal(computeDeadline(deadlinePreset('de-nrw-ifg'), { from: '2022-10-01' }).due, '2022-11-02');
  const count = computeDeadline(de, { from: '2023-01-31' }).explanation.find((s) => s.kind === 'count');
  assert.equal(count && count.kind === 'count' && count.clampedFrom, '2023-02-31');
});

test('months counted from the start day itself (BGB §187(2), §188(2) second case)', () => {
  const rule = { ...de, id: 'from-day', startOffsetDays: 0, rollForward: false };
  table(rule, [
    ['1 March → 31 March', '2022-03-01', '2022-03-31'],
    ['31 January → end of February', '2022-01-31', '2022-02-28'],
    ['30 January 2024 → 29 February', '2024-01-30', '2024-02-29'],
    ['15 December → 14 January', '2022-12-15', '2023-01-14'],
  ]);
});

test('calendar and working days with other offsets', () => {
  const sameDay = { ...ru, id: 'same-day', startOffsetDays: 0 };
  assert.equal(computeDeadline(sameDay, { from: '2022-09-12' }).due, '2022-10-11');
  const third = { ...ru, id: 'third', startOffsetDays: 3 };
  assert.equal(computeDeadline(third, { from: '2022-09-12' }).due, '2022-10-14');
  const noRoll = { ...ru, id: 'no-roll', rollForward: false };
  const r = computeDeadline(noRoll, { from: '2022-09-09' });
  assert.equal(r.due, '2022-10-09');
  assert.deepEqual(r.explanation.at(-2), {
    kind: 'not_rolled',
    date: '2022-10-09',
    reasons: [{ kind: 'weekend', weekday: 0 }],
  });
  // A working-day count that includes its start day, received on a working day.
  const ukSame = { ...uk, id: 'uk-same', startOffsetDays: 0 };
  assert.equal(computeDeadline(ukSame, { from: '2022-03-01' }).due, '2022-03-29');
});

test('a month-precise start gives the earliest and latest due dates; due is the latest', () => {
  const r = computeDeadline(ru, { from: '2022-03' });
  assert.deepEqual([r.earliestDue, r.latestDue, r.due], ['2022-03-31', '2022-05-04', '2022-05-04']);
  assert.deepEqual(r.start, { earliest: '2022-03-01', latest: '2022-03-31' });
  const y = computeDeadline(ru, { from: '2022' });
  assert.deepEqual([y.earliestDue, y.latestDue], ['2022-01-31', '2023-01-30']);
  const foi = computeDeadline(uk, { from: '2024-02' });
  // From 29 Feb: 18 March (St Patrick's substitute, NI), Good Friday and Easter Monday do not count.
  assert.deepEqual([foi.earliestDue, foi.latestDue], ['2024-02-29', '2024-04-02']);
  const ifg = computeDeadline(de, { from: { precision: 'month', year: 2023, month: 1 } });
  assert.deepEqual([ifg.earliestDue, ifg.latestDue], ['2023-02-01', '2023-02-28']);
  // A day-precise start has no range.
  const day = computeDeadline(ru, { from: '2022-09-12' });
  assert.equal(day.earliestDue, undefined);
  assert.equal(day.latestDue, undefined);
});

test('a sent date under a rule that counts from registration states its assumptions as data', () => {
  const r = computeDeadline(ru, { from: '2022-09-07', fromEvent: 'sent' });
  assert.deepEqual([r.earliestDue, r.latestDue, r.due], ['2022-10-07', '2022-10-10', '2022-10-10']);
  const assumptions = r.explanation.filter(
    (s): s is Extract<DeadlineStep, { kind: 'assumption' }> => s.kind === 'assumption',
  );
  assert.deepEqual(
    assumptions.map((a) => [a.event, a.after, a.minDays, a.maxDays, a.earliest, a.latest, a.source?.section]),
    [
      ['delivered', 'sent', 0, 0, '2022-09-07', '2022-09-07', undefined],
      ['registered', 'delivered', 0, 3, '2022-09-07', '2022-09-10', 'art. 8(2)'],
    ],
  );
  // A recorded delivery date needs only the registration assumption.
  const delivered = computeDeadline(ru, { from: '2022-09-08', fromEvent: 'delivered' });
  assert.deepEqual([delivered.earliestDue, delivered.latestDue], ['2022-10-10', '2022-10-11']);
  // FOIA counts from receipt: a sent date assumes same-day receipt and says so.
  const foi = computeDeadline(uk, { from: '2022-03-01', fromEvent: 'sent' });
  assert.equal(foi.due, '2022-03-30');
  assert.equal(foi.explanation.filter((s) => s.kind === 'assumption').length, 1);
});

test('the explanation is structured steps, both days of a roll shown', () => {
  assert.deepEqual(computeDeadline(ru, { from: '2022-09-09' }).explanation, [
    { kind: 'start', event: 'registered', date: '2022-09-09' },
    {
      kind: 'count',
      unit: 'calendar_days',
      amount: 30,
      from: '2022-09-09',
      firstDay: '2022-09-10',
      to: '2022-10-09',
      startOffsetDays: 1,
    },
    { kind: 'roll_forward', from: '2022-10-09', to: '2022-10-10', reasons: [{ kind: 'weekend', weekday: 0 }] },
    { kind: 'due', date: '2022-10-10' },
  ]);
});

test('broken input is refused with a code', () => {
  const rows: Array<[DeadlineRule, DeadlineInput, string]> = [
    [ru, { from: '2022-02-30' }, 'invalid_date'],
    [ru, { from: 'yesterday' }, 'invalid_date'],
    [ru, { from: { precision: 'month', year: 2022, month: 3, day: 5 } }, 'invalid_date'],
    [ru, { from: '2022-09-12', extendedDays: 31 }, 'extension_exceeds_rule'],
    [ru, { from: '2022-09-12', extendedDays: -1 }, 'extension_exceeds_rule'],
    [ru, { from: '2022-09-12', extendedDays: 1.5 }, 'extension_exceeds_rule'],
    [de, { from: '2022-09-12', extendedDays: 5 }, 'extension_not_allowed'],
    [uk, { from: '2022-09-12', fromEvent: 'registered' }, 'start_event_mismatch'],
    [
      ru,
      { from: '2022-09-12', calendarAdditions: { daysOff: [{ date: '2022-13-01' }] } },
      'invalid_calendar_additions',
    ],
    [ru, { from: '9999-12-20' }, 'date_out_of_range'],
  ];
  for (const [rule, input, code] of rows) {
    assert.throws(() => computeDeadline(rule, input), { code }, JSON.stringify(input));
  }
});
