// What a request to close a vote may bring, checked before anything is counted: while a vote is
// open, no refusal may depend on (or state) its running count.
import { DomainError } from '../errors.ts';
import { normalizeRegisterNumber } from '../decisions/register-number.ts';
import { refusal, type Refusal } from './refusal.ts';

export interface CloseVoteInput {
  /** Show of hands and paper ballots: the totals the clerk counted. */
  totals?: { yes: number; no: number; abstain: number; blank?: number; invalid?: number } | null;
  /** The chair's casting vote on a tie, where the rules give one. */
  castingVote?: 'yes' | 'no' | null;
  /** Register number for a historical record; null = not known. Live decisions are numbered. */
  registerNumber?: string | null;
}

export interface EnteredTotals {
  yes: number;
  no: number;
  abstain: number;
  blank: number | null;
  invalid: number | null;
}

export interface CloseRequest {
  totals: EnteredTotals | null;
  castingVote: 'yes' | 'no' | null;
  registerNumber: string | null;
}

export type CheckedClose = { ok: true; request: CloseRequest } | { ok: false; refusal: Refusal };

const TOTALS_REQUIRED = 'enter the counted totals: yes, no and abstain as whole numbers';

function wholeCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function checkTotals(t: NonNullable<CloseVoteInput['totals']>): EnteredTotals | Refusal {
  if (!wholeCount(t.yes) || !wholeCount(t.no) || !wholeCount(t.abstain))
    return refusal('invalid', 'totals_required', TOTALS_REQUIRED);
  if ((t.blank != null && !wholeCount(t.blank)) || (t.invalid != null && !wholeCount(t.invalid)))
    return refusal('invalid', 'invalid_totals', 'blank and invalid ballots are whole numbers');
  return { yes: t.yes, no: t.no, abstain: t.abstain, blank: t.blank ?? null, invalid: t.invalid ?? null };
}

/**
 * Checks a close request's own fields (the JSON a client sent, so anything may be there).
 * @example checkCloseRequest({ castingVote: 'maybe' as never })
 *   // { ok: false, refusal: { kind: 'invalid', code: 'invalid_casting_vote', … } }
 */
export function checkCloseRequest(input: CloseVoteInput): CheckedClose {
  const castingVote = input.castingVote ?? null;
  if (castingVote !== null && castingVote !== 'yes' && castingVote !== 'no')
    return { ok: false, refusal: refusal('invalid', 'invalid_casting_vote', 'a casting vote is yes or no') };
  let registerNumber: string | null = null;
  if (input.registerNumber != null) {
    try {
      registerNumber = normalizeRegisterNumber(input.registerNumber);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return { ok: false, refusal: refusal('invalid', err.code, err.message) };
    }
  }
  const totals = input.totals == null ? null : checkTotals(input.totals);
  if (totals && 'code' in totals) return { ok: false, refusal: totals };
  return { ok: true, request: { totals, castingVote, registerNumber } };
}

export { TOTALS_REQUIRED };
