// Rules as one line of notation, for listings (`quorate rules presets`, the rules page):
// "filled >= 1/2, competence: filled >= 2/3 of established". Prose explanations of an outcome
// are renderExplanation's; this only names the rule.
import type { MajorityRule, QuorumRule } from './rule-set.ts';
import { isAllOf, isAnyOf } from './rule-set.ts';

/**
 * A quorum rule as notation.
 * @example describeQuorum({ base: 'established', fraction: '1/3', compare: '>=', min: 3 }) // 'established >= 1/3, min 3'
 */
export function describeQuorum(q: QuorumRule): string {
  const parts = [`${q.base} ${q.compare} ${q.fraction}`];
  if (q.min !== undefined) parts.push(`min ${q.min}`);
  if (q.presumedUntilEstablished) parts.push('quorate until a lack of quorum is established');
  if (q.secondConvocationQuorate) parts.push('second convocation quorate whatever the attendance');
  if (q.disqualifiedOver !== undefined)
    parts.push(`more than ${q.disqualifiedOver} disqualified at once: base is those still qualified`);
  return parts.join(', ');
}

/**
 * A majority rule as notation.
 * @example describeMajority({ base: 'cast', fraction: '1/2', compare: '>', tie: 'fails' }) // 'cast > 1/2, tie fails'
 */
export function describeMajority(rule: MajorityRule): string {
  if (isAllOf(rule)) return `all of (${rule.allOf.map(describeMajority).join('; ')})`;
  if (isAnyOf(rule)) return `any of (${rule.anyOf.map(describeMajority).join('; ')})`;
  const extras = [rule.tie === 'casting_vote' ? 'tie → casting vote' : 'tie fails'];
  if (rule.minYes !== undefined) extras.push(`min yes ${rule.minYes}`);
  if (rule.includeInvalid) extras.push('invalid ballots counted');
  if (rule.requiresPreviousNotice) extras.push('with previous notice');
  return `${rule.base} ${rule.compare} ${rule.fraction}, ${extras.join(', ')}`;
}
