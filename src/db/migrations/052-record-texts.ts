// Content in the body's languages (issue 16, item 5). A sitting's, an agenda item's and a motion's
// own title and text keep the language they were entered in (`lang`, null where the record never
// said); `record_texts` holds the same title or text in another of the body's languages, as entered
// by the clerk or quoted from a named source — never a machine translation.
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

export function recordTexts(d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      const s = db.schema;
      for (const table of ['sittings', 'agenda_items', 'motions'] as const)
        await s.alterTable(table).addColumn('lang', 'text').execute();
      await s
        .createTable('record_texts')
        .addColumn('id', d.idType, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'integer', (c) => c.notNull())
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('lang', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('source', 'text')
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .execute();
      await s
        .createIndex('record_texts_by_target')
        .on('record_texts')
        .columns(['body_id', 'target_type', 'target_id', 'id'])
        .execute();
    },
  };
}
