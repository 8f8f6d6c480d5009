// The explanation of an outcome as data: what was counted, which base, the threshold, the
// comparison, and where the rule comes from. Prose is made from these by renderExplanation, in
// each of the body's languages; the record and the API keep the steps.
import type { Citation, Compare, Fraction, MajorityBase, QuorumBase, TiePolicy } from './rule-set.ts';

/** Why a vote was or was not adopted. Stable: clients branch on it. */
export type OutcomeReason =
  | 'adopted'
  /** A tie settled for the motion by the chair's casting vote. */
  | 'adopted_casting_vote'
  | 'inquorate'
  /** Too few members elected for the body to act at all (131-FZ art. 35 part 1). */
  | 'not_competent'
  /** The only route left needs previous notice, and none was given. */
  | 'no_previous_notice'
  /** Fewer yes votes than the rule's minYes (default 1). */
  | 'below_min_yes'
  /** yes does not reach fraction × base, and it is not a tie. */
  | 'below_threshold'
  /** yes = no, the threshold is not met, and the rule lets a tie fail. */
  | 'tie_fails'
  /** yes = no under a casting-vote rule, and no casting vote was recorded. */
  | 'tie_no_casting_vote'
  /** yes = no, and the chair's casting vote went against. */
  | 'tie_casting_vote_no';

/** Which rule set and majority the vote was decided under. */
export interface RuleStep {
  kind: 'rule';
  preset?: string;
  majorityName?: string;
}

export interface QuorumStep {
  kind: 'quorum';
  present: number;
  /** Seats with a holder: who could be present. */
  filled: number;
  base: QuorumBase;
  baseCount: number;
  fraction: Fraction;
  compare: Compare;
  /** fraction × baseCount in lowest terms, "p" or "p/q". */
  product: string;
  min?: number;
  /** The smallest present count that is quorate. */
  needed: number;
  quorate: boolean;
  /**
   * Why quorate other than by the count: presumed until a lack of quorum is established, or a
   * second convocation on the same matter. Absent: the count decides.
   */
  basis?: 'presumed' | 'second_convocation';
  /** A lack of quorum had been formally established (only under a presumption rule). */
  lackOfQuorumEstablished?: boolean;
  /** Members disqualified at once, when they made the base the members still qualified. */
  disqualified?: number;
  source?: Citation;
}

/** Whether enough members are elected for the body to act: `filled compare fraction × established`. */
export interface CompetenceStep {
  kind: 'competence';
  filled: number;
  established: number;
  fraction: Fraction;
  compare: Compare;
  product: string;
  needed: number;
  met: boolean;
  source?: Citation;
}

export interface CountedStep {
  kind: 'counted';
  yes: number;
  no: number;
  abstain: number;
  notVoting: number;
  blank: number;
  invalid: number;
  present: number;
  filled: number;
  established: number;
}

/** One threshold: `yes compare fraction × base`. */
export interface ThresholdStep {
  kind: 'threshold';
  /** Position inside an allOf, e.g. "1" or "2.1"; absent for a simple rule. */
  part?: string;
  base: MajorityBase;
  includeInvalid: boolean;
  baseCount: number;
  fraction: Fraction;
  compare: Compare;
  product: string;
  yes: number;
  met: boolean;
  /** The smallest yes count meeting this part, others held (null if none). */
  requiredYes: number | null;
  /** A tie under a casting-vote rule with the casting vote recorded: the chair's vote decides. */
  castingVoteDecides?: boolean;
  source?: Citation;
}

/** A route open only with previous notice of the motion. */
export interface NoticeStep {
  kind: 'notice';
  part?: string;
  given: boolean;
}

export interface MinYesStep {
  kind: 'min_yes';
  part?: string;
  yes: number;
  minYes: number;
  met: boolean;
}

export interface TieStep {
  kind: 'tie';
  part?: string;
  yes: number;
  no: number;
  tie: TiePolicy;
  castingVote: 'yes' | 'no' | null;
  /** Under a casting vote for: whether yes + 1 meets the threshold. */
  castingVoteMeets: boolean | null;
}

export interface AllOfStep {
  kind: 'all_of';
  part?: string;
  parts: number;
  source?: Citation;
}

/** Alternative routes: any one adopting is enough. */
export interface AnyOfStep {
  kind: 'any_of';
  part?: string;
  parts: number;
  source?: Citation;
}

export interface OutcomeStep {
  kind: 'outcome';
  adopted: boolean;
  reason: OutcomeReason;
  requiredYes: number | null;
}

export type ExplanationStep =
  | RuleStep
  | CompetenceStep
  | QuorumStep
  | CountedStep
  | ThresholdStep
  | NoticeStep
  | MinYesStep
  | TieStep
  | AllOfStep
  | AnyOfStep
  | OutcomeStep;
