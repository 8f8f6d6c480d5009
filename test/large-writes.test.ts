// Writes larger than one statement's bound-parameter limit (SQLite 32,766; PostgreSQL 65,535) are
// split by insertInChunks: a 7,000-row roster import and a 14,000-entry transaction succeed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases } from './support/databases.ts';
import { startHarness, type Harness } from './support/test-app.ts';
import { runCli } from './support/run-command.ts';
import { createBody, findBody } from '../src/services/bodies.ts';
import { operatorActor } from '../src/cli/operator.ts';
import { recordTransaction } from '../src/services/record-transaction.ts';
import { logSize } from '../src/db/repositories/log-repository.ts';
import { insertInChunks, rowsPerStatement } from '../src/db/repositories/insert-in-chunks.ts';

test('insertInChunks keeps every statement within the parameter limit, in order, and skips empty input', async () => {
  const rows = Array.from({ length: 10_001 }, (_, i) => ({ a: i, b: 'x', c: null, d: 1, e: 2 }));
  const chunks: number[][] = [];
  await insertInChunks({ maxParameters: 32_766 }, rows, async (chunk) => {
    chunks.push(chunk.map((r) => r.a));
  });
  assert.ok(
    chunks.every((c) => c.length * 5 <= 32_766),
    `chunk sizes ${chunks.map((c) => c.length)}`,
  );
  assert.deepEqual(
    chunks.flat(),
    rows.map((r) => r.a),
  );
  assert.equal(chunks[0]!.length, rowsPerStatement({ maxParameters: 32_766 }, 5));
  let calls = 0;
  await insertInChunks({ maxParameters: 10 }, [], async () => {
    calls++;
  });
  assert.equal(calls, 0);
});

for (const target of testDatabases()) {
  describe(`large writes on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    const dir = mkdtempSync(join(tmpdir(), 'quorate-large-'));
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      await h?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('a 7,000-row roster import through the CLI succeeds', { timeout: 300_000 }, async () => {
      await createBody(h.ctx, operatorActor(), {
        slug: 'big',
        names: { en: 'Big' },
        establishedSeats: 7_000,
        rules: 'ronr',
      });
      const csv = join(dir, 'roster.csv');
      const lines = ['seat,name_en,name_ru,starts_on'];
      for (let seat = 1; seat <= 7_000; seat++)
        lines.push(seat % 3 === 0 ? `${seat},,,` : `${seat},Member ${seat},Депутат ${seat},2026-01`);
      writeFileSync(csv, `${lines.join('\n')}\n`);
      const body = await findBody(h.db.dialect.db, 'big');
      const before = await logSize(h.db.dialect.db, body.id);
      const r = await runCli(['import', 'roster', 'big', csv, '--json', '--db', h.db.target], {
        env: { QUORATE_KEYS: h.keysDir },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), { dryRun: false, rows: 7_000, imported: 7_000, problems: [] });
      assert.equal(await logSize(h.db.dialect.db, body.id), before + 7_000);
      const filled = await h.db.dialect.db
        .selectFrom('memberships')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('body_id', '=', body.id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(filled.n), 7_000);
    });

    test("one transaction appending 14,000 entries (past PostgreSQL's 65,535 parameters) succeeds, gapless", {
      timeout: 300_000,
    }, async () => {
      await createBody(h.ctx, operatorActor(), {
        slug: 'many',
        names: { en: 'Many' },
        establishedSeats: 1,
        rules: 'ronr',
      });
      const body = await findBody(h.db.dialect.db, 'many');
      const before = await logSize(h.db.dialect.db, body.id);
      const last = await recordTransaction(h.ctx, body, async (tx) => {
        let index = -1;
        for (let i = 0; i < 14_000; i++)
          index = tx.record('seat.vacated', { membership: i, seat: 1, endsOn: '2026-01-01' });
        return index;
      });
      assert.equal(last, before + 13_999);
      assert.equal(await logSize(h.db.dialect.db, body.id), before + 14_000);
      const idx = await h.db.dialect.db
        .selectFrom('entries')
        .select('idx')
        .where('body_id', '=', body.id)
        .orderBy('idx')
        .execute();
      assert.deepEqual(
        idx.map((r) => r.idx),
        Array.from({ length: before + 14_000 }, (_, i) => i),
      );
      await h.runtime.integrator.integrateNow(body.id);
    });
  });
}
