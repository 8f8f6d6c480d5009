// Invitations to a seat (issue 15, item 4): the clerk's invitations page (invite the holder of a
// filled seat, the invitations still waiting, revoking one), the page that shows a new invitation's
// link once, and the invitee's page that accepts it — with a new account or the signed-in one.
import { roleLabel } from './role-pages.tsx';
import type { PendingInvitation, InvitationView } from '../../services/invitations.ts';
import { usePage } from './page-env.tsx';
import { pickText } from './localized.tsx';
import { Csrf, Field, FormNotice, type FormProblem, type OfficeNotice } from './office-forms.tsx';
import { NewPasswordFields } from './setup-page.tsx';

/** The invite form: on the roster page and on the invitations page, so a refusal is shown beside it. */
export function InviteForm({
  slug,
  notice,
  csrfToken,
  days,
  seat = '',
  mail = false,
}: {
  slug: string;
  notice: OfficeNotice;
  csrfToken: string | null;
  days: number;
  seat?: string;
  /** The site sends mail (QUORATE_SMTP_URL): the link may also be e-mailed. */
  mail?: boolean;
}) {
  const { t } = usePage();
  const problem: FormProblem = notice?.kind === 'error' ? notice.problem : null;
  return (
    <form
      method="post"
      action={`/${encodeURIComponent(slug)}/office/invitations`}
      className="office-form"
      aria-labelledby="invite-form"
    >
      <h2 id="invite-form">{t('invite.form_title')}</h2>
      <p>{t('invite.form_lead', { days })}</p>
      <FormNotice id="invite-notice" notice={notice} />
      <Csrf token={csrfToken} />
      <Field form="invite" name="seat" label={t('invite.seat')} problem={problem}>
        {(a) => (
          <input {...a} name="seat" inputMode="numeric" pattern="[0-9]*" required maxLength={5} defaultValue={seat} />
        )}
      </Field>
      {mail ? (
        <Field form="invite" name="email" label={t('invite.email')} hint={t('invite.email_hint')} problem={problem}>
          {(a) => <input {...a} name="email" type="email" maxLength={254} autoComplete="off" />}
        </Field>
      ) : null}
      <p>
        <button type="submit">{t('invite.submit')}</button>
      </p>
    </form>
  );
}

export function InvitationsPage({
  slug,
  pending,
  notice,
  csrfToken,
  days,
  seat,
  mail,
}: {
  slug: string;
  pending: PendingInvitation[];
  notice: OfficeNotice;
  csrfToken: string | null;
  days: number;
  seat: string;
  mail: boolean;
}) {
  const { t, date, number } = usePage();
  const base = `/${encodeURIComponent(slug)}/office`;
  return (
    <>
      <h1>{t('invite.page_link')}</h1>
      <p>
        <a href={base}>{t('invite.back')}</a>
      </p>
      <InviteForm
        slug={slug}
        notice={notice?.kind === 'error' ? notice : null}
        csrfToken={csrfToken}
        days={days}
        seat={seat}
        mail={mail}
      />
      <h2 id="pending">{t('invite.pending_title')}</h2>
      {notice?.kind === 'saved' ? <FormNotice id="pending-notice" notice={notice} /> : null}
      {pending.length === 0 ? (
        <p>{t('invite.pending_none')}</p>
      ) : (
        <table>
          <caption>{t('invite.pending_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('roster.seat')}</th>
              <th scope="col">{t('invite.created')}</th>
              <th scope="col">{t('invite.expires')}</th>
              <th scope="col">{t('invite.action')}</th>
            </tr>
          </thead>
          <tbody>
            {pending.map((p) => (
              <tr key={p.id}>
                <th scope="row">{number(p.seat)}</th>
                <td>{date(p.createdAt.slice(0, 10))}</td>
                <td>{date(p.expiresAt.slice(0, 10))}</td>
                <td>
                  <form method="post" action={`${base}/invitations/${p.id}/revoke`}>
                    <Csrf token={csrfToken} />
                    <button type="submit">{t('invite.revoke', { seat: number(p.seat) })}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** The new invitation's link, shown once. */
export function InvitationIssuedPage({
  slug,
  seat,
  link,
  expiresAt,
  emailed = null,
}: {
  slug: string;
  seat: number;
  link: string;
  expiresAt: string;
  /** Where the link was e-mailed, and whether the mail server took it. */
  emailed?: { to: string; sent: boolean } | null;
}) {
  const { t, date, number } = usePage();
  return (
    <>
      <h1>{t('invite.issued_title', { seat: number(seat) })}</h1>
      <p role="status">{t('invite.issued_lead', { seat: number(seat), date: date(expiresAt.slice(0, 10)) })}</p>
      {emailed ? (
        <p className={emailed.sent ? 'note' : 'note error-message'} role={emailed.sent ? 'status' : 'alert'}>
          {emailed.sent ? t('invite.emailed', { to: emailed.to }) : t('invite.email_failed', { to: emailed.to })}
        </p>
      ) : null}
      <p className="field">
        <label htmlFor="invite-link">{t('invite.issued_link')}</label>
        <br />
        <input id="invite-link" readOnly value={link} size={80} data-invitation-link="" />
      </p>
      <p>
        <a href={`/${encodeURIComponent(slug)}/office/invitations`}>{t('invite.page_link')}</a>
        {' · '}
        <a href={`/${encodeURIComponent(slug)}/office`}>{t('invite.back')}</a>
      </p>
    </>
  );
}

export interface AcceptValues {
  username: string;
  displayName: string;
}

/** The invitee's page: who invites them to what, and the one way to accept that fits them. */
export function AcceptInvitationPage({
  token,
  invitation,
  signedIn,
  csrfToken,
  problem,
  values,
}: {
  token: string;
  invitation: InvitationView | null;
  signedIn: boolean;
  csrfToken: string | null;
  problem: FormProblem;
  values: AcceptValues;
}) {
  const { t, lang, number } = usePage();
  if (!invitation)
    return (
      <>
        <h1>{t('invite.title')}</h1>
        <p className="error-message" role="alert">
          {t('invite.invalid')}
        </p>
      </>
    );
  const body = pickText(invitation.names, lang)?.text ?? invitation.slug;
  const f = 'accept';
  return (
    <>
      <h1>{t('invite.title')}</h1>
      <p>
        {invitation.role !== null
          ? t('invite.lead_role', { role: t(roleLabel(invitation.role)), body })
          : t('invite.lead', { seat: number(invitation.seat ?? 0), body })}
      </p>
      <FormNotice id="accept-notice" notice={problem ? { kind: 'error', problem } : null} />
      {signedIn ? (
        <form method="post" action="/invite" className="office-form" aria-labelledby="accept-current">
          <h2 id="accept-current">{t('invite.current_title')}</h2>
          <p>{t('invite.current_lead')}</p>
          <Csrf token={csrfToken} />
          <input type="hidden" name="token" value={token} />
          <p>
            <button type="submit">{t('invite.accept_current')}</button>
          </p>
        </form>
      ) : (
        <>
          <p>
            {t('invite.have_account')}{' '}
            <a href={`/sign-in?next=${encodeURIComponent(`/invite?token=${token}`)}`}>{t('invite.sign_in')}</a>
          </p>
          <form method="post" action="/invite" className="office-form" aria-labelledby="accept-new">
            <h2 id="accept-new">{t('invite.new_title')}</h2>
            <input type="hidden" name="token" value={token} />
            <Field
              form={f}
              name="username"
              label={t('setup.username')}
              hint={t('setup.username_hint')}
              problem={problem}
            >
              {(a) => (
                <input
                  {...a}
                  name="username"
                  autoComplete="username"
                  required
                  maxLength={63}
                  defaultValue={values.username}
                />
              )}
            </Field>
            <Field form={f} name="displayName" label={t('setup.display_name')} problem={problem}>
              {(a) => (
                <input
                  {...a}
                  name="displayName"
                  autoComplete="name"
                  maxLength={200}
                  defaultValue={values.displayName}
                />
              )}
            </Field>
            <NewPasswordFields form={f} problem={problem} />
            <p>
              <button type="submit">{t('invite.accept_new')}</button>
            </p>
          </form>
        </>
      )}
    </>
  );
}
