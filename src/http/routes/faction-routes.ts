// Factions in the JSON API (issue 15, item 5): the list with members and dates (public), and the
// clerk's four acts, each the same use case as the office's forms (services/factions.ts).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findBody } from '../../services/bodies.ts';
import {
  dissolveFaction,
  dissolveFactionInput,
  establishFaction,
  establishFactionInput,
  joinFaction,
  joinFactionInput,
  leaveFaction,
  leaveFactionInput,
  listFactions,
  type FactionView,
} from '../../services/factions.ts';
import { idParams, slugParams } from './common-schemas.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const names = z.object({ en: z.string().nullable(), ru: z.string().nullable() });
/** GET /bodies/{slug}/factions */
export const factionListView = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      name: names,
      foundedOn: day,
      dissolvedOn: day.nullable(),
      entryIndex: z.number().int(),
      members: z.array(
        z.object({
          memberId: z.number().int(),
          seat: z.number().int(),
          name: names.nullable(),
          joinsOn: day,
          leavesOn: day.nullable(),
        }),
      ),
    }),
  ),
}) satisfies z.ZodType<{ items: FactionView[] }>;

export const factionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/bodies/:slug/factions',
    { schema: { params: slugParams, tags: ['factions'], response: { 200: factionListView } } },
    async (request) => {
      const body = await findBody(app.ctx.dialect.db, request.params.slug);
      return { items: await listFactions(app.ctx.dialect.db, body.id) };
    },
  );

  app.post(
    '/bodies/:slug/factions',
    { schema: { params: slugParams, body: establishFactionInput, tags: ['factions'] } },
    async (request, reply) =>
      reply.code(201).send(await establishFaction(app.ctx, request.actor, request.params.slug, request.body)),
  );

  app.post(
    '/bodies/:slug/factions/:id/members',
    { schema: { params: idParams, body: joinFactionInput, tags: ['factions'] } },
    async (request, reply) =>
      reply
        .code(201)
        .send(await joinFaction(app.ctx, request.actor, request.params.slug, request.params.id, request.body)),
  );

  app.post(
    '/bodies/:slug/factions/:id/leave',
    { schema: { params: idParams, body: leaveFactionInput, tags: ['factions'] } },
    async (request) => leaveFaction(app.ctx, request.actor, request.params.slug, request.params.id, request.body),
  );

  app.post(
    '/bodies/:slug/factions/:id/dissolve',
    { schema: { params: idParams, body: dissolveFactionInput, tags: ['factions'] } },
    async (request) => dissolveFaction(app.ctx, request.actor, request.params.slug, request.params.id, request.body),
  );
};
