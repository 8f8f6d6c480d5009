// Checking a ballot receipt against the vote's close entry (DESIGN.md, "Ballot receipts"): the
// close entry reveals each named ballot's (member, choice, salt); the receipt holds the
// commitment H(choice ‖ salt) that was logged while the vote was open. The receipt checks out when
// the entry reveals the receipt's own choice and salt for the member, and hashing them gives the
// receipt's commitment. The hash is injected (crypto.subtle in a browser, node:crypto in tests).
import { commitmentInput, isBallotChoice, type BallotChoice } from '../../domain/ballots/commitment.ts';

export type ReceiptVerdict =
  | { ok: true }
  | {
      ok: false;
      reason: 'not_a_close_entry' | 'ballot_not_revealed' | 'choice_differs' | 'salt_differs' | 'commitment_differs';
    };

export interface CheckableReceipt {
  choice: BallotChoice;
  salt: string;
  commitment: string;
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/**
 * Checks a receipt against the canonical JSON text of the vote's close entry.
 * @example await checkReceipt(receipt, memberId, closeEntryText, (d) => crypto.subtle.digest('SHA-256', d)) // { ok: true }
 */
export async function checkReceipt(
  receipt: CheckableReceipt,
  memberId: number,
  closeEntryText: string,
  sha256: (data: Uint8Array) => Promise<ArrayBuffer | Uint8Array>,
): Promise<ReceiptVerdict> {
  let entry: { type?: unknown; data?: { ballots?: unknown } };
  try {
    entry = JSON.parse(closeEntryText) as typeof entry;
  } catch {
    return { ok: false, reason: 'not_a_close_entry' };
  }
  // A large vote reveals its ballots in parts ('vote.ballots_revealed'), named by the close entry.
  if ((entry.type !== 'vote.closed' && entry.type !== 'vote.ballots_revealed') || !Array.isArray(entry.data?.ballots))
    return { ok: false, reason: 'not_a_close_entry' };
  const revealed = (entry.data.ballots as Array<{ member?: unknown; choice?: unknown; salt?: unknown }>).find(
    (b) => b.member === memberId,
  );
  if (!revealed || !isBallotChoice(revealed.choice) || typeof revealed.salt !== 'string')
    return { ok: false, reason: 'ballot_not_revealed' };
  if (revealed.choice !== receipt.choice) return { ok: false, reason: 'choice_differs' };
  if (revealed.salt !== receipt.salt) return { ok: false, reason: 'salt_differs' };
  const digest = await sha256(commitmentInput(revealed.choice, revealed.salt));
  if (hex(new Uint8Array(digest)) !== receipt.commitment) return { ok: false, reason: 'commitment_differs' };
  return { ok: true };
}
