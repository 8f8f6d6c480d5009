// Issue 12, items 1 and 18. Each named ballot keeps the opaque number of the account that cast it
// (never a username), so a member can see on their page which account cast each of their ballots.
// A live decision's register number is unique in its body: the index leaves historical decisions
// out, since old registers restarted their numbering (per year, per convocation) and the record
// keeps what they say.
import type { MigrationDb } from './migration-db.ts';
import { sql, type Migration } from 'kysely';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

export function ballotAccountsRegisterNumbers(_d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      await db.schema.alterTable('ballots').addColumn('cast_by', 'integer').execute();
      await db.schema
        .alterTable('decisions')
        .addColumn('historical', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`update decisions set historical = 1 where vote_id in
        (select votes.id from votes inner join sittings on sittings.id = votes.sitting_id where sittings.historical = 1)`.execute(
        db,
      );
      const duplicates = await sql<{
        body_id: number;
        register_number: string;
      }>`select body_id, register_number from decisions
        where historical = 0 and register_number is not null group by body_id, register_number having count(*) > 1`.execute(
        db,
      );
      if (duplicates.rows.length > 0) {
        const list = duplicates.rows.map((r) => `body ${r.body_id}: "${r.register_number}"`).join(', ');
        throw new Error(`live decisions share a register number (${list}); renumber them before upgrading`);
      }
      await sql`create unique index decisions_live_register_number on decisions (body_id, register_number) where historical = 0`.execute(
        db,
      );
    },
  };
}
