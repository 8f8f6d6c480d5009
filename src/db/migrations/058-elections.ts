// Elections in the record (issue 18): an election of a sitting, its candidates, its rounds of
// voting and who took part in each. The papers of a secret round are kept as a tally on the round's
// row (each distinct paper once, with its count: no row per paper, so no row order or id can tell
// when a paper was cast); where the rule does not publish the papers, the tally is cleared once the
// round is counted and only the stage table stays.
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

export function elections(d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      const s = db.schema;
      await s
        .createTable('elections')
        .addColumn('id', d.idType, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('sitting_id', 'integer', (c) => c.notNull().references('sittings.id'))
        .addColumn('agenda_item_id', 'integer', (c) => c.references('agenda_items.id'))
        .addColumn('office_en', 'text')
        .addColumn('office_ru', 'text')
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('ballot_kind', 'text', (c) => c.notNull())
        .addColumn('grants_role', 'text')
        // 'created', 'nominating', 'ready' (a round may open), 'voting', 'awaiting_lot', 'declared'.
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_entry', 'integer', (c) => c.notNull())
        .addColumn('declared_entry', 'integer')
        .addColumn('elected', 'text')
        .execute();
      await s.createIndex('elections_by_sitting').on('elections').columns(['body_id', 'sitting_id']).execute();
      await s
        .createTable('election_candidates')
        .addColumn('election_id', 'integer', (c) => c.notNull().references('elections.id'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('membership_id', 'integer', (c) => c.references('memberships.id'))
        .addColumn('nominated_by', 'integer', (c) => c.references('memberships.id'))
        .addColumn('consented', 'integer', (c) => c.notNull())
        .addColumn('withdrawn', 'integer', (c) => c.notNull())
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('election_candidates_pk', ['election_id', 'number'])
        .execute();
      await s
        .createTable('election_rounds')
        .addColumn('election_id', 'integer', (c) => c.notNull().references('elections.id'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('candidates', 'text', (c) => c.notNull())
        .addColumn('runoff', 'integer', (c) => c.notNull())
        // 'open', 'awaiting_lot', 'counted'.
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('present', 'integer', (c) => c.notNull())
        .addColumn('established', 'integer', (c) => c.notNull())
        .addColumn('present_members', 'text', (c) => c.notNull())
        .addColumn('server_seed', 'text', (c) => c.notNull())
        .addColumn('seed_commitment', 'text', (c) => c.notNull())
        .addColumn('tally', 'text')
        .addColumn('ballots', 'integer', (c) => c.notNull())
        .addColumn('blank', 'integer', (c) => c.notNull())
        .addColumn('spoilt', 'integer', (c) => c.notNull())
        .addColumn('physical_draw', 'text')
        .addColumn('result', 'text')
        .addColumn('open_entry', 'integer', (c) => c.notNull())
        .addColumn('close_entry', 'integer')
        .addColumn('counted_entry', 'integer')
        .addPrimaryKeyConstraint('election_rounds_pk', ['election_id', 'number'])
        .execute();
      await s
        .createTable('election_turnout')
        .addColumn('election_id', 'integer', (c) => c.notNull().references('elections.id'))
        .addColumn('round', 'integer', (c) => c.notNull())
        .addColumn('membership_id', 'integer', (c) => c.notNull().references('memberships.id'))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('client_ballot_id', 'text')
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('election_turnout_pk', ['election_id', 'round', 'membership_id'])
        .execute();
    },
  };
}
