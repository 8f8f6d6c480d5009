// Sequencing: a transaction assigns each new entry the next index of its body's log, gapless,
// under the body's log-head lock (DESIGN.md, "Sequencing and integration are separate steps").
// Integration into the Merkle tree happens later, elsewhere.
import type { Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import type { Executor, QuorateDialect } from '../dialects/quorate-dialect.ts';
import { insertInChunks } from './insert-in-chunks.ts';

export interface SequencedEntry {
  type: string;
  bytes: Uint8Array;
  recordedAt: string;
}

/** Locks the body's log head; returns the index the next appended entry will get. */
export async function lockLog(dialect: QuorateDialect, trx: Transaction<Database>, bodyId: number): Promise<number> {
  return dialect.lockLogHead(trx, bodyId);
}

/**
 * Appends entries at `nextIndex, nextIndex+1, …` and moves the head. The caller holds the lock
 * (lockLog) in the same transaction. Returns the index after the last one written.
 */
export async function appendEntries(
  dialect: QuorateDialect,
  trx: Transaction<Database>,
  bodyId: number,
  nextIndex: number,
  entries: SequencedEntry[],
): Promise<number> {
  if (entries.length === 0) return nextIndex;
  const rows = entries.map((e, i) => ({
    body_id: bodyId,
    idx: nextIndex + i,
    type: e.type,
    bytes: e.bytes,
    recorded_at: e.recordedAt,
  }));
  await insertInChunks(dialect, rows, (chunk) => trx.insertInto('entries').values(chunk).execute());
  const after = nextIndex + entries.length;
  await trx.updateTable('log_heads').set({ next_index: after }).where('body_id', '=', bodyId).execute();
  return after;
}

export async function createLogHead(trx: Transaction<Database>, bodyId: number): Promise<void> {
  await trx.insertInto('log_heads').values({ body_id: bodyId, next_index: 0 }).execute();
}

export async function readEntries(db: Executor, bodyId: number, from: number, limit: number) {
  return db
    .selectFrom('entries')
    .select(['idx', 'type', 'bytes', 'recorded_at'])
    .where('body_id', '=', bodyId)
    .where('idx', '>=', from)
    .orderBy('idx')
    .limit(limit)
    .execute();
}

export async function logSize(db: Executor, bodyId: number): Promise<number> {
  const row = await db.selectFrom('log_heads').select('next_index').where('body_id', '=', bodyId).executeTakeFirst();
  return row?.next_index ?? 0;
}

/**
 * Entries sequenced but not yet integrated (beyond every body's published tree size), and when the
 * oldest of them was recorded: what /readyz bounds. One small read per lagging body.
 */
export async function unintegratedEntries(db: Executor): Promise<{ count: number; oldestRecordedAt: string | null }> {
  const heads = await db
    .selectFrom('log_heads as h')
    .leftJoin('log_state as s', 's.body_id', 'h.body_id')
    .select(['h.body_id as bodyId', 'h.next_index as next', 's.size as size'])
    .execute();
  let count = 0;
  let oldest: string | null = null;
  for (const h of heads) {
    const size = Number(h.size ?? 0);
    const next = Number(h.next);
    if (next <= size) continue;
    count += next - size;
    const first = await db
      .selectFrom('entries')
      .select('recorded_at')
      .where('body_id', '=', h.bodyId)
      .where('idx', '=', size)
      .executeTakeFirst();
    if (first && (oldest === null || first.recorded_at < oldest)) oldest = first.recorded_at;
  }
  return { count, oldestRecordedAt: oldest };
}

/** Entries sequenced in all bodies' logs, and when the newest checkpoint was signed (for /metrics). */
export async function logTotals(db: Executor): Promise<{ entries: number; newestCheckpointAt: string | null }> {
  const heads = await db
    .selectFrom('log_heads')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('next_index'), eb.lit(0)).as('entries'))
    .executeTakeFirst();
  const state = await db
    .selectFrom('log_state')
    .select((eb) => eb.fn.max('updated_at').as('newest'))
    .executeTakeFirst();
  return { entries: Number(heads?.entries ?? 0), newestCheckpointAt: state?.newest ?? null };
}
