// Issue 13, item 8: a reply's own date (under 59-FZ the duty ends when the answer is sent, so
// lateness is judged by the reply's date, not the day it arrived; its outgoing number is kept in
// the existing `reference` column), and the transit a letter may take by each channel, set for
// the whole body and per authority (JSON { "post": 7, … }; absent: same day).
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

export function appealReplyDates(_d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      await db.schema.alterTable('appeal_events').addColumn('dated', 'text').execute();
      await db.schema.alterTable('authorities').addColumn('transit_days', 'text').execute();
      await db.schema.alterTable('appeal_calendars').addColumn('transit_days', 'text').execute();
    },
  };
}
