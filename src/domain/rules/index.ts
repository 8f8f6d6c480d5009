// The procedural rules engine: quorum and majorities as data, exact outcomes, explanations,
// presets from real rulebooks, and what-if. Pure: no I/O.
export type { Compare, Fraction, Ratio } from './fraction.ts';
export { parseFraction } from './fraction.ts';
export type { RulesErrorCode } from './rules-error.ts';
export type {
  AllOfRule,
  AnyOfRule,
  CompetenceRule,
  Citation,
  MajorityBase,
  MajorityRule,
  QuorumBase,
  QuorumRule,
  RuleSet,
  RuleSource,
  SimpleMajorityRule,
  TiePolicy,
} from './rule-set.ts';
export {
  MAJORITY_BASES,
  QUORUM_BASES,
  isAllOf,
  isAnyOf,
  majorityForMotion,
  validateMajorityRule,
  validateQuorumRule,
  validateRuleSet,
} from './rule-set.ts';
export type { VoteCounts } from './vote-counts.ts';
export { MAX_COUNT, validateCounts, validateSeats } from './vote-counts.ts';
export type * from './explanation-step.ts';
export type { QuorumCounts, QuorumResult } from './evaluate-quorum.ts';
export { evaluateQuorum } from './evaluate-quorum.ts';
export type { EvaluationMeta, Outcome } from './evaluate-vote.ts';
export { evaluateMotion, evaluateNamed, evaluateVote } from './evaluate-vote.ts';
export { MOTION_KINDS, PRESETS, copyPreset, presetDiffers } from './presets.ts';
export type { WhatIfRow } from './what-if.ts';
export { whatIf } from './what-if.ts';
export type { Lang } from './plural-noun.ts';
export { renderExplanation } from './render-explanation.ts';
