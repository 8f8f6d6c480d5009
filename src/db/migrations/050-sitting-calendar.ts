// The clerk's office, part two (issue 16), items 1 and 3: a sitting's kind (ordinary or
// extraordinary) and who convened it; its reschedulings and cancellation, each with its reason; and
// the notices published for it, each with the date, time and place it announced (a notice is judged
// against the sitting it announced, so a later rescheduling does not make an old notice look late).
// A cancelled sitting keeps its row with status 'cancelled': it is never deleted.
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

export function sittingCalendar(d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      const s = db.schema;
      await s
        .alterTable('sittings')
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('ordinary'))
        .execute();
      await s.alterTable('sittings').addColumn('convened_by', 'text').execute();
      await s
        .createTable('sitting_changes')
        .addColumn('id', d.idType, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('sitting_id', 'integer', (c) => c.notNull().references('sittings.id'))
        .addColumn('change', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('from_date', 'text', (c) => c.notNull())
        .addColumn('from_starts_at', 'text')
        .addColumn('from_place', 'text')
        .addColumn('to_date', 'text')
        .addColumn('to_starts_at', 'text')
        .addColumn('to_place', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .execute();
      await s
        .createIndex('sitting_changes_by_sitting')
        .on('sitting_changes')
        .columns(['body_id', 'sitting_id', 'id'])
        .execute();
      await s
        .createTable('sitting_notices')
        .addColumn('id', d.idType, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('sitting_id', 'integer', (c) => c.notNull().references('sittings.id'))
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('sitting_date', 'text', (c) => c.notNull())
        .addColumn('starts_at', 'text')
        .addColumn('place', 'text')
        .addColumn('second_convocation_warning', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('rule', 'text')
        .addColumn('in_time', 'integer')
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .execute();
      await s
        .createIndex('sitting_notices_by_sitting')
        .on('sitting_notices')
        .columns(['body_id', 'sitting_id', 'id'])
        .execute();
    },
  };
}
