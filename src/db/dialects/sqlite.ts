// SQLite through better-sqlite3: WAL, synchronous=FULL (a SIGKILL must not lose an acknowledged
// ballot), busy_timeout, and BEGIN IMMEDIATE for every write transaction so two writers never
// deadlock upgrading a read lock. Prepared statements are kept (sqlite-driver.ts).
import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely } from 'kysely';
import { CachedSqliteDialect } from './sqlite-driver.ts';
import type { Database } from '../schema.ts';
import type { QuorateDialect } from './quorate-dialect.ts';
import { sqliteFullText } from './sqlite-full-text.ts';

export function openSqlite(path: string): QuorateDialect {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const raw = new BetterSqlite3(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new CachedSqliteDialect(raw, { immediate: true }) });
  // In-memory databases are private to their connection: they read through the writer.
  let reader = db;
  if (path !== ':memory:') {
    const rawReader = new BetterSqlite3(path, { readonly: true });
    rawReader.pragma('busy_timeout = 5000');
    reader = new Kysely<Database>({ dialect: new CachedSqliteDialect(rawReader, { immediate: false }) });
  }
  return {
    label: 'sqlite',
    db,
    reader,
    bytesType: 'blob',
    idType: 'integer',
    idColumn: (col) => col.primaryKey().autoIncrement(),
    multiProcess: false,
    // SQLITE_MAX_VARIABLE_NUMBER of the SQLite that better-sqlite3 builds.
    maxParameters: 32_766,
    fullText: sqliteFullText,
    async lockLogHead(trx, bodyId) {
      const row = await trx
        .selectFrom('log_heads')
        .select('next_index')
        .where('body_id', '=', bodyId)
        .executeTakeFirstOrThrow();
      return row.next_index;
    },
    withIntegratorLock: (_bodyId, work) => work(db),
    isUniqueViolation(err) {
      return (
        typeof err === 'object' &&
        err !== null &&
        'code' in err &&
        (err.code === 'SQLITE_CONSTRAINT_UNIQUE' || err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
      );
    },
    async destroy() {
      if (reader !== db) await reader.destroy();
      await db.destroy();
    },
  };
}
