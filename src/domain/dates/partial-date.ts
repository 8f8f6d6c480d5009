// A date known to its stated precision: '2022', '2022-03' or '2022-09-07'. The record never
// invents a day the source does not give (DESIGN.md, "Dates carry their precision").
import { DomainError } from '../errors.ts';

export type DatePrecision = 'year' | 'month' | 'day';

export interface PartialDate {
  precision: DatePrecision;
  year: number;
  /** 1–12, present for month and day precision. */
  month?: number;
  /** 1–31, present for day precision. */
  day?: number;
}

const PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC avoids any local-zone shift.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'.
 * @example parsePartialDate('2022-03') // { precision: 'month', year: 2022, month: 3 }
 */
export function parsePartialDate(text: string): PartialDate {
  const m = PATTERN.exec(text);
  if (!m) throw new DomainError('invalid_date', `"${text}" is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD`);
  const year = Number(m[1]);
  if (year < 1000) throw new DomainError('invalid_date', `"${text}": year out of range`);
  if (m[2] === undefined) return { precision: 'year', year };
  const month = Number(m[2]);
  if (month < 1 || month > 12) throw new DomainError('invalid_date', `"${text}": month must be 01–12`);
  if (m[3] === undefined) return { precision: 'month', year, month };
  const day = Number(m[3]);
  if (day < 1 || day > daysInMonth(year, month)) {
    throw new DomainError('invalid_date', `"${text}": ${year}-${m[2]} has no day ${m[3]}`);
  }
  return { precision: 'day', year, month, day };
}

/** True for a well-formed partial date string. */
export function isPartialDate(text: string): boolean {
  try {
    parsePartialDate(text);
    return true;
  } catch {
    return false;
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The canonical text of a partial date. */
export function formatPartialDate(d: PartialDate): string {
  if (d.precision === 'year') return pad(d.year, 4);
  if (d.precision === 'month') return `${pad(d.year, 4)}-${pad(d.month!)}`;
  return `${pad(d.year, 4)}-${pad(d.month!)}-${pad(d.day!)}`;
}

/**
 * The first calendar day the date can stand for, as 'YYYY-MM-DD'.
 * @example earliestDay(parsePartialDate('2022-03')) // '2022-03-01'
 */
export function earliestDay(d: PartialDate): string {
  return `${pad(d.year, 4)}-${pad(d.month ?? 1)}-${pad(d.day ?? 1)}`;
}

/**
 * The last calendar day the date can stand for, as 'YYYY-MM-DD'.
 * @example latestDay(parsePartialDate('2024-02')) // '2024-02-29'
 */
export function latestDay(d: PartialDate): string {
  const month = d.month ?? 12;
  return `${pad(d.year, 4)}-${pad(month)}-${pad(d.day ?? daysInMonth(d.year, month))}`;
}
