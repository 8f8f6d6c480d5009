import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holidayCalendar } from './holiday-calendar.ts';
import {
  firstWorkingDayFrom,
  isWorkingDay,
  validateCalendarAdditions,
  weekendCalendar,
  withCalendarAdditions,
} from './working-calendar.ts';
import type { WorkingCalendar } from './working-calendar.ts';

test('the weekend calendar: Saturday and Sunday off', () => {
  const cal = weekendCalendar();
  const rows: Array<[string, boolean]> = [
    ['2022-10-07', true], // Friday
    ['2022-10-08', false],
    ['2022-10-09', false],
    ['2022-10-10', true],
  ];
  for (const [date, working] of rows) assert.equal(isWorkingDay(cal, date), working, date);
  assert.equal(firstWorkingDayFrom(cal, '2022-10-08'), '2022-10-10');
  assert.equal(firstWorkingDayFrom(cal, '2022-10-10'), '2022-10-10');
});

test("a body's additions layer over the library: moved working Saturdays and extra days off", () => {
  const ru = holidayCalendar({ country: 'RU' });
  const body = withCalendarAdditions(ru, {
    // 2021 is not in the transfer table: a body adds its working Saturday itself.
    workingDays: [{ date: '2021-02-20', name: 'working Saturday (Decree No. 1648 of 10.10.2020)' }],
    daysOff: [{ date: '2022-09-07', name: 'council day' }, { date: '2022-10-08' }],
  });
  const sat = body.describe('2021-02-20');
  assert.equal(sat.working, true);
  assert.deepEqual(sat.movedWorkingDay, {
    name: 'working Saturday (Decree No. 1648 of 10.10.2020)',
    overrides: [{ kind: 'weekend', weekday: 6 }],
  });
  assert.deepEqual(body.describe('2022-09-07').reasons, [{ kind: 'body_day_off', name: 'council day' }]);
  // A day off on a weekend keeps both reasons.
  assert.deepEqual(body.describe('2022-10-08').reasons, [{ kind: 'weekend', weekday: 6 }, { kind: 'body_day_off' }]);
  // Everything else is the library's answer.
  assert.equal(body.describe('2022-03-08').working, false);
  assert.equal(body.describe('2022-03-09').working, true);
  // A listed working day that is working anyway is reported as the base reports it.
  assert.equal(body.describe('2022-03-09').movedWorkingDay, undefined);
  assert.equal(body.id, 'RU+body');
});

test('no additions: the base calendar itself', () => {
  const base = weekendCalendar();
  assert.equal(withCalendarAdditions(base, undefined), base);
  assert.equal(withCalendarAdditions(base, {}), base);
});

test('malformed additions are refused with a code', () => {
  const rows: Array<[unknown, string]> = [
    ['2022-03-05', 'invalid_calendar_additions'],
    [[], 'invalid_calendar_additions'],
    [{ daysOff: '2022-03-05' }, 'invalid_calendar_additions'],
    [{ daysOff: ['2022-03-05'] }, 'invalid_calendar_additions'],
    [{ daysOff: [{ date: '2022-02-30' }] }, 'invalid_calendar_additions'],
    [{ daysOff: [{ date: '2022-03-05', name: 5 }] }, 'invalid_calendar_additions'],
    [{ daysOff: [{ date: '2022-03-05', when: 'x' }] }, 'unknown_field'],
    [{ holidays: [] }, 'unknown_field'],
    [{ daysOff: [{ date: '2022-03-05' }], workingDays: [{ date: '2022-03-05' }] }, 'calendar_additions_conflict'],
  ];
  for (const [input, code] of rows) {
    assert.throws(() => validateCalendarAdditions(input), { code }, JSON.stringify(input));
  }
  assert.deepEqual(validateCalendarAdditions(null), {});
});

test('a calendar with no working day is refused, not looped on', () => {
  const never: WorkingCalendar = {
    id: 'never',
    describe: (date) => ({ date, working: false, reasons: [{ kind: 'body_day_off' }] }),
  };
  assert.throws(() => firstWorkingDayFrom(never, '2022-01-01'), { code: 'no_working_day' });
});
