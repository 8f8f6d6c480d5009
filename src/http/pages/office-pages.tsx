// The clerk's office pages (issue 15, items 2 and 3): the office's home (the councils one may set
// up or staff), the new-council form with a plain-language preview of every rules preset (the
// same view as /{slug}/rules), and a council's roster page: seats established / filled / vacant,
// terms, assigning and ending mandates, and a roster CSV checked and shown before anything is stored.
import { PRESETS } from '../../domain/rules/presets.ts';
import { MANDATE_END_REASONS } from '../../domain/roster/mandate-end.ts';
import type { RosterProblem, RosterRow } from '../../services/roster-import.ts';
import type { RosterView } from '../../services/roster-reads.ts';
import type { TermView } from '../../services/terms.ts';
import type { OfficeBody } from '../../services/office.ts';
import { usePage } from './page-env.tsx';
import { pickText } from './localized.tsx';
import { PresetList } from './rules-page.tsx';
import { Csrf, Field, FormNotice, type FormProblem, type OfficeNotice } from './office-forms.tsx';
import { InviteForm } from './invite-pages.tsx';
import type { ParentMember } from '../../services/committees.ts';

export function OfficeHome({ bodies, siteAdmin }: { bodies: OfficeBody[]; siteAdmin: boolean }) {
  const { t, lang } = usePage();
  return (
    <>
      <h1>{t('office.title')}</h1>
      <p>{t('office.lead')}</p>
      <p>
        <a href="/account">{t('office.account_link')}</a>
      </p>
      {siteAdmin ? (
        <>
          <p>
            <a href="/office/bodies/new">{t('office.new_body')}</a>
          </p>
          <p>
            <a href="/office/accounts">{t('office.accounts_link')}</a>
          </p>
        </>
      ) : null}
      {bodies.length === 0 ? (
        <p>{t('office.none')}</p>
      ) : (
        <ul>
          {bodies.map((b) => (
            <li key={b.slug}>
              <a className="user-text" href={`/${encodeURIComponent(b.slug)}`}>
                {pickText(b.names, lang)?.text ?? b.slug}
              </a>
              {b.manageRoster || b.configure ? (
                <>
                  {' — '}
                  <a href={`/${encodeURIComponent(b.slug)}/office`}>{t('office.roster_link')}</a>
                </>
              ) : null}
              {b.manageSittings ? (
                <>
                  {' — '}
                  <a href={`/${encodeURIComponent(b.slug)}/office/sittings`}>{t('office.sittings_link')}</a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export interface NewBodyValues {
  slug: string;
  nameEn: string;
  nameRu: string;
  jurisdiction: string;
  timeZone: string;
  languages: string[];
  establishedSeats: string;
  preset: string;
  makeMeAdmin: boolean;
}

export function NewBodyPage({
  values,
  notice,
  csrfToken,
}: {
  values: NewBodyValues;
  notice: OfficeNotice;
  csrfToken: string | null;
}) {
  const { t } = usePage();
  const problem: FormProblem = notice?.kind === 'error' ? notice.problem : null;
  const f = 'newbody';
  return (
    <>
      <h1>{t('newbody.title')}</h1>
      <p>{t('newbody.lead')}</p>
      <FormNotice id="newbody-notice" notice={notice} />
      <form method="post" action="/office/bodies" className="office-form">
        <Csrf token={csrfToken} />
        <Field form={f} name="slug" label={t('newbody.slug')} hint={t('newbody.slug_hint')} problem={problem}>
          {(a) => <input {...a} name="slug" required maxLength={64} defaultValue={values.slug} />}
        </Field>
        <Field form={f} name="nameRu" label={t('newbody.name_ru')} hint={t('newbody.names_hint')} problem={problem}>
          {(a) => <input {...a} name="nameRu" lang="ru" maxLength={300} defaultValue={values.nameRu} />}
        </Field>
        <Field form={f} name="nameEn" label={t('newbody.name_en')} problem={problem}>
          {(a) => <input {...a} name="nameEn" lang="en" maxLength={300} defaultValue={values.nameEn} />}
        </Field>
        <Field form={f} name="jurisdiction" label={t('newbody.jurisdiction')} problem={problem}>
          {(a) => <input {...a} name="jurisdiction" maxLength={300} defaultValue={values.jurisdiction} />}
        </Field>
        <Field
          form={f}
          name="timeZone"
          label={t('newbody.time_zone')}
          hint={t('newbody.time_zone_hint')}
          problem={problem}
        >
          {(a) => <input {...a} name="timeZone" required maxLength={64} defaultValue={values.timeZone} />}
        </Field>
        <fieldset
          aria-describedby={problem?.field === 'languages' ? 'newbody-languages-error' : undefined}
          aria-invalid={problem?.field === 'languages' ? true : undefined}
        >
          <legend>{t('newbody.languages')}</legend>
          {problem?.field === 'languages' ? (
            <p className="error-message" id="newbody-languages-error">
              {problem.message}
            </p>
          ) : null}
          {(['ru', 'en'] as const).map((l) => (
            <label key={l} className="choice">
              <input type="checkbox" name="languages" value={l} defaultChecked={values.languages.includes(l)} />{' '}
              {t(l === 'en' ? 'newbody.lang_en' : 'newbody.lang_ru')}
            </label>
          ))}
        </fieldset>
        <Field
          form={f}
          name="establishedSeats"
          label={t('newbody.seats')}
          hint={t('newbody.seats_hint')}
          problem={problem}
        >
          {(a) => (
            <input
              {...a}
              name="establishedSeats"
              inputMode="numeric"
              pattern="[0-9]*"
              required
              maxLength={5}
              defaultValue={values.establishedSeats}
            />
          )}
        </Field>
        <Field form={f} name="preset" label={t('newbody.preset')} problem={problem}>
          {(a) => (
            <select {...a} name="preset" defaultValue={values.preset}>
              {Object.keys(PRESETS).map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <p className="field">
          <label className="choice">
            <input type="checkbox" name="makeMeAdmin" value="1" defaultChecked={values.makeMeAdmin} />{' '}
            {t('newbody.make_me_admin')}
          </label>
        </p>
        <p>
          <button type="submit">{t('newbody.submit')}</button>
        </p>
      </form>
      <h2 id="presets">{t('newbody.preview')}</h2>
      <p>{t('newbody.preview_lead')}</p>
      <PresetList />
    </>
  );
}

export interface RosterReport {
  rows: RosterRow[];
  problems: RosterProblem[];
  /** The checked file, carried to the confirmation form when every row is fine. */
  csv: string | null;
}

function HolderName({ h }: { h: { nameEn: string | null; nameRu: string | null } }) {
  const { t, lang } = usePage();
  const picked = pickText({ ...(h.nameEn ? { en: h.nameEn } : {}), ...(h.nameRu ? { ru: h.nameRu } : {}) }, lang);
  return picked ? (
    <span className="user-text" lang={picked.lang}>
      {picked.text}
    </span>
  ) : (
    t('roster.unnamed')
  );
}

export function RosterPage({
  slug,
  roster,
  terms,
  canConfigure,
  canManageRoster,
  canInvite,
  canManageRoles,
  invitationDays,
  mail = false,
  notice,
  form,
  report,
  csrfToken,
  limits,
  committee,
  committees,
}: {
  slug: string;
  roster: RosterView;
  terms: TermView[];
  canConfigure: boolean;
  canManageRoster: boolean;
  canInvite: boolean;
  canManageRoles: boolean;
  invitationDays: number;
  /** The site sends mail: invitations may be e-mailed. */
  mail?: boolean;
  notice: OfficeNotice;
  /** Which form the notice belongs to. */
  form: 'fill' | 'vacate' | 'import' | 'term' | 'committee' | null;
  report: RosterReport | null;
  csrfToken: string | null;
  limits: { rows: number; kib: number };
  /** When this body is a committee: its parent, and the parent's members free to take a seat. */
  committee: { parent: { slug: string; names: Record<string, string> }; freeMembers: ParentMember[] } | null;
  /** When it is not: its committees, and the form to establish one when the viewer may. */
  committees: CommitteesSection | null;
}) {
  const { t, date, number } = usePage();
  const base = `/${encodeURIComponent(slug)}/office`;
  const problemOf = (name: typeof form): FormProblem =>
    form === name && notice?.kind === 'error' ? notice.problem : null;
  const noticeOf = (name: typeof form): OfficeNotice => (form === name ? notice : null);
  const vacant = roster.established - roster.filled;
  const reason = (r: string | null) =>
    r && (MANDATE_END_REASONS as readonly string[]).includes(r)
      ? t(`mandate.${r as (typeof MANDATE_END_REASONS)[number]}`)
      : t('mandate.not_recorded');
  return (
    <>
      <h1>{t(committee ? 'committee.roster_title' : 'roster.title')}</h1>
      {canManageRoles ? (
        <p>
          <a href={`${base}/roles`}>{t('roles.link')}</a>
        </p>
      ) : null}
      <p>
        <a href={`${base}/sittings`}>{t('office.sittings_link')}</a>
      </p>
      <p>
        {t('roster.counts', {
          established: number(roster.established),
          filled: number(roster.filled),
          vacant: number(vacant),
        })}
      </p>
      <p>
        <a href={`${base}/factions`}>{t('factions.office_link')}</a>
      </p>

      <h2 id="terms">{t('terms.title')}</h2>
      {terms.length === 0 ? (
        <p>{t('terms.none')}</p>
      ) : (
        <table>
          <caption>{t('terms.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('terms.number')}</th>
              <th scope="col">{t('terms.starts_on')}</th>
              <th scope="col">{t('terms.ends_on')}</th>
            </tr>
          </thead>
          <tbody>
            {terms.map((term) => (
              <tr key={term.number}>
                <th scope="row">{number(term.number)}</th>
                <td>{date(term.startsOn)}</td>
                <td>{term.endsOn ? date(term.endsOn) : t('terms.open')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canConfigure ? (
        <form method="post" action={`${base}/terms`} className="office-form" aria-labelledby="term-form">
          <h3 id="term-form">{t('terms.add_title')}</h3>
          <FormNotice id="term-notice" notice={noticeOf('term')} />
          <Csrf token={csrfToken} />
          <Field form="term" name="startsOn" label={t('terms.add_starts_on')} problem={problemOf('term')}>
            {(a) => <input {...a} name="startsOn" type="date" required />}
          </Field>
          <Field form="term" name="endsOn" label={t('terms.add_ends_on')} problem={problemOf('term')}>
            {(a) => <input {...a} name="endsOn" type="date" />}
          </Field>
          <p>
            <button type="submit">{t('terms.add_submit')}</button>
          </p>
        </form>
      ) : null}

      <h2 id="seats">{t('roster.caption')}</h2>
      <table>
        <caption>{t('roster.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('roster.seat')}</th>
            <th scope="col">{t('roster.holder')}</th>
            <th scope="col">{t('roster.since')}</th>
            <th scope="col">{t('roster.account')}</th>
          </tr>
        </thead>
        <tbody>
          {roster.seats.map((s) => (
            <tr key={s.number} data-seat={s.number}>
              <th scope="row">{number(s.number)}</th>
              <td>{s.holder ? <HolderName h={s.holder} /> : t('roster.vacant')}</td>
              <td>{s.holder?.startsOn ? date(s.holder.startsOn) : ''}</td>
              <td>{s.holder ? t(s.holder.linked ? 'roster.account_linked' : 'roster.account_none') : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="ended">{t('roster.ended_caption')}</h2>
      {roster.ended.length === 0 ? (
        <p>{t('roster.no_ended')}</p>
      ) : (
        <table>
          <caption>{t('roster.ended_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('roster.seat')}</th>
              <th scope="col">{t('roster.holder')}</th>
              <th scope="col">{t('roster.since')}</th>
              <th scope="col">{t('roster.until')}</th>
              <th scope="col">{t('roster.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {roster.ended.map((m) => (
              <tr key={m.membershipId}>
                <th scope="row">{number(m.seat)}</th>
                <td>
                  <HolderName h={m} />
                </td>
                <td>{m.startsOn ? date(m.startsOn) : ''}</td>
                <td>{date(m.endsOn)}</td>
                <td>{reason(m.reason)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {committees ? (
        <CommitteesBlock
          slug={slug}
          section={committees}
          notice={noticeOf('committee')}
          problem={problemOf('committee')}
          csrfToken={csrfToken}
        />
      ) : null}

      {canInvite ? (
        <>
          <InviteForm slug={slug} notice={null} csrfToken={csrfToken} days={invitationDays} mail={mail} />
          <p>
            <a href={`${base}/invitations`}>{t('invite.pending_title')}</a>
          </p>
        </>
      ) : null}

      {canManageRoster ? (
        <>
          <form method="post" action={`${base}/seats`} className="office-form" aria-labelledby="fill-form">
            <h2 id="fill-form">{t(committee ? 'committee.fill_title' : 'roster.fill_title')}</h2>
            <FormNotice id="fill-notice" notice={noticeOf('fill')} />
            <Csrf token={csrfToken} />
            <Field form="fill" name="seat" label={t('roster.seat_number')} problem={problemOf('fill')}>
              {(a) => <input {...a} name="seat" inputMode="numeric" pattern="[0-9]*" required maxLength={5} />}
            </Field>
            {committee ? (
              <CommitteeMemberField committee={committee} problem={problemOf('fill')} />
            ) : (
              <>
                <Field form="fill" name="nameRu" label={t('roster.name_ru')} problem={problemOf('fill')}>
                  {(a) => <input {...a} name="nameRu" lang="ru" maxLength={300} />}
                </Field>
                <Field form="fill" name="nameEn" label={t('roster.name_en')} problem={problemOf('fill')}>
                  {(a) => <input {...a} name="nameEn" lang="en" maxLength={300} />}
                </Field>
              </>
            )}
            <Field form="fill" name="startsOn" label={t('roster.starts_on')} problem={problemOf('fill')}>
              {(a) => <input {...a} name="startsOn" maxLength={10} />}
            </Field>
            <p>
              <button type="submit">{t(committee ? 'committee.fill_submit' : 'roster.fill_submit')}</button>
            </p>
          </form>

          <form method="post" action={`${base}/vacate`} className="office-form" aria-labelledby="vacate-form">
            <h2 id="vacate-form">{t(committee ? 'committee.vacate_title' : 'roster.vacate_title')}</h2>
            <FormNotice id="vacate-notice" notice={noticeOf('vacate')} />
            <Csrf token={csrfToken} />
            <Field form="vacate" name="seat" label={t('roster.seat_number')} problem={problemOf('vacate')}>
              {(a) => <input {...a} name="seat" inputMode="numeric" pattern="[0-9]*" required maxLength={5} />}
            </Field>
            <Field form="vacate" name="endsOn" label={t('roster.ends_on')} problem={problemOf('vacate')}>
              {(a) => <input {...a} name="endsOn" required maxLength={10} />}
            </Field>
            <Field form="vacate" name="reason" label={t('roster.end_reason')} problem={problemOf('vacate')}>
              {(a) => (
                <select {...a} name="reason" required>
                  {MANDATE_END_REASONS.map((r) => (
                    <option key={r} value={r}>
                      {t(`mandate.${r}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <p>
              <button type="submit">{t(committee ? 'committee.vacate_submit' : 'roster.vacate_submit')}</button>
            </p>
          </form>

          {committee ? null : (
            <form
              method="post"
              action={`${base}/import`}
              encType="multipart/form-data"
              className="office-form"
              aria-labelledby="import-form"
            >
              <h2 id="import-form">{t('roster.import_title')}</h2>
              <p id="import-limits">
                {t('roster.import_lead', { rows: number(limits.rows), kib: number(limits.kib) })}
              </p>
              <FormNotice id="import-notice" notice={noticeOf('import')} />
              <Csrf token={csrfToken} />
              <Field form="import" name="roster" label={t('roster.import_file')} problem={problemOf('import')}>
                {(a) => <input {...a} name="roster" type="file" accept=".csv,text/csv" required />}
              </Field>
              <p>
                <button type="submit">{t('roster.import_check')}</button>
              </p>
            </form>
          )}
          {report ? <ImportReport slug={slug} report={report} csrfToken={csrfToken} /> : null}
        </>
      ) : null}
    </>
  );
}

function ImportReport({ slug, report, csrfToken }: { slug: string; report: RosterReport; csrfToken: string | null }) {
  const { t, date, number } = usePage();
  const bad = new Map<number, RosterProblem[]>();
  for (const p of report.problems) bad.set(p.line, [...(bad.get(p.line) ?? []), p]);
  const lines = [...new Set([...report.rows.map((r) => r.line), ...report.problems.map((p) => p.line)])].sort(
    (a, b) => a - b,
  );
  const byLine = new Map(report.rows.map((r) => [r.line, r]));
  return (
    <section aria-labelledby="import-report" id="report">
      <h3 id="import-report">{t('roster.report_caption')}</h3>
      <p
        className={report.problems.length ? 'error-message' : 'note'}
        role={report.problems.length ? 'alert' : 'status'}
      >
        {report.problems.length
          ? t('roster.report_bad', { count: number(bad.size) })
          : t('roster.report_good', { count: number(report.rows.length) })}
      </p>
      <table>
        <caption>{t('roster.report_caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('roster.report_line')}</th>
            <th scope="col">{t('roster.seat')}</th>
            <th scope="col">{t('roster.name_ru')}</th>
            <th scope="col">{t('roster.name_en')}</th>
            <th scope="col">{t('roster.since')}</th>
            <th scope="col">{t('roster.report_status')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => {
            const row = byLine.get(line);
            const problems = bad.get(line) ?? [];
            return (
              <tr key={line} data-line={line} className={problems.length ? 'bad-row' : undefined}>
                <th scope="row">{number(line)}</th>
                <td>{row ? number(row.seat) : ''}</td>
                <td className="user-text">{row?.nameRu ?? ''}</td>
                <td className="user-text">{row?.nameEn ?? ''}</td>
                <td>{row?.startsOn ? date(row.startsOn) : ''}</td>
                <td>
                  {problems.length ? (
                    <strong className="user-text">{problems.map((p) => `${p.message} (${p.code})`).join('; ')}</strong>
                  ) : (
                    t('roster.report_ok')
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {report.problems.length === 0 && report.csv !== null ? (
        <form method="post" action={`/${encodeURIComponent(slug)}/office/import`} className="office-form">
          <Csrf token={csrfToken} />
          <input type="hidden" name="csv" value={report.csv} />
          <input type="hidden" name="confirm" value="1" />
          <p>
            <button type="submit">{t('roster.import_confirm')}</button>
          </p>
        </form>
      ) : null}
    </section>
  );
}

function CommitteeMemberField({
  committee,
  problem,
}: {
  committee: { parent: { slug: string; names: Record<string, string> }; freeMembers: ParentMember[] };
  problem: FormProblem;
}) {
  const { t, lang, number } = usePage();
  const parentName = pickText(committee.parent.names, lang)?.text ?? committee.parent.slug;
  return (
    <>
      <p>{t('committee.fill_lead', { parent: parentName })}</p>
      {committee.freeMembers.length === 0 ? <p className="note">{t('committee.no_free_members')}</p> : null}
      <Field form="fill" name="parentMember" label={t('committee.parent_member')} problem={problem}>
        {(a) => (
          <select {...a} name="parentMember" required>
            {committee.freeMembers.map((m) => {
              const name =
                pickText({ ...(m.nameEn ? { en: m.nameEn } : {}), ...(m.nameRu ? { ru: m.nameRu } : {}) }, lang)
                  ?.text ?? t('roster.unnamed');
              return (
                <option key={m.membershipId} value={m.membershipId}>
                  {`${t('roster.seat')} ${number(m.seat)}: ${name}`}
                </option>
              );
            })}
          </select>
        )}
      </Field>
    </>
  );
}

export interface NewCommitteeValues {
  slug: string;
  nameEn: string;
  nameRu: string;
  establishedSeats: string;
  preset: string;
}

export interface CommitteesSection {
  list: Array<{ slug: string; names: Record<string, string>; establishedSeats: number }>;
  /** The form, when the viewer may establish a committee. */
  form: { values: NewCommitteeValues; maxSeats: number } | null;
}

function CommitteesBlock({
  slug,
  section,
  notice,
  problem,
  csrfToken,
}: {
  slug: string;
  section: CommitteesSection;
  notice: OfficeNotice;
  problem: FormProblem;
  csrfToken: string | null;
}) {
  const { t, lang, number } = usePage();
  const f = 'committee';
  return (
    <section aria-labelledby="committees">
      <h2 id="committees">{t('committee.office_title')}</h2>
      <p>{t('committee.office_lead')}</p>
      {section.list.length === 0 ? (
        <p>{t('committee.none')}</p>
      ) : (
        <ul>
          {section.list.map((c) => (
            <li key={c.slug} data-committee={c.slug}>
              <a className="user-text" href={`/${encodeURIComponent(c.slug)}`}>
                {pickText(c.names, lang)?.text ?? c.slug}
              </a>
              {` (${t('committee.size', { count: number(c.establishedSeats) })}) — `}
              <a href={`/${encodeURIComponent(c.slug)}/office`}>{t('office.roster_link')}</a>
            </li>
          ))}
        </ul>
      )}
      {section.form ? (
        <form
          method="post"
          action={`/${encodeURIComponent(slug)}/office/committees`}
          className="office-form"
          aria-labelledby="committee-form"
        >
          <h3 id="committee-form">{t('committee.new_title')}</h3>
          <FormNotice id="committee-notice" notice={notice} />
          <Csrf token={csrfToken} />
          <Field form={f} name="slug" label={t('newbody.slug')} hint={t('committee.slug_hint')} problem={problem}>
            {(a) => <input {...a} name="slug" required maxLength={64} defaultValue={section.form!.values.slug} />}
          </Field>
          <Field form={f} name="nameRu" label={t('newbody.name_ru')} hint={t('newbody.names_hint')} problem={problem}>
            {(a) => <input {...a} name="nameRu" lang="ru" maxLength={300} defaultValue={section.form!.values.nameRu} />}
          </Field>
          <Field form={f} name="nameEn" label={t('newbody.name_en')} problem={problem}>
            {(a) => <input {...a} name="nameEn" lang="en" maxLength={300} defaultValue={section.form!.values.nameEn} />}
          </Field>
          <Field
            form={f}
            name="establishedSeats"
            label={t('committee.seats')}
            hint={t('committee.seats_hint', { max: number(section.form.maxSeats) })}
            problem={problem}
          >
            {(a) => (
              <input
                {...a}
                name="establishedSeats"
                inputMode="numeric"
                pattern="[0-9]*"
                required
                maxLength={5}
                defaultValue={section.form!.values.establishedSeats}
              />
            )}
          </Field>
          <Field form={f} name="preset" label={t('newbody.preset')} hint={t('committee.preset_hint')} problem={problem}>
            {(a) => (
              <select {...a} name="preset" defaultValue={section.form!.values.preset}>
                {Object.keys(PRESETS).map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <p>
            <button type="submit">{t('committee.submit')}</button>
          </p>
          <details>
            <summary>{t('newbody.preview')}</summary>
            <p>{t('newbody.preview_lead')}</p>
            <PresetList />
          </details>
        </form>
      ) : null}
    </section>
  );
}
