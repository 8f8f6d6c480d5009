// The first run (issue 15, item 1): "not set up yet" for every page of a new site, and the setup
// link's page that creates the first site administrator.
import { usePage } from './page-env.tsx';
import { Field, FormNotice, type FormProblem } from './office-forms.tsx';

export function NotSetUpPage() {
  const { t } = usePage();
  return (
    <>
      <h1>{t('setup.not_set_up_title')}</h1>
      <p>{t('setup.not_set_up')}</p>
    </>
  );
}

export function SetupPage({
  token,
  usable,
  problem,
  username,
  displayName,
}: {
  token: string;
  usable: boolean;
  problem: FormProblem;
  username: string;
  displayName: string;
}) {
  const { t } = usePage();
  if (!usable)
    return (
      <>
        <h1>{t('setup.title')}</h1>
        <p className="error-message" role="alert">
          {t('setup.link_invalid')}
        </p>
      </>
    );
  const f = 'setup';
  return (
    <>
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.lead')}</p>
      <FormNotice id="setup-notice" notice={problem ? { kind: 'error', problem } : null} />
      <form method="post" action="/setup" className="office-form">
        <input type="hidden" name="token" value={token} />
        <Field form={f} name="username" label={t('setup.username')} hint={t('setup.username_hint')} problem={problem}>
          {(a) => (
            <input {...a} name="username" autoComplete="username" required maxLength={63} defaultValue={username} />
          )}
        </Field>
        <Field form={f} name="displayName" label={t('setup.display_name')} problem={problem}>
          {(a) => <input {...a} name="displayName" autoComplete="name" maxLength={200} defaultValue={displayName} />}
        </Field>
        <NewPasswordFields form={f} problem={problem} />
        <p>
          <button type="submit">{t('setup.submit')}</button>
        </p>
      </form>
    </>
  );
}

/** A new password and its confirmation: the account forms of the setup page and of an invitation. */
export function NewPasswordFields({ form, problem }: { form: string; problem: FormProblem }) {
  const { t } = usePage();
  const input = (name: string) => (a: object) => (
    <input {...a} name={name} type="password" autoComplete="new-password" required minLength={10} maxLength={1024} />
  );
  return (
    <>
      <Field form={form} name="password" label={t('setup.password')} hint={t('setup.password_hint')} problem={problem}>
        {input('password')}
      </Field>
      <Field form={form} name="confirmation" label={t('setup.confirmation')} problem={problem}>
        {input('confirmation')}
      </Field>
    </>
  );
}
