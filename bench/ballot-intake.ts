// Figures (1) ballot intake, (3) a whole vote round and (5) start-up, for 2,000 members (500 with
// --quick), on SQLite and PostgreSQL, beside bare Fastify answering a constant in the same run.
// Each ballot is acknowledged only after its commit (SQLite synchronous=FULL; PostgreSQL fsync).
import { buildConvention } from './support/convention.ts';
import { burst, startBareFastify, startQuorate, type BurstRequest } from './support/processes.ts';
import { figure, percentile, printFigures, type Figure } from './support/figure.ts';
import type { WireJson } from '../test/support/json.ts';

async function api(
  base: string,
  session: { cookie: string; csrf: string },
  method: string,
  path: string,
  body?: unknown,
) {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const json = (await r.json()) as WireJson;
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

export async function bench(opts: { quick: boolean }): Promise<Figure[]> {
  const n = opts.quick ? 500 : 2000;
  const figures: Figure[] = [];
  const bare = await startBareFastify();
  let bareStats: { rps: number; p50: number; p99: number; startup: number };
  try {
    const plan: BurstRequest[] = Array.from({ length: n }, () => ({
      method: 'POST',
      path: '/api/v1/bodies/x/votes/1/ballots',
      headers: { 'content-type': 'application/json' },
      body: '{"choice":"yes"}',
    }));
    await burst(bare.address, plan.slice(0, 200), 200);
    const r = await burst(bare.address, plan, n);
    const lat = [...r.latencies].sort((a, b) => a - b);
    bareStats = {
      rps: (n / r.wallMs) * 1000,
      p50: percentile(lat, 50),
      p99: percentile(lat, 99),
      startup: bare.startupMs,
    };
  } finally {
    await bare.stop();
  }
  const dbs = process.env.QUORATE_TEST_PG ? [false, true] : [false];
  for (const postgres of dbs) {
    const label = postgres ? 'PostgreSQL' : 'SQLite';
    const conv = await buildConvention({ members: n, postgres });
    const server = await startQuorate({ QUORATE_DB: conv.target, QUORATE_KEYS: conv.keysDir });
    try {
      const base = `/api/v1/bodies/${conv.slug}`;
      const t0 = performance.now();
      const vote = await api(server.address, conv.clerk, 'POST', `${base}/votes`, {
        motionId: conv.motionId,
        method: 'electronic',
      });
      const openedMs = performance.now() - t0;
      const plan: BurstRequest[] = conv.members.map((m, i) => ({
        method: 'POST',
        path: `${base}/votes/${vote.id}/ballots`,
        headers: { 'content-type': 'application/json', cookie: m.cookie, 'x-csrf-token': m.csrf },
        body: JSON.stringify({ choice: i % 3 === 0 ? 'no' : 'yes', clientBallotId: `bench-ballot-${i}` }),
      }));
      const r = await burst(server.address, plan, n);
      const t1 = performance.now();
      const closed = await api(server.address, conv.clerk, 'POST', `${base}/votes/${vote.id}/close`, {});
      const roundMs = openedMs + r.wallMs + (performance.now() - t1);
      const bad = r.statuses.filter((s) => s !== 201).length;
      if (bad > 0) throw new Error(`${bad} of ${n} ballots were not acknowledged with 201`);
      const detail = await api(server.address, conv.clerk, 'GET', `${base}/votes/${vote.id}`);
      if (detail.counts.yes + detail.counts.no !== n)
        throw new Error(`counted ${detail.counts.yes + detail.counts.no} of ${n} ballots`);
      if (typeof closed.outcome?.adopted !== 'boolean') throw new Error('no outcome');
      const lat = [...r.latencies].sort((a, b) => a - b);
      const rps = (n / r.wallMs) * 1000;
      figures.push(
        figure(
          `ballot intake, ${n} members at once, ${label} (ballots/s vs bare Fastify req/s)`,
          rps,
          'ballots/s',
          bareStats.rps,
        ),
        figure(`ballot latency p50, ${label} (vs bare Fastify p50)`, percentile(lat, 50), 'ms', bareStats.p50),
        figure(`ballot latency p99, ${label} (vs bare Fastify p99)`, percentile(lat, 99), 'ms', bareStats.p99),
        figure(
          `vote round open → ${n} ballots → outcome, ${label} (vs bare Fastify answering ${n} requests)`,
          roundMs,
          'ms',
          r.wallMs > 0 ? (n / bareStats.rps) * 1000 : null,
        ),
        figure(
          `server start-up, ${label}, ${n}-member body (vs bare Fastify start-up)`,
          server.startupMs,
          'ms',
          bareStats.startup,
        ),
      );
    } finally {
      await server.stop();
      await conv.drop();
    }
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`)
  printFigures('ballot intake', await bench({ quick: process.argv.includes('--quick') }));
