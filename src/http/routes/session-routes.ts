// Sign-in, sign-out, API tokens, password reset links and accounts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createApiToken, createUser, issuePasswordReset, resetPassword, revokeApiToken, signIn, signOut } from '../../services/accounts.ts';
import { ServiceError } from '../../services/service-error.ts';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../plugins/auth.ts';
import { decimal, text } from './common-schemas.ts';

export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/session', {
    schema: { body: z.object({ username: text(200), password: text(1024) }), tags: ['accounts'] },
  }, async (request, reply) => {
    const s = await signIn(app.ctx, { ...request.body, address: request.ip });
    setSessionCookie(request, reply, s.sessionToken, s.expiresAt);
    return { userId: s.userId, csrfToken: s.csrfToken, expiresAt: s.expiresAt };
  });

  app.get('/session', { schema: { tags: ['accounts'] } }, async (request) => {
    const a = request.actor;
    if (!a) throw new ServiceError('unauthenticated', 'unauthenticated', 'not signed in');
    return {
      userId: a.userId, siteAdmin: a.siteAdmin, csrfToken: request.csrfToken,
      roles: Object.fromEntries([...a.roles].map(([bodyId, roles]) => [bodyId, [...roles]])),
    };
  });

  app.delete('/session', {
    schema: { querystring: z.object({ everywhere: z.enum(['true', 'false']).default('false') }), tags: ['accounts'] },
  }, async (request, reply) => {
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie || !request.actor) throw new ServiceError('unauthenticated', 'unauthenticated', 'not signed in');
    await signOut(app.ctx, cookie, { everywhere: request.query.everywhere === 'true' });
    clearSessionCookie(reply);
    return reply.code(204).send();
  });

  app.post('/tokens', { schema: { body: z.object({ name: text(100).min(1) }), tags: ['accounts'] } }, async (request, reply) => {
    const t = await createApiToken(app.ctx, request.actor, request.body.name);
    return reply.code(201).send(t);
  });

  app.delete('/tokens/:id', { schema: { params: z.object({ id: decimal(1, 2_147_483_647) }), tags: ['accounts'] } }, async (request, reply) => {
    await revokeApiToken(app.ctx, request.actor, request.params.id);
    return reply.code(204).send();
  });

  app.post('/users', {
    schema: {
      body: z.object({ username: text(63), displayName: text(200).min(1), password: text(1024), siteAdmin: z.boolean().optional() }),
      tags: ['accounts'],
    },
  }, async (request, reply) => reply.code(201).send(await createUser(app.ctx, request.actor, request.body)));

  app.post('/password-resets', { schema: { body: z.object({ username: text(63) }), tags: ['accounts'] } }, async (request, reply) => {
    const r = await issuePasswordReset(app.ctx, request.actor, request.body.username);
    return reply.code(201).send({ ...r, link: `${app.ctx.publicOrigin}/reset#${r.token}` });
  });

  app.post('/password-resets/use', {
    schema: { body: z.object({ token: text(200), password: text(1024) }), tags: ['accounts'] },
  }, async (_request, reply) => {
    await resetPassword(app.ctx, _request.body);
    return reply.code(204).send();
  });
};
