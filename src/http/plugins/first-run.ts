// "Not set up yet" (issue 15, item 1): until a new site has a site administrator (or a body its
// operator made with the CLI), every page but the setup page is answered 503 with a page saying
// so. Registered around the pages only (app.ts): the JSON API stays as it is, and on such a site it
// can do nothing anyway — every write needs an account, and only the setup link (or the operator's
// CLI) makes one. Once set up, a site stays set up, so the check stops costing a query.
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { siteIsSetUp } from '../../services/first-run.ts';

/**
 * Pages a site that is not set up still answers: the setup page, and signing in and out (an account
 * the operator made with the CLI before any administrator existed can still sign in; it finds
 * nothing else to do until the site is set up), and the reset page (`quorate admin reset-link`
 * issues its links whether or not the site is set up).
 */
const OPEN = [/^\/setup(?:\?|$)/, /^\/sign-(?:in|out)(?:\?|$)/, /^\/reset(?:\?|$)/];

export const firstRunPlugin = fp<{ notSetUpPage: (request: FastifyRequest, reply: FastifyReply) => unknown }>(
  async (app, opts) => {
    let setUp = false;
    app.addHook('onRequest', async (request, reply) => {
      if (setUp) return;
      if (OPEN.some((re) => re.test(request.url))) return;
      setUp = await siteIsSetUp(app.ctx.dialect.reader);
      if (setUp) return;
      reply.header('cache-control', 'no-store').header('retry-after', '60');
      return opts.notSetUpPage(request, reply);
    });
  },
  { name: 'quorate-first-run', dependencies: ['quorate-context'] },
);
