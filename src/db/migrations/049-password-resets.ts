// Accounts, part two (issue 15, item 4): a reset link remembers which site administrator issued
// it, and a session remembers the browser it was signed in from (a short user-agent text, shown
// to its owner on /account) and, at most every few minutes, when it was last used.
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

export function passwordResets(_d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      const s = db.schema;
      await s
        .alterTable('password_resets')
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .execute();
      await s.createIndex('password_resets_user').on('password_resets').column('user_id').execute();
      await s.alterTable('sessions').addColumn('user_agent', 'text').execute();
      await s.alterTable('sessions').addColumn('last_seen_at', 'text').execute();
    },
  };
}
