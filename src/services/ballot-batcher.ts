// Group commit for ballots (issue "Performance at convention scale"): ballots that arrive while a
// transaction is committing wait together and go into the next one, so 2,000 members voting at
// once cost a few dozen durable commits, not 2,000. Each ballot is acknowledged only after the
// commit that holds it; a refused ballot gets its own error and never fails the others.
import type { ServiceContext } from './service-context.ts';
import type { BallotRequest, BallotResult } from './votes.ts';

type Pending = { request: BallotRequest; resolve: (r: BallotResult) => void; reject: (e: unknown) => void };
export type BatchRunner = (ctx: ServiceContext, slug: string, requests: BallotRequest[]) => Promise<BallotResult[]>;

/** Ballots per transaction at most: bounds the time one commit holds the body's lock. */
export const MAX_BATCH = 500;
/** Longest wait for more ballots before a commit. */
export const GATHER_MS = 4;

/** Hears each committed batch: its size, and how long its transaction took (s); `ok` false if it failed. */
export type BatchObserver = (size: number, seconds: number, ok: boolean) => void;
const observers = new WeakMap<ServiceContext, BatchObserver>();

/** Hears the ballot batches committed through `ctx` (the metrics of issue 20). */
export function observeBallotBatches(ctx: ServiceContext, observer: BatchObserver): void {
  observers.set(ctx, observer);
}

export class BallotBatcher {
  readonly #queues = new Map<string, Pending[]>();
  readonly #busy = new Set<string>();
  readonly #drains = new Set<Promise<void>>();
  /** Sizes of the batches committed, for benchmarks. */
  readonly batchSizes: number[] = [];

  constructor(
    private readonly ctx: ServiceContext,
    private readonly run: BatchRunner,
  ) {}

  submit(slug: string, request: BallotRequest): Promise<BallotResult> {
    return new Promise((resolve, reject) => {
      const q = this.#queues.get(slug) ?? [];
      q.push({ request, resolve, reject });
      this.#queues.set(slug, q);
      if (!this.#busy.has(slug)) {
        const drain = this.#drain(slug).finally(() => this.#drains.delete(drain));
        this.#drains.add(drain);
      }
    });
  }

  /** Resolves once no batch is gathering or committing (graceful shutdown waits for it). */
  async settled(): Promise<void> {
    while (this.#drains.size > 0) await Promise.all(this.#drains);
  }

  async #gather(slug: string): Promise<void> {
    const start = performance.now();
    let seen = -1;
    for (;;) {
      const length = this.#queues.get(slug)?.length ?? 0;
      if (length === seen || length >= MAX_BATCH || performance.now() - start > GATHER_MS) return;
      seen = length;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async #drain(slug: string): Promise<void> {
    this.#busy.add(slug);
    try {
      for (;;) {
        // SQLite runs a whole transaction without yielding to I/O (its driver is synchronous), so
        // ballots that arrived during the last commit are still on their way through parsing and
        // sign-in checks: let the event loop turn while the queue keeps growing (at most
        // GATHER_MS), so they join this batch instead of each paying for a commit of its own.
        await this.#gather(slug);
        const q = this.#queues.get(slug);
        if (!q || q.length === 0) break;
        const batch = q.splice(0, MAX_BATCH);
        this.batchSizes.push(batch.length);
        const started = performance.now();
        try {
          const results = await this.run(
            this.ctx,
            slug,
            batch.map((p) => p.request),
          );
          observers.get(this.ctx)?.(batch.length, (performance.now() - started) / 1000, true);
          batch.forEach((p, i) => {
            p.resolve(results[i]!);
          });
        } catch (err) {
          observers.get(this.ctx)?.(batch.length, (performance.now() - started) / 1000, false);
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.#busy.delete(slug);
      this.#queues.delete(slug);
    }
  }
}

const batchers = new WeakMap<ServiceContext, BallotBatcher>();

export function batcherFor(ctx: ServiceContext, run: BatchRunner): BallotBatcher {
  let b = batchers.get(ctx);
  if (!b) {
    b = new BallotBatcher(ctx, run);
    batchers.set(ctx, b);
  }
  return b;
}

/** Resolves once every ballot batch of `ctx` has committed (or failed): graceful shutdown. */
export async function ballotBatchesSettled(ctx: ServiceContext): Promise<void> {
  await batchers.get(ctx)?.settled();
}
