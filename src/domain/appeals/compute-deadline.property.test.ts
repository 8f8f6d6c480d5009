// computeDeadline against an independent oracle that walks the calendar one day at a time, with
// its own date stepping and its own weekday formula (Sakamoto's), reading the holiday library
// directly. Nothing of civil-date.ts, working-calendar.ts or holiday-calendar.ts is used here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import Holidays from 'date-holidays';
import { computeDeadline } from './compute-deadline.ts';
import type { DeadlineKind, DeadlineRule } from './deadline-rule.ts';
import type { CalendarSpec } from './holiday-calendar.ts';
import { RU_DAY_TRANSFERS } from './ru-day-transfers.ts';

const RU_OFF = new Set(RU_DAY_TRANSFERS.flatMap((y) => y.daysOff.map((d) => d.date)));
const RU_WORKING = new Set(RU_DAY_TRANSFERS.flatMap((y) => y.workingDays));

type Ymd = [number, number, number];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthLength = (y: number, m: number) => [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
const next = ([y, m, d]: Ymd): Ymd => (d < monthLength(y, m) ? [y, m, d + 1] : m < 12 ? [y, m + 1, 1] : [y + 1, 1, 1]);
const text = ([y, m, d]: Ymd) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const parse = (s: string): Ymd => s.split('-').map(Number) as Ymd;
// Sakamoto's method: 0 = Sunday.
function dayOfWeek([y, m, d]: Ymd): number {
  const t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
  const yy = m < 3 ? y - 1 : y;
  return (yy + Math.floor(yy / 4) - Math.floor(yy / 100) + Math.floor(yy / 400) + t[m - 1]! + d) % 7;
}

const CALENDARS: CalendarSpec[] = [
  { country: 'RU' },
  { country: 'GB', regions: ['ENG', 'NIR', 'SCT', 'WLS'] },
  { country: 'DE' },
  { country: 'DE', regions: ['BY'] },
  { country: 'DE', weekend: [5, 6] },
];

const holidayYears = new Map<string, Set<string>>();
function publicHolidays(spec: CalendarSpec, year: number): Set<string> {
  const key = `${JSON.stringify(spec)}|${year}`;
  let set = holidayYears.get(key);
  if (set) return set;
  set = new Set();
  const regions = Array.isArray(spec.regions) ? spec.regions : [null];
  for (const region of regions) {
    const lib = region === null ? new Holidays(spec.country) : new Holidays(spec.country, region);
    for (const h of lib.getHolidays(year)) {
      if (h.type !== 'public') continue;
      let day = parse(h.date.slice(0, 10));
      const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
      for (let i = 0; i < days; i++, day = next(day)) set.add(text(day));
    }
  }
  holidayYears.set(key, set);
  return set;
}

interface Additions {
  daysOff: string[];
  workingDays: string[];
}

function oracleWorking(spec: CalendarSpec, additions: Additions) {
  const weekend: number[] = spec.weekend ?? [6, 0];
  return (day: Ymd): boolean => {
    const t = text(day);
    if (additions.workingDays.includes(t)) return true;
    if (additions.daysOff.includes(t)) return false;
    // Russia's transfer table is data the calendar reads; the oracle reads it too.
    if (spec.country === 'RU' && RU_WORKING.has(t)) return true;
    if (spec.country === 'RU' && RU_OFF.has(t)) return false;
    return !weekend.includes(dayOfWeek(day)) && !publicHolidays(spec, day[0]).has(t);
  };
}

function oracleDue(rule: DeadlineRule, start: string, extendedDays: number, additions: Additions): string {
  const working = oracleWorking(rule.calendar, additions);
  let day = parse(start);
  if (rule.kind === 'calendar_days') {
    for (let i = 0; i < rule.startOffsetDays + rule.amount - 1; i++) day = next(day);
  } else if (rule.kind === 'working_days') {
    for (let i = 0; i < rule.startOffsetDays; i++) day = next(day);
    for (let counted = working(day) ? 1 : 0; counted < rule.amount; ) {
      day = next(day);
      if (working(day)) counted++;
    }
  } else {
    const [sy, sm, sd] = day;
    const target = sy * 12 + sm - 1 + rule.amount;
    let previous = day;
    for (;;) {
      previous = day;
      day = next(day);
      const [y, m, d] = day;
      if (y * 12 + m - 1 !== target) continue;
      const last = monthLength(y, m);
      if (d === sd) {
        if (rule.startOffsetDays === 0) day = previous;
        break;
      }
      if (sd > last && d === last) break;
    }
  }
  // An extension runs on from the last day as moved to a working day.
  if (rule.rollForward) while (!working(day)) day = next(day);
  if (rule.kind === 'working_days') {
    for (let counted = 0; counted < extendedDays; ) {
      day = next(day);
      if (working(day)) counted++;
    }
  } else {
    for (let i = 0; i < extendedDays; i++) day = next(day);
  }
  if (rule.rollForward) while (!working(day)) day = next(day);
  return text(day);
}

const arbDate = (from: number, to: number) =>
  fc
    .record({
      y: fc.integer({ min: from, max: to }),
      m: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 31 }),
    })
    .map(({ y, m, d }) => text([y, m, Math.min(d, monthLength(y, m))]));

const arbRule = fc
  .record({
    kind: fc.constantFrom<DeadlineKind>('calendar_days', 'working_days', 'months'),
    days: fc.integer({ min: 1, max: 70 }),
    months: fc.integer({ min: 1, max: 14 }),
    offset: fc.integer({ min: 0, max: 3 }),
    rollForward: fc.boolean(),
    calendar: fc.constantFrom(...CALENDARS),
  })
  .map(
    ({ kind, days, months, offset, rollForward, calendar }): DeadlineRule => ({
      id: 'random',
      kind,
      amount: kind === 'months' ? months : days,
      start: 'registered',
      startOffsetDays: kind === 'months' ? offset % 2 : offset,
      rollForward,
      calendar,
      extension: { maxDays: 30, maxTotalDays: 30 },
      ignoredAfterDays: 60,
      source: { act: 'test', section: '1' },
    }),
  );

// Days near the start, each either off or working (never both).
const arbAdditions = (start: string) =>
  fc
    .array(fc.record({ offset: fc.integer({ min: 0, max: 120 }), off: fc.boolean() }), { maxLength: 6 })
    .map((list): Additions => {
      const seen = new Map<string, boolean>();
      for (const { offset, off } of list) {
        let day = parse(start);
        for (let i = 0; i < offset; i++) day = next(day);
        if (!seen.has(text(day))) seen.set(text(day), off);
      }
      return {
        daysOff: [...seen].filter(([, off]) => off).map(([d]) => d),
        workingDays: [...seen].filter(([, off]) => !off).map(([d]) => d),
      };
    });

const asInput = (a: Additions) => ({
  daysOff: a.daysOff.map((date) => ({ date })),
  workingDays: a.workingDays.map((date) => ({ date })),
});

test('property: a day-precise start matches the day-by-day oracle', () => {
  fc.assert(
    fc.property(
      arbRule,
      arbDate(1995, 2045).chain((start) => fc.tuple(fc.constant(start), arbAdditions(start))),
      fc.integer({ min: 0, max: 30 }),
      (rule, [start, additions], extendedDays) => {
        const got = computeDeadline(rule, { from: start, extendedDays, calendarAdditions: asInput(additions) });
        assert.equal(got.due, oracleDue(rule, start, extendedDays, additions));
      },
    ),
    { numRuns: 600 },
  );
});

test('property: a month-precise start brackets every day of the month', () => {
  fc.assert(
    fc.property(arbRule, fc.integer({ min: 1995, max: 2045 }), fc.integer({ min: 1, max: 12 }), (rule, y, m) => {
      const none = { daysOff: [], workingDays: [] };
      const got = computeDeadline(rule, { from: `${y}-${String(m).padStart(2, '0')}` });
      const first = oracleDue(rule, text([y, m, 1]), 0, none);
      const last = oracleDue(rule, text([y, m, monthLength(y, m)]), 0, none);
      assert.equal(got.earliestDue, first);
      assert.equal(got.latestDue, last);
      assert.equal(got.due, last);
      for (let d = 2; d < monthLength(y, m); d += 7) {
        const due = oracleDue(rule, text([y, m, d]), 0, none);
        assert.ok(first <= due && due <= last, `${y}-${m}-${d}: ${due} outside ${first}..${last}`);
      }
    }),
    { numRuns: 200 },
  );
});
