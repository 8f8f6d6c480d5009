// `quorate serve --workers N` (issue 20): a primary process that runs N workers (node:cluster, all
// sharing the port) on one PostgreSQL database. The primary holds no database connection while
// serving: it forks, restarts a worker that dies, replaces the workers one at a time on SIGHUP
// (`quorate restart`), and on SIGTERM or SIGINT tells each worker to shut down gracefully and exits
// once they have. It answers the workers' requests for /metrics summed across all of them
// (prom-client's AggregatorRegistry). Everything else that spans processes is the database's
// work: LISTEN/NOTIFY for live events, sessions in tables, one integrator per body under an
// advisory lock, the scheduled jobs under a lease.
import cluster, { type Worker } from 'node:cluster';
import { writeLine, type CliIo } from './command.ts';
import { answerClusterMetrics } from '../http/plugins/cluster-metrics.ts';

/** Messages between the primary and its workers. */
export type ClusterMessage = { quorate: 'shutdown' };

export const isClusterWorker = (): boolean => cluster.isWorker;

/** A worker's line when it listens: the primary prints its own "serving" line for the whole. */
export interface PrimaryOptions {
  workers: number;
  shutdownS: number;
  io: CliIo;
  /** Called with the address right after the "serving" line (more lines: the API, the setup link). */
  afterServing(address: string): void;
}

function listening(worker: Worker): Promise<string> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`worker exited (${code}) before listening`));
    worker.once('exit', onExit);
    worker.once('listening', (a) => {
      worker.off('exit', onExit);
      const host = a.address?.includes(':') ? `[${a.address}]` : (a.address ?? '127.0.0.1');
      resolve(`http://${host}:${a.port}`);
    });
  });
}

const exited = (worker: Worker) =>
  new Promise<void>((resolve) => {
    if (worker.isDead()) resolve();
    else worker.once('exit', () => resolve());
  });

/** Runs the primary until it has shut down; resolves with the exit code. */
export async function runPrimary(options: PrimaryOptions): Promise<number> {
  const { io } = options;
  const current = new Set<Worker>();
  /** Workers being replaced or stopped on purpose: their exit is not a crash. */
  const retiring = new Set<Worker>();
  let stopping = false;
  let restarting: Promise<void> | null = null;
  const recentCrashes: number[] = [];

  const fork = (): Worker => {
    const worker = cluster.fork();
    current.add(worker);
    worker.on('message', (message: unknown) => answerClusterMetrics(worker, message));
    worker.once('exit', (code, signal) => {
      current.delete(worker);
      if (retiring.delete(worker) || stopping) return;
      // A worker that died: its requests in flight failed unanswered (never acknowledged), so
      // nothing acknowledged is lost; a new worker takes its place, slowing down if they keep dying.
      writeLine(
        io.stderr,
        `quorate serve: worker ${worker.process.pid} died (${signal ?? `exit ${code}`}); starting another`,
      );
      const now = Date.now();
      recentCrashes.push(now);
      while (recentCrashes.length > 0 && recentCrashes[0]! < now - 60_000) recentCrashes.shift();
      const delay = recentCrashes.length > 5 ? 5000 : 0;
      setTimeout(() => {
        if (!stopping) fork();
      }, delay).unref();
    });
    return worker;
  };

  const first = Array.from({ length: options.workers }, () => fork());
  let address: string;
  try {
    address = (await Promise.all(first.map(listening)))[0]!;
  } catch (err) {
    stopping = true;
    for (const w of current) w.process.kill('SIGTERM');
    writeLine(io.stderr, `quorate serve: ${(err as Error).message}`);
    return 1;
  }
  writeLine(io.stdout, `Quorate is serving PostgreSQL at ${address} with ${options.workers} workers`);
  options.afterServing(address);

  /** Asks a worker to shut down gracefully (the same as SIGTERM to a single process) and waits for it. */
  const retire = async (worker: Worker) => {
    retiring.add(worker);
    const gone = exited(worker);
    if (worker.isConnected()) worker.send({ quorate: 'shutdown' } satisfies ClusterMessage);
    else worker.process.kill('SIGTERM');
    // A worker keeps its own bound (QUORATE_SHUTDOWN_S); one that overstays it is ended.
    const kill = setTimeout(() => worker.process.kill('SIGKILL'), (options.shutdownS + 2) * 1000);
    await gone;
    clearTimeout(kill);
  };

  // Rolling restart: a new worker listens before an old one stops taking connections, so the port
  // always has at least N workers behind it; live viewers of the old one reconnect (retry hint)
  // to another and resume from Last-Event-ID.
  const restart = async () => {
    const old = [...current];
    writeLine(io.stdout, `Quorate is replacing its ${old.length} workers one at a time (SIGHUP)`);
    for (const worker of old) {
      if (stopping) return;
      if (worker.isDead()) continue;
      const next = fork();
      try {
        await listening(next);
      } catch (err) {
        writeLine(
          io.stderr,
          `quorate serve: a new worker failed to start (${(err as Error).message}); keeping the old`,
        );
        return;
      }
      await retire(worker);
    }
    writeLine(io.stdout, 'Quorate replaced its workers');
  };
  process.on('SIGHUP', () => {
    if (stopping) return;
    if (restarting) {
      writeLine(io.stdout, 'Quorate is already replacing its workers');
      return;
    }
    restarting = restart().finally(() => (restarting = null));
  });

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  stopping = true;
  writeLine(
    io.stdout,
    `Quorate is shutting down (${signal}): its workers finish requests in flight, at most ${options.shutdownS} s`,
  );
  process.once(signal, () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
    process.exit(1);
  });
  const codes: Array<number | null> = [];
  await Promise.all(
    [...current].map(async (w) => {
      w.once('exit', (code) => codes.push(code));
      await retire(w);
    }),
  );
  if (restarting) await restarting;
  return codes.every((c) => c === 0) ? 0 : 1;
}
