// One use case = one transaction that also sequences the record entries it established.
// `recordTransaction` opens the transaction, takes the body's log-head lock first (so every
// write to a body is serialised in the same order as its log), lets the use case run, then
// appends the entries it recorded, gapless, and commits. Anything thrown rolls everything back:
// a refused request leaves no row and no entry behind.
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appendEntries, lockLog, type SequencedEntry } from '../db/repositories/log-repository.ts';
import { encodeEntry, type EntryType, type JsonValue } from '../domain/entries/record-entry.ts';
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
}

export function toServiceError(err: unknown): unknown {
  if (err instanceof DomainError) {
    if (err.code === 'entry_too_large') return new ServiceError('too_large', err.code, err.message);
    return new ServiceError('invalid', err.code, err.message);
  }
  return err;
}

/** Builds an entry's bytes, turning domain refusals into service errors. */
export function entryBytes(body: BodyRef, type: EntryType, recordedAt: string, data: { [key: string]: JsonValue }): Uint8Array {
  try {
    return encodeEntry({ v: 1, type, body: body.slug, recordedAt, data });
  } catch (err) {
    throw toServiceError(err);
  }
}

/** Runs `work` inside one write transaction on the body's log. */
export async function recordTransaction<T>(ctx: ServiceContext, body: BodyRef, work: (tx: RecordTx) => Promise<T>): Promise<T> {
  let after = -1;
  const result = await ctx.dialect.db.transaction().execute(async (trx) => {
    const start = await lockLog(ctx.dialect, trx, body.id);
    const now = ctx.now().toISOString();
    const pending: SequencedEntry[] = [];
    const tx: RecordTx = {
      trx,
      body,
      now,
      record(type, data) {
        pending.push({ type, bytes: entryBytes(body, type, now, data), recordedAt: now });
        return start + pending.length - 1;
      },
      get nextIndex() {
        return start + pending.length;
      },
    };
    const value = await work(tx);
    after = await appendEntries(ctx.dialect, trx, body.id, start, pending);
    return value;
  });
  if (after > 0) ctx.onCommitted(body.id, after);
  return result;
}
