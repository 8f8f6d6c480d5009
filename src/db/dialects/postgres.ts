// PostgreSQL through node-postgres. The per-body log-head row is taken FOR UPDATE, so entry
// indexes stay gapless under concurrent writers in any number of processes.
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database } from '../schema.ts';
import type { QuorateDialect } from './quorate-dialect.ts';
import { postgresFullText } from './postgres-full-text.ts';

/** Advisory-lock keys of the integrators: this constant, shifted, plus the body id. */
const INTEGRATOR_LOCK_SPACE = 0x5155;

export function openPostgres(url: string, options: { poolSize?: number } = {}): QuorateDialect {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    label: 'postgres',
    db,
    reader: db,
    bytesType: 'bytea',
    idType: 'serial',
    idColumn: (col) => col.primaryKey(),
    multiProcess: true,
    // The wire protocol counts a statement's parameters in 16 bits.
    maxParameters: 65_535,
    fullText: postgresFullText,
    async lockLogHead(trx, bodyId) {
      const row = await trx
        .selectFrom('log_heads')
        .select('next_index')
        .where('body_id', '=', bodyId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      return row.next_index;
    },
    async withIntegratorLock(bodyId, work) {
      // The lock and the work share one connection: holding the lock on one connection while the
      // work waited for another let ten bodies integrating at once take the whole pool (10) and
      // wait for it forever.
      return db.connection().execute(async (conn) => {
        const key = INTEGRATOR_LOCK_SPACE * 2 ** 20 + bodyId;
        const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${key}::bigint) as ok`.execute(conn);
        if (!got.rows[0]?.ok) return undefined;
        try {
          return await work(conn);
        } finally {
          await sql`select pg_advisory_unlock(${key}::bigint)`.execute(conn);
        }
      });
    },
    isUniqueViolation(err) {
      return typeof err === 'object' && err !== null && 'code' in err && err.code === '23505';
    },
    async destroy() {
      await db.destroy();
    },
  };
}
