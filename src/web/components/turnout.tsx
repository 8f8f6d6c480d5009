// Turnout of an open vote: how many have voted, never how (DESIGN.md, "Ballot receipts": no
// partial results while the vote is open). Votes counted by totals have no turnout to show.
import type { LiveState } from './live-types.ts';
import { useLive } from './live-env.tsx';
import { isTotalsMethod } from '../../domain/votes/vote-methods.ts';

export function Turnout({ vote }: { vote: NonNullable<LiveState['vote']> }) {
  const { t, term } = useLive();
  if (isTotalsMethod(vote.method)) {
    return (
      <p className="turnout" role="status" aria-live="polite">
        {t('live.counting_totals', { method: term('method', vote.method) })}
      </p>
    );
  }
  return (
    <div className="turnout" role="status" aria-live="polite">
      <p className="turnout-line" data-turnout={vote.turnout}>
        {t('live.turnout', { count: vote.turnout, present: vote.present })}
      </p>
      <progress
        className="turnout-bar"
        max={Math.max(1, vote.present)}
        value={vote.turnout}
        aria-label={t('live.turnout_label')}
      />
      <p className="meta">{t('live.no_partial_results')}</p>
    </div>
  );
}
