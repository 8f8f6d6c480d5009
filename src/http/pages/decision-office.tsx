// The clerk's form for a decision's later life (issue 17, item 3), working without JavaScript:
// the decision's timeline so far, then one form whose fields the event's type uses (the rest are
// left empty). Posted with the session's CSRF token; a refusal is shown with the values sent.
import { usePage } from './page-env.tsx';
import { Csrf, Field, FormNotice, type OfficeNotice } from './office-forms.tsx';
import { DecisionStatusText, DecisionTimeline, type DecisionPageData } from './decision-page.tsx';
import { DECISION_EVENT_TYPES, PUBLICATION_PLACES } from '../../domain/decisions/decision-life.ts';
import type { MessageKey } from '../../domain/i18n/messages-en.ts';

export type DecisionFormValues = Record<string, string>;

export function DecisionOfficePage({
  slug,
  data,
  notice,
  values,
  csrfToken,
}: {
  slug: string;
  data: DecisionPageData;
  notice: OfficeNotice;
  values: DecisionFormValues;
  csrfToken: string | null;
}) {
  const { t } = usePage();
  const problem = notice?.kind === 'error' ? notice.problem : null;
  const v = (k: string) => values[k] ?? '';
  const text = (name: string, label: MessageKey, multiline = false) => (
    <Field form="event" name={name} label={t(label)} problem={problem}>
      {(a) =>
        multiline ? (
          <textarea name={name} defaultValue={v(name)} rows={3} {...a} />
        ) : (
          <input name={name} defaultValue={v(name)} {...a} />
        )
      }
    </Field>
  );
  return (
    <>
      <h1>
        {data.registerNumber === null
          ? t('decision.page_title_unnumbered')
          : t('decision.page_title', { number: data.registerNumber })}
      </h1>
      <p>
        <a href={`/${encodeURIComponent(slug)}/decisions/${data.id}`} className="user-text">
          {data.motion.title}
        </a>
        {' — '}
        <DecisionStatusText status={data.status} since={data.statusSince} />
      </p>
      {data.events.length === 0 ? (
        <p>{t('decision.no_events')}</p>
      ) : (
        <DecisionTimeline slug={slug} events={data.events} />
      )}
      <h2 id="record-event">{t('decision.form_title')}</h2>
      <FormNotice notice={notice} id="event-notice" />
      <form method="post" action={`/${encodeURIComponent(slug)}/office/decisions/${data.id}/events`}>
        <Csrf token={csrfToken} />
        <Field form="event" name="type" label={t('decision.form_type')} problem={problem}>
          {(a) => (
            <select name="type" defaultValue={v('type')} {...a}>
              {DECISION_EVENT_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`decision_event.${type}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('on', 'decision.form_on')}
        {text('by', 'decision.form_by')}
        {text('source', 'decision.form_source')}
        {text('reasons', 'decision.form_reasons', true)}
        {text('vote', 'decision.form_vote')}
        <Field form="event" name="place" label={t('decision.form_place')} problem={problem}>
          {(a) => (
            <select name="place" defaultValue={v('place')} {...a}>
              <option value="">{t('decision.form_place_none')}</option>
              {PUBLICATION_PLACES.map((p) => (
                <option key={p} value={p}>
                  {t(`decision.place.${p}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('bulletin', 'decision.form_bulletin')}
        {text('issue', 'decision.form_issue')}
        {text('url', 'decision.form_url')}
        {text('decision', 'decision.form_decision')}
        {text('court', 'decision.form_court')}
        {text('caseNumber', 'decision.form_case')}
        <p>
          <button type="submit">{t('decision.form_submit')}</button>
        </p>
      </form>
    </>
  );
}
