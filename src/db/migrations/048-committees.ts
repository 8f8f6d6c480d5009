// Committees (issue 15, item 5): a committee is a body whose seats are filled from the members of
// another body, its parent. The body row names its parent (null for a council itself), and a
// committee seat's mandate names the parent mandate its holder sits on, so that `quorate verify`
// can check both against the log.
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';

export function committees(): Migration {
  return {
    async up(db: MigrationDb) {
      await db.schema
        .alterTable('bodies')
        .addColumn('parent_id', 'integer', (c) => c.references('bodies.id'))
        .execute();
      await db.schema.createIndex('bodies_by_parent').on('bodies').columns(['parent_id']).execute();
      await db.schema
        .alterTable('memberships')
        .addColumn('parent_membership_id', 'integer', (c) => c.references('memberships.id'))
        .execute();
    },
  };
}
