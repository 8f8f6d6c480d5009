// Invitations to a seat (issue 15, item 4): a clerk invites the holder of a filled seat with a
// one-time link; accepting it links the invitee's account to the seat. Only the link's SHA-256 is
// stored; an invitation is used once, expires, and may be revoked. Accounts are named only here
// and in `users`, never in the log.
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

export function memberInvitations(d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      await db.schema
        .createTable('member_invitations')
        .addColumn('id', d.idType, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('membership_id', 'integer', (c) => c.notNull().references('memberships.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('used_by', 'integer', (c) => c.references('users.id'))
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createIndex('member_invitations_membership')
        .on('member_invitations')
        .columns(['membership_id'])
        .execute();
    },
  };
}
