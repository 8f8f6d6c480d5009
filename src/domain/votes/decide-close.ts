// How a vote closes (DESIGN.md, "A tie and the casting vote"). The service loads the vote, the
// rules in force, the named ballots and the procedural facts; decideClose says whether the close
// is refused, leaves the vote tied awaiting the chair's casting vote, or closes it — and with
// which counts, outcome and entries; the service writes that in the same transaction.
import { DomainError } from '../errors.ts';
import type { JsonValue } from '../entries/record-entry.ts';
import { evaluateVote, type Outcome } from '../rules/evaluate-vote.ts';
import { isAllOf, type MajorityRule, type RuleSet } from '../rules/rule-set.ts';
import type { VoteCounts } from '../rules/vote-counts.ts';
import { TOTALS_REQUIRED, type CloseRequest } from './close-request.ts';
import { refusal, type Refusal } from './refusal.ts';
import { TOTALS_METHODS, type VoteMethod } from './vote-methods.ts';

/** Ballots revealed per entry: about 110 bytes each, well inside an entry's 65,535. */
export const REVEAL_PER_ENTRY = 250;

export interface VoteToClose {
  id: number;
  motionId: number;
  method: VoteMethod;
  status: string;
  majorityName: string;
  established: number;
  filled: number;
  present: number;
  /** Secret electronic votes: the running totals. */
  yes: number | null;
  no: number | null;
  abstain: number | null;
  openEntry: number;
}

/** The recorded procedural facts a vote is decided with. */
export interface ProcedureFacts {
  /** Entry that established a lack of quorum in the sitting, if any. */
  lackOfQuorumEntry: number | null;
  secondConvocation: boolean;
  previousNotice: boolean;
}

export interface CloseFacts {
  vote: VoteToClose;
  /** The body's rules, as read under the log-head lock. */
  rules: RuleSet;
  /** Whether the register number the request brought is already in the register (live sittings). */
  registerNumberTaken: boolean;
  /** Named votes: the ballots, by member. */
  ballots: ReadonlyArray<{ member: number; choice: string; salt: string }>;
  procedure: ProcedureFacts;
}

type Tally = { yes: number; no: number; abstain: number };
export interface CloseEntry {
  type: 'vote.tied' | 'vote.ballots_revealed' | 'vote.closed';
  data: { [key: string]: JsonValue };
}

export type CloseDecision =
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'tied'; counts: Tally; entry: CloseEntry }
  | {
      kind: 'closed';
      tally: Tally & { blank: number | null; invalid: number | null; castingVote: 'yes' | 'no' | null };
      rule: JsonValue;
      outcome: Outcome;
      /** In order, from the index the options gave; the last is the close entry. */
      entries: CloseEntry[];
      closeEntry: number;
    };

type Counted = Tally & { blank: number; invalid: number };

/**
 * Decides a close from what was loaded. Refusals keep the order they always had: closed, rules,
 * register number, totals, then the tie.
 * @example decideClose(facts, { totals: null, castingVote: null, registerNumber: null }, 41)
 *   // { kind: 'tied', counts: { yes: 2, no: 2, abstain: 0 }, entry: { type: 'vote.tied', … } }
 */
export function decideClose(facts: CloseFacts, request: CloseRequest, nextIndex: number): CloseDecision {
  const { vote, rules } = facts;
  if (vote.status === 'closed') return refused('conflict', 'vote_closed', 'the vote is already closed');
  const majority = rules.majorities[vote.majorityName];
  if (!majority)
    return refused(
      'conflict',
      'majority_missing',
      `the body's rules no longer name the majority "${vote.majorityName}"`,
    );
  if (request.registerNumber !== null && facts.registerNumberTaken) return numberTaken(request.registerNumber);
  const counted = countVote(facts, request);
  if ('code' in counted) return { kind: 'refused', refusal: counted };
  if (request.castingVote === null && counted.yes === counted.no && counted.yes > 0 && usesCastingVote(majority))
    return tie(vote, counted);
  return close(facts, majority, request, counted, nextIndex);
}

function refused(kind: Refusal['kind'], code: string, message: string): CloseDecision {
  return { kind: 'refused', refusal: refusal(kind, code, message) };
}

export function numberTaken(registerNumber: string): CloseDecision & { kind: 'refused' } {
  const message = `decision number "${registerNumber}" is already in this body's register`;
  return { kind: 'refused', refusal: refusal('conflict', 'register_number_taken', message) };
}

/** The final count: the totals entered, the secret running totals, or the named ballots. */
function countVote(facts: CloseFacts, request: CloseRequest): Counted | Refusal {
  const { vote } = facts;
  if (TOTALS_METHODS.includes(vote.method)) return enteredCount(vote, request);
  if (vote.method === 'secret_electronic')
    return { yes: vote.yes ?? 0, no: vote.no ?? 0, abstain: vote.abstain ?? 0, blank: 0, invalid: 0 };
  const count = { yes: 0, no: 0, abstain: 0, blank: 0, invalid: 0 };
  for (const b of facts.ballots)
    if (b.choice === 'yes' || b.choice === 'no' || b.choice === 'abstain') count[b.choice]++;
  return count;
}

function enteredCount(vote: VoteToClose, request: CloseRequest): Counted | Refusal {
  const t = request.totals;
  if (!t) return refusal('invalid', 'totals_required', TOTALS_REQUIRED);
  let blank = 0;
  let invalid = 0;
  if (vote.method === 'secret_paper') {
    blank = t.blank ?? 0;
    invalid = t.invalid ?? 0;
  } else if (t.blank || t.invalid) {
    return refusal('invalid', 'invalid_totals', 'a show of hands has no blank or invalid ballots');
  }
  const sum = t.yes + t.no + t.abstain + blank + invalid;
  if (sum > vote.present)
    return refusal(
      'invalid',
      'totals_exceed_present',
      `the totals add up to ${sum}, more than the ${vote.present} present`,
    );
  return { yes: t.yes, no: t.no, abstain: t.abstain, blank, invalid };
}

export function usesCastingVote(rule: MajorityRule): boolean {
  if (isAllOf(rule)) return rule.allOf.some(usesCastingVote);
  if ('anyOf' in rule) return rule.anyOf.some(usesCastingVote);
  return rule.tie === 'casting_vote';
}

/**
 * A tie the chair may break. A vote the server counts closes its ballot box with the final count
 * and waits for a second close that brings the casting vote; entered totals (which the request
 * itself brought, so refusing reveals nothing) and a vote already tied are refused.
 */
function tie(vote: VoteToClose, c: Counted): CloseDecision {
  const { yes, no, abstain } = c;
  if (vote.status === 'tied')
    return refused(
      'conflict',
      'casting_vote_required',
      `the vote is tied ${yes}–${no}; the rules give the chair a casting vote`,
    );
  if (TOTALS_METHODS.includes(vote.method))
    return refused(
      'conflict',
      'casting_vote_required',
      `the totals entered are tied ${yes}–${no}; the rules give the chair a casting vote`,
    );
  const counts = { yes, no, abstain };
  const data = { vote: vote.id, motion: vote.motionId, method: vote.method, counts };
  return { kind: 'tied', counts, entry: { type: 'vote.tied', data } };
}

/**
 * The procedural facts, each only when true so that votes without them keep the counts they
 * always had: a lack of quorum established before the vote was opened (a vote opened before it
 * stays valid), and the motion's second-convocation and previous-notice flags.
 */
export function procedureCounts(p: ProcedureFacts, openEntry: number): Partial<VoteCounts> {
  return {
    ...(p.lackOfQuorumEntry != null && p.lackOfQuorumEntry < openEntry ? { lackOfQuorumEstablished: true } : {}),
    ...(p.secondConvocation ? { secondConvocation: true } : {}),
    ...(p.previousNotice ? { previousNotice: true } : {}),
  };
}

function close(
  facts: CloseFacts,
  majority: MajorityRule,
  request: CloseRequest,
  c: Counted,
  nextIndex: number,
): CloseDecision {
  const { vote, rules } = facts;
  const { castingVote } = request;
  const counts: VoteCounts = {
    established: vote.established,
    filled: vote.filled,
    present: vote.present,
    yes: c.yes,
    no: c.no,
    abstain: c.abstain,
    notVoting: Math.max(0, vote.present - c.yes - c.no - c.abstain - c.blank - c.invalid),
    blank: c.blank,
    invalid: c.invalid,
    ...(castingVote ? { castingVote } : {}),
    ...procedureCounts(facts.procedure, vote.openEntry),
  };
  let outcome: Outcome;
  try {
    outcome = evaluateVote(rules.quorum, majority, counts, {
      preset: rules.preset,
      majorityName: vote.majorityName,
      ...(rules.source ? { source: rules.source } : {}),
    });
  } catch (err) {
    if (err instanceof DomainError) return refused('invalid', err.code, err.message);
    throw err;
  }
  const rule = {
    quorum: rules.quorum,
    majority,
    majorityName: vote.majorityName,
    preset: rules.preset ?? null,
    source: rules.source ?? null,
  } as unknown as JsonValue;
  const entries = closeEntries(facts, counts, rule, outcome, nextIndex);
  const paper = vote.method === 'secret_paper';
  return {
    kind: 'closed',
    tally: {
      yes: c.yes,
      no: c.no,
      abstain: c.abstain,
      blank: paper ? c.blank : null,
      invalid: paper ? c.invalid : null,
      castingVote,
    },
    rule,
    outcome,
    entries,
    closeEntry: nextIndex + entries.length - 1,
  };
}

/**
 * Named ballots are revealed at close. An entry holds at most 65,535 bytes, so a large vote (a
 * convention's 2,000 delegates) reveals them in parts, each its own entry, just before the close
 * entry that names them.
 */
function closeEntries(
  facts: CloseFacts,
  counts: VoteCounts,
  rule: JsonValue,
  outcome: Outcome,
  nextIndex: number,
): CloseEntry[] {
  const { vote } = facts;
  const revealed =
    vote.method === 'electronic'
      ? facts.ballots.map((b) => ({ member: b.member, choice: b.choice, salt: b.salt }))
      : vote.method === 'roll_call'
        ? facts.ballots.map((b) => ({ member: b.member, choice: b.choice }))
        : null;
  const entries: CloseEntry[] = [];
  if (revealed && revealed.length > REVEAL_PER_ENTRY) {
    for (let i = 0; i < revealed.length; i += REVEAL_PER_ENTRY)
      entries.push({
        type: 'vote.ballots_revealed',
        data: { vote: vote.id, ballots: revealed.slice(i, i + REVEAL_PER_ENTRY) },
      });
  }
  const revealedIn = entries.length > 0 ? entries.map((_, k) => nextIndex + k) : null;
  const data = {
    vote: vote.id,
    motion: vote.motionId,
    method: vote.method,
    counts: counts as unknown as JsonValue,
    rule,
    outcome: {
      quorate: outcome.quorate,
      adopted: outcome.adopted,
      requiredYes: outcome.requiredYes,
      reason: outcome.reason,
    },
    ballots: revealedIn ? null : revealed,
    ...(revealedIn ? { revealedIn } : {}),
  };
  entries.push({ type: 'vote.closed', data });
  return entries;
}
