// A Kysely driver for better-sqlite3 that keeps prepared statements: Kysely's own SQLite driver
// prepares every query anew, which costs more than running most of ours. Statements are cached by
// SQL text (bounded, least recently used dropped). Write transactions begin IMMEDIATE, so two
// writers never deadlock upgrading a read lock. One connection: a mutex hands it out in turn.
import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';

const MAX_STATEMENTS = 500;

class CachedConnection implements DatabaseConnection {
  readonly #db: BetterSqlite3.Database;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();
  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
  }

  #prepare(sql: string): BetterSqlite3.Statement {
    let stmt = this.#statements.get(sql);
    if (stmt) {
      this.#statements.delete(sql);
      this.#statements.set(sql, stmt);
      return stmt;
    }
    stmt = this.#db.prepare(sql);
    this.#statements.set(sql, stmt);
    if (this.#statements.size > MAX_STATEMENTS) this.#statements.delete(this.#statements.keys().next().value!);
    return stmt;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.#prepare(compiled.sql);
    const parameters = compiled.parameters as unknown[];
    if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiled.query)) throw new Error('only SELECT queries can be streamed');
    for (const row of this.#prepare(compiled.sql).iterate(compiled.parameters as unknown[])) yield { rows: [row as R] };
  }
}

class Mutex {
  #tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }
}

class CachedSqliteDriver implements Driver {
  readonly #connection: CachedConnection;
  readonly #db: BetterSqlite3.Database;
  readonly #mutex = new Mutex();
  readonly #begin: string;
  #release: (() => void) | null = null;

  constructor(db: BetterSqlite3.Database, options: { immediate: boolean }) {
    this.#db = db;
    this.#connection = new CachedConnection(db);
    this.#begin = options.immediate ? 'begin immediate' : 'begin';
  }
  async init() {}
  async acquireConnection() {
    this.#release = await this.#mutex.lock();
    return this.#connection;
  }
  async beginTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw(this.#begin));
  }
  async commitTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection() {
    const release = this.#release;
    this.#release = null;
    release?.();
  }
  async destroy() {
    this.#db.close();
  }
}

/** Kysely's SQLite dialect (its adapter, compiler, introspector) with our driver. */
export class CachedSqliteDialect extends SqliteDialect {
  readonly #db: BetterSqlite3.Database;
  readonly #immediate: boolean;
  constructor(db: BetterSqlite3.Database, options: { immediate: boolean }) {
    super({ database: db });
    this.#db = db;
    this.#immediate = options.immediate;
  }
  override createDriver(): Driver {
    return new CachedSqliteDriver(this.#db, { immediate: this.#immediate });
  }
}
