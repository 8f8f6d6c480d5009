// Appeals to authorities (issue 7): a body's directory of authorities, its appeals with their
// events and attachments, its own calendar layer (moved days off), and the reminders already
// mailed. Status is never stored: it is derived from the events and today's date at read time.
// Texts that may name third parties (a resident named in an appeal, a reply's text) live in
// `blobs`, which can be withheld; these tables keep only their SHA-256.
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

export function appeals(d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      const s = db.schema;
      await s
        .createTable('authorities')
        .addColumn('id', d.idType, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('names', 'text', (c) => c.notNull())
        .addColumn('address', 'text')
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .execute();
      await s.createIndex('authorities_body').on('authorities').columns(['body_id', 'id']).execute();
      await s
        .createTable('appeals')
        .addColumn('id', d.idType, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('authority_id', 'integer', (c) => c.notNull().references('authorities.id'))
        .addColumn('decision_id', 'integer', (c) => c.references('decisions.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('summary', 'text')
        .addColumn('sender_kind', 'text', (c) => c.notNull())
        .addColumn('sender_membership_id', 'integer', (c) => c.references('memberships.id'))
        .addColumn('channel', 'text')
        .addColumn('reference', 'text')
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('details_blob', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .execute();
      await s.createIndex('appeals_body').on('appeals').columns(['body_id', 'id']).execute();
      await s
        .createTable('appeal_events')
        .addColumn('id', d.idType, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('appeal_id', 'integer', (c) => c.notNull().references('appeals.id'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('occurred_on', 'text')
        .addColumn('classification', 'text')
        .addColumn('days', 'integer')
        .addColumn('notice', 'text')
        .addColumn('to_authority_id', 'integer', (c) => c.references('authorities.id'))
        .addColumn('reason', 'text')
        .addColumn('reference', 'text')
        .addColumn('text_blob', 'text')
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .execute();
      await s.createIndex('appeal_events_appeal').on('appeal_events').columns(['body_id', 'appeal_id', 'id']).execute();
      await s
        .createTable('appeal_attachments')
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('appeal_id', 'integer', (c) => c.notNull().references('appeals.id'))
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('event_id', 'integer', (c) => c.references('appeal_events.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('appeal_attachments_pk', ['body_id', 'appeal_id', 'sha256'])
        .execute();
      await s
        .createTable('appeal_calendars')
        .addColumn('body_id', 'integer', (c) => c.primaryKey().references('bodies.id'))
        .addColumn('additions', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .execute();
      await s
        .createTable('appeal_reminders')
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('appeal_id', 'integer', (c) => c.notNull().references('appeals.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('due', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('appeal_reminders_pk', ['body_id', 'appeal_id', 'kind', 'due'])
        .execute();
    },
  };
}
