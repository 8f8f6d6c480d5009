// The full record of the current vote once it is closed (explanation, names, decision), fetched
// from the public JSON API when the live stream says it closed or a result was declared about it.
// Several entries of one transaction (vote.closed, decision.registered) cause one fetch.
import { useCallback, useRef, useState } from 'react';
import type { LiveEntry, VoteDetail } from './live-types.ts';
import { apiRequest, bodyApi } from './api-client.ts';

const REFRESHING = new Set(['vote.closed', 'decision.registered', 'result.declared', 'dispute.recorded']);

export function useVoteDetail(slug: string, initial: VoteDetail | null) {
  const [detail, setDetail] = useState<VoteDetail | null>(initial);
  const pending = useRef<number | null>(null);
  const load = useCallback(
    (voteId: number) => {
      if (pending.current === voteId) return;
      pending.current = voteId;
      setTimeout(() => {
        pending.current = null;
        apiRequest<VoteDetail>('GET', `${bodyApi(slug)}/votes/${voteId}`).then(
          (a) => setDetail(a.data),
          () => {
            // The outcome itself came with the live state; the detail is shown at the next event.
          },
        );
      }, 0);
    },
    [slug],
  );
  const onEntry = useCallback(
    (entry: LiveEntry) => {
      const vote = entry.state.vote;
      if (vote && vote.status === 'closed' && REFRESHING.has(entry.type)) load(vote.id);
    },
    [load],
  );
  return { detail, onEntry, load };
}
