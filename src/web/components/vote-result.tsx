// A closed vote's result as every screen shows it: the outcome in words and a symbol, the totals,
// the rule it was decided under with the engine's step-by-step explanation, the chair's casting
// vote, and for a named vote (roll call, electronic) the members under each option. A declared
// result that differs is shown beside the computed one, never instead of it.
import type { LiveState, VoteDetail } from './live-types.ts';
import { MemberLabel, useLive } from './live-env.tsx';
import { ExplanationLines } from './explanation-lines.tsx';

const OPTIONS = ['yes', 'no', 'abstain'] as const;

export function OutcomeBadge({ adopted }: { adopted: boolean }) {
  const { t } = useLive();
  return (
    <p className={`live-outcome ${adopted ? 'is-adopted' : 'is-rejected'}`} data-adopted={String(adopted)}>
      <span aria-hidden="true">{adopted ? '✓ ' : '✗ '}</span>
      {t(adopted ? 'outcome.adopted' : 'outcome.not_adopted')}
    </p>
  );
}

export function VoteResult({
  vote,
  detail,
  headingLevel = 2,
}: {
  vote: NonNullable<LiveState['vote']>;
  detail: VoteDetail | null;
  headingLevel?: 2 | 3;
}) {
  const { t, term, lang, number } = useLive();
  const own = detail && detail.id === vote.id ? detail : null;
  const counts = own?.counts ?? vote.counts;
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const Sub = headingLevel === 2 ? 'h3' : 'h4';
  return (
    <section className="vote-result" aria-labelledby={`vote-result-${vote.id}`}>
      <H id={`vote-result-${vote.id}`}>{t('live.result_heading')}</H>
      {vote.outcome ? <OutcomeBadge adopted={vote.outcome.adopted} /> : null}
      {counts ? (
        <dl className="result-counts">
          {OPTIONS.map((o) => (
            <div key={o} className={`result-count count-${o}`}>
              <dt>{term('choice', o)}</dt>
              <dd>{number(counts[o] ?? 0)}</dd>
            </div>
          ))}
          {own?.counts?.blank != null ? (
            <div className="result-count">
              <dt>{t('vote.blank')}</dt>
              <dd>{number(own.counts.blank)}</dd>
            </div>
          ) : null}
          {own?.counts?.invalid != null ? (
            <div className="result-count">
              <dt>{t('vote.invalid')}</dt>
              <dd>{number(own.counts.invalid)}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      {vote.outcome && vote.outcome.requiredYes !== null ? (
        <p className="meta">{t('vote.required_yes', { count: vote.outcome.requiredYes })}</p>
      ) : null}
      {own?.castingVote ? <p>{t('vote.casting', { side: term('choice', own.castingVote) })}</p> : null}
      {own?.decision ? (
        <p>
          {own.decision.registerNumber
            ? t('decision.numbered', { number: own.decision.registerNumber })
            : t('decision.unnumbered')}
        </p>
      ) : null}
      {own?.outcome ? (
        <>
          <Sub>{t('live.rule_heading', { majority: term('majority', own.majority) })}</Sub>
          <ExplanationLines lines={own.outcome.explanation[lang] ?? own.outcome.explanation.en ?? []} />
        </>
      ) : null}
      {own?.ballots ? (
        <>
          <Sub>{t('vote.named_heading')}</Sub>
          <div className="names-by-option">
            {OPTIONS.map((o) => {
              const names = own.ballots!.filter((b) => b.choice === o);
              return (
                <section key={o} className={`names-option option-${o}`} aria-label={term('choice', o)}>
                  <p className="names-option-head">
                    {term('choice', o)} ({number(names.length)})
                  </p>
                  {names.length === 0 ? (
                    <p className="meta">{t('live.nobody')}</p>
                  ) : (
                    <ul>
                      {names.map((b) => (
                        <li key={b.memberId}>
                          <MemberLabel name={b.name} seat={b.seat} />
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              );
            })}
          </div>
        </>
      ) : null}
      {own && own.declaredResults.length > 0 ? (
        <div className="declared">
          {own.declaredResults.map((d) => (
            <p key={d.id}>
              <strong>{t('vote.declared', { by: d.declaredBy })}</strong>{' '}
              {t(d.adopted ? 'outcome.adopted' : 'outcome.not_adopted')}. <span className="user-text">{d.reason}</span>{' '}
              {t('vote.declared_differs')}
            </p>
          ))}
        </div>
      ) : null}
    </section>
  );
}
