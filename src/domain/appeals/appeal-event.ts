// The facts of an appeal's history, each one a record entry (DESIGN.md, "Appeal"). Dates are
// partial dates ('2022', '2022-03', '2022-09-07'): a source that gives only the month keeps only
// the month. Events may carry more fields (ids, references, attachments); only these are read.
import { isPartialDate } from '../dates/partial-date.ts';
import { appealsError } from './appeals-error.ts';
import type { ReplyClassification } from './deadline-step.ts';

export type { ReplyClassification } from './deadline-step.ts';

export const REPLY_CLASSIFICATIONS: readonly ReplyClassification[] = [
  'substantive',
  'partial',
  'form_reply',
  'redirected',
  'refusal',
];

export type AppealEvent =
  | { type: 'sent'; on: string }
  | { type: 'registered'; on: string; reference?: string }
  | { type: 'delivered'; on: string }
  /** The authority extended its deadline and gave notice (59-FZ art. 12(2)). `days` in the rule's unit. */
  | { type: 'extended'; on: string; days: number; notice?: string }
  /** The authority forwarded the appeal to another one (59-FZ art. 8(3)). */
  | { type: 'redirected'; on: string; to?: string }
  /**
   * A reply: `on` the day it was received (unknown when the source reports only that one came),
   * `dated` the reply's own date (the day the authority sent it), `reference` its outgoing number.
   */
  | { type: 'reply_received'; on?: string; dated?: string; reference?: string; classification: ReplyClassification }
  | { type: 'follow_up'; on: string }
  /** The authority received the further information it asked for (FOIA / FOISA s.1(3)). */
  | { type: 'clarified'; on: string }
  /** The authority gave a fees notice (FOIA s.9, s.10(2); FOISA s.9, s.10(2)). */
  | { type: 'fee_notice'; on: string }
  /** The authority received the fee. */
  | { type: 'fee_paid'; on: string }
  | { type: 'closed'; on: string; reason?: string }
  | { type: 'withdrawn'; on: string };

export type AppealEventType = AppealEvent['type'];

export const APPEAL_EVENT_TYPES: readonly AppealEventType[] = [
  'sent',
  'registered',
  'delivered',
  'extended',
  'redirected',
  'reply_received',
  'follow_up',
  'clarified',
  'fee_notice',
  'fee_paid',
  'closed',
  'withdrawn',
];
const TYPES = APPEAL_EVENT_TYPES;

function bad(i: number, message: string): never {
  throw appealsError('invalid_appeal_event', `event ${i}: ${message}`);
}

/**
 * Checks an appeal's events: a known type, a partial date where one is needed, a whole number of
 * extension days, a known reply classification.
 * @example validateAppealEvents([{ type: 'sent', on: '2022-03' }])
 */
export function validateAppealEvents(events: readonly unknown[]): AppealEvent[] {
  if (!Array.isArray(events)) throw appealsError('invalid_appeal_event', 'events must be a list');
  return events.map((raw, i) => {
    if (typeof raw !== 'object' || raw === null) bad(i, 'must be an object');
    const e = raw as Record<string, unknown>;
    const type = e.type;
    if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type))
      bad(i, `unknown type ${JSON.stringify(type)}`);
    const on = e.on;
    const dated = type !== 'reply_received' || on !== undefined;
    if (dated && (typeof on !== 'string' || !isPartialDate(on)))
      bad(i, `${type} needs "on" as YYYY, YYYY-MM or YYYY-MM-DD`);
    if (type === 'extended') {
      const days = e.days;
      if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 3650)
        bad(i, 'extended needs "days", a whole number from 1');
    }
    if (type === 'reply_received') {
      const c = e.classification;
      if (typeof c !== 'string' || !(REPLY_CLASSIFICATIONS as readonly string[]).includes(c)) {
        bad(i, `reply classification must be one of ${REPLY_CLASSIFICATIONS.join(', ')}`);
      }
      const dated = e.dated;
      if (dated !== undefined && (typeof dated !== 'string' || !isPartialDate(dated)))
        bad(i, 'a reply\'s own date "dated" must be YYYY, YYYY-MM or YYYY-MM-DD');
      if (
        typeof dated === 'string' &&
        typeof on === 'string' &&
        isPartialDate(on) &&
        dated.slice(0, on.length) > on.slice(0, dated.length)
      ) {
        bad(i, `the reply is dated ${dated}, after it was received (${on})`);
      }
      // A forwarding notice restarts the clock from its date, so it must have one.
      if (c === 'redirected' && on === undefined) bad(i, 'a reply classified "redirected" needs its date');
    }
    return raw as AppealEvent;
  });
}
