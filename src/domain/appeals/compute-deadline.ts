// The due date of an appeal under a deadline rule, with every step of the reckoning kept as
// data. A start known only to a month (or year), or an event the record lacks and the rule lets
// us assume, gives a range: the earliest and the latest possible due dates. `due` is then the
// latest — the conservative date before which no one can say the authority is late.
import type { CivilDate } from '../dates/civil-date.ts';
import { addDays, addMonths } from '../dates/civil-date.ts';
import type { PartialDate } from '../dates/partial-date.ts';
import { earliestDay, formatPartialDate, latestDay, parsePartialDate } from '../dates/partial-date.ts';
import { DomainError } from '../errors.ts';
import { appealsError } from './appeals-error.ts';
import type { DeadlineRule, EventGap, StartEvent } from './deadline-rule.ts';
import type { DayNote, DeadlineStep, RangeCase } from './deadline-step.ts';
import { holidayCalendar } from './holiday-calendar.ts';
import type { CalendarAdditions, WorkingCalendar } from './working-calendar.ts';
import { firstWorkingDayFrom, withCalendarAdditions } from './working-calendar.ts';
import { PROVISIONAL_EXTRA_DAYS_OFF } from './ru-day-transfers.ts';

export interface DeadlineInput {
  /** The day (or month, or year) of `fromEvent`. */
  from: PartialDate | string;
  /**
   * Which event `from` is; default the rule's start event. An earlier event (a sent date for a
   * rule that counts from registration) brings in the rule's stated assumptions.
   */
  fromEvent?: StartEvent;
  /** Days the authority extended by (in the rule's unit); at most the rule's extension allows. */
  extendedDays?: number;
  /** The body's own days off and moved working days, layered over the rule's calendar. */
  calendarAdditions?: CalendarAdditions;
  /** A calendar to use instead of the rule's (tests, or a caller that already built one). */
  calendar?: WorkingCalendar;
  /** The transit allowed from sending to delivery, instead of the rule's (a channel's allowance). */
  transit?: EventGap;
}

export interface DeadlineResult {
  /** The due date; for a range, the latest possible one. */
  due: CivilDate;
  /** Present when the start is known only to a range. */
  earliestDue?: CivilDate;
  latestDue?: CivilDate;
  /** The start event's possible days (equal when known to the day). */
  start: { earliest: CivilDate; latest: CivilDate };
  /**
   * Present when a year the due date depends on has no confirmed calendar (Russia without the
   * year's transfer decree): `due` is provisional, and no one is late before `latest`.
   */
  provisional?: { latest: CivilDate; years: number[] };
  explanation: DeadlineStep[];
}

// The order in which an appeal reaches an authority. 'received' is the 'delivered' fact.
const CHAIN = ['sent', 'delivered', 'registered'] as const;
type ChainEvent = (typeof CHAIN)[number];
const chainOf = (e: StartEvent): ChainEvent => (e === 'received' ? 'delivered' : e);

function toPartialDate(from: PartialDate | string): PartialDate {
  if (typeof from === 'string') return parsePartialDate(from);
  // Re-parse the canonical text: this refuses 2022-02-30 and precision/field mismatches alike.
  const text = formatPartialDate(from);
  const parsed = parsePartialDate(text);
  if (parsed.month !== from.month || parsed.day !== from.day) {
    throw new DomainError(
      'invalid_date',
      `partial date ${JSON.stringify(from)} has fields its precision does not allow`,
    );
  }
  return parsed;
}

const NO_GAP: EventGap = { minDays: 0, maxDays: 0, note: 'the rule states no gap; taken as the same day' };

interface StartRange {
  earliest: CivilDate;
  latest: CivilDate;
  steps: DeadlineStep[];
}

/** The start event's possible days, from `from` and the rule's assumptions for missing events. */
function resolveStart(rule: DeadlineRule, from: PartialDate, fromEvent: StartEvent, transit?: EventGap): StartRange {
  const steps: DeadlineStep[] = [];
  let earliest = earliestDay(from);
  let latest = latestDay(from);
  if (from.precision === 'day') steps.push({ kind: 'start', event: fromEvent, date: earliest });
  else
    steps.push({
      kind: 'start_range',
      event: fromEvent,
      precision: from.precision,
      text: formatPartialDate(from),
      earliest,
      latest,
    });
  const source = CHAIN.indexOf(chainOf(fromEvent));
  const target = CHAIN.indexOf(chainOf(rule.start));
  if (source > target) {
    throw appealsError(
      'start_event_mismatch',
      `rule ${rule.id} counts from "${rule.start}"; a "${fromEvent}" date comes after it`,
    );
  }
  let after: StartEvent = fromEvent;
  for (let i = source + 1; i <= target; i++) {
    const hop = CHAIN[i]!;
    const gap =
      (hop === 'delivered' ? (transit ?? rule.assumptions?.transit) : rule.assumptions?.registration) ?? NO_GAP;
    const event: StartEvent = hop === 'delivered' && rule.start === 'received' ? 'received' : hop;
    earliest = addDays(earliest, gap.minDays);
    latest = addDays(latest, gap.maxDays);
    const step: DeadlineStep = {
      kind: 'assumption',
      event,
      after,
      minDays: gap.minDays,
      maxDays: gap.maxDays,
      earliest,
      latest,
    };
    if (gap.source) step.source = gap.source;
    if (gap.note) step.note = gap.note;
    steps.push(step);
    after = event;
  }
  return { earliest, latest, steps };
}

const tag = <T extends DeadlineStep>(step: T, rangeCase: RangeCase | undefined): T =>
  rangeCase === undefined ? step : { ...step, case: rangeCase };

const onlyWeekend = (note: DayNote) => note.reasons.every((r) => r.kind === 'weekend');

/** Counts `amount` working days beginning on `firstDay`; returns the last one counted. */
function countWorkingDays(calendar: WorkingCalendar, firstDay: CivilDate, amount: number) {
  const notCounted: DayNote[] = [];
  const countedMoved: DayNote[] = [];
  let day = firstDay;
  let counted = 0;
  let idle = 0;
  for (;;) {
    const info = calendar.describe(day);
    if (info.working) {
      idle = 0;
      counted++;
      if (info.movedWorkingDay) countedMoved.push({ date: day, reasons: info.movedWorkingDay.overrides });
      if (counted === amount) return { end: day, notCounted, countedMoved };
    } else {
      const note = { date: day, reasons: info.reasons };
      if (!onlyWeekend(note)) notCounted.push(note);
      // A (broken custom) calendar without working days must not count forever.
      if (++idle > 366)
        throw appealsError('no_working_day', `calendar ${calendar.id} has no working day within a year after ${day}`);
    }
    day = addDays(day, 1);
  }
}

interface DayResult {
  due: CivilDate;
  steps: DeadlineStep[];
  provisional?: { latest: CivilDate; years: number[] };
}

/** The due date for a start on one known day. */
function dueFromDay(
  rule: DeadlineRule,
  calendar: WorkingCalendar,
  start: CivilDate,
  extendedDays: number,
  rangeCase?: RangeCase,
): DayResult {
  const steps: DeadlineStep[] = [];
  const firstDay = addDays(start, rule.startOffsetDays);
  let end: CivilDate;
  if (rule.kind === 'calendar_days') {
    end = addDays(firstDay, rule.amount - 1);
    steps.push(
      tag(
        {
          kind: 'count',
          unit: rule.kind,
          amount: rule.amount,
          from: start,
          firstDay,
          to: end,
          startOffsetDays: rule.startOffsetDays,
        },
        rangeCase,
      ),
    );
  } else if (rule.kind === 'working_days') {
    const counted = countWorkingDays(calendar, firstDay, rule.amount);
    end = counted.end;
    const step: DeadlineStep = {
      kind: 'count',
      unit: rule.kind,
      amount: rule.amount,
      from: start,
      firstDay,
      to: end,
      startOffsetDays: rule.startOffsetDays,
    };
    if (counted.notCounted.length) step.notCounted = counted.notCounted;
    if (counted.countedMoved.length) step.countedMoved = counted.countedMoved;
    steps.push(tag(step, rangeCase));
  } else {
    // BGB §188(2): with §187(1) (offset 1) the period ends on the day whose number matches the
    // event's; with §187(2) (offset 0) on the day before the one matching the first day; with no
    // such day in the last month, on that month's last day (§188(3)).
    const month = addMonths(start, rule.amount);
    end = month.clamped || rule.startOffsetDays === 1 ? month.date : addDays(month.date, -1);
    const step: DeadlineStep = {
      kind: 'count',
      unit: rule.kind,
      amount: rule.amount,
      from: start,
      firstDay,
      to: end,
      startOffsetDays: rule.startOffsetDays,
    };
    if (month.wanted) step.clampedFrom = month.wanted;
    steps.push(tag(step, rangeCase));
  }
  const lastCounted = end;
  end = settle(rule, calendar, end, steps, rangeCase);
  if (extendedDays > 0) {
    // The extension prolongs the period as it lawfully ends, so it runs on from the last day
    // after any move to a working day, never from the day it was moved from: counting from the
    // earlier day could end the extension before the authority's time is up (59-FZ art. 12(2)
    // prolongs «срок рассмотрения», which ends on the working day the roll-forward gives).
    const unit = rule.kind === 'working_days' ? 'working_days' : 'calendar_days';
    const to =
      unit === 'working_days'
        ? countWorkingDays(calendar, addDays(end, 1), extendedDays).end
        : addDays(end, extendedDays);
    steps.push(tag({ kind: 'extension', amount: extendedDays, unit, from: end, to }, rangeCase));
    end = settle(rule, calendar, to, steps, rangeCase);
  }
  const provisional = provisionalLatest(rule, calendar, rule.kind === 'working_days' ? firstDay : lastCounted, end);
  if (provisional) {
    steps.push(
      tag(
        {
          kind: 'provisional',
          date: end,
          latest: provisional.latest,
          years: provisional.years,
          extraDaysOff: PROVISIONAL_EXTRA_DAYS_OFF,
        },
        rangeCase,
      ),
    );
    return { due: end, steps, provisional };
  }
  return { due: end, steps };
}

/** A last day off moves to the next working day (or is kept, with a note, when the rule says so). */
function settle(
  rule: DeadlineRule,
  calendar: WorkingCalendar,
  end: CivilDate,
  steps: DeadlineStep[],
  rangeCase: RangeCase | undefined,
): CivilDate {
  const last = calendar.describe(end);
  if (last.working) return end;
  if (!rule.rollForward) {
    steps.push(tag({ kind: 'not_rolled', date: end, reasons: last.reasons }, rangeCase));
    return end;
  }
  const to = firstWorkingDayFrom(calendar, end);
  steps.push(tag({ kind: 'roll_forward', from: end, to, reasons: last.reasons }, rangeCase));
  return to;
}

/**
 * When a year the due date depends on has no confirmed days off (Russia without the year's
 * transfer decree), the latest the due date could be: past up to PROVISIONAL_EXTRA_DAYS_OFF more
 * working days, as if each were made a day off. `from` is the first day whose status matters.
 */
function provisionalLatest(
  rule: DeadlineRule,
  calendar: WorkingCalendar,
  from: CivilDate,
  due: CivilDate,
): { latest: CivilDate; years: number[] } | undefined {
  if (!calendar.unconfirmedYear) return undefined;
  let latest = due;
  for (let i = 0; i < PROVISIONAL_EXTRA_DAYS_OFF; i++) latest = firstWorkingDayFrom(calendar, addDays(latest, 1));
  // A rule that does not move its last day is only affected by days off inside a working-day count.
  const until = rule.rollForward || rule.kind === 'working_days' ? latest : due;
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(until.slice(0, 4)); y++)
    if (calendar.unconfirmedYear(y)) years.push(y);
  if (years.length === 0) return undefined;
  return { latest: rule.rollForward || rule.kind === 'working_days' ? latest : due, years };
}

/**
 * The most days all extensions together may add: `maxTotalDays` when the rule caps the total
 * (59-FZ art. 12(2): «не более чем на 30 дней»), else `times` × `maxDays`.
 * @example extensionTotal({ maxDays: 30, maxTotalDays: 30 }) // 30
 */
export function extensionTotal(extension: NonNullable<DeadlineRule['extension']>): number {
  return extension.maxTotalDays ?? extension.maxDays * (extension.times ?? 1);
}

function checkExtension(rule: DeadlineRule, extendedDays: unknown): number {
  if (extendedDays === undefined) return 0;
  if (typeof extendedDays !== 'number' || !Number.isInteger(extendedDays) || extendedDays < 0) {
    throw appealsError('extension_exceeds_rule', 'extendedDays must be a whole number of days, 0 or more');
  }
  if (extendedDays === 0) return 0;
  if (!rule.extension) throw appealsError('extension_not_allowed', `rule ${rule.id} allows no extension`);
  const max = extensionTotal(rule.extension);
  if (extendedDays > max) {
    throw appealsError(
      'extension_exceeds_rule',
      `rule ${rule.id} allows at most ${max} days of extension, not ${extendedDays}`,
    );
  }
  return extendedDays;
}

/**
 * The working-day calendar a rule counts on, with a body's additions layered over it.
 * @example ruleCalendar(deadlinePreset('ru-59fz'), { workingDays: [{ date: '2022-03-05' }] }).describe('2022-03-05').working // true
 */
export function ruleCalendar(rule: DeadlineRule, additions?: CalendarAdditions): WorkingCalendar {
  return withCalendarAdditions(holidayCalendar(rule.calendar), additions);
}

/**
 * The due date under `rule` for a start on (or within) `from`, with its explanation.
 * @example computeDeadline(deadlinePreset('ru-59fz'), { from: '2022-09-12' }).due // '2022-10-12'
 * @example computeDeadline(deadlinePreset('ru-59fz'), { from: '2022-03', fromEvent: 'sent' }) // { due: '2022-05-04', earliestDue: '2022-03-31', latestDue: '2022-05-04', … }
 */
export function computeDeadline(rule: DeadlineRule, input: DeadlineInput): DeadlineResult {
  const from = toPartialDate(input.from);
  const extendedDays = checkExtension(rule, input.extendedDays);
  const calendar = withCalendarAdditions(input.calendar ?? holidayCalendar(rule.calendar), input.calendarAdditions);
  const start = resolveStart(rule, from, input.fromEvent ?? rule.start, input.transit);
  const explanation = start.steps;
  if (start.earliest === start.latest) {
    const one = dueFromDay(rule, calendar, start.earliest, extendedDays);
    explanation.push(...one.steps, { kind: 'due', date: one.due });
    const result: DeadlineResult = {
      due: one.due,
      start: { earliest: start.earliest, latest: start.latest },
      explanation,
    };
    if (one.provisional) result.provisional = one.provisional;
    return result;
  }
  const early = dueFromDay(rule, calendar, start.earliest, extendedDays, 'earliest');
  const late = dueFromDay(rule, calendar, start.latest, extendedDays, 'latest');
  explanation.push(...early.steps, ...late.steps, {
    kind: 'due',
    date: late.due,
    earliest: early.due,
    latest: late.due,
  });
  const result: DeadlineResult = {
    due: late.due,
    earliestDue: early.due,
    latestDue: late.due,
    start: { earliest: start.earliest, latest: start.latest },
    explanation,
  };
  if (late.provisional) result.provisional = late.provisional;
  return result;
}
