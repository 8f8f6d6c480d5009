import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calendarRegions, checkCalendarSpec, holidayCalendar } from './holiday-calendar.ts';
import { DEADLINE_PRESETS } from './deadline-rule.ts';

const ru = holidayCalendar({ country: 'RU' });
const uk = holidayCalendar(DEADLINE_PRESETS['uk-foi']!.calendar);
const de = holidayCalendar({ country: 'DE' });
const deBavaria = holidayCalendar({ country: 'DE', regions: ['BY'] });

const holidayNames = (info: ReturnType<typeof ru.describe>, lang = 'en') =>
  info.reasons.flatMap((r) => (r.kind === 'public_holiday' ? [r.name[lang]] : []));

test('Russia: public holidays and the 2022 transfers are days off', () => {
  const off: Array<[string, string]> = [
    ['2023-01-02', 'New Year Holiday'],
    ['2023-01-03', 'New Year Holiday'],
    ['2023-01-06', 'New Year Holiday'],
    ['2023-01-08', 'New Year Holiday'],
    ['2024-01-05', 'New Year Holiday'],
    ['2024-01-08', 'New Year Holiday'],
    ['2023-01-07', 'Christmas Day'],
    ['2022-02-23', 'Defender of the Fatherland Day'],
    ['2022-03-08', "International Women's Day"],
    ['2022-03-07', 'Day off (transferred from March 5)'],
    ['2022-05-03', 'Day off (transferred from January 1)'],
    ['2022-05-09', 'Victory Day'],
    ['2022-05-10', 'Day off (transferred from January 2)'],
    ['2022-06-12', 'Russia Day'],
    ['2022-06-13', 'Day off (transferred from June 12)'],
    ['2022-11-04', 'Unity Day'],
  ];
  for (const [date, name] of off) {
    const info = ru.describe(date);
    assert.equal(info.working, false, date);
    assert.ok(holidayNames(info).includes(name), `${date}: ${holidayNames(info).join(', ')}`);
  }
  assert.deepEqual(holidayNames(ru.describe('2022-06-12'), 'ru'), ['День России']);
  for (const date of [
    '2022-01-10',
    '2022-03-09',
    '2022-05-04',
    '2022-05-11',
    '2022-06-14',
    '2022-11-03',
    '2022-09-07',
  ]) {
    assert.equal(ru.describe(date).working, true, date);
  }
});

test('Russia: weekends are off; a Saturday the transfer table makes a working day is one', () => {
  // Saturday 5 March 2022 was a working day (Decree No. 1564).
  const sat = ru.describe('2022-03-05');
  assert.equal(sat.working, true);
  assert.deepEqual(sat.movedWorkingDay?.overrides, [{ kind: 'weekend', weekday: 6 }]);
  assert.match(sat.movedWorkingDay?.name ?? '', /№ 1564/);
  // A Saturday not in any decree stays off.
  assert.deepEqual(ru.describe('2022-03-12').reasons, [{ kind: 'weekend', weekday: 6 }]);
  // A holiday on a weekend carries both reasons.
  assert.deepEqual(
    ru.describe('2023-11-04').reasons.map((r) => r.kind),
    ['public_holiday', 'weekend'],
  );
});

test('UK (FOIA s.10(6)): a bank holiday in any part of the UK is not a working day', () => {
  const off: Array<[string, string, string[] | undefined]> = [
    // Scotland keeps 2 January too, so there 3 January is 2 January's substitute.
    ['2022-01-03', "New Year's Day (substitute day)", ['ENG', 'NIR', 'WLS']],
    ['2022-01-03', 'January 2nd (substitute day)', ['SCT']],
    ['2022-01-04', "New Year's Day (substitute day)", ['SCT']],
    ['2024-01-02', 'January 2nd', ['SCT']],
    ['2022-03-17', 'St Patrick’s Day', ['NIR']],
    ['2022-07-12', 'Battle of the Boyne (Orangemen’s Day)', ['NIR']],
    ['2022-08-01', 'Summer bank holiday', ['SCT']],
    ['2022-08-29', 'Summer bank holiday', ['ENG', 'NIR', 'WLS']],
    ['2022-11-30', 'St Andrew’s Day', ['SCT']],
    ['2022-04-18', 'Easter Monday', ['ENG', 'NIR', 'WLS']],
    ['2022-04-15', 'Good Friday', undefined],
    ['2022-09-19', "Queen Elizabeth's Funeral Day", undefined],
    ['2022-12-27', 'Christmas Day (substitute day)', undefined],
  ];
  for (const [date, name, regions] of off) {
    const info = uk.describe(date);
    assert.equal(info.working, false, date);
    const reason = info.reasons.find((r) => r.kind === 'public_holiday' && r.name.en === name);
    assert.ok(reason && reason.kind === 'public_holiday', `${date}: ${JSON.stringify(info.reasons)}`);
    assert.deepEqual(reason.regions, regions, date);
  }
  // Mother's Day is an observance, not a bank holiday.
  assert.equal(uk.describe('2022-03-28').working, true);
  // England alone keeps 17 March as a working day.
  assert.equal(holidayCalendar({ country: 'GB', regions: ['ENG'] }).describe('2022-03-17').working, true);
});

test('Germany: national public holidays only; bank and observance days stay working days', () => {
  for (const date of [
    '2022-01-01',
    '2022-04-15',
    '2022-04-18',
    '2022-05-26',
    '2022-06-06',
    '2022-10-03',
    '2022-12-26',
    '2024-05-09',
  ]) {
    assert.equal(de.describe(date).working, false, date);
  }
  // Heiligabend 2024 (Tuesday) is "bank", Rosenmontag 2024 an observance, Corpus Christi only in some Länder.
  for (const date of ['2024-12-24', '2024-12-31', '2024-02-12', '2022-06-16', '2022-11-01']) {
    assert.equal(de.describe(date).working, true, date);
  }
  // Bavaria adds Epiphany, Corpus Christi and All Saints'.
  for (const date of ['2022-01-06', '2022-06-16', '2022-11-01'])
    assert.equal(deBavaria.describe(date).working, false, date);
});

test('unknown countries and regions are refused; "all" lists every region', () => {
  assert.throws(() => checkCalendarSpec({ country: 'XX' }), { code: 'unsupported_calendar' });
  assert.throws(() => holidayCalendar({ country: 'GB', regions: ['XYZ'] }), { code: 'unsupported_calendar' });
  assert.deepEqual(calendarRegions({ country: 'GB', regions: 'all' }), ['ALD', 'ENG', 'NIR', 'SCT', 'WLS']);
  assert.deepEqual(calendarRegions({ country: 'RU' }), []);
});

test('a custom weekend replaces Saturday and Sunday', () => {
  const friSat = holidayCalendar({ country: 'DE', weekend: [5, 6] });
  assert.equal(friSat.describe('2022-09-09').working, false); // a Friday
  assert.equal(friSat.describe('2022-09-11').working, true); // a Sunday
  assert.notEqual(friSat.id, de.id);
});

test('a calendar keeps the spec it was made from, whatever happens to that object later', () => {
  const spec = { country: 'GB', regions: ['NIR'] };
  const nir = holidayCalendar(spec);
  spec.regions.splice(0, 1, 'ENG');
  assert.equal(nir.describe('2030-03-18').working, false); // St Patrick's Day substitute, NI only
  assert.equal(holidayCalendar({ country: 'GB', regions: ['ENG'] }).describe('2030-03-18').working, true);
});

test('calendars are memoised per spec', () => {
  assert.equal(holidayCalendar({ country: 'RU' }), ru);
  assert.equal(holidayCalendar({ country: 'GB', regions: ['SCT', 'NIR', 'ENG', 'WLS'] }), uk);
});
