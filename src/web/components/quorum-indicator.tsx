// The live quorum under the body's rule, in words and a symbol, never colour alone (WCAG 1.4.1):
// "10 of 20 present — quorate; 10 needed", and how many of those presences the members attested
// themselves (DESIGN.md, "Sitting": attested attendance is what settles a disputed quorum).
import type { LiveState } from './live-types.ts';
import { useLive } from './live-env.tsx';

export function QuorumIndicator({ quorum, large = false }: { quorum: LiveState['quorum']; large?: boolean }) {
  const { t } = useLive();
  const params = { count: quorum.present, filled: quorum.filled, needed: quorum.needed };
  return (
    <div
      className={`quorum-indicator ${quorum.quorate ? 'is-quorate' : 'is-not-quorate'}${large ? ' large' : ''}`}
      role="status"
      aria-live="polite"
      data-quorate={String(quorum.quorate)}
    >
      <p className="quorum-line">
        <span className="quorum-symbol" aria-hidden="true">
          {quorum.quorate ? '✓' : '✗'}
        </span>{' '}
        {t(quorum.quorate ? 'live.quorum_quorate' : 'live.quorum_not_quorate', params)}
      </p>
      <p className="quorum-attested">{t('live.attested_count', { count: quorum.attested })}</p>
    </div>
  );
}
