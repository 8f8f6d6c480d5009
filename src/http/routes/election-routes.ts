// Elections in the JSON API (issue 18): the public reads (an election with its rounds and counts,
// a counted round's published papers as BLT or CSV) and each act of the election, the same use
// cases as services/elections.ts names.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  castElectionBallot,
  closeNominations,
  closeRound,
  consentToNomination,
  createElection,
  createElectionInput,
  electionBallotInput,
  electionsOfBody,
  enterPapers,
  enterPapersInput,
  enterPhysicalDraw,
  nominate,
  nominateInput,
  openNominations,
  openRound,
  physicalDrawInput,
  readBodyElection,
  recordOpenBallot,
  roundPapersFile,
  withdrawNomination,
} from '../../services/elections.ts';
import { decimal, idParams, slugParams } from './common-schemas.ts';

const candidateParams = idParams.extend({ number: decimal(1, 1000) });
const memberParams = idParams.extend({ memberId: decimal(1, 2_147_483_647) });
const roundParams = idParams.extend({ round: decimal(1, 1000), format: z.enum(['blt', 'csv']) });
const tags = ['elections'];

export const electionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/bodies/:slug/elections', { schema: { params: slugParams, tags } }, async (request) => {
    const { elections } = await electionsOfBody(app.ctx.dialect.db, request.params.slug);
    return {
      items: elections.map((e) => ({
        id: e.id,
        sittingId: e.sitting_id,
        office: { en: e.office_en, ru: e.office_ru },
        status: e.status,
        ballotKind: e.ballot_kind,
      })),
    };
  });

  app.get('/bodies/:slug/elections/:id', { schema: { params: idParams, tags } }, async (request) => {
    return (await readBodyElection(app.ctx.dialect.db, request.params.slug, request.params.id)).election;
  });

  // Cast vote records: a counted round's anonymised papers, where the rule publishes them.
  app.get(
    '/bodies/:slug/elections/:id/rounds/:round/papers.:format',
    { schema: { params: roundParams, tags } },
    async (request, reply) => {
      const { slug, id, round, format } = request.params;
      const text = await roundPapersFile(app.ctx.dialect.db, slug, id, round, format);
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'text/plain; charset=utf-8')
        .header('content-disposition', `attachment; filename="${slug}-election-${id}-round-${round}.${format}"`)
        .send(text);
    },
  );

  app.post(
    '/bodies/:slug/elections',
    { schema: { params: slugParams, body: createElectionInput, tags } },
    async (request, reply) =>
      reply.code(201).send(await createElection(app.ctx, request.actor, request.params.slug, request.body)),
  );

  const act = (
    path: string,
    run: (slug: string, id: number, actor: Parameters<typeof openNominations>[1]) => Promise<unknown>,
  ) =>
    app.post(`/bodies/:slug/elections/:id${path}`, { schema: { params: idParams, tags } }, async (request) =>
      run(request.params.slug, request.params.id, request.actor),
    );
  act('/nominations/open', (slug, id, actor) => openNominations(app.ctx, actor, slug, id));
  act('/nominations/close', (slug, id, actor) => closeNominations(app.ctx, actor, slug, id));
  act('/rounds', (slug, id, actor) => openRound(app.ctx, actor, slug, id));
  act('/rounds/close', (slug, id, actor) => closeRound(app.ctx, actor, slug, id));

  app.post(
    '/bodies/:slug/elections/:id/nominations',
    { schema: { params: idParams, body: nominateInput, tags } },
    async (request, reply) =>
      reply
        .code(201)
        .send(await nominate(app.ctx, request.actor, request.params.slug, request.params.id, request.body)),
  );
  app.post(
    '/bodies/:slug/elections/:id/nominations/:number/consent',
    { schema: { params: candidateParams, tags } },
    async (request) =>
      consentToNomination(app.ctx, request.actor, request.params.slug, request.params.id, request.params.number),
  );
  app.post(
    '/bodies/:slug/elections/:id/nominations/:number/withdraw',
    { schema: { params: candidateParams, tags } },
    async (request) =>
      withdrawNomination(app.ctx, request.actor, request.params.slug, request.params.id, request.params.number),
  );
  app.post(
    '/bodies/:slug/elections/:id/ballots',
    { schema: { params: idParams, body: electionBallotInput, tags } },
    async (request, reply) => {
      const r = await castElectionBallot(app.ctx, request.actor, request.params.slug, request.params.id, request.body);
      return reply
        .code(r.replayed ? 200 : 201)
        .header('cache-control', 'private, no-store, no-transform')
        .send({ round: r.round, entryIndex: r.entryIndex });
    },
  );
  app.put(
    '/bodies/:slug/elections/:id/roll-call/:memberId',
    { schema: { params: memberParams, body: z.object({ ranking: electionBallotInput.shape.ranking }), tags } },
    async (request) =>
      recordOpenBallot(app.ctx, request.actor, request.params.slug, request.params.id, {
        memberId: request.params.memberId,
        ranking: request.body.ranking,
      }),
  );
  app.post(
    '/bodies/:slug/elections/:id/papers',
    { schema: { params: idParams, body: enterPapersInput, tags } },
    async (request, reply) =>
      reply
        .code(201)
        .send(await enterPapers(app.ctx, request.actor, request.params.slug, request.params.id, request.body)),
  );
  app.post(
    '/bodies/:slug/elections/:id/lot',
    { schema: { params: idParams, body: physicalDrawInput, tags } },
    async (request) => enterPhysicalDraw(app.ctx, request.actor, request.params.slug, request.params.id, request.body),
  );
};
