// Accounts (issue 15, item 4): the signed-in user's own page (sessions, API tokens, password), the
// site administrator's list of accounts with a reset link for each, the page that shows a new
// reset link once, and the reset link's own page. Plain forms: everything works without JavaScript.
import type { ApiTokenInfo } from '../../services/accounts.ts';
import type { AccountRow, SessionView } from '../../services/account-settings.ts';
import { usePage } from './page-env.tsx';
import { Csrf, Field, FormNotice, type FormProblem, type OfficeNotice } from './office-forms.tsx';
import { NewPasswordFields } from './setup-page.tsx';

/**
 * "Firefox on Linux" from a User-Agent: the browser and system a person recognises, or null.
 * @example browserSummary('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0') // 'Firefox on Linux'
 */
export function browserSummary(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const browsers: Array<[RegExp, string]> = [
    [/Edg(e|A|iOS)?\//, 'Edge'],
    [/OPR\/|Opera/, 'Opera'],
    [/YaBrowser\//, 'Yandex Browser'],
    [/Firefox\/|FxiOS\//, 'Firefox'],
    [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
    [/Safari\//, 'Safari'],
    [/^curl\//, 'curl'],
  ];
  const systems: Array<[RegExp, string]> = [
    [/Android/, 'Android'],
    [/iPhone|iPad|iPod/, 'iOS'],
    [/Windows/, 'Windows'],
    [/Mac OS X|Macintosh/, 'macOS'],
    [/CrOS/, 'ChromeOS'],
    [/Linux|X11/, 'Linux'],
  ];
  const browser = browsers.find(([re]) => re.test(userAgent))?.[1];
  const system = systems.find(([re]) => re.test(userAgent))?.[1];
  if (browser && system) return `${browser} — ${system}`;
  return browser ?? system ?? null;
}

export function AccountPage({
  username,
  sessions,
  tokens,
  now,
  notice,
  form,
  csrfToken,
}: {
  username: string;
  sessions: SessionView[];
  tokens: ApiTokenInfo[];
  now: string;
  notice: OfficeNotice;
  /** Which part the notice belongs to. */
  form: 'sessions' | 'tokens' | 'password' | null;
  csrfToken: string | null;
}) {
  const { t, instant } = usePage();
  const noticeOf = (name: typeof form): OfficeNotice => (form === name ? notice : null);
  const problem: FormProblem = form === 'password' && notice?.kind === 'error' ? notice.problem : null;
  const others = sessions.filter((s) => !s.current);
  return (
    <>
      <h1>{t('account.title')}</h1>
      <p>{t('account.lead', { username })}</p>

      <h2 id="sessions">{t('account.sessions_title')}</h2>
      <FormNotice id="sessions-notice" notice={noticeOf('sessions')} />
      <div className="table-wrap">
        <table>
          <caption>{t('account.sessions_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('account.browser')}</th>
              <th scope="col">{t('account.signed_in')}</th>
              <th scope="col">{t('account.last_seen')}</th>
              <th scope="col">{t('account.expires')}</th>
              <th scope="col">{t('account.action')}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} data-current={s.current ? '' : undefined}>
                <th scope="row">
                  {s.current ? <strong>{t('account.this_session')}: </strong> : null}
                  <span className="user-text" title={s.userAgent ?? undefined}>
                    {browserSummary(s.userAgent) ?? t('account.unknown_browser')}
                  </span>
                </th>
                <td>{instant(s.createdAt)}</td>
                <td>{s.lastSeenAt ? instant(s.lastSeenAt) : ''}</td>
                <td>{instant(s.expiresAt)}</td>
                <td>
                  <form method="post" action="/account/sessions/revoke">
                    <Csrf token={csrfToken} />
                    <input type="hidden" name="session" value={s.id} />
                    <button type="submit">
                      {s.current
                        ? t('account.revoke_this')
                        : t('account.revoke_session', { date: instant(s.createdAt) })}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {others.length ? (
        <form method="post" action="/account/sessions/revoke-others">
          <Csrf token={csrfToken} />
          <p>
            <button type="submit">{t('account.revoke_others')}</button>
          </p>
        </form>
      ) : (
        <p>{t('account.others_none')}</p>
      )}

      <h2 id="tokens">{t('account.tokens_title')}</h2>
      <p>{t('account.tokens_lead')}</p>
      <FormNotice id="tokens-notice" notice={noticeOf('tokens')} />
      {tokens.length === 0 ? (
        <p>{t('account.tokens_none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('account.tokens_caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('account.token_name')}</th>
                <th scope="col">{t('account.token_scope')}</th>
                <th scope="col">{t('account.token_body')}</th>
                <th scope="col">{t('account.signed_in')}</th>
                <th scope="col">{t('account.expires')}</th>
                <th scope="col">{t('account.token_status')}</th>
                <th scope="col">{t('account.action')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((k) => {
                const live = !k.revokedAt && k.expiresAt > now;
                return (
                  <tr key={k.id} data-token={k.id}>
                    <th scope="row" className="user-text">
                      {k.name}
                    </th>
                    <td>{t(`account.scope.${k.scope}`)}</td>
                    <td className="user-text">{k.body ?? t('account.token_all_bodies')}</td>
                    <td>{instant(k.createdAt)}</td>
                    <td>{instant(k.expiresAt)}</td>
                    <td>
                      {live
                        ? t('account.token_live')
                        : k.revokedAt
                          ? t('account.token_revoked')
                          : t('account.token_expired')}
                    </td>
                    <td>
                      {live ? (
                        <form method="post" action={`/account/tokens/${k.id}/revoke`}>
                          <Csrf token={csrfToken} />
                          <button type="submit">{t('account.token_revoke', { name: k.name })}</button>
                        </form>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <form method="post" action="/account/password" className="office-form" aria-labelledby="password-form">
        <h2 id="password-form">{t('account.password_title')}</h2>
        <p>{t('account.password_lead')}</p>
        <FormNotice id="password-notice" notice={noticeOf('password')} />
        <Csrf token={csrfToken} />
        {/* The account's name, for password managers. */}
        <input type="hidden" name="username" autoComplete="username" value={username} />
        <Field form="password" name="current" label={t('account.current_password')} problem={problem}>
          {(a) => (
            <input {...a} name="current" type="password" autoComplete="current-password" required maxLength={1024} />
          )}
        </Field>
        <NewPasswordFields form="password" problem={problem} />
        <p>
          <button type="submit">{t('account.password_submit')}</button>
        </p>
      </form>
    </>
  );
}

export function AccountsPage({
  accounts,
  total,
  offset,
  pageSize,
  hours,
  csrfToken,
}: {
  accounts: AccountRow[];
  total: number;
  offset: number;
  pageSize: number;
  hours: number;
  csrfToken: string | null;
}) {
  const { t, instant, number } = usePage();
  return (
    <>
      <h1>{t('accounts.title')}</h1>
      <p>
        <a href="/office">{t('office.title')}</a>
      </p>
      <p>{t('accounts.lead', { hours: number(hours) })}</p>
      <div className="table-wrap">
        <table>
          <caption>{t('accounts.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('accounts.username')}</th>
              <th scope="col">{t('accounts.name')}</th>
              <th scope="col">{t('accounts.kind')}</th>
              <th scope="col">{t('accounts.created')}</th>
              <th scope="col">{t('accounts.link')}</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.id} data-account={a.username}>
                <th scope="row" className="user-text">
                  {a.username}
                </th>
                <td className="user-text">{a.displayName}</td>
                <td>
                  {a.siteAdmin ? t('accounts.site_admin') : t('accounts.account')}
                  {a.disabled ? `, ${t('accounts.disabled')}` : ''}
                </td>
                <td>{instant(a.createdAt)}</td>
                <td>
                  {a.resetLinkExpiresAt ? (
                    <p className="meta">{t('accounts.link_pending', { date: instant(a.resetLinkExpiresAt) })}</p>
                  ) : null}
                  <form method="post" action="/office/accounts/reset-link">
                    <Csrf token={csrfToken} />
                    <input type="hidden" name="username" value={a.username} />
                    <button type="submit">{t('accounts.issue', { username: a.username })}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > offset + accounts.length ? (
        <p>
          {t('accounts.more', { shown: number(accounts.length), total: number(total) })}{' '}
          <a href={`/office/accounts?from=${offset + pageSize}`}>{t('accounts.next')}</a>
        </p>
      ) : null}
    </>
  );
}

/** The new reset link, shown once. */
export function ResetLinkIssuedPage({
  username,
  link,
  expiresAt,
}: {
  username: string;
  link: string;
  expiresAt: string;
}) {
  const { t, instant } = usePage();
  return (
    <>
      <h1>{t('accounts.issued_title', { username })}</h1>
      <p role="status">{t('accounts.issued_lead', { username, date: instant(expiresAt) })}</p>
      <p className="field">
        <label htmlFor="reset-link">{t('accounts.issued_link')}</label>
        <br />
        <input id="reset-link" readOnly value={link} size={80} data-reset-link="" />
      </p>
      <p>
        <a href="/office/accounts">{t('accounts.back')}</a>
      </p>
    </>
  );
}

export function ResetPage({
  token,
  username,
  problem,
  csrfToken,
}: {
  token: string;
  username: string | null;
  problem: FormProblem;
  csrfToken: string | null;
}) {
  const { t } = usePage();
  if (!username)
    return (
      <>
        <h1>{t('reset.title')}</h1>
        <p className="error-message" role="alert">
          {t('reset.invalid')}
        </p>
      </>
    );
  return (
    <>
      <h1>{t('reset.title')}</h1>
      <p>{t('reset.lead', { username })}</p>
      <FormNotice id="reset-notice" notice={problem ? { kind: 'error', problem } : null} />
      <form method="post" action="/reset" className="office-form">
        <Csrf token={csrfToken} />
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="username" autoComplete="username" value={username} />
        <NewPasswordFields form="reset" problem={problem} />
        <p>
          <button type="submit">{t('reset.submit')}</button>
        </p>
      </form>
    </>
  );
}

export function ResetDonePage() {
  const { t } = usePage();
  return (
    <>
      <h1>{t('reset.done_title')}</h1>
      <p role="status">{t('reset.done')}</p>
      <p>
        <a href="/sign-in?next=%2Faccount">{t('reset.sign_in')}</a>
      </p>
    </>
  );
}
