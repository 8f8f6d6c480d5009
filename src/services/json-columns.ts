// The record's JSON columns, each read through one typed parser. A JSON column is text in both
// databases (schema.ts); what it holds is declared here once, beside its Zod schema, and every
// read goes through parseJsonColumn, so a row whose text is not what its column holds fails
// loudly, naming the column, instead of flowing on as a mistyped value.
//
// Rule sets, deadline rules, calendar additions and outcomes are checked in full by their domain
// validators when they are written (validateRuleSet, validateDeadlineRule, …); on the way back
// their schemas check the shape only (an object), which costs next to nothing on hot reads (live
// state parses a vote's outcome on every ballot), and a rule set written by an older release is
// never refused because a validator grew stricter since.
import { z } from 'zod';
import type { RuleSet, QuorumRule, MajorityRule } from '../domain/rules/rule-set.ts';
import type { NoticeRule } from '../domain/sittings/notice.ts';
import type { Outcome } from '../domain/rules/evaluate-vote.ts';
import type { DeadlineRule } from '../domain/appeals/deadline-rule.ts';
import type { CalendarAdditions } from '../domain/appeals/working-calendar.ts';
import type { TransitAllowance } from '../domain/appeals/transit-allowance.ts';
import type { ElectionRule, RoundResult } from '../domain/elections/election-record.ts';

export interface JsonColumn<T> {
  /** table.column, for the error. */
  name: string;
  schema: z.ZodType<T>;
}

const isObject = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x);
const objectOf = <T>() => z.custom<T>(isObject);

/** A column's name and the schema of what it holds. */
function column<T>(name: string, schema: z.ZodType<T>): JsonColumn<T> {
  return { name, schema };
}

/** A name in each language: { "en": "…", "ru": "…" }. */
export const BODY_NAMES = column('bodies.names', z.record(z.string(), z.string()));
/** Language tags, the default first. */
export const BODY_LANGUAGES = column('bodies.languages', z.array(z.string()).min(1));
export const BODY_RULES = column('bodies.rules', objectOf<RuleSet>());
/** The notice rule a sitting's notice was judged by. */
export const NOTICE_RULE = column('sitting_notices.rule', objectOf<NoticeRule>());
/** Membership ids. */
export const MOTION_SPONSORS = column('motions.sponsors', z.array(z.number().int()));
/** The rule a vote was decided under, as closeVote stores it. */
export interface VoteRule {
  quorum: QuorumRule;
  majority: MajorityRule;
  majorityName: string;
  preset: string | null;
  source: RuleSet['source'] | null;
}
export const VOTE_RULE = column('votes.rule', objectOf<VoteRule>());
export const VOTE_OUTCOME = column('votes.outcome', objectOf<Outcome>());
export const AUTHORITY_NAMES = column(
  'authorities.names',
  z.object({ en: z.string().optional(), ru: z.string().optional() }),
);
export const DEADLINE_RULE = column('authorities.rule / appeals.rule', objectOf<DeadlineRule>());
/** Days a letter may take by channel: { "post": 7 }. */
export const TRANSIT_DAYS = column(
  'authorities.transit_days / appeal_calendars.transit_days',
  z.record(z.string(), z.number().int().nonnegative()) as z.ZodType<TransitAllowance>,
);
export const CALENDAR_ADDITIONS = column('appeal_calendars.additions', objectOf<CalendarAdditions>());

/** A JSON column's text that is not what the column holds: broken data, never user input. */
export class JsonColumnError extends Error {
  readonly code = 'invalid_json_column';
}

/**
 * The value a JSON column's text holds, checked against the column's schema; null for SQL NULL.
 * @example parseJsonColumn(MOTION_SPONSORS, '[3,7]') // [3, 7]
 */
export function parseJsonColumn<T>(column: JsonColumn<T>, text: string): T;
export function parseJsonColumn<T>(column: JsonColumn<T>, text: string | null): T | null;
export function parseJsonColumn<T>(column: JsonColumn<T>, text: string | null): T | null {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new JsonColumnError(`${column.name}: not JSON`);
  }
  const checked = column.schema.safeParse(value);
  if (!checked.success)
    throw new JsonColumnError(`${column.name}: ${checked.error.issues[0]?.message ?? 'unexpected value'}`);
  return checked.data;
}

/** An election's rule (domain/elections/election-record.ts), checked whole when written. */
export const ELECTION_RULE = column('elections.rule', objectOf<ElectionRule>());
/** Candidate numbers: those standing in a round, or elected. */
export const CANDIDATE_NUMBERS = column(
  'election_rounds.candidates / elections.elected',
  z.array(z.number().int().positive()),
);
/** Membership ids present when a round opened. */
export const ROUND_PRESENT_MEMBERS = column('election_rounds.present_members', z.array(z.number().int()));
/** A round's papers so far, merged. */
export const ROUND_TALLY = column(
  'election_rounds.tally',
  z.array(z.object({ ranking: z.array(z.number().int().positive()), weight: z.number().int().positive() })),
);
/** A round's count. */
export const ROUND_RESULT = column('election_rounds.result', objectOf<RoundResult>());
