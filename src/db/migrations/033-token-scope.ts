// API tokens get an expiry, a scope (read or read-write) and an optional body they are limited
// to (issue 12, item 11). Tokens issued before this migration keep read-write on every body and
// expire 90 days after the migration runs, so no script stops at once but none lives for ever.
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

export function tokenScope(_d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      const s = db.schema;
      await s
        .alterTable('api_tokens')
        .addColumn('expires_at', 'text', (c) => c.notNull().defaultTo('1970-01-01T00:00:00.000Z'))
        .execute();
      await s
        .alterTable('api_tokens')
        .addColumn('scope', 'text', (c) => c.notNull().defaultTo('read-write'))
        .execute();
      await s
        .alterTable('api_tokens')
        .addColumn('body_id', 'integer', (c) => c.references('bodies.id'))
        .execute();
      await db
        .updateTable('api_tokens')
        .set({ expires_at: new Date(Date.now() + 90 * 86_400_000).toISOString() })
        .execute();
      await s.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();
    },
  };
}
