// An appeal's status, derived from its events, the rule and today's date alone — never stored,
// so it is right without a scheduler: an appeal becomes "overdue" by the calendar turning, not by
// a job running. Passing an earlier `today` gives the status as it stood on that day (events
// after it are not yet known).
//
// Conservative by construction: where a date is known only to a range (a month-precise sent
// date, an assumed registration), "overdue" and "ignored" are reckoned from the LATEST possible
// due date, so an authority is never called late on a date we merely guessed.
import type { CivilDate } from '../dates/civil-date.ts';
import { civilParts, daysBetween } from '../dates/civil-date.ts';
import { earliestDay, latestDay, parsePartialDate } from '../dates/partial-date.ts';
import type { AppealEvent } from './appeal-event.ts';
import { validateAppealEvents } from './appeal-event.ts';
import type { DeadlineResult } from './compute-deadline.ts';
import { computeDeadline, extensionTotal, ruleCalendar } from './compute-deadline.ts';
import type { DeadlineRule, EventGap, StartEvent } from './deadline-rule.ts';
import type { AppealStatus, AppealStep, ReplyClassification } from './deadline-step.ts';
import type { CalendarAdditions, WorkingCalendar } from './working-calendar.ts';
import { withCalendarAdditions } from './working-calendar.ts';

/** What the status needs beyond the events: the body's calendar layer, the transit allowances. */
export interface AppealContext {
  calendarAdditions?: CalendarAdditions;
  /**
   * Days a letter may take from sending to delivery by this appeal's channel (set per body and
   * authority; default 0, same day). Used when delivery is not recorded.
   */
  transitDays?: number;
  /** Days a reply may take on its way back, when only its receipt is recorded (default 0). */
  replyTransitDays?: number;
  /** The sender is the body itself (a public body), not a member writing as a citizen. */
  bodySender?: boolean;
  /** A prepared calendar instead of the rule's (the additions still layer over it). */
  calendar?: WorkingCalendar;
}

export interface AppealStatusResult {
  status: AppealStatus;
  /** The due date (the latest possible one for a range); null while a draft. */
  due: CivilDate | null;
  earliestDue?: CivilDate;
  latestDue?: CivilDate;
  /** Days since the appeal was sent (since the latest possible day, when only the month is known). */
  daysAwaiting?: number;
  /** Days past the due date (overdue and ignored). */
  daysOverdue?: number;
  /** Days left until the due date (awaiting). */
  daysLeft?: number;
  /** The latest reply's classification (answered). "answered — form reply" is a form_reply here. */
  classification?: ReplyClassification;
  /** The reply was sent after the due date; absent when its dates cannot tell. */
  answeredLate?: boolean;
  /** Present when the due date is provisional (a year without confirmed days off). */
  provisional?: { latest: CivilDate; years: number[] };
  /** The rule's act covers citizens' appeals; a letter of a public body is held to it by analogy. */
  byAnalogy?: boolean;
  explanation: AppealStep[];
}

const firstDay = (on: string) => earliestDay(parsePartialDate(on));
const lastDay = (on: string) => latestDay(parsePartialDate(on));

type Dated<E> = E & { order: number };

/** The clock of one addressee: from sending (or forwarding) until a reply or the next forwarding. */
interface Clock {
  basis: string;
  delivered?: string;
  registered?: string;
  extensions: Array<Extract<AppealEvent, { type: 'extended' }>>;
  reply?: Extract<AppealEvent, { type: 'reply_received' }>;
  /** Fees notices, each until the fee was received (open while unpaid). */
  pauses?: Array<{ from: string; to?: string }>;
}

/** The calendar with the days from each fees notice to the fee's receipt (or `today`) not counted. */
function withPauses(
  base: WorkingCalendar,
  pauses: ReadonlyArray<{ from: string; to?: string }>,
  today: CivilDate,
): WorkingCalendar {
  const spans = pauses.map((p) => ({ from: firstDay(p.from), to: p.to === undefined ? today : lastDay(p.to) }));
  const paused: WorkingCalendar = {
    id: `${base.id}+fees`,
    describe(date) {
      const below = base.describe(date);
      if (!spans.some((s) => s.from <= date && date <= s.to)) return below;
      return { date, working: false, reasons: [...below.reasons, { kind: 'fee_pause' }] };
    },
  };
  if (base.unconfirmedYear) paused.unconfirmedYear = base.unconfirmedYear.bind(base);
  return paused;
}

function startOf(rule: DeadlineRule, clock: Clock): { from: string; fromEvent: StartEvent } {
  const target = rule.start === 'received' ? 'delivered' : rule.start;
  if (target === 'registered' && clock.registered) return { from: clock.registered, fromEvent: 'registered' };
  if (target !== 'sent' && clock.delivered)
    return { from: clock.delivered, fromEvent: rule.start === 'received' ? 'received' : 'delivered' };
  return { from: clock.basis, fromEvent: 'sent' };
}

/** The date lateness is judged by: the due date, or the latest it can be while provisional. */
const judgedBy = (d: DeadlineResult) => d.provisional?.latest ?? d.due;

/** The deadline with the extensions the rule allows; notices it does not allow are shown, not counted. */
function deadlineWithExtensions(
  rule: DeadlineRule,
  clock: Clock,
  calendar: WorkingCalendar,
  steps: AppealStep[],
  transit: EventGap | undefined,
): DeadlineResult {
  const start = { ...startOf(rule, clock), ...(transit ? { transit } : {}) };
  let result = computeDeadline(rule, { ...start, calendar });
  let total = 0;
  let granted = 0;
  for (const ext of clock.extensions) {
    const notice = { kind: 'extension_notice' as const, date: ext.on, days: ext.days };
    if (!rule.extension) {
      steps.push({ ...notice, counted: false, refused: 'not_allowed' });
    } else if (
      granted >= (rule.extension.times ?? Infinity) ||
      ext.days > rule.extension.maxDays ||
      total + ext.days > extensionTotal(rule.extension)
    ) {
      steps.push({ ...notice, counted: false, refused: 'exceeds_rule' });
    } else if (firstDay(ext.on) > judgedBy(result)) {
      // An extension must be notified while the period still runs (59-FZ art. 12(2)).
      steps.push({ ...notice, counted: false, refused: 'after_due_date' });
    } else {
      granted++;
      total += ext.days;
      steps.push({ ...notice, counted: true });
      result = computeDeadline(rule, { ...start, calendar, extendedDays: total });
    }
  }
  return result;
}

/**
 * The status of an appeal on `today`.
 * @example deriveAppealStatus({}, [{ type: 'sent', on: '2022-03' }], '2026-11-29', deadlinePreset('ru-59fz')).status // 'ignored'
 * @example deriveAppealStatus({}, [{ type: 'sent', on: '2022-08' }, { type: 'reply_received', classification: 'form_reply' }], '2026-11-29', deadlinePreset('ru-59fz')).classification // 'form_reply'
 */
export function deriveAppealStatus(
  appeal: AppealContext,
  events: readonly AppealEvent[],
  today: CivilDate,
  rule: DeadlineRule,
): AppealStatusResult {
  civilParts(today);
  const known: Array<Dated<AppealEvent>> = validateAppealEvents(events)
    .map((e, order) => ({ ...e, order }))
    // As of `today`: an event that cannot yet have happened is not yet known.
    .filter((e) => e.on === undefined || firstDay(e.on) <= today)
    // By date (an undated reply after every dated event), then as recorded.
    .sort((a, b) => {
      const ka = a.on === undefined ? '9999' : firstDay(a.on);
      const kb = b.on === undefined ? '9999' : firstDay(b.on);
      return ka < kb ? -1 : ka > kb ? 1 : a.order - b.order;
    });

  const steps: AppealStep[] = [];
  const history: AppealStep[] = [];
  const calendar = appeal.calendar
    ? withCalendarAdditions(appeal.calendar, appeal.calendarAdditions)
    : ruleCalendar(rule, appeal.calendarAdditions);
  let sentOn: string | undefined;
  let clock: Clock | undefined;
  let ended: Extract<AppealEvent, { type: 'closed' | 'withdrawn' }> | undefined;

  for (const e of known) {
    if (e.type === 'closed' || e.type === 'withdrawn') {
      ended ??= e;
      continue;
    }
    if (e.type === 'sent') {
      // A second "sent" is the same letter sent again: the first one starts the clock.
      if (!clock) {
        sentOn = e.on;
        clock = { basis: e.on, extensions: [] };
      }
      continue;
    }
    if (!clock) {
      // A delivery or registration recorded without a sending: it was sent by then at the latest.
      if (e.type !== 'delivered' && e.type !== 'registered') continue;
      sentOn = e.on;
      clock = { basis: e.on, extensions: [] };
    }
    const forwarded = e.type === 'redirected' || (e.type === 'reply_received' && e.classification === 'redirected');
    if (forwarded) {
      const on = e.on!;
      const to = e.type === 'redirected' ? e.to : undefined;
      const restart = (rule.redirect ?? 'restart') === 'restart';
      steps.push(
        to === undefined
          ? { kind: 'redirected', date: on, clock: restart ? 'restart' : 'continue' }
          : { kind: 'redirected', date: on, to, clock: restart ? 'restart' : 'continue' },
      );
      // The new addressee receives it as a letter sent on the forwarding day.
      if (restart) clock = { basis: on, extensions: [] };
      continue;
    }
    switch (e.type) {
      case 'delivered':
        clock.delivered = e.on;
        break;
      case 'registered':
        clock.registered = e.on;
        break;
      case 'extended':
        clock.extensions.push(e);
        break;
      case 'reply_received':
        clock.reply = e;
        history.push({
          kind: 'reply',
          ...(e.on === undefined ? {} : { date: e.on }),
          ...(e.dated === undefined ? {} : { dated: e.dated }),
          ...(e.reference === undefined ? {} : { reference: e.reference }),
          classification: e.classification,
        });
        break;
      case 'follow_up':
        history.push({ kind: 'follow_up', date: e.on });
        break;
      case 'clarified':
        // The further information is the request's new "date of receipt".
        steps.push({ kind: 'clarified', date: e.on, counted: rule.clarificationRestarts === true });
        if (rule.clarificationRestarts) clock = { basis: clock.basis, delivered: e.on, extensions: [] };
        break;
      case 'fee_notice':
        steps.push({ kind: 'fee_pause', from: e.on, counted: rule.feeNoticePauses === true });
        if (rule.feeNoticePauses) {
          clock.pauses ??= [];
          clock.pauses.push({ from: e.on });
        }
        break;
      case 'fee_paid': {
        const open = clock.pauses?.findLast((p) => p.to === undefined);
        if (open) {
          open.to = e.on;
          const step = steps.findLast((s) => s.kind === 'fee_pause' && s.from === open.from && s.to === undefined);
          if (step && step.kind === 'fee_pause') step.to = e.on;
        }
        break;
      }
    }
  }

  if (!clock || sentOn === undefined) {
    const status: AppealStatus = ended?.type ?? 'draft';
    const explanation: AppealStep[] = ended
      ? [{ kind: 'status', status, today, date: ended.on }]
      : [{ kind: 'not_sent' }, { kind: 'status', status, today }];
    return { status, due: null, explanation };
  }

  // A channel's transit allowance (body or authority data) replaces the rule's same-day default.
  const transit: EventGap | undefined = appeal.transitDays
    ? {
        minDays: 0,
        maxDays: appeal.transitDays,
        note: 'transit allowance for this channel, set by the body or for the authority',
      }
    : undefined;
  const counting = clock.pauses?.length ? withPauses(calendar, clock.pauses, today) : calendar;
  const deadline = deadlineWithExtensions(rule, clock, counting, steps, transit);
  steps.push(...deadline.explanation, ...history);
  const result: AppealStatusResult = { status: 'awaiting', due: deadline.due, explanation: steps };
  if (deadline.earliestDue !== undefined) result.earliestDue = deadline.earliestDue;
  if (deadline.latestDue !== undefined) result.latestDue = deadline.latestDue;

  if (ended) {
    result.status = ended.type;
    steps.push({ kind: 'status', status: ended.type, today, due: deadline.due, date: ended.on });
    return result;
  }
  const judge = judgedBy(deadline);
  if (deadline.provisional) result.provisional = deadline.provisional;
  if (rule.appliesTo === 'citizens' && appeal.bodySender) {
    result.byAnalogy = true;
    // First: it qualifies every date that follows.
    steps.unshift({ kind: 'by_analogy' });
  }
  const mark = <S extends Extract<AppealStep, { kind: 'status' }>>(step: S): S => step;
  if (clock.reply) {
    result.status = 'answered';
    result.classification = clock.reply.classification;
    // The duty ends when the answer is sent (59-FZ art. 12(1) counts the time to consider and
    // answer, not the post): the reply's own date decides. Without it, the date received can
    // prove only that the answer was in time; after the due date it proves lateness only beyond
    // the transit the record allows for the way back.
    const { on, dated } = clock.reply;
    let judgedOn: 'dated' | 'received' | undefined;
    if (dated !== undefined) {
      judgedOn = 'dated';
      if (firstDay(dated) > judge) result.answeredLate = true;
      else if (lastDay(dated) <= deadline.due) result.answeredLate = false;
    } else if (on !== undefined) {
      judgedOn = 'received';
      if (lastDay(on) <= deadline.due) result.answeredLate = false;
      else if (daysBetween(judge, firstDay(on)) > (appeal.replyTransitDays ?? 0)) result.answeredLate = true;
    }
    const step: AppealStep = {
      kind: 'status',
      status: 'answered',
      today,
      due: judge,
      classification: clock.reply.classification,
    };
    if (result.answeredLate !== undefined) step.answeredLate = result.answeredLate;
    if (judgedOn) step.judgedOn = judgedOn;
    steps.push(mark(step));
    return result;
  }

  const daysAwaiting = Math.max(0, daysBetween(lastDay(sentOn), today));
  result.daysAwaiting = daysAwaiting;
  const startEvent = startOf(rule, clock).fromEvent;
  const startKnown =
    (rule.start === 'received' ? 'delivered' : rule.start) === (startEvent === 'received' ? 'delivered' : startEvent);
  if (!startKnown && today < deadline.start.latest) {
    // Still within the time the rule allows for delivery and registration: the clock may not run yet.
    result.status = 'sent';
    steps.push(
      mark({ kind: 'status', status: 'sent', today, due: deadline.due, daysAwaiting, startBy: deadline.start.latest }),
    );
    return result;
  }
  // Provisional: "overdue" waits for the latest date the due date can be.
  const past = daysBetween(judge, today);
  const status: AppealStatus =
    past > rule.ignoredAfterDays ? 'ignored' : past > (rule.overdueAfterDays ?? 0) ? 'overdue' : 'awaiting';
  result.status = status;
  if (status === 'awaiting') {
    result.daysLeft = Math.max(0, -past);
    steps.push(
      mark({
        kind: 'status',
        status,
        today,
        due: judge,
        daysAwaiting,
        daysLeft: result.daysLeft,
        ...(deadline.provisional ? { provisional: true } : {}),
      }),
    );
  } else {
    result.daysOverdue = past;
    steps.push(
      mark({
        kind: 'status',
        status,
        today,
        due: judge,
        daysAwaiting,
        daysOverdue: past,
        ignoredAfterDays: rule.ignoredAfterDays,
        ...(deadline.provisional ? { provisional: true } : {}),
        ...(rule.target ? { target: true } : {}),
      }),
    );
  }
  return result;
}
