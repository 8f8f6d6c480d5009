// Elections as server-rendered pages (issue 18): GET /{slug}/elections/{id}, the public results.
import type { FastifyInstance } from 'fastify';
import { readBodyElection } from '../../services/elections.ts';
import { renderPage } from './render-page.tsx';
import { idPageParams, loadBodyEnv, pageParams } from './page-kit.tsx';
import { ElectionPage } from './election-pages.tsx';
import { pickText } from './localized.tsx';

export async function electionPageRoutes(app: FastifyInstance) {
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
}
