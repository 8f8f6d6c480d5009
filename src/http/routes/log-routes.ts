// The verifiable record, read-only and cacheable: C2SP tlog-checkpoint, tlog-tiles, the vkey and
// JSON proofs. Full tiles and bundles never change, so they are cached for a year.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  consistencyProof,
  inclusionProof,
  publishedEntryBundle,
  publishedState,
  publishedTile,
  verifierKey,
} from '../../services/log/log-reads.ts';
import { parseTilePath } from '../../domain/log/tile-path.ts';
import { DomainError } from '../../domain/errors.ts';
import { invalid } from '../../services/service-error.ts';
import { decimal, slugParams } from './common-schemas.ts';

const size = decimal(0, Number.MAX_SAFE_INTEGER);
const IMMUTABLE = 'public, max-age=31536000, immutable';

export const logRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/:slug/checkpoint', { schema: { params: slugParams, tags: ['log'] } }, async (request, reply) => {
    const { state } = await publishedState(app.ctx.dialect.db, request.params.slug);
    return reply.type('text/plain; charset=utf-8').header('cache-control', 'no-cache').send(state.checkpoint);
  });

  app.get('/:slug/key', { schema: { params: slugParams, tags: ['log'] } }, async (request, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(`${await verifierKey(app.ctx.dialect.db, app.ctx.keysDir, request.params.slug)}\n`),
  );

  app.get(
    '/:slug/tile/*',
    { schema: { params: slugParams.extend({ '*': z.string().max(200) }), tags: ['log'] } },
    async (request, reply) => {
      let parsed: ReturnType<typeof parseTilePath>;
      try {
        parsed = parseTilePath(`tile/${request.params['*']}`);
      } catch (err) {
        if (err instanceof DomainError) throw invalid('bad_tile_path', err.message);
        throw err;
      }
      const db = app.ctx.dialect.db;
      const data =
        parsed.kind === 'hashes'
          ? await publishedTile(db, request.params.slug, parsed.tile)
          : await publishedEntryBundle(db, request.params.slug, parsed.bundle);
      const full = parsed.kind === 'hashes' ? parsed.tile.width === 256 : parsed.bundle.width === 256;
      return reply
        .type('application/octet-stream')
        .header('cache-control', full ? IMMUTABLE : 'public, max-age=60')
        .send(Buffer.from(data));
    },
  );

  app.get(
    '/:slug/proof/inclusion',
    {
      schema: { params: slugParams, querystring: z.object({ index: size, size }), tags: ['log'] },
    },
    async (request) => ({
      hashes: await inclusionProof(app.ctx.dialect.db, request.params.slug, request.query.index, request.query.size),
    }),
  );

  app.get(
    '/:slug/proof/consistency',
    {
      schema: { params: slugParams, querystring: z.object({ from: size, to: size }), tags: ['log'] },
    },
    async (request) => ({
      hashes: await consistencyProof(app.ctx.dialect.db, request.params.slug, request.query.from, request.query.to),
    }),
  );
};
