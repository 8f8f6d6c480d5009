// One entry point for the methods that count ranked or marked papers (a BLT file, or ballots in the
// record): the CLI and, later, the elections service call countBallots with a method name.
import { DomainError } from '../errors.ts';
import { countMeekStv } from './meek-stv.ts';
import { countScottishStv } from './scottish-stv.ts';
import type { MajorityBase } from './simple-methods.ts';
import { countApproval, countMajority, countPlurality } from './simple-methods.ts';
import type { BallotSet, CountResult, LotInput } from './types.ts';

export const COUNT_METHODS = [
  'scottish-stv',
  'meek',
  'plurality',
  'approval',
  'majority-runoff',
  'majority-rounds',
] as const;
export type CountMethod = (typeof COUNT_METHODS)[number];

export function isCountMethod(x: string): x is CountMethod {
  return (COUNT_METHODS as readonly string[]).includes(x);
}

export interface CountOptions {
  lot?: LotInput;
  /** approval: papers marking more than this many candidates are spoilt. */
  maxMarks?: number;
  /** majority-*: the base and its count (members present, established number). */
  base?: MajorityBase;
  baseCount?: number;
}

/**
 * Counts `input` by `method` for `seats` seats.
 * @example countBallots('plurality', { candidates: ['A'], ballots: [{ ranking: [0], weight: 1 }] }, 1).elected // [0]
 */
export function countBallots(
  method: CountMethod,
  input: BallotSet,
  seats: number,
  options: CountOptions = {},
): CountResult {
  const lot = options.lot ? { lot: options.lot } : {};
  switch (method) {
    case 'scottish-stv':
      return countScottishStv(input, seats, lot);
    case 'meek':
      return countMeekStv(input, seats, lot);
    case 'plurality':
      return countPlurality(input, seats, lot);
    case 'approval':
      return countApproval(input, seats, {
        ...lot,
        ...(options.maxMarks !== undefined ? { maxMarks: options.maxMarks } : {}),
      });
    case 'majority-runoff':
    case 'majority-rounds':
      if (seats !== 1) throw new DomainError('election_invalid', `${method} fills one seat, not ${seats}`);
      return countMajority(input, {
        ...lot,
        base: options.base ?? 'cast',
        ...(options.baseCount !== undefined ? { baseCount: options.baseCount } : {}),
        after: method === 'majority-runoff' ? 'runoff' : 'drop_last',
      });
  }
}
