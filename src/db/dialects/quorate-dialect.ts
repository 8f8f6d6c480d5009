// What the rest of the code may know about the database in use: capabilities, never its name in
// an `if`. Only this folder knows SQLite from PostgreSQL (docs/DESIGN.md, "Architecture" and "Stack").
import type { ColumnDefinitionBuilder, Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import type { FullTextIndex } from './full-text-index.ts';

export type Executor = Kysely<Database> | Transaction<Database>;

export interface QuorateDialect {
  /** For logs and test names only. */
  readonly label: 'sqlite' | 'postgres';
  readonly db: Kysely<Database>;
  /**
   * For reads outside a transaction (sessions, public pages). SQLite: a second, read-only
   * connection, so readers never wait behind a write transaction (WAL lets them run side by
   * side). PostgreSQL: the same pool.
   */
  readonly reader: Kysely<Database>;
  /** SQL type of a byte column. */
  readonly bytesType: 'blob' | 'bytea';
  /** Adds an auto-incrementing integer primary key column. */
  idColumn(col: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  readonly idType: 'integer' | 'serial';
  /**
   * Takes the body's log-head row for the rest of the transaction and returns the next free
   * index. PostgreSQL: SELECT … FOR UPDATE; SQLite: the whole database is already locked by
   * BEGIN IMMEDIATE.
   */
  lockLogHead(trx: Transaction<Database>, bodyId: number): Promise<number>;
  /**
   * Runs `work` as the body's only integrator, or returns undefined at once if another holds the
   * role. `work` must do all its reads and writes through the `db` it is given (it may open a
   * transaction on it): PostgreSQL pins one pooled connection, takes a session advisory lock on it
   * (so the role holds across processes) and runs the work on that same connection, so an
   * integration never needs a second connection — any number of bodies integrating at once cannot
   * starve the pool. SQLite serves one process, where the integrator's own in-process queue
   * already keeps it single.
   */
  withIntegratorLock<T>(bodyId: number, work: (db: Kysely<Database>) => Promise<T>): Promise<T | undefined>;
  /** Most bound parameters one statement may carry (insertInChunks sizes its statements by it). */
  readonly maxParameters: number;
  /** True when the error is a unique-constraint violation. */
  isUniqueViolation(err: unknown): boolean;
  /** Full-text search over motions: SQLite FTS5 or PostgreSQL tsvector, same answers. */
  readonly fullText: FullTextIndex;
  /** Several processes may serve one database (PostgreSQL); SQLite serves one process. */
  readonly multiProcess: boolean;
  destroy(): Promise<void>;
}
