// `quorate serve --workers N` as a separate process for tests (workers, the reverse proxy).
import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from './serve-process.ts';

export const CLUSTER_METRICS_TOKEN = 'workers-test-metrics-token';

/** `quorate serve --workers N` with its output watched. */
export function startCluster(workers: number, env: Record<string, string>, args: string[] = []) {
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, 'serve', '--port', '0', '--workers', String(workers), ...args],
    {
      env: { ...process.env, QUORATE_LOG_LEVEL: 'warn', QUORATE_METRICS_TOKEN: CLUSTER_METRICS_TOKEN, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const watchers: Array<() => void> = [];
  const on = (d: Buffer) => {
    out += d;
    for (const w of watchers.splice(0)) w();
  };
  child.stdout!.on('data', on);
  child.stderr!.on('data', on);
  /** Resolves once the output (from the start) matches `pattern` `times` times. */
  const printed = (pattern: RegExp, times = 1, ms = 60_000) =>
    new Promise<RegExpMatchArray[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not printed: ${pattern}\n${out.slice(-2000)}`)), ms);
      const check = () => {
        const found = [...out.matchAll(new RegExp(pattern.source, 'g'))];
        if (found.length >= times) {
          clearTimeout(timer);
          resolve(found);
        } else watchers.push(check);
      };
      check();
    });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    printed,
    exit,
    output: () => out,
    address: printed(/serving PostgreSQL at (http:\/\/\S+) with/).then((m) => m[0]![1]!),
    /** Pids of the workers that said they listen, in order. */
    workerPids: () => [...out.matchAll(/Quorate worker (\d+) is listening/g)].map((m) => Number(m[1])),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exit;
        clearTimeout(t);
      }
    },
  };
}

/** A GET on a new connection each time, so that the cluster spreads them over its workers. */
export function getFresh(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      })
      .on('error', reject);
  });
}
