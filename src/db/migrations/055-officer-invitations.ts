// Invitations to an office (issue 15, item 4): a body's administrator invites someone to hold a
// role (clerk, chair, administrator, observer) with a one-time link; accepting it creates the
// account (or takes the signed-in one) and grants the role. Only the link's SHA-256 is stored.
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

export function officerInvitations(d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      await db.schema
        .createTable('officer_invitations')
        .addColumn('id', d.idType, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('used_by', 'integer', (c) => c.references('users.id'))
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createIndex('officer_invitations_body')
        .on('officer_invitations')
        .columns(['body_id', 'id'])
        .execute();
    },
  };
}
