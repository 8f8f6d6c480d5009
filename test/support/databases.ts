// Every storage test runs on every dialect: `for (const target of testDatabases()) …`.
// SQLite gets a fresh file in a temporary folder; PostgreSQL a fresh database on the server named
// by QUORATE_TEST_PG, dropped afterwards. Without QUORATE_TEST_PG the PostgreSQL suites are
// skipped with a reason — except under CI=true, where a missing PostgreSQL is a failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openSqlite } from '../../src/db/dialects/sqlite.ts';
import { openPostgres } from '../../src/db/dialects/postgres.ts';
import type { QuorateDialect } from '../../src/db/dialects/quorate-dialect.ts';
import { migrateToLatest } from '../../src/db/migrations.ts';

export interface TestDatabase {
  dialect: QuorateDialect;
  /** What QUORATE_DB would be for this database (a file path or a postgres:// URL). */
  target: string;
  /** Closes the dialect and removes the database. */
  drop(): Promise<void>;
}

export interface TestTarget {
  label: 'sqlite' | 'postgres';
  /** Set when this target cannot run here; the suite is skipped with this reason. */
  skip: string | false;
  create(options?: { migrate?: boolean }): Promise<TestDatabase>;
}

export const PG_URL = process.env.QUORATE_TEST_PG;

function pgSkipReason(): string | false {
  if (PG_URL) return false;
  if (process.env.CI === 'true') {
    throw new Error('CI=true but QUORATE_TEST_PG is not set: the PostgreSQL suites cannot be skipped in CI');
  }
  return 'PostgreSQL suites skipped: QUORATE_TEST_PG is not set (e.g. postgres://postgres@127.0.0.1:5432/postgres)';
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `quorate_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(PG_URL!, name),
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export function testDatabases(): TestTarget[] {
  return [
    {
      label: 'sqlite',
      skip: false,
      async create({ migrate = true } = {}) {
        const dir = mkdtempSync(join(tmpdir(), 'quorate-test-'));
        const target = join(dir, 'quorate.db');
        const dialect = openSqlite(target);
        if (migrate) await migrateToLatest(dialect);
        return {
          dialect,
          target,
          async drop() {
            await dialect.destroy();
            rmSync(dir, { recursive: true, force: true });
          },
        };
      },
    },
    {
      label: 'postgres',
      skip: pgSkipReason(),
      async create({ migrate = true } = {}) {
        const created = await createPostgresDatabase();
        const dialect = openPostgres(created.url);
        if (migrate) await migrateToLatest(dialect);
        return {
          dialect,
          target: created.url,
          async drop() {
            await dialect.destroy();
            await created.drop();
          },
        };
      },
    },
  ];
}
