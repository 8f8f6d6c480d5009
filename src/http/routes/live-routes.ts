// Server-Sent Events per sitting: `GET /live/{slug}/sittings/{id}/events`, resumable with
// Last-Event-ID (the log index of the last entry received).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { LiveHub } from '../../services/live/live-hub.ts';
import { findBody } from '../../services/bodies.ts';
import { findSitting } from '../../services/sittings.ts';
import { sittingParams } from './common-schemas.ts';

const HEARTBEAT_MS = 20_000;

export const liveRoutes: FastifyPluginAsyncZod<{ live: LiveHub }> = async (app, opts) => {
  app.get('/:slug/sittings/:id/events', {
    schema: {
      params: sittingParams, tags: ['live'],
      headers: z.object({ 'last-event-id': z.string().regex(/^-?\d{1,12}$/).optional() }).passthrough(),
      querystring: z.object({ lastEventId: z.string().regex(/^-?\d{1,12}$/).optional() }),
    },
  }, async (request, reply) => {
    const db = app.ctx.dialect.db;
    const body = await findBody(db, request.params.slug);
    await findSitting(db, body.id, request.params.id);
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
    let open = true;
    const viewer = {
      write: (frame: string) => (open ? res.write(frame) || res.writableLength < 1_000_000 : false),
      close: () => { if (open) { open = false; res.end(); } },
    };
    const remove = await opts.live.subscribe(body.id, request.params.id, viewer, lastEventId);
    const heartbeat = setInterval(() => { if (open) res.write(': keep-alive\n\n'); }, HEARTBEAT_MS);
    heartbeat.unref();
    const done = () => {
      open = false;
      clearInterval(heartbeat);
      remove();
    };
    res.on('close', done);
    res.on('error', done);
  });
};
