// The projector and the residents' live page: the same read-only view of a sitting — quorum now;
// during a vote the turnout only; then the result, the rule and (named votes) who voted how. The
// projector sets it in large type for a wall; the live page sits in the ordinary page frame.
import type { PublicBoot } from './live-types.ts';
import { useLive } from './live-env.tsx';
import { useLiveSitting } from './use-live-sitting.ts';
import { useVoteDetail } from './use-vote-detail.ts';
import { QuorumIndicator } from './quorum-indicator.tsx';
import { Turnout } from './turnout.tsx';
import { VoteResult } from './vote-result.tsx';
import { ConnectionStatus, NoScriptNote } from './connection-status.tsx';

export function PublicScreen({ boot }: { boot: PublicBoot }) {
  const { t, term } = useLive();
  const { detail, onEntry } = useVoteDetail(boot.slug, boot.vote);
  const { state, connection } = useLiveSitting(boot, onEntry);
  const projector = boot.screen === 'projector';
  const vote = state.vote;
  return (
    <div className={projector ? 'live-screen projector-screen' : 'live-screen public-screen'}>
      <h1>
        <span className="user-text">{state.sitting.title}</span>
      </h1>
      <p className="meta">
        {boot.bodyName} · {term('sitting_status', state.sitting.status)}
      </p>
      <ConnectionStatus connection={connection} />
      <NoScriptNote />
      <section aria-labelledby="live-quorum">
        <h2 id="live-quorum" className={projector ? 'visually-hidden' : undefined}>
          {t('sitting.quorum')}
        </h2>
        <QuorumIndicator quorum={state.quorum} large={projector} />
      </section>
      <section aria-labelledby="live-vote" className="live-vote">
        <h2 id="live-vote">{vote ? <span className="user-text">{vote.motionTitle}</span> : t('live.no_vote_yet')}</h2>
        {vote ? (
          <p className="meta">
            {t('vote.method')}: {term('method', vote.method)}
          </p>
        ) : null}
        {vote && vote.status === 'open' ? <Turnout vote={vote} /> : null}
        {vote && vote.status === 'closed' ? <VoteResult vote={vote} detail={detail} headingLevel={3} /> : null}
      </section>
      {!projector ? (
        <p>
          <a href={`/${encodeURIComponent(boot.slug)}/sittings/${boot.sittingId}`}>{t('live.full_record')}</a>
        </p>
      ) : null}
    </div>
  );
}
