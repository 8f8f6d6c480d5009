// The counts one vote is decided on. Established, filled and present are three different numbers
// (DESIGN.md, "Seat / Member / Term"): vacancies are established − filled, and a recused member
// is simply not present for that vote.
import { describe } from './fraction.ts';
import { rulesError } from './rules-error.ts';

export interface VoteCounts {
  /** Seats set by the charter. */
  established: number;
  /** Seats with a holder now. */
  filled: number;
  /** Present and entitled when the vote opened (recused members excluded). */
  present: number;
  yes: number;
  no: number;
  abstain: number;
  /** Present members who did not vote. */
  notVoting?: number;
  /** Blank ballots (secret paper votes). */
  blank?: number;
  /** Invalid ballots (secret paper votes). */
  invalid?: number;
  /** The chair's casting vote, recorded only on an equality of yes and no. */
  castingVote?: 'yes' | 'no';
  /** Members disqualified at once, whose seats are now vacant (LGA 1972 Sch. 12 para 45). */
  disqualified?: number;
  /** A lack of quorum had been formally established before the vote (GO NRW §49(1)). */
  lackOfQuorumEstablished?: boolean;
  /** The sitting was called a second time on this matter after a lack of quorum (GO NRW §49(2)). */
  secondConvocation?: boolean;
  /** Previous notice of the motion was given (RONR 57:1). */
  previousNotice?: boolean;
}

/** The facts besides the three seat numbers that a quorum rule may take. */
export interface QuorumFacts {
  disqualified?: number;
  lackOfQuorumEstablished?: boolean;
  secondConvocation?: boolean;
}

/** The largest count accepted: ten million is far past any assembly, and keeps arithmetic small. */
export const MAX_COUNT = 10_000_000;

const REQUIRED = ['established', 'filled', 'present', 'yes', 'no', 'abstain'] as const;
const OPTIONAL = ['notVoting', 'blank', 'invalid'] as const;
const FLAGS = ['lackOfQuorumEstablished', 'secondConvocation', 'previousNotice'] as const;
export const COUNT_FIELDS: readonly string[] = [...REQUIRED, ...OPTIONAL, 'castingVote', 'disqualified', ...FLAGS];

function count(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_COUNT) return value;
  throw rulesError('invalid_count', `${field} must be a whole number from 0 to ${MAX_COUNT}, got ${describe(value)}`);
}

/**
 * Checks counts for one vote and returns a clean copy: whole non-negative numbers,
 * filled ≤ established, present ≤ filled, every ballot from someone present, and a casting vote
 * only on a tie. Fields other than VoteCounts' are refused (`unknown_field`).
 * @example validateCounts({ established: 20, filled: 20, present: 10, yes: 7, no: 0, abstain: 3 })
 */
export function validateCounts(x: unknown): VoteCounts {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) {
    throw rulesError('invalid_count', `counts must be an object, got ${describe(x)}`);
  }
  const o = x as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!COUNT_FIELDS.includes(key)) throw rulesError('unknown_field', `counts: unknown field "${key.slice(0, 70)}"`);
  }
  const c: VoteCounts = {
    established: count(o.established, 'established'),
    filled: count(o.filled, 'filled'),
    present: count(o.present, 'present'),
    yes: count(o.yes, 'yes'),
    no: count(o.no, 'no'),
    abstain: count(o.abstain, 'abstain'),
  };
  for (const field of OPTIONAL) {
    if (o[field] !== undefined) c[field] = count(o[field], field);
  }
  checkSeats(c);
  Object.assign(c, quorumFacts(o, c));
  if (o.previousNotice !== undefined) c.previousNotice = flag(o.previousNotice, 'previousNotice');
  const ballots = c.yes + c.no + c.abstain + (c.notVoting ?? 0) + (c.blank ?? 0) + (c.invalid ?? 0);
  if (ballots > c.present) {
    throw rulesError(
      'votes_exceed_present',
      `yes + no + abstain + not voting + blank + invalid (${ballots}) exceeds present (${c.present})`,
    );
  }
  if (o.castingVote !== undefined) {
    if (o.castingVote !== 'yes' && o.castingVote !== 'no') {
      throw rulesError('invalid_casting_vote', `castingVote must be "yes" or "no", got ${describe(o.castingVote)}`);
    }
    if (c.yes !== c.no) {
      throw rulesError(
        'casting_vote_without_tie',
        `a casting vote is recorded only on a tie, but yes (${c.yes}) ≠ no (${c.no})`,
      );
    }
    c.castingVote = o.castingVote;
  }
  return c;
}

/**
 * Checks the three seat numbers a quorum is decided on: whole numbers, at least one established
 * seat, present ≤ filled ≤ established.
 * @example validateSeats({ established: 20, filled: 19, present: 10 }) // one vacancy
 */
export function validateSeats(
  x: { established: unknown; filled: unknown; present: unknown } & { [K in keyof QuorumFacts]?: unknown },
): { established: number; filled: number; present: number } & QuorumFacts {
  const c = {
    established: count(x.established, 'established'),
    filled: count(x.filled, 'filled'),
    present: count(x.present, 'present'),
  };
  checkSeats(c);
  return { ...c, ...quorumFacts(x as Record<string, unknown>, c) };
}

function flag(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  throw rulesError('invalid_count', `${field} must be true or false, got ${describe(value)}`);
}

/** The optional quorum facts, checked: the disqualified hold no seat, so they fit in the vacancies. */
function quorumFacts(o: Record<string, unknown>, c: { established: number; filled: number }): QuorumFacts {
  const facts: QuorumFacts = {};
  if (o.disqualified !== undefined) {
    facts.disqualified = count(o.disqualified, 'disqualified');
    if (facts.disqualified > c.established - c.filled) {
      throw rulesError(
        'invalid_count',
        `disqualified (${facts.disqualified}) exceeds the vacant seats (${c.established - c.filled}): a disqualified member's seat is vacant`,
      );
    }
  }
  if (o.lackOfQuorumEstablished !== undefined)
    facts.lackOfQuorumEstablished = flag(o.lackOfQuorumEstablished, 'lackOfQuorumEstablished');
  if (o.secondConvocation !== undefined) facts.secondConvocation = flag(o.secondConvocation, 'secondConvocation');
  return facts;
}

function checkSeats(c: { established: number; filled: number; present: number }): void {
  if (c.established === 0) throw rulesError('invalid_count', 'established must be at least 1: a body has seats');
  if (c.filled > c.established) {
    throw rulesError('filled_exceeds_established', `filled (${c.filled}) exceeds established (${c.established})`);
  }
  if (c.present > c.filled) {
    throw rulesError('present_exceeds_filled', `present (${c.present}) exceeds filled seats (${c.filled})`);
  }
}
