// Civil (calendar) dates as 'YYYY-MM-DD' strings, with arithmetic on whole days. Everything goes
// through a day number (days since 1970-01-01, proleptic Gregorian), so no `Date`, no local time
// zone and no daylight-saving hour can move a date: a deadline is a civil date, not an instant.
// The day-number conversion is Howard Hinnant's `days_from_civil` / `civil_from_days`
// (http://howardhinnant.github.io/date_algorithms.html), in integer arithmetic only.
import { DomainError } from '../errors.ts';

/** A civil date 'YYYY-MM-DD'. */
export type CivilDate = string;

/** 0 = Sunday … 6 = Saturday (the numbering of `Date.prototype.getUTCDay`). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * True when `year` has a 29 February (Gregorian rule: every 4th, not every 100th, every 400th).
 * @example isLeapYear(2100) // false
 */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The number of days in a month (1–12).
 * @example daysInMonth(2024, 2) // 29
 */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export interface CivilParts {
  year: number;
  month: number;
  day: number;
}

/**
 * Splits and checks a civil date; throws `invalid_date` for anything else.
 * @example civilParts('2024-02-29') // { year: 2024, month: 2, day: 29 }
 */
export function civilParts(date: CivilDate): CivilParts {
  const m = typeof date === 'string' ? PATTERN.exec(date) : null;
  if (!m) throw new DomainError('invalid_date', `"${String(date)}" is not a date of the form YYYY-MM-DD`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1000) throw new DomainError('invalid_date', `"${date}": year out of range`);
  if (month < 1 || month > 12) throw new DomainError('invalid_date', `"${date}": month must be 01–12`);
  if (day < 1 || day > daysInMonth(year, month)) {
    throw new DomainError('invalid_date', `"${date}": ${m[1]}-${m[2]} has no day ${m[3]}`);
  }
  return { year, month, day };
}

/**
 * True for a well-formed, existing civil date.
 * @example isCivilDate('2023-02-29') // false
 */
export function isCivilDate(text: unknown): text is CivilDate {
  if (typeof text !== 'string') return false;
  try {
    civilParts(text);
    return true;
  } catch {
    return false;
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * Builds a civil date from its parts (which must name an existing day).
 * @example civilDate(2022, 9, 7) // '2022-09-07'
 */
export function civilDate(year: number, month: number, day: number): CivilDate {
  const text = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  civilParts(text);
  return text;
}

/**
 * Days since 1970-01-01 (negative before it).
 * @example dayNumber('1970-01-02') // 1
 */
export function dayNumber(date: CivilDate): number {
  const { year, month, day } = civilParts(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0 … February = 11
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * The civil date of a day number.
 * @example fromDayNumber(19242) // '2022-09-07'
 */
export function fromDayNumber(n: number): CivilDate {
  if (!Number.isSafeInteger(n)) throw new DomainError('invalid_date', `day number ${n} is not a whole number`);
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 1000 || year > 9999)
    throw new DomainError('date_out_of_range', `day number ${n} is outside years 1000–9999`);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/**
 * The date `days` days later (or earlier, when negative).
 * @example addDays('2024-02-28', 1) // '2024-02-29'
 */
export function addDays(date: CivilDate, days: number): CivilDate {
  return fromDayNumber(dayNumber(date) + days);
}

/**
 * Whole days from `from` to `to` (positive when `to` is later).
 * @example daysBetween('2022-03-31', '2022-05-04') // 34
 */
export function daysBetween(from: CivilDate, to: CivilDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * The weekday of a civil date, 0 = Sunday … 6 = Saturday.
 * @example weekday('2022-10-09') // 0 (a Sunday)
 */
export function weekday(date: CivilDate): Weekday {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber(date) + 4) % 7) + 7) % 7) as Weekday;
}

export interface AddMonthsResult {
  date: CivilDate;
  /** The same day number does not exist in the target month, so the month's last day was taken. */
  clamped: boolean;
  /** The day the calendar would have needed ('2023-02-31'), present when clamped. */
  wanted?: string;
}

/**
 * The day with the same number `months` months later; when the target month is shorter, its
 * last day (BGB §188(3): "so endigt die Frist mit dem Ablauf des letzten Tages dieses Monats").
 * @example addMonths('2023-01-31', 1) // { date: '2023-02-28', clamped: true, wanted: '2023-02-31' }
 */
export function addMonths(date: CivilDate, months: number): AddMonthsResult {
  if (!Number.isSafeInteger(months)) throw new DomainError('invalid_date', `${months} is not a whole number of months`);
  const { year, month, day } = civilParts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  if (y < 1000 || y > 9999)
    throw new DomainError('date_out_of_range', `${date} + ${months} months is outside years 1000–9999`);
  const last = daysInMonth(y, m);
  if (day <= last) return { date: civilDate(y, m, day), clamped: false };
  return { date: civilDate(y, m, last), clamped: true, wanted: `${pad(y, 4)}-${pad(m)}-${pad(day)}` };
}

/**
 * Orders two civil dates (the strings sort as dates, since both are zero-padded).
 * @example compareCivil('2022-09-07', '2022-10-07') // -1
 */
export function compareCivil(a: CivilDate, b: CivilDate): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}
