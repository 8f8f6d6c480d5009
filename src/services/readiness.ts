// Readiness (/readyz, issue 20): may this process take traffic? The database answers, its schema is
// what this code expects (no pending migration), and the integrator keeps up: no entry sequenced
// but left out of the signed tree for longer than a bound. /healthz, by contrast, only says the
// process lives. A load balancer stops sending requests to a process that is not ready.
import type { ServiceContext } from './service-context.ts';
import { pendingMigrations } from '../db/migrations.ts';
import { unintegratedEntries } from '../db/repositories/log-repository.ts';

/** QUORATE_READY_LAG_S's default: the integrator runs right after each commit, so a minute is trouble. */
export const DEFAULT_READY_LAG_S = 60;
/** A database that has not answered in this long is not ready (PostgreSQL may hang on a dead network). */
const DATABASE_TIMEOUT_MS = 5000;

export type ReadinessCheck = 'database' | 'migrations' | 'integrator';

export interface Readiness {
  ready: boolean;
  /** The checks that failed, in the order above; a database that does not answer skips the others. */
  failed: ReadinessCheck[];
  checks: {
    database: { ok: boolean };
    migrations: { ok: boolean; pending: string[] } | { ok: false; skipped: true };
    integrator:
      | { ok: boolean; unintegrated: number; oldestAgeS: number; boundS: number }
      | { ok: false; skipped: true };
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Checks readiness. `onError` hears why the database failed (for the server's log: the reply
 * never carries a driver's message, which may name hosts).
 */
export async function checkReadiness(
  ctx: ServiceContext,
  options: { lagBoundS?: number; onError?: (err: unknown) => void } = {},
): Promise<Readiness> {
  const boundS = options.lagBoundS ?? DEFAULT_READY_LAG_S;
  let pending: string[];
  let lag: { count: number; oldestRecordedAt: string | null };
  try {
    [pending, lag] = await withTimeout(
      Promise.all([pendingMigrations(ctx.dialect), unintegratedEntries(ctx.dialect.db)]),
      DATABASE_TIMEOUT_MS,
    );
  } catch (err) {
    options.onError?.(err);
    return {
      ready: false,
      failed: ['database'],
      checks: {
        database: { ok: false },
        migrations: { ok: false, skipped: true },
        integrator: { ok: false, skipped: true },
      },
    };
  }
  const oldestAgeS =
    lag.oldestRecordedAt === null
      ? 0
      : Math.max(0, Math.floor((ctx.now().getTime() - Date.parse(lag.oldestRecordedAt)) / 1000));
  const checks: Readiness['checks'] = {
    database: { ok: true },
    migrations: { ok: pending.length === 0, pending },
    integrator: { ok: oldestAgeS <= boundS, unintegrated: lag.count, oldestAgeS, boundS },
  };
  const failed = (['database', 'migrations', 'integrator'] as const).filter((c) => !checks[c].ok);
  return { ready: failed.length === 0, failed, checks };
}
