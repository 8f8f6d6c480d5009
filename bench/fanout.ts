// Figure (2): live fan-out — subscribers of one sitting (10,000; 2,000 with --quick) spread over
// several client processes and loopback addresses; the time from a vote's close to each
// subscriber receiving the outcome (p50, p99), and server memory per subscriber — beside a bare
// Node HTTP server broadcasting one SSE message to the same number, in the same run.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildConvention } from './support/convention.ts';
import { startQuorate, type Started } from './support/processes.ts';
import { figure, percentile, printFigures, type Figure } from './support/figure.ts';
import type { WireJson } from '../test/support/json.ts';

const ROOT = join(import.meta.dirname, '..');

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

interface Clients {
  ready: Promise<void>;
  done: Promise<number[]>;
}

function clients(url: string, count: number, localAddress: string, pattern: string): Clients {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench', 'load', 'sse-clients.ts'), url, String(count), localAddress, pattern],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  let readyResolve!: () => void;
  const ready = new Promise<void>((r) => (readyResolve = r));
  const done = new Promise<number[]>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('ready\n')) readyResolve();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { arrivals: number[] }).arrivals);
    });
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`sse clients exited ${code}`));
    });
  });
  // Failures surface through `done`; keep an early one from being an unhandled rejection.
  done.catch(() => {});
  return { ready: Promise.race([ready, done.then(() => undefined)]), done };
}

async function measure(server: Started, url: string, total: number, pattern: string, trigger: () => Promise<void>) {
  const processes = Math.max(1, Math.ceil(total / 2500));
  const per = Math.ceil(total / processes);
  const rssBefore = rssOf(server.child.pid!);
  const groups = Array.from({ length: processes }, (_, i) =>
    clients(url, Math.min(per, total - i * per), `127.0.0.${2 + i}`, pattern),
  );
  await Promise.all(groups.map((g) => g.ready));
  const rssAfter = rssOf(server.child.pid!);
  const t0 = performance.timeOrigin + performance.now();
  await trigger();
  const arrivals = (await Promise.all(groups.map((g) => g.done))).flat();
  const lat = arrivals.map((a) => a - t0).sort((a, b) => a - b);
  return {
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    last: lat.at(-1)!,
    perSubscriber: (rssAfter - rssBefore) / total,
  };
}

export async function bench(opts: { quick: boolean }): Promise<Figure[]> {
  const total = opts.quick ? 2000 : 10_000;
  const bareChild = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'load', 'bare-sse.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const bare: Started = await new Promise((resolve) => {
    bareChild.stdout.on('data', (d: Buffer) => {
      const m = /listening at (\S+)/.exec(String(d));
      if (m)
        resolve({
          child: bareChild,
          address: m[1]!,
          startupMs: 0,
          stop: async () => {
            bareChild.kill();
          },
        });
    });
  });
  let base: Awaited<ReturnType<typeof measure>>;
  try {
    base = await measure(bare, `${bare.address}/events`, total, 'vote.closed', async () => {
      await fetch(`${bare.address}/broadcast`, { method: 'POST' });
    });
  } finally {
    await bare.stop();
  }
  const conv = await buildConvention({ members: 10 });
  const server = await startQuorate({ QUORATE_DB: conv.target, QUORATE_KEYS: conv.keysDir });
  let ours: Awaited<ReturnType<typeof measure>>;
  try {
    const api = `/api/v1/bodies/${conv.slug}`;
    const call = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${server.address}${path}`, {
        method,
        headers: { cookie: conv.clerk.cookie, 'x-csrf-token': conv.clerk.csrf, 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
      });
      if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<WireJson>;
    };
    const vote = await call('POST', `${api}/votes`, { motionId: conv.motionId, method: 'show_of_hands' });
    ours = await measure(
      server,
      `${server.address}/live/${conv.slug}/sittings/${conv.sittingId}/events`,
      total,
      '"vote.closed"',
      async () => {
        await call('POST', `${api}/votes/${vote.id}/close`, { totals: { yes: 6, no: 2, abstain: 1 } });
      },
    );
  } finally {
    await server.stop();
    await conv.drop();
  }
  return [
    figure(
      `fan-out of a vote's outcome to ${total} SSE subscribers, p50 (vs bare Node SSE broadcast p50)`,
      ours.p50,
      'ms',
      base.p50,
    ),
    figure(`fan-out to ${total} subscribers, p99 (vs bare Node SSE broadcast p99)`, ours.p99, 'ms', base.p99),
    figure(`fan-out to ${total} subscribers, last one (vs bare)`, ours.last, 'ms', base.last),
    figure(
      `server memory per SSE subscriber (vs bare Node SSE server)`,
      ours.perSubscriber / 1024,
      'KB',
      base.perSubscriber / 1024,
    ),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`)
  printFigures('fan-out', await bench({ quick: process.argv.includes('--quick') }));
