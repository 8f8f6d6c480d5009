// The clerk's office, part one (issue 15): the one-time setup link of a new site (only its SHA-256
// is stored, as for password resets), a body's legislative terms (convocations) with their dates,
// and why a mandate ended. Existing memberships keep their meaning: an ended one has no recorded
// reason (null), as before.
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

export function clerksOffice(d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      const s = db.schema;
      await s
        .createTable('setup_links')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await s
        .createTable('terms')
        .addColumn('id', d.idType, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('starts_on', 'text', (c) => c.notNull())
        .addColumn('ends_on', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('terms_body_number', ['body_id', 'number'])
        .execute();
      await s.alterTable('memberships').addColumn('end_reason', 'text').execute();
    },
  };
}
