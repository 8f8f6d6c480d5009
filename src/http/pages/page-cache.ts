// Public pages change only when the body's record does: a rendered page is kept, for anonymous
// readers, under (route, path, the query parameters that route reads, the negotiated language,
// log size, published checkpoint size, the body's day). A new entry, a new checkpoint or a new day
// makes a new key, so nothing stale is ever served, and no invalidation has to reach other
// processes. Signed-in readers are never served from it, nor is their page kept.
//
// Anything else in the request — unknown query parameters, other cookies, an unparsable
// Accept-Language — neither makes a new entry nor reaches the page: before a page that may be
// kept is rendered, its query is cut down to the parameters its route reads, so the page (whose
// pagination and language links keep the query) is exactly what the key says. The cache is a
// least-recently-used map bounded in bytes (QUORATE_PAGE_CACHE_BYTES).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ByteLru } from '../../services/cache/byte-lru.ts';
import { isLang } from '../../domain/i18n/lang.ts';
import { negotiateLanguage } from '../../domain/i18n/negotiate-language.ts';
import { dayInZone } from '../../domain/i18n/format-dates.ts';
import { bodyVersion } from '../../services/record-version.ts';

export interface CachedPage {
  headers: Record<string, string | string[]>;
  body: string;
}

export type PageCache = ByteLru<CachedPage>;

export function createPageCache(maxBytes: number): PageCache {
  return new ByteLru<CachedPage>(maxBytes);
}

const KEPT_HEADERS = ['content-type', 'content-language', 'vary', 'cache-control'];

/** The query parameters each cached route reads (besides `lang`, which every page reads). */
export const PAGE_PARAMS: Record<string, readonly string[]> = {
  '/:slug': [],
  '/:slug/members': ['page'],
  '/:slug/members/:id': ['page'],
  '/:slug/sittings': ['page'],
  '/:slug/sittings/:id': [],
  '/:slug/votes/:id': [],
  '/:slug/decisions': ['page'],
  '/:slug/search': ['q', 'page'],
};

declare module 'fastify' {
  interface FastifyRequest {
    pageCacheKey?: string;
  }
}

type Query = Record<string, string | string[] | undefined>;

function sizeOf(key: string, page: CachedPage): number {
  let n = Buffer.byteLength(page.body) + Buffer.byteLength(key) + 64;
  for (const [k, v] of Object.entries(page.headers)) n += k.length + (Array.isArray(v) ? v.join('').length : v.length);
  return n;
}

export function registerPageCache(
  app: FastifyInstance,
  options: {
    langCookie: string;
    cache: PageCache;
    pageLanguage: (request: FastifyRequest, reply: FastifyReply, bodyLanguages: readonly string[]) => unknown;
  },
): void {
  const cache = options.cache;

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'GET' || request.actor) return;
    const params = PAGE_PARAMS[request.routeOptions.url ?? ''];
    const slug = (request.params as { slug?: string } | undefined)?.slug;
    if (!params || !slug) return;
    const version = await bodyVersion(app.ctx.dialect.reader, slug);
    if (!version) return;
    // The page is rendered from these parameters only, so it is the same for every request
    // that has the same key.
    const query = (request.query ?? {}) as Query;
    const kept: Record<string, string> = {};
    for (const name of [...params, 'lang']) {
      const value = query[name];
      if (typeof value !== 'string') continue;
      if (name === 'lang' && !isLang(value)) continue;
      kept[name] = value.slice(0, 1000);
    }
    request.query = kept;
    const languages = version.languages;
    const lang = negotiateLanguage({
      query: kept.lang ?? null,
      cookie: request.cookies?.[options.langCookie],
      acceptLanguage: request.headers['accept-language'],
      bodyLanguages: languages,
    });
    const key = [
      request.routeOptions.url,
      request.url.split('?')[0],
      new URLSearchParams(kept).toString(),
      lang,
      version.nextIndex,
      version.checkpointSize,
      dayInZone(app.ctx.now(), version.timeZone),
    ].join('\n');
    const hit = cache.get(key);
    if (hit) {
      // An explicit ?lang= is still remembered in its cookie, as on a fresh render.
      options.pageLanguage(request, reply, languages);
      reply.headers(hit.headers).header('x-page-cache', 'hit');
      return reply.send(hit.body);
    }
    request.pageCacheKey = key;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.pageCacheKey;
    if (!key || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const headers: Record<string, string | string[]> = {};
    for (const name of KEPT_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.map(String) : String(value);
    }
    const page = { headers, body: payload };
    cache.set(key, page, sizeOf(key, page));
    return payload;
  });
}
