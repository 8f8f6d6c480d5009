// What every command that works on the database does around its work: open it, bring its schema
// up to date (unless the command must not change it: `verify` checks a copy as it stands), run
// the work, and close it whatever happened — one place instead of a copy in each command.
import { openDatabase } from '../db/open-database.ts';
import { migrateToLatest } from '../db/migrations.ts';
import type { QuorateDialect } from '../db/dialects/quorate-dialect.ts';

export interface WithDatabaseOptions {
  /** Migrate to the latest schema before the work (default true). */
  migrate?: boolean;
}

/**
 * Runs `work` on the database at `target` (a SQLite path or a postgres:// URL), then closes it.
 * @example await withDatabase(config.db, async (dialect) => grantRole(createServiceContext(dialect), …))
 */
export async function withDatabase<T>(
  target: string,
  work: (dialect: QuorateDialect) => Promise<T>,
  options: WithDatabaseOptions = {},
): Promise<T> {
  const dialect = openDatabase(target);
  try {
    if (options.migrate ?? true) await migrateToLatest(dialect);
    return await work(dialect);
  } finally {
    await dialect.destroy();
  }
}
