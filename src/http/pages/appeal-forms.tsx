// The clerk's forms for appeals: plain HTML forms posted with the session's CSRF token, so they
// work without JavaScript. They post to the page routes (appeal-page-routes.tsx), which call the
// same services as the JSON API. Shown only to a signed-in clerk.
import type { ReactNode } from 'react';
import { usePage } from './page-env.tsx';
import { pickText } from './localized.tsx';
import type { MessageKey } from '../../domain/i18n/translate.ts';
import type { AuthorityView } from '../../services/appeals/authorities.ts';
import type { AppealReminder } from '../../services/appeals/appeal-reminders.ts';
import { APPEAL_CHANNELS } from '../../services/appeals/appeals.ts';
import { REPLY_CLASSIFICATIONS } from '../../domain/appeals/appeal-event.ts';
import { DEADLINE_PRESETS } from '../../domain/appeals/deadline-rule.ts';
import { useAppealState } from './appeal-pages.tsx';

export type FormNotice = { kind: 'saved' } | { kind: 'error'; message: string } | null;

export interface ClerkData {
  csrfToken: string | null;
  notice: FormNotice;
  authorities: AuthorityView[];
  decisions: Array<{ id: number; title: string; adoptedOn: string; registerNumber: string | null }>;
  members: Array<{ memberId: number; name: { en: string | null; ru: string | null } }>;
  attention: AppealReminder[];
}

const EVENT_TYPES = [
  'sent',
  'delivered',
  'registered',
  'extended',
  'redirected',
  'reply_received',
  'follow_up',
  'clarified',
  'fee_notice',
  'fee_paid',
  'closed',
  'withdrawn',
] as const;

function Notice({ notice }: { notice: FormNotice }) {
  const { t } = usePage();
  if (!notice) return null;
  return notice.kind === 'saved' ? (
    <p className="note" role="status">
      {t('clerk.saved')}
    </p>
  ) : (
    <p className="error-message note" role="alert">
      {t('clerk.error', { message: notice.message })}
    </p>
  );
}

function Csrf({ token }: { token: string | null }) {
  return token ? <input type="hidden" name="_csrf" value={token} /> : null;
}

function Field({ id, label, children, hint }: { id: string; label: string; children: ReactNode; hint?: string }) {
  return (
    <p className="field">
      <label htmlFor={id}>{label}</label>
      <br />
      {children}
      {hint ? (
        <>
          <br />
          <span className="meta" id={`${id}-hint`}>
            {hint}
          </span>
        </>
      ) : null}
    </p>
  );
}

// An <option> holds text only: the name in the page's language, else the other one.
function AuthorityOptions({ authorities }: { authorities: AuthorityView[] }) {
  const { lang } = usePage();
  return (
    <>
      {authorities.map((a) => (
        <option key={a.id} value={a.id}>
          {pickText(a.names, lang)?.text ?? String(a.id)}
        </option>
      ))}
    </>
  );
}

export function ClerkAppealsSection({ slug, data }: { slug: string; data: ClerkData }) {
  const { t, date } = usePage();
  const state = useAppealState();
  const base = `/${encodeURIComponent(slug)}`;
  return (
    <section aria-labelledby="clerk" id="clerk">
      <h2 id="clerk-heading">{t('clerk.heading')}</h2>
      <Notice notice={data.notice} />
      <h3>{t('clerk.attention')}</h3>
      {data.attention.length === 0 ? (
        <p>{t('clerk.attention_none')}</p>
      ) : (
        <ul>
          {data.attention.map((r) => (
            <li key={`${r.kind}-${r.appeal.id}`}>
              <strong>{t(r.kind === 'overdue' ? 'clerk.overdue' : 'clerk.due_soon')}</strong>
              {' — '}
              <a className="user-text" href={`${base}/appeals/${r.appeal.id}`}>
                {r.appeal.title}
              </a>
              {' — '}
              {date(r.due)}
              <br />
              <span className="meta">{state(r.appeal.status)}</span>
            </li>
          ))}
        </ul>
      )}

      <h3>{t('clerk.new_appeal')}</h3>
      {data.authorities.length === 0 ? (
        <p>{t('clerk.no_authorities')}</p>
      ) : (
        <form method="post" action={`${base}/appeals`}>
          <Csrf token={data.csrfToken} />
          <Field id="appeal-title" label={t('form.title')}>
            <input id="appeal-title" name="title" required maxLength={1000} size={60} />
          </Field>
          <Field id="appeal-authority" label={t('form.authority')}>
            <select id="appeal-authority" name="authorityId" required>
              <AuthorityOptions authorities={data.authorities} />
            </select>
          </Field>
          <Field id="appeal-sender" label={t('form.sender')}>
            <select id="appeal-sender" name="sender">
              <option value="body">{t('appeal.sender_body')}</option>
              {data.members.map((m) => (
                <option key={m.memberId} value={m.memberId}>
                  {t('appeal.sender_member', { name: m.name.en ?? m.name.ru ?? '' })}
                </option>
              ))}
            </select>
          </Field>
          <Field id="appeal-decision" label={t('form.decision')}>
            <select id="appeal-decision" name="decisionId">
              <option value="">{t('form.none')}</option>
              {data.decisions.map((d) => (
                <option
                  key={d.id}
                  value={d.id}
                >{`${date(d.adoptedOn)}${d.registerNumber ? ` № ${d.registerNumber}` : ''}: ${d.title.slice(0, 120)}`}</option>
              ))}
            </select>
          </Field>
          <Field id="appeal-channel" label={t('form.channel')}>
            <select id="appeal-channel" name="channel">
              <option value="">{t('appeal.not_recorded')}</option>
              {APPEAL_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`channel.${c}` as MessageKey)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="appeal-reference" label={t('form.reference')}>
            <input id="appeal-reference" name="reference" maxLength={200} />
          </Field>
          <Field id="appeal-summary" label={t('form.summary')}>
            <textarea id="appeal-summary" name="summary" rows={4} cols={60} maxLength={10000} />
          </Field>
          <Field id="appeal-personal" label={t('form.personal_details')}>
            <textarea id="appeal-personal" name="personalDetails" rows={2} cols={60} maxLength={100000} />
          </Field>
          <button type="submit" className="primary-button">
            {t('form.submit_draft')}
          </button>
        </form>
      )}

      <h3>{t('clerk.add_authority')}</h3>
      <form method="post" action={`${base}/authorities`}>
        <Csrf token={data.csrfToken} />
        <Field id="authority-en" label={t('form.name_en')}>
          <input id="authority-en" name="nameEn" maxLength={300} size={50} lang="en" />
        </Field>
        <Field id="authority-ru" label={t('form.name_ru')}>
          <input id="authority-ru" name="nameRu" maxLength={300} size={50} lang="ru" />
        </Field>
        <Field id="authority-address" label={t('form.address')}>
          <input id="authority-address" name="address" maxLength={1000} size={50} />
        </Field>
        <Field id="authority-rule" label={t('form.rule')}>
          <select id="authority-rule" name="rule">
            {Object.values(DEADLINE_PRESETS).map((r) => (
              <option key={r.id} value={r.id}>{`${r.id} — ${r.source.act}, ${r.source.section}`}</option>
            ))}
          </select>
        </Field>
        <button type="submit" className="primary-button">
          {t('form.submit_authority')}
        </button>
      </form>
    </section>
  );
}

export function ClerkAppealSection({ slug, appealId, data }: { slug: string; appealId: number; data: ClerkData }) {
  const { t } = usePage();
  const action = `/${encodeURIComponent(slug)}/appeals/${appealId}/events`;
  return (
    <section aria-labelledby="clerk-heading" id="clerk">
      <h2 id="clerk-heading">{t('clerk.heading')}</h2>
      <Notice notice={data.notice} />
      <h3>{t('clerk.record_event')}</h3>
      <form method="post" action={action}>
        <Csrf token={data.csrfToken} />
        <Field id="event-type" label={t('form.event_type')}>
          <select id="event-type" name="type" required>
            {EVENT_TYPES.map((e) => (
              <option key={e} value={e}>
                {t(`event.${e}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="event-on" label={t('form.date')} hint={t('form.date_hint')}>
          <input
            id="event-on"
            name="on"
            maxLength={10}
            pattern="\d{4}(-\d{2}(-\d{2})?)?"
            aria-describedby="event-on-hint"
          />
        </Field>
        <Field id="event-classification" label={t('form.classification')}>
          <select id="event-classification" name="classification">
            <option value="">{t('form.none')}</option>
            {REPLY_CLASSIFICATIONS.map((c) => (
              <option key={c} value={c}>
                {t(`reply_class.${c}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="event-days" label={t('form.days')}>
          <input id="event-days" name="days" type="number" min={1} max={3650} />
        </Field>
        <Field id="event-notice" label={t('form.notice')}>
          <input id="event-notice" name="notice" maxLength={2000} size={60} />
        </Field>
        <Field id="event-to" label={t('form.to_authority')}>
          <select id="event-to" name="toAuthorityId">
            <option value="">{t('form.none')}</option>
            <AuthorityOptions authorities={data.authorities} />
          </select>
        </Field>
        <Field id="event-reference" label={t('form.reference')}>
          <input id="event-reference" name="reference" maxLength={200} />
        </Field>
        <Field id="event-dated" label={t('form.reply_dated')} hint={t('form.reply_dated_hint')}>
          <input
            id="event-dated"
            name="dated"
            maxLength={10}
            pattern="\d{4}(-\d{2}(-\d{2})?)?"
            aria-describedby="event-dated-hint"
          />
        </Field>
        <Field id="event-reason" label={t('form.reason')}>
          <input id="event-reason" name="reason" maxLength={2000} size={60} />
        </Field>
        <Field id="event-text" label={t('form.text')}>
          <textarea id="event-text" name="text" rows={4} cols={60} maxLength={200000} />
        </Field>
        <button type="submit" className="primary-button">
          {t('form.submit_event')}
        </button>
      </form>
      <p className="meta">
        {t('clerk.attachments_api', {
          path: `/api/v1/bodies/${encodeURIComponent(slug)}/appeals/${appealId}/attachments`,
        })}
      </p>
    </section>
  );
}
