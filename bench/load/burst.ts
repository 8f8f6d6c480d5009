// Load generator, run in its own process: fires every request of a plan at once over keep-alive
// connections and prints {wallMs, latencies, statuses} as JSON. Usage: tsx bench/load/burst.ts <plan.json>
// plan: { url, requests: [{ method, path, headers, body }], connections }
import http from 'node:http';
import { readFileSync } from 'node:fs';

interface Plan {
  url: string;
  connections: number;
  requests: Array<{ method: string; path: string; headers: Record<string, string>; body?: string }>;
}

const plan = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Plan;
const base = new URL(plan.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: plan.connections });

function send(r: Plan['requests'][number]): Promise<{ ms: number; status: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.request(
      { host: base.hostname, port: base.port, method: r.method, path: r.path, headers: r.headers, agent },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ms: performance.now() - t0, status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', () => resolve({ ms: performance.now() - t0, status: 0 }));
    req.end(r.body);
  });
}

// Warm the connections so the burst measures requests, not TCP handshakes.
await Promise.all(
  Array.from(
    { length: Math.min(plan.connections, plan.requests.length) },
    () =>
      new Promise<void>((resolve) => {
        const req = http.request(
          { host: base.hostname, port: base.port, method: 'GET', path: '/healthz', agent },
          (res) => {
            res.resume();
            res.on('end', () => resolve());
          },
        );
        req.on('error', () => resolve());
        req.end();
      }),
  ),
);
const t0 = performance.now();
const results = await Promise.all(plan.requests.map(send));
const wallMs = performance.now() - t0;
agent.destroy();
process.stdout.write(
  JSON.stringify({ wallMs, latencies: results.map((r) => r.ms), statuses: results.map((r) => r.status) }),
);
