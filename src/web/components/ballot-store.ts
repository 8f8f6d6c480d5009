// The member's ballot in flight, kept in sessionStorage per vote only until the server answers:
// the id this device made for it and the choice, which a retry after a reload needs. A retry —
// after a dropped response, or a reload of the page — sends the same clientBallotId, so the
// server answers with the ballot it already recorded and it is counted once. Once the server has
// answered (recorded or refused), the entry is removed: a shared tablet keeps no trace of how its
// last user voted (the page shows the receipt from the server, not from storage).
import type { BallotChoice } from '../../domain/ballots/commitment.ts';
import { BALLOT_REQUEST_BYTES, padJson } from '../../domain/wire/uniform-length.ts';

export interface StoredBallot {
  clientBallotId: string;
  choice: BallotChoice;
}

const PREFIX = 'quorate.ballot.';

function key(slug: string, voteId: number): string {
  return `${PREFIX}${slug}.${voteId}`;
}

/** 128 random bits as hex; crypto.getRandomValues works on plain-HTTP pages too (randomUUID does not). */
export function newClientBallotId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * What the page sends for a ballot: BALLOT_REQUEST_BYTES of JSON whatever the choice, so its
 * length through TLS does not tell it.
 */
export function ballotRequest(
  choice: BallotChoice,
  clientBallotId: string,
): { choice: BallotChoice; clientBallotId: string; pad: string } {
  return padJson({ choice, clientBallotId }, BALLOT_REQUEST_BYTES);
}

/** The ballot this device sent without an answer, if any. */
export function readStoredBallot(slug: string, voteId: number): StoredBallot | null {
  try {
    const raw = sessionStorage.getItem(key(slug, voteId));
    const parsed = raw ? (JSON.parse(raw) as Partial<StoredBallot> & { receipt?: unknown }) : null;
    // An entry an older page kept after its answer (with the receipt) is no ballot in flight.
    if (!parsed || parsed.receipt || typeof parsed.clientBallotId !== 'string' || typeof parsed.choice !== 'string')
      return null;
    return { clientBallotId: parsed.clientBallotId, choice: parsed.choice };
  } catch {
    return null;
  }
}

export function storeBallot(slug: string, voteId: number, ballot: StoredBallot): void {
  try {
    sessionStorage.setItem(
      key(slug, voteId),
      JSON.stringify({ clientBallotId: ballot.clientBallotId, choice: ballot.choice }),
    );
  } catch {
    // Private modes may refuse storage; the id still lives in memory for this page's retries.
  }
}

/** Forgets the ballot of a vote once the server has answered it. */
export function forgetBallot(slug: string, voteId: number): void {
  try {
    sessionStorage.removeItem(key(slug, voteId));
  } catch {
    // Nothing was stored.
  }
}

/** Forgets every ballot kept for this body except the one of `keepVoteId` (still in flight, maybe). */
export function forgetOtherBallots(slug: string, keepVoteId: number | null): void {
  try {
    const mine = `${PREFIX}${slug}.`;
    const keep = keepVoteId === null ? null : key(slug, keepVoteId);
    for (const k of Object.keys(sessionStorage)) if (k.startsWith(mine) && k !== keep) sessionStorage.removeItem(k);
  } catch {
    // Storage refused: nothing kept.
  }
}
