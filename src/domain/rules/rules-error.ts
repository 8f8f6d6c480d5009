// The stable codes of every DomainError the rules engine throws. A client may branch on them;
// never rename one.
import { DomainError } from '../errors.ts';

export type RulesErrorCode =
  /** Not "p/q" with 0 ≤ p ≤ q and q > 0. */
  | 'invalid_fraction'
  /** A quorum or majority base the model does not know. */
  | 'unknown_base'
  /** Not ">" or ">=" (quorum rules take ">=" or ">", majorities ">" or ">="). */
  | 'invalid_compare'
  /** Not "fails" or "casting_vote". */
  | 'invalid_tie'
  /** Any other malformed rule or rule set (wrong type, empty allOf, bad min…). */
  | 'invalid_rule'
  /** A field the model does not define: a typo must not silently change an outcome. */
  | 'unknown_field'
  /** A preset name not in PRESETS. */
  | 'unknown_preset'
  /** A majority name the rule set does not define. */
  | 'unknown_majority'
  /** A motion kind the rule set does not map. */
  | 'unknown_motion_kind'
  /** A count that is not a whole number from 0 to MAX_COUNT. */
  | 'invalid_count'
  | 'filled_exceeds_established'
  | 'present_exceeds_filled'
  /** yes + no + abstain + notVoting + blank + invalid > present. */
  | 'votes_exceed_present'
  /** castingVote other than "yes" or "no". */
  | 'invalid_casting_vote'
  /** A casting vote recorded where yes ≠ no: the chair has one only on an equality. */
  | 'casting_vote_without_tie';

/**
 * A DomainError whose code the compiler checks against RulesErrorCode.
 * @example throw rulesError('unknown_base', 'base must be one of …')
 */
export function rulesError(code: RulesErrorCode, message: string): DomainError {
  return new DomainError(code, message);
}
