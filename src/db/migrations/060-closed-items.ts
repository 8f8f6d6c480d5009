// Agenda items closed to the public (issue 16, item 2). Where the body's rules withhold a closed
// item's title, the public column `title` is left empty and the title is kept in `closed_title`,
// which only the office reads; the log carries a salted commitment to it (SHA-256 of the nonce and
// the title), so the item's existence and number are public and its business is not.
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';

export function closedItems(): Migration {
  return {
    async up(db: MigrationDb) {
      await db.schema
        .alterTable('agenda_items')
        .addColumn('closed', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('agenda_items').addColumn('closed_title', 'text').execute();
      await db.schema.alterTable('agenda_items').addColumn('title_nonce', 'text').execute();
    },
  };
}
