// The vote in progress on the clerk's console: how it is counted (members' devices: turnout;
// roll call: keyboard entry; show of hands and paper: totals), closing it, and — when the vote is
// tied and the body's rules give the chair a casting vote — asking for that vote once the ballot
// box has closed on the tie (a vote of members' devices) or the totals entered are tied.
// Once closed: the outcome the rules engine computed, with its explanation.
import { useEffect, useRef, useState } from 'react';
import type { BallotChoice } from '../../domain/ballots/commitment.ts';
import type { ConsoleData, LiveState, RosterRow, VoteDetail } from './live-types.ts';
import { useLive } from './live-env.tsx';
import { Turnout } from './turnout.tsx';
import { VoteResult } from './vote-result.tsx';
import { RollCallPanel } from './roll-call-panel.tsx';
import { TotalsForm, type Totals } from './totals-form.tsx';

export interface CloseRequest {
  totals?: Totals;
  castingVote?: 'yes' | 'no';
}

function CastingPrompt({ onCast, onCancel }: { onCast: (side: 'yes' | 'no') => void; onCancel: (() => void) | null }) {
  const { t, term } = useLive();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <fieldset className="casting-prompt" aria-labelledby="casting-heading">
      <h3 id="casting-heading" ref={heading} tabIndex={-1}>
        {t('console.casting_heading')}
      </h3>
      <p>{t('console.casting_explain')}</p>
      <div className="button-row">
        <button type="button" className="primary-button" onClick={() => onCast('yes')}>
          {t('console.casting_side', { side: term('choice', 'yes') })}
        </button>
        <button type="button" className="primary-button" onClick={() => onCast('no')}>
          {t('console.casting_side', { side: term('choice', 'no') })}
        </button>
        {onCancel ? (
          <button type="button" className="secondary-button" onClick={onCancel}>
            {t('console.cancel')}
          </button>
        ) : null}
      </div>
    </fieldset>
  );
}

export function VotePanel({
  vote,
  detail,
  data,
  roster,
  canRecord,
  busy,
  casting,
  onRecord,
  onClose,
  onCancelCasting,
}: {
  vote: NonNullable<LiveState['vote']>;
  detail: VoteDetail | null;
  data: ConsoleData;
  roster: RosterRow[];
  canRecord: boolean;
  busy: boolean;
  /** Set when the close was refused for want of the chair's casting vote. */
  casting: { request: CloseRequest } | null;
  onRecord: (memberId: number, choice: BallotChoice) => Promise<boolean>;
  onClose: (request: CloseRequest) => void;
  onCancelCasting: () => void;
}) {
  const { t, term } = useLive();
  const [totals, setTotals] = useState<Totals | null>(null);
  // A tied vote takes no more ballots but is not closed until the chair's casting vote.
  const tied = vote.status === 'tied';
  const open = vote.status === 'open' || tied;
  const ov = data.openVote && data.openVote.id === vote.id ? data.openVote : null;
  const method = vote.method;
  return (
    <section
      aria-labelledby="vote-heading"
      className="panel current-vote"
      data-vote={vote.id}
      data-status={vote.status}
    >
      <h2 id="vote-heading">{t(open ? 'console.vote_open_heading' : 'console.vote_last_heading')}</h2>
      <p className="user-text vote-motion">{vote.motionTitle}</p>
      <p className="meta">
        {t('vote.method')}: {term('method', method)} · {t('console.present_for_vote', { count: vote.present })}
      </p>
      {open && ov && ov.recused.length > 0 ? (
        <p className="meta">{t('console.recused_list', { count: ov.recused.length })}</p>
      ) : null}
      {vote.status === 'open' && (method === 'electronic' || method === 'secret_electronic') ? (
        <Turnout vote={vote} />
      ) : null}
      {open && method === 'roll_call' && ov ? (
        <RollCallPanel
          members={ov.entitled
            .map((id) => roster.find((r) => r.memberId === id))
            .filter((r): r is RosterRow => r !== undefined)}
          recorded={ov.rollCall}
          canRecord={canRecord}
          onRecord={onRecord}
        />
      ) : null}
      {open && (casting || tied) ? (
        <CastingPrompt
          onCast={(side) => onClose({ ...(casting?.request ?? {}), castingVote: side })}
          onCancel={tied ? null : onCancelCasting}
        />
      ) : null}
      {open && !casting && !tied && (method === 'show_of_hands' || method === 'secret_paper') ? (
        <TotalsForm
          present={vote.present}
          paper={method === 'secret_paper'}
          busy={busy}
          onSubmit={(tt) => {
            setTotals(tt);
            onClose({ totals: tt });
          }}
        />
      ) : null}
      {open && !casting && !tied && method !== 'show_of_hands' && method !== 'secret_paper' ? (
        <button
          type="button"
          className="primary-button close-vote"
          disabled={busy}
          onClick={() => onClose(totals ? { totals } : {})}
        >
          {t('console.close_vote')}
        </button>
      ) : null}
      {!open ? <VoteResult vote={vote} detail={detail} headingLevel={3} /> : null}
    </section>
  );
}
