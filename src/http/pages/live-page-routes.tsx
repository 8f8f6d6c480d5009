// The live screens of a sitting and signing in to them:
//   /sign-in (GET form, POST urlencoded), /sign-out (POST with the CSRF field),
//   /{slug}/sittings/{id}/console   the clerk's and chair's console (console.json: its data),
//   /{slug}/sittings/{id}/ballot    a member's own page, phone first,
//   /{slug}/sittings/{id}/projector the wall display, /{slug}/sittings/{id}/live the residents' view.
// Each screen is rendered on the server from the same React components the client bundle
// hydrates, so it reads fine with JavaScript off. Anonymous visitors to a screen that needs an
// account are sent to sign in; a signed-in user without the role gets a 403 page saying why.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ReactElement } from 'react';
import { renderToString } from 'react-dom/server';
import { z } from 'zod';
import { ServiceError } from '../../services/service-error.ts';
import { findBody } from '../../services/bodies.ts';
import { signOut } from '../../services/accounts.ts';
import { can } from '../../services/policy.ts';
import { consoleSnapshot, memberSnapshot, screenSnapshot } from '../../services/live/live-screens.ts';
import type { Lang } from '../../domain/i18n/lang.ts';
import { LiveEnvProvider } from '../../web/components/live-env.tsx';
import { ConsoleScreen } from '../../web/components/console-screen.tsx';
import { BallotScreen } from '../../web/components/ballot-screen.tsx';
import { PublicScreen } from '../../web/components/public-screen.tsx';
import type { BallotBoot, ConsoleBoot, PublicBoot } from '../../web/components/live-types.ts';
import { clearSessionCookie, SESSION_COOKIE, signInFromRequest } from '../plugins/auth.ts';
import { sendProblem } from '../plugins/errors.ts';
import { createPageEnv } from './page-env.tsx';
import { renderPage } from './render-page.tsx';
import { formFields, idPageParams, loadBodyEnv, pageLanguage, pageParams, pageQuery } from './page-kit.tsx';
import { ForbiddenScreen, SignInPage, type SignInProblem } from './sign-in-page.tsx';
import { safeNext } from './safe-next.ts';
import { UNIFORM_CACHE_CONTROL } from '../uniform-reply.ts';
import { BALLOT_CHOICES } from '../../domain/ballots/commitment.ts';
import { bundleUrl, webBundlesPlugin, type WebEntry } from './web-bundles.ts';

export const LIVE_STYLESHEET = '/_static/live.css';
type Query = Record<string, string | string[] | undefined>;

/** The sign-in form: at most this many characters of each field are read. */
const signInForm = z.object({
  next: z.unknown().optional(),
  username: z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'string' ? v.slice(0, 200) : '')),
  password: z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'string' ? v.slice(0, 1024) : '')),
});

/**
 * The server's HTML of a live screen, rendered with renderToString (hydration markers included)
 * and placed in the page as the root the client bundle hydrates. React escapes every text it
 * renders, so no user text reaches the page unescaped.
 */
function LiveRoot({ html }: { html: string }) {
  return (
    // biome-ignore lint/security/noDangerouslySetInnerHtml: React's own server render of the live screen, escaped by React
    <div id="live-root" className="live-root" dangerouslySetInnerHTML={{ __html: html }} />
  );
}

function renderScreen(lang: Lang, screen: ReactElement): ReactElement {
  return <LiveRoot html={renderToString(<LiveEnvProvider lang={lang}>{screen}</LiveEnvProvider>)} />;
}

export async function livePageRoutes(app: FastifyInstance) {
  // The screens only read (through the reader); the sign-in and sign-out forms write through their services.
  const db = () => app.ctx.dialect.reader;
  await app.register(webBundlesPlugin);

  // --- Signing in and out ------------------------------------------------------------------
  const renderSignIn = (
    request: FastifyRequest,
    reply: FastifyReply,
    input: { next: string; problem: SignInProblem; username: string; status: number; retryAfterSeconds?: number },
  ) => {
    const lang = pageLanguage(request, reply, null);
    const env = createPageEnv({ lang, path: '/sign-in', query: pageQuery(request) });
    if (input.retryAfterSeconds) reply.header('retry-after', String(input.retryAfterSeconds));
    return renderPage(
      reply,
      <SignInPage
        next={input.next}
        problem={input.problem}
        username={input.username}
        csrfToken={request.csrfToken}
        retryAfterSeconds={input.retryAfterSeconds ?? null}
      />,
      { env, title: env.t('signin.title'), status: input.status, cacheControl: 'private, no-store' },
    );
  };

  app.get('/sign-in', async function signInPage(request, reply) {
    return renderSignIn(request, reply, {
      next: safeNext((request.query as Query).next),
      problem: null,
      username: '',
      status: 200,
    });
  });

  app.post('/sign-in', async function signInSubmit(request, reply) {
    const form = formFields(signInForm, request.body);
    const next = safeNext(form.next);
    const username = form.username;
    // The same rules as POST /api/v1/session (plugins/auth.ts, signInFromRequest).
    try {
      await signInFromRequest(request, reply, { username, password: form.password });
      return reply.code(303).header('location', next).header('cache-control', 'no-store').send();
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'cross_site_sign_in')
        return renderSignIn(request, reply, { next, problem: 'cross_site', username, status: 403 });
      if (err instanceof ServiceError && err.code === 'sign_in_paused') {
        const wait = err.details?.retryAfterSeconds;
        return renderSignIn(request, reply, {
          next,
          problem: err.code,
          username,
          status: 429,
          retryAfterSeconds: typeof wait === 'number' ? wait : 900,
        });
      }
      if (err instanceof ServiceError && err.code === 'bad_credentials')
        return renderSignIn(request, reply, { next, problem: err.code, username, status: 401 });
      throw err;
    }
  });

  // The auth plugin has already checked the form's _csrf against the session.
  app.post('/sign-out', async function signOutSubmit(request, reply) {
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie && request.actor) await signOut(app.ctx, cookie);
    clearSessionCookie(reply);
    return reply.code(303).header('location', '/').header('cache-control', 'no-store').send();
  });

  // --- The screens ---------------------------------------------------------------------------
  type Params = { Params: { slug: string; id: string } };

  async function screenContext(request: FastifyRequest<Params>, reply: FastifyReply) {
    const { body, env, lang, bodyName } = await loadBodyEnv(app, request, reply, request.params.slug, 'sittings');
    const { id } = pageParams(idPageParams, request.params);
    const snapshot = await screenSnapshot(db(), body, id);
    const base = {
      lang,
      slug: body.slug,
      sittingId: id,
      bodyName,
      index: snapshot.index,
      state: snapshot.state,
      vote: snapshot.vote,
    };
    return { body, id, env, lang, base };
  }

  type Rendering = { boot: unknown; screen: ReactElement };
  const send = (
    request: FastifyRequest,
    reply: FastifyReply,
    input: {
      env: ReturnType<typeof createPageEnv>;
      lang: Lang;
      title: string;
      entry: WebEntry;
      boot: unknown;
      screen: ReactElement;
      personal: boolean;
      sameLengthAs?: Rendering[];
    },
  ) => {
    const script = bundleUrl(input.entry, request.log);
    return renderPage(reply, renderScreen(input.lang, input.screen), {
      env: input.env,
      title: input.title,
      bootState: input.boot,
      scripts: script ? [script] : [],
      stylesheets: [LIVE_STYLESHEET],
      ...(input.personal ? { cacheControl: 'private, no-store' } : {}),
      ...(input.sameLengthAs
        ? {
            cacheControl: UNIFORM_CACHE_CONTROL,
            sameLengthAs: input.sameLengthAs.map((r) => ({
              element: renderScreen(input.lang, r.screen),
              bootState: r.boot,
            })),
          }
        : {}),
    });
  };

  const toSignIn = (request: FastifyRequest, reply: FastifyReply) =>
    reply
      .code(303)
      .header('location', `/sign-in?next=${encodeURIComponent(request.url)}`)
      .header('cache-control', 'no-store')
      .send();

  const forbidden = (
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    env: ReturnType<typeof createPageEnv>,
    reason: 'console' | 'ballot',
  ) =>
    renderPage(
      reply,
      <ForbiddenScreen
        reason={reason}
        csrfToken={request.csrfToken}
        liveHref={`/${encodeURIComponent(request.params.slug)}/sittings/${request.params.id}/live`}
      />,
      { env, title: env.t('live.forbidden_title'), status: 403, cacheControl: 'private, no-store' },
    );

  app.get<Params>('/:slug/sittings/:id/console', async function consolePage(request, reply) {
    if (!request.actor) return toSignIn(request, reply);
    const { body, id, env, lang, base } = await screenContext(request, reply);
    const actor = request.actor;
    if (!can(actor, 'vote.open', body.id)) return forbidden(request, reply, env, 'console');
    const boot: ConsoleBoot = {
      ...base,
      screen: 'console',
      csrfToken: request.csrfToken ?? '',
      can: {
        markAttendance: can(actor, 'attendance.mark', body.id),
        recordRollCall: can(actor, 'vote.record', body.id),
        declareResult: can(actor, 'result.declare', body.id),
      },
      data: await consoleSnapshot(db(), body, id),
    };
    return send(request, reply, {
      env,
      lang,
      title: env.t('console.title', { sitting: base.state.sitting.title }),
      entry: 'console',
      boot,
      screen: <ConsoleScreen boot={boot} />,
      personal: true,
    });
  });

  app.get<Params>('/:slug/sittings/:id/console.json', async function consoleData(request, reply) {
    const body = await findBody(db(), request.params.slug);
    if (!request.actor) return sendProblem(reply, 401, 'unauthenticated', 'sign in first');
    if (!can(request.actor, 'vote.open', body.id))
      return sendProblem(reply, 403, 'forbidden', 'only the clerk or the chair use the console');
    reply.header('cache-control', 'private, no-store');
    return consoleSnapshot(db(), body, pageParams(idPageParams, request.params).id);
  });

  app.get<Params>('/:slug/sittings/:id/ballot', async function ballotPage(request, reply) {
    if (!request.actor) return toSignIn(request, reply);
    const { body, id, env, lang, base } = await screenContext(request, reply);
    const mine = can(request.actor, 'ballot.cast', body.id)
      ? await memberSnapshot(db(), body, id, request.actor.userId, base.state.vote)
      : null;
    if (!mine) return forbidden(request, reply, env, 'ballot');
    const boot: BallotBoot = { ...base, screen: 'ballot', csrfToken: request.csrfToken ?? '', ...mine };
    // The page shows the member's own named ballot: it is as long whatever the choice (a reload
    // through TLS must not tell it), so it is padded to the longest of its renderings for each.
    const own = boot.myBallot;
    const sameLengthAs = own?.choice
      ? BALLOT_CHOICES.map((choice) => {
          const variant: BallotBoot = { ...boot, myBallot: { ...own, choice } };
          return { boot: variant, screen: <BallotScreen boot={variant} /> };
        })
      : undefined;
    return send(request, reply, {
      env,
      lang,
      title: env.t('ballot.title', { sitting: base.state.sitting.title }),
      entry: 'member',
      boot,
      screen: <BallotScreen boot={boot} />,
      personal: true,
      ...(sameLengthAs ? { sameLengthAs } : {}),
    });
  });

  for (const screen of ['projector', 'live'] as const) {
    app.get<Params>(`/:slug/sittings/:id/${screen}`, async function publicScreenPage(request, reply) {
      const { env, lang, base } = await screenContext(request, reply);
      const boot: PublicBoot = { ...base, screen };
      const title = env.t(screen === 'projector' ? 'projector.title' : 'public_live.title', {
        sitting: base.state.sitting.title,
      });
      return send(request, reply, {
        env,
        lang,
        title,
        entry: 'public',
        boot,
        screen: <PublicScreen boot={boot} />,
        personal: false,
      });
    });
  }
}
