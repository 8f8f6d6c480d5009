// What-if: the same recorded counts under every preset and every named majority at once
// (DESIGN.md, "Procedural rules": any recorded vote can be re-evaluated under any other rule or
// preset, without changing the record).
import type { Outcome } from './evaluate-vote.ts';
import type { RuleSet } from './rule-set.ts';
import type { VoteCounts } from './vote-counts.ts';
import { evaluateNamed } from './evaluate-vote.ts';
import { PRESETS } from './presets.ts';
import { validateCounts } from './vote-counts.ts';

export interface WhatIfRow {
  /** The rule set's key in the map given (a preset's name by default). */
  ruleSet: string;
  majorityName: string;
  outcome: Outcome;
}

/**
 * Every rule set × every named majority, in a stable order (rule sets as given, majorities as
 * each set lists them). Counts are checked once; a casting vote applies only where a rule has one.
 * @example
 * whatIf({ established: 20, filled: 20, present: 10, yes: 7, no: 0, abstain: 3 })
 *   .map((r) => `${r.ruleSet}/${r.majorityName}: ${r.outcome.adopted}`)
 * // ['ronr/ordinary: true', …, 'ru-131fz/binding_rule: false', …]
 */
export function whatIf(counts: VoteCounts, ruleSets: Record<string, RuleSet> = PRESETS): WhatIfRow[] {
  const c = validateCounts(counts);
  const rows: WhatIfRow[] = [];
  for (const [name, set] of Object.entries(ruleSets)) {
    for (const majorityName of Object.keys(set.majorities)) {
      rows.push({ ruleSet: name, majorityName, outcome: evaluateNamed(set, majorityName, c) });
    }
  }
  return rows;
}
