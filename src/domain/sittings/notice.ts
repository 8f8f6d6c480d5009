// The notice of a sitting: the rule (how many clear days before the sitting the notice and the
// summons must go out, and which days do not count) and its reckoning for one notice. "Clear days"
// leave out both the day the notice went out and the day of the sitting (LGA 1972 Sch. 12 para 4(2)
// and para 10(2) for England and Wales). The reckoning is structured steps, rendered in the body's
// languages by renderNoticeReckoning, the way appeal deadlines are explained.
//
// Pure: the day the notice went out comes in already converted to the body's time zone (a civil
// date), and days off come from a calendar passed in.
import type { CivilDate } from '../dates/civil-date.ts';
import { addDays, civilParts, compareCivil, daysBetween, isCivilDate, weekday } from '../dates/civil-date.ts';
import { DomainError } from '../errors.ts';
import type { DayOffReason, WorkingCalendar } from '../appeals/working-calendar.ts';
import { holidayCalendar } from '../appeals/holiday-calendar.ts';

/** Days the rule leaves out of the clear days, besides the day of notice and the day of the sitting. */
export type NoticeDisregard = 'sunday' | 'bank_holiday' | 'christmas_break' | 'easter_break';
export const NOTICE_DISREGARDS: readonly NoticeDisregard[] = [
  'sunday',
  'bank_holiday',
  'christmas_break',
  'easter_break',
];

/**
 * At least `clearDays` whole days must lie between the day the notice goes out and the day of the
 * sitting, not counting the days `disregard` names (bank holidays: of the `holidays` calendar).
 */
export interface NoticeRule {
  clearDays: number;
  disregard?: NoticeDisregard[];
  /** The holiday calendar bank holidays come from: a country and its regions (date-holidays codes). */
  holidays?: { country: string; regions?: string[] };
}

const MAX_CLEAR_DAYS = 366;

/**
 * Checks a notice rule (from a stored rule set) and returns a clean copy; throws `invalid_rule`.
 * @example validateNoticeRule({ clearDays: 3, disregard: ['sunday'] }).clearDays // 3
 */
export function validateNoticeRule(x: unknown): NoticeRule {
  const bad = (message: string): never => {
    throw new DomainError('invalid_rule', `notice: ${message}`);
  };
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return bad('must be an object');
  const o = x as Record<string, unknown>;
  for (const key of Object.keys(o))
    if (!['clearDays', 'disregard', 'holidays'].includes(key)) bad(`unknown field "${key}"`);
  const days = o.clearDays;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > MAX_CLEAR_DAYS)
    bad(`clearDays must be a whole number from 0 to ${MAX_CLEAR_DAYS}`);
  const rule: NoticeRule = { clearDays: days as number };
  if (o.disregard !== undefined) {
    if (!Array.isArray(o.disregard)) bad('disregard must be a list');
    const list = o.disregard as unknown[];
    for (const d of list)
      if (!NOTICE_DISREGARDS.includes(d as NoticeDisregard))
        bad(`disregard: "${String(d)}" is not one of ${NOTICE_DISREGARDS.join(', ')}`);
    rule.disregard = [...new Set(list as NoticeDisregard[])];
  }
  if (o.holidays !== undefined) {
    const h = o.holidays as Record<string, unknown>;
    if (typeof h !== 'object' || h === null || typeof h.country !== 'string' || !/^[A-Z]{2}$/.test(h.country))
      bad('holidays.country must be an ISO 3166 country code');
    if (h.regions !== undefined && (!Array.isArray(h.regions) || h.regions.some((r) => typeof r !== 'string')))
      bad('holidays.regions must be a list of region codes');
    rule.holidays = { country: h.country as string, ...(h.regions ? { regions: [...(h.regions as string[])] } : {}) };
  }
  if (rule.disregard?.includes('bank_holiday') && !rule.holidays) bad('bank holidays need a holidays calendar');
  return rule;
}

/**
 * Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher).
 * @example easterSunday(2024) // '2024-03-31'
 */
export function easterSunday(year: number): CivilDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The calendar a rule's bank holidays come from, or null when it names none.
 * @example noticeCalendar({ clearDays: 3, disregard: ['bank_holiday'], holidays: { country: 'GB', regions: ['ENG'] } })
 */
export function noticeCalendar(rule: NoticeRule): WorkingCalendar | null {
  if (!rule.holidays || !rule.disregard?.includes('bank_holiday')) return null;
  return holidayCalendar({
    country: rule.holidays.country,
    ...(rule.holidays.regions ? { regions: rule.holidays.regions } : {}),
  });
}

/** Why a day between the notice and the sitting does not count. */
export type NoticeDayOff =
  | { kind: 'sunday' }
  | { kind: 'bank_holiday'; name: Record<string, string> }
  | { kind: 'christmas_break' }
  | { kind: 'easter_break' };

const isWeekday = (date: CivilDate) => {
  const w = weekday(date);
  return w !== 0 && w !== 6;
};

function bankHoliday(calendar: WorkingCalendar | null, date: CivilDate): DayOffReason | null {
  if (!calendar) return null;
  return calendar.describe(date).reasons.find((r) => r.kind === 'public_holiday') ?? null;
}

/**
 * LGA 1972 s. 243: the Christmas break runs from the last weekday before Christmas Day to the first
 * weekday after it that is not a bank holiday; the Easter break from the Thursday before Easter Day
 * to the Tuesday after it.
 */
function inChristmasBreak(date: CivilDate, calendar: WorkingCalendar | null): boolean {
  const { year, month } = civilParts(date);
  // A date early in January may still be in the previous year's break.
  const christmasYear = month === 1 ? year - 1 : year;
  const christmas = `${christmasYear}-12-25`;
  let start = addDays(christmas, -1);
  while (!isWeekday(start)) start = addDays(start, -1);
  let end = addDays(christmas, 1);
  while (!isWeekday(end) || bankHoliday(calendar, end)) end = addDays(end, 1);
  return compareCivil(date, start) >= 0 && compareCivil(date, end) <= 0;
}

function inEasterBreak(date: CivilDate): boolean {
  const easter = easterSunday(civilParts(date).year);
  return daysBetween(addDays(easter, -3), date) >= 0 && daysBetween(date, addDays(easter, 2)) >= 0;
}

/** The reasons a day does not count under the rule (empty: it counts). */
export function noticeDayOff(rule: NoticeRule, date: CivilDate, calendar: WorkingCalendar | null): NoticeDayOff[] {
  const off: NoticeDayOff[] = [];
  const d = rule.disregard ?? [];
  if (d.includes('sunday') && weekday(date) === 0) off.push({ kind: 'sunday' });
  if (d.includes('bank_holiday')) {
    const h = bankHoliday(calendar, date);
    if (h && h.kind === 'public_holiday') off.push({ kind: 'bank_holiday', name: h.name });
  }
  if (d.includes('christmas_break') && inChristmasBreak(date, calendar)) off.push({ kind: 'christmas_break' });
  if (d.includes('easter_break') && inEasterBreak(date)) off.push({ kind: 'easter_break' });
  return off;
}

export type NoticeStep =
  | { kind: 'rule'; clearDays: number; disregard: NoticeDisregard[] }
  | { kind: 'given'; on: CivilDate; at: string; timeZone: string }
  | { kind: 'sitting'; on: CivilDate }
  | { kind: 'between'; from: CivilDate | null; to: CivilDate | null; days: number }
  | { kind: 'not_counted'; date: CivilDate; reasons: NoticeDayOff[] }
  | { kind: 'counted'; clearDays: number }
  | { kind: 'latest'; on: CivilDate }
  | { kind: 'verdict'; inTime: boolean; short: number };

export interface NoticeReckoning {
  inTime: boolean;
  /** Clear days that counted. */
  clearDays: number;
  /** The last day the notice could go out and still be in time. */
  latestDay: CivilDate;
  steps: NoticeStep[];
}

/**
 * Whether a notice given on `givenOn` (a civil date in the body's time zone; `givenAt` the instant,
 * for the explanation) was in time for a sitting on `sittingOn`.
 * @example reckonNotice({ clearDays: 3 }, { givenOn: '2024-05-06', givenAt: '…', timeZone: 'Europe/London' }, '2024-05-10', null).inTime // true
 */
export function reckonNotice(
  rule: NoticeRule,
  given: { givenOn: CivilDate; givenAt: string; timeZone: string },
  sittingOn: CivilDate,
  calendar: WorkingCalendar | null,
): NoticeReckoning {
  if (!isCivilDate(given.givenOn) || !isCivilDate(sittingOn))
    throw new DomainError('invalid_date', 'the notice and the sitting need whole dates');
  const steps: NoticeStep[] = [
    { kind: 'rule', clearDays: rule.clearDays, disregard: rule.disregard ?? [] },
    { kind: 'given', on: given.givenOn, at: given.givenAt, timeZone: given.timeZone },
    { kind: 'sitting', on: sittingOn },
  ];
  const between = daysBetween(given.givenOn, sittingOn) - 1;
  const first = between > 0 ? addDays(given.givenOn, 1) : null;
  const last = between > 0 ? addDays(sittingOn, -1) : null;
  steps.push({ kind: 'between', from: first, to: last, days: Math.max(0, between) });
  let counted = 0;
  for (let i = 1; i <= between; i++) {
    const day = addDays(given.givenOn, i);
    const off = noticeDayOff(rule, day, calendar);
    if (off.length) steps.push({ kind: 'not_counted', date: day, reasons: off });
    else counted++;
  }
  steps.push({ kind: 'counted', clearDays: counted });
  // The latest day: walk back from the day before the sitting until enough counting days lie between.
  let latest = rule.clearDays === 0 ? sittingOn : addDays(sittingOn, -1);
  for (let need = rule.clearDays; need > 0; latest = addDays(latest, -1)) {
    if (noticeDayOff(rule, latest, calendar).length === 0) need--;
  }
  steps.push({ kind: 'latest', on: latest });
  const inTime = counted >= rule.clearDays;
  steps.push({ kind: 'verdict', inTime, short: inTime ? 0 : rule.clearDays - counted });
  return { inTime, clearDays: counted, latestDay: latest, steps };
}
