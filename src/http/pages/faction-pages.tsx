// Factions on the pages (issue 15, item 5): the office's factions page with its forms (record a
// faction, a member joins, a member leaves, dissolution — plain HTML forms, each refusal tied to
// its field), the public factions page, a member's factions, a named vote's table by faction and
// the section of the body's home page.
import type { FactionCandidate, FactionView, FactionVoteRow } from '../../services/factions.ts';
import { usePage } from './page-env.tsx';
import { Localized, pickText } from './localized.tsx';
import { MemberName } from './record-bits.tsx';
import { Csrf, Field, FormNotice, type FormProblem, type OfficeNotice } from './office-forms.tsx';

export interface MemberFactionView {
  factionId: number;
  name: { en: string | null; ru: string | null };
  joinsOn: string;
  leavesOn: string | null;
}

function Span({ from, to }: { from: string; to: string | null }) {
  const { t, date } = usePage();
  return (
    <>{to ? t('factions.from_to', { from: date(from), to: date(to) }) : t('factions.from', { from: date(from) })}</>
  );
}

/** The factions and their members, as a list of sections (public and office pages alike). */
function FactionList({ slug, factions }: { slug: string; factions: FactionView[] }) {
  const { t, date } = usePage();
  const base = `/${encodeURIComponent(slug)}`;
  if (factions.length === 0) return <p>{t('factions.none')}</p>;
  return (
    <>
      {factions.map((f) => (
        <section key={f.id} id={`faction-${f.id}`} aria-labelledby={`faction-${f.id}-name`} data-faction={f.id}>
          <h2 id={`faction-${f.id}-name`}>
            <Localized values={f.name} />
          </h2>
          <dl className="facts">
            <dt>{t('factions.founded_on')}</dt>
            <dd>{date(f.foundedOn)}</dd>
            <dt>{t('factions.dissolved_on')}</dt>
            <dd>{f.dissolvedOn ? date(f.dissolvedOn) : t('factions.active')}</dd>
          </dl>
          {f.members.length === 0 ? (
            <p>{t('factions.no_members')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('factions.members')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('members.seat')}</th>
                    <th scope="col">{t('members.member')}</th>
                    <th scope="col">{t('member.term')}</th>
                  </tr>
                </thead>
                <tbody>
                  {f.members.map((m) => (
                    <tr key={`${m.memberId}-${m.joinsOn}`} data-member={m.memberId}>
                      <td>{m.seat}</td>
                      <th scope="row">
                        <a href={`${base}/members/${m.memberId}`}>
                          <MemberName name={m.name} seat={m.seat} />
                        </a>
                      </th>
                      <td>
                        <Span from={m.joinsOn} to={m.leavesOn} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </>
  );
}

/** GET /{slug}/factions */
export function FactionsPage({ slug, factions }: { slug: string; factions: FactionView[] }) {
  const { t } = usePage();
  return (
    <>
      <h1>{t('factions.title')}</h1>
      <p>{t('factions.lead')}</p>
      <p className="meta">{t('factions.rule_note')}</p>
      <FactionList slug={slug} factions={factions} />
    </>
  );
}

/** The factions section of the body's home page: the factions active today. */
export function FactionsHomeSection({ slug, factions }: { slug: string; factions: FactionView[] }) {
  const { t } = usePage();
  return (
    <section aria-labelledby="factions-home">
      <h2 id="factions-home">{t('factions.title')}</h2>
      <ul>
        {factions.map((f) => (
          <li key={f.id}>
            <a href={`/${encodeURIComponent(slug)}/factions#faction-${f.id}`}>
              <Localized values={f.name} />
            </a>
          </li>
        ))}
      </ul>
      <p>
        <a href={`/${encodeURIComponent(slug)}/factions`}>{t('factions.all_link')}</a>
      </p>
    </section>
  );
}

/** A member's factions, for the facts on their page. */
export function MemberFactions({ slug, items }: { slug: string; items: MemberFactionView[] }) {
  const { t } = usePage();
  if (items.length === 0) return <>{t('member.no_faction')}</>;
  return (
    <ul className="plain">
      {items.map((f) => (
        <li key={`${f.factionId}-${f.joinsOn}`} data-faction={f.factionId}>
          <a href={`/${encodeURIComponent(slug)}/factions#faction-${f.factionId}`}>
            <Localized values={f.name} />
          </a>{' '}
          (<Span from={f.joinsOn} to={f.leavesOn} />)
        </li>
      ))}
    </ul>
  );
}

/** How each faction voted on a named vote (never shown for a secret one: the read gives null). */
export function VoteFactionTable({ rows }: { rows: FactionVoteRow[] }) {
  const { t, number } = usePage();
  return (
    <section aria-labelledby="by-faction">
      <h2 id="by-faction">{t('vote.factions_heading')}</h2>
      <p>{t('vote.factions_explain')}</p>
      <div className="table-wrap">
        <table id="faction-table">
          <caption className="visually-hidden">{t('vote.factions_heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('factions.name')}</th>
              <th scope="col">{t('vote.factions_yes')}</th>
              <th scope="col">{t('vote.factions_no')}</th>
              <th scope="col">{t('vote.factions_abstain')}</th>
              <th scope="col">{t('vote.factions_not_voting')}</th>
              <th scope="col">{t('vote.factions_absent')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.faction?.id ?? 'none'} data-faction={r.faction?.id ?? 'none'}>
                <th scope="row">{r.faction ? <Localized values={r.faction.name} /> : t('vote.factions_none')}</th>
                <td>{number(r.yes)}</td>
                <td>{number(r.no)}</td>
                <td>{number(r.abstain)}</td>
                <td>{number(r.notVoting)}</td>
                <td>{number(r.absent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Which office form a notice belongs to: 'new', or an action on one faction. */
export type FactionForm = { kind: 'new' } | { kind: 'join' | 'leave' | 'dissolve'; faction: number } | null;

/** What a refused form had in it, so the page shows it again. */
export type FactionValues = Record<string, string>;

/** GET /{slug}/office/factions */
export function FactionsOfficePage({
  slug,
  factions,
  candidates,
  notice,
  form,
  values,
  csrfToken,
}: {
  slug: string;
  factions: FactionView[];
  candidates: FactionCandidate[];
  notice: OfficeNotice;
  form: FactionForm;
  values: FactionValues;
  csrfToken: string | null;
}) {
  const { t, date, lang } = usePage();
  const base = `/${encodeURIComponent(slug)}/office/factions`;
  const same = (a: FactionForm, b: FactionForm) =>
    a !== null &&
    b !== null &&
    a.kind === b.kind &&
    ('faction' in a ? a.faction : 0) === ('faction' in b ? b.faction : 0);
  const problemOf = (f: FactionForm): FormProblem =>
    same(form, f) && notice?.kind === 'error' ? notice.problem : null;
  const noticeOf = (f: FactionForm): OfficeNotice => (same(form, f) ? notice : null);
  const value = (f: FactionForm, name: string) => (same(form, f) ? (values[name] ?? '') : '');
  const label = (c: FactionCandidate) => {
    const name = pickText(c.name, lang)?.text ?? t('member.unnamed', { seat: c.seat });
    const span = c.endsOn
      ? t('factions.from_to', { from: c.startsOn ? date(c.startsOn) : '…', to: date(c.endsOn) })
      : c.startsOn
        ? t('factions.from', { from: date(c.startsOn) })
        : '';
    return `${c.seat}. ${name}${span ? ` (${span})` : ''}`;
  };
  const memberSelect = (f: FactionForm, only?: (c: FactionCandidate) => boolean) => (
    <Field
      form={`${f!.kind}-${'faction' in f! ? f.faction : 0}`}
      name="memberId"
      label={t('factions.member')}
      problem={problemOf(f)}
    >
      {(a) => (
        <select {...a} name="memberId" required defaultValue={value(f, 'memberId')}>
          <option value="" />
          {candidates.filter(only ?? (() => true)).map((c) => (
            <option key={c.memberId} value={String(c.memberId)}>
              {label(c)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const newForm: FactionForm = { kind: 'new' };
  return (
    <>
      <h1>{t('factions.title')}</h1>
      <p>{t('factions.lead')}</p>
      <p className="meta">{t('factions.rule_note')}</p>
      <p>
        <a href={`/${encodeURIComponent(slug)}/factions`}>{t('factions.all_link')}</a>
      </p>
      <FormNotice id="factions-notice" notice={form === null ? notice : null} />

      <form method="post" action={base} className="office-form" aria-labelledby="new-faction">
        <h2 id="new-faction">{t('factions.new_title')}</h2>
        <FormNotice id="new-notice" notice={noticeOf(newForm)} />
        <Csrf token={csrfToken} />
        <Field
          form="new"
          name="nameRu"
          label={t('factions.name_ru')}
          hint={t('factions.names_hint')}
          problem={problemOf(newForm)}
        >
          {(a) => <input {...a} name="nameRu" lang="ru" maxLength={300} defaultValue={value(newForm, 'nameRu')} />}
        </Field>
        <Field form="new" name="nameEn" label={t('factions.name_en')} problem={problemOf(newForm)}>
          {(a) => <input {...a} name="nameEn" lang="en" maxLength={300} defaultValue={value(newForm, 'nameEn')} />}
        </Field>
        <Field form="new" name="foundedOn" label={t('factions.founded_input')} problem={problemOf(newForm)}>
          {(a) => <input {...a} name="foundedOn" type="date" required defaultValue={value(newForm, 'foundedOn')} />}
        </Field>
        <p>
          <button type="submit">{t('factions.new_submit')}</button>
        </p>
      </form>

      {factions.map((f) => {
        const join: FactionForm = { kind: 'join', faction: f.id };
        const leave: FactionForm = { kind: 'leave', faction: f.id };
        const dissolve: FactionForm = { kind: 'dissolve', faction: f.id };
        const open = new Set(f.members.filter((m) => m.leavesOn === null).map((m) => m.memberId));
        return (
          <section key={f.id} id={`faction-${f.id}`} aria-labelledby={`faction-${f.id}-name`} data-faction={f.id}>
            <h2 id={`faction-${f.id}-name`}>
              <Localized values={f.name} />
            </h2>
            <p>
              {f.dissolvedOn
                ? t('factions.life_dissolved', { from: date(f.foundedOn), to: date(f.dissolvedOn) })
                : t('factions.life_active', { from: date(f.foundedOn) })}
            </p>
            {f.members.length === 0 ? (
              <p>{t('factions.no_members')}</p>
            ) : (
              <ul>
                {f.members.map((m) => (
                  <li key={`${m.memberId}-${m.joinsOn}`} data-member={m.memberId}>
                    {m.seat}. <MemberName name={m.name} seat={m.seat} /> (<Span from={m.joinsOn} to={m.leavesOn} />)
                  </li>
                ))}
              </ul>
            )}
            <form
              method="post"
              action={`${base}/${f.id}/members`}
              className="office-form"
              aria-labelledby={`join-${f.id}`}
            >
              <h3 id={`join-${f.id}`}>{t('factions.join_title')}</h3>
              <FormNotice id={`join-${f.id}-notice`} notice={noticeOf(join)} />
              <Csrf token={csrfToken} />
              {memberSelect(join)}
              <Field form={`join-${f.id}`} name="joinsOn" label={t('factions.joins_on')} problem={problemOf(join)}>
                {(a) => <input {...a} name="joinsOn" type="date" required defaultValue={value(join, 'joinsOn')} />}
              </Field>
              <Field
                form={`join-${f.id}`}
                name="leavesOn"
                label={t('factions.leaves_on_optional')}
                problem={problemOf(join)}
              >
                {(a) => <input {...a} name="leavesOn" type="date" defaultValue={value(join, 'leavesOn')} />}
              </Field>
              <p>
                <button type="submit">{t('factions.join_submit')}</button>
              </p>
            </form>
            {open.size > 0 ? (
              <form
                method="post"
                action={`${base}/${f.id}/leave`}
                className="office-form"
                aria-labelledby={`leave-${f.id}`}
              >
                <h3 id={`leave-${f.id}`}>{t('factions.leave_title')}</h3>
                <FormNotice id={`leave-${f.id}-notice`} notice={noticeOf(leave)} />
                <Csrf token={csrfToken} />
                {memberSelect(leave, (c) => open.has(c.memberId))}
                <Field
                  form={`leave-${f.id}`}
                  name="leavesOn"
                  label={t('factions.leaves_on')}
                  problem={problemOf(leave)}
                >
                  {(a) => <input {...a} name="leavesOn" type="date" required defaultValue={value(leave, 'leavesOn')} />}
                </Field>
                <p>
                  <button type="submit">{t('factions.leave_submit')}</button>
                </p>
              </form>
            ) : null}
            {f.dissolvedOn === null ? (
              <form
                method="post"
                action={`${base}/${f.id}/dissolve`}
                className="office-form"
                aria-labelledby={`dissolve-${f.id}`}
              >
                <h3 id={`dissolve-${f.id}`}>{t('factions.dissolve_title')}</h3>
                <p>{t('factions.dissolve_lead')}</p>
                <FormNotice id={`dissolve-${f.id}-notice`} notice={noticeOf(dissolve)} />
                <Csrf token={csrfToken} />
                <Field
                  form={`dissolve-${f.id}`}
                  name="dissolvedOn"
                  label={t('factions.dissolved_input')}
                  problem={problemOf(dissolve)}
                >
                  {(a) => (
                    <input
                      {...a}
                      name="dissolvedOn"
                      type="date"
                      required
                      defaultValue={value(dissolve, 'dissolvedOn')}
                    />
                  )}
                </Field>
                <p>
                  <button type="submit">{t('factions.dissolve_submit')}</button>
                </p>
              </form>
            ) : null}
          </section>
        );
      })}
    </>
  );
}
