// Quorum: DESIGN.md, "Procedural rules" — quorate iff `present compare fraction × base` and
// `present >= min`. Computed with BigInt, never floats.
import type { ExplanationStep, QuorumStep } from './explanation-step.ts';
import type { Citation, QuorumBase, QuorumRule } from './rule-set.ts';
import { parseFraction, scaled, smallestMeeting } from './fraction.ts';
import { validateQuorumRule } from './rule-set.ts';
import { validateSeats } from './vote-counts.ts';

export interface QuorumCounts {
  established: number;
  filled: number;
  present: number;
}

export interface QuorumResult {
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
export function evaluateQuorum(rule: QuorumRule, counts: QuorumCounts, source?: Citation): QuorumResult {
  const step = quorumStep(validateQuorumRule(rule), validateSeats(counts), source);
  return { quorate: step.quorate, needed: step.needed, base: rule.base, explanation: [step] };
}

/**
 * The quorum step alone, for a rule and counts already validated (evaluateVote embeds it).
 * @example quorumStep({ base: 'filled', fraction: '1/2', compare: '>' }, { established: 9, filled: 9, present: 5 }).needed // 5
 */
export function quorumStep(rule: QuorumRule, counts: QuorumCounts, source?: Citation): QuorumStep {
  const r = parseFraction(rule.fraction);
  const baseCount = rule.base === 'established' ? counts.established : counts.filled;
  const base = BigInt(baseCount);
  // Meeting `present compare f × base` is upward closed in present, so the smallest quorate
  // count is the larger of the threshold's least solution and the minimum quorum.
  let needed = smallestMeeting(rule.compare, r, base);
  if (rule.min !== undefined && BigInt(rule.min) > needed) needed = BigInt(rule.min);
  const quorate = BigInt(counts.present) >= needed;
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
  if (source) step.source = source;
  return step;
}
