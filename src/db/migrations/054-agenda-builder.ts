// The agenda builder (issue 16, item 2): an agenda item withdrawn stays on the agenda, marked, with
// the reason and the entry that withdrew it; reordering and splitting change positions and add items,
// each a recorded act.
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';

export function agendaBuilder(): Migration {
  return {
    async up(db: MigrationDb) {
      await db.schema.alterTable('agenda_items').addColumn('withdrawn_reason', 'text').execute();
      await db.schema.alterTable('agenda_items').addColumn('withdrawn_entry', 'integer').execute();
    },
  };
}
