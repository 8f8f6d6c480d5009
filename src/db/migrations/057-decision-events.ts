// The life of a decision after the vote (issue 17, items 3 and 4): its events (sent for signature,
// signed, vetoed, overridden, published, in force, amended, repealed, suspended, protested,
// challenged, annulled, upheld), each a recorded fact with its partial date, who and source; the
// status is derived from them when read, never stored. A decision also keeps whether the rules
// made it in force on adoption when it was registered, and the run of its register number (the
// scheme's `{number}` and the scope it counts within: '' for one run, the year for
// `{number}/{year}`), so that the next number is found under the log lock and none is reused.
import type { Migration } from 'kysely';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';
import type { MigrationDb } from './migration-db.ts';

export function decisionEvents(d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      await db.schema
        .createTable('decision_events')
        .addColumn('id', d.idType, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('decision_id', 'integer', (c) => c.notNull().references('decisions.id'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('occurred_on', 'text', (c) => c.notNull())
        .addColumn('actor', 'text')
        .addColumn('source', 'text')
        .addColumn('reasons', 'text')
        .addColumn('vote_id', 'integer', (c) => c.references('votes.id'))
        .addColumn('place', 'text')
        .addColumn('bulletin', 'text')
        .addColumn('issue', 'text')
        .addColumn('url', 'text')
        .addColumn('related_decision_id', 'integer', (c) => c.references('decisions.id'))
        .addColumn('court', 'text')
        .addColumn('case_number', 'text')
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('decision_events_by_decision')
        .on('decision_events')
        .columns(['body_id', 'decision_id', 'id'])
        .execute();
      await db.schema
        .createIndex('decision_events_by_related')
        .on('decision_events')
        .columns(['body_id', 'related_decision_id'])
        .execute();
      await db.schema
        .alterTable('decisions')
        .addColumn('in_force_on_adoption', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('decisions').addColumn('register_sequence', 'integer').execute();
      await db.schema.alterTable('decisions').addColumn('register_scope', 'text').execute();
    },
  };
}
