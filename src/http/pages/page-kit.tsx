// What every HTML page shares, in one place: the page language and its cookie, the request's path
// and query as a page sees them, ids in page addresses, the body a page is about (read through the
// dialect's reader), Zod schemas for form bodies, and one plugin (pagesPlugin) that registers the
// page route groups under one error page, one form parser and one "not in the OpenAPI document"
// setting. A handler reads, then renders; its errors become an HTML page whose status is the JSON
// API's (plugins/errors.ts, STATUS), so a page and its API agree on what a refusal is.
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ServiceError } from '../../services/service-error.ts';
import type { ServiceContext } from '../../services/service-context.ts';
import { findBody } from '../../services/bodies.ts';
import { committeeLinks } from '../../services/committees.ts';
import { isLang, type Lang } from '../../domain/i18n/lang.ts';
import { negotiateLanguage } from '../../domain/i18n/negotiate-language.ts';
import { decimal } from '../routes/common-schemas.ts';
import { sendProblem, STATUS } from '../plugins/errors.ts';
import { createPageEnv, type PageEnv } from './page-env.tsx';
import { renderPage } from './render-page.tsx';
import { pickText } from './localized.tsx';
import { ErrorPage } from './site-pages.tsx';
import type { BodyHomeExtension } from './body-home-extensions.ts';
import { parseJsonColumn, BODY_LANGUAGES, BODY_NAMES } from '../../services/json-columns.ts';

export const LANG_COOKIE = 'quorate_lang';
const ONE_YEAR = 365 * 24 * 3600;
/** The largest urlencoded form a page takes, unless its route says more (the appeals forms do). */
export const FORM_BODY_LIMIT = 16 * 1024;

type Query = Record<string, string | string[] | undefined>;

/** The request's path, without its query. */
export function pagePath(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? '/';
}

/** The request's query as a page reads it: single-valued parameters only, each cut to 1,000 characters. */
export function pageQuery(request: FastifyRequest): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries((request.query ?? {}) as Query))
    if (typeof v === 'string') q.set(k, v.slice(0, 1000));
  return q;
}

/** The page language; an explicit ?lang= is remembered in a cookie so the choice sticks. */
export function pageLanguage(
  request: FastifyRequest,
  reply: FastifyReply,
  bodyLanguages: readonly string[] | null,
): Lang {
  const query = (request.query as Query | undefined)?.lang;
  const explicit = typeof query === 'string' && isLang(query) ? query : null;
  if (explicit && request.cookies[LANG_COOKIE] !== explicit) {
    reply.setCookie(LANG_COOKIE, explicit, {
      path: '/',
      sameSite: 'lax',
      maxAge: ONE_YEAR,
      httpOnly: true,
      secure: request.protocol === 'https',
    });
  }
  return negotiateLanguage({
    query: explicit,
    cookie: request.cookies[LANG_COOKIE],
    acceptLanguage: request.headers['accept-language'],
    bodyLanguages,
  });
}

// --- Addresses -------------------------------------------------------------------------------

/** A record's id in a page address: canonical decimal, 1 … 2^31−1 (the JSON API's rule). */
export const pageId = decimal(1, 2_147_483_647);
export const slugPageParams = z.object({ slug: z.string() });
export const idPageParams = slugPageParams.extend({ id: pageId });

/**
 * A page's address parameters, parsed by `schema`. An address that does not parse names no record:
 * the page is a 404, as for an id that is well formed but unknown (a page address is not an API
 * input to correct, and the static site answers the same).
 */
export function pageParams<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ServiceError('not_found', 'not_found', 'there is no such record');
  return parsed.data;
}

// --- Forms -----------------------------------------------------------------------------------

/**
 * A text field of an urlencoded form, trimmed; empty, absent, repeated (an array) or not text (a
 * JSON body sent to a form address) counts as missing (null). The use case then says what is missing.
 */
export const formText = z
  .unknown()
  .optional()
  .transform((v) => {
    const s = typeof v === 'string' ? v.trim() : '';
    return s === '' ? null : s;
  });
/** A whole-number field (canonical decimal, as ids in addresses); anything else counts as missing. */
export const formNumber = formText.transform((v) => {
  const parsed = v === null ? null : decimal(0, 2_147_483_647).safeParse(v);
  return parsed?.success ? parsed.data : null;
});

/** A form's fields by its schema; a body that is not a form at all reads as an empty form. */
export function formFields<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const raw = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
  return schema.parse(raw);
}

// --- Reading the record ------------------------------------------------------------------------

/**
 * The service context for reading a page: the same context whose `dialect.db` is the reader, so a
 * read service that takes a context (appeals, home extensions, search) cannot reach the writer.
 * SQLite: the read-only connection; PostgreSQL: the same pool.
 */
export function readContext(ctx: ServiceContext): ServiceContext {
  return { ...ctx, dialect: { ...ctx.dialect, db: ctx.dialect.reader } };
}

/** The body a page is about (a 404 if there is none), the page's environment and the body's name. */
export async function loadBodyEnv(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  slug: string,
  section: PageEnv['section'],
) {
  const body = await findBody(app.ctx.dialect.reader, slug);
  const names = parseJsonColumn(BODY_NAMES, body.names);
  const links = await committeeLinks(app.ctx.dialect.reader, body);
  const lang = pageLanguage(request, reply, parseJsonColumn(BODY_LANGUAGES, body.languages));
  const env = createPageEnv({
    lang,
    timeZone: body.time_zone,
    path: pagePath(request),
    query: pageQuery(request),
    body: { slug: body.slug, names, ...links },
    section,
  });
  return { body, env, lang, bodyName: pickText(names, lang)?.text ?? body.slug };
}

// --- Errors ----------------------------------------------------------------------------------

/** The status of a page that failed: a service error's as in the JSON API, a framework 4xx as is, else 500. */
export function pageStatus(err: Error & { statusCode?: number }): number {
  if (err instanceof ServiceError) return STATUS[err.kind];
  return err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
}

/**
 * The error page: HTML in the reader's language (English if even that cannot be told), with the
 * service's reason for a refusal other than 404, and nothing for a 404 or a 500 (the detail of a
 * 500 goes to the log). A page's JSON twin (console.json) answers with problem+json instead.
 */
export function sendPageError(err: Error & { statusCode?: number }, request: FastifyRequest, reply: FastifyReply) {
  const status = pageStatus(err);
  if (status >= 500) request.log.error({ err }, 'page failed');
  if (pagePath(request).endsWith('.json')) {
    const code = err instanceof ServiceError ? err.code : status >= 500 ? 'internal_error' : 'bad_request';
    return sendProblem(reply, status, code, status >= 500 ? 'something went wrong on the server' : err.message);
  }
  let lang: Lang = 'en';
  try {
    lang = negotiateLanguage({
      query: (request.query as Query | undefined)?.lang as string | undefined,
      cookie: request.cookies?.[LANG_COOKIE],
      acceptLanguage: request.headers['accept-language'],
    });
  } catch {
    // The error page renders in English whatever went wrong with the request.
  }
  const env = createPageEnv({ lang, path: pagePath(request), query: new URLSearchParams() });
  const detail = status !== 404 && status < 500 && err instanceof ServiceError ? err.message : null;
  const title = env.t(status === 404 ? 'error.not_found' : status >= 500 ? 'error.server' : 'error.bad_request');
  return renderPage(reply, <ErrorPage status={status} detail={detail} />, { env, title, status });
}

// --- The plugin --------------------------------------------------------------------------------

/** What every page route group is registered with. */
export interface PageGroupOptions {
  /** Sections features add to a body's home page (src/http/features.ts). */
  homeSections: readonly BodyHomeExtension[];
  /**
   * The app renders a static copy (`quorate export static`): pages that need the server say so
   * instead (the search page).
   */
  staticSite: boolean;
}

/** A group of page routes, registered by pagesPlugin under the page error handler. */
export type PageGroup = (app: FastifyInstance, opts: PageGroupOptions) => Promise<void>;

/**
 * Registers page route groups under what they share: urlencoded forms parsed by
 * @fastify/formbody (FORM_BODY_LIMIT unless a route sets its own bodyLimit), the error page, and
 * `hide` on every route (pages are HTML for people; the OpenAPI document describes the JSON API).
 */
export async function pagesPlugin(app: FastifyInstance, opts: PageGroupOptions & { groups: readonly PageGroup[] }) {
  app.addHook('onRoute', (route) => {
    route.schema = { ...(route.schema ?? {}), hide: true } as typeof route.schema;
  });
  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT });
  app.setErrorHandler(sendPageError);
  const shared: PageGroupOptions = { homeSections: opts.homeSections, staticSite: opts.staticSite };
  for (const group of opts.groups) await app.register(group, shared);
}
