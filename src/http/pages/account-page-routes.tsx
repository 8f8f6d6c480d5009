// Accounts (issue 15, item 4), as server-rendered pages whose forms work without JavaScript:
//   GET /account                               your sessions, API tokens and password
//   POST /account/sessions/revoke              sign out one session (this one too)
//   POST /account/sessions/revoke-others       sign out every other session
//   POST /account/tokens/{id}/revoke           revoke one of your API tokens
//   POST /account/password                     change your password (with the current one)
//   GET /office/accounts                       a site administrator's list of accounts
//   POST /office/accounts/reset-link           a one-time reset link for one, shown once
//   GET /reset?token=…, POST /reset            the reset link's holder sets a new password
// Every form of a signed-in user carries the session's CSRF token (plugins/auth.ts). The reset
// page may have no session: as on the invitation's page, the link's secret is the proof and the
// same-origin rule of the sign-in form keeps another site from posting it. Pages that carry a
// secret in their address or body send no referrer and are not cached.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ServiceError } from '../../services/service-error.ts';
import { issuePasswordReset, listApiTokens, resetPassword, revokeApiToken } from '../../services/accounts.ts';
import {
  ACCOUNTS_PAGE,
  accountUsername,
  changePassword,
  mySessions,
  resetLinkFor,
  RESET_HOURS,
  revokeMySession,
  revokeOtherSessions,
  siteAccounts,
} from '../../services/account-settings.ts';
import { authorizeSiteAdmin } from '../../services/policy.ts';
import { sha256Hex } from '../../services/service-context.ts';
import { STATUS } from '../plugins/errors.ts';
import { clearSessionCookie, SESSION_COOKIE } from '../plugins/auth.ts';
import { sameOriginSignIn } from '../plugins/request-checks.ts';
import { renderPage } from './render-page.tsx';
import { formFields, formText, pageQuery } from './page-kit.tsx';
import { PAGE_ERRORS, problemOf, siteEnv, toSignIn, SECRET_PAGE } from './office-form-kit.ts';
import type { FormProblem, OfficeNotice } from './office-forms.tsx';
import { AccountPage, AccountsPage, ResetDonePage, ResetLinkIssuedPage, ResetPage } from './account-pages.tsx';

const password = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === 'string' ? v : ''));
const passwordForm = z.object({ current: password, password, confirmation: password });
const sessionForm = z.object({ session: formText });
const usernameForm = z.object({ username: formText });
const resetForm = z.object({ token: formText, password, confirmation: password });

const PASSWORD_FIELDS = new Set(['current', 'password', 'confirmation']);
const canonicalId = (v: string) => (/^[1-9]\d{0,9}$/.test(v) && Number(v) <= 2_147_483_647 ? Number(v) : 0);

export async function accountPageRoutes(app: FastifyInstance) {
  /** The session cookie of a request that came with one (not an API token). */
  const sessionOf = (request: FastifyRequest) => (request.csrfToken ? (request.cookies[SESSION_COOKIE] ?? null) : null);

  const saved = (to: string, reply: FastifyReply) =>
    reply.code(303).header('location', to).header('cache-control', 'no-store').send();

  async function accountPage(
    request: FastifyRequest,
    reply: FastifyReply,
    notice: OfficeNotice,
    form: 'sessions' | 'tokens' | 'password' | null,
    status = 200,
  ) {
    const env = siteEnv(request, reply);
    const sessions = await mySessions(app.ctx, request.actor, sessionOf(request));
    const tokens = await listApiTokens(app.ctx, request.actor);
    const username = (await accountUsername(app.ctx.dialect.reader, request.actor?.userId ?? 0)) ?? '';
    const done = env.query.get('saved');
    const savedNotice: Record<string, [string, 'sessions' | 'tokens' | 'password']> = {
      session: [env.t('account.session_revoked'), 'sessions'],
      others: [env.t('account.others_revoked'), 'sessions'],
      token: [env.t('account.token_revoked_notice'), 'tokens'],
      password: [env.t('account.password_changed'), 'password'],
    };
    const fromQuery = done && done in savedNotice ? savedNotice[done]! : null;
    return renderPage(
      reply,
      <AccountPage
        username={username}
        sessions={sessions}
        tokens={tokens}
        now={app.ctx.now().toISOString()}
        notice={notice ?? (fromQuery ? { kind: 'saved', message: fromQuery[0] } : null)}
        form={notice ? form : (fromQuery?.[1] ?? null)}
        csrfToken={request.csrfToken}
      />,
      { env, title: env.t('account.title'), status, cacheControl: 'private, no-store' },
    );
  }

  app.get('/account', async function account(request, reply) {
    if (!request.actor) return toSignIn(request, reply);
    return accountPage(request, reply, null, null);
  });

  app.post('/account/sessions/revoke', async function revokeSession(request, reply) {
    const f = formFields(sessionForm, request.body);
    const current = sessionOf(request);
    try {
      await revokeMySession(app.ctx, request.actor, current, f.session ?? '');
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'session_not_found')
        return accountPage(
          request,
          reply,
          { kind: 'error', problem: { field: null, message: err.message } },
          'sessions',
          404,
        );
      throw err;
    }
    if (current && sha256Hex(current) === f.session) {
      // Signed out here: on to the sign-in page.
      clearSessionCookie(reply);
      return saved('/sign-in?next=%2Faccount', reply);
    }
    return saved('/account?saved=session#sessions', reply);
  });

  app.post('/account/sessions/revoke-others', async function revokeOthers(request, reply) {
    await revokeOtherSessions(app.ctx, request.actor, sessionOf(request));
    return saved('/account?saved=others#sessions', reply);
  });

  app.post<{ Params: { id: string } }>('/account/tokens/:id/revoke', async function revokeToken(request, reply) {
    if (!request.actor) throw new ServiceError('unauthenticated', 'unauthenticated', 'sign in first');
    try {
      await revokeApiToken(app.ctx, request.actor, canonicalId(request.params.id));
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'token_not_found')
        return accountPage(
          request,
          reply,
          { kind: 'error', problem: { field: null, message: err.message } },
          'tokens',
          404,
        );
      throw err;
    }
    return saved('/account?saved=token#tokens', reply);
  });

  app.post('/account/password', async function passwordSubmit(request, reply) {
    const f = formFields(passwordForm, request.body);
    try {
      await changePassword(app.ctx, request.actor, sessionOf(request), {
        current: f.current,
        password: f.password,
        confirmation: f.confirmation,
      });
    } catch (err) {
      if (err instanceof ServiceError && !PAGE_ERRORS.has(err.kind)) {
        if (err.kind === 'rate_limited' && typeof err.details?.retryAfterSeconds === 'number')
          reply.header('retry-after', String(err.details.retryAfterSeconds));
        const problem = problemOf(err);
        return accountPage(
          request,
          reply,
          {
            kind: 'error',
            problem: PASSWORD_FIELDS.has(problem?.field ?? '') ? problem : { field: null, message: err.message },
          },
          'password',
          STATUS[err.kind],
        );
      }
      throw err;
    }
    return saved('/account?saved=password#password-form', reply);
  });

  // --- Site administrators: accounts and reset links --------------------------------------------

  app.get('/office/accounts', async function accounts(request, reply) {
    if (!request.actor) return toSignIn(request, reply);
    authorizeSiteAdmin(request.actor);
    const env = siteEnv(request, reply);
    const from = pageQuery(request).get('from') ?? '0';
    const offset = /^(0|[1-9]\d{0,8})$/.test(from) ? Number(from) : 0;
    const list = await siteAccounts(app.ctx, request.actor, offset);
    return renderPage(
      reply,
      <AccountsPage
        accounts={list.accounts}
        total={list.total}
        offset={offset}
        pageSize={ACCOUNTS_PAGE}
        hours={RESET_HOURS}
        csrfToken={request.csrfToken}
      />,
      { env, title: env.t('accounts.title'), cacheControl: 'private, no-store' },
    );
  });

  app.post('/office/accounts/reset-link', async function issueResetLink(request, reply) {
    authorizeSiteAdmin(request.actor);
    const f = formFields(usernameForm, request.body);
    const username = (f.username ?? '').trim().toLowerCase();
    const issued = await issuePasswordReset(app.ctx, request.actor, username);
    // Shown once: the page is the only place the secret appears (only its hash is stored).
    const env = siteEnv(request, reply);
    reply.headers(SECRET_PAGE);
    return renderPage(
      reply,
      <ResetLinkIssuedPage
        username={username}
        link={`${app.ctx.publicOrigin}/reset?token=${issued.token}`}
        expiresAt={issued.expiresAt}
      />,
      { env, title: env.t('accounts.issued_title', { username }), status: 201, cacheControl: 'no-store' },
    );
  });

  // --- The reset link's holder -------------------------------------------------------------------

  async function resetPage(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    problem: FormProblem,
    status: number,
  ) {
    const env = siteEnv(request, reply);
    const link = await resetLinkFor(app.ctx.dialect.reader, app.ctx.now(), token);
    reply.headers(SECRET_PAGE);
    return renderPage(
      reply,
      <ResetPage token={token} username={link?.username ?? null} problem={problem} csrfToken={request.csrfToken} />,
      { env, title: env.t('reset.title'), status: link ? status : 400, cacheControl: 'no-store' },
    );
  }

  app.get('/reset', async function reset(request, reply) {
    return resetPage(request, reply, pageQuery(request).get('token') ?? '', null, 200);
  });

  app.post('/reset', async function resetSubmit(request, reply) {
    const f = formFields(resetForm, request.body);
    const token = f.token ?? '';
    if (!sameOriginSignIn(request))
      return resetPage(request, reply, token, { field: null, message: 'cross-site form' }, 403);
    if (f.password !== f.confirmation)
      return resetPage(
        request,
        reply,
        token,
        { field: 'confirmation', message: 'the password and its confirmation differ' },
        400,
      );
    try {
      // Using the link signs the account out everywhere and revokes its API tokens.
      await resetPassword(app.ctx, { token: token.slice(0, 200), password: f.password, signOutEverywhere: true });
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'reset_link_invalid')
        return resetPage(request, reply, token, null, 400);
      if (err instanceof ServiceError) {
        const problem = problemOf(err);
        return resetPage(
          request,
          reply,
          token,
          PASSWORD_FIELDS.has(problem?.field ?? '') ? problem : { field: null, message: err.message },
          STATUS[err.kind],
        );
      }
      throw err;
    }
    const env = siteEnv(request, reply);
    reply.headers(SECRET_PAGE);
    return renderPage(reply, <ResetDonePage />, { env, title: env.t('reset.done_title'), cacheControl: 'no-store' });
  });
}
