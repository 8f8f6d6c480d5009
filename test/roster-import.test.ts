import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { makeClient, startHarness, type Harness } from './support/test-app.ts';
import { importRoster, parseRoster } from '../src/services/roster-import.ts';
import { operatorActor } from '../src/cli/operator.ts';
import { snapshot } from './support/snapshot.ts';

for (const target of testDatabases()) {
  describe(`roster import on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      await h?.close();
    });

    test('imports named and unnamed holders all at once, or nothing when a row is bad', async () => {
      const admin = await makeClient(h, { siteAdmin: true });
      const r = await admin.request('POST', '/api/v1/bodies', {
        slug: 'roster',
        names: { en: 'Roster' },
        establishedSeats: 5,
        rules: 'ronr',
      });
      assert.equal(r.statusCode, 201, r.body);
      const body = await h.db.dialect.db
        .selectFrom('bodies')
        .select('id')
        .where('slug', '=', 'roster')
        .executeTakeFirstOrThrow();
      const before = await snapshot(h.db.dialect);
      const bad = parseRoster([
        ['seat', 'name_en', 'name_ru'],
        ['1', 'Anna', 'Анна'],
        ['9', 'Far', ''],
      ]);
      assert.deepEqual(bad.problems, []);
      const refused = await importRoster(h.ctx, operatorActor(body.id), 'roster', bad.rows, { dryRun: false });
      assert.deepEqual(
        refused.problems.map((p) => [p.line, p.code]),
        [[3, 'seat_not_found']],
      );
      assert.equal(await snapshot(h.db.dialect), before, 'a refused import writes nothing');
      const dry = await importRoster(h.ctx, operatorActor(body.id), 'roster', parseRoster([['seat'], ['1']]).rows, {
        dryRun: true,
      });
      assert.deepEqual(dry, { imported: 0, problems: [] });
      assert.equal(await snapshot(h.db.dialect), before, 'a dry run writes nothing');
      const good = parseRoster([
        ['seat', 'name_en', 'name_ru', 'starts_on'],
        ['1', 'Anna', 'Анна', '2022-09'],
        ['2', '', '', ''],
        ['4', '', 'Борис', ''],
      ]);
      assert.deepEqual(await importRoster(h.ctx, operatorActor(body.id), 'roster', good.rows, { dryRun: false }), {
        imported: 3,
        problems: [],
      });
      const members = (await admin.request('GET', '/api/v1/bodies/roster/members')).json().items;
      assert.deepEqual(
        members.map((m: { seat: number; vacant: boolean; holderNamed: boolean }) => [m.seat, m.vacant, m.holderNamed]),
        [
          [1, false, true],
          [2, false, false],
          [3, true, false],
          [4, false, true],
          [5, true, false],
        ],
      );
      const bodyInfo = (await admin.request('GET', '/api/v1/bodies/roster')).json();
      assert.equal(bodyInfo.filledSeats, 3);
      assert.equal(bodyInfo.establishedSeats, 5);
    });
  });
}
