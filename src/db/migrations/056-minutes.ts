// Minutes as a document with a life (issue 17, item 1). A closed sitting's minutes are drafted
// (`minutes`), the clerk's narrative added per agenda item in the body's languages, each addition a
// new draft version (`minutes_narratives`); a motion of kind `minutes_approval` names the sitting
// and the draft version it puts to the vote (`motions.minutes_sitting_id`, `minutes_version`); its
// adoption freezes that version: the PDF is rendered once and kept as a blob, its SHA-256 and the
// log size it reflects on the row; the chair and the clerk then sign (`minutes_signatures`).
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

export function minutes(d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      const s = db.schema;
      await s.alterTable('motions').addColumn('minutes_sitting_id', 'integer').execute();
      await s.alterTable('motions').addColumn('minutes_version', 'integer').execute();
      await s
        .createTable('minutes')
        .addColumn('id', d.idType, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('sitting_id', 'integer', (c) => c.notNull().references('sittings.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('drafted_at', 'text', (c) => c.notNull())
        .addColumn('drafted_entry', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('approved_version', 'integer')
        .addColumn('approved_motion_id', 'integer')
        .addColumn('approved_vote_id', 'integer')
        .addColumn('approved_at', 'text')
        .addColumn('approved_entry', 'integer')
        .addColumn('pdf_sha256', 'text')
        .addColumn('pdf_size', 'integer')
        .addColumn('pdf_log_size', 'integer')
        .execute();
      await s.createIndex('minutes_by_sitting').unique().on('minutes').columns(['body_id', 'sitting_id']).execute();
      await s
        .createTable('minutes_narratives')
        .addColumn('id', d.idType, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('minutes_id', 'integer', (c) => c.notNull().references('minutes.id'))
        .addColumn('agenda_item_id', 'integer')
        .addColumn('lang', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .execute();
      await s
        .createIndex('minutes_narratives_by_minutes')
        .on('minutes_narratives')
        .columns(['minutes_id', 'version'])
        .execute();
      await s
        .createTable('minutes_signatures')
        .addColumn('id', d.idType, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('minutes_id', 'integer', (c) => c.notNull().references('minutes.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('account_id', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('signed_at', 'text', (c) => c.notNull())
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .execute();
      await s
        .createIndex('minutes_signatures_by_role')
        .unique()
        .on('minutes_signatures')
        .columns(['minutes_id', 'role'])
        .execute();
    },
  };
}
