// Which days are working days. A deadline rule only asks one question of a calendar — "is this
// day a working day, and if not, why?" — so a calendar is that one function. The holiday library
// answers it for a jurisdiction (holiday-calendar.ts); a body's own additions (extra days off,
// and days off moved onto a Saturday, as Russian government decrees do every year) are layered
// over any calendar by `withCalendarAdditions`.
import type { CivilDate, Weekday } from '../dates/civil-date.ts';
import { addDays, civilParts, isCivilDate, weekday } from '../dates/civil-date.ts';
import { appealsError } from './appeals-error.ts';

/** A holiday's name in the languages the source gives ('en', 'ru', the country's own…). */
export type LocalizedName = Record<string, string>;

export type DayOffReason =
  | { kind: 'weekend'; weekday: Weekday }
  | {
      kind: 'public_holiday';
      name: LocalizedName;
      /** The regions that keep it, when not every region of the calendar does ('SCT', 'NIR'…). */
      regions?: string[];
    }
  | { kind: 'body_day_off'; name?: string }
  /** A weekday made a day off by a Russian transfer decree, or by Labour Code art. 112(2). */
  | { kind: 'transferred_day_off'; from: CivilDate; act: string }
  /** A day the rule disregards: between a fees notice and the fee's receipt (FOIA s.10(2)). */
  | { kind: 'fee_pause' };

export interface DayInfo {
  date: CivilDate;
  working: boolean;
  /** Why the day is not a working day; several may hold (a holiday on a Sunday). */
  reasons: DayOffReason[];
  /** Set when the body made this day a working day although the calendar below has it off. */
  movedWorkingDay?: { name?: string; overrides: DayOffReason[] };
}

export interface WorkingCalendar {
  /** Names the calendar in explanations: 'RU', 'GB:ENG+NIR+SCT+WLS', 'RU+body'. */
  id: string;
  describe(date: CivilDate): DayInfo;
  /**
   * True for a year whose official days off are not all known (Russia: no transfer decree in the
   * table), so that a due date in it is provisional. Absent: every year is known.
   */
  unconfirmedYear?(year: number): boolean;
}

/** One day a body adds to its calendar. */
export interface CalendarDay {
  date: CivilDate;
  name?: string;
}

/** A body's own layer: extra days off, and working days (a Saturday a decree made a working day). */
export interface CalendarAdditions {
  daysOff?: CalendarDay[];
  workingDays?: CalendarDay[];
}

/** Saturday and Sunday: the working week of every preset (RU, UK and DE all work Monday–Friday). */
export const SATURDAY_SUNDAY: readonly Weekday[] = [6, 0];

/**
 * A calendar whose only days off are the weekend days: the base for custom rules, and the
 * reference the holiday calendars are tested against.
 * @example weekendCalendar().describe('2022-10-09').working // false (a Sunday)
 */
export function weekendCalendar(weekend: readonly Weekday[] = SATURDAY_SUNDAY): WorkingCalendar {
  return {
    id: 'weekend',
    describe(date) {
      const wd = weekday(date);
      const reasons: DayOffReason[] = weekend.includes(wd) ? [{ kind: 'weekend', weekday: wd }] : [];
      return { date, working: reasons.length === 0, reasons };
    },
  };
}

/**
 * True when `date` is a working day of `calendar`.
 * @example isWorkingDay(weekendCalendar(), '2022-10-10') // true (a Monday)
 */
export function isWorkingDay(calendar: WorkingCalendar, date: CivilDate): boolean {
  return calendar.describe(date).working;
}

// No real calendar has a year without a working day; a broken custom one must not loop forever.
const SEARCH_LIMIT_DAYS = 366;

/**
 * The first working day on or after `date`.
 * @example firstWorkingDayFrom(weekendCalendar(), '2022-10-09') // '2022-10-10'
 */
export function firstWorkingDayFrom(calendar: WorkingCalendar, date: CivilDate): CivilDate {
  let day = date;
  for (let i = 0; i <= SEARCH_LIMIT_DAYS; i++) {
    if (calendar.describe(day).working) return day;
    day = addDays(day, 1);
  }
  throw appealsError('no_working_day', `calendar ${calendar.id} has no working day within a year after ${date}`);
}

function checkDays(list: unknown, field: string): CalendarDay[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw appealsError('invalid_calendar_additions', `${field} must be a list of days`);
  return list.map((item, i) => {
    if (typeof item !== 'object' || item === null) {
      throw appealsError('invalid_calendar_additions', `${field}[${i}] must be { date, name? }`);
    }
    const { date, name, ...rest } = item as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0) throw appealsError('unknown_field', `${field}[${i}] has unknown field "${extra[0]}"`);
    if (!isCivilDate(date)) throw appealsError('invalid_calendar_additions', `${field}[${i}].date must be YYYY-MM-DD`);
    if (name !== undefined && typeof name !== 'string') {
      throw appealsError('invalid_calendar_additions', `${field}[${i}].name must be text`);
    }
    return name === undefined ? { date } : { date, name };
  });
}

/**
 * Checks a body's calendar additions: well-formed days, and no day both off and working.
 * @example validateCalendarAdditions({ workingDays: [{ date: '2022-03-05' }] })
 */
export function validateCalendarAdditions(input: unknown): CalendarAdditions {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw appealsError('invalid_calendar_additions', 'calendar additions must be { daysOff?, workingDays? }');
  }
  const { daysOff, workingDays, ...rest } = input as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw appealsError('unknown_field', `calendar additions have unknown field "${extra[0]}"`);
  const off = checkDays(daysOff, 'daysOff');
  const working = checkDays(workingDays, 'workingDays');
  const offDates = new Set(off.map((d) => d.date));
  const both = working.find((d) => offDates.has(d.date));
  if (both) {
    throw appealsError('calendar_additions_conflict', `${both.date} is listed both as a day off and as a working day`);
  }
  return { daysOff: off, workingDays: working };
}

/**
 * Layers a body's additions over a calendar: a listed working day is working whatever the
 * calendar below says (Russia moves days off onto Saturdays, e.g. Saturday 5 March 2022 was a
 * working day by Government Decree No. 1564 of 16 Sep 2021); a listed day off is off.
 * @example withCalendarAdditions(weekendCalendar(), { workingDays: [{ date: '2022-03-05' }] }).describe('2022-03-05').working // true
 */
export function withCalendarAdditions(
  base: WorkingCalendar,
  additions: CalendarAdditions | undefined,
): WorkingCalendar {
  const checked = validateCalendarAdditions(additions);
  const off = new Map((checked.daysOff ?? []).map((d) => [d.date, d]));
  const working = new Map((checked.workingDays ?? []).map((d) => [d.date, d]));
  if (off.size === 0 && working.size === 0) return base;
  const layered: WorkingCalendar = {
    id: `${base.id}+body`,
    describe(date) {
      civilParts(date);
      const below = base.describe(date);
      const moved = working.get(date);
      if (moved) {
        if (below.working) return below;
        const movedWorkingDay =
          moved.name === undefined ? { overrides: below.reasons } : { name: moved.name, overrides: below.reasons };
        return { date, working: true, reasons: [], movedWorkingDay };
      }
      const extra = off.get(date);
      if (!extra) return below;
      const reason: DayOffReason =
        extra.name === undefined ? { kind: 'body_day_off' } : { kind: 'body_day_off', name: extra.name };
      return { date, working: false, reasons: [...below.reasons, reason] };
    },
  };
  if (base.unconfirmedYear) layered.unconfirmedYear = base.unconfirmedYear.bind(base);
  return layered;
}
