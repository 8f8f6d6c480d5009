// What a sitting's page shows of the calendar (issue 16, items 1 and 3): its kind and convener, a
// cancellation with its reason, each rescheduling, and each notice with its reckoning in clear days
// (or, where the rules set no period, who sets it). A late notice is shown as late, never hidden.
import { usePage } from './page-env.tsx';
import { renderNoticeReckoning } from '../../domain/sittings/render-notice.ts';
import { ExplanationLines } from '../../web/components/explanation-lines.tsx';
import type { SittingCalendarView } from '../../services/sitting-calendar.ts';

/** The rows of the sitting's facts list: kind and who convened it. */
export function SittingCalendarFacts({ calendar }: { calendar: SittingCalendarView }) {
  const { t } = usePage();
  return (
    <>
      <dt>{t('calendar.kind')}</dt>
      <dd>{t(`sitting_kind.${calendar.kind}`)}</dd>
      {calendar.convenedBy ? (
        <>
          <dt>{t('calendar.convened_by')}</dt>
          <dd className="user-text">{calendar.convenedBy}</dd>
        </>
      ) : null}
    </>
  );
}

/** The cancellation, the reschedulings and the notices, with their reckoning. */
export function SittingCalendarSection({ calendar, status }: { calendar: SittingCalendarView; status: string }) {
  const { t, date, instant, lang } = usePage();
  const cancelled = calendar.changes.find((c) => c.change === 'cancelled');
  const moves = calendar.changes.filter((c) => c.change === 'rescheduled');
  const slot = (s: { date: string; startsAt: string | null; place: string | null }) =>
    [s.startsAt ? instant(s.startsAt) : date(s.date), s.place].filter(Boolean).join(', ');
  const source = calendar.noticeSource;
  return (
    <>
      {cancelled && status === 'cancelled' ? (
        <p className="notice-cancelled" role="status">
          <strong>{t('calendar.cancelled', { date: instant(cancelled.at, 'date') })}</strong>
          <span className="user-text">{cancelled.reason}</span>
        </p>
      ) : null}
      {moves.length > 0 ? (
        <section aria-labelledby="calendar-changes">
          <h2 id="calendar-changes">{t('calendar.changes')}</h2>
          <ul>
            {moves.map((m) => (
              <li key={m.entryIndex}>
                {t('calendar.rescheduled', {
                  at: instant(m.at, 'date'),
                  from: slot(m.from),
                  to: m.to ? slot(m.to) : '',
                })}
                <span className="user-text">{m.reason}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="notice">
        <h2 id="notice">{t('calendar.notice')}</h2>
        {calendar.notices.length === 0 ? <p>{t('calendar.no_notice')}</p> : null}
        {calendar.notices.map((n) => (
          <div key={n.entryIndex} className="notice">
            <p>
              {t('calendar.notice_published', { at: instant(n.publishedAt), date: date(n.announced.date) })}{' '}
              {n.reckoning ? (
                <strong className={n.reckoning.inTime ? 'in-time' : 'late'}>
                  {n.reckoning.inTime ? t('calendar.notice_in_time') : t('calendar.notice_late')}
                </strong>
              ) : null}
            </p>
            {n.superseded ? <p className="meta">{t('calendar.notice_superseded')}</p> : null}
            {n.secondConvocationWarning ? <p>{t('calendar.second_convocation_warning')}</p> : null}
            {n.reckoning ? <ExplanationLines lines={renderNoticeReckoning(n.reckoning.steps, lang)} /> : null}
          </div>
        ))}
        {calendar.noticeRule === null ? <p className="meta">{t('calendar.notice_no_rule')}</p> : null}
        {source ? (
          <p className="meta">
            {t('calendar.notice_rule_source', {
              act: lang === 'ru' ? (source.ru?.act ?? source.act) : source.act,
              section: lang === 'ru' ? (source.ru?.section ?? source.section) : source.section,
            })}{' '}
            {lang === 'ru' ? (source.ru?.note ?? source.note) : source.note}
          </p>
        ) : null}
      </section>
    </>
  );
}
