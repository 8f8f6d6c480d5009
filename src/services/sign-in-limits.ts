// Sign-in limits that hold under parallel guessing (issue 12, items 9 and 10). An attempt is
// RESERVED before its password is checked, in one INSERT … ON CONFLICT DO UPDATE … RETURNING
// statement (atomic on SQLite and on PostgreSQL alike), so 40 parallel guesses against a limit
// of 10 get 10 checks and 30 refusals. The attempt that would pass the limit is refused
// unchecked and locks the key; each lock lasts twice the last (15 minutes, 30, 1 hour … at most
// a day), and a key's lock count is forgotten after a day without attempts. A successful sign-in
// gives its reservation back. Rows idle for a day are purged — whether or not the username exists,
// so an unknown name behaves exactly like a known one and leaves nothing behind.
import { sql } from 'kysely';
import type { Executor } from '../db/dialects/quorate-dialect.ts';

export const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** The longest lock. */
export const MAX_LOCK_MS = 24 * 3_600_000;
/** A key unused this long forgets its locks, and its row is purged. */
export const IDLE_PURGE_MS = 24 * 3_600_000;
/** How often (at most) one process purges idle rows. */
const PURGE_EVERY_MS = 60_000;

export interface Reservation {
  key: string;
  /** False when the key is locked: the password must not be checked. */
  allowed: boolean;
  /** Seconds until the lock ends (when not allowed). */
  retryAfterSeconds: number;
}

/** The length of the lock that follows `lockouts` earlier ones. */
export function lockLength(lockouts: number): number {
  return Math.min(SIGN_IN_WINDOW_MS * 2 ** Math.min(lockouts, 16), MAX_LOCK_MS);
}

const LOCK_STEPS = (() => {
  let n = 0;
  while (lockLength(n) < MAX_LOCK_MS) n++;
  return n; // lockouts ≥ n all lock for MAX_LOCK_MS
})();

/** Counts one attempt against `key`, or refuses it when the key is locked or this attempt passes the limit. */
export async function reserveAttempt(db: Executor, key: string, limit: number, now: Date): Promise<Reservation> {
  const t = now.getTime();
  const nowIso = now.toISOString();
  const cutoff = new Date(t - SIGN_IN_WINDOW_MS).toISOString();
  const idle = new Date(t - IDLE_PURGE_MS).toISOString();
  // Old values throughout: SET expressions see the row as it was before this statement.
  const locked = sql`(sign_in_failures.locked_until IS NOT NULL AND sign_in_failures.locked_until > ${nowIso})`;
  const expired = sql`(sign_in_failures.window_start <= ${cutoff})`;
  const passes = sql`(sign_in_failures.failures + 1 > ${limit})`;
  const steps = Array.from(
    { length: LOCK_STEPS },
    (_, i) => sql`WHEN ${i} THEN ${new Date(t + lockLength(i)).toISOString()}`,
  );
  const lockEnd = sql`(CASE sign_in_failures.lockouts ${sql.join(steps, sql` `)} ELSE ${new Date(t + MAX_LOCK_MS).toISOString()} END)`;
  const row = await db
    .insertInto('sign_in_failures')
    .values({ key, window_start: nowIso, failures: 1, lockouts: 0, locked_until: null, last_at: nowIso })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`CASE WHEN ${locked} THEN sign_in_failures.failures WHEN ${expired} THEN 1 WHEN ${passes} THEN 0 ELSE sign_in_failures.failures + 1 END`,
        window_start: sql<string>`CASE WHEN ${locked} THEN sign_in_failures.window_start WHEN ${expired} THEN ${nowIso} WHEN ${passes} THEN ${lockEnd} ELSE sign_in_failures.window_start END`,
        lockouts: sql<number>`CASE WHEN ${locked} THEN sign_in_failures.lockouts WHEN sign_in_failures.last_at <= ${idle} THEN 0 WHEN ${expired} THEN sign_in_failures.lockouts WHEN ${passes} THEN sign_in_failures.lockouts + 1 ELSE sign_in_failures.lockouts END`,
        locked_until: sql<
          string | null
        >`CASE WHEN ${locked} THEN sign_in_failures.locked_until WHEN ${expired} THEN NULL WHEN ${passes} THEN ${lockEnd} ELSE sign_in_failures.locked_until END`,
        last_at: nowIso,
      }),
    )
    .returning(['locked_until'])
    .executeTakeFirstOrThrow();
  if (row.locked_until !== null && row.locked_until > nowIso) {
    return {
      key,
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(row.locked_until) - t) / 1000)),
    };
  }
  return { key, allowed: true, retryAfterSeconds: 0 };
}

/** Gives back the attempt a successful sign-in reserved (it was not a failure). */
export async function releaseAttempt(db: Executor, key: string, now: Date): Promise<void> {
  await db
    .updateTable('sign_in_failures')
    .set({ failures: sql<number>`CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END` })
    .where('key', '=', key)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now.toISOString())]))
    .execute();
}

/** Forgets a key altogether (a known device that signed in, a password reset). */
export async function clearAttempts(db: Executor, keys: string[], prefixes: string[] = []): Promise<void> {
  if (keys.length === 0 && prefixes.length === 0) return;
  await db
    .deleteFrom('sign_in_failures')
    .where((eb) =>
      eb.or([
        ...(keys.length ? [eb('key', 'in', keys)] : []),
        ...prefixes.map((p) => {
          if (!/^[a-z0-9:]+$/.test(p)) throw new Error(`not a key prefix: ${JSON.stringify(p)}`);
          return eb('key', 'like', `${p}%`);
        }),
      ]),
    )
    .execute();
}

const lastPurge = new WeakMap<object, number>();

/** Deletes rows idle for a day, at most once a minute per process and database. */
export async function purgeIdleAttempts(db: Executor, now: Date, owner: object = db): Promise<number> {
  const t = now.getTime();
  const last = lastPurge.get(owner);
  if (last !== undefined && t - last < PURGE_EVERY_MS && t >= last) return 0;
  lastPurge.set(owner, t);
  const r = await db
    .deleteFrom('sign_in_failures')
    .where('last_at', '<=', new Date(t - IDLE_PURGE_MS).toISOString())
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now.toISOString())]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
