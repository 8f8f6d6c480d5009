// Which ballots of a batch count, and what that writes (DESIGN.md, "Ballot receipts"). The service loads
// the ballot box — the votes, seats, presence, ballots and turnout the batch touches — calls
// decideBallots, then writes what it returns in the same transaction. Ballots are judged in
// arrival order, so two ballots of one member in one batch behave as they would one after the
// other; a refused ballot writes nothing and never fails the others.
import { ballotCommitment, isBallotChoice, type BallotChoice } from '../ballots/commitment.ts';
import type { JsonValue } from '../entries/record-entry.ts';
import { refusal, type Refusal } from './refusal.ts';
import { isDeviceMethod } from './vote-methods.ts';

export interface BallotAsked {
  voteId: number;
  /** The account casting it (already authorised to cast in this body). */
  userId: number;
  choice: BallotChoice;
  clientBallotId: string | null;
}

export interface BallotReceipt {
  vote: number;
  member: number;
  entryIndex: number;
  /** Named votes: H(choice ‖ salt) and the salt to keep. Absent for secret votes. */
  commitment?: string;
  salt?: string;
  choice?: BallotChoice;
  revision?: number;
  /** True when this answers a retry of a ballot already recorded. */
  replay: boolean;
}

export type BallotOutcome = { ok: true; receipt: BallotReceipt } | { ok: false; refusal: Refusal };

/** A named ballot as stored: the member's choice, its commitment and salt. */
export interface NamedBallot {
  voteId: number;
  memberId: number;
  choice: BallotChoice;
  salt: string;
  commitment: string;
  clientBallotId: string | null;
  revision: number;
  entryIndex: number;
  castBy: number | null;
}

/** That a member took part in a secret vote — never how. */
export interface TurnoutMark {
  voteId: number;
  memberId: number;
  clientBallotId: string | null;
  entryIndex: number;
}

/** What the service loaded for a batch; maps keyed by `ballotKey(vote, member)`. */
export interface BallotBox {
  votes: ReadonlyMap<number, { id: number; status: string; method: string }>;
  /** The seat each casting account holds now. */
  seatOf: ReadonlyMap<number, number>;
  /** Members recorded present when the vote opened, with their recusal. */
  presence: ReadonlyMap<string, boolean>;
  ballots: ReadonlyMap<string, NamedBallot>;
  turnout: ReadonlyMap<string, TurnoutMark>;
}

export interface BallotEntry {
  type: 'ballot.received' | 'ballot.secret_received';
  data: { [key: string]: JsonValue };
}

/** The writes, in order; entry k gets index `firstIndex + k`. */
export interface BallotDecision {
  outcomes: BallotOutcome[];
  entries: BallotEntry[];
  newBallots: NamedBallot[];
  changedBallots: NamedBallot[];
  newTurnout: TurnoutMark[];
  /** Secret votes: how much each running total moves. */
  tallies: Map<number, { yes: number; no: number; abstain: number }>;
}

export interface BallotOptions {
  /** Whether the body lets a member change a named ballot while the vote is open. */
  allowChange: boolean;
  /** Index of the next entry the transaction records. */
  firstIndex: number;
  /** A fresh random salt, lower-case hex (called once per named ballot accepted). */
  newSalt: () => string;
  hash: (bytes: Uint8Array) => Uint8Array;
}

const CLIENT_BALLOT_ID = /^[A-Za-z0-9_-]{8,64}$/;

export const ballotKey = (voteId: number, memberId: number) => `${voteId}/${memberId}`;

/**
 * The checks that need nothing loaded: a choice the ballot knows and a well-formed device id.
 * @example checkBallotRequest('maybe', null) // { kind: 'invalid', code: 'invalid_choice', … }
 */
export function checkBallotRequest(choice: unknown, clientBallotId: string | null | undefined): Refusal | null {
  if (!isBallotChoice(choice)) return refusal('invalid', 'invalid_choice', 'a ballot is yes, no or abstain');
  if (clientBallotId != null && !CLIENT_BALLOT_ID.test(clientBallotId)) {
    return refusal('invalid', 'invalid_client_ballot_id', 'clientBallotId is 8–64 letters, digits, "-" or "_"');
  }
  return null;
}

/**
 * Judges each ballot of a batch against the ballot box, in order, and says what to write.
 * @example decideBallots([{ voteId: 1, userId: 7, choice: 'yes', clientBallotId: null }], box, options)
 *   // { outcomes: [{ ok: true, receipt: { vote: 1, member: 3, entryIndex: 40, … } }], entries: [ … ], … }
 */
export function decideBallots(asked: readonly BallotAsked[], box: BallotBox, options: BallotOptions): BallotDecision {
  const state = new BatchState(box, options);
  const outcomes = asked.map((a) => state.judge(a));
  return { ...state.writes(), outcomes };
}

class BatchState {
  readonly #entries: BallotEntry[] = [];
  readonly #newTurnout: TurnoutMark[] = [];
  readonly #tallies = new Map<number, { yes: number; no: number; abstain: number }>();
  // The batch's own ballots and turnout marks shadow those loaded.
  readonly #ballots = new Map<string, NamedBallot>();
  readonly #turnout = new Map<string, TurnoutMark>();
  // Each ballot once, in its latest form: inserted when first cast in this batch, else updated.
  readonly #inserts = new Map<string, NamedBallot>();
  readonly #updates = new Map<string, NamedBallot>();

  constructor(
    private readonly box: BallotBox,
    private readonly options: BallotOptions,
  ) {}

  judge(a: BallotAsked): BallotOutcome {
    const vote = this.box.votes.get(a.voteId);
    if (!vote) return refused('not_found', 'vote_not_found', `vote ${a.voteId} was not found`);
    const member = this.box.seatOf.get(a.userId);
    if (member === undefined) return refused('conflict', 'not_a_member', 'you do not hold a seat in this body');
    const k = ballotKey(vote.id, member);
    const secret = vote.method === 'secret_electronic';
    // A retry of a ballot already recorded gets its stored answer, even after the vote closed.
    const replay = a.clientBallotId ? this.#replay(k, secret, a.clientBallotId) : null;
    if (replay) return { ok: true, receipt: replay };
    if (vote.status !== 'open') return refused('conflict', 'vote_closed', 'the vote is closed');
    if (!isDeviceMethod(vote.method))
      return refused('conflict', 'not_a_device_vote', "this vote is not cast from members' devices");
    const recused = this.box.presence.get(k);
    if (recused === undefined)
      return refused('conflict', 'not_present', 'you were not recorded as present when the vote opened');
    if (recused) return refused('conflict', 'recused', 'you are recused from this vote');
    return secret ? this.#secret(a, k, member) : this.#named(a, k, member);
  }

  writes(): Omit<BallotDecision, 'outcomes'> {
    return {
      entries: this.#entries,
      newBallots: [...this.#inserts.values()],
      changedBallots: [...this.#updates.values()],
      newTurnout: this.#newTurnout,
      tallies: this.#tallies,
    };
  }

  #ballot(k: string) {
    return this.#ballots.get(k) ?? this.box.ballots.get(k);
  }

  #mark(k: string) {
    return this.#turnout.get(k) ?? this.box.turnout.get(k);
  }

  #replay(k: string, secret: boolean, clientBallotId: string): BallotReceipt | null {
    if (secret) {
      const t = this.#mark(k);
      if (!t || t.clientBallotId !== clientBallotId) return null;
      return { vote: t.voteId, member: t.memberId, entryIndex: t.entryIndex, replay: true };
    }
    const b = this.#ballot(k);
    if (!b || b.clientBallotId !== clientBallotId) return null;
    const { voteId: vote, memberId: member, entryIndex, commitment, salt, revision } = b;
    return { vote, member, entryIndex, commitment, salt, choice: b.choice, revision, replay: true };
  }

  #record(entry: BallotEntry): number {
    this.#entries.push(entry);
    return this.options.firstIndex + this.#entries.length - 1;
  }

  #secret(a: BallotAsked, k: string, member: number): BallotOutcome {
    if (this.#mark(k))
      return refused('conflict', 'already_voted', 'you have already voted; a secret ballot cannot be changed');
    const entryIndex = this.#record({ type: 'ballot.secret_received', data: { vote: a.voteId, member } });
    const mark = { voteId: a.voteId, memberId: member, clientBallotId: a.clientBallotId, entryIndex };
    this.#turnout.set(k, mark);
    this.#newTurnout.push(mark);
    // Only a total moves: nothing links the member to the choice.
    const tally = this.#tallies.get(a.voteId) ?? { yes: 0, no: 0, abstain: 0 };
    tally[a.choice]++;
    this.#tallies.set(a.voteId, tally);
    return { ok: true, receipt: { vote: a.voteId, member, entryIndex, replay: false } };
  }

  #named(a: BallotAsked, k: string, member: number): BallotOutcome {
    const previous = this.#ballot(k);
    if (previous && !this.options.allowChange)
      return refused('conflict', 'already_voted', 'you have already voted in this vote');
    const salt = this.options.newSalt();
    const commitment = ballotCommitment(this.options.hash, a.choice, salt);
    const revision = (previous?.revision ?? 0) + 1;
    const replaces = previous ? previous.entryIndex : null;
    const entryIndex = this.#record({
      type: 'ballot.received',
      data: { vote: a.voteId, member, commitment, replaces },
    });
    // The account that cast it stays with the ballot (never in the log: the seat's link to the
    // account is there already, and cannot change while the vote is open).
    const ballot: NamedBallot = {
      voteId: a.voteId,
      memberId: member,
      choice: a.choice,
      salt,
      commitment,
      clientBallotId: a.clientBallotId,
      revision,
      entryIndex,
      castBy: a.userId,
    };
    this.#ballots.set(k, ballot);
    if (!previous || this.#inserts.has(k)) this.#inserts.set(k, ballot);
    else this.#updates.set(k, ballot);
    return {
      ok: true,
      receipt: { vote: a.voteId, member, entryIndex, commitment, salt, choice: a.choice, revision, replay: false },
    };
  }
}

function refused(kind: Refusal['kind'], code: string, message: string): BallotOutcome {
  return { ok: false, refusal: refusal(kind, code, message) };
}
