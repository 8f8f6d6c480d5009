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
import { Csrf } from './office-forms.tsx';

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

export interface BallotPageView {
  slug: string;
  electionId: number;
  office: { en: string | null; ru: string | null };
  round: number | null;
  standing: Array<{ number: number; name: string }>;
  marks: number;
  ranked: boolean;
  csrfToken: string | null;
}

/**
 * A member's paper: one labelled select per preference (or mark), usable with a keyboard and a
 * screen reader, then a review step that shows the paper in words before it is cast.
 */
export function BallotPage({
  view,
  step,
  ranking,
  problem,
  clientBallotId,
  cast,
}: {
  view: BallotPageView;
  step: 'choose' | 'review' | 'cast';
  ranking: number[];
  problem: string | null;
  clientBallotId: string;
  cast: { round: number } | null;
}) {
  const { t } = usePage();
  const action = `/${encodeURIComponent(view.slug)}/elections/${view.electionId}/ballot`;
  const name = (n: number) => view.standing.find((s) => s.number === n)?.name ?? `#${n}`;
  const fields = ranking.map((c, i) => ({ field: `p${i + 1}`, value: String(c) }));
  const hidden = fields.map((f) => <input key={f.field} type="hidden" name={f.field} value={f.value} />);
  return (
    <>
      <h1>
        {t('elections.ballot_title')}: <Localized values={view.office} />
      </h1>
      {problem && (
        <p role="alert" className="notice error" data-code={problem}>
          {t('elections.ballot_refused', { code: problem })}
        </p>
      )}
      {step === 'cast' && cast && (
        <p role="status" className="notice" data-cast={cast.round}>
          {t('elections.ballot_cast', { round: cast.round })}
        </p>
      )}
      {view.round === null && step !== 'cast' && <p>{t('elections.ballot_no_round')}</p>}
      {view.round !== null && step === 'choose' && (
        <form method="post" action={`${action}/review`}>
          <Csrf token={view.csrfToken} />
          <fieldset>
            <legend>
              {t('elections.round', { number: view.round })} —{' '}
              {view.ranked ? t('elections.ballot_rank_help') : t('elections.ballot_mark_help', { count: view.marks })}
            </legend>
            {Array.from({ length: view.marks }, (_, i) => {
              const id = `p${i + 1}`;
              return (
                <p key={id}>
                  <label htmlFor={id}>
                    {view.ranked
                      ? t('elections.preference', { number: i + 1 })
                      : t('elections.mark', { number: i + 1 })}
                  </label>{' '}
                  <select id={id} name={id} defaultValue={ranking[i] !== undefined ? String(ranking[i]) : ''}>
                    <option value="">{t('elections.no_preference')}</option>
                    {view.standing.map((s) => (
                      <option key={s.number} value={String(s.number)}>
                        {s.number}. {s.name}
                      </option>
                    ))}
                  </select>
                </p>
              );
            })}
          </fieldset>
          <button type="submit">{t('elections.review')}</button>
        </form>
      )}
      {view.round !== null && step === 'review' && (
        <>
          <h2>{t('elections.review_title')}</h2>
          {ranking.length === 0 ? (
            <p>{t('elections.blank_paper')}</p>
          ) : (
            <ol data-paper={ranking.join(',')}>
              {ranking.map((c) => (
                <li key={c}>{name(c)}</li>
              ))}
            </ol>
          )}
          <form method="post" action={action}>
            <Csrf token={view.csrfToken} />
            {hidden}
            <input type="hidden" name="clientBallotId" value={clientBallotId} />
            <button type="submit">{t('elections.cast')}</button>
          </form>
          <form method="post" action={`${action}/review`}>
            <Csrf token={view.csrfToken} />
            {hidden}
            <input type="hidden" name="change" value="1" />
            <button type="submit">{t('elections.change')}</button>
          </form>
        </>
      )}
    </>
  );
}
