// Sending a ballot, and again after a reload. A ballot carries an id this device made; when no
// answer comes back it is sent again with the same id, so the server counts it once. Through TLS
// a ballot's length would tell its choice, so every ballot request is padded to one size. The
// choice waits in sessionStorage only until the server answers.
import { type Dispatch, useCallback, useEffect, useRef } from 'react';
import type { BallotChoice } from '../../domain/ballots/commitment.ts';
import type { BallotBoot, BallotReceiptView } from './live-types.ts';
import type { BallotAction } from './ballot-state.ts';
import { useLive } from './live-env.tsx';
import { ApiRefusal, apiRequest, bodyApi } from './api-client.ts';
import { refusalMessage } from './refusal-message.ts';
import {
  ballotRequest,
  forgetBallot,
  forgetOtherBallots,
  newClientBallotId,
  readStoredBallot,
  storeBallot,
} from './ballot-store.ts';

const MAX_ATTEMPTS = 8;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Send = (voteId: number, choice: BallotChoice, clientBallotId: string) => Promise<void>;

/**
 * `cast(vote, choice)` sends a ballot (reusing the id of an unanswered one with the same choice);
 * `onRecorded` runs once the server has answered with the receipt.
 */
export function useBallotSending(boot: BallotBoot, dispatch: Dispatch<BallotAction>, onRecorded: () => void) {
  const { t } = useLive();
  // The latest translations and callback, read when an answer comes, without restarting anything.
  const latest = useRef({ t, onRecorded });
  latest.current = { t, onRecorded };
  const { slug, csrfToken } = boot;
  const send: Send = useCallback(
    async (voteId, choice, clientBallotId) => {
      storeBallot(slug, voteId, { clientBallotId, choice });
      const request = ballotRequest(choice, clientBallotId);
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        dispatch({ type: 'send', choice, attempt });
        try {
          const path = `${bodyApi(slug)}/votes/${voteId}/ballots`;
          const answer = await apiRequest<BallotReceiptView & { pad?: string }>('POST', path, request, csrfToken);
          forgetBallot(slug, voteId);
          const { pad: _pad, ...receipt } = answer.data;
          dispatch({ type: 'recorded', receipt });
          latest.current.onRecorded();
          return;
        } catch (err) {
          if (err instanceof ApiRefusal) {
            forgetBallot(slug, voteId);
            dispatch({ type: 'refused', message: refusalMessage(latest.current.t, err) });
            return;
          }
          // No answer: the server may have recorded the ballot. The same id makes the retry safe.
          if (attempt < MAX_ATTEMPTS) await sleep(Math.min(400 * 2 ** (attempt - 1), 5000));
        }
      }
      dispatch({ type: 'refused', message: latest.current.t('live.error.network') });
    },
    [slug, csrfToken, dispatch],
  );
  useResendAfterReload(boot, send);
  return useCallback(
    (voteId: number, choice: BallotChoice) => {
      const stored = readStoredBallot(slug, voteId);
      // The id of an unanswered ballot is reused only for the same choice; anything else is a new ballot.
      const id = stored && stored.choice === choice ? stored.clientBallotId : newClientBallotId();
      void send(voteId, choice, id);
    },
    [slug, send],
  );
}

/** After a reload: a ballot this device sent without hearing back is sent again, same id. */
function useResendAfterReload(boot: BallotBoot, send: Send) {
  // `boot` is the page's boot data and `send` depends only on it: this runs once.
  useEffect(() => {
    const v = boot.state.vote;
    forgetOtherBallots(boot.slug, v?.status === 'open' ? v.id : null);
    if (v?.status !== 'open') return;
    if (boot.myBallot || boot.entitlement !== 'entitled') {
      // The server has the ballot (or will take none from this member): nothing is in flight.
      forgetBallot(boot.slug, v.id);
      return;
    }
    const stored = readStoredBallot(boot.slug, v.id);
    if (stored) void send(v.id, stored.choice, stored.clientBallotId);
  }, [boot, send]);
}
