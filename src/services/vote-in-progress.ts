// Whether a vote is still in progress — open for ballots, or tied and awaiting the chair's casting
// vote. One question asked by several use cases (opening another vote, closing a sitting, linking
// a seat, adopting a corrected preset), so a new status is added in one place.
import type { Executor } from '../db/dialects/quorate-dialect.ts';

export const VOTE_IN_PROGRESS = ['open', 'tied'] as const;

/** The first vote in progress in the body (or in one of its sittings), or undefined. */
export async function voteInProgress(
  db: Executor,
  bodyId: number,
  sittingId?: number,
): Promise<{ id: number } | undefined> {
  let q = db
    .selectFrom('votes')
    .select('id')
    .where('body_id', '=', bodyId)
    .where('status', 'in', [...VOTE_IN_PROGRESS]);
  if (sittingId !== undefined) q = q.where('sitting_id', '=', sittingId);
  return q.executeTakeFirst();
}
