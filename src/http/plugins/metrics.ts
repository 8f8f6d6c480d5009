// Prometheus metrics at /metrics (issue 20), with prom-client: off unless QUORATE_METRICS_TOKEN is
// set, then only for `Authorization: Bearer <token>`. One registry per app, so two apps in one
// process (tests) never mix their figures. Labels are route templates, methods, status codes and
// outcomes: never a person, a choice, a path as typed or free text.
import fp from 'fastify-plugin';
import { createHash, timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { ServiceError } from '../../services/service-error.ts';
import { observeBallotBatches } from '../../services/ballot-batcher.ts';
import { logFigures } from '../../services/log/log-figures.ts';
import type { LiveHub } from '../../services/live/live-hub.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();

export const metricsPlugin = fp<{ token: string; live?: LiveHub }>(
  async (app, opts) => {
    const register = new Registry();
    collectDefaultMetrics({ register });
    const requests = new Histogram({
      name: 'quorate_http_request_duration_seconds',
      help: 'HTTP requests by route template, method and status, and how long each took (a live stream: how long it stayed open).',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [register],
    });
    const batchSize = new Histogram({
      name: 'quorate_ballot_batch_size',
      help: 'Ballots committed together in one transaction (group commit).',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
      registers: [register],
    });
    const batchSeconds = new Histogram({
      name: 'quorate_ballot_batch_commit_seconds',
      help: 'Time to run and commit one batch of ballots, by outcome (ok, failed).',
      labelNames: ['outcome'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [register],
    });
    observeBallotBatches(app.ctx, (size, seconds, ok) => {
      batchSize.observe(size);
      batchSeconds.observe({ outcome: ok ? 'ok' : 'failed' }, seconds);
    });
    new Gauge({
      name: 'quorate_live_subscribers',
      help: 'Open live (SSE) streams in this process.',
      registers: [register],
      collect() {
        this.set(opts.live?.viewers ?? 0);
      },
    });
    const logEntries = new Gauge({
      name: 'quorate_log_entries',
      help: 'Entries sequenced in all bodies’ record logs.',
      registers: [register],
    });
    const unintegrated = new Gauge({
      name: 'quorate_log_unintegrated_entries',
      help: 'Entries sequenced but not yet in a signed tree (the integrator’s backlog).',
      registers: [register],
    });
    const checkpointAge = new Gauge({
      name: 'quorate_log_checkpoint_age_seconds',
      help: 'Seconds since the newest signed checkpoint of any body (absent before the first).',
      registers: [register],
    });

    app.addHook('onResponse', async (request, reply) => {
      requests.observe(
        { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });

    const expected = digest(`Bearer ${opts.token}`);
    app.get('/metrics', { schema: { hide: true }, config: { ownBearerToken: true } }, async (request, reply) => {
      const given = digest(request.headers.authorization ?? '');
      if (!timingSafeEqual(given, expected)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new ServiceError('unauthenticated', 'metrics_token_required', 'a valid metrics token is required');
      }
      // The log's figures are read once per scrape; a database that does not answer leaves them out.
      logEntries.reset();
      unintegrated.reset();
      checkpointAge.reset();
      try {
        const figures = await logFigures(app.ctx);
        logEntries.set(figures.entries);
        unintegrated.set(figures.unintegrated);
        if (figures.checkpointAgeS !== null) checkpointAge.set(figures.checkpointAgeS);
      } catch (err) {
        request.log.error({ err }, 'metrics: the log figures could not be read');
      }
      return reply
        .type(register.contentType)
        .header('cache-control', 'no-store')
        .send(await register.metrics());
    });
  },
  { name: 'quorate-metrics' },
);
