// The public record portal: server-rendered pages, readable with JavaScript off, in English and
// Russian. URL scheme: /, /{slug}, /{slug}/members[/{id}], /{slug}/sittings[/{id}],
// /{slug}/votes/{id}, /{slug}/decisions, /{slug}/search?q=. Handlers read, then render; a
// missing body or record gives an HTML 404 page, never a stack trace.
import { registerPageCache } from './page-cache.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ReactElement } from 'react';
import { getBody, getSitting, listBodies, listDecisions } from '../../services/record-reads.ts';
import { membersPage, nextSitting, sittingDecisions, sittingsPage, votePage } from '../../services/portal-reads.ts';
import { getMember, memberVotes } from '../../services/member-record.ts';
import { memberFactions, voteFactionTable } from '../../services/factions.ts';
import { searchRecord } from '../../services/search.ts';
import { hasPendingPaperText, listPapers, searchPapers } from '../../services/papers/papers.ts';
import { bodyRules } from '../../services/bodies.ts';
import { publishedSize } from '../../services/log/log-reads.ts';
import { dayInZone } from '../../domain/i18n/format-dates.ts';
import { createPageEnv, type PageEnv } from './page-env.tsx';
import {
  idPageParams,
  LANG_COOKIE,
  loadBodyEnv,
  pageLanguage,
  pageParams,
  pageQuery,
  readContext,
  type PageGroupOptions,
} from './page-kit.tsx';
import { renderPage, type PageMeta } from './render-page.tsx';
import { pageRequest } from './pagination.tsx';
import { pickText } from './localized.tsx';
import { HomePage } from './site-pages.tsx';
import { BodyPage } from './body-page.tsx';
import { DecisionsPage, SearchPage, SittingsPage } from './list-pages.tsx';
import { MemberPage, MembersPage } from './member-pages.tsx';
import { SittingPage } from './sitting-page.tsx';
import { readMinutes } from '../../services/minutes/minutes.ts';
import { VotePage } from './vote-page.tsx';
import { RulesPage } from './rules-page.tsx';
import { DecisionPage } from './decision-page.tsx';
import { getDecision } from '../../services/decision-reads.ts';

export async function pageRoutes(app: FastifyInstance, opts: PageGroupOptions) {
  // Public pages only read: through the reader, never the writer (test/page-reads.test.ts).
  const db = () => app.ctx.dialect.reader;
  registerPageCache(app, { langCookie: LANG_COOKIE, cache: app.pageCache, pageLanguage });
  const bodyEnv = (request: FastifyRequest, reply: FastifyReply, slug: string, section: PageEnv['section']) =>
    loadBodyEnv(app, request, reply, slug, section);
  const send = (reply: FastifyReply, element: ReactElement, meta: PageMeta) => renderPage(reply, element, meta);
  const title = (...parts: string[]) => parts.filter(Boolean).join(' — ');

  app.get('/', async function homePage(request, reply) {
    const lang = pageLanguage(request, reply, null);
    const env = createPageEnv({ lang, path: '/', query: pageQuery(request) });
    const bodies = await listBodies(db());
    return send(reply, <HomePage bodies={bodies} />, { env, title: env.t('home.title') });
  });

  app.get<{ Params: { slug: string } }>('/:slug', async function bodyPage(request, reply) {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug, 'home');
    const full = await getBody(db(), body.slug);
    const today = dayInZone(app.ctx.now(), body.time_zone);
    const [next, decisions, sittings, checkpointSize] = [
      await nextSitting(db(), body.id, today),
      await listDecisions(db(), body.slug, { limit: 5, offset: 0 }),
      await sittingsPage(db(), body.slug, { limit: 5, offset: 0 }),
      await publishedSize(db(), body.id),
    ];
    const extras = [];
    for (const ext of opts.homeSections) {
      const node = await ext.load(readContext(app.ctx), { id: body.id, slug: body.slug }, today, env);
      if (node !== null) extras.push(<div key={ext.name}>{node}</div>);
    }
    const data = {
      body: full,
      next,
      decisions,
      sittings,
      checkpointSize,
      extras,
      publicOrigin: app.ctx.publicOrigin,
    };
    return send(reply, <BodyPage data={data} />, {
      env,
      title: bodyName,
      alternates: [
        {
          href: `/export/${encodeURIComponent(body.slug)}/feed.atom`,
          type: 'application/atom+xml',
          title: env.t('export.atom'),
        },
      ],
    });
  });

  app.get<{ Params: { slug: string } }>('/:slug/rules', async function rulesPage(request, reply) {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug, 'home');
    return send(reply, <RulesPage slug={body.slug} rules={bodyRules(body)} />, {
      env,
      title: title(env.t('rules.title'), bodyName),
    });
  });

  app.get<{ Params: { slug: string } }>('/:slug/members', async function membersListPage(request, reply) {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug, 'members');
    const page = pageRequest(env.query.get('page'), 100);
    const data = await membersPage(db(), body.slug, page);
    const filled = data.items.length === 0 && data.total === 0 ? 0 : (await getBody(db(), body.slug)).filledSeats;
    return send(
      reply,
      <MembersPage slug={body.slug} data={data} page={page} seats={{ established: body.established_seats, filled }} />,
      { env, title: title(env.t('members.title'), bodyName) },
    );
  });

  app.get<{ Params: { slug: string; id: string } }>('/:slug/members/:id', async function memberPage(request, reply) {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug, 'members');
    const { id } = pageParams(idPageParams, request.params);
    const page = pageRequest(env.query.get('page'), 50);
    const member = await getMember(db(), body.slug, id);
    const votes = await memberVotes(db(), body.slug, id, page);
    const factions = await memberFactions(db(), body.id, member.id);
    const name = pickText(member.name, env.lang)?.text ?? env.t('member.unnamed', { seat: member.seat });
    return send(reply, <MemberPage slug={body.slug} data={{ member, votes, factions }} page={page} />, {
      env,
      title: title(name, bodyName),
    });
  });

  app.get<{ Params: { slug: string } }>('/:slug/sittings', async function sittingsListPage(request, reply) {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug, 'sittings');
    const page = pageRequest(env.query.get('page'), 50);
    const data = await sittingsPage(db(), body.slug, page);
    return send(reply, <SittingsPage slug={body.slug} data={data} page={page} />, {
      env,
      title: title(env.t('sittings.title'), bodyName),
    });
  });

  app.get<{ Params: { slug: string; id: string } }>('/:slug/sittings/:id', async function sittingPage(request, reply) {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug, 'sittings');
    // A PDF's text arrives without an entry: while one waits, this page is not kept (page-cache.ts).
    if (await hasPendingPaperText(db(), body.id)) request.pageCacheKey = undefined;
    const sitting = await getSitting(db(), body.slug, pageParams(idPageParams, request.params).id);
    const decisions = await sittingDecisions(db(), body.id, sitting.id);
    const papers = await listPapers(db(), body.id, sitting.id);
    const minutes = await readMinutes(db(), body.id, sitting.id);
    return send(
      reply,
      <SittingPage
        slug={body.slug}
        data={{ sitting, decisions, papers, minutes }}
        deputies={bodyRules(body).preset?.startsWith('ru-') ?? false}
      />,
      { env, title: title(sitting.title, bodyName) },
    );
  });

  app.get<{ Params: { slug: string; id: string } }>('/:slug/votes/:id', async function voteRecordPage(request, reply) {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug, 'decisions');
    const data = await votePage(db(), body.slug, pageParams(idPageParams, request.params).id);
    const checkpointSize = await publishedSize(db(), body.id);
    // How each faction voted: null for a secret vote, one counted by totals or one still open.
    const factions = await voteFactionTable(db(), body.id, data.vote.id);
    return send(
      reply,
      <VotePage slug={body.slug} data={{ ...data, checkpointSize, publicOrigin: app.ctx.publicOrigin, factions }} />,
      { env, title: title(data.vote.motion.title, bodyName) },
    );
  });

  app.get<{ Params: { slug: string } }>('/:slug/decisions', async function decisionsPage(request, reply) {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug, 'decisions');
    const page = pageRequest(env.query.get('page'), 50);
    const data = await listDecisions(db(), body.slug, page);
    return send(reply, <DecisionsPage slug={body.slug} data={data} page={page} />, {
      env,
      title: title(env.t('decisions.title'), bodyName),
    });
  });

  app.get<{ Params: { slug: string; id: string } }>(
    '/:slug/decisions/:id',
    async function decisionPage(request, reply) {
      const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug, 'decisions');
      const data = await getDecision(db(), body.slug, pageParams(idPageParams, request.params).id);
      const heading =
        data.registerNumber === null
          ? env.t('decision.page_title_unnumbered')
          : env.t('decision.page_title', { number: data.registerNumber });
      return send(reply, <DecisionPage slug={body.slug} data={data} />, { env, title: title(heading, bodyName) });
    },
  );

  app.get<{ Params: { slug: string } }>('/:slug/search', async function searchPage(request, reply) {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug, 'search');
    if (await hasPendingPaperText(db(), body.id)) request.pageCacheKey = undefined;
    const page = pageRequest(env.query.get('page'), 20);
    // A static copy cannot answer a query: its search page says so and links to the live site's.
    const liveSearch = opts.staticSite ? `${app.ctx.publicOrigin}/${encodeURIComponent(body.slug)}/search` : null;
    const q = liveSearch ? '' : (env.query.get('q') ?? '').slice(0, 500);
    const result = q.trim() === '' ? null : await searchRecord(app.ctx.dialect, body.slug, q, page);
    // Papers found by a word of their titles or text (issue 16): the first page of them, beside.
    const papers = q.trim() === '' ? null : await searchPapers(app.ctx.dialect, body.slug, q, { limit: 50, offset: 0 });
    const element = (
      <SearchPage slug={body.slug} query={q} result={result} page={page} liveSearch={liveSearch} papers={papers} />
    );
    return send(reply, element, {
      env,
      title: title(env.t('search.title'), bodyName),
    });
  });
}
