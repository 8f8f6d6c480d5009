// Small pieces several pages share: an outcome in words and a symbol (never colour alone), a
// member's name or the honest "holder not named", disputes beside the fact they dispute, and a
// link to the raw log entry a fact was recorded in.
import type { VoteReportView } from '../../services/vote-reports.ts';
import { usePage } from './page-env.tsx';
import { Localized } from './localized.tsx';
import type { MessageKey } from '../../domain/i18n/translate.ts';

export function Outcome({ adopted }: { adopted: boolean | null }) {
  const { t } = usePage();
  if (adopted === null) return <span className="outcome outcome-open">{t('outcome.open')}</span>;
  return adopted ? (
    <span className="outcome outcome-adopted">
      <span aria-hidden="true">✓ </span>
      {t('outcome.adopted')}
    </span>
  ) : (
    <span className="outcome outcome-rejected">
      <span aria-hidden="true">✗ </span>
      {t('outcome.not_adopted')}
    </span>
  );
}

export function MemberName({ name, seat }: { name: { en: string | null; ru: string | null } | null; seat: number }) {
  const { t } = usePage();
  if (!name) return <em className="unnamed">{t('member.unnamed', { seat })}</em>;
  return <Localized values={name} />;
}

export interface DisputeView {
  id: number;
  claimant: string;
  claim: string;
  source: string | null;
  occurredOn: string | null;
  recordedAt: string;
  entryIndex: number;
}

export function Disputes({ disputes, slug }: { disputes: DisputeView[]; slug: string }) {
  const { t, date, instant } = usePage();
  if (disputes.length === 0) return null;
  return (
    <aside className="disputes" aria-label={t('dispute.label')}>
      {disputes.map((d) => (
        <div className="dispute" key={d.id}>
          <p className="dispute-head">
            <strong>{t('dispute.heading')}</strong> {t('dispute.by', { claimant: d.claimant })}
          </p>
          <blockquote className="user-text">{d.claim}</blockquote>
          <p className="meta">
            {d.source ? <>{t('dispute.source', { source: d.source })} </> : null}
            {d.occurredOn ? <>{t('dispute.occurred', { date: date(d.occurredOn) })} </> : null}
            {t('dispute.recorded', { date: instant(d.recordedAt) })} <EntryLink slug={slug} index={d.entryIndex} />
          </p>
          <p className="meta">{t('dispute.note')}</p>
        </div>
      ))}
    </aside>
  );
}

export type { VoteReportView } from '../../services/vote-reports.ts';

/**
 * What sources reported of who voted how on a show of hands: shown as reports with their sources,
 * apart from the totals, and said plainly not to be a recorded roll call.
 */
export function VoteReports({ reports, slug }: { reports: VoteReportView[]; slug: string }) {
  const { t, date, instant } = usePage();
  const term = useTerm();
  if (reports.length === 0) return null;
  const base = `/${encodeURIComponent(slug)}`;
  return (
    <section aria-labelledby="reported-positions" className="reports">
      <h2 id="reported-positions">{t('report.heading')}</h2>
      <p>{t('report.note')}</p>
      {reports.map((r) => (
        <div className="report" key={r.id}>
          <ul>
            {r.positions.map((p) => (
              <li key={p.memberId}>
                <a href={`${base}/members/${p.memberId}`}>
                  <MemberName name={p.nameEn || p.nameRu ? { en: p.nameEn, ru: p.nameRu } : null} seat={p.seat} />
                </a>
                {': '}
                {t('report.position', { choice: term('choice', p.choice) })}
              </li>
            ))}
          </ul>
          <blockquote className="user-text">{r.claim}</blockquote>
          <p className="meta">
            {t('report.source', { source: r.source })}{' '}
            {r.reportedOn ? <>{t('report.reported_on', { date: date(r.reportedOn) })} </> : null}
            {t('report.recorded', { date: instant(r.recordedAt) })} <EntryLink slug={slug} index={r.entryIndex} />
          </p>
        </div>
      ))}
    </section>
  );
}

/** The raw log entry a fact was recorded in: canonical JSON, exactly as hashed. */
export function entryHref(slug: string, index: number): string {
  return `/api/v1/bodies/${encodeURIComponent(slug)}/entries/${index}`;
}

export function EntryLink({ slug, index }: { slug: string; index: number | null }) {
  const { t } = usePage();
  if (index === null) return null;
  return <a href={entryHref(slug, index)}>{t('entry.link', { index })}</a>;
}

/** A term of the record (method, status, kind, choice) in words, or as recorded if unknown. */
export function useTerm() {
  const { t } = usePage();
  return (
    prefix: 'method' | 'sitting_status' | 'motion_kind' | 'motion_status' | 'choice' | 'attendance' | 'majority',
    value: string,
  ): string => {
    const key = `${prefix}.${value}` as MessageKey;
    const text = t(key);
    return text === key || text.startsWith('{') ? value : text;
  };
}

/** "7 of 10 (70%)", or a dash when the denominator is zero. */
export function Ratio({ part, whole }: { part: number; whole: number }) {
  const { t, lang } = usePage();
  if (whole === 0) return <>{t('ratio.none')}</>;
  const percent = new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    style: 'percent',
    maximumFractionDigits: 0,
  }).format(part / whole);
  return <>{t('ratio.of', { part, whole, percent })}</>;
}
