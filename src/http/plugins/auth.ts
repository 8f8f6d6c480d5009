// Who is asking: a session cookie (browsers) or a bearer API token (scripts). Sessions and roles
// are read on every request, so a sign-out or role change takes effect at once in every process.
// Cookie-authenticated writes must carry the session's CSRF token (header or form field).
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loadActor, resolveApiToken, resolveSession } from '../../services/accounts.ts';
import type { Actor } from '../../services/policy.ts';
import { sendProblem } from './errors.ts';

export const SESSION_COOKIE = 'quorate_session';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** Set when the request came with a live session cookie. */
    csrfToken: string | null;
  }
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

export const authPlugin = fp(async (app) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('preHandler', async (request, reply) => {
    const ctx = app.ctx;
    const header = request.headers.authorization;
    if (header) {
      const m = /^Bearer (\S+)$/.exec(header);
      const t = m ? await resolveApiToken(ctx, m[1]!) : null;
      if (!t) return sendProblem(reply, 401, 'bad_token', 'the API token is unknown or revoked');
      request.actor = await loadActor(ctx.dialect.reader, t.userId);
      return;
    }
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
      if (sent !== session.csrfToken) return sendProblem(reply, 403, 'csrf_failed', 'this form or request lacks its CSRF token; reload the page and try again');
    }
    request.actor = session.actor;
  });
}, { name: 'quorate-auth', dependencies: ['quorate-context'] });
