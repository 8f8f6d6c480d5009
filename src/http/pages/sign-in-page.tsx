// Sign-in without JavaScript: a plain form posted to /sign-in, which sets the session cookie and
// sends the browser on to where it was going (a path on this site only). Failures say what went
// wrong without saying whether the account exists.
import { usePage } from './page-env.tsx';

export type SignInProblem = 'bad_credentials' | 'sign_in_paused' | 'cross_site' | null;

export function SignInPage({
  next,
  problem,
  username,
  csrfToken,
  retryAfterSeconds = null,
}: {
  next: string;
  problem: SignInProblem;
  username: string;
  csrfToken: string | null;
  retryAfterSeconds?: number | null;
}) {
  const { t } = usePage();
  const message =
    problem === 'sign_in_paused'
      ? t('signin.problem.sign_in_paused', { minutes: String(Math.max(1, Math.ceil((retryAfterSeconds ?? 900) / 60))) })
      : problem
        ? t(`signin.problem.${problem}`)
        : null;
  return (
    <>
      <h1>{t('signin.title')}</h1>
      {message ? (
        <p className="error-message" role="alert" id="sign-in-problem">
          {message}
        </p>
      ) : null}
      <form method="post" action="/sign-in" className="sign-in-form">
        <input type="hidden" name="next" value={next} />
        {csrfToken ? <input type="hidden" name="_csrf" value={csrfToken} /> : null}
        <p className="field">
          <label htmlFor="username">{t('signin.username')}</label>
          <input
            id="username"
            name="username"
            autoComplete="username"
            required
            maxLength={200}
            defaultValue={username}
            aria-describedby={problem ? 'sign-in-problem' : undefined}
          />
        </p>
        <p className="field">
          <label htmlFor="password">{t('signin.password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={1024}
          />
        </p>
        <button type="submit" className="primary-button">
          {t('signin.submit')}
        </button>
      </form>
      <p className="meta">{t('signin.public_note')}</p>
    </>
  );
}

export function ForbiddenScreen({
  reason,
  liveHref,
  csrfToken,
}: {
  reason: 'console' | 'ballot';
  liveHref: string;
  csrfToken: string | null;
}) {
  const { t } = usePage();
  return (
    <>
      <h1>{t('live.forbidden_title')}</h1>
      <p>{t(reason === 'console' ? 'live.forbidden_console' : 'live.forbidden_ballot')}</p>
      <p>
        <a href={liveHref}>{t('live.public_link')}</a>
      </p>
      <form method="post" action="/sign-out" className="sign-out">
        {csrfToken ? <input type="hidden" name="_csrf" value={csrfToken} /> : null}
        <button type="submit" className="link-button">
          {t('live.sign_out_switch')}
        </button>
      </form>
    </>
  );
}
