// The first run (issue 15, item 1): "not set up yet" for every page until the site has its first
// site administrator (plugins/first-run.ts sends it), and GET/POST /setup, the one-time setup
// link's page that creates that administrator and signs them in. No session exists yet, so there
// is no CSRF token: the link's secret is the proof, and the same-origin rule of the sign-in form
// keeps another site from posting it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ServiceError } from '../../services/service-error.ts';
import { createSession } from '../../services/accounts.ts';
import { completeSetup, setupLinkUsable } from '../../services/first-run.ts';
import { STATUS } from '../plugins/errors.ts';
import { setSessionCookie } from '../plugins/auth.ts';
import { sameOriginSignIn } from '../plugins/request-checks.ts';
import { renderPage } from './render-page.tsx';
import { formFields, formText, pageQuery } from './page-kit.tsx';
import { NotSetUpPage, SetupPage } from './setup-page.tsx';
import type { FormProblem } from './office-forms.tsx';
import { plainText, problemOf, siteEnv } from './office-form-kit.ts';

const setupForm = z.object({
  token: formText,
  username: formText,
  displayName: formText,
  password: z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'string' ? v : '')),
  confirmation: z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'string' ? v : '')),
});
/** "Not set up yet", in the reader's language: plugins/first-run.ts sends it for every page until then. */
export function sendNotSetUp(request: FastifyRequest, reply: FastifyReply) {
  const env = siteEnv(request, reply);
  return renderPage(reply, <NotSetUpPage />, {
    env,
    title: env.t('setup.not_set_up_title'),
    status: 503,
    cacheControl: 'no-store',
  });
}

export async function setupPageRoutes(app: FastifyInstance) {
  const reader = () => app.ctx.dialect.reader;

  async function setupPage(
    request: FastifyRequest,
    reply: FastifyReply,
    input: { token: string; problem: FormProblem; username: string; displayName: string; status: number },
  ) {
    const env = siteEnv(request, reply);
    const usable = await setupLinkUsable(reader(), app.ctx.now(), input.token);
    // The token is a secret in the address: no referrer leaves the page, and nothing caches it.
    reply.header('referrer-policy', 'no-referrer');
    return renderPage(
      reply,
      <SetupPage
        token={input.token}
        usable={usable}
        problem={input.problem}
        username={input.username}
        displayName={input.displayName}
      />,
      { env, title: env.t('setup.title'), status: usable ? input.status : 400, cacheControl: 'no-store' },
    );
  }

  app.get('/setup', async function setupForm_(request, reply) {
    const token = pageQuery(request).get('token') ?? '';
    return setupPage(request, reply, { token, problem: null, username: '', displayName: '', status: 200 });
  });

  app.post('/setup', async function setupSubmit(request, reply) {
    const f = formFields(setupForm, request.body);
    const token = f.token ?? '';
    const again = (problem: FormProblem, status: number) =>
      setupPage(request, reply, {
        token,
        problem,
        username: (f.username ?? '').slice(0, 63),
        displayName: (f.displayName ?? '').slice(0, 200),
        status,
      });
    // The link is the secret; the same-origin rule of sign-in keeps another site from posting it.
    if (!sameOriginSignIn(request)) return again({ field: null, message: 'cross-site form' }, 403);
    try {
      const displayName = plainText(f.displayName, 'displayName', 'at most 300 characters, no control characters');
      const user = await completeSetup(app.ctx, {
        token,
        username: f.username ?? '',
        displayName,
        password: f.password,
        confirmation: f.confirmation,
      });
      const session = await createSession(app.ctx, user.id, { userAgent: request.headers['user-agent'] ?? null });
      setSessionCookie(request, reply, session.sessionToken, session.expiresAt);
      return reply.code(303).header('location', '/office').header('cache-control', 'no-store').send();
    } catch (err) {
      if (err instanceof ServiceError && err.code !== 'setup_link_invalid')
        return again(problemOf(err), STATUS[err.kind]);
      if (err instanceof ServiceError) return again(null, 400);
      throw err;
    }
  });
}
