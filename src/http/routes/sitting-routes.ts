// Sittings: schedule, reschedule, cancel, give notice, open, close, agenda, attendance, headcount, attestation.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  addAgendaItem,
  addAgendaItemInput,
  attestPresence,
  attendanceBody,
  establishLackOfQuorum,
  markAttendance,
  headcountInput,
  recordHeadcount,
  scheduleSitting,
  scheduleSittingInput,
  setSittingStatus,
} from '../../services/sittings.ts';
import {
  cancelSitting,
  cancelSittingInput,
  publishNotice,
  publishNoticeInput,
  rescheduleSitting,
  rescheduleSittingInput,
} from '../../services/sitting-calendar.ts';
import { getSitting, listSittings } from '../../services/record-reads.ts';
import { addRecordText, addRecordTextInput } from '../../services/record-texts.ts';
import { sittingListView, sittingView } from '../../services/record-views.ts';
import { agendaItemParams, memberParams, page, sittingParams, slugParams } from './common-schemas.ts';
import {
  moveAgendaItem,
  moveAgendaItemInput,
  splitAgendaItem,
  splitAgendaItemInput,
  withdrawAgendaItem,
  withdrawAgendaItemInput,
} from '../../services/agenda.ts';

export const sittingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/bodies/:slug/sittings',
    { schema: { params: slugParams, querystring: page, tags: ['sittings'], response: { 200: sittingListView } } },
    async (request) => ({ items: await listSittings(app.ctx.dialect.db, request.params.slug, request.query) }),
  );

  app.post(
    '/bodies/:slug/sittings',
    {
      schema: {
        params: slugParams,
        tags: ['sittings'],
        body: scheduleSittingInput,
      },
    },
    async (request, reply) =>
      reply.code(201).send(await scheduleSitting(app.ctx, request.actor, request.params.slug, request.body)),
  );

  app.get(
    '/bodies/:slug/sittings/:id',
    { schema: { params: sittingParams, tags: ['sittings'], response: { 200: sittingView } } },
    async (request) => getSitting(app.ctx.dialect.db, request.params.slug, request.params.id),
  );

  app.post(
    '/bodies/:slug/sittings/:id/open',
    { schema: { params: sittingParams, tags: ['sittings'] } },
    async (request) => setSittingStatus(app.ctx, request.actor, request.params.slug, request.params.id, 'open'),
  );

  app.post(
    '/bodies/:slug/sittings/:id/close',
    { schema: { params: sittingParams, tags: ['sittings'] } },
    async (request) => setSittingStatus(app.ctx, request.actor, request.params.slug, request.params.id, 'closed'),
  );

  app.post(
    '/bodies/:slug/sittings/:id/lack-of-quorum',
    {
      schema: {
        params: sittingParams,
        tags: ['sittings'],
        summary: 'Record that a lack of quorum was formally established (GO NRW §49(1))',
      },
    },
    async (request, reply) =>
      reply.code(201).send(await establishLackOfQuorum(app.ctx, request.actor, request.params.slug, request.params.id)),
  );

  app.post(
    '/bodies/:slug/sittings/:id/agenda',
    {
      schema: { params: sittingParams, body: addAgendaItemInput, tags: ['sittings'] },
    },
    async (request, reply) =>
      reply.code(201).send(
        await addAgendaItem(app.ctx, request.actor, request.params.slug, request.params.id, request.body.title, {
          closed: request.body.closed,
        }),
      ),
  );

  app.post(
    '/bodies/:slug/sittings/:id/agenda/:itemId/move',
    {
      schema: {
        params: agendaItemParams,
        body: moveAgendaItemInput,
        tags: ['sittings'],
        summary: 'Move an agenda item to another position',
      },
    },
    async (request) =>
      moveAgendaItem(
        app.ctx,
        request.actor,
        request.params.slug,
        request.params.id,
        request.params.itemId,
        request.body,
      ),
  );

  app.post(
    '/bodies/:slug/sittings/:id/agenda/:itemId/split',
    {
      schema: {
        params: agendaItemParams,
        body: splitAgendaItemInput,
        tags: ['sittings'],
        summary: 'Split an agenda item: a new item right after it',
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await splitAgendaItem(
            app.ctx,
            request.actor,
            request.params.slug,
            request.params.id,
            request.params.itemId,
            request.body,
          ),
        ),
  );

  app.post(
    '/bodies/:slug/sittings/:id/agenda/:itemId/withdraw',
    {
      schema: {
        params: agendaItemParams,
        body: withdrawAgendaItemInput,
        tags: ['sittings'],
        summary: 'Withdraw an agenda item with the reason (it stays on the agenda, marked)',
      },
    },
    async (request) =>
      withdrawAgendaItem(
        app.ctx,
        request.actor,
        request.params.slug,
        request.params.id,
        request.params.itemId,
        request.body,
      ),
  );

  app.put(
    '/bodies/:slug/sittings/:id/attendance/:memberId',
    {
      schema: { params: memberParams, body: attendanceBody, tags: ['attendance'] },
    },
    async (request) =>
      markAttendance(app.ctx, request.actor, request.params.slug, request.params.id, {
        memberId: request.params.memberId,
        status: request.body.status,
      }),
  );

  app.post(
    '/bodies/:slug/sittings/:id/attest',
    { schema: { params: sittingParams, tags: ['attendance'] } },
    async (request) => attestPresence(app.ctx, request.actor, request.params.slug, request.params.id),
  );

  app.put(
    '/bodies/:slug/sittings/:id/headcount',
    {
      schema: {
        params: sittingParams,
        tags: ['attendance'],
        body: headcountInput,
      },
    },
    async (request) => recordHeadcount(app.ctx, request.actor, request.params.slug, request.params.id, request.body),
  );

  app.post(
    '/bodies/:slug/sittings/:id/reschedule',
    {
      schema: {
        params: sittingParams,
        body: rescheduleSittingInput,
        tags: ['sittings'],
        summary: 'Move a scheduled sitting to another day, time or place, with the reason',
      },
    },
    async (request) => rescheduleSitting(app.ctx, request.actor, request.params.slug, request.params.id, request.body),
  );

  app.post(
    '/bodies/:slug/sittings/:id/cancel',
    {
      schema: {
        params: sittingParams,
        body: cancelSittingInput,
        tags: ['sittings'],
        summary: 'Cancel a scheduled sitting with the reason (it stays in the record)',
      },
    },
    async (request) => cancelSitting(app.ctx, request.actor, request.params.slug, request.params.id, request.body),
  );

  app.post(
    '/bodies/:slug/sittings/:id/notice',
    {
      schema: {
        params: sittingParams,
        body: publishNoticeInput.optional(),
        tags: ['sittings'],
        summary: 'Publish the notice of a scheduled sitting now; the reckoning says whether it is in time',
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await publishNotice(app.ctx, request.actor, request.params.slug, request.params.id, request.body ?? {})),
  );

  app.post(
    '/bodies/:slug/texts',
    {
      schema: {
        params: slugParams,
        body: addRecordTextInput,
        tags: ['sittings'],
        summary: "A sitting's, agenda item's or motion's title or text in another of the body's languages",
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addRecordText(app.ctx, request.actor, request.params.slug, request.body)),
  );
};
