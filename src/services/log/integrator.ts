// The integrator: apart from sequencing (as in Trillian and Tessera), it hashes newly sequenced
// entries into the body's Merkle tree, writes whole tiles, and publishes a signed checkpoint by
// compare-and-set, so the published size never shrinks. One per body: in-process it runs one
// integration per body at a time; across processes (PostgreSQL) an advisory lock keeps it single,
// taken on the one connection the step then uses for all its reads and writes.
import type { ServiceContext } from '../service-context.ts';
import { sha256 } from '../service-context.ts';
import { logSize, readEntries } from '../../db/repositories/log-repository.ts';
import { publishCheckpoint, readLogState, readTile, writeTiles } from '../../db/repositories/tile-repository.ts';
import { leafHash } from '../../domain/log/merkle.ts';
import { integrateLeaves } from '../../domain/log/integrate-leaves.ts';
import { tileHashReader, type Tile } from '../../domain/log/tiles.ts';
import { formatCheckpoint } from '../../domain/log/checkpoint.ts';
import { signNote } from '../../domain/log/note.ts';
import { bodyKey } from './signing-keys.ts';
import type { Executor } from '../../db/dialects/quorate-dialect.ts';

/** Entries hashed per step; a step is one short write transaction. */
const BATCH = 4096;

const LOST_RACE = Symbol('another integrator published first');

export function dbTileReader(db: Executor, bodyId: number) {
  return async (tile: Tile) => {
    const data = await readTile(db, bodyId, tile);
    if (!data)
      throw new Error(`tile ${tile.level}/${tile.index} (width ${tile.width}) of body ${bodyId} is not stored`);
    return data;
  };
}

/** One integration step: returns the published size after it (undefined if another integrator holds the body). */
export async function integrateStep(ctx: ServiceContext, bodyId: number): Promise<number | undefined> {
  // Everything below goes through `db`, the lock's own connection on PostgreSQL: never the pool.
  return ctx.dialect.withIntegratorLock(bodyId, async (db) => {
    const body = await db
      .selectFrom('bodies')
      .select(['slug', 'origin'])
      .where('id', '=', bodyId)
      .executeTakeFirstOrThrow();
    const state = await readLogState(db, bodyId);
    const size = state?.size ?? 0;
    const head = await logSize(db, bodyId);
    if (head <= size) return size;
    const entries = await readEntries(db, bodyId, size, BATCH);
    entries.forEach((e, i) => {
      if (e.idx !== size + i) throw new Error(`entry ${size + i} of body ${bodyId} is missing (found ${e.idx})`);
    });
    const step = await integrateLeaves(sha256, {
      size,
      leafHashes: entries.map((e) => leafHash(sha256, e.bytes)),
      reader: tileHashReader(sha256, size, dbTileReader(db, bodyId)),
    });
    const key = bodyKey(ctx.keysDir, body.slug, body.origin);
    const checkpoint = signNote(
      formatCheckpoint({ origin: body.origin, size: step.size, rootHash: step.root, extensions: [] }),
      [key.signer],
    );
    try {
      await db.transaction().execute(async (trx) => {
        await writeTiles(trx, bodyId, step.tiles);
        const ok = await publishCheckpoint(trx, bodyId, state ? size : null, {
          size: step.size,
          root: step.root,
          checkpoint,
          at: ctx.now().toISOString(),
        });
        if (!ok) throw LOST_RACE;
      });
    } catch (err) {
      if (err === LOST_RACE) return (await readLogState(db, bodyId))?.size ?? size;
      throw err;
    }
    return step.size;
  });
}

export type CheckpointListener = (bodyId: number, size: number) => void;

/**
 * Runs integration for bodies as their entries commit. `notify` coalesces: many commits while a
 * step runs cause one more step, not many.
 */
export class Integrator {
  readonly #ctx: ServiceContext;
  readonly #running = new Map<number, Promise<void>>();
  readonly #again = new Set<number>();
  readonly #listeners: CheckpointListener[] = [];
  #closed = false;
  onError: (err: unknown) => void = () => {};

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  onCheckpoint(listener: CheckpointListener) {
    this.#listeners.push(listener);
  }

  notify(bodyId: number): void {
    if (this.#closed) return;
    if (this.#running.has(bodyId)) {
      this.#again.add(bodyId);
      return;
    }
    const run = (async () => {
      try {
        do {
          this.#again.delete(bodyId);
          let size: number | undefined;
          let before: number | undefined;
          // Catch up in batches.
          do {
            before = size;
            size = await this.#step(bodyId);
          } while (
            size !== undefined &&
            size !== before &&
            !this.#closed &&
            size < (await logSize(this.#ctx.dialect.db, bodyId))
          );
        } while (this.#again.has(bodyId) && !this.#closed);
      } catch (err) {
        this.onError(err);
      } finally {
        this.#running.delete(bodyId);
      }
    })();
    this.#running.set(bodyId, run);
  }

  async #step(bodyId: number): Promise<number | undefined> {
    const before = (await readLogState(this.#ctx.dialect.db, bodyId))?.size;
    const size = await integrateStep(this.#ctx, bodyId);
    if (size !== undefined && size !== before) for (const l of this.#listeners) l(bodyId, size);
    return size;
  }

  /** Integrates everything sequenced so far for the body; resolves with the published size. */
  async integrateNow(bodyId: number): Promise<number> {
    for (;;) {
      await this.#running.get(bodyId);
      const size = await this.#step(bodyId);
      const head = await logSize(this.#ctx.dialect.db, bodyId);
      if (size !== undefined && size >= head) return size;
      if (size === undefined) await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Integrates every body (at start-up). */
  async catchUpAll(): Promise<void> {
    const bodies = await this.#ctx.dialect.db.selectFrom('bodies').select('id').execute();
    for (const b of bodies) this.notify(b.id);
    await this.idle();
  }

  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running.values()]);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.idle();
  }
}
