// The public record portal: server-rendered pages, readable with JavaScript off, in English and
// Russian. URL scheme: /, /{slug}, /{slug}/members[/{id}], /{slug}/sittings[/{id}],
// /{slug}/votes/{id}, /{slug}/decisions, /{slug}/search?q=. Handlers read, then render; a
// missing body or record gives an HTML 404 page, never a stack trace.
import { registerPageCache, type PageCache } from './page-cache.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ReactElement } from 'react';
import { ServiceError } from '../../services/service-error.ts';
import { getBody, getSitting, listBodies, listDecisions } from '../../services/record-reads.ts';
import { membersPage, nextSitting, sittingDecisions, sittingsPage, votePage } from '../../services/portal-reads.ts';
import { getMember, memberVotes } from '../../services/member-record.ts';
import { searchRecord } from '../../services/search.ts';
import { bodyRules, findBody } from '../../services/bodies.ts';
import { readLogState } from '../../db/repositories/tile-repository.ts';
import { isLang, type Lang } from '../../domain/i18n/lang.ts';
import { negotiateLanguage } from '../../domain/i18n/negotiate-language.ts';
import { dayInZone } from '../../domain/i18n/format-dates.ts';
import { createPageEnv, type PageEnv } from './page-env.tsx';
import { renderPage, type PageMeta } from './render-page.tsx';
import { pageRequest } from './pagination.tsx';
import { pickText } from './localized.tsx';
import { ErrorPage, HomePage } from './site-pages.tsx';
import { BodyPage } from './body-page.tsx';
import { DecisionsPage, SearchPage, SittingsPage } from './list-pages.tsx';
import { MemberPage, MembersPage } from './member-pages.tsx';
import { SittingPage } from './sitting-page.tsx';
import { VotePage } from './vote-page.tsx';
import { RulesPage } from './rules-page.tsx';
import { BODY_HOME_EXTENSIONS } from './body-home-extensions.ts';

export const LANG_COOKIE = 'quorate_lang';
const ONE_YEAR = 365 * 24 * 3600;

type Query = Record<string, string | string[] | undefined>;

function queryOf(request: FastifyRequest): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries((request.query ?? {}) as Query)) {
    if (typeof v === 'string') q.set(k, v.slice(0, 1000));
  }
  return q;
}

/** The page language; an explicit ?lang= is remembered in a cookie so the choice sticks. */
export function pageLanguage(request: FastifyRequest, reply: FastifyReply, bodyLanguages: readonly string[] | null): Lang {
  const query = (request.query as Query | undefined)?.lang;
  const explicit = typeof query === 'string' && isLang(query) ? query : null;
  if (explicit && request.cookies[LANG_COOKIE] !== explicit) {
    reply.setCookie(LANG_COOKIE, explicit, { path: '/', sameSite: 'lax', maxAge: ONE_YEAR, httpOnly: true, secure: request.protocol === 'https' });
  }
  return negotiateLanguage({ query: explicit, cookie: request.cookies[LANG_COOKIE], acceptLanguage: request.headers['accept-language'], bodyLanguages });
}

function idParam(raw: string): number {
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < 1 || Number(raw) > 2_147_483_647) throw new ServiceError('not_found', 'not_found', 'there is no such record');
  return Number(raw);
}

function path(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? '/';
}

export async function pageRoutes(app: FastifyInstance, opts: { cache: PageCache }) {
  const db = () => app.ctx.dialect.db;
  registerPageCache(app, { langCookie: LANG_COOKIE, cache: opts.cache, pageLanguage });
  // Pages are HTML for people; the OpenAPI document describes the JSON API only.
  app.addHook('onRoute', (route) => {
    route.schema = { ...(route.schema ?? {}), hide: true } as typeof route.schema;
  });

  async function bodyEnv(request: FastifyRequest, reply: FastifyReply, slug: string, section: PageEnv['section']) {
    const body = await findBody(db(), slug);
    const languages = JSON.parse(body.languages) as string[];
    const names = JSON.parse(body.names) as Record<string, string>;
    const lang = pageLanguage(request, reply, languages);
    const env = createPageEnv({ lang, timeZone: body.time_zone, path: path(request), query: queryOf(request), body: { slug: body.slug, names }, section });
    return { body, env, bodyName: pickText(names, lang)?.text ?? body.slug };
  }

  const send = (reply: FastifyReply, element: ReactElement, meta: PageMeta) => renderPage(reply, element, meta);
  const title = (...parts: string[]) => parts.filter(Boolean).join(' — ');

  app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
    const status = err instanceof ServiceError ? (err.kind === 'not_found' ? 404 : 400) : err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) request.log.error({ err }, 'page failed');
    let lang: Lang = 'en';
    try {
      lang = negotiateLanguage({ query: (request.query as Query | undefined)?.lang as string | undefined, cookie: request.cookies?.[LANG_COOKIE], acceptLanguage: request.headers['accept-language'] });
    } catch {
      // The error page renders in English whatever went wrong with the request.
    }
    const env = createPageEnv({ lang, path: path(request), query: new URLSearchParams() });
    const detail = status === 404 ? null : status < 500 && err instanceof ServiceError ? err.message : null;
    return send(reply, <ErrorPage status={status} detail={detail} />, { env, title: env.t(status === 404 ? 'error.not_found' : status >= 500 ? 'error.server' : 'error.bad_request'), status });
  });

  app.get('/', async (request, reply) => {
    const lang = pageLanguage(request, reply, null);
    const env = createPageEnv({ lang, path: '/', query: queryOf(request) });
    const bodies = await listBodies(db());
    return send(reply, <HomePage bodies={bodies} />, { env, title: env.t('home.title') });
  });

  app.get<{ Params: { slug: string } }>('/:slug', async (request, reply) => {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug, 'home');
    const full = await getBody(db(), body.slug);
    const today = dayInZone(app.ctx.now(), body.time_zone);
    const [next, decisions, sittings, state] = [
      await nextSitting(db(), body.id, today),
      await listDecisions(db(), body.slug, { limit: 5, offset: 0 }),
      await sittingsPage(db(), body.slug, { limit: 5, offset: 0 }),
      await readLogState(db(), body.id),
    ];
    const extras = [];
    for (const ext of BODY_HOME_EXTENSIONS) {
      const node = await ext.load(app.ctx, { id: body.id, slug: body.slug }, today, env);
      if (node !== null) extras.push(<div key={ext.name}>{node}</div>);
    }
    const data = { body: full, next, decisions, sittings, checkpointSize: state?.size ?? null, extras, publicOrigin: app.ctx.publicOrigin };
    return send(reply, <BodyPage data={data} />, {
      env, title: bodyName,
      alternates: [{ href: `/export/${encodeURIComponent(body.slug)}/feed.atom`, type: 'application/atom+xml', title: env.t('export.atom') }],
    });
  });

  app.get<{ Params: { slug: string } }>('/:slug/rules', async (request, reply) => {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug, 'home');
    return send(reply, <RulesPage slug={body.slug} rules={bodyRules(body)} />, { env, title: title(env.t('rules.title'), bodyName) });
  });

  app.get<{ Params: { slug: string } }>('/:slug/members', async (request, reply) => {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug, 'members');
    const page = pageRequest(env.query.get('page'), 100);
    const data = await membersPage(db(), body.slug, page);
    const filled = data.items.length === 0 && data.total === 0 ? 0 : (await getBody(db(), body.slug)).filledSeats;
    return send(reply, <MembersPage slug={body.slug} data={data} page={page} seats={{ established: body.established_seats, filled }} />, { env, title: title(env.t('members.title'), bodyName) });
  });

  app.get<{ Params: { slug: string; id: string } }>('/:slug/members/:id', async (request, reply) => {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug, 'members');
    const id = idParam(request.params.id);
    const page = pageRequest(env.query.get('page'), 50);
    const member = await getMember(db(), body.slug, id);
    const votes = await memberVotes(db(), body.slug, id, page);
    const name = pickText(member.name, env.lang)?.text ?? env.t('member.unnamed', { seat: member.seat });
    return send(reply, <MemberPage slug={body.slug} data={{ member, votes }} page={page} />, { env, title: title(name, bodyName) });
  });

  app.get<{ Params: { slug: string } }>('/:slug/sittings', async (request, reply) => {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug, 'sittings');
    const page = pageRequest(env.query.get('page'), 50);
    const data = await sittingsPage(db(), body.slug, page);
    return send(reply, <SittingsPage slug={body.slug} data={data} page={page} />, { env, title: title(env.t('sittings.title'), bodyName) });
  });

  app.get<{ Params: { slug: string; id: string } }>('/:slug/sittings/:id', async (request, reply) => {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug, 'sittings');
    const sitting = await getSitting(db(), body.slug, idParam(request.params.id));
    const decisions = await sittingDecisions(db(), body.id, sitting.id);
    return send(reply, <SittingPage slug={body.slug} data={{ sitting, decisions }} deputies={bodyRules(body).preset?.startsWith('ru-') ?? false} />, { env, title: title(sitting.title, bodyName) });
  });

  app.get<{ Params: { slug: string; id: string } }>('/:slug/votes/:id', async (request, reply) => {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug, 'decisions');
    const data = await votePage(db(), body.slug, idParam(request.params.id));
    const state = await readLogState(db(), body.id);
    return send(reply, <VotePage slug={body.slug} data={{ ...data, checkpointSize: state?.size ?? null, publicOrigin: app.ctx.publicOrigin }} />, { env, title: title(data.vote.motion.title, bodyName) });
  });

  app.get<{ Params: { slug: string } }>('/:slug/decisions', async (request, reply) => {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug, 'decisions');
    const page = pageRequest(env.query.get('page'), 50);
    const data = await listDecisions(db(), body.slug, page);
    return send(reply, <DecisionsPage slug={body.slug} data={data} page={page} />, { env, title: title(env.t('decisions.title'), bodyName) });
  });

  app.get<{ Params: { slug: string } }>('/:slug/search', async (request, reply) => {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug, 'search');
    const page = pageRequest(env.query.get('page'), 20);
    const q = (env.query.get('q') ?? '').slice(0, 500);
    const result = q.trim() === '' ? null : await searchRecord(app.ctx.dialect, body.slug, q, page);
    return send(reply, <SearchPage slug={body.slug} query={q} result={result} page={page} />, { env, title: title(env.t('search.title'), bodyName) });
  });
}
