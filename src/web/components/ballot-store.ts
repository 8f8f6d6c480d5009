// The member's ballot in flight, kept in sessionStorage per vote: the id this device made for it
// and, once acknowledged, the receipt. A retry — after a dropped response, or a reload of the page
// — sends the same clientBallotId, so the server answers with the ballot it already recorded and
// it is counted once. A new id is made only for a new ballot (a change, where the body allows it).
import type { BallotChoice } from '../../domain/ballots/commitment.ts';
import type { BallotReceiptView } from './live-types.ts';

export interface StoredBallot {
  clientBallotId: string;
  choice: BallotChoice;
  receipt: BallotReceiptView | null;
}

function key(slug: string, voteId: number): string {
  return `quorate.ballot.${slug}.${voteId}`;
}

/** 128 random bits as hex; crypto.getRandomValues works on plain-HTTP pages too (randomUUID does not). */
export function newClientBallotId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function readStoredBallot(slug: string, voteId: number): StoredBallot | null {
  try {
    const raw = sessionStorage.getItem(key(slug, voteId));
    return raw ? (JSON.parse(raw) as StoredBallot) : null;
  } catch {
    return null;
  }
}

export function storeBallot(slug: string, voteId: number, ballot: StoredBallot): void {
  try {
    sessionStorage.setItem(key(slug, voteId), JSON.stringify(ballot));
  } catch {
    // Private modes may refuse storage; the id still lives in memory for this page's retries.
  }
}
