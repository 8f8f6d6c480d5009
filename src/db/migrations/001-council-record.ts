// The council record: bodies, seats, accounts, sittings, attendance, motions, votes, decisions.
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

export function councilRecord(d: QuorateDialect): Migration {
  const id = d.idType;
  return {
    async up(db: MigrationDb) {
      const s = db.schema;
      await s
        .createTable('bodies')
        .addColumn('id', id, (c) => d.idColumn(c))
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('names', 'text', (c) => c.notNull())
        .addColumn('jurisdiction', 'text')
        .addColumn('established_seats', 'integer', (c) => c.notNull())
        .addColumn('rules', 'text', (c) => c.notNull())
        .addColumn('languages', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('allow_ballot_change', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_decision_number', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await s
        .createTable('log_heads')
        .addColumn('body_id', 'integer', (c) => c.primaryKey().references('bodies.id'))
        .addColumn('next_index', 'integer', (c) => c.notNull())
        .execute();
      await s
        .createTable('entries')
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('bytes', d.bytesType, (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('entries_pk', ['body_id', 'idx'])
        .execute();
      await s
        .createTable('blobs')
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('bytes', d.bytesType)
        .addColumn('withheld', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('withheld_reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('blobs_pk', ['body_id', 'sha256'])
        .execute();
      await s
        .createTable('users')
        .addColumn('id', id, (c) => d.idColumn(c))
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('site_admin', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await s
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await s.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await s
        .createTable('api_tokens')
        .addColumn('id', id, (c) => d.idColumn(c))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await s
        .createTable('password_resets')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await s
        .createTable('sign_in_failures')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('window_start', 'text', (c) => c.notNull())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .execute();
      await s
        .createTable('body_roles')
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('body_roles_pk', ['body_id', 'user_id', 'role'])
        .execute();
      await s
        .createTable('people')
        .addColumn('id', id, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('name_en', 'text')
        .addColumn('name_ru', 'text')
        .addColumn('user_id', 'integer', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('people_body').on('people').column('body_id').execute();
      await s
        .createTable('seats')
        .addColumn('id', id, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('label', 'text')
        .addUniqueConstraint('seats_body_number', ['body_id', 'number'])
        .execute();
      await s
        .createTable('memberships')
        .addColumn('id', id, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('seat_id', 'integer', (c) => c.notNull().references('seats.id'))
        .addColumn('person_id', 'integer', (c) => c.references('people.id'))
        .addColumn('starts_on', 'text')
        .addColumn('ends_on', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('memberships_body').on('memberships').columns(['body_id', 'seat_id']).execute();
      await s
        .createTable('sittings')
        .addColumn('id', id, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('starts_at', 'text')
        .addColumn('place', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('historical', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('attendance_mode', 'text', (c) => c.notNull())
        .addColumn('headcount_present', 'integer')
        .addColumn('headcount_absent', 'integer')
        .addColumn('headcount_note', 'text')
        .addColumn('opened_at', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('sittings_body').on('sittings').columns(['body_id', 'date']).execute();
      await s
        .createTable('agenda_items')
        .addColumn('id', id, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('sitting_id', 'integer', (c) => c.notNull().references('sittings.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('agenda_items_sitting').on('agenda_items').columns(['body_id', 'sitting_id']).execute();
      await s
        .createTable('attendance')
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('sitting_id', 'integer', (c) => c.notNull().references('sittings.id'))
        .addColumn('membership_id', 'integer', (c) => c.notNull().references('memberships.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('arrived_at', 'text')
        .addColumn('departed_at', 'text')
        .addColumn('attested_at', 'text')
        .addColumn('marked_by', 'integer')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('attendance_pk', ['body_id', 'sitting_id', 'membership_id'])
        .execute();
      await s
        .createTable('motions')
        .addColumn('id', id, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('sitting_id', 'integer', (c) => c.references('sittings.id'))
        .addColumn('agenda_item_id', 'integer', (c) => c.references('agenda_items.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('text_blob', 'text')
        .addColumn('amends_motion_id', 'integer', (c) => c.references('motions.id'))
        .addColumn('sponsors', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .execute();
      await s.createIndex('motions_body').on('motions').columns(['body_id', 'sitting_id']).execute();
      await s
        .createTable('votes')
        .addColumn('id', id, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('sitting_id', 'integer', (c) => c.notNull().references('sittings.id'))
        .addColumn('motion_id', 'integer', (c) => c.notNull().references('motions.id'))
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('majority_name', 'text', (c) => c.notNull())
        .addColumn('present', 'integer', (c) => c.notNull())
        .addColumn('established', 'integer', (c) => c.notNull())
        .addColumn('filled', 'integer', (c) => c.notNull())
        .addColumn('yes', 'integer')
        .addColumn('no', 'integer')
        .addColumn('abstain', 'integer')
        .addColumn('blank', 'integer')
        .addColumn('invalid', 'integer')
        .addColumn('casting_vote', 'text')
        .addColumn('opened_at', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('rule', 'text')
        .addColumn('outcome', 'text')
        .addColumn('adopted', 'integer')
        .addColumn('quorate', 'integer')
        .addColumn('open_entry', 'integer', (c) => c.notNull())
        .addColumn('close_entry', 'integer')
        .execute();
      await s.createIndex('votes_body').on('votes').columns(['body_id', 'sitting_id']).execute();
      await s
        .createTable('vote_presence')
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('vote_id', 'integer', (c) => c.notNull().references('votes.id'))
        .addColumn('membership_id', 'integer', (c) => c.notNull().references('memberships.id'))
        .addColumn('recused', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('vote_presence_pk', ['body_id', 'vote_id', 'membership_id'])
        .execute();
      await s
        .createTable('ballots')
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('vote_id', 'integer', (c) => c.notNull().references('votes.id'))
        .addColumn('membership_id', 'integer', (c) => c.notNull().references('memberships.id'))
        .addColumn('choice', 'text', (c) => c.notNull())
        .addColumn('salt', 'text', (c) => c.notNull())
        .addColumn('commitment', 'text', (c) => c.notNull())
        .addColumn('client_ballot_id', 'text')
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('cast_at', 'text', (c) => c.notNull())
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('ballots_pk', ['body_id', 'vote_id', 'membership_id'])
        .execute();
      // Secret votes: who took part, never what they chose; totals live on the vote row.
      await s
        .createTable('vote_turnout')
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('vote_id', 'integer', (c) => c.notNull().references('votes.id'))
        .addColumn('membership_id', 'integer', (c) => c.notNull().references('memberships.id'))
        .addColumn('client_ballot_id', 'text')
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('vote_turnout_pk', ['body_id', 'vote_id', 'membership_id'])
        .execute();
      await s
        .createTable('decisions')
        .addColumn('id', id, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('vote_id', 'integer', (c) => c.notNull().unique().references('votes.id'))
        .addColumn('motion_id', 'integer', (c) => c.notNull().references('motions.id'))
        .addColumn('register_number', 'text')
        .addColumn('adopted_on', 'text', (c) => c.notNull())
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .execute();
      await s.createIndex('decisions_body').on('decisions').columns(['body_id', 'adopted_on']).execute();
      await s
        .createTable('disputes')
        .addColumn('id', id, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'integer', (c) => c.notNull())
        .addColumn('claimant', 'text', (c) => c.notNull())
        .addColumn('claim', 'text', (c) => c.notNull())
        .addColumn('source', 'text')
        .addColumn('occurred_on', 'text')
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .execute();
      await s.createIndex('disputes_target').on('disputes').columns(['body_id', 'target_type', 'target_id']).execute();
      await s
        .createTable('declared_results')
        .addColumn('id', id, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('vote_id', 'integer', (c) => c.notNull().references('votes.id'))
        .addColumn('adopted', 'integer', (c) => c.notNull())
        .addColumn('declared_by', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .execute();
    },
  };
}
