// The OParl 1.1 endpoint (issue 19), read-only and public: the System at /oparl/v1/system, the list
// of bodies, a body, and a body's external lists and objects (services/oparl). Every answer carries
// CORS, as the spec's chapter "Cross-Origin Resource Sharing" requires (plugins/security-headers).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  oparlBodies,
  oparlBodyList,
  oparlBodyObject,
  oparlBodyObjectOf,
  oparlSystem,
  OPARL_VERSION,
} from '../../services/oparl/oparl.ts';
import { decimal, slugParams } from './common-schemas.ts';

/** An instant with its offset, as the spec's filters take it ("2014-01-08T14:28:31+01:00"). */
const instant = z.iso.datetime({ offset: true }).optional();
const pageQuery = z.object({
  page: decimal(1, 10_000_000).default(1),
  limit: decimal(1, MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  created_since: instant,
  created_until: instant,
  modified_since: instant,
  modified_until: instant,
  // The spec's `omit_internal`: Quorate keeps no internal properties, so it changes nothing.
  omit_internal: z.enum(['true', 'false']).optional(),
});
const segment = z.string().min(1).max(32);
const key = z.string().min(1).max(64);
const hide = { hide: true };

/**
 * An error as both standards ask: the problem+json answer (RFC 9457, with its stable `code`) whose
 * `type` is OParl's Error and which carries OParl's `message` and `debug` (the spec's chapter
 * "Ausnahmebehandlung": `type` https://schema.oparl.org/1.1/Error, `message`, `debug`).
 */
function asOparlError(payload: string): string {
  try {
    const problem = JSON.parse(payload) as Record<string, unknown>;
    return JSON.stringify({
      ...problem,
      type: `${OPARL_VERSION}Error`,
      message: problem.detail ?? problem.title,
      debug: problem.code,
    });
  } catch {
    return payload;
  }
}

export const oparlRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onSend', async (_request, reply, payload) =>
    reply.statusCode >= 400 && typeof payload === 'string' ? asOparlError(payload) : payload,
  );
  app.get('/system', { schema: hide }, async () => oparlSystem(app.ctx));
  app.get('/bodies', { schema: { ...hide, querystring: pageQuery } }, async (request) =>
    oparlBodies(app.ctx, request.query),
  );
  app.get('/body/:slug', { schema: { ...hide, params: slugParams } }, async (request) =>
    oparlBodyObject(app.ctx, request.params.slug),
  );
  app.get(
    '/body/:slug/:list',
    { schema: { ...hide, params: slugParams.extend({ list: segment }), querystring: pageQuery } },
    async (request) => oparlBodyList(app.ctx, request.params.slug, request.params.list, request.query),
  );
  app.get(
    '/body/:slug/:type/:key',
    { schema: { ...hide, params: slugParams.extend({ type: segment, key }) } },
    async (request) => oparlBodyObjectOf(app.ctx, request.params.slug, request.params.type, request.params.key),
  );
};
