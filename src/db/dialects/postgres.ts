// PostgreSQL through node-postgres. The per-body log-head row is taken FOR UPDATE, so entry
// indexes stay gapless under concurrent writers in any number of processes.
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from '../schema.ts';
import type { QuorateDialect } from './quorate-dialect.ts';

export function openPostgres(url: string, options: { poolSize?: number } = {}): QuorateDialect {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    label: 'postgres',
    db,
    bytesType: 'bytea',
    idType: 'serial',
    idColumn: (col) => col.primaryKey(),
    multiProcess: true,
    async lockLogHead(trx, bodyId) {
      const row = await trx.selectFrom('log_heads').select('next_index').where('body_id', '=', bodyId).forUpdate().executeTakeFirstOrThrow();
      return row.next_index;
    },
    isUniqueViolation(err) {
      return typeof err === 'object' && err !== null && 'code' in err && err.code === '23505';
    },
    async destroy() {
      await db.destroy();
    },
  };
}
