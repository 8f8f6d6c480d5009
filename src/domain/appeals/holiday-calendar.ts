// A jurisdiction's working days from the `date-holidays` library (pure: its data is bundled, it
// does no I/O). Only holidays of type "public" count as days off: the library also returns
// "bank" (in Germany, Christmas Eve and New Year's Eve afternoons, which are working days),
// "observance" (Mother's Day…) and "school" days, none of which stop a statutory clock. In the UK
// data the bank holidays of the Banking and Financial Dealings Act 1971 are typed "public".
//
// Several regions form a union: a day is off when it is a public holiday in ANY listed region.
// That is what FOIA 2000 s.10(6) asks ("a bank holiday … in any part of the United Kingdom").
//
// The library's `date` field ('YYYY-MM-DD hh:mm:ss', local to the holiday) is read as text; its
// Date `start`/`end` are used only for a multi-day holiday's length (Russia's "01-02 P5D"), rounded
// to whole days so a daylight-saving hour cannot change it.
import Holidays from 'date-holidays';
import type { CivilDate, Weekday } from '../dates/civil-date.ts';
import { addDays, civilParts, weekday } from '../dates/civil-date.ts';
import { appealsError } from './appeals-error.ts';
import type { DayOffReason, LocalizedName, WorkingCalendar } from './working-calendar.ts';
import { SATURDAY_SUNDAY } from './working-calendar.ts';
import { RU_DAY_TRANSFERS, ruDayTransfers } from './ru-day-transfers.ts';

// Russia's transfers by date, over every year in the table (ru-day-transfers.ts).
const RU_OFF = new Map(RU_DAY_TRANSFERS.flatMap((y) => y.daysOff.map((d) => [d.date, { ...d, act: y.act }] as const)));
const LABOUR_CODE = 'Трудовой кодекс РФ, ч. 2 ст. 112';
const RU_WORKING = new Map(RU_DAY_TRANSFERS.flatMap((y) => y.workingDays.map((d) => [d, y.act] as const)));

/** Which holidays apply: a country (ISO 3166-1 alpha-2) and optionally regions of it. */
export interface CalendarSpec {
  country: string;
  /** Library region codes ('SCT', 'BY'…), or 'all' for every region the library lists. */
  regions?: string[] | 'all';
  /** Weekly days off; default Saturday and Sunday. */
  weekend?: Weekday[];
}

// Names are kept in the two interface languages (DESIGN.md, "Languages") and the library's own.
const NAME_LANGUAGES = ['en', 'ru'] as const;

function library(): Holidays {
  return new Holidays();
}

/**
 * Refuses a country or region the holiday library does not know (`unsupported_calendar`).
 * @example checkCalendarSpec({ country: 'GB', regions: ['SCT'] }) // returns; 'XX' would throw
 */
export function checkCalendarSpec(spec: CalendarSpec): void {
  const lib = library();
  const countries = lib.getCountries('en');
  if (typeof spec.country !== 'string' || !Object.hasOwn(countries, spec.country)) {
    throw appealsError('unsupported_calendar', `the holiday library has no country "${String(spec.country)}"`);
  }
  if (spec.regions === undefined || spec.regions === 'all') return;
  const states = lib.getStates(spec.country, 'en') ?? {};
  for (const region of spec.regions) {
    if (!Object.hasOwn(states, region)) {
      throw appealsError('unsupported_calendar', `the holiday library has no region "${region}" in ${spec.country}`);
    }
  }
}

/**
 * The region codes a spec stands for ([] = the country's national holidays only).
 * @example calendarRegions({ country: 'GB', regions: 'all' }) // ['ALD', 'ENG', 'NIR', 'SCT', 'WLS']
 */
export function calendarRegions(spec: CalendarSpec): string[] {
  if (spec.regions === undefined) return [];
  if (spec.regions === 'all') return Object.keys(library().getStates(spec.country, 'en') ?? {}).sort();
  return [...spec.regions].sort();
}

// One holiday on one day, and the regions that keep it (empty for a national calendar).
interface Found {
  name: LocalizedName;
  regions: Set<string>;
}

// One library instance per region (the country itself when no region is named).
function sources(spec: CalendarSpec): Array<{ region: string | null; lib: Holidays }> {
  const regions = calendarRegions(spec);
  const opts = { types: ['public' as const] };
  if (regions.length === 0) return [{ region: null, lib: new Holidays(spec.country, opts) }];
  return regions.map((region) => ({ region, lib: new Holidays(spec.country, region, opts) }));
}

// date → holidays on that date, keyed by name, so that different holidays falling on one day in
// different regions (2 January 2023: "January 2nd" in Scotland, a New Year substitute elsewhere)
// each keep their own regions.
function yearTable(spec: CalendarSpec, year: number): Map<CivilDate, Map<string, Found>> {
  const table = new Map<CivilDate, Map<string, Found>>();
  for (const { region, lib } of sources(spec)) {
    const names = new Map<string, LocalizedName>();
    let listed: ReturnType<Holidays['getHolidays']> = [];
    for (const lang of [...NAME_LANGUAGES, undefined]) {
      const list = lib.getHolidays(year, lang);
      for (const h of list) {
        const key = `${h.date}|${h.rule}`;
        const name = names.get(key) ?? {};
        name[lang ?? 'local'] = h.name;
        names.set(key, name);
      }
      if (lang === undefined) listed = list;
    }
    for (const h of listed) {
      if (h.type !== 'public') continue;
      const first = h.date.slice(0, 10);
      civilParts(first);
      const length = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
      const name = names.get(`${h.date}|${h.rule}`) ?? { local: h.name };
      for (let i = 0; i < length; i++) {
        const day = addDays(first, i);
        // A holiday spilling into the next year (none in RU/GB/DE data) belongs to that year's table.
        if (Number(day.slice(0, 4)) !== year) continue;
        const onDay = table.get(day) ?? new Map<string, Found>();
        table.set(day, onDay);
        const key = name.en ?? name.local ?? h.name;
        const found = onDay.get(key) ?? { name, regions: new Set<string>() };
        onDay.set(key, found);
        if (region !== null) found.regions.add(region);
      }
    }
  }
  return table;
}

const calendars = new Map<string, WorkingCalendar>();

/**
 * The working-day calendar of a jurisdiction: weekends plus the library's public holidays
 * (in any of the listed regions). Memoised per spec; each year is computed once.
 * @example holidayCalendar({ country: 'GB', regions: ['ENG', 'WLS', 'SCT', 'NIR'] }).describe('2022-03-17').working // false (St Patrick's Day, NIR)
 */
export function holidayCalendar(spec: CalendarSpec): WorkingCalendar {
  // Looked up before anything else: rules ask for their calendar on every computation.
  const key = JSON.stringify([spec.country, spec.regions ?? null, spec.weekend ?? null]);
  const cached = calendars.get(key);
  if (cached) return cached;
  checkCalendarSpec(spec);
  const weekend = [...(spec.weekend ?? SATURDAY_SUNDAY)];
  const regions = calendarRegions(spec);
  const id = `${spec.country}${regions.length ? `:${regions.join('+')}` : ''}${spec.weekend ? ` weekend ${weekend.join(',')}` : ''}`;
  const same = [...calendars.values()].find((c) => c.id === id);
  if (same) {
    calendars.set(key, same);
    return same;
  }
  // A snapshot: the caller's spec may be edited later (a body editing its copy of a preset).
  const fixed: CalendarSpec = regions.length ? { country: spec.country, regions } : { country: spec.country };
  const years = new Map<number, Map<CivilDate, Map<string, Found>>>();
  const calendar: WorkingCalendar = {
    id,
    describe(date) {
      const { year } = civilParts(date);
      let table = years.get(year);
      if (!table) {
        table = yearTable(fixed, year);
        years.set(year, table);
      }
      const reasons: DayOffReason[] = [];
      for (const found of table.get(date)?.values() ?? []) {
        const partial = regions.length > 0 && found.regions.size < regions.length;
        reasons.push(
          partial
            ? { kind: 'public_holiday', name: found.name, regions: [...found.regions].sort() }
            : { kind: 'public_holiday', name: found.name },
        );
      }
      const wd = weekday(date);
      if (weekend.includes(wd)) reasons.push({ kind: 'weekend', weekday: wd });
      if (fixed.country === 'RU') {
        // A day off the library already lists (its 2022 transfers, 9 March 2026) keeps its name.
        const moved = RU_OFF.get(date);
        if (moved && reasons.length === 0)
          reasons.push({
            kind: 'transferred_day_off',
            from: moved.from,
            act: moved.basis === 'decree' ? moved.act : LABOUR_CODE,
          });
        const act = RU_WORKING.get(date);
        if (act && reasons.length > 0)
          return { date, working: true, reasons: [], movedWorkingDay: { name: act, overrides: reasons } };
      }
      return { date, working: reasons.length === 0, reasons };
    },
  };
  // Russia: a year without the Government's transfer decree in the table may have days off the
  // library does not know.
  if (fixed.country === 'RU') calendar.unconfirmedYear = (year) => ruDayTransfers(year) === undefined;
  calendars.set(key, calendar);
  return calendar;
}
