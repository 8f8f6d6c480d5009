// One step of an explanation: structured data, never prose. `renderDeadlineExplanation` turns
// steps into sentences in the body's languages; pages, feeds and the CLI render the same steps,
// and a record entry can keep them as they were computed.
import type { CivilDate } from '../dates/civil-date.ts';
import type { DatePrecision } from '../dates/partial-date.ts';
import type { Citation, DeadlineKind, StartEvent } from './deadline-rule.ts';
import type { DayOffReason } from './working-calendar.ts';

/** Which end of a date range a step belongs to, when the start is known only to a range. */
export type RangeCase = 'earliest' | 'latest';

export type ReplyClassification = 'substantive' | 'partial' | 'form_reply' | 'redirected' | 'refusal';

/**
 * draft: not sent. sent: sent, and still within the time the rule allows for delivery and
 * registration, so the clock may not have started. awaiting: the clock runs, the due date has
 * not passed (or is within overdueAfterDays). overdue: past it. ignored: past it by more than
 * ignoredAfterDays. answered: a reply (of any kind but a forwarding notice) came. closed,
 * withdrawn: ended by the sender.
 */
export type AppealStatus = 'draft' | 'sent' | 'awaiting' | 'overdue' | 'ignored' | 'answered' | 'closed' | 'withdrawn';

/** A day that did not count (or counted although usually off), with why. */
export interface DayNote {
  date: CivilDate;
  reasons: DayOffReason[];
}

export type DeadlineStep =
  /** The start event on a known day. */
  | { kind: 'start'; event: StartEvent; date: CivilDate }
  /** The start event known only to a month or year. */
  | {
      kind: 'start_range';
      event: StartEvent;
      precision: Exclude<DatePrecision, 'day'>;
      text: string;
      earliest: CivilDate;
      latest: CivilDate;
    }
  /** An unrecorded event assumed from an earlier one, by a gap the rule states. */
  | {
      kind: 'assumption';
      event: StartEvent;
      after: StartEvent;
      minDays: number;
      maxDays: number;
      earliest: CivilDate;
      latest: CivilDate;
      source?: Citation;
      note?: string;
    }
  /** The period itself: `amount` units from `from` (the start event's day) to `to`. */
  | {
      kind: 'count';
      unit: DeadlineKind;
      amount: number;
      from: CivilDate;
      /** The first day counted (from + startOffsetDays). */
      firstDay: CivilDate;
      to: CivilDate;
      startOffsetDays: number;
      case?: RangeCase;
      /** Working-day counts: weekdays that were not counted (holidays, a body's days off). */
      notCounted?: DayNote[];
      /** Working-day counts: usually-off days that counted (a body's moved working days). */
      countedMoved?: DayNote[];
      /** Month counts: the day the calendar lacks ('2023-02-31'), when the month end was taken. */
      clampedFrom?: string;
    }
  | {
      kind: 'extension';
      amount: number;
      unit: 'calendar_days' | 'working_days';
      from: CivilDate;
      to: CivilDate;
      case?: RangeCase;
    }
  /** A last day off moved to the next working day; both days are shown. */
  | { kind: 'roll_forward'; from: CivilDate; to: CivilDate; reasons: DayOffReason[]; case?: RangeCase }
  /** A last day off that the rule does not move. */
  | { kind: 'not_rolled'; date: CivilDate; reasons: DayOffReason[]; case?: RangeCase }
  /**
   * The due date depends on a year whose days off are not all known (Russia without the year's
   * transfer decree): `date` is provisional; counting up to `extraDaysOff` more days off, the
   * latest it can be is `latest`, and no one is called late before then.
   */
  | { kind: 'provisional'; date: CivilDate; latest: CivilDate; years: number[]; extraDaysOff: number; case?: RangeCase }
  | { kind: 'due'; date: CivilDate; earliest?: CivilDate; latest?: CivilDate };

/** Steps that only an appeal's history produces (deriveAppealStatus). */
export type AppealStep =
  | DeadlineStep
  | { kind: 'not_sent' }
  /** The rule's act covers citizens' appeals; this letter of a public body is held to it by analogy. */
  | { kind: 'by_analogy' }
  | { kind: 'reply'; date?: string; dated?: string; reference?: string; classification: ReplyClassification }
  | { kind: 'redirected'; date: string; to?: string; clock: 'restart' | 'continue' }
  | {
      kind: 'extension_notice';
      date: string;
      days: number;
      counted: boolean;
      /** Why it was not counted: the rule allows none, it exceeds the rule, or it came after the due date. */
      refused?: 'not_allowed' | 'exceeds_rule' | 'after_due_date';
    }
  | { kind: 'follow_up'; date: string }
  /** Further information received: the clock restarts from it, when the rule says so. */
  | { kind: 'clarified'; date: string; counted: boolean }
  /** A fees notice: the days until the fee is received are not counted, when the rule says so. */
  | { kind: 'fee_pause'; from: string; to?: string; counted: boolean }
  | {
      kind: 'status';
      status: AppealStatus;
      today: CivilDate;
      due?: CivilDate;
      daysAwaiting?: number;
      daysOverdue?: number;
      daysLeft?: number;
      classification?: ReplyClassification;
      answeredLate?: boolean;
      /** Which date of the reply was judged: its own date, or the day it was received. */
      judgedOn?: 'dated' | 'received';
      /** `due` is the latest the provisional due date can be. */
      provisional?: boolean;
      /** The act sets a target ("soll"), not a hard deadline. */
      target?: boolean;
      /** The day the clock starts at the latest, while the appeal is still 'sent'. */
      startBy?: CivilDate;
      ignoredAfterDays?: number;
      date?: string;
    };
