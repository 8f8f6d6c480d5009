// The one stylesheet (and any later client bundles) from src/http/static, under /_static/ — a
// prefix no body slug can take (slugs start with a letter or digit).
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { join } from 'node:path';

export const STATIC_ROOT = join(import.meta.dirname, '..', 'static');

export const staticAssetsPlugin = fp(
  async (app) => {
    await app.register(fastifyStatic, {
      root: STATIC_ROOT,
      prefix: '/_static/',
      decorateReply: false,
      index: false,
      maxAge: 3_600_000,
      schemaHide: true,
    });
  },
  { name: 'quorate-static-assets' },
);
