// Minutes of a sitting (issue 17, item 1): read their status, draft them, add a narrative, sign.
// The approval is the adoption of a `minutes_approval` motion (POST /bodies/{slug}/motions with
// `minutesOf`), voted as any motion; the PDFs are under /export.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  addMinutesNarrative,
  addMinutesNarrativeInput,
  draftMinutes,
  readMinutes,
  signMinutes,
  signMinutesInput,
} from '../../services/minutes/minutes.ts';
import { minutesView } from '../../services/record-views.ts';
import { findBody } from '../../services/bodies.ts';
import { findSitting } from '../../services/sittings.ts';
import { sittingParams } from './common-schemas.ts';

export const minutesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/bodies/:slug/sittings/:id/minutes',
    {
      schema: {
        params: sittingParams,
        tags: ['sittings'],
        summary: "A sitting's minutes: status (derived), approved PDF's SHA-256, signatures",
        response: { 200: minutesView },
      },
    },
    async (request) => {
      const db = app.ctx.dialect.db;
      const body = await findBody(db, request.params.slug);
      await findSitting(db, body.id, request.params.id);
      return readMinutes(db, body.id, request.params.id);
    },
  );

  app.post(
    '/bodies/:slug/sittings/:id/minutes',
    { schema: { params: sittingParams, tags: ['sittings'], summary: "Draft a closed sitting's minutes" } },
    async (request, reply) =>
      reply.code(201).send(await draftMinutes(app.ctx, request.actor, request.params.slug, request.params.id)),
  );

  app.post(
    '/bodies/:slug/sittings/:id/minutes/narratives',
    {
      schema: {
        params: sittingParams,
        body: addMinutesNarrativeInput,
        tags: ['sittings'],
        summary: "The clerk's narrative of an agenda item in one of the body's languages (a new draft version)",
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await addMinutesNarrative(app.ctx, request.actor, request.params.slug, request.params.id, request.body)),
  );

  app.post(
    '/bodies/:slug/sittings/:id/minutes/signatures',
    {
      schema: {
        params: sittingParams,
        body: signMinutesInput,
        tags: ['sittings'],
        summary: 'Sign approved minutes as the chair or the clerk, naming the approved PDF’s SHA-256',
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await signMinutes(app.ctx, request.actor, request.params.slug, request.params.id, request.body)),
  );
};
