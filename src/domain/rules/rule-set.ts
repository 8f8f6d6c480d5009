// The rule model of DESIGN.md, "Procedural rules": a quorum rule, named majorities, and a map
// from motion kind to majority. Rules are data; this file defines their shape and refuses any
// rule that cannot be evaluated exactly.
import type { Compare, Fraction } from './fraction.ts';
import { describe, parseFraction } from './fraction.ts';
import { rulesError } from './rules-error.ts';
import { validateNoticeRule, type NoticeRule } from '../sittings/notice.ts';
import { validateSpeakingRule, type SpeakingRule } from '../debate/speakers-list.ts';
import { MINUTES_APPROVAL_KIND } from '../minutes/minutes-life.ts';
import { validateNumberingScheme } from '../decisions/register-number.ts';

export type { Compare, Fraction } from './fraction.ts';

export type QuorumBase = 'established' | 'filled';
export type MajorityBase = 'cast' | 'cast_with_abstentions' | 'present' | 'filled' | 'established';
export type TiePolicy = 'fails' | 'casting_vote';

/** `filled compare fraction × established`: the body may act at all (131-FZ art. 35 part 1). */
export interface CompetenceRule {
  fraction: Fraction;
  compare: Compare;
}

/**
 * Quorate iff `present compare fraction × base` and `present >= min`. Every field after `min` is
 * optional and absent means "no such provision", so a rule stored before the field existed keeps
 * its meaning:
 * - `competence`: checked first; a body with too few members elected cannot act at all.
 * - `presumedUntilEstablished`: the body counts as quorate until a lack of quorum is formally
 *   established (GO NRW §49(1) sentence 2); the counts say whether it was.
 * - `secondConvocationQuorate`: a sitting called a second time on the same matter after a lack of
 *   quorum is quorate whatever the attendance (GO NRW §49(2)); the counts say whether it is one.
 * - `disqualifiedOver`: when more than this fraction of the established number are disqualified
 *   at once, the base is the members still qualified (LGA 1972 Sch. 12 para 45); `min` still holds.
 */
export interface QuorumRule {
  base: QuorumBase;
  fraction: Fraction;
  compare: Compare;
  min?: number;
  competence?: CompetenceRule;
  presumedUntilEstablished?: boolean;
  secondConvocationQuorate?: boolean;
  disqualifiedOver?: Fraction;
}

/**
 * Adopted iff quorate, `yes >= minYes` (default 1) and `yes compare fraction × base`. A tie
 * (yes = no) that misses the threshold fails, or under `casting_vote` goes to the chair's
 * recorded casting vote. `includeInvalid` adds invalid ballots to a cast base.
 */
export interface SimpleMajorityRule {
  base: MajorityBase;
  fraction: Fraction;
  compare: Compare;
  tie: TiePolicy;
  minYes?: number;
  includeInvalid?: boolean;
  /** This route is open only when previous notice of the motion was given (RONR 57:1). */
  requiresPreviousNotice?: boolean;
}

/** A double (or wider) majority: adopted only when every part adopts. */
export interface AllOfRule {
  allOf: MajorityRule[];
}

/** Alternative routes: adopted when any one part adopts (RONR 57:1, amending bylaws). */
export interface AnyOfRule {
  anyOf: MajorityRule[];
}

export type MajorityRule = SimpleMajorityRule | AllOfRule | AnyOfRule;

/**
 * Where a rule comes from: act (or rulebook) and section, a short quote in the act's own
 * language, optionally a Russian rendering. `unverified` says why the text could not be checked
 * (then the rule is an assumption); `assumption` says what the rule assumes beyond the text.
 */
export interface Citation {
  act: string;
  section: string;
  note?: string;
  quote?: string;
  unverified?: string;
  assumption?: string;
  ru?: { act?: string; section?: string; note?: string };
}

export interface RuleSource {
  quorum?: Citation;
  competence?: Citation;
  /** Where the validity period (validFrom, validTo) comes from. */
  validity?: Citation;
  majorities?: Record<string, Citation>;
  /** Where the notice rule comes from, or, when the rules set none, who sets it. */
  notice?: Citation;
  /** Where the power to take an item with the public excluded comes from. */
  closedItems?: Citation;
  /** Where the speaking rule comes from, or, when the rules set none, who sets it. */
  debate?: Citation;
}

/**
 * Whether an agenda item may be taken with the public excluded, and whether the title of such an
 * item is published (the public then learns only that a closed item exists and its number).
 */
export interface ClosedItemsRule {
  /** The agenda names a closed item's business publicly; false: its title is withheld. */
  titlePublic: boolean;
}

export interface RuleSet {
  /** The preset this set was copied from, if any. */
  preset?: string;
  /** The dates (YYYY-MM-DD, inclusive) the law behind a preset is in force; absent: open. */
  validFrom?: string;
  validTo?: string;
  source?: RuleSource;
  quorum: QuorumRule;
  majorities: Record<string, MajorityRule>;
  /** Motion kind → majority name. */
  motionKinds: Record<string, string>;
  /** How long before a sitting its notice must go out; absent: the rules set no period. */
  notice?: NoticeRule;
  /** Items closed to the public are allowed, and how; absent: the rules allow none. */
  closedItems?: ClosedItemsRule;
  /** How long and how often members speak on an item (issue 22); absent: the rules set nothing. */
  debate?: SpeakingRule;
  /** What happens to a decision after the vote (issue 17); absent: the defaults below. */
  decisions?: DecisionRules;
}

/**
 * - `inForceOnAdoption`: the body's decisions are in force from the day they are adopted, with no
 *   signature or publication first (absent: false — nothing is in force before it is signed and
 *   published).
 * - `numbering`: the register number scheme (`domain/decisions/register-number.ts`), e.g.
 *   `{number}/{year}`; absent: `{number}`, one run that never restarts.
 */
export interface DecisionRules {
  inForceOnAdoption?: boolean;
  numbering?: string;
}

export const QUORUM_BASES: readonly QuorumBase[] = ['established', 'filled'];
export const MAJORITY_BASES: readonly MajorityBase[] = [
  'cast',
  'cast_with_abstentions',
  'present',
  'filled',
  'established',
];
const COMPARES: readonly Compare[] = ['>=', '>'];
const TIES: readonly TiePolicy[] = ['fails', 'casting_vote'];
/** Nesting deeper than this is a mistake, not a rulebook. */
const MAX_ALL_OF_DEPTH = 4;
const MAX_MIN = 10_000_000;

/**
 * Whether a majority rule is a double (or wider) majority.
 * @example isAllOf({ allOf: [ordinary, twoThirds] }) // true
 */
export function isAllOf(rule: MajorityRule): rule is AllOfRule {
  return 'allOf' in rule;
}

/**
 * Whether a majority rule offers alternative routes.
 * @example isAnyOf({ anyOf: [twoThirdsWithNotice, majorityOfMembership] }) // true
 */
export function isAnyOf(rule: MajorityRule): rule is AnyOfRule {
  return 'anyOf' in rule;
}

/** Whether a majority rule is a single threshold. */
export function isSimple(rule: MajorityRule): rule is SimpleMajorityRule {
  return !isAllOf(rule) && !isAnyOf(rule);
}

type Obj = Record<string, unknown>;

function object(x: unknown, where: string): Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) {
    throw rulesError('invalid_rule', `${where} must be an object, got ${describe(x)}`);
  }
  return x as Obj;
}

function onlyKeys(o: Obj, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) throw rulesError('unknown_field', `${where}: unknown field "${key}"`);
  }
}

function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  code: 'unknown_base' | 'invalid_compare' | 'invalid_tie',
  where: string,
): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw rulesError(code, `${where} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describe(value)}`);
}

function wholeNumber(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_MIN) return value;
  throw rulesError('invalid_rule', `${where} must be a whole number from 0 to ${MAX_MIN}, got ${describe(value)}`);
}

function fraction(value: unknown, where: string): Fraction {
  try {
    parseFraction(value);
  } catch (err) {
    throw rulesError('invalid_fraction', `${where}: ${(err as Error).message}`);
  }
  return value as Fraction;
}

/**
 * Checks a quorum rule and returns a clean copy.
 * @example validateQuorumRule({ base: 'filled', fraction: '1/2', compare: '>=' })
 */
export function validateQuorumRule(x: unknown, where = 'quorum'): QuorumRule {
  const o = object(x, where);
  onlyKeys(
    o,
    [
      'base',
      'fraction',
      'compare',
      'min',
      'competence',
      'presumedUntilEstablished',
      'secondConvocationQuorate',
      'disqualifiedOver',
    ],
    where,
  );
  const rule: QuorumRule = {
    base: oneOf(o.base, QUORUM_BASES, 'unknown_base', `${where}.base`),
    fraction: fraction(o.fraction, `${where}.fraction`),
    compare: oneOf(o.compare, COMPARES, 'invalid_compare', `${where}.compare`),
  };
  if (o.min !== undefined) rule.min = wholeNumber(o.min, `${where}.min`);
  if (o.competence !== undefined) {
    const c = object(o.competence, `${where}.competence`);
    onlyKeys(c, ['fraction', 'compare'], `${where}.competence`);
    rule.competence = {
      fraction: fraction(c.fraction, `${where}.competence.fraction`),
      compare: oneOf(c.compare, COMPARES, 'invalid_compare', `${where}.competence.compare`),
    };
  }
  for (const flag of ['presumedUntilEstablished', 'secondConvocationQuorate'] as const) {
    if (o[flag] === undefined) continue;
    if (typeof o[flag] !== 'boolean')
      throw rulesError('invalid_rule', `${where}.${flag} must be true or false, got ${describe(o[flag])}`);
    rule[flag] = o[flag];
  }
  if (o.disqualifiedOver !== undefined)
    rule.disqualifiedOver = fraction(o.disqualifiedOver, `${where}.disqualifiedOver`);
  return rule;
}

/**
 * Checks a majority rule (simple or allOf) and returns a clean copy.
 * @example validateMajorityRule({ base: 'cast', fraction: '1/2', compare: '>', tie: 'fails' })
 */
export function validateMajorityRule(x: unknown, where = 'majority', depth = 0): MajorityRule {
  const o = object(x, where);
  for (const key of ['allOf', 'anyOf'] as const) {
    if (!(key in o)) continue;
    onlyKeys(o, [key], where);
    const parts = o[key];
    if (!Array.isArray(parts) || parts.length === 0) {
      throw rulesError('invalid_rule', `${where}.${key} must be a non-empty array of majority rules`);
    }
    if (depth >= MAX_ALL_OF_DEPTH)
      throw rulesError('invalid_rule', `${where}: ${key} nested more than ${MAX_ALL_OF_DEPTH} deep`);
    const checked = parts.map((part, i) => validateMajorityRule(part, `${where}.${key}[${i}]`, depth + 1));
    return key === 'allOf' ? { allOf: checked } : { anyOf: checked };
  }
  onlyKeys(o, ['base', 'fraction', 'compare', 'tie', 'minYes', 'includeInvalid', 'requiresPreviousNotice'], where);
  const rule: SimpleMajorityRule = {
    base: oneOf(o.base, MAJORITY_BASES, 'unknown_base', `${where}.base`),
    fraction: fraction(o.fraction, `${where}.fraction`),
    compare: oneOf(o.compare, COMPARES, 'invalid_compare', `${where}.compare`),
    tie: oneOf(o.tie, TIES, 'invalid_tie', `${where}.tie`),
  };
  if (o.minYes !== undefined) rule.minYes = wholeNumber(o.minYes, `${where}.minYes`);
  if (o.includeInvalid !== undefined) {
    if (typeof o.includeInvalid !== 'boolean') {
      throw rulesError(
        'invalid_rule',
        `${where}.includeInvalid must be true or false, got ${describe(o.includeInvalid)}`,
      );
    }
    // Invalid ballots are ballots; a base of seats or members has no place to add them, and
    // accepting the flag there would let a rule say something it cannot mean.
    if (o.includeInvalid && rule.base !== 'cast' && rule.base !== 'cast_with_abstentions') {
      throw rulesError('invalid_rule', `${where}.includeInvalid applies only to the cast bases, not "${rule.base}"`);
    }
    rule.includeInvalid = o.includeInvalid;
  }
  if (o.requiresPreviousNotice !== undefined) {
    if (typeof o.requiresPreviousNotice !== 'boolean') {
      throw rulesError(
        'invalid_rule',
        `${where}.requiresPreviousNotice must be true or false, got ${describe(o.requiresPreviousNotice)}`,
      );
    }
    rule.requiresPreviousNotice = o.requiresPreviousNotice;
  }
  return rule;
}

function text(value: unknown, where: string): string {
  if (typeof value === 'string' && value.length > 0 && value.length <= 500) return value;
  throw rulesError('invalid_rule', `${where} must be a non-empty string of at most 500 characters`);
}

function citation(x: unknown, where: string): Citation {
  const o = object(x, where);
  onlyKeys(o, ['act', 'section', 'note', 'quote', 'unverified', 'assumption', 'ru'], where);
  const c: Citation = { act: text(o.act, `${where}.act`), section: text(o.section, `${where}.section`) };
  for (const key of ['note', 'quote', 'unverified', 'assumption'] as const) {
    if (o[key] !== undefined) c[key] = text(o[key], `${where}.${key}`);
  }
  if (o.ru !== undefined) {
    const ru = object(o.ru, `${where}.ru`);
    onlyKeys(ru, ['act', 'section', 'note'], `${where}.ru`);
    c.ru = {};
    for (const key of ['act', 'section', 'note'] as const) {
      if (ru[key] !== undefined) c.ru[key] = text(ru[key], `${where}.ru.${key}`);
    }
  }
  return c;
}

function name(value: string, where: string): string {
  if (/^[a-z][a-z0-9_-]{0,63}$/.test(value)) return value;
  throw rulesError(
    'invalid_rule',
    `${where}: "${value.slice(0, 70)}" is not a name (lower case letters, digits, _ and -)`,
  );
}

/**
 * Checks a whole rule set (a preset copy or a body's own) and returns a clean copy. Every
 * motion kind must name a defined majority.
 * @example validateRuleSet(PRESETS['ru-131fz']).majorities.ordinary.base // 'cast_with_abstentions'
 */
export function validateRuleSet(x: unknown): RuleSet {
  const o = object(x, 'rule set');
  onlyKeys(
    o,
    [
      'preset',
      'validFrom',
      'validTo',
      'source',
      'quorum',
      'majorities',
      'motionKinds',
      'notice',
      'closedItems',
      'debate',
      'decisions',
    ],
    'rule set',
  );
  const majoritiesIn = object(o.majorities, 'majorities');
  const majorities: Record<string, MajorityRule> = {};
  for (const [key, rule] of Object.entries(majoritiesIn)) {
    majorities[name(key, 'majorities')] = validateMajorityRule(rule, `majorities.${key}`);
  }
  if (Object.keys(majorities).length === 0)
    throw rulesError('invalid_rule', 'majorities: a rule set needs at least one majority');
  const motionKinds: Record<string, string> = {};
  for (const [kind, majority] of Object.entries(object(o.motionKinds ?? {}, 'motionKinds'))) {
    if (typeof majority !== 'string' || !Object.hasOwn(majorities, majority)) {
      throw rulesError(
        'unknown_majority',
        `motionKinds.${kind} names ${describe(majority)}, which is not one of the majorities`,
      );
    }
    motionKinds[name(kind, 'motionKinds')] = majority;
  }
  const set: RuleSet = { quorum: validateQuorumRule(o.quorum), majorities, motionKinds };
  if (o.preset !== undefined) set.preset = text(o.preset, 'preset');
  for (const key of ['validFrom', 'validTo'] as const) {
    if (o[key] === undefined) continue;
    if (typeof o[key] !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(o[key]))
      throw rulesError('invalid_rule', `${key} must be a date YYYY-MM-DD, got ${describe(o[key])}`);
    set[key] = o[key];
  }
  if (o.notice !== undefined) {
    try {
      set.notice = validateNoticeRule(o.notice);
    } catch (err) {
      throw rulesError('invalid_rule', (err as Error).message);
    }
  }
  if (o.closedItems !== undefined) {
    const c = object(o.closedItems, 'closedItems');
    onlyKeys(c, ['titlePublic'], 'closedItems');
    if (typeof c.titlePublic !== 'boolean')
      throw rulesError('invalid_rule', `closedItems.titlePublic must be true or false, got ${describe(c.titlePublic)}`);
    set.closedItems = { titlePublic: c.titlePublic };
  }
  if (o.debate !== undefined) {
    try {
      set.debate = validateSpeakingRule(o.debate);
    } catch (err) {
      throw rulesError('invalid_rule', (err as Error).message);
    }
  }
  if (o.decisions !== undefined) {
    const dr = object(o.decisions, 'decisions');
    onlyKeys(dr, ['inForceOnAdoption', 'numbering'], 'decisions');
    set.decisions = {};
    if (dr.inForceOnAdoption !== undefined) {
      if (typeof dr.inForceOnAdoption !== 'boolean')
        throw rulesError(
          'invalid_rule',
          `decisions.inForceOnAdoption must be true or false, got ${describe(dr.inForceOnAdoption)}`,
        );
      set.decisions.inForceOnAdoption = dr.inForceOnAdoption;
    }
    if (dr.numbering !== undefined) {
      try {
        set.decisions.numbering = validateNumberingScheme(dr.numbering);
      } catch (err) {
        throw rulesError('invalid_rule', `decisions.numbering: ${(err as Error).message}`);
      }
    }
  }
  if (o.source !== undefined) {
    const s = object(o.source, 'source');
    onlyKeys(s, ['quorum', 'competence', 'validity', 'majorities', 'notice', 'closedItems', 'debate'], 'source');
    set.source = {};
    if (s.quorum !== undefined) set.source.quorum = citation(s.quorum, 'source.quorum');
    if (s.competence !== undefined) set.source.competence = citation(s.competence, 'source.competence');
    if (s.validity !== undefined) set.source.validity = citation(s.validity, 'source.validity');
    if (s.notice !== undefined) set.source.notice = citation(s.notice, 'source.notice');
    if (s.closedItems !== undefined) set.source.closedItems = citation(s.closedItems, 'source.closedItems');
    if (s.debate !== undefined) set.source.debate = citation(s.debate, 'source.debate');
    if (s.majorities !== undefined) {
      set.source.majorities = {};
      for (const [key, c] of Object.entries(object(s.majorities, 'source.majorities'))) {
        set.source.majorities[key] = citation(c, `source.majorities.${key}`);
      }
    }
  }
  return set;
}

/**
 * The named majority a motion kind is decided by.
 * @example majorityForMotion(PRESETS['ru-131fz'], 'binding_rule') // 'binding_rule'
 */
export function majorityForMotion(set: RuleSet, motionKind: string): string {
  const mapped = Object.hasOwn(set.motionKinds, motionKind) ? set.motionKinds[motionKind] : undefined;
  // The approval of the minutes (issue 17) goes by the ordinary majority unless the rules map it:
  // an assumption (RONR, §§41 and 48, approves the minutes by unanimous consent or a majority vote,
  // not checked against the book here; no act we model sets another majority for it).
  const majority =
    mapped ??
    (motionKind === MINUTES_APPROVAL_KIND && Object.hasOwn(set.majorities, 'ordinary') ? 'ordinary' : undefined);
  if (majority === undefined) {
    throw rulesError(
      'unknown_motion_kind',
      `the rule set maps no majority for motion kind "${motionKind.slice(0, 70)}"`,
    );
  }
  return majority;
}
