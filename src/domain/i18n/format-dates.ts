// Dates for people, formatted on the server (DESIGN.md: Node's and a browser's Intl differ, so
// pages carry finished text). Instants are shown in the body's time zone; partial dates at the
// precision the record has — "September 2022", never an invented day.
import { parsePartialDate } from '../dates/partial-date.ts';
import { isCivilDate } from '../dates/civil-date.ts';
import { LOCALES, type Lang } from './lang.ts';

export type InstantStyle = 'date' | 'datetime' | 'time';

const OPTIONS: Record<InstantStyle, Intl.DateTimeFormatOptions> = {
  date: { day: 'numeric', month: 'long', year: 'numeric' },
  datetime: {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  },
  time: { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
};

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(
  lang: Lang,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
  key: string,
): Intl.DateTimeFormat {
  const k = `${lang}|${timeZone}|${key}`;
  let f = cache.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang], { ...options, timeZone });
    if (cache.size > 500) cache.clear();
    cache.set(k, f);
  }
  return f;
}

/**
 * An instant (ISO 8601) in a time zone; text that is not an instant is returned unchanged.
 * @example formatInstant('2026-11-29T09:30:00Z', 'en', 'Europe/Moscow', 'datetime') // '29 November 2026, 12:30 GMT+3'
 */
export function formatInstant(iso: string, lang: Lang, timeZone: string, style: InstantStyle = 'datetime'): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return formatter(lang, timeZone, OPTIONS[style], style).format(new Date(ms));
}

/**
 * A partial date at its own precision: a day, a month or a year.
 * @example formatPartialDate('2022-09', 'en') // 'September 2022'
 * @example formatPartialDate('2022-09-07', 'ru') // '7 сентября 2022 г.'
 */
export function formatPartialDate(text: string, lang: Lang): string {
  let d: ReturnType<typeof parsePartialDate>;
  try {
    d = parsePartialDate(text);
  } catch {
    return text;
  }
  // A calendar date has no zone: format it as a UTC midnight in UTC so no shift can occur.
  const at = new Date(Date.UTC(d.year, (d.month ?? 1) - 1, d.day ?? 1));
  if (d.precision === 'year') return formatter(lang, 'UTC', { year: 'numeric' }, 'y').format(at);
  if (d.precision === 'month') {
    // Russian needs the nominative month ("сентябрь 2022 г."), which Intl gives for month+year.
    return formatter(lang, 'UTC', { month: 'long', year: 'numeric' }, 'ym').format(at);
  }
  return formatter(lang, 'UTC', OPTIONS.date, 'ymd').format(at);
}

/**
 * The calendar day (YYYY-MM-DD) an instant falls on in a time zone.
 * @example dayInZone('2026-11-29T22:30:00Z', 'Europe/Moscow') // '2026-11-30'
 */
export function dayInZone(iso: string | Date, timeZone: string): string {
  const at = typeof iso === 'string' ? new Date(iso) : iso;
  const parts = formatter('en', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }, 'iso').formatToParts(
    at,
  );
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const HALF_DAY = 12 * 3600 * 1000;

/** The wall-clock reading of an instant in a zone, as milliseconds of a UTC clock showing the same. */
function wallClockMs(ms: number, timeZone: string): number {
  const parts = formatter(
    'en',
    timeZone,
    {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    },
    'wall',
  ).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/**
 * The instant (ISO 8601, UTC) at which clocks in a time zone show a day and a time ('HH:MM'); null
 * when the text is not such a day or time. A time skipped by a clock change is read with the
 * offset before it (01:30 on London's spring-forward night is 02:30 BST); a time that occurs twice, as the first.
 * @example instantOfWallTime('2026-12-10', '18:00', 'Europe/Moscow') // '2026-12-10T15:00:00.000Z'
 */
export function instantOfWallTime(day: string, time: string, timeZone: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const t = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!d || !t) return null;
  if (!isCivilDate(day)) return null;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  // The zone's offsets half a day either side: around a clock change they differ.
  const before = wallClockMs(wall - HALF_DAY, timeZone) - (wall - HALF_DAY);
  const after = wallClockMs(wall + HALF_DAY, timeZone) - (wall + HALF_DAY);
  const shows = (at: number) => wallClockMs(at, timeZone) === wall;
  const candidates = [wall - before, wall - after].filter(shows).sort((a, b) => a - b);
  const at = candidates[0] ?? wall - before;
  return new Date(at).toISOString();
}
