// Bodies, seats, roles and decisions.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  adoptCorrectedPreset,
  changeRules,
  changeRulesInput,
  createBody,
  createBodyInput,
  fillSeat,
  vacateSeat,
} from '../../services/bodies.ts';
import { grantRole, linkMemberAccount, revokeRole } from '../../services/accounts.ts';
import { establishCommittee, establishCommitteeInput } from '../../services/committees.ts';
import { getBody, listBodies, listDecisions, listMembers, readEntry } from '../../services/record-reads.ts';
import { ROLES } from '../../services/policy.ts';
import { addWitness } from '../../services/log/witnesses.ts';
import { decisionEventInput, recordDecisionEvent } from '../../services/decision-events.ts';
import { getDecision } from '../../services/decision-reads.ts';
import { bodyListView, bodyView, decisionListView, memberListView } from '../../services/record-views.ts';
import { decimal, idParams, page, partialDate, slugParams, text } from './common-schemas.ts';

const seatParams = slugParams.extend({ number: decimal(1, 10_000) });

export const bodyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/bodies', { schema: { tags: ['bodies'], response: { 200: bodyListView } } }, async () => ({
    items: await listBodies(app.ctx.dialect.db),
  }));

  app.post(
    '/bodies',
    {
      schema: {
        tags: ['bodies'],
        body: createBodyInput,
      },
    },
    async (request, reply) => reply.code(201).send(await createBody(app.ctx, request.actor, request.body)),
  );

  // A committee of the body (issue 15, item 5): the same use case as the office's form.
  app.post(
    '/bodies/:slug/committees',
    { schema: { params: slugParams, tags: ['bodies'], body: establishCommitteeInput } },
    async (request, reply) =>
      reply.code(201).send(await establishCommittee(app.ctx, request.actor, request.params.slug, request.body)),
  );

  app.get(
    '/bodies/:slug',
    { schema: { params: slugParams, tags: ['bodies'], response: { 200: bodyView } } },
    async (request) => getBody(app.ctx.dialect.db, request.params.slug),
  );

  app.put(
    '/bodies/:slug/rules',
    {
      schema: {
        params: slugParams,
        body: changeRulesInput,
        tags: ['bodies'],
      },
    },
    async (request) =>
      changeRules(app.ctx, request.actor, request.params.slug, request.body.rules, request.body.reason ?? null),
  );

  app.post(
    '/bodies/:slug/rules/adopt-preset',
    {
      schema: {
        description:
          "Adopts the corrected version of the preset the body's rules name (the clerk's act), as a recorded rules change.",
        params: slugParams,
        body: z.object({ reason: text(2000).nullish() }),
        tags: ['bodies'],
      },
    },
    async (request) => adoptCorrectedPreset(app.ctx, request.actor, request.params.slug, request.body.reason ?? null),
  );

  app.get(
    '/bodies/:slug/members',
    { schema: { params: slugParams, tags: ['members'], response: { 200: memberListView } } },
    async (request) => ({ items: await listMembers(app.ctx.dialect.db, request.params.slug) }),
  );

  app.put(
    '/bodies/:slug/seats/:number/holder',
    {
      schema: {
        params: seatParams,
        tags: ['members'],
        body: z.object({
          person: z.object({ nameEn: text(300).nullish(), nameRu: text(300).nullish() }).nullish(),
          startsOn: partialDate.nullish(),
          // A committee's seat: the parent body's current mandate (membership id) its holder sits on.
          parentMember: z.number().int().positive().nullish(),
        }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await fillSeat(app.ctx, request.actor, request.params.slug, {
          seatNumber: request.params.number,
          ...request.body,
        }),
      ),
  );

  app.delete(
    '/bodies/:slug/seats/:number/holder',
    {
      schema: { params: seatParams, querystring: z.object({ endsOn: partialDate }), tags: ['members'] },
    },
    async (request) =>
      vacateSeat(app.ctx, request.actor, request.params.slug, {
        seatNumber: request.params.number,
        endsOn: request.query.endsOn,
      }),
  );

  app.put(
    '/bodies/:slug/members/:id/account',
    {
      schema: { params: idParams, body: z.object({ username: text(63) }), tags: ['members'] },
    },
    async (request, reply) => {
      await linkMemberAccount(app.ctx, request.actor, request.params.slug, {
        memberId: request.params.id,
        username: request.body.username,
      });
      return reply.code(204).send();
    },
  );

  const roleBody = z.object({ username: text(63), role: z.enum(ROLES) });
  app.post(
    '/bodies/:slug/roles',
    { schema: { params: slugParams, body: roleBody, tags: ['accounts'] } },
    async (request, reply) =>
      reply.code(201).send(await grantRole(app.ctx, request.actor, request.params.slug, request.body)),
  );
  app.delete(
    '/bodies/:slug/roles',
    { schema: { params: slugParams, body: roleBody, tags: ['accounts'] } },
    async (request, reply) => {
      await revokeRole(app.ctx, request.actor, request.params.slug, request.body);
      return reply.code(204).send();
    },
  );

  app.post(
    '/bodies/:slug/witnesses',
    {
      schema: { params: slugParams, body: z.object({ url: text(500), vkey: text(500) }), tags: ['log'] },
    },
    async (request, reply) =>
      reply.code(201).send(await addWitness(app.ctx, request.actor, request.params.slug, request.body)),
  );

  app.get(
    '/bodies/:slug/decisions',
    { schema: { params: slugParams, querystring: page, tags: ['decisions'], response: { 200: decisionListView } } },
    async (request) => listDecisions(app.ctx.dialect.db, request.params.slug, request.query),
  );

  // One decision with its later life: status, status since, every event, the links both ways.
  app.get('/bodies/:slug/decisions/:id', { schema: { params: idParams, tags: ['decisions'] } }, async (request) =>
    getDecision(app.ctx.dialect.db, request.params.slug, request.params.id),
  );

  // The clerk records an event in a decision's life; an impossible one is refused (409) with the
  // transition table's code and nothing is stored.
  app.post(
    '/bodies/:slug/decisions/:id/events',
    { schema: { params: idParams, body: decisionEventInput, tags: ['decisions'] } },
    async (request, reply) =>
      reply
        .code(201)
        .send(await recordDecisionEvent(app.ctx, request.actor, request.params.slug, request.params.id, request.body)),
  );

  app.get(
    '/bodies/:slug/entries/:index',
    {
      schema: { params: slugParams.extend({ index: decimal(0, 2_147_483_647) }), tags: ['record'] },
    },
    async (request, reply) => {
      const e = await readEntry(app.ctx.dialect.db, request.params.slug, request.params.index);
      // The exact canonical bytes, as hashed into the log.
      return reply
        .type('application/json; charset=utf-8')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(Buffer.from(e.bytes));
    },
  );
};
