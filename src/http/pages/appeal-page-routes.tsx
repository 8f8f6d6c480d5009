// The appeals tracker's pages: /{slug}/appeals (every appeal and its status) and
// /{slug}/appeals/{id} (one appeal, its timeline and reckoning), public and readable without
// JavaScript; for a signed-in clerk, the same pages carry forms that post back here (urlencoded,
// with the session's CSRF token, which the auth plugin checks) and call the same services as the
// JSON API. After a successful post the browser is sent on (303) to the page it came from.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ReactElement } from 'react';
import { ServiceError } from '../../services/service-error.ts';
import { findBody } from '../../services/bodies.ts';
import { can } from '../../services/policy.ts';
import { listDecisions, listMembers } from '../../services/record-reads.ts';
import { addAuthority, listAuthorities } from '../../services/appeals/authorities.ts';
import { draftAppeal, recordAppealEvent, type AppealEventInput, type DraftAppealInput } from '../../services/appeals/appeals.ts';
import { APPEAL_STATUSES, getAppeal, listAppeals } from '../../services/appeals/appeal-reads.ts';
import { appealsNeedingAttention } from '../../services/appeals/appeal-reminders.ts';
import { negotiateLanguage } from '../../domain/i18n/negotiate-language.ts';
import type { Lang } from '../../domain/i18n/lang.ts';
import type { AppealStatus } from '../../domain/appeals/deadline-step.ts';
import { createPageEnv, type PageEnv } from './page-env.tsx';
import { renderPage } from './render-page.tsx';
import { pickText } from './localized.tsx';
import { ErrorPage } from './site-pages.tsx';
import { LANG_COOKIE, pageLanguage } from './page-routes.tsx';
import { AppealPage, AppealsPage } from './appeal-pages.tsx';
import { ClerkAppealSection, ClerkAppealsSection, type ClerkData, type FormNotice } from './appeal-forms.tsx';

type Form = Record<string, unknown>;
const FORM = 'application/x-www-form-urlencoded';
const STATUS: Record<ServiceError['kind'], number> = { invalid: 400, unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, too_large: 413, rate_limited: 429 };

// A form field is text; anything else (a JSON body sent to a form address) counts as missing.
const field = (form: Form, name: string): string | null => {
  const raw = form[name];
  const v = typeof raw === 'string' ? raw.trim() : '';
  return v ? v : null;
};
const numberField = (form: Form, name: string): number | null => {
  const v = field(form, name);
  return v !== null && /^\d{1,10}$/.test(v) ? Number(v) : null;
};

function idParam(raw: string): number {
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < 1 || Number(raw) > 2_147_483_647) throw new ServiceError('not_found', 'not_found', 'there is no such record');
  return Number(raw);
}

function queryOf(request: FastifyRequest): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, unknown>)) if (typeof v === 'string') q.set(k, v.slice(0, 1000));
  return q;
}

export async function appealPageRoutes(app: FastifyInstance) {
  const db = () => app.ctx.dialect.db;
  app.addHook('onRoute', (route) => {
    route.schema = { ...(route.schema ?? {}), hide: true } as typeof route.schema;
  });
  // The clerk's forms post urlencoded fields; a small parser keeps this plugin self-contained.
  if (!app.hasContentTypeParser(FORM)) {
    app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 512 * 1024 }, (_request, text, done) => {
      done(null, Object.fromEntries(new URLSearchParams(text as string)));
    });
  }

  app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
    const status = err instanceof ServiceError ? STATUS[err.kind] : err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) request.log.error({ err }, 'appeal page failed');
    let lang: Lang = 'en';
    try {
      lang = negotiateLanguage({ query: (request.query as Record<string, string> | undefined)?.lang, cookie: request.cookies?.[LANG_COOKIE], acceptLanguage: request.headers['accept-language'] });
    } catch {
      // English, whatever went wrong with the request.
    }
    const env = createPageEnv({ lang, path: request.url.split('?')[0] ?? '/', query: new URLSearchParams() });
    const detail = status === 404 || status >= 500 ? null : err.message;
    return renderPage(reply, <ErrorPage status={status} detail={detail} />, { env, title: env.t(status === 404 ? 'error.not_found' : status >= 500 ? 'error.server' : 'error.bad_request'), status });
  });

  async function bodyEnv(request: FastifyRequest, reply: FastifyReply, slug: string) {
    const body = await findBody(db(), slug);
    const names = JSON.parse(body.names) as Record<string, string>;
    const lang = pageLanguage(request, reply, JSON.parse(body.languages) as string[]);
    const env: PageEnv = createPageEnv({ lang, timeZone: body.time_zone, path: request.url.split('?')[0] ?? '/', query: queryOf(request), body: { slug: body.slug, names }, section: 'appeals' });
    return { body, env, bodyName: pickText(names, lang)?.text ?? body.slug };
  }

  async function clerkData(request: FastifyRequest, slug: string, notice: FormNotice): Promise<ClerkData> {
    const members = (await listMembers(db(), slug)).filter((m) => m.memberId !== null && m.name !== null);
    return {
      csrfToken: request.csrfToken,
      notice,
      authorities: await listAuthorities(db(), slug),
      decisions: (await listDecisions(db(), slug, { limit: 500, offset: 0 })).items.map((d) => ({ id: d.id, title: d.motion.title, adoptedOn: d.adoptedOn, registerNumber: d.registerNumber })),
      members: members.map((m) => ({ memberId: m.memberId!, name: m.name! })),
      attention: (await appealsNeedingAttention(app.ctx, request.actor, slug)).items,
    };
  }

  const noticeOf = (env: PageEnv): FormNotice => (env.query.get('saved') === '1' ? { kind: 'saved' } : null);

  async function listPage(request: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply, notice: FormNotice | undefined, status = 200) {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug);
    const asked = env.query.get('status');
    const filter = asked !== null && (APPEAL_STATUSES as readonly string[]).includes(asked) ? (asked as AppealStatus) : null;
    const all = await listAppeals(app.ctx, body.slug, { limit: 100_000, offset: 0 });
    const counts: Partial<Record<AppealStatus, number>> = {};
    for (const a of all.items) counts[a.status.status] = (counts[a.status.status] ?? 0) + 1;
    const items = filter === null ? all.items : all.items.filter((a) => a.status.status === filter);
    const clerk = can(request.actor, 'appeal.manage', body.id);
    const section = clerk ? <ClerkAppealsSection slug={body.slug} data={await clerkData(request, body.slug, notice ?? noticeOf(env))} /> : null;
    const element: ReactElement = <AppealsPage slug={body.slug} data={{ total: items.length, today: all.today, items, counts, filter }} clerk={section} />;
    return renderPage(reply, element, {
      env, title: `${env.t('appeals.title')} — ${bodyName}`, status,
      ...(clerk ? { cacheControl: 'private, no-store' } : {}),
      alternates: [{ href: `/export/${encodeURIComponent(body.slug)}/feed.atom`, type: 'application/atom+xml', title: env.t('appeals.feed') }],
    });
  }

  async function appealPage(request: FastifyRequest<{ Params: { slug: string; id: string } }>, reply: FastifyReply, notice: FormNotice | undefined, status = 200) {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug);
    const appeal = await getAppeal(app.ctx, body.slug, idParam(request.params.id));
    const clerk = can(request.actor, 'appeal.manage', body.id);
    const section = clerk ? <ClerkAppealSection slug={body.slug} appealId={appeal.id} data={await clerkData(request, body.slug, notice ?? noticeOf(env))} /> : null;
    return renderPage(reply, <AppealPage slug={body.slug} appeal={appeal} clerk={section} />, {
      env, title: `${appeal.title} — ${bodyName}`, status, ...(clerk ? { cacheControl: 'private, no-store' } : {}),
    });
  }

  /** Runs a form's use case; a refusal re-renders the page with the reason, a success moves on. */
  async function submit(reply: FastifyReply, work: () => Promise<string>, again: (notice: FormNotice, status: number) => Promise<FastifyReply>) {
    let next: string;
    try {
      next = await work();
    } catch (err) {
      if (err instanceof ServiceError && err.kind !== 'unauthenticated' && err.kind !== 'not_found') return again({ kind: 'error', message: err.message }, STATUS[err.kind]);
      throw err;
    }
    return reply.code(303).header('location', next).send();
  }

  app.get<{ Params: { slug: string } }>('/:slug/appeals', (request, reply) => listPage(request, reply, undefined));
  app.get<{ Params: { slug: string; id: string } }>('/:slug/appeals/:id', (request, reply) => appealPage(request, reply, undefined));

  app.post<{ Params: { slug: string }; Body: Form }>('/:slug/appeals', (request, reply) => submit(reply, async () => {
    const f = request.body ?? {};
    const member = numberField(f, 'sender');
    const input: DraftAppealInput = {
      title: field(f, 'title') ?? '',
      summary: field(f, 'summary'),
      authorityId: numberField(f, 'authorityId') ?? 0,
      decisionId: numberField(f, 'decisionId'),
      sender: member === null ? { kind: 'body' } : { kind: 'member', memberId: member },
      channel: field(f, 'channel') as DraftAppealInput['channel'],
      reference: field(f, 'reference'),
      personalDetails: field(f, 'personalDetails'),
    };
    const created = await draftAppeal(app.ctx, request.actor, request.params.slug, input);
    return `/${encodeURIComponent(request.params.slug)}/appeals/${created.id}?saved=1#clerk`;
  }, (notice, status) => listPage(request, reply, notice, status)));

  app.post<{ Params: { slug: string }; Body: Form }>('/:slug/authorities', (request, reply) => submit(reply, async () => {
    const f = request.body ?? {};
    const names: { en?: string; ru?: string } = {};
    if (field(f, 'nameEn')) names.en = field(f, 'nameEn')!;
    if (field(f, 'nameRu')) names.ru = field(f, 'nameRu')!;
    await addAuthority(app.ctx, request.actor, request.params.slug, { names, address: field(f, 'address'), rule: field(f, 'rule') ?? '' });
    return `/${encodeURIComponent(request.params.slug)}/appeals?saved=1#clerk`;
  }, (notice, status) => listPage(request, reply, notice, status)));

  app.post<{ Params: { slug: string; id: string }; Body: Form }>('/:slug/appeals/:id/events', (request, reply) => submit(reply, async () => {
    const f = request.body ?? {};
    const id = idParam(request.params.id);
    const input: AppealEventInput = {
      type: (field(f, 'type') ?? '') as AppealEventInput['type'],
      on: field(f, 'on'),
      classification: field(f, 'classification') as AppealEventInput['classification'],
      days: numberField(f, 'days'),
      notice: field(f, 'notice'),
      toAuthorityId: numberField(f, 'toAuthorityId'),
      reason: field(f, 'reason'),
      reference: field(f, 'reference'),
      dated: field(f, 'dated'),
      text: field(f, 'text'),
    };
    await recordAppealEvent(app.ctx, request.actor, request.params.slug, id, input);
    return `/${encodeURIComponent(request.params.slug)}/appeals/${id}?saved=1#clerk`;
  }, (notice, status) => appealPage(request, reply, notice, status)));
}
