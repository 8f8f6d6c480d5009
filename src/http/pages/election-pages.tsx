// An election's results page (issue 18): the rule and its source, the candidates and their
// nominations, and each round — who was present, papers, the stage table (each candidate's votes at
// each stage, non-transferable votes, the quota), who was elected, the draw by lot with its inputs,
// the explanation step by step in the reader's language, and the published papers as BLT and CSV.
import type { readElection } from '../../services/elections.ts';
import { explainCount } from '../../domain/elections/explain.ts';
import type { CountResult } from '../../domain/elections/types.ts';
import type { MessageKey } from '../../domain/i18n/translate.ts';
import { usePage } from './page-env.tsx';
import { Localized } from './localized.tsx';

/** Lines with a key each (an explanation may repeat a line word for word). */
const numbered = (lines: string[]) => lines.map((line, n) => ({ line, key: `step-${n + 1}` }));

export type ElectionView = Awaited<ReturnType<typeof readElection>>;

export function ElectionPage({ slug, election }: { slug: string; election: ElectionView }) {
  const { t, lang } = usePage();
  const names = election.candidates.map((c) => c.name);
  const api = `/api/v1/bodies/${encodeURIComponent(slug)}/elections/${election.id}`;
  return (
    <>
      <h1>
        {t('elections.title')}: <Localized values={election.office} />
      </h1>
      <dl className="facts">
        <dt>{t('elections.method')}</dt>
        <dd>
          <code>{election.rule.method}</code>
        </dd>
        <dt>{t('elections.seats')}</dt>
        <dd>{election.rule.seats}</dd>
        <dt>{t('elections.ballot_kind')}</dt>
        <dd>{t(`elections.kind.${election.ballotKind}` as MessageKey)}</dd>
        <dt>{t('elections.rule_source')}</dt>
        <dd>{election.rule.source}</dd>
        <dt>{t('elections.status')}</dt>
        <dd data-status={election.status}>{t(`elections.status.${election.status}` as MessageKey)}</dd>
      </dl>
      <h2>{t('elections.candidates')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('elections.col_number')}</th>
            <th scope="col">{t('elections.col_candidate')}</th>
            <th scope="col">{t('elections.col_nomination')}</th>
          </tr>
        </thead>
        <tbody>
          {election.candidates.map((c) => (
            <tr key={c.number}>
              <td>{c.number}</td>
              <td>{c.name}</td>
              <td>
                {c.withdrawn
                  ? t('elections.withdrawn')
                  : c.consented
                    ? t('elections.consented')
                    : t('elections.not_consented')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {election.rounds.map((r) => {
        const result = r.result;
        const count: CountResult | null = result
          ? {
              method: result.method,
              seats: election.rule.seats,
              candidates: names,
              elected: result.elected.map((c) => c - 1),
              ...(result.quota !== null ? { quota: result.quota } : {}),
              validVotes: result.validVotes,
              precision: result.precision,
              stages: result.stages,
              lots: result.lots,
              unfilled: result.unfilled,
              steps: result.steps,
            }
          : null;
        return (
          <section key={r.number} id={`round-${r.number}`} aria-labelledby={`round-${r.number}-title`}>
            <h2 id={`round-${r.number}-title`}>{t('elections.round', { number: r.number })}</h2>
            <p>
              {r.status === 'open'
                ? t('elections.round_open', { ballots: r.ballots })
                : t('elections.round_facts', {
                    present: r.present,
                    ballots: r.ballots,
                    blank: r.blank ?? 0,
                    spoilt: r.spoilt ?? 0,
                  })}
            </p>
            {result && (
              <>
                {result.quota !== null && <p>{t('elections.quota', { quota: result.quota })}</p>}
                <table>
                  <caption>{t('elections.stage_caption', { number: r.number })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('elections.col_candidate')}</th>
                      {result.stages.map((s) => (
                        <th scope="col" key={s.number}>
                          {t('elections.stage', { number: s.number })}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {r.candidates.map((c) => (
                      <tr key={c} data-candidate={c}>
                        <th scope="row">{names[c - 1]}</th>
                        {result.stages.map((s) => (
                          <td key={s.number}>{s.votes[c - 1]}</td>
                        ))}
                      </tr>
                    ))}
                    <tr>
                      <th scope="row">{t('elections.non_transferable')}</th>
                      {result.stages.map((s) => (
                        <td key={s.number}>{s.nonTransferable}</td>
                      ))}
                    </tr>
                  </tbody>
                </table>
                {result.elected.length > 0 ? (
                  <p data-elected={result.elected.join(',')}>
                    {t('elections.elected')}: {result.elected.map((c) => names[c - 1]).join(', ')}
                  </p>
                ) : (
                  <p>{t('elections.none_elected')}</p>
                )}
                {r.physicalDraw !== null && (
                  <>
                    <h3>{t('elections.lot')}</h3>
                    <p>{t('elections.lot_inputs', { commitment: r.seedCommitment, draw: r.physicalDraw })}</p>
                  </>
                )}
                <h3>{t('elections.explanation')}</h3>
                <ol>
                  {numbered(count ? explainCount(count, lang) : []).map((l) => (
                    <li key={l.key}>{l.line}</li>
                  ))}
                </ol>
                <h3>{t('elections.papers')}</h3>
                {r.papers ? (
                  <p>
                    <a href={`${api}/rounds/${r.number}/papers.blt`}>{t('elections.papers_blt')}</a>
                    {' · '}
                    <a href={`${api}/rounds/${r.number}/papers.csv`}>{t('elections.papers_csv')}</a>
                  </p>
                ) : (
                  <p>{t('elections.papers_not_published')}</p>
                )}
              </>
            )}
          </section>
        );
      })}
    </>
  );
}
