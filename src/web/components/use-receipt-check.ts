// After the close, the member's device checks its receipt against the close entry (or, for a
// large vote, against the parts the close entry names): the record holds the ballot it was told.
import { type Dispatch, useEffect } from 'react';
import type { BallotReceiptView, VoteDetail } from './live-types.ts';
import type { BallotAction } from './ballot-state.ts';
import { checkReceipt, type ReceiptVerdict } from './receipt-check.ts';

async function checkAgainstLog(
  base: string,
  closeEntry: number,
  memberId: number,
  receipt: { choice: NonNullable<BallotReceiptView['choice']>; salt: string; commitment: string },
): Promise<ReceiptVerdict> {
  const digest = (data: Uint8Array) => crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
  const entryText = (index: number) => fetch(`${base}/entries/${index}`).then((r) => r.text());
  const closeText = await entryText(closeEntry);
  const parts = (JSON.parse(closeText) as { data?: { revealedIn?: number[] } }).data?.revealedIn;
  if (!Array.isArray(parts)) return checkReceipt(receipt, memberId, closeText, digest);
  let verdict: ReceiptVerdict = { ok: false, reason: 'ballot_not_revealed' };
  for (const index of parts) {
    verdict = await checkReceipt(receipt, memberId, await entryText(index), digest);
    if (verdict.ok || verdict.reason !== 'ballot_not_revealed') break;
  }
  return verdict;
}

/** Checks `myBallot` once the detail of vote `voteId` says it closed. */
export function useReceiptCheck(
  dispatch: Dispatch<BallotAction>,
  at: { base: string; memberId: number; voteId: number | null; detail: VoteDetail | null },
  myBallot: BallotReceiptView | null,
) {
  const { base, memberId, voteId, detail } = at;
  useEffect(() => {
    if (!detail || detail.id !== voteId || detail.status !== 'closed' || detail.closeEntry === null) return;
    if (!myBallot?.commitment || !myBallot.salt || !myBallot.choice) return;
    if (!globalThis.crypto?.subtle) {
      dispatch({ type: 'verdict', verdict: 'unavailable' });
      return;
    }
    dispatch({ type: 'verdict', verdict: 'checking' });
    const receipt = { choice: myBallot.choice, salt: myBallot.salt, commitment: myBallot.commitment };
    checkAgainstLog(base, detail.closeEntry, memberId, receipt).then(
      (verdict) => dispatch({ type: 'verdict', verdict }),
      () => dispatch({ type: 'verdict', verdict: 'unavailable' }),
    );
  }, [dispatch, base, memberId, voteId, detail, myBallot]);
}
