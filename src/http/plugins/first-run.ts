// "Not set up yet" (issue 15, item 1): until a new site has a site administrator (or a body its
// operator made with the CLI), every request but the setup page, the stylesheet and the health
// check is answered 503 — a page saying so for people, problem+json `not_set_up` for the API. Once
// set up, a site stays set up, so the check stops costing a query.
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { siteIsSetUp } from '../../services/first-run.ts';
import { sendProblem } from './errors.ts';

/** Paths a site that is not set up still answers. */
const OPEN = [/^\/setup(?:\?|$)/, /^\/_static\//, /^\/healthz(?:\?|$)/];

export const firstRunPlugin = fp<{ notSetUpPage: (request: FastifyRequest, reply: FastifyReply) => unknown }>(
  async (app, opts) => {
    let setUp = false;
    app.addHook('onRequest', async (request, reply) => {
      if (setUp) return;
      if (OPEN.some((re) => re.test(request.url))) return;
      setUp = await siteIsSetUp(app.ctx.dialect.reader);
      if (setUp) return;
      reply.header('cache-control', 'no-store').header('retry-after', '60');
      if (request.url.startsWith('/api/') || request.url.startsWith('/log/') || request.url.startsWith('/export/'))
        return sendProblem(reply, 503, 'not_set_up', 'this site is not set up yet; its operator has the setup link');
      return opts.notSetUpPage(request, reply);
    });
  },
  { name: 'quorate-first-run', dependencies: ['quorate-context'] },
);
