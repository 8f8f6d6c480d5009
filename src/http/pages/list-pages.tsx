// The lists of a body's sittings and decisions, as pages and as tables other pages reuse.
import { usePage } from './page-env.tsx';
import { Pagination, type PageRequest } from './pagination.tsx';
import { Outcome, useTerm } from './record-bits.tsx';
import { pickText } from './localized.tsx';
import type { PaperHit } from '../../services/papers/papers.ts';
import type { DecisionStatus } from '../../domain/decisions/decision-life.ts';
import { DecisionStatusText } from './decision-page.tsx';

export interface SittingRow {
  id: number;
  title: string;
  date: string;
  startsAt: string | null;
  place: string | null;
  status: string;
  historical: boolean;
  votes: number;
}

export interface DecisionRow {
  id: number;
  registerNumber: string | null;
  adoptedOn: string;
  status: DecisionStatus;
  statusSince: string;
  voteId: number;
  sittingId: number;
  motion: { id: number; title: string; kind: string };
  counts: { yes: number | null; no: number | null; abstain: number | null };
}

export function SittingsTable({ slug, items }: { slug: string; items: SittingRow[] }) {
  const { t, date, instant } = usePage();
  const term = useTerm();
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{t('sittings.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sittings.date')}</th>
            <th scope="col">{t('sittings.sitting')}</th>
            <th scope="col">{t('sittings.status')}</th>
            <th scope="col">{t('sittings.votes')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.id}>
              <td>{s.startsAt ? instant(s.startsAt) : date(s.date)}</td>
              <th scope="row">
                <a href={`/${encodeURIComponent(slug)}/sittings/${s.id}`} className="user-text">
                  {s.title}
                </a>
                {s.place ? <span className="meta user-text"> {s.place}</span> : null}
              </th>
              <td>
                {term('sitting_status', s.status)}
                {s.historical ? <span className="meta"> {t('sitting.historical_short')}</span> : null}
              </td>
              <td>{s.votes}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DecisionsTable({ slug, items }: { slug: string; items: DecisionRow[] }) {
  const { t, date } = usePage();
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{t('decisions.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('decisions.number')}</th>
            <th scope="col">{t('decisions.adopted_on')}</th>
            <th scope="col">{t('decisions.motion')}</th>
            <th scope="col">{t('decisions.totals')}</th>
            <th scope="col">{t('decisions.status')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr key={d.id}>
              <td>
                <a href={`/${encodeURIComponent(slug)}/decisions/${d.id}`}>
                  {d.registerNumber ?? <em>{t('decisions.number_unknown')}</em>}
                </a>
              </td>
              <td>{date(d.adoptedOn)}</td>
              <th scope="row">
                <a href={`/${encodeURIComponent(slug)}/votes/${d.voteId}`} className="user-text">
                  {d.motion.title}
                </a>
              </th>
              <td>
                {t('vote.totals_short', {
                  yes: d.counts.yes ?? 0,
                  no: d.counts.no ?? 0,
                  abstain: d.counts.abstain ?? 0,
                })}
              </td>
              <td>
                <DecisionStatusText status={d.status} since={d.statusSince} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SittingsPage({
  slug,
  data,
  page,
}: {
  slug: string;
  data: { total: number; items: SittingRow[] };
  page: PageRequest;
}) {
  const { t } = usePage();
  return (
    <>
      <h1>{t('sittings.title')}</h1>
      <p>{t('sittings.count', { count: data.total })}</p>
      {data.items.length === 0 ? <p>{t('sittings.none')}</p> : <SittingsTable slug={slug} items={data.items} />}
      <Pagination page={page} total={data.total} />
    </>
  );
}

export function DecisionsPage({
  slug,
  data,
  page,
}: {
  slug: string;
  data: { total: number; items: DecisionRow[] };
  page: PageRequest;
}) {
  const { t } = usePage();
  return (
    <>
      <h1>{t('decisions.title')}</h1>
      <p>{t('decisions.count', { count: data.total })}</p>
      {data.items.length === 0 ? <p>{t('decisions.none')}</p> : <DecisionsTable slug={slug} items={data.items} />}
      <Pagination page={page} total={data.total} />
    </>
  );
}

export interface SearchHitView {
  motionId: number;
  title: string;
  kind: string;
  status: string;
  sittingId: number | null;
  sittingDate: string | null;
  vote: { id: number; adopted: boolean | null } | null;
  decision: { id: number; registerNumber: string | null; adoptedOn: string } | null;
}

export function SearchPage({
  slug,
  query,
  result,
  page,
  liveSearch = null,
  papers = null,
}: {
  slug: string;
  query: string;
  result: { terms: string[]; total: number; items: SearchHitView[] } | null;
  page: PageRequest;
  /** On a static copy of the record: the live site's search page, which this page points to instead. */
  liveSearch?: string | null;
  /** Papers whose titles or text hold the words (issue 16), the first 50. */
  papers?: { total: number; items: PaperHit[] } | null;
}) {
  const { t, date, lang } = usePage();
  const term = useTerm();
  const base = `/${encodeURIComponent(slug)}`;
  if (liveSearch !== null) {
    return (
      <>
        <h1>{t('search.title')}</h1>
        <p className="static-note">
          {t('search.static_note')} <a href={liveSearch}>{liveSearch}</a>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t('search.title')}</h1>
      <search>
        <form className="search-form" method="get" action={`${base}/search`}>
          <label htmlFor="q">{t('search.label')}</label>
          <input id="q" name="q" type="search" defaultValue={query} maxLength={500} />
          <button type="submit">{t('search.submit')}</button>
        </form>
      </search>
      {result === null ? (
        <p>{t('search.hint')}</p>
      ) : result.terms.length === 0 ? (
        <p>{t('search.no_words')}</p>
      ) : (
        <section aria-labelledby="results">
          <h2 id="results">{t('search.results', { count: result.total })}</h2>
          <p className="meta">{t('search.terms', { terms: result.terms.join(', ') })}</p>
          {result.items.length === 0 ? (
            <p>{t('search.none')}</p>
          ) : (
            <ol className="results" start={page.offset + 1}>
              {result.items.map((h) => (
                <li key={h.motionId}>
                  <a
                    className="user-text"
                    href={
                      h.vote
                        ? `${base}/votes/${h.vote.id}`
                        : h.sittingId
                          ? `${base}/sittings/${h.sittingId}#motion-${h.motionId}`
                          : base
                    }
                  >
                    {h.title}
                  </a>
                  <p className="meta">
                    {term('motion_kind', h.kind)}
                    {h.sittingDate ? (
                      <>
                        {' · '}
                        {date(h.sittingDate)}
                      </>
                    ) : null}
                    {' · '}
                    {h.vote ? <Outcome adopted={h.vote.adopted} /> : term('motion_status', h.status)}
                    {h.decision ? (
                      <>
                        {' · '}
                        {h.decision.registerNumber
                          ? t('decision.numbered', { number: h.decision.registerNumber })
                          : t('decision.unnumbered')}
                      </>
                    ) : null}
                  </p>
                </li>
              ))}
            </ol>
          )}
          <Pagination page={page} total={result.total} />
        </section>
      )}
      {papers && papers.items.length > 0 ? (
        <section aria-labelledby="paper-results">
          <h2 id="paper-results">
            {t('search.papers')} ({papers.total})
          </h2>
          <ol className="results">
            {papers.items.map((p) => (
              <li key={p.paperId}>
                <a className="user-text" href={`${base}/sittings/${p.sittingId}#paper-${p.paperId}`}>
                  {t('search.papers_hit', {
                    title: pickText(p.title, lang)?.text ?? '',
                    date: p.sittingDate ? date(p.sittingDate) : '—',
                    version: p.version,
                  })}
                </a>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}
