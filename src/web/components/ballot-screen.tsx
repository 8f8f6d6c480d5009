// The member's page, phone first: attest "I am present"; in a vote cast from members' devices,
// choose For / Against / Abstain in large targets and cast; then a clear confirmation of what the
// record holds, with the receipt and its salt to keep. When the member cannot vote the page says
// why (absent when the vote opened, recused, not a device vote, closed). A ballot carries an id
// this device made; when no answer comes back the page sends it again with the same id, so it is
// counted once. After the close the page checks the receipt against the close entry.
// Through TLS a ballot's length would tell its choice: every ballot request is padded to one size
// (the server's answer is too). The choice is kept in sessionStorage only until the server
// answers, so a shared tablet keeps no trace of it.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BallotChoice } from '../../domain/ballots/commitment.ts';
import type { BallotBoot, BallotReceiptView, Entitlement, LiveEntry } from './live-types.ts';
import { MemberLabel, useLive } from './live-env.tsx';
import { useLiveSitting } from './use-live-sitting.ts';
import { useVoteDetail } from './use-vote-detail.ts';
import { QuorumIndicator } from './quorum-indicator.tsx';
import { Turnout } from './turnout.tsx';
import { VoteResult } from './vote-result.tsx';
import { ConnectionStatus, NoScriptNote } from './connection-status.tsx';
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
import { checkReceipt, type ReceiptVerdict } from './receipt-check.ts';

const DEVICE_METHODS = ['electronic', 'secret_electronic'];
const CHOICES: BallotChoice[] = ['yes', 'no', 'abstain'];
const MAX_ATTEMPTS = 8;

/** Who may cast in a vote just opened, from the vote.opened entry (present members, recusals). */
export function entitlementFromOpening(data: Record<string, unknown>, memberId: number): Entitlement {
  if (!DEVICE_METHODS.includes(String(data.method))) return 'not_device';
  if (Array.isArray(data.recused) && data.recused.includes(memberId)) return 'recused';
  if (!Array.isArray(data.presentMembers) || !data.presentMembers.includes(memberId)) return 'not_present';
  return 'entitled';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

function VerdictLine({ verdict }: { verdict: ReceiptVerdict | 'checking' | 'unavailable' }) {
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

export function BallotScreen({ boot }: { boot: BallotBoot }) {
  const { t, term } = useLive();
  const [me, setMe] = useState(boot.me);
  const [entitlement, setEntitlement] = useState<Entitlement | null>(boot.entitlement);
  const [myBallot, setMyBallot] = useState<BallotReceiptView | null>(boot.myBallot);
  const [selected, setSelected] = useState<BallotChoice | null>(null);
  const [sending, setSending] = useState<{ choice: BallotChoice; attempt: number } | null>(null);
  const [changing, setChanging] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [attesting, setAttesting] = useState(false);
  const [verdict, setVerdict] = useState<ReceiptVerdict | 'checking' | 'unavailable' | null>(null);
  const [hydrated, setHydrated] = useState(false);
  const confirmation = useRef<HTMLHeadingElement>(null);
  const vd = useVoteDetail(boot.slug, boot.vote);
  const onEntry = useCallback(
    (entry: LiveEntry) => {
      const d = entry.data;
      if (
        (entry.type === 'attendance.marked' || entry.type === 'attendance.attested') &&
        d.member === boot.me.memberId
      ) {
        setMe((m) => ({
          ...m,
          status: d.status as typeof m.status,
          attested: entry.type === 'attendance.attested' ? true : d.status === 'present' ? m.attested : false,
        }));
      }
      if (entry.type === 'vote.opened') {
        forgetOtherBallots(boot.slug, typeof d.vote === 'number' ? d.vote : null);
        setEntitlement(entitlementFromOpening(d, boot.me.memberId));
        setMyBallot(null);
        setSelected(null);
        setChanging(false);
        setMessage(null);
        setVerdict(null);
      }
      vd.onEntry(entry);
    },
    [boot.me.memberId, vd.onEntry],
  );
  const { state, connection } = useLiveSitting(boot, onEntry);
  const vote = state.vote;
  const base = bodyApi(boot.slug);

  const send = useCallback(
    async (voteId: number, choice: BallotChoice, clientBallotId: string) => {
      storeBallot(boot.slug, voteId, { clientBallotId, choice });
      const request = ballotRequest(choice, clientBallotId);
      setMessage(null);
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        setSending({ choice, attempt });
        try {
          const answer = await apiRequest<BallotReceiptView & { pad?: string }>(
            'POST',
            `${base}/votes/${voteId}/ballots`,
            request,
            boot.csrfToken,
          );
          forgetBallot(boot.slug, voteId);
          const { pad: _pad, ...receipt } = answer.data;
          setMyBallot(receipt);
          setSending(null);
          setChanging(false);
          setSelected(null);
          setTimeout(() => confirmation.current?.focus(), 0);
          return;
        } catch (err) {
          if (err instanceof ApiRefusal) {
            forgetBallot(boot.slug, voteId);
            setSending(null);
            setMessage(refusalMessage(t, err));
            return;
          }
          // No answer: the server may have recorded the ballot. The same id makes the retry safe.
          if (attempt < MAX_ATTEMPTS) await sleep(Math.min(400 * 2 ** (attempt - 1), 5000));
        }
      }
      setSending(null);
      setMessage(t('live.error.network'));
    },
    [base, boot.csrfToken, boot.slug, t],
  );

  // After a reload: a ballot this device sent without hearing back is sent again, same id.
  useEffect(() => {
    setHydrated(true);
    const v = boot.state.vote;
    forgetOtherBallots(boot.slug, v && v.status === 'open' ? v.id : null);
    if (v?.status !== 'open') return;
    if (boot.myBallot || boot.entitlement !== 'entitled') {
      // The server has the ballot (or will take none from this member): nothing is in flight.
      forgetBallot(boot.slug, v.id);
      return;
    }
    const stored = readStoredBallot(boot.slug, v.id);
    if (stored) void send(v.id, stored.choice, stored.clientBallotId);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  // After the close: check the receipt against the close entry.
  useEffect(() => {
    const d = vd.detail;
    if (!d || !vote || d.id !== vote.id || d.status !== 'closed' || d.closeEntry === null) return;
    if (!myBallot?.commitment || !myBallot.salt || !myBallot.choice) return;
    if (!globalThis.crypto?.subtle) {
      setVerdict('unavailable');
      return;
    }
    setVerdict('checking');
    const receipt = { choice: myBallot.choice, salt: myBallot.salt, commitment: myBallot.commitment };
    const digest = (data: Uint8Array) => crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
    const entryText = (index: number) => fetch(`${base}/entries/${index}`).then((r) => r.text());
    // A large vote reveals its ballots in the parts its close entry names: find this member's.
    const check = async () => {
      const closeText = await entryText(d.closeEntry!);
      const parts = (JSON.parse(closeText) as { data?: { revealedIn?: number[] } }).data?.revealedIn;
      if (!Array.isArray(parts)) return checkReceipt(receipt, boot.me.memberId, closeText, digest);
      let verdict: ReceiptVerdict = { ok: false, reason: 'ballot_not_revealed' };
      for (const index of parts) {
        verdict = await checkReceipt(receipt, boot.me.memberId, await entryText(index), digest);
        if (verdict.ok || verdict.reason !== 'ballot_not_revealed') break;
      }
      return verdict;
    };
    check().then(setVerdict, () => setVerdict('unavailable'));
  }, [vd.detail, vote?.id, myBallot, base, boot.me.memberId]);

  const attest = async () => {
    setAttesting(true);
    setMessage(null);
    try {
      await apiRequest('POST', `${base}/sittings/${boot.sittingId}/attest`, undefined, boot.csrfToken);
      setMe((m) => ({ ...m, status: 'present', attested: true }));
    } catch (err) {
      setMessage(refusalMessage(t, err));
    } finally {
      setAttesting(false);
    }
  };

  const cast = (voteId: number, choice: BallotChoice) => {
    const stored = readStoredBallot(boot.slug, voteId);
    // The id of an unanswered ballot is reused only for the same choice; anything else is a new ballot.
    const id = stored && stored.choice === choice ? stored.clientBallotId : newClientBallotId();
    void send(voteId, choice, id);
  };

  const secret = vote?.method === 'secret_electronic';
  const canChange = boot.allowBallotChange && !secret && vote?.method === 'electronic';
  const sittingOpen = state.sitting.status === 'open';

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

      <section aria-labelledby="ballot-presence" className="panel">
        <h2 id="ballot-presence">{t('ballot.presence_heading')}</h2>
        {me.status === 'present' && me.attested ? (
          <p className="presence-attested" data-attested="true">
            <span aria-hidden="true">✓ </span>
            {t('ballot.attested')}
          </p>
        ) : !sittingOpen ? (
          <p>{t(state.sitting.status === 'closed' ? 'ballot.sitting_closed' : 'ballot.sitting_not_open')}</p>
        ) : (
          <>
            {me.status === 'present' ? <p>{t('ballot.marked_by_clerk')}</p> : null}
            <button
              type="button"
              className="big-button attest-button"
              onClick={attest}
              disabled={!hydrated || attesting}
            >
              {t('ballot.i_am_present')}
            </button>
          </>
        )}
      </section>

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
          <>
            {entitlement === 'not_device' ? (
              <p className="honest">{t('ballot.not_device', { method: term('method', vote.method) })}</p>
            ) : null}
            {entitlement === 'not_present' ? <p className="honest">{t('ballot.not_present')}</p> : null}
            {entitlement === 'recused' ? <p className="honest">{t('ballot.recused')}</p> : null}
            {entitlement === 'entitled' && myBallot && !changing ? (
              <div className="confirmation">
                <h3 ref={confirmation} tabIndex={-1}>
                  {t('ballot.confirmed_heading')}
                </h3>
                <ReceiptBox receipt={myBallot} secret={secret} />
                {secret ? (
                  <p>{t('ballot.secret_no_change')}</p>
                ) : canChange ? (
                  <button type="button" className="secondary-button" onClick={() => setChanging(true)}>
                    {t('ballot.change')}
                  </button>
                ) : (
                  <p>{t('ballot.no_change')}</p>
                )}
              </div>
            ) : null}
            {entitlement === 'entitled' && (!myBallot || changing) ? (
              <form
                className="ballot-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (selected) cast(vote.id, selected);
                }}
              >
                <fieldset disabled={!hydrated || sending !== null}>
                  <legend>{t('ballot.choose')}</legend>
                  {secret ? <p className="meta">{t('ballot.secret_explain')}</p> : null}
                  <div className="choices">
                    {CHOICES.map((c) => (
                      <label key={c} className={`choice choice-${c}${selected === c ? ' is-selected' : ''}`}>
                        <input
                          type="radio"
                          name="choice"
                          value={c}
                          checked={selected === c}
                          onChange={() => setSelected(c)}
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
            ) : null}
            <Turnout vote={vote} />
          </>
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
