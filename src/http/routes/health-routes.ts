// Health for operators and load balancers (issue 20): /healthz says the process lives, /readyz
// whether it should take traffic (services/readiness.ts). Neither is cached; /readyz answers 503
// with the failed checks named, and never a driver's error text.
import type { FastifyPluginAsync } from 'fastify';
import { checkReadiness } from '../../services/readiness.ts';

export const healthRoutes: FastifyPluginAsync<{ readyLagS?: number }> = async (app, opts) => {
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ ok: true }),
  );
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    const readiness = await checkReadiness(app.ctx, {
      ...(opts.readyLagS === undefined ? {} : { lagBoundS: opts.readyLagS }),
      onError: (err) => request.log.error({ err }, 'readiness: the database did not answer'),
    });
    return reply
      .code(readiness.ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(readiness);
  });
};
