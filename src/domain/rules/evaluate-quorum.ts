// Quorum: DESIGN.md, "Procedural rules" — quorate iff `present compare fraction × base` and
// `present >= min`. Computed with BigInt, never floats.
import type { CompetenceStep, ExplanationStep, QuorumStep } from './explanation-step.ts';
import type { Citation, QuorumBase, QuorumRule } from './rule-set.ts';
import type { QuorumFacts } from './vote-counts.ts';
import { parseFraction, scaled, smallestMeeting } from './fraction.ts';
import { validateQuorumRule } from './rule-set.ts';
import { validateSeats } from './vote-counts.ts';

export interface QuorumCounts extends QuorumFacts {
  established: number;
  filled: number;
  present: number;
}

export interface QuorumResult {
  /** Whether enough members are elected for the body to act (true when the rule has no such check). */
  competent: boolean;
  quorate: boolean;
  /** The smallest present count that is quorate (it may exceed the seats, then never quorate). */
  needed: number;
  base: QuorumBase;
  /** One quorum step, ready for renderExplanation. */
  explanation: ExplanationStep[];
}

/**
 * A ratio as text for explanations: "5" or "40/3".
 * @example ratioText({ p: 40n, q: 3n }) // '40/3'
 */
export function ratioText(r: { p: bigint; q: bigint }): string {
  return r.q === 1n ? String(r.p) : `${r.p}/${r.q}`;
}

/**
 * Evaluates a quorum rule. Broken rules or counts throw DomainError (see rules-error.ts).
 * @example
 * evaluateQuorum({ base: 'filled', fraction: '1/2', compare: '>=' }, { established: 20, filled: 20, present: 10 })
 * // { quorate: true, needed: 10, base: 'filled', … } — "10 of 20 present — quorate; 10 needed"
 */
export function evaluateQuorum(
  rule: QuorumRule,
  counts: QuorumCounts,
  source?: Citation,
  competenceSource?: Citation,
): QuorumResult {
  const r = validateQuorumRule(rule);
  const c = validateSeats(counts);
  const competence = competenceStep(r, c, competenceSource);
  const step = quorumStep(r, c, source);
  const competent = competence?.met ?? true;
  return {
    competent,
    quorate: competent && step.quorate,
    needed: step.needed,
    base: rule.base,
    explanation: competence ? [competence, step] : [step],
  };
}

/**
 * The competence step (131-FZ art. 35 part 1: the body may act only with at least two thirds of
 * its established number elected), or null when the rule has no such check.
 * @example competenceStep({ …, competence: { fraction: '2/3', compare: '>=' } }, { established: 20, filled: 12, present: 6 })?.met // false
 */
export function competenceStep(rule: QuorumRule, counts: QuorumCounts, source?: Citation): CompetenceStep | null {
  if (!rule.competence) return null;
  const r = parseFraction(rule.competence.fraction);
  const base = BigInt(counts.established);
  const needed = smallestMeeting(rule.competence.compare, r, base);
  const step: CompetenceStep = {
    kind: 'competence',
    filled: counts.filled,
    established: counts.established,
    fraction: rule.competence.fraction,
    compare: rule.competence.compare,
    product: ratioText(scaled(r, base)),
    needed: Number(needed),
    met: BigInt(counts.filled) >= needed,
  };
  if (source) step.source = source;
  return step;
}

/**
 * The quorum step alone, for a rule and counts already validated (evaluateVote embeds it).
 * @example quorumStep({ base: 'filled', fraction: '1/2', compare: '>' }, { established: 9, filled: 9, present: 5 }).needed // 5
 */
export function quorumStep(rule: QuorumRule, counts: QuorumCounts, source?: Citation): QuorumStep {
  const r = parseFraction(rule.fraction);
  let baseCount = rule.base === 'established' ? counts.established : counts.filled;
  // LGA 1972 Sch. 12 para 45: more than the given share of the whole number disqualified at once
  // puts the quorum on those still qualified; the minimum of three still holds on that base.
  const disqualified = counts.disqualified ?? 0;
  const onQualified =
    rule.disqualifiedOver !== undefined &&
    disqualified > 0 &&
    meetsMore(disqualified, rule.disqualifiedOver, counts.established);
  if (onQualified) baseCount = Math.min(baseCount, counts.established - disqualified);
  const base = BigInt(baseCount);
  // Meeting `present compare f × base` is upward closed in present, so the smallest quorate
  // count is the larger of the threshold's least solution and the minimum quorum.
  let needed = smallestMeeting(rule.compare, r, base);
  if (rule.min !== undefined && BigInt(rule.min) > needed) needed = BigInt(rule.min);
  let quorate = BigInt(counts.present) >= needed;
  let basis: QuorumStep['basis'];
  // GO NRW §49(2): a second convocation on the same matter is quorate whatever the attendance;
  // §49(1) sentence 2: until a lack of quorum is formally established, the council counts as quorate.
  if (!quorate) {
    if (rule.secondConvocationQuorate && counts.secondConvocation) basis = 'second_convocation';
    else if (rule.presumedUntilEstablished && !counts.lackOfQuorumEstablished) basis = 'presumed';
    if (basis) quorate = true;
  }
  const step: QuorumStep = {
    kind: 'quorum',
    present: counts.present,
    filled: counts.filled,
    base: rule.base,
    baseCount,
    fraction: rule.fraction,
    compare: rule.compare,
    product: ratioText(scaled(r, base)),
    needed: Number(needed),
    quorate,
  };
  if (rule.min !== undefined) step.min = rule.min;
  if (basis) step.basis = basis;
  if (rule.presumedUntilEstablished) step.lackOfQuorumEstablished = counts.lackOfQuorumEstablished ?? false;
  if (onQualified) step.disqualified = disqualified;
  if (source) step.source = source;
  return step;
}

/** `count > fraction × whole`, exactly. */
function meetsMore(count: number, fraction: string, whole: number): boolean {
  const r = parseFraction(fraction);
  return BigInt(count) * r.q > r.p * BigInt(whole);
}
