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
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env: { ...process.env, QUORATE_LOG_LEVEL: 'warn', ...env } });
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
      headers: { ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
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
