// SQLite through better-sqlite3: WAL, synchronous=FULL (a SIGKILL must not lose an acknowledged
// ballot), busy_timeout, and BEGIN IMMEDIATE for every write transaction so two writers never
// deadlock upgrading a read lock. One connection: Kysely serialises access with a mutex.
import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';
import type { Database } from '../schema.ts';
import type { QuorateDialect } from './quorate-dialect.ts';
import { sqliteFullText } from './sqlite-full-text.ts';

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

export function openSqlite(path: string): QuorateDialect {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const raw = new BetterSqlite3(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: raw }) });
  // In-memory databases are private to their connection: they read through the writer.
  let reader = db;
  if (path !== ':memory:') {
    const rawReader = new BetterSqlite3(path, { readonly: true });
    rawReader.pragma('busy_timeout = 5000');
    reader = new Kysely<Database>({ dialect: new SqliteDialect({ database: rawReader }) });
  }
  return {
    label: 'sqlite',
    db,
    reader,
    bytesType: 'blob',
    idType: 'integer',
    idColumn: (col) => col.primaryKey().autoIncrement(),
    multiProcess: false,
    fullText: sqliteFullText,
    async lockLogHead(trx, bodyId) {
      const row = await trx.selectFrom('log_heads').select('next_index').where('body_id', '=', bodyId).executeTakeFirstOrThrow();
      return row.next_index;
    },
    withIntegratorLock: (_bodyId, work) => work(),
    isUniqueViolation(err) {
      return typeof err === 'object' && err !== null && 'code' in err &&
        (err.code === 'SQLITE_CONSTRAINT_UNIQUE' || err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY');
    },
    async destroy() {
      if (reader !== db) await reader.destroy();
      await db.destroy();
    },
  };
}
