// The public appeals tracker: every appeal of a body with its status, days awaiting or overdue
// ("Ignored: no reply for 1,704 days"), and the page of one appeal with its timeline, documents
// and the whole reckoning of its due date. Status words always come with a symbol, never colour
// alone. The clerk's forms (appeal-forms.tsx) appear on the same pages for a signed-in clerk.
import type { ReactNode } from 'react';
import { hrefWith, usePage } from './page-env.tsx';
import { Localized } from './localized.tsx';
import { EntryLink } from './record-bits.tsx';
import type { MessageKey } from '../../domain/i18n/translate.ts';
import type {
  AppealDetail,
  AppealEventView,
  AppealStatusView,
  AppealSummary,
  AttachmentView,
} from '../../services/appeals/appeal-reads.ts';
import type { AppealStatus } from '../../domain/appeals/deadline-step.ts';
import { appealStateText } from '../../services/appeals/appeal-state-text.ts';
import { ExplanationLines } from '../../web/components/explanation-lines.tsx';

export const APPEAL_STATUS_ORDER: readonly AppealStatus[] = [
  'awaiting',
  'overdue',
  'ignored',
  'answered',
  'sent',
  'draft',
  'closed',
  'withdrawn',
];

const appealsBase = (slug: string) => `/${encodeURIComponent(slug)}/appeals`;

/** The status as one sentence in the page's language ("Ignored: no reply for 1,704 days"). */
export function useAppealState() {
  const { lang } = usePage();
  return (s: AppealStatusView): string => appealStateText(lang, s);
}

export function AppealStatusBadge({ status }: { status: AppealStatus }) {
  const { t } = usePage();
  const [cls, symbol] =
    status === 'answered'
      ? ['outcome-adopted', '✓']
      : status === 'overdue' || status === 'ignored'
        ? ['outcome-rejected', '✗']
        : ['outcome-open', '…'];
  return (
    <span className={`outcome ${cls}`}>
      <span aria-hidden="true">{symbol} </span>
      {t(`appeal_status.${status}` as MessageKey)}
    </span>
  );
}

/** The due date, or the earliest and latest possible ones when the start is known only to a range. */
export function DueDate({ status }: { status: AppealStatusView }) {
  const { t, date } = usePage();
  if (status.due === null) return <>{t('appeals.not_sent')}</>;
  if (status.earliestDue && status.latestDue && status.earliestDue !== status.latestDue) {
    return <>{t('appeals.due_range', { earliest: date(status.earliestDue), latest: date(status.latestDue) })}</>;
  }
  if (status.provisionalUntil)
    return <>{t('appeals.due_provisional', { due: date(status.due), latest: date(status.provisionalUntil) })}</>;
  return <>{date(status.due)}</>;
}

function Sender({ sender }: { sender: AppealSummary['sender'] }) {
  const { t, lang } = usePage();
  if (sender.kind === 'body') return <>{t('appeal.sender_body')}</>;
  if (!sender.name) return <>{t('appeal.sender_unnamed')}</>;
  const name = sender.name[lang] ?? sender.name.en ?? sender.name.ru ?? '';
  return <>{t('appeal.sender_member', { name })}</>;
}

export function AppealsTable({ slug, items }: { slug: string; items: AppealSummary[] }) {
  const { t, date } = usePage();
  const state = useAppealState();
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{t('appeals.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('appeals.appeal')}</th>
            <th scope="col">{t('appeals.addressee')}</th>
            <th scope="col">{t('appeals.sent')}</th>
            <th scope="col">{t('appeals.due')}</th>
            <th scope="col">{t('appeals.status')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id}>
              <th scope="row">
                <a className="user-text" href={`${appealsBase(slug)}/${a.id}`}>
                  {a.title}
                </a>
                <span className="meta">
                  {' '}
                  <Sender sender={a.sender} />
                </span>
              </th>
              <td className="user-text">
                <Localized values={a.authority.names} />
              </td>
              <td>{a.sentOn ? date(a.sentOn) : t('appeals.not_sent')}</td>
              <td>
                <DueDate status={a.status} />
              </td>
              <td>
                <AppealStatusBadge status={a.status.status} />
                <br />
                <span className="meta">{state(a.status)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface AppealsListData {
  total: number;
  today: string;
  items: AppealSummary[];
  /** Appeals by status, over every appeal (for the filter). */
  counts: Partial<Record<AppealStatus, number>>;
  filter: AppealStatus | null;
}

export function AppealsPage({ slug, data, clerk }: { slug: string; data: AppealsListData; clerk: ReactNode }) {
  const env = usePage();
  const { t, date } = env;
  const all = Object.values(data.counts).reduce((n, c) => n + (c ?? 0), 0);
  return (
    <>
      <h1>{t('appeals.title')}</h1>
      <p className="lead">{t('appeals.lead')}</p>
      <p>
        {t('appeals.count', { count: all })} {t('appeals.as_of', { date: date(data.today) })}
      </p>
      {all > 0 ? (
        <nav aria-label={t('appeals.filter_label')}>
          <ul className="lang-switch">
            <li>{t('appeals.filter_label')}:</li>
            <li>
              <a href={hrefWith(env, { status: null })} aria-current={data.filter === null ? 'page' : undefined}>
                {t('appeals.filter_all')} ({all})
              </a>
            </li>
            {APPEAL_STATUS_ORDER.filter((s) => data.counts[s]).map((s) => (
              <li key={s}>
                <a href={hrefWith(env, { status: s })} aria-current={data.filter === s ? 'page' : undefined}>
                  {t(`appeal_status.${s}` as MessageKey)} ({data.counts[s]})
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {data.items.length === 0 ? (
        <p>{t(all === 0 ? 'appeals.none' : 'appeals.none_with_status')}</p>
      ) : (
        <AppealsTable slug={slug} items={data.items} />
      )}
      <p className="meta">
        <a href={`/export/${encodeURIComponent(slug)}/feed.atom`}>{t('appeals.feed')}</a>
      </p>
      {clerk}
    </>
  );
}

function BlobTextView({ text }: { text: { sha256: string; withheld: boolean; text: string | null } }) {
  const { t } = usePage();
  if (text.withheld || text.text === null) return <p className="note">{t('appeal.withheld', { sha: text.sha256 })}</p>;
  return <blockquote className="user-text">{text.text}</blockquote>;
}

function Documents({ slug, appealId, files }: { slug: string; appealId: number; files: AttachmentView[] }) {
  const { t, number } = usePage();
  return (
    <ul>
      {files.map((f) => (
        <li key={f.sha256}>
          {f.withheld ? (
            <>
              {t(`attachment_kind.${f.kind}` as MessageKey)}: <em>{t('appeal.document_withheld')}</em>
            </>
          ) : (
            <>
              <a
                className="user-text"
                href={`/api/v1/bodies/${encodeURIComponent(slug)}/appeals/${appealId}/attachments/${f.sha256}`}
              >
                {f.name}
              </a>{' '}
              <span className="meta">
                ({t(`attachment_kind.${f.kind}` as MessageKey)}, {f.mediaType}, {number(f.size)} B)
              </span>
            </>
          )}{' '}
          <span className="meta">
            <EntryLink slug={slug} index={f.entryIndex} />
          </span>
        </li>
      ))}
    </ul>
  );
}

function EventLine({
  slug,
  event,
  files,
  appealId,
}: {
  slug: string;
  event: AppealEventView;
  files: AttachmentView[];
  appealId: number;
}) {
  const { t, date, instant } = usePage();
  const details: ReactNode[] = [];
  if (event.type === 'reply_received' && event.classification)
    details.push(t(`reply_class.${event.classification}` as MessageKey));
  if (event.type === 'extended' && event.days !== null) details.push(t('appeal.extended_by', { count: event.days }));
  if (event.to) details.push(<Localized key="to" values={event.to.names} />);
  if (event.reference) details.push(t('appeal.reference_label', { reference: event.reference }));
  return (
    <li>
      <strong>{event.on ? date(event.on) : <em>{t('appeal.date_unknown')}</em>}</strong>
      {' — '}
      {t(`event.${event.type}` as MessageKey)}
      {details.length ? (
        <>
          {': '}
          <span className="user-text">{details.join('; ')}</span>
        </>
      ) : null}
      {event.notice ? <p className="user-text">{event.notice}</p> : null}
      {event.reason ? <p className="user-text">{event.reason}</p> : null}
      {event.text ? <BlobTextView text={event.text} /> : null}
      {files.length ? <Documents slug={slug} appealId={appealId} files={files} /> : null}
      <p className="meta">
        {t('appeal.recorded', { date: instant(event.recordedAt) })} · <EntryLink slug={slug} index={event.entryIndex} />
      </p>
    </li>
  );
}

export function AppealPage({ slug, appeal, clerk }: { slug: string; appeal: AppealDetail; clerk: ReactNode }) {
  const { t, date, lang } = usePage();
  const state = useAppealState();
  const s = appeal.status;
  const d = appeal.decision;
  const source =
    lang === 'ru' && appeal.rule.source.ru
      ? {
          act: appeal.rule.source.ru.act ?? appeal.rule.source.act,
          section: appeal.rule.source.ru.section ?? appeal.rule.source.section,
        }
      : { act: appeal.rule.source.act, section: appeal.rule.source.section };
  const loose = appeal.attachments.filter((f) => f.eventId === null);
  return (
    <>
      <p className="breadcrumb">
        <a href={appealsBase(slug)}>{t('appeals.title')}</a>
      </p>
      <h1 className="user-text">{appeal.title}</h1>
      <p className="lead">
        <AppealStatusBadge status={s.status} /> {state(s)}.{' '}
        <span className="meta">{t('appeals.as_of', { date: date(s.today) })}</span>
      </p>
      <dl className="facts">
        <dt>{t('appeals.addressee')}</dt>
        <dd className="user-text">
          <Localized values={appeal.authority.names} />
        </dd>
        <dt>{t('appeal.sender')}</dt>
        <dd>
          <Sender sender={appeal.sender} />
        </dd>
        {d ? (
          <>
            <dt>{t('appeal.decision')}</dt>
            <dd>
              <a href={`/${encodeURIComponent(slug)}/votes/${d.voteId}`}>
                {d.registerNumber
                  ? t('appeal.decision_numbered', { number: d.registerNumber, date: date(d.adoptedOn) })
                  : t('appeal.decision_unnumbered', { date: date(d.adoptedOn) })}
              </a>
              {': '}
              <span className="user-text">{d.motionTitle}</span>
            </dd>
          </>
        ) : null}
        <dt>{t('appeals.sent')}</dt>
        <dd>{appeal.sentOn ? date(appeal.sentOn) : t('appeals.not_sent')}</dd>
        <dt>{t('appeal.channel')}</dt>
        <dd>{appeal.channel ? t(`channel.${appeal.channel}` as MessageKey) : <em>{t('appeal.not_recorded')}</em>}</dd>
        <dt>{t('appeal.reference')}</dt>
        <dd className="user-text">{appeal.reference ?? <em>{t('appeal.not_recorded')}</em>}</dd>
        <dt>{t('appeals.due')}</dt>
        <dd>
          <DueDate status={s} />
        </dd>
        <dt>{t('appeal.rule')}</dt>
        <dd>
          <code>{appeal.rule.id}</code>
          {' — '}
          {appeal.rule.source.url ? (
            <a href={appeal.rule.source.url}>{t('appeal.source', source)}</a>
          ) : (
            t('appeal.source', source)
          )}
        </dd>
        <dt>{t('appeal.entry')}</dt>
        <dd>
          <EntryLink slug={slug} index={appeal.entryIndex} />
        </dd>
      </dl>
      {appeal.summary ? (
        <section aria-labelledby="summary">
          <h2 id="summary">{t('appeal.summary')}</h2>
          <p className="user-text">{appeal.summary}</p>
        </section>
      ) : null}
      {appeal.personalDetails ? (
        <section aria-labelledby="personal">
          <h2 id="personal">{t('appeal.personal_details')}</h2>
          <BlobTextView text={appeal.personalDetails} />
          <p className="meta">{t('appeal.personal_note')}</p>
        </section>
      ) : null}
      <section aria-labelledby="timeline">
        <h2 id="timeline">{t('appeal.timeline')}</h2>
        {appeal.events.length === 0 ? (
          <p>{t('appeal.no_events')}</p>
        ) : (
          <ol className="results">
            {appeal.events.map((e) => (
              <EventLine
                key={e.id}
                slug={slug}
                appealId={appeal.id}
                event={e}
                files={appeal.attachments.filter((f) => f.eventId === e.id)}
              />
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="documents">
        <h2 id="documents">{t('appeal.documents')}</h2>
        {appeal.attachments.length === 0 ? (
          <p>{t('appeal.no_documents')}</p>
        ) : loose.length ? (
          <Documents slug={slug} appealId={appeal.id} files={loose} />
        ) : null}
      </section>
      <section aria-labelledby="reckoning">
        <h2 id="reckoning">{t('appeal.reckoning')}</h2>
        <ExplanationLines lines={appeal.explanation[lang]} />
        <p className="meta">{t('appeal.reckoning_note')}</p>
      </section>
      {clerk}
    </>
  );
}

/** The section a body's home page shows: how many appeals wait, and how many were ignored. */
export function AppealsHomeSection({ slug, items }: { slug: string; items: AppealSummary[] }) {
  const { t } = usePage();
  const count = (...statuses: AppealStatus[]) => items.filter((a) => statuses.includes(a.status.status)).length;
  return (
    <section aria-labelledby="appeals-home">
      <h2 id="appeals-home">{t('appeals.home_heading')}</h2>
      <p>
        {t('appeals.home_summary', {
          total: items.length,
          awaiting: count('sent', 'awaiting'),
          overdue: count('overdue', 'ignored'),
          answered: count('answered'),
        })}
      </p>
      <p>
        <a href={appealsBase(slug)}>{t('appeals.home_link')}</a>
      </p>
    </section>
  );
}
