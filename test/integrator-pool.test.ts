// Many bodies integrating at once must not starve the PostgreSQL pool: each integration step runs
// on the one connection that holds its body's advisory lock. (Before, the lock held one pooled
// connection while the work waited for another: ten bodies at once took the whole pool of ten and
// waited forever, and `serve`, which catches up before it listens, never started.)
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase, testDatabases, type TestDatabase } from './support/databases.ts';
import { serveProcess } from './support/serve-process.ts';
import { createServiceContext } from '../src/services/service-context.ts';
import { createRuntime } from '../src/services/runtime.ts';
import { createBody, fillSeat, findBody } from '../src/services/bodies.ts';
import { operatorActor } from '../src/cli/operator.ts';
import { logSize } from '../src/db/repositories/log-repository.ts';
import { readLogState } from '../src/db/repositories/tile-repository.ts';
import { openPostgres } from '../src/db/dialects/postgres.ts';
import { migrateToLatest } from '../src/db/migrations.ts';
import type { QuorateDialect } from '../src/db/dialects/quorate-dialect.ts';

const BODIES = 15;

/** Bodies whose entries are sequenced but not integrated (no integrator runs in this context). */
async function pendingBodies(dialect: QuorateDialect, keysDir: string, prefix: string, count: number) {
  const ctx = createServiceContext(dialect, { keysDir, publicOrigin: 'https://council.example.org' });
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const slug = `${prefix}${i}`;
    await createBody(ctx, operatorActor(), { slug, names: { en: `Body ${i}` }, establishedSeats: 3, rules: 'ronr' });
    const body = await findBody(dialect.db, slug);
    for (let seat = 1; seat <= 3; seat++)
      await fillSeat(ctx, operatorActor(body.id), slug, {
        seatNumber: seat,
        person: { nameEn: `Member ${seat}`, nameRu: null },
        startsOn: null,
      });
    ids.push(body.id);
  }
  return ids;
}

async function assertIntegrated(dialect: QuorateDialect, ids: number[]) {
  for (const id of ids) {
    const size = (await readLogState(dialect.db, id))?.size;
    assert.equal(size, await logSize(dialect.db, id), `body ${id} is not fully integrated`);
    assert.equal(size, 4);
  }
}

for (const target of testDatabases()) {
  describe(`integrating many bodies at once on ${target.label}`, { skip: target.skip }, () => {
    const cleanups: Array<() => Promise<void> | void> = [];
    after(async () => {
      for (const c of cleanups.reverse()) await c();
    });
    const keysDir = mkdtempSync(join(tmpdir(), 'quorate-keys-'));
    cleanups.push(() => rmSync(keysDir, { recursive: true, force: true }));
    let db: TestDatabase;

    test(`${BODIES} bodies integrating concurrently all complete`, { timeout: 120_000 }, async () => {
      db = await target.create();
      cleanups.push(() => db.drop());
      const ids = await pendingBodies(db.dialect, keysDir, 'many', BODIES);
      const runtime = createRuntime(db.dialect, { keysDir });
      runtime.integrator.onError = (err) => {
        throw err;
      };
      try {
        await runtime.integrator.catchUpAll();
      } finally {
        await runtime.close();
      }
      await assertIntegrated(db.dialect, ids);
    });

    // SQLite has no connection pool, and one process owns a SQLite database: the next two are
    // PostgreSQL's alone.
    if (target.label === 'postgres')
      test('an integration step needs one connection: a pool of one integrates several bodies at once', {
        timeout: 120_000,
      }, async () => {
        const single = openPostgres(db.target, { poolSize: 1 });
        cleanups.push(() => single.destroy());
        const ids = await pendingBodies(db.dialect, keysDir, 'single', 3);
        const runtime = createRuntime(single, { keysDir });
        runtime.integrator.onError = (err) => {
          throw err;
        };
        try {
          await Promise.all(ids.map((id) => runtime.integrator.integrateNow(id)));
        } finally {
          await runtime.close();
        }
        await assertIntegrated(db.dialect, ids);
      });

    if (target.label === 'postgres')
      test('one integrator per body across processes: a second lock-taker is turned away while the first holds it', {
        timeout: 60_000,
      }, async () => {
        const other = openPostgres(db.target);
        cleanups.push(() => other.destroy());
        const [id] = await pendingBodies(db.dialect, keysDir, 'lock', 1);
        let inner: string | undefined = 'not tried';
        const outer = await db.dialect.withIntegratorLock(id!, async (conn) => {
          inner = await other.withIntegratorLock(id!, async () => 'second');
          // The work runs on the lock's own connection.
          const r = await conn.selectNoFrom((eb) => eb.val(1).as('one')).execute();
          return r.length;
        });
        assert.equal(outer, 1);
        assert.equal(inner, undefined, 'a second integrator got the lock while the first held it');
        assert.equal(await other.withIntegratorLock(id!, async () => 'second'), 'second', 'the lock was not released');
      });
  });
}

const postgres = testDatabases().find((t) => t.label === 'postgres')!;
describe('serve with many bodies waiting for integration', { skip: postgres.skip }, () => {
  test(`serve with ${BODIES} pending bodies starts listening, all integrated`, { timeout: 180_000 }, async () => {
    const created = await createPostgresDatabase();
    const keysDir = mkdtempSync(join(tmpdir(), 'quorate-keys-'));
    const dialect = openPostgres(created.url);
    let server: ReturnType<typeof serveProcess> | undefined;
    try {
      await migrateToLatest(dialect);
      const ids = await pendingBodies(dialect, keysDir, 'serve', BODIES);
      server = serveProcess([], { QUORATE_DB: created.url, QUORATE_KEYS: keysDir });
      const base = await server.address;
      assert.equal((await fetch(`${base}/healthz`)).status, 200);
      await assertIntegrated(dialect, ids);
    } finally {
      await server?.stop();
      await dialect.destroy();
      await created.drop();
      rmSync(keysDir, { recursive: true, force: true });
    }
  });
});
