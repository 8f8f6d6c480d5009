// Server-Sent Events per sitting: `GET /live/{slug}/sittings/{id}/events`, resumable with
// Last-Event-ID (the log index of the last entry received).
//
// Streams are capped per client address and in total (settings QUORATE_LIVE_STREAMS_PER_ADDRESS,
// QUORATE_LIVE_STREAMS); over a cap the request gets a problem+json 429 or 503 with Retry-After
// and no stream. A stream is exempt from the server's idle timeout (it is quiet between
// heartbeats by design), and every stream is ended when the server shuts down.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { LiveHub, LiveViewer } from '../../services/live/live-hub.ts';
import { findBody } from '../../services/bodies.ts';
import { findSitting } from '../../services/sittings.ts';
import { sittingParams } from './common-schemas.ts';
import { sendProblem } from '../plugins/errors.ts';
import { DEFAULT_LIVE_STREAMS, DEFAULT_LIVE_STREAMS_PER_ADDRESS } from '../load-defaults.ts';

export interface LiveRouteOptions {
  live: LiveHub;
  /** Open streams one client address may hold. */
  maxStreamsPerAddress?: number;
  /** Open streams this server holds in all. */
  maxStreams?: number;
}

/** Seconds a refused viewer is asked to wait before trying again. */
const RETRY_AFTER_S = 10;
/** On shutdown a viewer is asked to reconnect after this long, plus up to the spread at random (ms). */
export const SHUTDOWN_RETRY_MS = 1000;
const SHUTDOWN_RETRY_SPREAD_MS = 4000;

export const liveRoutes: FastifyPluginAsyncZod<LiveRouteOptions> = async (app, opts) => {
  const perAddressCap = opts.maxStreamsPerAddress ?? DEFAULT_LIVE_STREAMS_PER_ADDRESS;
  const totalCap = opts.maxStreams ?? DEFAULT_LIVE_STREAMS;
  const byAddress = new Map<string, number>();
  const open = new Set<LiveViewer>();
  // On shutdown, end every stream first, so closing the server does not wait for viewers; each is
  // told when to reconnect (an SSE `retry:` hint, spread over a few seconds so that a hall of
  // viewers does not come back at once) and resumes with Last-Event-ID on another or the restarted process.
  app.addHook('preClose', async () => {
    for (const viewer of [...open]) {
      viewer.write(`retry: ${SHUTDOWN_RETRY_MS + Math.floor(Math.random() * SHUTDOWN_RETRY_SPREAD_MS)}\n\n`);
      viewer.close();
    }
  });

  // A stream is quiet between events and heartbeats: exempt it from the idle timeout from the
  // start, before the lookups that precede the stream.
  app.addHook('onRequest', async (request) => {
    const socket = request.raw.socket as { setTimeout?: (ms: number) => unknown } | undefined;
    if (typeof socket?.setTimeout === 'function') socket.setTimeout(0); // (injected requests have no real socket)
  });

  app.get(
    '/:slug/sittings/:id/events',
    {
      schema: {
        params: sittingParams,
        tags: ['live'],
        headers: z
          .object({
            'last-event-id': z
              .string()
              .regex(/^-?\d{1,12}$/)
              .optional(),
          })
          .passthrough(),
        querystring: z.object({
          lastEventId: z
            .string()
            .regex(/^-?\d{1,12}$/)
            .optional(),
        }),
      },
    },
    async (request, reply) => {
      const db = app.ctx.dialect.db;
      const body = await findBody(db, request.params.slug);
      await findSitting(db, body.id, request.params.id);
      const address = request.ip;
      if (open.size >= totalCap) {
        reply.header('retry-after', String(RETRY_AFTER_S));
        return sendProblem(
          reply,
          503,
          'live_streams_full',
          `this server holds its limit of ${totalCap} live streams; try again shortly`,
        );
      }
      if ((byAddress.get(address) ?? 0) >= perAddressCap) {
        reply.header('retry-after', String(RETRY_AFTER_S));
        return sendProblem(
          reply,
          429,
          'too_many_live_streams',
          `your address holds its limit of ${perAddressCap} live streams; close one or try again shortly`,
        );
      }
      const resumeText = request.headers['last-event-id'] ?? request.query.lastEventId;
      const lastEventId = resumeText === undefined ? null : Number(resumeText);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 1000\n\n');
      let live = true;
      const viewer: LiveViewer = {
        write: (frame: string) => (live ? res.write(frame) || res.writableLength < 1_000_000 : false),
        close: () => {
          if (live) {
            live = false;
            res.end();
          }
          done();
        },
      };
      // Everything that ends the stream is wired before anything is awaited.
      open.add(viewer);
      byAddress.set(address, (byAddress.get(address) ?? 0) + 1);
      const subscription = opts.live.subscribe(body.id, request.params.id, viewer, lastEventId);
      let counted = true;
      function done() {
        live = false;
        subscription.remove();
        open.delete(viewer);
        if (counted) {
          counted = false;
          const n = (byAddress.get(address) ?? 1) - 1;
          if (n <= 0) byAddress.delete(address);
          else byAddress.set(address, n);
        }
      }
      res.on('close', done);
      res.on('error', done);
      // The client may have gone before this handler ran: then 'close' has been and gone.
      if (res.destroyed || request.raw.socket?.destroyed) done();
      try {
        await subscription.ready;
      } catch (err) {
        request.log.error({ err }, 'live stream failed to start');
        viewer.close();
      }
    },
  );
};
