// A decision and its life after the vote (issue 17, item 3): status and since when, the timeline of
// recorded events (each with date, who, source and its entry), and the links both ways — the
// decisions that amended or repealed it, and those it amended or repealed.
import { usePage } from './page-env.tsx';
import { EntryLink } from './record-bits.tsx';
import type { DecisionEventView, DecisionLifeView } from '../../services/decision-reads.ts';
import type { MessageKey } from '../../domain/i18n/messages-en.ts';
import type { DecisionStatus } from '../../domain/decisions/decision-life.ts';

export interface DecisionPageData extends DecisionLifeView {
  id: number;
  registerNumber: string | null;
  adoptedOn: string;
  voteId: number;
  motion: { id: number; title: string; kind: string };
  inForceOnAdoption: boolean;
  entryIndex: number;
}

const decisionHref = (slug: string, id: number) => `/${encodeURIComponent(slug)}/decisions/${id}`;

/** "in force since 1 November 2022" */
export function DecisionStatusText({ status, since }: { status: DecisionStatus; since: string }) {
  const { t, date } = usePage();
  return (
    <span className={`decision-status decision-status-${status}`}>
      {t('decision_status.since', { status: t(`decision_status.${status}` as MessageKey), date: date(since) })}
    </span>
  );
}

function DecisionLinks({ slug, items }: { slug: string; items: Array<{ id: number; registerNumber: string | null }> }) {
  const { t } = usePage();
  return (
    <>
      {items.map((d, i) => (
        <span key={d.id}>
          {i > 0 ? ', ' : ''}
          <a href={decisionHref(slug, d.id)}>
            {d.registerNumber === null
              ? t('decision.by_decision_unnumbered', { id: d.id })
              : t('decision.number_link', { number: d.registerNumber })}
          </a>
        </span>
      ))}
    </>
  );
}

function EventDetails({ slug, e }: { slug: string; e: DecisionEventView }) {
  const { t } = usePage();
  const parts: React.ReactNode[] = [];
  if (e.place === 'bulletin' && e.bulletin)
    parts.push(
      <span className="user-text">
        {t('decision.in_bulletin', { bulletin: e.bulletin })}
        {e.issue ? `, ${t('decision.issue', { issue: e.issue })}` : ''}
      </span>,
    );
  if (e.url)
    parts.push(
      <span>
        {t('decision.on_website')}:{' '}
        <a href={e.url} rel="nofollow noopener" className="user-text">
          {e.url}
        </a>
      </span>,
    );
  if (e.vote)
    parts.push(<a href={`/${encodeURIComponent(slug)}/votes/${e.vote}`}>{t('decision.by_vote', { vote: e.vote })}</a>);
  if (e.decision)
    parts.push(
      <a href={decisionHref(slug, e.decision)}>
        {e.decisionNumber
          ? t('decision.by_decision', { number: e.decisionNumber })
          : t('decision.by_decision_unnumbered', { id: e.decision })}
      </a>,
    );
  if (e.court) parts.push(<span className="user-text">{e.court}</span>);
  if (e.caseNumber) parts.push(<span className="user-text">{t('decision.case', { case: e.caseNumber })}</span>);
  if (e.reasons) parts.push(<span className="user-text">{e.reasons}</span>);
  return (
    <>
      {parts.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of parts, never reordered
        <span key={i}>
          {i > 0 ? '; ' : ''}
          {p}
        </span>
      ))}
    </>
  );
}

export function DecisionTimeline({ slug, events }: { slug: string; events: DecisionEventView[] }) {
  const { t, date } = usePage();
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('decision.timeline_caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('decision.col_date')}</th>
            <th scope="col">{t('decision.col_event')}</th>
            <th scope="col">{t('decision.col_who')}</th>
            <th scope="col">{t('decision.col_source')}</th>
            <th scope="col">{t('decision.col_status')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>
                {date(e.on)}
                {e.pending ? ` (${t('decision.pending')})` : ''}
              </td>
              <th scope="row">
                {t(`decision_event.${e.type}` as MessageKey)} <EventDetails slug={slug} e={e} />
              </th>
              <td className="user-text">{e.by ?? ''}</td>
              <td>
                <span className="user-text">{e.source ?? ''}</span> <EntryLink slug={slug} index={e.entryIndex} />
              </td>
              <td>{t(`decision_status.${e.status}` as MessageKey)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DecisionPage({ slug, data }: { slug: string; data: DecisionPageData }) {
  const { t, date } = usePage();
  return (
    <>
      <h1>
        {data.registerNumber === null
          ? t('decision.page_title_unnumbered')
          : t('decision.page_title', { number: data.registerNumber })}
      </h1>
      <p>
        {t('decision.adopted', { date: date(data.adoptedOn) })}{' '}
        <a href={`/${encodeURIComponent(slug)}/votes/${data.voteId}`} className="user-text">
          {data.motion.title}
        </a>{' '}
        (<a href={`/${encodeURIComponent(slug)}/votes/${data.voteId}`}>{t('decision.vote_link')}</a>,{' '}
        <EntryLink slug={slug} index={data.entryIndex} />)
      </p>
      <p>
        <strong>{t('decisions.status')}:</strong> <DecisionStatusText status={data.status} since={data.statusSince} />
      </p>
      {data.inForceOnAdoption ? <p>{t('decision.in_force_on_adoption')}</p> : null}
      {data.protested ? <p>{t('decision.protested')}</p> : null}
      {data.openCases.length > 0 ? (
        <p>{t('decision.open_cases', { cases: data.openCases.map((c) => c.caseNumber).join(', ') })}</p>
      ) : null}
      <dl>
        {data.amendedBy.length > 0 ? (
          <>
            <dt>{t('decision.amended_by')}</dt>
            <dd>
              <DecisionLinks slug={slug} items={data.amendedBy} />
            </dd>
          </>
        ) : null}
        {data.repealedBy ? (
          <>
            <dt>{t('decision.repealed_by')}</dt>
            <dd>
              <DecisionLinks slug={slug} items={[data.repealedBy]} />
            </dd>
          </>
        ) : null}
        {data.amends.length > 0 ? (
          <>
            <dt>{t('decision.amends')}</dt>
            <dd>
              <DecisionLinks slug={slug} items={data.amends} />
            </dd>
          </>
        ) : null}
        {data.repeals.length > 0 ? (
          <>
            <dt>{t('decision.repeals')}</dt>
            <dd>
              <DecisionLinks slug={slug} items={data.repeals} />
            </dd>
          </>
        ) : null}
      </dl>
      <h2>{t('decision.timeline')}</h2>
      {data.events.length === 0 ? (
        <p>{t('decision.no_events')}</p>
      ) : (
        <DecisionTimeline slug={slug} events={data.events} />
      )}
    </>
  );
}
