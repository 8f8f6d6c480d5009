// The clerk's page of a sitting's minutes (issue 17, item 1): draft them once the sitting is
// closed, add the narrative of each agenda item in the body's languages, put the current draft to
// the vote at a later sitting (a motion "approval of the minutes"), and — once approved — sign as
// the chair or the clerk, naming the approved PDF's SHA-256. Plain forms, working without JavaScript.
import { usePage } from './page-env.tsx';
import { Csrf, Field, FormNotice, type OfficeNotice } from './office-forms.tsx';
import type { MinutesView } from '../../services/minutes/minutes.ts';

export type MinutesForm = 'draft' | 'narrative' | 'motion' | 'sign' | null;

export interface MinutesPageData {
  sitting: {
    id: number;
    title: string;
    status: string;
    agenda: Array<{ id: number; position: number; title: string }>;
  };
  minutes: MinutesView;
  languages: string[];
  later: Array<{ id: number; title: string; date: string; status: string }>;
  /** What the signed-in account may do here. */
  may: { draft: boolean; table: boolean; signAs: Array<'chair' | 'clerk'> };
}

export function MinutesOfficePage({
  slug,
  bodyName,
  data,
  form,
  notice,
  csrfToken,
}: {
  slug: string;
  bodyName: string;
  data: MinutesPageData;
  form: MinutesForm;
  notice: OfficeNotice;
  csrfToken: string | null;
}) {
  const { t, date, instant, lang } = usePage();
  const { sitting, minutes } = data;
  const base = `/${encodeURIComponent(slug)}`;
  const here = `${base}/office/sittings/${sitting.id}/minutes`;
  const problem = notice?.kind === 'error' ? notice.problem : null;
  const mine = (f: MinutesForm) => (form === f ? problem : null);
  const languageName = (l: string) => (l === 'en' || l === 'ru' ? t(`newbody.lang_${l}`) : l);
  const itemTitle = (id: number | null) => {
    const item = sitting.agenda.find((a) => a.id === id);
    return item ? `${item.position}. ${item.title}` : t('minutes.narrative_general');
  };
  const status =
    minutes.status === 'draft'
      ? t('minutes.status.draft', { version: minutes.version })
      : t(`minutes.status.${minutes.status}`);
  const exportBase = `/export/${encodeURIComponent(slug)}/sittings/${sitting.id}`;
  return (
    <>
      <p className="breadcrumb">
        <a href={`${base}/office/sittings`}>{t('office.sittings_title', { body: bodyName })}</a>
      </p>
      <h1>{t('minutes.office_title', { title: sitting.title })}</h1>
      <p>
        <strong>{t('minutes.status')}:</strong> {status}
      </p>
      {form === null ? <FormNotice notice={notice} id="minutes-notice" /> : null}
      <p>
        <a href={`${base}/sittings/${sitting.id}#minutes`}>{t('sitting.minutes')}</a>
        {minutes.status !== 'none' ? (
          <>
            {' · '}
            <a href={`${exportBase}/minutes-draft.pdf?lang=${lang}`}>{t('minutes.download_draft')}</a>
          </>
        ) : null}
      </p>

      {minutes.status === 'none' && data.may.draft ? (
        <section aria-labelledby="draft">
          <h2 id="draft">{t('minutes.draft_button')}</h2>
          {form === 'draft' ? <FormNotice notice={notice} id="draft-notice" /> : null}
          {sitting.status === 'closed' ? (
            <form method="post" action={here}>
              <Csrf token={csrfToken} />
              <button type="submit">{t('minutes.draft_button')}</button>
            </form>
          ) : (
            <p>{t('minutes.draft_needs_closed')}</p>
          )}
        </section>
      ) : null}

      {minutes.narratives.length > 0 ? (
        <section aria-labelledby="narratives">
          <h2 id="narratives">{t('minutes.narrative')}</h2>
          <ul>
            {minutes.narratives.map((n) => (
              <li key={n.entry}>
                <strong>{itemTitle(n.agendaItemId)}</strong> ({languageName(n.lang)}, v{n.version}):{' '}
                <span lang={n.lang} className="user-text">
                  {n.text}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {minutes.status === 'draft' && data.may.draft ? (
        <section aria-labelledby="add-narrative">
          <h2 id="add-narrative">{t('minutes.add_narrative')}</h2>
          {form === 'narrative' ? <FormNotice notice={notice} id="narrative-notice" /> : null}
          <form method="post" action={`${here}/narratives`}>
            <Csrf token={csrfToken} />
            <Field form="narrative" name="agendaItemId" label={t('minutes.narrative_item')} problem={mine('narrative')}>
              {(a) => (
                <select {...a} name="agendaItemId">
                  {sitting.agenda.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.position}. {i.title}
                    </option>
                  ))}
                  <option value="">{t('minutes.narrative_general')}</option>
                </select>
              )}
            </Field>
            <Field form="narrative" name="lang" label={t('minutes.narrative_lang_field')} problem={mine('narrative')}>
              {(a) => (
                <select {...a} name="lang">
                  {data.languages.map((l) => (
                    <option key={l} value={l}>
                      {languageName(l)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field form="narrative" name="text" label={t('minutes.narrative_text')} problem={mine('narrative')}>
              {(a) => <textarea {...a} name="text" required maxLength={20_000} rows={6} />}
            </Field>
            <button type="submit">{t('minutes.add_narrative')}</button>
          </form>
        </section>
      ) : null}

      {minutes.status === 'draft' && data.may.table ? (
        <section aria-labelledby="put-to-vote">
          <h2 id="put-to-vote">{t('minutes.put_to_vote')}</h2>
          <p className="meta">{t('minutes.put_to_vote_help')}</p>
          {form === 'motion' ? <FormNotice notice={notice} id="motion-notice" /> : null}
          {data.later.length === 0 ? (
            <p>{t('minutes.no_later_sitting')}</p>
          ) : (
            <form method="post" action={`${here}/motion`}>
              <Csrf token={csrfToken} />
              <input type="hidden" name="version" value={minutes.version} />
              <Field form="motion" name="sittingId" label={t('minutes.at_sitting')} problem={mine('motion')}>
                {(a) => (
                  <select {...a} name="sittingId">
                    {data.later.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.title} — {date(s.date)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button type="submit">{t('minutes.put_to_vote')}</button>
            </form>
          )}
        </section>
      ) : null}

      {minutes.approved ? (
        <section aria-labelledby="signatures">
          <h2 id="signatures">{t('minutes.status.signed')}</h2>
          <p>
            <a href={`${exportBase}/minutes.pdf?lang=${lang}`}>{t('minutes.download_approved')}</a>
          </p>
          <p className="meta hash">{t('minutes.sha256', { sha256: minutes.approved.sha256 })}</p>
          <ul>
            {minutes.signatures.map((s) => (
              <li key={s.entry}>
                {t('minutes.signed_by', {
                  role: t(`minutes.role.${s.role}`),
                  account: s.account,
                  date: instant(s.at),
                  entry: s.entry,
                })}
              </li>
            ))}
          </ul>
          {form === 'sign' ? <FormNotice notice={notice} id="sign-notice" /> : null}
          {data.may.signAs
            .filter((role) => !minutes.signatures.some((s) => s.role === role))
            .map((role) => (
              <form key={role} method="post" action={`${here}/signatures`} className="inline-form">
                <Csrf token={csrfToken} />
                <input type="hidden" name="role" value={role} />
                <input type="hidden" name="sha256" value={minutes.approved?.sha256 ?? ''} />
                <p className="meta">{t('minutes.sign_help', { sha256: minutes.approved?.sha256 ?? '' })}</p>
                <button type="submit">{t('minutes.sign_as', { role: t(`minutes.role.${role}`) })}</button>
              </form>
            ))}
        </section>
      ) : null}
    </>
  );
}
