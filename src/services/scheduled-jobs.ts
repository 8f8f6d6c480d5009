// Scheduled jobs in the server (issue 20): appeal reminders, witness retries and checkpoint
// publication, run by `serve` itself (no cron needed) and by one process at a time across every
// process on the database. Leadership is a lease row (`job_leases`): the process that holds the
// unexpired lease runs the jobs and renews it each round; when it stops (it releases the lease)
// or dies (the lease lapses after three rounds), another takes it over. The lease decides who
// works, not what is done: every job is safe to repeat — reminders are claimed one by one in
// appeal_reminders before they are sent, a witness is offered only what it has not cosigned, and
// the integrator publishes by compare-and-set — so a change of leader never sends a reminder twice.
import { randomUUID } from 'node:crypto';
import type { ServiceContext } from './service-context.ts';
import type { Mailer } from './mail.ts';
import { sendAppealReminders } from './appeals/appeal-reminders.ts';
import { pushToWitnesses } from './log/witnesses.ts';

/** The one lease all the server's jobs run under. */
export const SCHEDULER_LEASE = 'scheduler';

/**
 * Takes or renews the lease `job` for `holder` until `now + ttlMs`; true when `holder` holds it.
 * A lease held by another and not yet expired is left alone.
 */
export async function claimLease(ctx: ServiceContext, job: string, holder: string, ttlMs: number): Promise<boolean> {
  const now = ctx.now();
  const expires = new Date(now.getTime() + ttlMs).toISOString();
  const db = ctx.dialect.db;
  const taken = await db
    .updateTable('job_leases')
    .set({ holder, expires_at: expires })
    .where('job', '=', job)
    .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<', now.toISOString())]))
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) > 0) return true;
  try {
    await db.insertInto('job_leases').values({ job, holder, expires_at: expires, last_run_at: null }).execute();
    return true;
  } catch (err) {
    if (ctx.dialect.isUniqueViolation(err)) return false;
    throw err;
  }
}

/** Gives the lease up at once (a stopping leader), so another process need not wait for it to lapse. */
export async function releaseLease(ctx: ServiceContext, job: string, holder: string): Promise<void> {
  await ctx.dialect.db
    .updateTable('job_leases')
    .set({ expires_at: new Date(0).toISOString() })
    .where('job', '=', job)
    .where('holder', '=', holder)
    .execute();
}

/** Who holds a lease now (tests, `/metrics`): null when nobody does. */
export async function leaseHolder(ctx: ServiceContext, job: string): Promise<string | null> {
  const row = await ctx.dialect.db
    .selectFrom('job_leases')
    .select(['holder', 'expires_at'])
    .where('job', '=', job)
    .executeTakeFirst();
  return row && row.expires_at > ctx.now().toISOString() ? row.holder : null;
}

/** Offers each body's newest checkpoint again to every witness that has not cosigned it (one was down). */
export async function retryWitnesses(ctx: ServiceContext): Promise<number> {
  const behind = await ctx.dialect.db
    .selectFrom('body_witnesses')
    .innerJoin('log_state', 'log_state.body_id', 'body_witnesses.body_id')
    .select('body_witnesses.body_id')
    .distinct()
    .whereRef('body_witnesses.last_size', '<', 'log_state.size')
    .execute();
  for (const b of behind) await pushToWitnesses(ctx, b.body_id);
  return behind.length;
}

export interface ScheduledJob {
  name: string;
  run(): Promise<unknown>;
}

export interface SchedulerOptions {
  /** Seconds between rounds (QUORATE_JOBS_S). */
  intervalS: number;
  jobs: ScheduledJob[];
  /** A job that threw: logged by the caller; the other jobs and later rounds still run. */
  onError(job: string, err: unknown): void;
  /** Told when this process becomes or stops being the leader. */
  onLeadership?(leader: boolean): void;
}

export interface Scheduler {
  /** This process's name in `job_leases.holder`. */
  holder: string;
  /** Runs one round now (tests); resolves when it has finished. */
  runOnce(): Promise<boolean>;
  /** Stops: waits for the round under way, then releases the lease. */
  stop(): Promise<void>;
}

/** The jobs of a running server: appeal reminders (when mail is set up), witness retries, checkpoints. */
export function serverJobs(
  ctx: ServiceContext,
  options: {
    catchUp: () => Promise<void>;
    mail: { mailer: Mailer; from: string; to: string[] } | null;
  },
): ScheduledJob[] {
  const jobs: ScheduledJob[] = [
    // Checkpoint publication: entries sequenced by a process that stopped before integrating them
    // are hashed in and a new checkpoint is signed.
    { name: 'checkpoints', run: options.catchUp },
    { name: 'witnesses', run: () => retryWitnesses(ctx) },
  ];
  const mail = options.mail;
  if (mail && mail.to.length > 0)
    jobs.push({
      name: 'appeal_reminders',
      run: () => sendAppealReminders(ctx, mail.mailer, { from: mail.from, to: mail.to }),
    });
  return jobs;
}

export function startScheduler(ctx: ServiceContext, options: SchedulerOptions): Scheduler {
  const holder = `${process.pid}-${randomUUID()}`;
  const ttlMs = options.intervalS * 3000;
  let leader = false;
  let stopped = false;
  let round: Promise<boolean> | null = null;
  const once = async (): Promise<boolean> => {
    let holds = false;
    try {
      holds = await claimLease(ctx, SCHEDULER_LEASE, holder, ttlMs);
    } catch (err) {
      options.onError('lease', err);
    }
    if (holds !== leader) {
      leader = holds;
      options.onLeadership?.(holds);
    }
    if (!holds) return false;
    for (const job of options.jobs) {
      if (stopped) break;
      try {
        await job.run();
      } catch (err) {
        options.onError(job.name, err);
      }
    }
    await ctx.dialect.db
      .updateTable('job_leases')
      .set({ last_run_at: ctx.now().toISOString() })
      .where('job', '=', SCHEDULER_LEASE)
      .where('holder', '=', holder)
      .execute()
      .catch((err) => options.onError('lease', err));
    return true;
  };
  const runOnce = () => {
    if (!round) round = once().finally(() => (round = null));
    return round;
  };
  const timer = setInterval(() => {
    if (!stopped) void runOnce();
  }, options.intervalS * 1000);
  timer.unref();
  // The first round soon after start, not a whole interval later.
  const first = setTimeout(() => void runOnce(), Math.min(1000, options.intervalS * 1000));
  first.unref();
  return {
    holder,
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      await round;
      if (leader) await releaseLease(ctx, SCHEDULER_LEASE, holder).catch((err) => options.onError('lease', err));
    },
  };
}
