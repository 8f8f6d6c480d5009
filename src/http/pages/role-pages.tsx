// A body's roles page (issue 15, item 4): who holds which role, with a form to revoke each; what
// each role may do, one row per action of the policy (policy.ts, read through services/roles.ts —
// never a copy); who grants roles; and the form to grant one to an existing account.
import { OFFICER_ROLES, type PendingOfficerInvitation } from '../../services/invitations.ts';
import type { Action, Role } from '../../services/policy.ts';
import { ROLES } from '../../services/policy.ts';
import type { RoleHolder } from '../../services/roles.ts';
import type { MessageKey } from '../../domain/i18n/translate.ts';
import { usePage } from './page-env.tsx';
import { Csrf, Field, FormNotice, type FormProblem, type OfficeNotice } from './office-forms.tsx';

/** Each action's label: an action the policy adds does not compile until it has one. */
const ACTION_LABEL = {
  'body.configure': 'policy.body.configure',
  'rules.adopt_correction': 'policy.rules.adopt_correction',
  'roster.manage': 'policy.roster.manage',
  'member.invite': 'policy.member.invite',
  'role.manage': 'policy.role.manage',
  'faction.manage': 'policy.faction.manage',
  'committee.establish': 'policy.committee.establish',
  'sitting.manage': 'policy.sitting.manage',
  'attendance.mark': 'policy.attendance.mark',
  'attendance.attest': 'policy.attendance.attest',
  'motion.table': 'policy.motion.table',
  'vote.open': 'policy.vote.open',
  'vote.close': 'policy.vote.close',
  'vote.record': 'policy.vote.record',
  'ballot.cast': 'policy.ballot.cast',
  'dispute.record': 'policy.dispute.record',
  'report.record': 'policy.report.record',
  'decision.record_event': 'policy.decision.record_event',
  'result.declare': 'policy.result.declare',
  'election.manage': 'policy.election.manage',
  'election.tell': 'policy.election.tell',
  'nomination.make': 'policy.nomination.make',
  'authority.manage': 'policy.authority.manage',
  'appeal.manage': 'policy.appeal.manage',
  'appeal.reminders': 'policy.appeal.reminders',
  'blob.withhold': 'policy.blob.withhold',
  'minutes.draft': 'policy.minutes.draft',
  'minutes.sign': 'policy.minutes.sign',
  'record.read_draft': 'policy.record.read_draft',
} as const satisfies Record<Action, MessageKey>;

export const roleLabel = (role: Role): MessageKey => `role.${role}`;

export interface GrantValues {
  username: string;
  role: string;
}

export function RolesPage({
  slug,
  holders,
  policy,
  notice,
  csrfToken,
  values,
  invitations = [],
  invitationDays = 7,
  inviteNotice = null,
}: {
  slug: string;
  holders: RoleHolder[];
  policy: Array<{ action: Action; roles: readonly Role[] }>;
  notice: OfficeNotice;
  csrfToken: string | null;
  values: GrantValues;
  /** Invitations to an office not yet accepted. */
  invitations?: PendingOfficerInvitation[];
  invitationDays?: number;
  /** A refusal of the invitation form. */
  inviteNotice?: OfficeNotice;
}) {
  const { t, date } = usePage();
  const base = `/${encodeURIComponent(slug)}/office`;
  const problem: FormProblem = notice?.kind === 'error' ? notice.problem : null;
  const f = 'grant';
  return (
    <>
      <h1>{t('roles.title')}</h1>
      <p>
        <a href={base}>{t('roles.back')}</a>
      </p>
      <p>{t('roles.lead')}</p>

      <h2 id="holders">{t('roles.holders_title')}</h2>
      {notice?.kind === 'saved' ? <FormNotice id="holders-notice" notice={notice} /> : null}
      {holders.length === 0 ? (
        <p>{t('roles.holders_none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('roles.holders_caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('roles.account')}</th>
                <th scope="col">{t('roles.name')}</th>
                <th scope="col">{t('roles.held')}</th>
                <th scope="col">{t('roles.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {holders.map((h) => (
                <tr key={h.userId}>
                  <th scope="row" className="user-text">
                    {h.username}
                  </th>
                  <td className="user-text">{h.displayName}</td>
                  <td>{h.roles.map((r) => t(roleLabel(r))).join(', ')}</td>
                  <td>
                    {h.roles.map((r) => (
                      <form key={r} method="post" action={`${base}/roles/revoke`}>
                        <Csrf token={csrfToken} />
                        <input type="hidden" name="username" value={h.username} />
                        <input type="hidden" name="role" value={r} />
                        <button type="submit">
                          {t('roles.revoke', { role: t(roleLabel(r)), username: h.username })}
                        </button>
                      </form>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <form method="post" action={`${base}/roles`} className="office-form" aria-labelledby="grant-form">
        <h2 id="grant-form">{t('roles.grant_title')}</h2>
        <FormNotice id="grant-notice" notice={notice?.kind === 'error' ? notice : null} />
        <Csrf token={csrfToken} />
        <Field form={f} name="username" label={t('roles.username')} hint={t('roles.username_hint')} problem={problem}>
          {(a) => <input {...a} name="username" required maxLength={63} defaultValue={values.username} />}
        </Field>
        <Field form={f} name="role" label={t('roles.role')} problem={problem}>
          {(a) => (
            <select {...a} name="role" defaultValue={values.role}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(roleLabel(r))}
                </option>
              ))}
            </select>
          )}
        </Field>
        <p>
          <button type="submit">{t('roles.grant')}</button>
        </p>
      </form>

      <form method="post" action={`${base}/roles/invite`} className="office-form" aria-labelledby="officer-form">
        <h2 id="officer-form">{t('invite.officer_title')}</h2>
        <p>{t('invite.officer_lead', { days: invitationDays })}</p>
        <FormNotice id="officer-notice" notice={inviteNotice} />
        <Csrf token={csrfToken} />
        <Field
          form="officer"
          name="role"
          label={t('roles.role')}
          problem={inviteNotice?.kind === 'error' ? inviteNotice.problem : null}
        >
          {(a) => (
            <select {...a} name="role" defaultValue="clerk">
              {OFFICER_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(roleLabel(r))}
                </option>
              ))}
            </select>
          )}
        </Field>
        <p>
          <button type="submit">{t('invite.officer_submit')}</button>
        </p>
      </form>
      {invitations.length > 0 ? (
        <>
          <h3 id="officer-pending">{t('invite.officer_pending')}</h3>
          <ul>
            {invitations.map((i) => (
              <li key={i.id} data-officer-invitation={i.id}>
                {t(roleLabel(i.role))} — {t('invite.expires')} {date(i.expiresAt.slice(0, 10))}{' '}
                <form method="post" action={`${base}/roles/invitations/${i.id}/revoke`} className="inline-form">
                  <Csrf token={csrfToken} />
                  <button type="submit">{t('invite.officer_revoke', { role: t(roleLabel(i.role)) })}</button>
                </form>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2 id="policy">{t('roles.policy_title')}</h2>
      <p>{t('roles.who_grants')}</p>
      <div className="table-wrap">
        <table>
          <caption>{t('roles.policy_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('roles.action')}</th>
              {ROLES.map((r) => (
                <th scope="col" key={r}>
                  {t(roleLabel(r))}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {policy.map((p) => (
              <tr key={p.action} data-action={p.action}>
                <th scope="row">{t(ACTION_LABEL[p.action])}</th>
                {ROLES.map((r) => (
                  <td key={r} data-role={r}>
                    {p.roles.includes(r) ? t('roles.allowed') : t('roles.not_allowed')}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The page shown once after an invitation to an office: the link to hand over. */
export function OfficerInvitationIssuedPage({
  slug,
  role,
  link,
  expiresAt,
}: {
  slug: string;
  role: Role;
  link: string;
  expiresAt: string;
}) {
  const { t, date } = usePage();
  return (
    <>
      <h1>{t('invite.officer_issued_title', { role: t(roleLabel(role)) })}</h1>
      <p role="status">{t('invite.officer_issued_lead', { date: date(expiresAt.slice(0, 10)) })}</p>
      <p className="field">
        <label htmlFor="invite-link">{t('invite.issued_link')}</label>
        <br />
        <input id="invite-link" readOnly value={link} size={80} data-invitation-link="" />
      </p>
      <p>
        <a href={`/${encodeURIComponent(slug)}/office/roles`}>{t('roles.title')}</a>
      </p>
    </>
  );
}
