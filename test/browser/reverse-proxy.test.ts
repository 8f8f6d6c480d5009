// Quorate behind Debian's nginx, configured with deploy/nginx/quorate.conf (issue 20, "Done when"):
// nginx on loopback with TLS and HTTP/2 in front of `quorate serve --workers 2` on PostgreSQL, and
// a sitting in Chromium through it. Live events reach the projector through the proxy within a
// second (nothing buffers them); the sign-in limit counts the client's own address, never the
// proxy's nor a forged X-Forwarded-For; and `quorate restart` replaces both workers during an open
// vote without losing an acknowledged ballot, while the projector follows the count.
// The site file is used as shipped; only its addresses and certificate paths are put in place.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import net from 'node:net';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { testDatabases } from '../support/databases.ts';
import { browserSkipReason, ensureWebBuild, launchChromium } from '../support/browser.ts';
import { runProcess } from '../support/serve-process.ts';
import { startCluster } from '../support/cluster-process.ts';
import { buildConvention } from '../../bench/support/convention.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { cspViolations, openLive, pageErrors, userContext } from './screens.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const NGINX = process.env.QUORATE_NGINX || '/usr/sbin/nginx';
/** The address nginx connects to Quorate from: the one proxy Quorate trusts. */
const PROXY_ADDRESS = '127.0.0.3';
/** Where the test's own requests come from: the "client" Quorate must see. */
const CLIENT_ADDRESS = '127.0.0.5';

function nginxSkipReason(): string | false {
  if (existsSync(NGINX)) return false;
  const reason = `reverse-proxy suite skipped: no nginx at ${NGINX} (apt-get install nginx-light)`;
  if (process.env.CI === 'true') throw new Error(`CI=true but ${reason}`);
  return reason;
}

const postgres = testDatabases().find((t) => t.label === 'postgres')!;
const skip = postgres.skip || browserSkipReason() || nginxSkipReason();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** deploy/nginx/quorate.conf with this test's addresses and a throw-away certificate. */
function siteConfig(dir: string, port: number, upstream: string): string {
  const site = readFileSync(join(ROOT, 'deploy', 'nginx', 'quorate.conf'), 'utf8');
  const placed = site
    .replace(/server \{\s*listen 80;[\s\S]*?\n\}\n/, '')
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${port} ssl http2;`)
    .replace('listen [::]:443 ssl http2;\n', '')
    .replace('server 127.0.0.1:8080;', `server ${upstream};`)
    .replaceAll('/etc/letsencrypt/live/quorate.example.org', dir);
  for (const expected of [`127.0.0.1:${port} ssl http2`, `server ${upstream};`, `${dir}/fullchain.pem`])
    assert.ok(placed.includes(expected), `the site file no longer has what the test replaces (${expected})`);
  return placed;
}

async function startNginx(upstream: string) {
  const dir = mkdtempSync(join(tmpdir(), 'quorate-nginx-'));
  chmodSync(dir, 0o755);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      join(dir, 'privkey.pem'),
      '-out',
      join(dir, 'fullchain.pem'),
    ],
    { stdio: 'ignore' },
  );
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, t), { mode: 0o777 });
  const port = await freePort();
  writeFileSync(join(dir, 'quorate.conf'), siteConfig(dir, port, upstream));
  writeFileSync(
    join(dir, 'nginx.conf'),
    `${process.getuid?.() === 0 ? 'user root root;\n' : ''}daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path ${dir}/body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    proxy_bind ${PROXY_ADDRESS};
    include ${dir}/quorate.conf;
}
`,
  );
  execFileSync(NGINX, ['-t', '-q', '-c', join(dir, 'nginx.conf')], { stdio: 'pipe' });
  const child = spawn(NGINX, ['-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  for (let i = 0; ; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (open) break;
    if (i > 100) throw new Error(`nginx did not listen: ${readFileSync(join(dir, 'error.log'), 'utf8')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base: `https://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A request through the proxy from CLIENT_ADDRESS (TLS, its certificate not checked). */
function viaProxy(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<{ status: number; json: Record<string, unknown> | null; headers: Record<string, unknown> }> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${base}${path}`,
      {
        method,
        agent: false,
        rejectUnauthorized: false,
        localAddress: CLIENT_ADDRESS,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...options.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          let json: Record<string, unknown> | null = null;
          try {
            json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
          } catch {}
          resolve({ status: res.statusCode ?? 0, json, headers: res.headers });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('behind nginx (deploy/nginx/quorate.conf), two workers on PostgreSQL, in Chromium', { skip }, () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  });

  test('live events within a second, the client address seen, a rolling restart losing no ballot', async (t) => {
    await ensureWebBuild();
    const conv = await buildConvention({ members: 40, postgres: true });
    cleanups.push(conv.drop);
    const pidFile = join(mkdtempSync(join(tmpdir(), 'quorate-proxy-')), 'quorate.pid');
    const server = startCluster(
      2,
      {
        QUORATE_DB: conv.target,
        QUORATE_KEYS: conv.keysDir,
        QUORATE_TRUST_PROXY: PROXY_ADDRESS,
        QUORATE_SHUTDOWN_S: '5',
      },
      ['--pid-file', pidFile],
    );
    cleanups.push(server.stop);
    const direct = await server.address;
    const proxy = await startNginx(new URL(direct).host);
    cleanups.push(proxy.stop);
    const db = openDatabase(conv.target);
    cleanups.push(() => db.destroy());

    // The sign-in limit counts the client's address: not the proxy's, not a forged X-Forwarded-For.
    const forged = await viaProxy(proxy.base, 'POST', '/api/v1/session', {
      headers: { 'x-forwarded-for': '203.0.113.9' },
      body: { username: 'nobody-behind-the-proxy', password: 'not this one' },
    });
    assert.equal(forged.status, 401);
    assert.match(String(forged.headers['x-request-id']), /^[0-9a-f]{32}$/, "nginx's request id reaches Quorate");
    const keys = (await db.db.selectFrom('sign_in_failures').select('key').execute()).map((r) => r.key);
    assert.ok(keys.includes(`address:${CLIENT_ADDRESS}`), keys.join(' '));
    assert.ok(!keys.some((k) => k.includes('203.0.113.9') || k.includes(PROXY_ADDRESS)), keys.join(' '));

    // A sitting in Chromium: the projector, through the proxy, follows a vote within a second.
    const slug = conv.slug;
    const api = `/api/v1/bodies/${slug}`;
    const clerk = { cookie: conv.clerk.cookie, 'x-csrf-token': conv.clerk.csrf };
    const browser: Browser = await launchChromium();
    cleanups.push(() => browser.close());
    const viewer = await userContext(browser, { width: 1280, ignoreHTTPSErrors: true });
    const projector = await openLive(
      await viewer.newPage(),
      `${proxy.base}/${slug}/sittings/${conv.sittingId}/projector`,
    );
    const opened = await viaProxy(proxy.base, 'POST', `${api}/votes`, {
      headers: clerk,
      body: { motionId: conv.motionId, method: 'electronic' },
    });
    assert.equal(opened.status, 201, JSON.stringify(opened.json));
    const voteId = opened.json!.id as number;
    await projector.waitForSelector('.turnout-line[data-turnout="0"]', { timeout: 5000 });

    type Ack = { member: number; entryIndex: number; commitment: string };
    const acked: Ack[] = [];
    const cast = async (i: number): Promise<void> => {
      const m = conv.members[i]!;
      let last = '';
      for (let attempt = 0; attempt < 60; attempt++) {
        try {
          const r = await viaProxy(proxy.base, 'POST', `${api}/votes/${voteId}/ballots`, {
            headers: { cookie: m.cookie, 'x-csrf-token': m.csrf },
            body: { choice: i % 2 ? 'yes' : 'no', clientBallotId: `via-proxy-${i}` },
          });
          if (r.status === 201) {
            acked.push(r.json as unknown as Ack);
            return;
          }
          if (r.status === 409) return;
          // A worker stopping (503) or gone (nginx: 502): nothing acknowledged; try again.
          last = `${r.status} ${String(r.json?.code)}`;
          assert.ok([502, 503].includes(r.status), last);
        } catch (err) {
          if (err instanceof assert.AssertionError) throw err;
          last = (err as Error).message;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`member ${i} never got an answer (${last})`);
    };

    await cast(0);
    // From the acknowledgement (the ballot is committed) to the projector's count.
    const t0 = performance.now();
    await projector.waitForSelector('.turnout-line[data-turnout="1"]', { timeout: 5000 });
    const liveMs = performance.now() - t0;
    t.diagnostic(`a ballot to the projector through nginx: ${Math.round(liveMs)} ms`);
    assert.ok(liveMs < 1000, `the ballot reached the projector through nginx in ${Math.round(liveMs)} ms`);

    // `quorate restart` while the rest vote: both workers replaced, every acknowledged ballot kept.
    const listening = server.workerPids().length;
    const restart = await runProcess(['restart', '--pid-file', pidFile]);
    assert.equal(restart.code, 0, restart.stderr);
    await server.printed(/Quorate worker \d+ is listening/, listening + 1);
    // Once the first new worker listens (the first old one is being retired), ballots keep coming,
    // one every 200 ms, while the workers are replaced.
    let retiring = false;
    void server.printed(/is shutting down \(replaced or stopped by the primary\)/).then(() => (retiring = true));
    let duringRestart = 0;
    const casts: Array<Promise<void>> = [];
    for (let k = 1; k < conv.members.length; k++) {
      casts.push(cast(k).then(() => void (retiring && duringRestart++)));
      await new Promise((r) => setTimeout(r, 200));
    }
    await Promise.all(casts);
    await server.printed(/Quorate replaced its workers/, 1, 60_000);
    assert.ok(duringRestart > 0, 'ballots were acknowledged while workers were being replaced');
    const rows = await db.db.selectFrom('ballots').selectAll().where('vote_id', '=', voteId).execute();
    for (const a of acked) {
      const matching = rows.filter((r) => r.membership_id === a.member);
      assert.equal(matching.length, 1, `member ${a.member}`);
      assert.equal(matching[0]!.commitment, a.commitment);
    }
    assert.equal(rows.length, conv.members.length, 'every member voted once');
    // The projector reconnected through the proxy (Last-Event-ID) and shows the whole turnout.
    await projector.waitForSelector(`.turnout-line[data-turnout="${rows.length}"]`, { timeout: 15_000 });
    assert.deepEqual(await cspViolations(projector), []);
    assert.deepEqual(pageErrors(viewer), []);
  });
});
