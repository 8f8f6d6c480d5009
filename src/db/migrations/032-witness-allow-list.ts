// The witnesses the site administrator allows (issue 12, item 19): a body administrator may only
// register a witness whose URL is here or in QUORATE_WITNESS_ALLOW, so the server never POSTs to
// an address nobody responsible for the site chose (internal services included).
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';

export function witnessAllowList(): Migration {
  return {
    async up(db: MigrationDb) {
      await db.schema
        .createTable('witness_allow_list')
        .addColumn('url', 'text', (c) => c.primaryKey())
        .addColumn('added_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
