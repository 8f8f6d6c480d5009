import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from '../../test/support/databases.ts';
import { migrateToLatest } from './migrations.ts';

for (const target of testDatabases()) {
  describe(`migrations on ${target.label}`, { skip: target.skip }, () => {
    test('apply once, then are a no-op', async () => {
      const tdb = await target.create({ migrate: false });
      try {
        const first = await migrateToLatest(tdb.dialect);
        assert.ok(first.length >= 1);
        assert.deepEqual(await migrateToLatest(tdb.dialect), []);
        const tables = await tdb.dialect.db.introspection.getTables();
        for (const t of ['bodies', 'entries', 'log_heads', 'votes', 'ballots', 'vote_turnout', 'sessions']) {
          assert.ok(
            tables.some((x) => x.name === t),
            `table ${t}`,
          );
        }
      } finally {
        await tdb.drop();
      }
    });
  });
}
