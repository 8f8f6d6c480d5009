// The clerk's (and the chair's) console for a live sitting: open and close the sitting, the live
// quorum, the roster with one-key attendance, the agenda and motions, the vote in progress and its
// result, and corrections as linked facts. Every change arrives over the live stream (also the
// ones made here), and the console then re-reads its own data, so two consoles never disagree.
import { useCallback, useRef, useState } from 'react';
import type { BallotChoice } from '../../domain/ballots/commitment.ts';
import type { ConsoleBoot, ConsoleData, LiveEntry } from './live-types.ts';
import { useLive } from './live-env.tsx';
import { useLiveSitting } from './use-live-sitting.ts';
import { useVoteDetail } from './use-vote-detail.ts';
import { QuorumIndicator } from './quorum-indicator.tsx';
import { ConnectionStatus, NoScriptNote } from './connection-status.tsx';
import { ApiRefusal, apiRequest, bodyApi } from './api-client.ts';
import { refusalMessage } from './refusal-message.ts';
import { RosterPanel } from './roster-panel.tsx';
import { MotionsPanel, type Method } from './motions-panel.tsx';
import { VotePanel, type CloseRequest } from './vote-panel.tsx';
import { RecordPanel, type DeclareInput, type DisputeInput } from './record-panel.tsx';

export function consoleDataUrl(slug: string, sittingId: number): string {
  return `/${encodeURIComponent(slug)}/sittings/${sittingId}/console.json`;
}

export function ConsoleScreen({ boot }: { boot: ConsoleBoot }) {
  const { t, term } = useLive();
  const [data, setData] = useState<ConsoleData>(boot.data);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'done'; text: string } | null>(null);
  const [casting, setCasting] = useState<{ request: CloseRequest } | null>(null);
  const vd = useVoteDetail(boot.slug, boot.vote);
  const refresh = useRef<ReturnType<typeof setTimeout> | null>(null);
  const reload = useCallback(() => {
    if (refresh.current) return;
    refresh.current = setTimeout(() => {
      refresh.current = null;
      apiRequest<ConsoleData>('GET', consoleDataUrl(boot.slug, boot.sittingId)).then(
        (a) => setData(a.data),
        () => {
          // The next live event reloads again.
        },
      );
    }, 20);
  }, [boot.slug, boot.sittingId]);
  const onEntry = useCallback(
    (entry: LiveEntry) => {
      reload();
      if (entry.type === 'vote.opened' || entry.type === 'vote.closed') setCasting(null);
      vd.onEntry(entry);
    },
    [reload, vd.onEntry],
  );
  const { state, connection } = useLiveSitting(boot, onEntry);
  const api = bodyApi(boot.slug);
  const sittingApi = `${api}/sittings/${boot.sittingId}`;

  /** Sends a write; a refusal is shown in words and the result is false. */
  const act = async (method: string, url: string, body?: unknown, done?: string): Promise<boolean> => {
    setBusy(true);
    try {
      await apiRequest(method, url, body, boot.csrfToken);
      setMessage(done ? { kind: 'done', text: done } : null);
      return true;
    } catch (err) {
      setMessage({ kind: 'error', text: refusalMessage(t, err) });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const mark = (memberId: number, status: 'present' | 'absent' | 'excused') => {
    // Shown at once; the live stream confirms it (or the reload puts back what the record holds).
    setData((d) => ({
      ...d,
      roster: d.roster.map((r) =>
        r.memberId === memberId ? { ...r, status, attested: status === 'present' ? r.attested : false } : r,
      ),
    }));
    return act('PUT', `${sittingApi}/attendance/${memberId}`, { status }).then((ok) => {
      if (!ok) reload();
      return ok;
    });
  };
  const recordRollCall = (memberId: number, choice: BallotChoice) => {
    const voteId = state.vote?.id;
    if (!voteId) return Promise.resolve(false);
    setData((d) =>
      d.openVote
        ? { ...d, openVote: { ...d.openVote, rollCall: { ...d.openVote.rollCall, [String(memberId)]: choice } } }
        : d,
    );
    return act('PUT', `${api}/votes/${voteId}/roll-call/${memberId}`, { choice }).then((ok) => {
      if (!ok) reload();
      return ok;
    });
  };
  const openVote = (input: { motionId: number; method: Method; recused: number[] }) =>
    void act('POST', `${api}/votes`, input, t('console.vote_opened'));
  const closeVote = async (request: CloseRequest) => {
    const voteId = state.vote?.id;
    if (!voteId) return;
    setBusy(true);
    try {
      const answer = await apiRequest<{ status: 'closed' | 'tied' }>(
        'POST',
        `${api}/votes/${voteId}/close`,
        request,
        boot.csrfToken,
      );
      if (answer.data.status === 'tied') {
        // The ballot box has closed on a tie: the chair's casting vote decides.
        setCasting({ request });
        setMessage(null);
        return;
      }
      setCasting(null);
      setMessage({ kind: 'done', text: t('console.vote_closed') });
    } catch (err) {
      if (err instanceof ApiRefusal && err.code === 'casting_vote_required') {
        setCasting({ request });
        setMessage(null);
      } else setMessage({ kind: 'error', text: refusalMessage(t, err) });
    } finally {
      setBusy(false);
    }
  };
  const table = (input: { title: string; text: string; kind: string }) =>
    act('POST', `${api}/motions`, { sittingId: boot.sittingId, ...input }, t('console.motion_tabled'));
  const dispute = (input: DisputeInput) => act('POST', `${api}/disputes`, input, t('console.dispute_recorded'));
  const declare = (input: DeclareInput) =>
    act(
      'POST',
      `${api}/votes/${input.voteId}/declared-results`,
      { adopted: input.adopted, declaredBy: input.declaredBy, reason: input.reason },
      t('console.declared'),
    );

  const status = state.sitting.status;
  const vote = state.vote;
  return (
    <div className="live-screen console-screen">
      <h1>
        <span className="user-text">{state.sitting.title}</span>
      </h1>
      <p className="meta">
        {boot.bodyName} · {term('sitting_status', status)}
      </p>
      <ConnectionStatus connection={connection} />
      <NoScriptNote />
      <div className="button-row sitting-controls">
        {status === 'scheduled' ? (
          <button
            type="button"
            className="primary-button"
            disabled={busy}
            onClick={() => void act('POST', `${sittingApi}/open`, undefined, t('console.sitting_opened'))}
          >
            {t('console.open_sitting')}
          </button>
        ) : null}
        {status === 'open' && vote?.status !== 'open' && vote?.status !== 'tied' ? (
          <button
            type="button"
            className="secondary-button"
            disabled={busy}
            onClick={() => void act('POST', `${sittingApi}/close`, undefined, t('console.sitting_closed'))}
          >
            {t('console.close_sitting')}
          </button>
        ) : null}
        <a href={`/${encodeURIComponent(boot.slug)}/sittings/${boot.sittingId}/projector`}>
          {t('console.projector_link')}
        </a>
      </div>
      <div className="console-message" role="status" aria-live="polite">
        {message ? (
          <p className={message.kind === 'error' ? 'error-message' : 'done-message'}>
            {message.kind === 'error' ? <span aria-hidden="true">✗ </span> : <span aria-hidden="true">✓ </span>}
            {message.text}
          </p>
        ) : null}
      </div>
      <QuorumIndicator quorum={state.quorum} />
      {vote ? (
        <VotePanel
          vote={vote}
          detail={vd.detail}
          data={data}
          roster={data.roster}
          canRecord={boot.can.recordRollCall}
          busy={busy}
          casting={casting}
          onRecord={recordRollCall}
          onClose={(r) => void closeVote(r)}
          onCancelCasting={() => setCasting(null)}
        />
      ) : null}
      <RosterPanel roster={data.roster} canMark={boot.can.markAttendance} open={status === 'open'} onMark={mark} />
      <MotionsPanel
        data={data}
        voteOpen={vote?.status === 'open' || vote?.status === 'tied'}
        sittingOpen={status === 'open'}
        busy={busy}
        onOpenVote={openVote}
        onTable={table}
      />
      <RecordPanel
        sittingId={boot.sittingId}
        data={data}
        vote={vote}
        canDeclare={boot.can.declareResult}
        busy={busy}
        onDispute={dispute}
        onDeclare={declare}
      />
      <form method="post" action="/sign-out" className="sign-out">
        <input type="hidden" name="_csrf" value={boot.csrfToken} />
        <button type="submit" className="link-button">
          {t('live.sign_out')}
        </button>
      </form>
    </div>
  );
}
