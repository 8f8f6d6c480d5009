// Builds the Fastify app (no listen): plugins, then the routes and pages of every feature
// (features.ts: the record, the appeals), the log, live streams and open-data exports.
import type { MailSettings } from '../services/mail.ts';
import { DEFAULT_EXPORT_CACHE_BYTES, DEFAULT_PAGE_CACHE_BYTES, DEFAULT_TIMEOUTS } from './load-defaults.ts';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { requestIdFor, safeLogger } from './request-log.ts';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { ServiceContext } from '../services/service-context.ts';
import { contextPlugin } from './plugins/context.ts';
import { clientErrorHandler, errorsPlugin, frameworkErrorHandler } from './plugins/errors.ts';
import { authPlugin } from './plugins/auth.ts';
import { logRoutes } from './routes/log-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { liveRoutes } from './routes/live-routes.ts';
import type { LiveHub } from '../services/live/live-hub.ts';
import { securityHeadersPlugin } from './plugins/security-headers.ts';
import { staticAssetsPlugin } from './plugins/static-assets.ts';
import { pagesPlugin } from './pages/page-kit.tsx';
import { firstRunPlugin } from './plugins/first-run.ts';
import { sendNotSetUp } from './pages/setup-page-routes.tsx';
import { FEATURES } from './features.ts';
import { createPageCache, type PageCache } from './pages/page-cache.ts';
import { DEFAULT_PAPER_MAX_BYTES } from '../domain/papers/paper-rules.ts';
import { createExportCache, exportRoutes, type ExportCache } from './routes/export-routes.ts';

export interface AppOptions {
  ctx: ServiceContext;
  logger?: FastifyServerOptions['logger'];
  /**
   * Proxies whose X-Forwarded-* are believed (QUORATE_TRUST_PROXY): a number of hops or a list of
   * addresses/CIDRs. Never `true`: that would let a client choose its own address (request.ip).
   */
  trustProxy?: false | number | string[];
  /** Largest request body, in bytes. */
  bodyLimit?: number;
  /** Outgoing mail (QUORATE_SMTP_URL, QUORATE_MAIL_FROM); without it invitations are handed over, not e-mailed. */
  mail?: MailSettings | null;
  /** The live fan-out hub; without it the /live routes are not served. */
  live?: LiveHub;
  /** Open live streams one client address may hold (QUORATE_LIVE_STREAMS_PER_ADDRESS). */
  liveStreamsPerAddress?: number;
  /** Open live streams in all (QUORATE_LIVE_STREAMS). */
  liveStreams?: number;
  /** Time for a client to send a request's headers, ms (QUORATE_HEADERS_TIMEOUT_MS). */
  headersTimeoutMs?: number;
  /** Time for a client to send a whole request, headers and body, ms (QUORATE_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** A connection silent this long while a request is under way is closed, ms (QUORATE_IDLE_TIMEOUT_MS); live streams are exempt. */
  idleTimeoutMs?: number;
  /** A kept-alive connection with no request this long is closed, ms (QUORATE_KEEP_ALIVE_TIMEOUT_MS). */
  keepAliveTimeoutMs?: number;
  /** Bytes of rendered public pages kept (QUORATE_PAGE_CACHE_BYTES). */
  pageCacheBytes?: number;
  /** Bytes of built exports and minutes PDFs kept (QUORATE_EXPORT_CACHE_BYTES). */
  exportCacheBytes?: number;
  /** Largest paper a clerk may upload (QUORATE_PAPER_MAX_BYTES). */
  paperMaxBytes?: number;
  /** /readyz fails when an entry has waited longer than this for integration, s (QUORATE_READY_LAG_S). */
  readyLagS?: number;
  /** Turns /metrics on, for `Authorization: Bearer <token>` (QUORATE_METRICS_TOKEN); without it, no /metrics. */
  metricsToken?: string | null;
  /**
   * Render a static copy of the record (`quorate export static`): pages that need the server (the
   * search page) say so instead of offering what a static host cannot do.
   */
  staticSite?: boolean;
  /** Called for every route as it is registered (the authorisation matrix test lists them). */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
}

export async function buildApp(options: AppOptions) {
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_TIMEOUTS.headersMs;
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_TIMEOUTS.requestMs;
  const app = Fastify({
    // A client that sends its headers or its body too slowly is cut off (408), and so is a
    // connection silent for too long; Node checks the first two every connectionsCheckingInterval.
    http: {
      headersTimeout,
      connectionsCheckingInterval: Math.max(
        50,
        Math.min(30_000, Math.floor(Math.min(headersTimeout, requestTimeout) / 4)),
      ),
    },
    requestTimeout,
    connectionTimeout: options.idleTimeoutMs ?? DEFAULT_TIMEOUTS.idleMs,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULT_TIMEOUTS.keepAliveMs,
    // Every line logged while a request is handled carries its id (reqId); a request is logged by
    // its method, route path and the names of its query parameters, never their values (links
    // carry one-time tokens), its body, cookies or authorization (request-log.ts).
    logger: safeLogger(options.logger ?? false),
    genReqId: (req) => requestIdFor(req, options.trustProxy !== undefined && options.trustProxy !== false),
    // Fastify takes a hop count too (its types omit it): proxy-addr trusts the `n` right-most hops.
    trustProxy:
      typeof options.trustProxy === 'number'
        ? (_addr: string, hop: number) => hop < (options.trustProxy as number)
        : (options.trustProxy ?? false),
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    // Deep JSON nesting is refused by the parser rather than crashing a handler.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Errors raised before a route runs come out as problem+json with a code, like all others.
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  // The id is given back, so a person reporting a problem can quote it and the operator find its lines.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The minutes a close freezes when it adopts their approval carry every feature's sections.
  options.ctx.minutesSections ??= FEATURES.flatMap((f) => f.minutesSections);
  await app.register(contextPlugin, { ctx: options.ctx });
  await app.register(errorsPlugin);
  await app.register(securityHeadersPlugin);
  await app.register(cookie);
  await app.register(authPlugin);
  if (options.metricsToken)
    await app.register(metricsPlugin, {
      token: options.metricsToken,
      ...(options.live ? { live: options.live } : {}),
    });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Quorate API',
        version: '1',
        description:
          'The record of a council: bodies, sittings, attendance, motions, votes, decisions. ' +
          'The same record in OParl 1.1 (the standard interface of council information systems, with votes ' +
          'as the quorate:votes extension): /oparl/v1/system.',
      },
    },
    transform: jsonSchemaTransform,
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(healthRoutes, options.readyLagS === undefined ? {} : { readyLagS: options.readyLagS });
  await app.register(
    async (api) => {
      for (const feature of FEATURES) for (const routes of feature.apiRoutes) await api.register(routes);
    },
    { prefix: '/api/v1' },
  );
  for (const feature of FEATURES)
    for (const { prefix, routes } of feature.rootRoutes ?? []) await app.register(routes, { prefix });
  await app.register(logRoutes, { prefix: '/log' });
  if (options.live) {
    await app.register(liveRoutes, {
      prefix: '/live',
      live: options.live,
      ...(options.liveStreamsPerAddress === undefined ? {} : { maxStreamsPerAddress: options.liveStreamsPerAddress }),
      ...(options.liveStreams === undefined ? {} : { maxStreams: options.liveStreams }),
    });
  }
  const exportCache = createExportCache(options.exportCacheBytes ?? DEFAULT_EXPORT_CACHE_BYTES);
  app.decorate('exportCache', exportCache);
  await app.register(exportRoutes, {
    prefix: '/export',
    cache: exportCache,
    feedSources: FEATURES.flatMap((f) => f.feedSources),
    minutesSections: FEATURES.flatMap((f) => f.minutesSections),
  });
  await app.register(staticAssetsPlugin);
  const pageCache = createPageCache(options.pageCacheBytes ?? DEFAULT_PAGE_CACHE_BYTES);
  app.decorate('pageCache', pageCache);
  app.decorate('staticSite', options.staticSite ?? false);
  app.decorate('mail', options.mail ?? null);
  app.decorate('paperMaxBytes', options.paperMaxBytes ?? DEFAULT_PAPER_MAX_BYTES);
  // The pages, behind "not set up yet" until the site has its first administrator (the hook covers
  // this scope only: the API, the log, the exports and the stylesheet answer as always).
  await app.register(async (site) => {
    await site.register(firstRunPlugin, { notSetUpPage: sendNotSetUp });
    await site.register(pagesPlugin, {
      groups: FEATURES.flatMap((f) => f.pageGroups),
      homeSections: FEATURES.flatMap((f) => f.homeSections),
      staticSite: options.staticSite ?? false,
    });
  });
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Built exports and minutes PDFs, by record version (its counters are read by tests). */
    exportCache: ExportCache;
    /** Rendered public pages, by record version (tests read its size). */
    pageCache: PageCache;
    /** Whether this app renders a static copy of the record (AppOptions.staticSite). */
    staticSite: boolean;
    /** Outgoing mail, when configured (AppOptions.mail). */
    mail: MailSettings | null;
    /** Largest paper a clerk may upload (AppOptions.paperMaxBytes). */
    paperMaxBytes: number;
  }
}
