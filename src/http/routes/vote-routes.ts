// Motions, votes, ballots, results and disputes.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tableMotion, tableMotionInput } from '../../services/motions.ts';
import {
  castBallot,
  closeVote,
  closeVoteInput,
  declareResult,
  declareResultInput,
  openVote,
  openVoteInput,
  recordRollCall,
  rollCallBody,
  type BallotReceipt,
} from '../../services/votes.ts';
import { recordDispute, recordDisputeInput } from '../../services/disputes.ts';
import { getMotion, getVote } from '../../services/record-reads.ts';
import { motionView, voteView } from '../../services/record-views.ts';
import { recordVoteReport, recordVoteReportInput } from '../../services/vote-reports.ts';
import { BALLOT_CHOICES } from '../../domain/ballots/commitment.ts';
import { BALLOT_RESPONSE_BYTES, MAX_PAD } from '../../domain/wire/uniform-length.ts';
import { sendUniformJson } from '../uniform-reply.ts';
import { idParams, memberParams, slugParams, text } from './common-schemas.ts';

/**
 * A ballot's receipt as it goes on the wire, padded to BALLOT_RESPONSE_BYTES. It documents the
 * answer in OpenAPI and costs the hot path nothing: sendUniformJson sends a ready string, and
 * Fastify serialises (and the Zod serializer validates) only objects, so this schema is never
 * run on a ballot (DESIGN.md, "Types and schemas").
 */
const ballotReceipt = z.object({
  vote: z.number().int(),
  member: z.number().int(),
  entryIndex: z.number().int(),
  commitment: z.string().optional().describe('named votes: H(choice ‖ salt); absent for secret votes'),
  salt: z.string().optional(),
  choice: z.enum(BALLOT_CHOICES).optional(),
  revision: z.number().int().optional(),
  replay: z.boolean().describe('true when this answers a retry of a ballot already recorded'),
  pad: z.string().describe('spaces making every answer the same length'),
}) satisfies z.ZodType<BallotReceipt & { pad: string }>;

export const voteRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/bodies/:slug/motions',
    {
      schema: {
        params: slugParams,
        tags: ['motions'],
        body: tableMotionInput,
      },
    },
    async (request, reply) =>
      reply.code(201).send(await tableMotion(app.ctx, request.actor, request.params.slug, request.body)),
  );

  app.get(
    '/bodies/:slug/motions/:id',
    { schema: { params: idParams, tags: ['motions'], response: { 200: motionView } } },
    async (request) => getMotion(app.ctx.dialect.db, request.params.slug, request.params.id),
  );

  app.post(
    '/bodies/:slug/votes',
    {
      schema: {
        params: slugParams,
        tags: ['votes'],
        body: openVoteInput,
      },
    },
    async (request, reply) =>
      reply.code(201).send(await openVote(app.ctx, request.actor, request.params.slug, request.body)),
  );

  app.get(
    '/bodies/:slug/votes/:id',
    { schema: { params: idParams, tags: ['votes'], response: { 200: voteView } } },
    async (request) => getVote(app.ctx.dialect.db, request.params.slug, request.params.id),
  );

  // A ballot travels at one length whatever the choice: the ballot page pads its request to
  // BALLOT_REQUEST_BYTES with `pad`, and the answer is always BALLOT_RESPONSE_BYTES.
  app.post(
    '/bodies/:slug/votes/:id/ballots',
    {
      schema: {
        params: idParams,
        tags: ['votes'],
        body: z.object({
          choice: z.enum(BALLOT_CHOICES),
          clientBallotId: text(64).nullish(),
          pad: z.string().max(MAX_PAD).regex(/^ *$/, 'pad is spaces only').optional(),
        }),
        response: { 200: ballotReceipt, 201: ballotReceipt },
      },
    },
    async (request, reply) => {
      const { choice, clientBallotId } = request.body;
      const receipt = await castBallot(app.ctx, request.actor, request.params.slug, {
        voteId: request.params.id,
        choice,
        clientBallotId,
      });
      return sendUniformJson(reply, receipt.replay ? 200 : 201, receipt, BALLOT_RESPONSE_BYTES);
    },
  );

  app.put(
    '/bodies/:slug/votes/:id/roll-call/:memberId',
    {
      schema: { params: memberParams, tags: ['votes'], body: rollCallBody },
    },
    async (request) =>
      recordRollCall(app.ctx, request.actor, request.params.slug, request.params.id, {
        memberId: request.params.memberId,
        choice: request.body.choice,
      }),
  );

  app.post(
    '/bodies/:slug/votes/:id/close',
    {
      schema: {
        params: idParams,
        tags: ['votes'],
        body: closeVoteInput,
      },
    },
    async (request) => closeVote(app.ctx, request.actor, request.params.slug, request.params.id, request.body),
  );

  app.post(
    '/bodies/:slug/votes/:id/declared-results',
    {
      schema: {
        params: idParams,
        tags: ['votes'],
        body: declareResultInput,
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await declareResult(app.ctx, request.actor, request.params.slug, request.params.id, request.body)),
  );

  // What a named outlet reported of who voted how on a show of hands: a report beside the record.
  app.post(
    '/bodies/:slug/votes/:id/reports',
    {
      schema: {
        params: idParams,
        tags: ['votes'],
        body: recordVoteReportInput,
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await recordVoteReport(app.ctx, request.actor, request.params.slug, request.params.id, request.body)),
  );

  app.post(
    '/bodies/:slug/disputes',
    {
      schema: {
        params: slugParams,
        tags: ['disputes'],
        body: recordDisputeInput,
      },
    },
    async (request, reply) =>
      reply.code(201).send(await recordDispute(app.ctx, request.actor, request.params.slug, request.body)),
  );
};
