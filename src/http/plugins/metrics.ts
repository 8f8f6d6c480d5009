// Prometheus metrics at /metrics (issue 20), with prom-client: off unless QUORATE_METRICS_TOKEN is
// set, then only for `Authorization: Bearer <token>`. One registry per app, so two apps in one
// process (tests) never mix their figures. Labels are route templates, methods, status codes and
// outcomes: never a person, a choice, a path as typed or free text.
import fp from 'fastify-plugin';
import { createHash, timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ServiceError } from '../../services/service-error.ts';
import { observeBallotBatches } from '../../services/ballot-batcher.ts';
import { logFigures } from '../../services/log/log-figures.ts';
import type { LiveHub } from '../../services/live/live-hub.ts';
import { operatorFigures } from '../../services/operator-figures.ts';
import { clusterScrape, inCluster, shareWithPrimary } from './cluster-metrics.ts';

/** The sign-in routes whose outcomes are counted (the API's and the page's). */
const SIGN_IN_ROUTES = new Set(['POST /api/v1/session', 'POST /sign-in']);

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
    // The database's figures, read at each scrape by every process that is asked (the same for all
    // workers: "max" takes them once when the primary sums the workers). A database that does not
    // answer leaves them out of that scrape.
    const fromDatabase = (
      name: string,
      help: string,
      read: (f: Awaited<ReturnType<typeof readFigures>>) => Array<[Record<string, string>, number]>,
      labelNames: string[] = [],
    ) =>
      new Gauge({
        name,
        help,
        labelNames,
        aggregator: 'max',
        registers: [register],
        async collect() {
          this.reset();
          const f = await figures();
          if (f) for (const [labels, value] of read(f)) this.set(labels, value);
        },
      });
    const readFigures = async () => {
      const [log, other] = await Promise.all([logFigures(app.ctx), operatorFigures(app.ctx)]);
      return { log, ...other };
    };
    // One read per scrape however many gauges ask.
    let pending: Promise<Awaited<ReturnType<typeof readFigures>> | null> | null = null;
    const figures = () => {
      pending ??= readFigures()
        .catch((err) => {
          app.log.error({ err }, 'metrics: the database figures could not be read');
          return null;
        })
        .finally(() => setImmediate(() => (pending = null)));
      return pending;
    };
    fromDatabase('quorate_log_entries', 'Entries sequenced in all bodies’ record logs.', (f) => [[{}, f.log.entries]]);
    fromDatabase(
      'quorate_log_unintegrated_entries',
      'Entries sequenced but not yet in a signed tree (the integrator’s backlog).',
      (f) => [[{}, f.log.unintegrated]],
    );
    fromDatabase(
      'quorate_log_checkpoint_age_seconds',
      'Seconds since the newest signed checkpoint of any body (absent before the first).',
      (f) => (f.log.checkpointAgeS === null ? [] : [[{}, f.log.checkpointAgeS]]),
    );
    fromDatabase(
      'quorate_witnesses_failing',
      'Witnesses whose last offer of a checkpoint failed (down, refused, or a bad cosignature); retried by the scheduled jobs.',
      (f) => [[{}, f.witnessesFailing]],
    );
    fromDatabase(
      'quorate_witnesses_behind',
      'Witnesses that have not cosigned their body’s newest checkpoint.',
      (f) => [[{}, f.witnessesBehind]],
    );
    fromDatabase(
      'quorate_appeals',
      'Appeals needing the clerk’s attention, by state: overdue (due date passed, no reply) and due_soon (within 7 days).',
      (f) => [
        [{ state: 'overdue' }, f.appealsOverdue],
        [{ state: 'due_soon' }, f.appealsDueSoon],
      ],
      ['state'],
    );
    fromDatabase(
      'quorate_jobs_last_run_age_seconds',
      'Seconds since the scheduled jobs last ran in any process (absent before the first run).',
      (f) => (f.jobsLastRunAgeS === null ? [] : [[{}, f.jobsLastRunAgeS]]),
    );
    const signIns = new Counter({
      name: 'quorate_sign_ins_total',
      help: 'Password sign-ins by outcome: ok, refused (wrong username or password) or paused (too many failures: refused unchecked).',
      labelNames: ['outcome'] as const,
      registers: [register],
    });
    for (const outcome of ['ok', 'refused', 'paused']) signIns.inc({ outcome }, 0);
    const signInPause = new Histogram({
      name: 'quorate_sign_in_pause_seconds',
      help: 'The wait (Retry-After) a paused sign-in was told.',
      buckets: [1, 10, 60, 300, 900, 3600, 14400, 86400],
      registers: [register],
    });
    if (inCluster()) shareWithPrimary(register);

    app.addHook('onResponse', async (request, reply) => {
      requests.observe(
        { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
      if (SIGN_IN_ROUTES.has(`${request.method} ${request.routeOptions.url}`)) {
        const status = reply.statusCode;
        if (status === 429) {
          signIns.inc({ outcome: 'paused' });
          const wait = Number(reply.getHeader('retry-after'));
          if (Number.isFinite(wait)) signInPause.observe(wait);
        } else if (status === 401 || status === 400 || status === 403) signIns.inc({ outcome: 'refused' });
        else if (status < 400) signIns.inc({ outcome: 'ok' });
      }
    });

    const expected = digest(`Bearer ${opts.token}`);
    app.get('/metrics', { schema: { hide: true }, config: { ownBearerToken: true } }, async (request, reply) => {
      const given = digest(request.headers.authorization ?? '');
      if (!timingSafeEqual(given, expected)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new ServiceError('unauthenticated', 'metrics_token_required', 'a valid metrics token is required');
      }
      // With workers, the primary sums every worker's registry; alone, this process's own.
      const text = inCluster() ? await clusterScrape() : await register.metrics();
      return reply.type(register.contentType).header('cache-control', 'no-store').send(text);
    });
  },
  { name: 'quorate-metrics' },
);
