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
} from '../../services/oparl/oparl.ts';
import { decimal, slugParams } from './common-schemas.ts';

const pageQuery = z.object({
  page: decimal(1, 10_000_000).default(1),
  limit: decimal(1, MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});
const segment = z.string().min(1).max(32);
const key = z.string().min(1).max(64);
const hide = { hide: true };

export const oparlRoutes: FastifyPluginAsyncZod = async (app) => {
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
