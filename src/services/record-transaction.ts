// One use case = one transaction that also sequences the record entries it established.
// `recordTransaction` opens the transaction, takes the body's log-head lock first (so every
// write to a body is serialised in the same order as its log), lets the use case run, then
// appends the entries it recorded, gapless, and commits. Anything thrown rolls everything back:
// a refused request leaves no row and no entry behind.
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appendEntries, lockLog, type SequencedEntry } from '../db/repositories/log-repository.ts';
import { insertInChunks } from '../db/repositories/insert-in-chunks.ts';
import type { QuorateDialect } from '../db/dialects/quorate-dialect.ts';
import { encodeEntry, type EntryType, type JsonValue } from '../domain/entries/record-entry.ts';
import { entrySittingRef, type SittingRef } from '../domain/entries/entry-sitting.ts';
import { DomainError } from '../domain/errors.ts';
import { ServiceError } from './service-error.ts';
import type { ServiceContext } from './service-context.ts';

export interface BodyRef {
  id: number;
  slug: string;
}

export interface RecordTx {
  trx: Transaction<Database>;
  body: BodyRef;
  /** The server time of this transaction, ISO 8601 UTC. */
  now: string;
  /** Records an entry; returns the log index it will have once committed. */
  record(type: EntryType, data: { [key: string]: JsonValue }): number;
  /** Index the next recorded entry would get. */
  readonly nextIndex: number;
  /** The body whose log-head lock was taken before this body's own (a committee's parent), if any. */
  readonly lockedFirst: number | null;
  /**
   * Records an entry in a committee of this body (its log-head lock taken at the first entry,
   * after this body's own: parent, then committee); appended when the work is done, in the same
   * transaction. Returns the index it will have.
   */
  recordInCommittee(committee: BodyRef, type: EntryType, data: { [key: string]: JsonValue }): Promise<number>;
}

/**
 * Locks are always taken parent first, then committee: a committee's use case that must see its
 * parent's roster unchanged passes `lockFirst` (the parent), and a parent's use case that writes
 * to its committees' logs takes theirs after its own (recordInCommittee).
 */
export interface RecordTransactionOptions {
  lockFirst?: number | null;
}

export function toServiceError(err: unknown): unknown {
  if (err instanceof DomainError) {
    if (err.code === 'entry_too_large') return new ServiceError('too_large', err.code, err.message);
    return new ServiceError('invalid', err.code, err.message);
  }
  return err;
}

/** Builds an entry's bytes, turning domain refusals into service errors. */
export function entryBytes(
  body: BodyRef,
  type: EntryType,
  recordedAt: string,
  data: { [key: string]: JsonValue },
): Uint8Array {
  try {
    return encodeEntry({ v: 1, type, body: body.slug, recordedAt, data });
  } catch (err) {
    throw toServiceError(err);
  }
}

const INDEX_CHUNK = 500;

/**
 * Notes which sitting each new entry concerns (table sitting_entries), so a live viewer resuming
 * a sitting reads only its entries. Entries that name a vote take the vote's sitting.
 */
export async function indexEntriesBySitting(
  dialect: Pick<QuorateDialect, 'maxParameters'>,
  trx: Transaction<Database>,
  bodyId: number,
  start: number,
  refs: SittingRef[],
): Promise<void> {
  const voteIds = [...new Set(refs.flatMap((r) => (r && 'vote' in r ? [r.vote] : [])))];
  const voteSitting = new Map<number, number>();
  for (let i = 0; i < voteIds.length; i += INDEX_CHUNK) {
    const rows = await trx
      .selectFrom('votes')
      .select(['id', 'sitting_id'])
      .where('body_id', '=', bodyId)
      .where('id', 'in', voteIds.slice(i, i + INDEX_CHUNK))
      .execute();
    for (const v of rows) voteSitting.set(v.id, v.sitting_id);
  }
  const rows: Array<{ body_id: number; sitting_id: number; idx: number }> = [];
  refs.forEach((ref, i) => {
    const sitting = ref === null ? undefined : 'sitting' in ref ? ref.sitting : voteSitting.get(ref.vote);
    if (sitting !== undefined) rows.push({ body_id: bodyId, sitting_id: sitting, idx: start + i });
  });
  await insertInChunks(dialect, rows, (chunk) => trx.insertInto('sitting_entries').values(chunk).execute());
}

/** Runs `work` inside one write transaction on the body's log. */
export async function recordTransaction<T>(
  ctx: ServiceContext,
  body: BodyRef,
  work: (tx: RecordTx) => Promise<T>,
  options: RecordTransactionOptions = {},
): Promise<T> {
  let after = -1;
  const others = new Map<
    number,
    { body: BodyRef; start: number; pending: SequencedEntry[]; refs: SittingRef[]; after: number }
  >();
  if (ctx.beforeRecordTransaction) await ctx.beforeRecordTransaction(body.id);
  const result = await ctx.dialect.db.transaction().execute(async (trx) => {
    if (options.lockFirst != null) await lockLog(ctx.dialect, trx, options.lockFirst);
    const start = await lockLog(ctx.dialect, trx, body.id);
    const now = ctx.now().toISOString();
    const pending: SequencedEntry[] = [];
    const refs: SittingRef[] = [];
    const tx: RecordTx = {
      trx,
      body,
      now,
      record(type, data) {
        pending.push({ type, bytes: entryBytes(body, type, now, data), recordedAt: now });
        refs.push(entrySittingRef(data));
        return start + pending.length - 1;
      },
      get nextIndex() {
        return start + pending.length;
      },
      lockedFirst: options.lockFirst ?? null,
      async recordInCommittee(committee, type, data) {
        let log = others.get(committee.id);
        if (!log) {
          log = {
            body: committee,
            start: await lockLog(ctx.dialect, trx, committee.id),
            pending: [],
            refs: [],
            after: -1,
          };
          others.set(committee.id, log);
        }
        log.pending.push({ type, bytes: entryBytes(committee, type, now, data), recordedAt: now });
        log.refs.push(entrySittingRef(data));
        return log.start + log.pending.length - 1;
      },
    };
    const value = await work(tx);
    after = await appendEntries(ctx.dialect, trx, body.id, start, pending);
    await indexEntriesBySitting(ctx.dialect, trx, body.id, start, refs);
    for (const log of others.values()) {
      log.after = await appendEntries(ctx.dialect, trx, log.body.id, log.start, log.pending);
      await indexEntriesBySitting(ctx.dialect, trx, log.body.id, log.start, log.refs);
    }
    return value;
  });
  if (after > 0) ctx.onCommitted(body.id, after);
  for (const log of others.values()) if (log.after > 0) ctx.onCommitted(log.body.id, log.after);
  return result;
}
