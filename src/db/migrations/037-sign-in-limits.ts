// Sign-in limits (issue 12, items 9 and 10): each limited key — an address, an account's unknown
// devices, one known device — keeps its window, how many times it has been locked (each lock
// lasts twice the last), until when it is locked, and when it was last used (idle rows are
// purged, so guesses at usernames that do not exist leave nothing behind for long).
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

export function signInLimits(_d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      const s = db.schema;
      await s
        .alterTable('sign_in_failures')
        .addColumn('lockouts', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await s.alterTable('sign_in_failures').addColumn('locked_until', 'text').execute();
      await s
        .alterTable('sign_in_failures')
        .addColumn('last_at', 'text', (c) => c.notNull().defaultTo('1970-01-01T00:00:00.000Z'))
        .execute();
      await db
        .updateTable('sign_in_failures')
        .set((eb) => ({ last_at: eb.ref('window_start') }))
        .execute();
      await s.createIndex('sign_in_failures_last_at').on('sign_in_failures').column('last_at').execute();
    },
  };
}
