// The clerk's sittings calendar (issue 16, items 1 and 3): schedule a sitting; for each sitting to
// come, reschedule or cancel it with a reason and publish its notice. Plain forms, working without
// JavaScript; a refused form comes back with its reason tied to the field, and nothing recorded.
import { usePage } from './page-env.tsx';
import { Csrf, Field, FormNotice, type OfficeNotice } from './office-forms.tsx';
import type { OfficeSitting } from '../../services/sitting-calendar.ts';
import type { NoticeRule } from '../../domain/sittings/notice.ts';

export interface ScheduleValues {
  title: string;
  date: string;
  time: string;
  place: string;
  kind: 'ordinary' | 'extraordinary';
  convenedBy: string;
  agenda: string;
  lang: string;
}

export const BLANK_SCHEDULE: ScheduleValues = {
  title: '',
  date: '',
  time: '',
  place: '',
  kind: 'ordinary',
  convenedBy: '',
  agenda: '',
  lang: '',
};

/** Which form a notice belongs to: 'schedule', or an action on one sitting. */
export type CalendarForm =
  | { name: 'schedule' }
  | { name: 'reschedule' | 'cancel' | 'notice' | 'title'; sitting: number }
  | null;

export function CalendarPage({
  slug,
  bodyName,
  timeZone,
  noticeRule,
  secondConvocation,
  languages,
  sittings,
  values,
  form,
  notice,
  csrfToken,
}: {
  slug: string;
  bodyName: string;
  timeZone: string;
  noticeRule: NoticeRule | null;
  secondConvocation: boolean;
  /** The body's languages, the first its default: what titles may be entered in. */
  languages: string[];
  sittings: { scheduled: OfficeSitting[]; others: OfficeSitting[] };
  values: ScheduleValues;
  form: CalendarForm;
  notice: OfficeNotice;
  csrfToken: string | null;
}) {
  const { t, date, instant } = usePage();
  const languageName = (l: string) => (l === 'en' || l === 'ru' ? t(`newbody.lang_${l}`) : l);
  const base = `/${encodeURIComponent(slug)}`;
  const office = `${base}/office/sittings`;
  const problem = notice?.kind === 'error' ? notice.problem : null;
  const scheduleProblem = form?.name === 'schedule' ? problem : null;
  const mine = (f: NonNullable<CalendarForm>['name'], sitting?: number) =>
    form !== null && form.name === f && (sitting === undefined || ('sitting' in form && form.sitting === sitting));
  const when = (s: OfficeSitting) =>
    [s.startsAt ? instant(s.startsAt) : date(s.date), s.place].filter(Boolean).join(', ');
  return (
    <>
      <p className="breadcrumb">
        <a href={`${base}/office`}>{t('roster.title')}</a>
      </p>
      <h1>{t('office.sittings_title', { body: bodyName })}</h1>
      <p>{t('office.sittings_lead')}</p>
      <p className="meta">
        {noticeRule
          ? t('office.notice_rule', { rule: t('office.notice_rule_days', { count: noticeRule.clearDays }) })
          : t('office.notice_rule_none')}{' '}
        <a href={`${base}/rules`}>{t('rules.title')}</a>
      </p>
      {form === null ? <FormNotice notice={notice} id="calendar-notice" /> : null}

      <section aria-labelledby="scheduled">
        <h2 id="scheduled">{t('office.sittings_upcoming')}</h2>
        {sittings.scheduled.length === 0 ? <p>{t('office.sittings_none')}</p> : null}
        {sittings.scheduled.map((s) => (
          <article key={s.id} className="office-sitting" aria-labelledby={`sitting-${s.id}`}>
            <h3 id={`sitting-${s.id}`}>
              <a href={`${base}/sittings/${s.id}`} className="user-text">
                {s.title}
              </a>
            </h3>
            <p>
              {when(s)} · {t(`sitting_kind.${s.kind}`)} · {t('office.sitting_notices', { count: s.notices })}
              {s.lastNoticeInTime === null ? null : (
                <>
                  {' '}
                  (
                  <strong className={s.lastNoticeInTime ? 'in-time' : 'late'}>
                    {s.lastNoticeInTime ? t('calendar.notice_in_time') : t('calendar.notice_late')}
                  </strong>
                  )
                </>
              )}
            </p>
            <p>
              <a href={`${office}/${s.id}/agenda`}>{t('agenda.office_link')}</a>
              {' · '}
              <a href={`${office}/${s.id}/papers`}>{t('papers.office_link')}</a>
            </p>
            {mine('notice', s.id) || mine('reschedule', s.id) || mine('cancel', s.id) ? (
              <FormNotice notice={notice} id={`sitting-${s.id}-notice`} />
            ) : null}
            <form method="post" action={`${office}/${s.id}/notice`} className="inline-form">
              <Csrf token={csrfToken} />
              {secondConvocation ? (
                <p className="field">
                  <input type="checkbox" id={`notice-${s.id}-warning`} name="secondConvocation" value="1" />{' '}
                  <label htmlFor={`notice-${s.id}-warning`}>{t('office.sitting_second_convocation')}</label>
                </p>
              ) : null}
              <button type="submit">{t('office.sitting_publish_notice')}</button>
            </form>
            <details open={mine('reschedule', s.id)}>
              <summary>{t('office.sitting_reschedule')}</summary>
              <form method="post" action={`${office}/${s.id}/reschedule`}>
                <Csrf token={csrfToken} />
                <Field
                  form={`reschedule-${s.id}`}
                  name="date"
                  label={t('office.sitting_date')}
                  problem={mine('reschedule', s.id) ? problem : null}
                >
                  {(a) => <input {...a} type="date" name="date" required defaultValue={s.date} />}
                </Field>
                <Field
                  form={`reschedule-${s.id}`}
                  name="time"
                  label={t('office.sitting_time', { zone: timeZone })}
                  problem={mine('reschedule', s.id) ? problem : null}
                >
                  {(a) => <input {...a} type="time" name="time" />}
                </Field>
                <Field
                  form={`reschedule-${s.id}`}
                  name="place"
                  label={t('office.sitting_place')}
                  problem={mine('reschedule', s.id) ? problem : null}
                >
                  {(a) => <input {...a} name="place" maxLength={500} defaultValue={s.place ?? ''} />}
                </Field>
                <Field
                  form={`reschedule-${s.id}`}
                  name="reason"
                  label={t('office.sitting_reason')}
                  problem={mine('reschedule', s.id) ? problem : null}
                >
                  {(a) => <textarea {...a} name="reason" required maxLength={2000} rows={2} />}
                </Field>
                <button type="submit">{t('office.sitting_reschedule')}</button>
              </form>
            </details>
            <details open={mine('cancel', s.id)}>
              <summary>{t('office.sitting_cancel')}</summary>
              <form method="post" action={`${office}/${s.id}/cancel`}>
                <Csrf token={csrfToken} />
                <Field
                  form={`cancel-${s.id}`}
                  name="reason"
                  label={t('office.sitting_reason')}
                  problem={mine('cancel', s.id) ? problem : null}
                >
                  {(a) => <textarea {...a} name="reason" required maxLength={2000} rows={2} />}
                </Field>
                <button type="submit">{t('office.sitting_cancel')}</button>
              </form>
            </details>
            {languages.length > 1 ? (
              <details open={mine('title', s.id)}>
                <summary>{t('office.sitting_title_other')}</summary>
                <form method="post" action={`${office}/${s.id}/title`}>
                  <Csrf token={csrfToken} />
                  <Field
                    form={`title-${s.id}`}
                    name="lang"
                    label={t('office.sitting_language')}
                    problem={mine('title', s.id) ? problem : null}
                  >
                    {(a) => (
                      <select {...a} name="lang">
                        {languages.map((l) => (
                          <option key={l} value={l}>
                            {languageName(l)}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <Field
                    form={`title-${s.id}`}
                    name="text"
                    label={t('office.sitting_title')}
                    problem={mine('title', s.id) ? problem : null}
                  >
                    {(a) => <input {...a} name="text" required maxLength={500} />}
                  </Field>
                  <button type="submit">{t('office.sitting_title_add')}</button>
                </form>
              </details>
            ) : null}
          </article>
        ))}
      </section>

      <section aria-labelledby="schedule">
        <h2 id="schedule">{t('office.sitting_new')}</h2>
        {mine('schedule') ? <FormNotice notice={notice} id="schedule-notice" /> : null}
        <form method="post" action={office}>
          <Csrf token={csrfToken} />
          <Field form="schedule" name="title" label={t('office.sitting_title')} problem={scheduleProblem}>
            {(a) => <input {...a} name="title" required maxLength={500} defaultValue={values.title} />}
          </Field>
          <Field form="schedule" name="date" label={t('office.sitting_date')} problem={scheduleProblem}>
            {(a) => <input {...a} type="date" name="date" required defaultValue={values.date} />}
          </Field>
          <Field
            form="schedule"
            name="time"
            label={t('office.sitting_time', { zone: timeZone })}
            problem={scheduleProblem}
          >
            {(a) => <input {...a} type="time" name="time" defaultValue={values.time} />}
          </Field>
          {languages.length > 1 ? (
            <Field form="schedule" name="lang" label={t('office.sitting_language')} problem={scheduleProblem}>
              {(a) => (
                <select {...a} name="lang" defaultValue={values.lang || languages[0]}>
                  {languages.map((l) => (
                    <option key={l} value={l}>
                      {languageName(l)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
          <Field form="schedule" name="place" label={t('office.sitting_place')} problem={scheduleProblem}>
            {(a) => <input {...a} name="place" maxLength={500} defaultValue={values.place} />}
          </Field>
          <Field form="schedule" name="kind" label={t('office.sitting_kind')} problem={scheduleProblem}>
            {(a) => (
              <select {...a} name="kind" defaultValue={values.kind}>
                <option value="ordinary">{t('sitting_kind.ordinary')}</option>
                <option value="extraordinary">{t('sitting_kind.extraordinary')}</option>
              </select>
            )}
          </Field>
          <Field form="schedule" name="convenedBy" label={t('office.sitting_convened_by')} problem={scheduleProblem}>
            {(a) => <input {...a} name="convenedBy" maxLength={500} defaultValue={values.convenedBy} />}
          </Field>
          <Field form="schedule" name="agenda" label={t('office.sitting_agenda')} problem={scheduleProblem}>
            {(a) => <textarea {...a} name="agenda" rows={5} defaultValue={values.agenda} />}
          </Field>
          <button type="submit">{t('office.sitting_schedule')}</button>
        </form>
      </section>

      {sittings.others.length > 0 ? (
        <section aria-labelledby="others">
          <h2 id="others">{t('office.sittings_past')}</h2>
          <ul>
            {sittings.others.map((s) => (
              <li key={s.id}>
                <a href={`${base}/sittings/${s.id}`} className="user-text">
                  {s.title}
                </a>{' '}
                — {when(s)} · {t(`sitting_status.${s.status as 'open' | 'closed' | 'cancelled' | 'scheduled'}`)}
                {s.status === 'closed' ? (
                  <>
                    {' · '}
                    <a href={`${office}/${s.id}/minutes`}>{t('minutes.office_link')}</a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
