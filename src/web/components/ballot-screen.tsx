// The member's page, phone first: attest "I am present"; in a vote cast from members' devices,
// choose For / Against / Abstain in large targets and cast; then a clear confirmation of what the
// record holds, with the receipt and its salt to keep. When the member cannot vote the page says
// why (absent when the vote opened, recused, not a device vote, closed). Sending (with retries
// under one id, padded requests) is in use-ballot-sending.ts; the checks of the receipt after the
// close in use-receipt-check.ts; what the page shows after each event in ballot-state.ts.
import { type Dispatch, type ReactNode, type Ref, useCallback, useEffect, useReducer, useRef } from 'react';
import { BALLOT_CHOICES } from '../../domain/ballots/commitment.ts';
import type { BallotBoot, BallotReceiptView, LiveEntry, LiveState } from './live-types.ts';
import { MemberLabel, useLive } from './live-env.tsx';
import { useLiveSitting } from './use-live-sitting.ts';
import { useVoteDetail } from './use-vote-detail.ts';
import { QuorumIndicator } from './quorum-indicator.tsx';
import { Turnout } from './turnout.tsx';
import { VoteResult } from './vote-result.tsx';
import { ConnectionStatus, NoScriptNote } from './connection-status.tsx';
import { apiRequest, bodyApi } from './api-client.ts';
import { refusalMessage } from './refusal-message.ts';
import { forgetOtherBallots } from './ballot-store.ts';
import {
  type BallotAction,
  type BallotState,
  type Verdict,
  ballotReducer,
  initialBallotState,
} from './ballot-state.ts';
import { useBallotSending } from './use-ballot-sending.ts';
import { useReceiptCheck } from './use-receipt-check.ts';

function ReceiptBox({ receipt, secret }: { receipt: BallotReceiptView; secret: boolean }) {
  const { t, term } = useLive();
  if (secret || !receipt.commitment) {
    return <p>{t('ballot.secret_recorded', { index: receipt.entryIndex })}</p>;
  }
  return (
    <div className="receipt">
      <p className="receipt-choice" data-choice={receipt.choice}>
        {t('ballot.recorded_as', { choice: term('choice', receipt.choice ?? '') })}
      </p>
      <p>{t('ballot.keep_receipt')}</p>
      <dl className="receipt-fields">
        <dt>{t('ballot.receipt_entry')}</dt>
        <dd data-field="entry">{receipt.entryIndex}</dd>
        <dt>{t('ballot.receipt_commitment')}</dt>
        <dd>
          <code data-field="commitment">{receipt.commitment}</code>
        </dd>
        <dt>{t('ballot.receipt_salt')}</dt>
        <dd>
          <code data-field="salt">{receipt.salt}</code>
        </dd>
      </dl>
    </div>
  );
}

function VerdictLine({ verdict }: { verdict: Verdict }) {
  const { t } = useLive();
  if (verdict === 'checking') return <p role="status">{t('ballot.checking')}</p>;
  if (verdict === 'unavailable') return <p role="status">{t('ballot.check_unavailable')}</p>;
  return (
    <p
      role="status"
      className={`receipt-verdict ${verdict.ok ? 'is-ok' : 'is-bad'}`}
      data-verified={String(verdict.ok)}
    >
      <span aria-hidden="true">{verdict.ok ? '✓ ' : '✗ '}</span>
      {verdict.ok ? t('ballot.check_ok') : t(`ballot.check_failed.${verdict.reason}`)}
    </p>
  );
}

type OpenVote = NonNullable<LiveState['vote']>;

function PresencePanel(props: { state: BallotState; sitting: LiveState['sitting']; onAttest: () => void }) {
  const { t } = useLive();
  const { me, hydrated, attesting } = props.state;
  let body: ReactNode;
  if (me.status === 'present' && me.attested) {
    body = (
      <p className="presence-attested" data-attested="true">
        <span aria-hidden="true">✓ </span>
        {t('ballot.attested')}
      </p>
    );
  } else if (props.sitting.status !== 'open') {
    body = <p>{t(props.sitting.status === 'closed' ? 'ballot.sitting_closed' : 'ballot.sitting_not_open')}</p>;
  } else {
    body = (
      <>
        {me.status === 'present' ? <p>{t('ballot.marked_by_clerk')}</p> : null}
        <button
          type="button"
          className="big-button attest-button"
          onClick={props.onAttest}
          disabled={!hydrated || attesting}
        >
          {t('ballot.i_am_present')}
        </button>
      </>
    );
  }
  return (
    <section aria-labelledby="ballot-presence" className="panel">
      <h2 id="ballot-presence">{t('ballot.presence_heading')}</h2>
      {body}
    </section>
  );
}

function Confirmation(props: {
  receipt: BallotReceiptView;
  secret: boolean;
  canChange: boolean;
  heading: Ref<HTMLHeadingElement>;
  onChange: () => void;
}) {
  const { t } = useLive();
  return (
    <div className="confirmation">
      <h3 ref={props.heading} tabIndex={-1}>
        {t('ballot.confirmed_heading')}
      </h3>
      <ReceiptBox receipt={props.receipt} secret={props.secret} />
      {props.secret ? (
        <p>{t('ballot.secret_no_change')}</p>
      ) : props.canChange ? (
        <button type="button" className="secondary-button" onClick={props.onChange}>
          {t('ballot.change')}
        </button>
      ) : (
        <p>{t('ballot.no_change')}</p>
      )}
    </div>
  );
}

function BallotForm(props: {
  state: BallotState;
  secret: boolean;
  dispatch: Dispatch<BallotAction>;
  onCast: (choice: NonNullable<BallotState['selected']>) => void;
}) {
  const { t, term } = useLive();
  const { selected, sending, hydrated } = props.state;
  return (
    <form
      className="ballot-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (selected) props.onCast(selected);
      }}
    >
      <fieldset disabled={!hydrated || sending !== null}>
        <legend>{t('ballot.choose')}</legend>
        {props.secret ? <p className="meta">{t('ballot.secret_explain')}</p> : null}
        <div className="choices">
          {BALLOT_CHOICES.map((c) => (
            <label key={c} className={`choice choice-${c}${selected === c ? ' is-selected' : ''}`}>
              <input
                type="radio"
                name="choice"
                value={c}
                checked={selected === c}
                onChange={() => props.dispatch({ type: 'select', choice: c })}
              />
              <span>{term('choice', c)}</span>
            </label>
          ))}
        </div>
        <button type="submit" className="big-button cast-button" disabled={!selected}>
          {selected ? t('ballot.cast_choice', { choice: term('choice', selected) }) : t('ballot.cast')}
        </button>
      </fieldset>
      {sending ? (
        <p role="status">
          {sending.attempt > 1 ? t('ballot.retrying', { attempt: sending.attempt }) : t('ballot.sending')}
        </p>
      ) : null}
    </form>
  );
}

/** An open vote: why this member cannot cast, or the confirmation, or the ballot form. */
function OpenVotePanel(props: {
  vote: OpenVote;
  state: BallotState;
  canChange: boolean;
  heading: Ref<HTMLHeadingElement>;
  dispatch: Dispatch<BallotAction>;
  onCast: (choice: NonNullable<BallotState['selected']>) => void;
}) {
  const { t, term } = useLive();
  const { vote, state, dispatch } = props;
  const { entitlement, myBallot, changing } = state;
  const secret = vote.method === 'secret_electronic';
  return (
    <>
      {entitlement === 'not_device' ? (
        <p className="honest">{t('ballot.not_device', { method: term('method', vote.method) })}</p>
      ) : null}
      {entitlement === 'not_present' ? <p className="honest">{t('ballot.not_present')}</p> : null}
      {entitlement === 'recused' ? <p className="honest">{t('ballot.recused')}</p> : null}
      {entitlement === 'entitled' && myBallot && !changing ? (
        <Confirmation
          receipt={myBallot}
          secret={secret}
          canChange={props.canChange}
          heading={props.heading}
          onChange={() => dispatch({ type: 'change' })}
        />
      ) : null}
      {entitlement === 'entitled' && (!myBallot || changing) ? (
        <BallotForm state={state} secret={secret} dispatch={dispatch} onCast={props.onCast} />
      ) : null}
      <Turnout vote={vote} />
    </>
  );
}

export function BallotScreen({ boot }: { boot: BallotBoot }) {
  const { t, term } = useLive();
  const [ui, dispatch] = useReducer(ballotReducer, boot, initialBallotState);
  const confirmation = useRef<HTMLHeadingElement>(null);
  const vd = useVoteDetail(boot.slug, boot.vote);
  const voteDetailOnEntry = vd.onEntry;
  const onEntry = useCallback(
    (entry: LiveEntry) => {
      if (entry.type === 'vote.opened')
        forgetOtherBallots(boot.slug, typeof entry.data.vote === 'number' ? entry.data.vote : null);
      dispatch({ type: 'entry', entry });
      voteDetailOnEntry(entry);
    },
    [boot.slug, voteDetailOnEntry],
  );
  const { state, connection } = useLiveSitting(boot, onEntry);
  const vote = state.vote;
  const base = bodyApi(boot.slug);
  useEffect(() => dispatch({ type: 'hydrated' }), []);
  const cast = useBallotSending(boot, dispatch, () => setTimeout(() => confirmation.current?.focus(), 0));
  useReceiptCheck(
    dispatch,
    { base, memberId: boot.me.memberId, voteId: vote?.id ?? null, detail: vd.detail },
    ui.myBallot,
  );

  const attest = async () => {
    dispatch({ type: 'attest' });
    try {
      await apiRequest('POST', `${base}/sittings/${boot.sittingId}/attest`, undefined, boot.csrfToken);
      dispatch({ type: 'attested' });
    } catch (err) {
      dispatch({ type: 'attest_refused', message: refusalMessage(t, err) });
    }
  };

  const secret = vote?.method === 'secret_electronic';
  const canChange = boot.allowBallotChange && !secret && vote?.method === 'electronic';
  const { me, message, myBallot, verdict } = ui;

  return (
    <div className="live-screen ballot-screen">
      <h1>
        <span className="user-text">{state.sitting.title}</span>
      </h1>
      <p className="meta">
        {boot.bodyName} · <MemberLabel name={me.name} seat={me.seat} /> · {t('ballot.seat', { seat: me.seat })}
      </p>
      <ConnectionStatus connection={connection} />
      <NoScriptNote />
      <QuorumIndicator quorum={state.quorum} />
      <PresencePanel state={ui} sitting={state.sitting} onAttest={attest} />
      <section aria-labelledby="ballot-vote" className="panel">
        <h2 id="ballot-vote">{vote ? <span className="user-text">{vote.motionTitle}</span> : t('ballot.no_vote')}</h2>
        {vote ? (
          <p className="meta">
            {t('vote.method')}: {term('method', vote.method)}
          </p>
        ) : null}
        {message ? (
          <p className="error-message" role="alert">
            {message}
          </p>
        ) : null}
        {vote && vote.status === 'open' ? (
          <OpenVotePanel
            vote={vote}
            state={ui}
            canChange={canChange}
            heading={confirmation}
            dispatch={dispatch}
            onCast={(choice) => cast(vote.id, choice)}
          />
        ) : null}
        {vote && vote.status === 'closed' ? (
          <>
            <p>{t('ballot.vote_closed')}</p>
            {myBallot ? <ReceiptBox receipt={myBallot} secret={secret} /> : null}
            {verdict ? <VerdictLine verdict={verdict} /> : null}
            <VoteResult vote={vote} detail={vd.detail} headingLevel={3} />
          </>
        ) : null}
      </section>
      <form method="post" action="/sign-out" className="sign-out">
        <input type="hidden" name="_csrf" value={boot.csrfToken} />
        <button type="submit" className="link-button">
          {t('live.sign_out')}
        </button>
      </form>
    </div>
  );
}
