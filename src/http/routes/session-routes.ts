// Sign-in, sign-out, API tokens, password reset links and accounts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createApiToken,
  createUser,
  issuePasswordReset,
  listApiTokens,
  resetPassword,
  revokeApiToken,
  signOut,
  TOKEN_DEFAULT_DAYS,
  TOKEN_MAX_DAYS,
  TOKEN_SCOPES,
} from '../../services/accounts.ts';
import { ServiceError } from '../../services/service-error.ts';
import { clearSessionCookie, SESSION_COOKIE, signInFromRequest } from '../plugins/auth.ts';
import { decimal, text } from './common-schemas.ts';

export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  // The same rules as the sign-in form (plugins/auth.ts, signInFromRequest): 403
  // cross_site_sign_in, 429 sign_in_paused with Retry-After, 401 bad_credentials.
  app.post(
    '/session',
    {
      schema: { body: z.object({ username: text(200), password: text(1024) }), tags: ['accounts'] },
    },
    async (request, reply) => {
      const s = await signInFromRequest(request, reply, request.body);
      return { userId: s.userId, csrfToken: s.csrfToken, expiresAt: s.expiresAt };
    },
  );

  app.get('/session', { schema: { tags: ['accounts'] } }, async (request) => {
    const a = request.actor;
    if (!a) throw new ServiceError('unauthenticated', 'unauthenticated', 'not signed in');
    return {
      userId: a.userId,
      siteAdmin: a.siteAdmin,
      csrfToken: request.csrfToken,
      roles: Object.fromEntries([...a.roles].map(([bodyId, roles]) => [bodyId, [...roles]])),
    };
  });

  app.delete(
    '/session',
    {
      schema: {
        description:
          'Signs out; with everywhere=true every session of the account ends and its API tokens are revoked.',
        querystring: z.object({ everywhere: z.enum(['true', 'false']).default('false') }),
        tags: ['accounts'],
      },
    },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (!cookie || !request.actor) throw new ServiceError('unauthenticated', 'unauthenticated', 'not signed in');
      await signOut(app.ctx, cookie, { everywhere: request.query.everywhere === 'true' });
      clearSessionCookie(reply);
      return reply.code(204).send();
    },
  );

  const tokenInfo = z.object({
    id: z.number().int(),
    name: z.string(),
    scope: z.enum(TOKEN_SCOPES),
    body: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string(),
    revokedAt: z.string().nullable(),
  });

  app.post(
    '/tokens',
    {
      schema: {
        description:
          'Creates an API token for the signed-in account; a session only (a token cannot create tokens). The secret is in this answer only.',
        body: z.object({
          name: text(100).min(1),
          scope: z
            .enum(TOKEN_SCOPES)
            .default('read-write')
            .describe('"read": safe methods only; "read-write": everything the account may do'),
          body: z.string().min(1).max(64).optional().describe('the slug of the one body the token may act on'),
          expiresInDays: z.number().int().min(1).max(TOKEN_MAX_DAYS).default(TOKEN_DEFAULT_DAYS),
        }),
        response: { 201: tokenInfo.extend({ token: z.string() }) },
        tags: ['accounts'],
      },
    },
    async (request, reply) => {
      const t = await createApiToken(app.ctx, request.actor, request.body, request.apiToken ? 'token' : 'session');
      return reply.code(201).send(t);
    },
  );

  app.get(
    '/tokens',
    {
      schema: {
        description: "The signed-in account's own API tokens, newest first, without their secrets.",
        response: { 200: z.object({ tokens: z.array(tokenInfo) }) },
        tags: ['accounts'],
      },
    },
    async (request) => ({ tokens: await listApiTokens(app.ctx, request.actor) }),
  );

  app.delete(
    '/tokens/:id',
    { schema: { params: z.object({ id: decimal(1, 2_147_483_647) }), tags: ['accounts'] } },
    async (request, reply) => {
      await revokeApiToken(app.ctx, request.actor, request.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/users',
    {
      schema: {
        body: z.object({
          username: text(63),
          displayName: text(200).min(1),
          password: text(1024),
          siteAdmin: z.boolean().optional(),
        }),
        tags: ['accounts'],
      },
    },
    async (request, reply) => reply.code(201).send(await createUser(app.ctx, request.actor, request.body)),
  );

  app.post(
    '/password-resets',
    { schema: { body: z.object({ username: text(63) }), tags: ['accounts'] } },
    async (request, reply) => {
      const r = await issuePasswordReset(app.ctx, request.actor, request.body.username);
      return reply.code(201).send({ ...r, link: `${app.ctx.publicOrigin}/reset?token=${r.token}` });
    },
  );

  app.post(
    '/password-resets/use',
    {
      schema: {
        description:
          "Uses a reset link: sets the password, clears the account's sign-in pauses and revokes its API tokens; other sessions stay signed in unless signOutEverywhere.",
        body: z.object({ token: text(200), password: text(1024), signOutEverywhere: z.boolean().default(false) }),
        tags: ['accounts'],
      },
    },
    async (_request, reply) => {
      await resetPassword(app.ctx, _request.body);
      return reply.code(204).send();
    },
  );
};
