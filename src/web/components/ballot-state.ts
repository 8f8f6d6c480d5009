// The member's ballot page as a state machine: every change the page makes — a live entry, a
// choice, a ballot sent, answered, refused or given up on, the presence attestation, the receipt
// check after the close — is one action, and `ballotReducer` (pure) says what the page then shows.
import type { BallotChoice } from '../../domain/ballots/commitment.ts';
import { isDeviceMethod } from '../../domain/votes/vote-methods.ts';
import type { BallotBoot, BallotReceiptView, Entitlement, LiveEntry } from './live-types.ts';
import type { ReceiptVerdict } from './receipt-check.ts';

export type Verdict = ReceiptVerdict | 'checking' | 'unavailable';

export interface BallotState {
  me: BallotBoot['me'];
  entitlement: Entitlement | null;
  myBallot: BallotReceiptView | null;
  selected: BallotChoice | null;
  /** A ballot on its way: the choice, and which attempt (retries keep the same id). */
  sending: { choice: BallotChoice; attempt: number } | null;
  /** The member asked to change a ballot already recorded. */
  changing: boolean;
  message: string | null;
  attesting: boolean;
  verdict: Verdict | null;
  /** The page's script runs (before that, the server-rendered form stays disabled). */
  hydrated: boolean;
}

export type BallotAction =
  | { type: 'hydrated' }
  | { type: 'entry'; entry: LiveEntry }
  | { type: 'select'; choice: BallotChoice }
  | { type: 'change' }
  | { type: 'send'; choice: BallotChoice; attempt: number }
  | { type: 'recorded'; receipt: BallotReceiptView }
  | { type: 'refused'; message: string }
  | { type: 'attest' }
  | { type: 'attested' }
  | { type: 'attest_refused'; message: string }
  | { type: 'verdict'; verdict: Verdict };

/** Who may cast in a vote just opened, from the vote.opened entry (present members, recusals). */
export function entitlementFromOpening(data: Record<string, unknown>, memberId: number): Entitlement {
  if (!isDeviceMethod(data.method)) return 'not_device';
  if (Array.isArray(data.recused) && data.recused.includes(memberId)) return 'recused';
  if (!Array.isArray(data.presentMembers) || !data.presentMembers.includes(memberId)) return 'not_present';
  return 'entitled';
}

/** The page as the server rendered it. */
export function initialBallotState(boot: Pick<BallotBoot, 'me' | 'entitlement' | 'myBallot'>): BallotState {
  return {
    me: boot.me,
    entitlement: boot.entitlement,
    myBallot: boot.myBallot,
    selected: null,
    sending: null,
    changing: false,
    message: null,
    attesting: false,
    verdict: null,
    hydrated: false,
  };
}

/** A live entry: my attendance as marked or attested, or a new vote (which starts the page afresh). */
function onEntry(state: BallotState, entry: LiveEntry): BallotState {
  const d = entry.data;
  const me = state.me;
  if ((entry.type === 'attendance.marked' || entry.type === 'attendance.attested') && d.member === me.memberId) {
    const status = d.status as BallotState['me']['status'];
    const attested = entry.type === 'attendance.attested' ? true : status === 'present' ? me.attested : false;
    return { ...state, me: { ...me, status, attested } };
  }
  if (entry.type === 'vote.opened') {
    const entitlement = entitlementFromOpening(d, me.memberId);
    return { ...state, entitlement, myBallot: null, selected: null, changing: false, message: null, verdict: null };
  }
  return state;
}

/**
 * The next state of the page.
 * @example ballotReducer(state, { type: 'send', choice: 'yes', attempt: 2 }).sending // { choice: 'yes', attempt: 2 }
 */
export function ballotReducer(state: BallotState, action: BallotAction): BallotState {
  switch (action.type) {
    case 'hydrated':
      return { ...state, hydrated: true };
    case 'entry':
      return onEntry(state, action.entry);
    case 'select':
      return { ...state, selected: action.choice };
    case 'change':
      return { ...state, changing: true };
    case 'send':
      return {
        ...state,
        sending: { choice: action.choice, attempt: action.attempt },
        message: action.attempt === 1 ? null : state.message,
      };
    case 'recorded':
      return { ...state, myBallot: action.receipt, sending: null, changing: false, selected: null };
    case 'refused':
      return { ...state, sending: null, message: action.message };
    case 'attest':
      return { ...state, attesting: true, message: null };
    case 'attested':
      return { ...state, attesting: false, me: { ...state.me, status: 'present', attested: true } };
    case 'attest_refused':
      return { ...state, attesting: false, message: action.message };
    case 'verdict':
      return { ...state, verdict: action.verdict };
  }
}
