// The outcome of one vote under one quorum rule and one majority rule, DESIGN.md "Procedural
// rules": adopted iff quorate, yes ≥ minYes and `yes compare fraction × base`; a tie (yes = no)
// that misses the threshold fails, or under `casting_vote` is settled by the chair's recorded
// casting vote, which counts as one more vote on its side; `allOf` adopts only if every part does.
//
// requiredYes is the smallest yes count that would adopt with every other count held as it is
// (it may exceed those present: 11 for "established > 1/2" with 10 present). Adoption is upward
// closed in yes for every simple rule — the threshold `y·q compare p·(y + k)` is monotone since
// p ≤ q, minYes is, and a casting vote for at y = no adopts only where y + 1 votes would — so a
// simple rule's requiredYes has a closed form and an allOf's is the largest of its parts'.
import type {
  AllOfStep,
  AnyOfStep,
  ExplanationStep,
  MinYesStep,
  NoticeStep,
  OutcomeReason,
  ThresholdStep,
  TieStep,
} from './explanation-step.ts';
import type { Ratio } from './fraction.ts';
import type {
  Citation,
  MajorityBase,
  MajorityRule,
  QuorumRule,
  RuleSet,
  RuleSource,
  SimpleMajorityRule,
} from './rule-set.ts';
import type { VoteCounts } from './vote-counts.ts';
import { meets, parseFraction, scaled, smallestMeeting } from './fraction.ts';
import { competenceStep, quorumStep, ratioText } from './evaluate-quorum.ts';
import { PRESETS } from './presets.ts';
import { isAllOf, isAnyOf, majorityForMotion, validateMajorityRule, validateQuorumRule } from './rule-set.ts';
import { rulesError } from './rules-error.ts';
import { validateCounts } from './vote-counts.ts';

export interface Outcome {
  quorate: boolean;
  adopted: boolean;
  /** Smallest yes count that would adopt, others held; null only if none would (or inquorate). */
  requiredYes: number | null;
  /** The majority's base, 'all_of' for a double majority, 'any_of' for alternative routes. */
  base: MajorityBase | 'all_of' | 'any_of';
  reason: OutcomeReason;
  explanation: ExplanationStep[];
}

export interface EvaluationMeta {
  /** The preset the rules come from; its citations are used unless `source` is given. */
  preset?: string;
  majorityName?: string;
  source?: RuleSource;
}

interface PartResult {
  adopted: boolean;
  reason: OutcomeReason;
  requiredYes: bigint | null;
  steps: ExplanationStep[];
}

/**
 * Evaluates one vote. Broken rules or counts throw DomainError with a stable code; every
 * outcome, adopted or not, is a value.
 * @example
 * evaluateVote(PRESETS['ru-131fz'].quorum, PRESETS['ru-131fz'].majorities.ordinary,
 *   { established: 20, filled: 20, present: 10, yes: 7, no: 0, abstain: 3 }, { preset: 'ru-131fz', majorityName: 'ordinary' })
 * // { quorate: true, adopted: true, requiredYes: 4, base: 'cast_with_abstentions', reason: 'adopted', … }
 */
export function evaluateVote(
  quorum: QuorumRule,
  majority: MajorityRule,
  counts: VoteCounts,
  meta: EvaluationMeta = {},
): Outcome {
  const q = validateQuorumRule(quorum);
  const m = validateMajorityRule(majority);
  const c = validateCounts(counts);
  const source =
    meta.source ??
    (meta.preset !== undefined && Object.hasOwn(PRESETS, meta.preset) ? PRESETS[meta.preset]!.source : undefined);
  const steps: ExplanationStep[] = [];
  if (meta.preset !== undefined || meta.majorityName !== undefined) {
    steps.push({
      kind: 'rule',
      ...(meta.preset !== undefined ? { preset: meta.preset } : {}),
      ...(meta.majorityName !== undefined ? { majorityName: meta.majorityName } : {}),
    });
  }
  const base = isAllOf(m) ? 'all_of' : isAnyOf(m) ? 'any_of' : m.base;
  // 131-FZ art. 35 part 1: with too few members elected the body cannot act, whoever is present.
  const competence = competenceStep(q, c, source?.competence);
  if (competence) steps.push(competence);
  if (competence && !competence.met) {
    steps.push({ kind: 'outcome', adopted: false, reason: 'not_competent', requiredYes: null });
    return { quorate: false, adopted: false, requiredYes: null, base, reason: 'not_competent', explanation: steps };
  }
  const quorumAt = quorumStep(q, c, source?.quorum);
  steps.push(quorumAt, {
    kind: 'counted',
    yes: c.yes,
    no: c.no,
    abstain: c.abstain,
    notVoting: c.notVoting ?? 0,
    blank: c.blank ?? 0,
    invalid: c.invalid ?? 0,
    present: c.present,
    filled: c.filled,
    established: c.established,
  });
  if (!quorumAt.quorate) {
    steps.push({ kind: 'outcome', adopted: false, reason: 'inquorate', requiredYes: null });
    return { quorate: false, adopted: false, requiredYes: null, base, reason: 'inquorate', explanation: steps };
  }
  const majoritySource = meta.majorityName !== undefined ? source?.majorities?.[meta.majorityName] : undefined;
  const result = evaluatePart(m, c, undefined, majoritySource);
  const requiredYes = result.requiredYes === null ? null : Number(result.requiredYes);
  steps.push(...result.steps, { kind: 'outcome', adopted: result.adopted, reason: result.reason, requiredYes });
  return { quorate: true, adopted: result.adopted, requiredYes, base, reason: result.reason, explanation: steps };
}

/**
 * Evaluates a vote on a motion of a given kind under a body's rule set (its quorum and the
 * majority the kind maps to), citing the set's own sources.
 * @example evaluateMotion(PRESETS['ru-131fz'], 'binding_rule', counts).requiredYes // 11 of 20
 */
export function evaluateMotion(set: RuleSet, motionKind: string, counts: VoteCounts): Outcome {
  return evaluateNamed(set, majorityForMotion(set, motionKind), counts);
}

/**
 * Evaluates a vote under a named majority of a rule set.
 * @example evaluateNamed(PRESETS.ronr, 'two_thirds', counts)
 */
export function evaluateNamed(set: RuleSet, majorityName: string, counts: VoteCounts): Outcome {
  const majority = Object.hasOwn(set.majorities, majorityName) ? set.majorities[majorityName] : undefined;
  if (majority === undefined)
    throw rulesError('unknown_majority', `the rule set has no majority named "${majorityName.slice(0, 70)}"`);
  const meta: EvaluationMeta = { majorityName };
  if (set.preset !== undefined) meta.preset = set.preset;
  if (set.source !== undefined) meta.source = set.source;
  return evaluateVote(set.quorum, majority, counts, meta);
}

function evaluatePart(
  rule: MajorityRule,
  c: VoteCounts,
  part: string | undefined,
  source: Citation | undefined,
): PartResult {
  if (isAnyOf(rule)) return evaluateAnyOf(rule.anyOf, c, part, source);
  if (!isAllOf(rule)) return evaluateSimple(rule, c, part, source);
  const head: AllOfStep = { kind: 'all_of', parts: rule.allOf.length };
  if (part !== undefined) head.part = part;
  if (source) head.source = source;
  const results = rule.allOf.map((sub, i) =>
    evaluatePart(sub, c, part === undefined ? String(i + 1) : `${part}.${i + 1}`, undefined),
  );
  const failed = results.find((r) => !r.adopted);
  let requiredYes: bigint | null = 0n;
  for (const r of results) {
    if (r.requiredYes === null || requiredYes === null) requiredYes = null;
    else if (r.requiredYes > requiredYes) requiredYes = r.requiredYes;
  }
  const reason: OutcomeReason = failed
    ? failed.reason
    : results.some((r) => r.reason === 'adopted_casting_vote')
      ? 'adopted_casting_vote'
      : 'adopted';
  return { adopted: !failed, reason, requiredYes, steps: [head, ...results.flatMap((r) => r.steps)] };
}

// Alternative routes (RONR 57:1): adopted when any route adopts. Each route is upward closed in
// yes, so their union is, and requiredYes is the smallest of the routes'. When none adopts, the
// reason is that of the route nearest to adopting (smallest requiredYes; the first on a draw).
function evaluateAnyOf(
  parts: readonly MajorityRule[],
  c: VoteCounts,
  part: string | undefined,
  source: Citation | undefined,
): PartResult {
  const head: AnyOfStep = { kind: 'any_of', parts: parts.length };
  if (part !== undefined) head.part = part;
  if (source) head.source = source;
  const results = parts.map((sub, i) =>
    evaluatePart(sub, c, part === undefined ? String(i + 1) : `${part}.${i + 1}`, undefined),
  );
  let requiredYes: bigint | null = null;
  for (const r of results) {
    if (r.requiredYes !== null && (requiredYes === null || r.requiredYes < requiredYes)) requiredYes = r.requiredYes;
  }
  const winner = results.find((r) => r.adopted);
  const nearest = results.find((r) => r.requiredYes === requiredYes) ?? results[0]!;
  return {
    adopted: winner !== undefined,
    reason: (winner ?? nearest).reason,
    requiredYes,
    steps: [head, ...results.flatMap((r) => r.steps)],
  };
}

/** The part of the base that does not move with yes, and whether yes itself is in the base. */
function baseTerms(rule: SimpleMajorityRule, c: VoteCounts): { withYes: boolean; fixed: bigint } {
  const invalid = rule.includeInvalid ? BigInt(c.invalid ?? 0) : 0n;
  switch (rule.base) {
    case 'cast':
      return { withYes: true, fixed: BigInt(c.no) + invalid };
    case 'cast_with_abstentions':
      return { withYes: true, fixed: BigInt(c.no) + BigInt(c.abstain) + invalid };
    case 'present':
      return { withYes: false, fixed: BigInt(c.present) };
    case 'filled':
      return { withYes: false, fixed: BigInt(c.filled) };
    case 'established':
      return { withYes: false, fixed: BigInt(c.established) };
  }
}

/** The least y with `y compare r × (y + fixed)` (or × fixed), or null if there is none. */
function leastMeeting(rule: SimpleMajorityRule, r: Ratio, withYes: boolean, fixed: bigint): bigint | null {
  if (!withYes) return smallestMeeting(rule.compare, r, fixed);
  // y·q compare p·(y + k)  ⇔  y·(q − p) compare p·k.
  const d = r.q - r.p;
  if (d === 0n) {
    // The whole of the votes cast: met by any y only when nobody else is in the base, and ">"
    // the whole can never be met.
    return rule.compare === '>=' && fixed === 0n ? 0n : null;
  }
  return smallestMeeting(rule.compare, { p: r.p, q: d }, fixed);
}

/** The base at a given yes count. */
function baseAt(y: bigint, withYes: boolean, fixed: bigint): bigint {
  return withYes ? y + fixed : fixed;
}

// Plain functions rather than closures inside evaluateSimple: this runs once per vote and, in
// `rules check`, 100,000 times a run.
function evaluateSimple(
  rule: SimpleMajorityRule,
  c: VoteCounts,
  part: string | undefined,
  source: Citation | undefined,
): PartResult {
  const r = parseFraction(rule.fraction);
  const { withYes, fixed } = baseTerms(rule, c);
  const yes = BigInt(c.yes);
  const no = BigInt(c.no);
  const minYes = BigInt(rule.minYes ?? 1);

  // A route that needs previous notice is closed without it: no number of votes opens it.
  const closed = rule.requiresPreviousNotice === true && c.previousNotice !== true;
  const least = closed ? null : leastMeeting(rule, r, withYes, fixed);
  let requiredYes = least === null ? null : least > minYes ? least : minYes;
  const castingFor = rule.tie === 'casting_vote' && c.castingVote === 'yes';
  // A recorded casting vote for, held like every other count, lets the tie y = no adopt.
  if (
    !closed &&
    castingFor &&
    no >= minYes &&
    meets(no + 1n, rule.compare, r, baseAt(no + 1n, withYes, fixed)) &&
    (requiredYes === null || no < requiredYes)
  ) {
    requiredYes = no;
  }

  const base = baseAt(yes, withYes, fixed);
  const met = meets(yes, rule.compare, r, base);
  const threshold: ThresholdStep = {
    kind: 'threshold',
    base: rule.base,
    includeInvalid: rule.includeInvalid ?? false,
    baseCount: Number(base),
    fraction: rule.fraction,
    compare: rule.compare,
    product: ratioText(scaled(r, base)),
    yes: c.yes,
    met,
    requiredYes: requiredYes === null ? null : Number(requiredYes),
  };
  if (part !== undefined) threshold.part = part;
  if (source) threshold.source = source;
  if (!met && c.yes === c.no && rule.tie === 'casting_vote' && c.castingVote !== undefined)
    threshold.castingVoteDecides = true;
  const steps: ExplanationStep[] = [threshold];
  const result: PartResult = { adopted: false, reason: 'below_threshold', requiredYes, steps };
  if (rule.requiresPreviousNotice) {
    const notice: NoticeStep = { kind: 'notice', given: !closed };
    if (part !== undefined) notice.part = part;
    steps.push(notice);
    if (closed) return settle(result, false, 'no_previous_notice');
  }

  if (minYes !== 1n || yes < minYes) {
    const step: MinYesStep = { kind: 'min_yes', yes: c.yes, minYes: Number(minYes), met: yes >= minYes };
    if (part !== undefined) step.part = part;
    steps.push(step);
  }
  if (yes < minYes) return settle(result, false, 'below_min_yes');
  if (met) return settle(result, true, 'adopted');
  if (yes !== no) return settle(result, false, 'below_threshold');

  const castingVote = c.castingVote ?? null;
  const castingVoteMeets = castingFor ? meets(yes + 1n, rule.compare, r, baseAt(yes + 1n, withYes, fixed)) : null;
  const tie: TieStep = { kind: 'tie', yes: c.yes, no: c.no, tie: rule.tie, castingVote, castingVoteMeets };
  if (part !== undefined) tie.part = part;
  steps.push(tie);
  if (rule.tie === 'fails') return settle(result, false, 'tie_fails');
  if (castingVote === null) return settle(result, false, 'tie_no_casting_vote');
  if (castingVote === 'no') return settle(result, false, 'tie_casting_vote_no');
  return castingVoteMeets ? settle(result, true, 'adopted_casting_vote') : settle(result, false, 'below_threshold');
}

function settle(result: PartResult, adopted: boolean, reason: OutcomeReason): PartResult {
  result.adopted = adopted;
  result.reason = reason;
  return result;
}
