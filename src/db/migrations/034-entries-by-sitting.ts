// An index of a body's entries by the sitting they concern (domain/entries/entry-sitting.ts), so
// a live viewer that resumes a sitting reads that sitting's entries only, never the whole log.
// New entries are indexed in the transaction that appends them (record-transaction.ts); this
// migration indexes the entries already recorded, a page at a time.
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';
import { decodeEntry } from '../../domain/entries/record-entry.ts';
import { entrySittingRef } from '../../domain/entries/entry-sitting.ts';

const PAGE = 1000;

export function entriesBySitting(_d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      await db.schema
        .createTable('sitting_entries')
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('sitting_id', 'integer', (c) => c.notNull())
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('sitting_entries_pk', ['body_id', 'sitting_id', 'idx'])
        .execute();
      const votes = new Map<string, number>();
      for (const v of await db.selectFrom('votes').select(['body_id', 'id', 'sitting_id']).execute())
        votes.set(`${v.body_id}/${v.id}`, v.sitting_id);
      let after: { body: number; idx: number } = { body: -1, idx: -1 };
      for (;;) {
        const rows: Array<{ body_id: number; idx: number; bytes: Uint8Array }> = await db
          .selectFrom('entries')
          .select(['body_id', 'idx', 'bytes'])
          .where((eb) =>
            eb.or([
              eb('body_id', '>', after.body),
              eb.and([eb('body_id', '=', after.body), eb('idx', '>', after.idx)]),
            ]),
          )
          .orderBy('body_id')
          .orderBy('idx')
          .limit(PAGE)
          .execute();
        if (rows.length === 0) break;
        const index = [];
        for (const r of rows) {
          const ref = entrySittingRef(decodeEntry(new Uint8Array(r.bytes)).data);
          const sitting =
            ref === null ? undefined : 'sitting' in ref ? ref.sitting : votes.get(`${r.body_id}/${ref.vote}`);
          if (sitting !== undefined) index.push({ body_id: r.body_id, sitting_id: sitting, idx: r.idx });
        }
        if (index.length > 0) await db.insertInto('sitting_entries').values(index).execute();
        const last = rows.at(-1)!;
        after = { body: last.body_id, idx: last.idx };
      }
    },
    async down(db: MigrationDb) {
      await db.schema.dropTable('sitting_entries').execute();
    },
  };
}
