// Decorates the app with the service context (database, clock, randomness).
import fp from 'fastify-plugin';
import type { ServiceContext } from '../../services/service-context.ts';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: ServiceContext;
  }
}

export const contextPlugin = fp<{ ctx: ServiceContext }>(
  async (app, opts) => {
    app.decorate('ctx', opts.ctx);
  },
  { name: 'quorate-context' },
);
