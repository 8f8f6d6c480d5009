// Procedural facts the rules engine takes (issue 13): a sitting's formally established lack of
// quorum (GO NRW §49(1): quorate until it is established) as the index of the entry recording it,
// and two flags on a motion — a second convocation on the same matter after a lack of quorum
// (GO NRW §49(2)) and previous notice of the motion (RONR 57:1). Existing rows keep their meaning:
// no lack established, no second convocation, no notice.
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

export function procedureActs(_d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      await db.schema.alterTable('sittings').addColumn('lack_of_quorum_entry', 'integer').execute();
      await db.schema
        .alterTable('motions')
        .addColumn('second_convocation', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('motions')
        .addColumn('previous_notice', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
