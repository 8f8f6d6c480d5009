// Elections as server-rendered pages (issue 18), forms working without JavaScript:
//   GET  /{slug}/elections/{id}                 the public results, each round with its stages
//   GET  /{slug}/elections/{id}/ballot          a member's paper: one labelled select per preference
//   POST /{slug}/elections/{id}/ballot/review   the review step: the paper in words, cast or change
//   POST /{slug}/elections/{id}/ballot          cast (castElectionBallot; a retry with the same
//                                               clientBallotId, drawn on the review page, counts once)
// Every form posts the session's CSRF token (plugins/auth.ts checks it before a handler runs).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ballotPage, castElectionBallot, readBodyElection, reviewPaper } from '../../services/elections.ts';
import { ServiceError } from '../../services/service-error.ts';
import { STATUS } from '../plugins/errors.ts';
import { renderPage } from './render-page.tsx';
import { idPageParams, loadBodyEnv, pageParams } from './page-kit.tsx';
import { BallotPage, ElectionPage } from './election-pages.tsx';
import { pickText } from './localized.tsx';
import { toSignIn } from './office-form-kit.ts';

const NO_STORE = 'private, no-store, no-transform';

/** The preferences a form sent (p1, p2 …, in order; empty ones skipped), as candidate numbers. */
function rankingOf(body: unknown, marks: number): number[] | null {
  const raw = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const ranking: number[] = [];
  for (let k = 1; k <= Math.max(marks, 1); k++) {
    const v = raw[`p${k}`];
    if (v === undefined || v === '') continue;
    if (typeof v !== 'string' || !/^[1-9]\d{0,3}$/.test(v)) return null;
    ranking.push(Number(v));
  }
  return ranking;
}

const clientIdOf = (body: unknown) => {
  const v = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).clientBallotId : undefined;
  return typeof v === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(v) ? v : null;
};

export async function electionPageRoutes(app: FastifyInstance) {
  type IdRequest = FastifyRequest<{ Params: { slug: string; id: string } }>;

  app.get<{ Params: { slug: string; id: string } }>(
    '/:slug/elections/:id',
    async function electionPage(request, reply) {
      const params = pageParams(idPageParams, request.params);
      const { body, env, bodyName } = await loadBodyEnv(app, request, reply, params.slug, 'sittings');
      const { election } = await readBodyElection(app.ctx.dialect.reader, body.slug, params.id);
      const office = pickText(election.office, env.lang)?.text ?? '';
      return renderPage(reply, <ElectionPage slug={body.slug} election={election} />, {
        env,
        title: `${env.t('elections.title')}: ${office} — ${bodyName}`,
      });
    },
  );

  async function ballot(
    request: IdRequest,
    reply: FastifyReply,
    state: {
      step: 'choose' | 'review' | 'cast';
      ranking?: number[];
      problem?: string | null;
      cast?: { round: number } | null;
      status?: number;
    },
  ) {
    const params = pageParams(idPageParams, request.params);
    const { body, env, bodyName } = await loadBodyEnv(app, request, reply, params.slug, null);
    const page = await ballotPage(app.ctx.dialect.reader, body.slug, params.id);
    const view = {
      slug: body.slug,
      electionId: page.election.id,
      office: page.election.office,
      round: page.round,
      standing: page.standing,
      marks: page.marks,
      ranked: page.ranked,
      csrfToken: request.csrfToken,
    };
    return renderPage(
      reply,
      <BallotPage
        view={view}
        step={state.step}
        ranking={state.ranking ?? []}
        problem={state.problem ?? null}
        clientBallotId={randomBytes(16).toString('base64url')}
        cast={state.cast ?? null}
      />,
      {
        env,
        title: `${env.t('elections.ballot_title')} — ${bodyName}`,
        status: state.status ?? 200,
        cacheControl: NO_STORE,
      },
    );
  }

  app.get<{ Params: { slug: string; id: string } }>('/:slug/elections/:id/ballot', async (request, reply) => {
    if (!request.actor) return toSignIn(request, reply);
    return ballot(request, reply, { step: 'choose' });
  });

  // A form posted without a session is refused (401), not redirected: its fields would be lost.
  const signedIn = (request: FastifyRequest) => {
    if (!request.actor) throw new ServiceError('unauthenticated', 'unauthenticated', 'sign in first');
  };

  app.post<{ Params: { slug: string; id: string } }>('/:slug/elections/:id/ballot/review', async (request, reply) => {
    signedIn(request);
    const params = pageParams(idPageParams, request.params);
    const page = await ballotPage(app.ctx.dialect.reader, params.slug, params.id);
    const ranking = rankingOf(request.body, page.marks);
    if (ranking === null) return ballot(request, reply, { step: 'choose', problem: 'not_a_candidate', status: 400 });
    const fields =
      typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {};
    if (fields.change === '1') return ballot(request, reply, { step: 'choose', ranking });
    const problem = reviewPaper(page, ranking);
    if (problem) return ballot(request, reply, { step: 'choose', ranking, problem, status: 400 });
    return ballot(request, reply, { step: 'review', ranking });
  });

  app.post<{ Params: { slug: string; id: string } }>('/:slug/elections/:id/ballot', async (request, reply) => {
    signedIn(request);
    const params = pageParams(idPageParams, request.params);
    const page = await ballotPage(app.ctx.dialect.reader, params.slug, params.id);
    const ranking = rankingOf(request.body, page.marks);
    if (ranking === null) return ballot(request, reply, { step: 'choose', problem: 'not_a_candidate', status: 400 });
    try {
      const r = await castElectionBallot(app.ctx, request.actor, params.slug, params.id, {
        ranking,
        clientBallotId: clientIdOf(request.body),
      });
      return ballot(request, reply, { step: 'cast', cast: { round: r.round } });
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      return ballot(request, reply, { step: 'choose', ranking, problem: err.code, status: STATUS[err.kind] });
    }
  });
}
