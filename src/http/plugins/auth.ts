// Who is asking: a session cookie (browsers) or a bearer API token (scripts). Sessions and roles
// are read on every request, so a sign-out or role change takes effect at once in every process.
// Cookie-authenticated writes must carry the session's CSRF token (header or form field).
// A token acts within its scope: a read-only token is refused every write, and a token limited to
// one body is refused every other body's routes and every write outside a body.
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loadActor, resolveApiToken, resolveSession, signIn, type ResolvedToken } from '../../services/accounts.ts';
import { DEVICE_COOKIE, DEVICE_COOKIE_DAYS } from '../../services/device-cookies.ts';
import { touchSession } from '../../services/account-settings.ts';
import { ServiceError } from '../../services/service-error.ts';
import type { Actor } from '../../services/policy.ts';
import { sendProblem } from './errors.ts';
import { csrfTokenMatches, sameOriginSignIn } from './request-checks.ts';

export const SESSION_COOKIE = 'quorate_session';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** Set when the request came with a live session cookie. */
    csrfToken: string | null;
    /** Set when the request came with a live API token. */
    apiToken: ResolvedToken | null;
  }
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/**
 * Signs in from a request, by the same rules for the JSON API and the sign-in form: refused unless
 * it came from this site; limited by address and by this browser's device cookie (or the
 * account's shared limit when it has none); on success the session cookie is set and the device
 * cookie renewed. Throws the service's errors (`cross_site_sign_in`, `sign_in_paused`, `bad_credentials`).
 */
export async function signInFromRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  input: { username: string; password: string },
) {
  if (!sameOriginSignIn(request))
    throw new ServiceError(
      'forbidden',
      'cross_site_sign_in',
      'this sign-in did not come from this site; sign in on its own page',
    );
  const s = await signIn(request.server.ctx, {
    ...input,
    address: request.ip,
    deviceCookie: request.cookies[DEVICE_COOKIE],
    userAgent: request.headers['user-agent'] ?? null,
  });
  setSessionCookie(request, reply, s.sessionToken, s.expiresAt);
  reply.setCookie(DEVICE_COOKIE, s.deviceCookie, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: DEVICE_COOKIE_DAYS * 86_400,
  });
  return s;
}

/** Whether a token may make this request; a problem to send when not. */
function tokenRefusal(request: FastifyRequest, t: ResolvedToken): [string, string] | null {
  const write = !SAFE.has(request.method);
  if (t.scope === 'read' && write)
    return ['token_read_only', 'this API token is read-only; create a read-write token to make changes'];
  if (t.body) {
    const slug = (request.params as Record<string, unknown> | undefined)?.slug;
    if (typeof slug === 'string' ? slug !== t.body.slug : write) {
      return ['token_wrong_body', `this API token acts on the body "${t.body.slug}" only`];
    }
  }
  return null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route checks `Authorization: Bearer` itself (not an API token): /metrics. */
    ownBearerToken?: boolean;
  }
}

export const authPlugin = fp(
  async (app) => {
    app.decorateRequest('actor', null);
    app.decorateRequest('csrfToken', null);
    app.decorateRequest('apiToken', null);
    // Tokens are resolved before the body is validated, so a token outside its scope is refused
    // with its own code whatever it sent.
    app.addHook('preValidation', async (request, reply) => {
      const header = request.headers.authorization;
      // A route that checks its own bearer token (/metrics) is not asked for an API token.
      if (!header || request.routeOptions.config.ownBearerToken) return;
      const ctx = app.ctx;
      const m = /^Bearer (\S+)$/.exec(header);
      const t = m ? await resolveApiToken(ctx, m[1]!) : null;
      if (!t) return sendProblem(reply, 401, 'bad_token', 'the API token is unknown, revoked or expired');
      const refusal = tokenRefusal(request, t);
      if (refusal) return sendProblem(reply, 403, refusal[0], refusal[1]);
      request.apiToken = t;
      const actor = await loadActor(ctx.dialect.reader, t.userId);
      // A body-limited token carries only its roles in that body (and no site administration).
      request.actor =
        actor && t.body
          ? {
              userId: actor.userId,
              siteAdmin: false,
              roles: new Map(actor.roles.has(t.body.id) ? [[t.body.id, actor.roles.get(t.body.id)!]] : []),
            }
          : actor;
    });
    app.addHook('preHandler', async (request, reply) => {
      if (request.headers.authorization) return;
      const ctx = app.ctx;
      const cookie = request.cookies[SESSION_COOKIE];
      if (!cookie) return;
      const session = await resolveSession(ctx, cookie);
      if (!session) {
        clearSessionCookie(reply);
        return;
      }
      request.csrfToken = session.csrfToken;
      if (!SAFE.has(request.method)) {
        const body = request.body as Record<string, unknown> | undefined;
        const sent = request.headers['x-csrf-token'] ?? (body && typeof body === 'object' ? body._csrf : undefined);
        if (!csrfTokenMatches(sent, session.csrfToken))
          return sendProblem(
            reply,
            403,
            'csrf_failed',
            'this form or request lacks its CSRF token; reload the page and try again',
          );
      }
      request.actor = session.actor;
      // "Last seen" for the account page: on reading a page only, at most every few minutes, so a
      // ballot or any other write never waits on it.
      if (request.method === 'GET') await touchSession(ctx, session.sessionId, session.lastSeenAt);
    });
  },
  { name: 'quorate-auth', dependencies: ['quorate-context'] },
);
