// Runs `quorate` as a separate process, as a user would.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'quorate.js');

export function runProcess(args: string[], options: { env?: Record<string, string>; input?: string } = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(options.input ?? '');
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `quorate serve` on a free port; `address` resolves once it listens. */
export function serveProcess(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    env: { ...process.env, QUORATE_LOG_LEVEL: 'warn', ...env },
  });
  let out = '';
  const address = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /serving .* at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  return {
    child,
    address,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('close', r));
    },
  };
}

/** A cookie-keeping JSON client for a running server. */
export function httpClient(base: string) {
  let cookie = '';
  let csrf = '';
  const request = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(csrf ? { 'x-csrf-token': csrf } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const set = r.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    const text = await r.text();
    return { status: r.status, json: text ? JSON.parse(text) : null };
  };
  return {
    request,
    async signIn(username: string, password: string) {
      const r = await request('POST', '/api/v1/session', { username, password });
      if (r.status !== 200) throw new Error(`sign-in ${username}: ${JSON.stringify(r.json)}`);
      csrf = r.json.csrfToken;
    },
  };
}

export interface DemoAccount {
  role: string;
  username: string;
  password: string;
}

/**
 * A fresh PostgreSQL database with the demo body, and two `quorate serve` processes on it (A and
 * B, B with `envB` added). Everything it makes is undone by the functions pushed onto `cleanups`.
 */
export async function twoServersOnDemo(cleanups: Array<() => Promise<void>>, envB: Record<string, string> = {}) {
  const { createPostgresDatabase } = await import('./databases.ts');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const db = await createPostgresDatabase();
  cleanups.push(db.drop);
  const keys = mkdtempSync(join(tmpdir(), 'quorate-keys-'));
  cleanups.push(async () => rmSync(keys, { recursive: true, force: true }));
  const env = { QUORATE_DB: db.url, QUORATE_KEYS: keys };
  const demo = await runProcess(['demo', '--json'], { env });
  if (demo.code !== 0) throw new Error(`quorate demo failed: ${demo.stderr}`);
  const { accounts } = JSON.parse(demo.stdout) as { accounts: DemoAccount[] };
  const a = serveProcess([], env);
  const b = serveProcess([], { ...env, ...envB });
  cleanups.push(a.stop, b.stop);
  const [baseA, baseB] = await Promise.all([a.address, b.address]);
  return { db, env, a, b, baseA, baseB, account: (role: string) => accounts.find((x) => x.role === role)! };
}

/** Terminates every LISTEN connection to the database, as a network fault would; returns how many. */
export async function terminateListeners(databaseUrl: string): Promise<number> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    const killed = await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query like 'LISTEN%'`,
    );
    return killed.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}
