// Processes for benchmarks: the server under test, the baseline server and the load generators
// each run in their own process, never inside the one that measures.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

export interface Started {
  child: ChildProcess;
  address: string;
  /** Milliseconds from spawn to the listening line. */
  startupMs: number;
  stop(): Promise<void>;
}

function started(child: ChildProcess, pattern: RegExp): Promise<Started> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      const m = pattern.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        resolve({
          child,
          address: m[1]!,
          startupMs: performance.now() - t0,
          stop: () =>
            new Promise<void>((r) => {
              if (child.exitCode !== null) return r();
              child.once('close', () => r());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => reject(new Error(`process exited ${code}: ${out}`)));
  });
}

export function startQuorate(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'quorate.js'), 'serve', '--port', '0'], {
    env: { ...process.env, QUORATE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return started(child, /serving .* at (http:\/\/\S+)/);
}

export function startBareFastify(): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'load', 'bare-fastify.ts')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return started(child, /listening at (http:\/\/\S+)/);
}

export interface BurstResult {
  wallMs: number;
  latencies: number[];
  statuses: number[];
}

export interface BurstRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Runs bench/load/burst.ts in its own process against `url`. */
export function burst(url: string, requests: BurstRequest[], connections: number): Promise<BurstResult> {
  const dir = mkdtempSync(join(tmpdir(), 'quorate-plan-'));
  const planFile = join(dir, 'plan.json');
  writeFileSync(planFile, JSON.stringify({ url, connections, requests }));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'load', 'burst.ts'), planFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out) as BurstResult) : reject(new Error(`load generator exited ${code}`)),
    );
  });
}
