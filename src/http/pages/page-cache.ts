// Public pages change only when the body's record does: a rendered page is kept, for anonymous
// readers, under (address, language inputs, log size, published checkpoint size, today's date in
// the body's time zone).
// A new entry, a new checkpoint or a new day makes a new key, so nothing stale is ever served,
// and no invalidation has to reach other processes. Signed-in readers are never served from it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../plugins/auth.ts';
import { dayInZone } from '../../domain/i18n/format-dates.ts';

interface Cached {
  headers: Record<string, string | string[]>;
  body: string;
}

const KEPT_HEADERS = ['content-type', 'content-language', 'vary', 'cache-control', 'set-cookie'];

declare module 'fastify' {
  interface FastifyRequest {
    pageCacheKey?: string;
  }
}

export function registerPageCache(app: FastifyInstance, options: { langCookie: string; entries?: number }): void {
  const limit = options.entries ?? 1000;
  const cache = new Map<string, Cached>();
  const slugOf = (request: FastifyRequest) => request.url.split('?')[0]!.split('/')[1] ?? '';

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'GET' || request.actor || request.cookies?.[SESSION_COOKIE]) return;
    const slug = slugOf(request);
    if (!slug) return;
    const row = await app.ctx.dialect.reader.selectFrom('bodies').innerJoin('log_heads', 'log_heads.body_id', 'bodies.id')
      .leftJoin('log_state', 'log_state.body_id', 'bodies.id')
      .select(['log_heads.next_index', 'log_state.size', 'bodies.time_zone']).where('bodies.slug', '=', slug).executeTakeFirst();
    if (!row) return;
    const key = [request.url, request.cookies?.[options.langCookie] ?? '', request.headers['accept-language'] ?? '', row.next_index, row.size ?? 0,
      dayInZone(app.ctx.now(), row.time_zone)].join('\n');
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
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
    cache.set(key, { headers, body: payload });
    if (cache.size > limit) cache.delete(cache.keys().next().value!);
    return payload;
  });
}
