// Factions (issue 15, item 5): a body's groups of members (депутатские объединения (фракции)), each
// with its founding and dissolution days, and who was in which faction from which day to which.
// Every row follows a log entry (`faction.established`, `faction.dissolved`,
// `faction.member_joined`, `faction.member_left`); `quorate verify` compares them.
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

export function factions(d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      const s = db.schema;
      await s
        .createTable('factions')
        .addColumn('id', d.idType, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('name_en', 'text')
        .addColumn('name_ru', 'text')
        .addColumn('founded_on', 'text', (c) => c.notNull())
        .addColumn('dissolved_on', 'text')
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('factions_body').on('factions').columns(['body_id']).execute();
      await s
        .createTable('faction_members')
        .addColumn('id', d.idType, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('faction_id', 'integer', (c) => c.notNull().references('factions.id'))
        .addColumn('membership_id', 'integer', (c) => c.notNull().references('memberships.id'))
        .addColumn('joins_on', 'text', (c) => c.notNull())
        .addColumn('leaves_on', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await s
        .createIndex('faction_members_body_member')
        .on('faction_members')
        .columns(['body_id', 'membership_id'])
        .execute();
      await s.createIndex('faction_members_faction').on('faction_members').columns(['faction_id']).execute();
    },
  };
}
