// What named outlets reported about a vote that the record does not hold (issue 15, item 6): for a
// show of hands, which members were reported to have voted how. A report is kept apart from ballots
// and counts so that nothing can read it as a recorded roll call.
import type { Migration } from 'kysely';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';
import type { MigrationDb } from './migration-db.ts';

export function voteReports(d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      await db.schema
        .createTable('vote_reports')
        .addColumn('id', d.idType, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('vote_id', 'integer', (c) => c.notNull().references('votes.id'))
        .addColumn('claim', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('reported_on', 'text')
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('vote_reports_by_vote').on('vote_reports').columns(['body_id', 'vote_id']).execute();
      await db.schema
        .createTable('vote_report_positions')
        .addColumn('report_id', 'integer', (c) => c.notNull().references('vote_reports.id'))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('member_id', 'integer', (c) => c.notNull().references('memberships.id'))
        .addColumn('choice', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('vote_report_positions_pk', ['report_id', 'member_id'])
        .execute();
      await db.schema
        .createIndex('vote_report_positions_by_member')
        .on('vote_report_positions')
        .columns(['body_id', 'member_id'])
        .execute();
    },
  };
}
