// /readyz (issue 20): 200 when the database answers, no migration is pending and the integrator
// keeps up; 503 naming the failed check otherwise. /healthz only says the process lives.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases, type TestDatabase } from './support/databases.ts';
import { buildApp } from '../src/http/app.ts';
import { createRuntime } from '../src/services/runtime.ts';
import { createServiceContext } from '../src/services/service-context.ts';
import { createBody } from '../src/services/bodies.ts';
import { operatorActor } from '../src/cli/operator.ts';
import { migrateTo, migrateToLatest, pendingMigrations } from '../src/db/migrations.ts';

const keysDir = mkdtempSync(join(tmpdir(), 'quorate-readyz-keys-'));
after(() => rmSync(keysDir, { recursive: true, force: true }));

async function appOver(db: TestDatabase, options: { now?: () => Date; readyLagS?: number } = {}) {
  const runtime = createRuntime(db.dialect, {
    publicOrigin: 'https://council.example.org',
    keysDir,
    ...(options.now ? { now: options.now } : {}),
  });
  const app = await buildApp({
    ctx: runtime.ctx,
    live: runtime.live,
    ...(options.readyLagS === undefined ? {} : { readyLagS: options.readyLagS }),
  });
  return {
    runtime,
    app,
    readyz: async () => {
      const r = await app.inject({ method: 'GET', url: '/readyz' });
      return { status: r.statusCode, body: r.json(), cacheControl: r.headers['cache-control'] };
    },
    async close() {
      await app.close();
      await runtime.close();
    },
  };
}

for (const target of testDatabases()) {
  describe(`/readyz on ${target.label}`, { skip: target.skip }, () => {
    test('ready on a current database; 503 "integrator" while an entry waits past the bound, ready once integrated', async () => {
      const db = await target.create();
      try {
        // Sequenced through a context no integrator follows: the entry waits, as when the integrator is stuck.
        const bare = createServiceContext(db.dialect, { keysDir, publicOrigin: 'https://council.example.org' });
        await createBody(bare, operatorActor(), {
          slug: 'lagging',
          names: { en: 'Lagging council', ru: 'Отстающий совет' },
          establishedSeats: 5,
          rules: 'ronr',
        });
        const start = new Date();
        let clock = start;
        const s = await appOver(db, { now: () => clock, readyLagS: 30 });
        try {
          const fresh = await s.readyz();
          assert.equal(fresh.status, 200, JSON.stringify(fresh.body));
          assert.equal(fresh.cacheControl, 'no-store');
          assert.equal(fresh.body.ready, true);
          assert.deepEqual(fresh.body.failed, []);
          assert.deepEqual(fresh.body.checks.migrations, { ok: true, pending: [] });
          assert.equal(fresh.body.checks.integrator.unintegrated > 0, true, 'the entry waits');

          clock = new Date(start.getTime() + 31_000);
          const late = await s.readyz();
          assert.equal(late.status, 503);
          assert.equal(late.body.ready, false);
          assert.deepEqual(late.body.failed, ['integrator']);
          assert.equal(late.body.checks.integrator.boundS, 30);
          assert.ok(late.body.checks.integrator.oldestAgeS > 30, JSON.stringify(late.body));
          assert.equal((await s.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'the process lives');

          await s.runtime.integrator.catchUpAll();
          const caught = await s.readyz();
          assert.equal(caught.status, 200, JSON.stringify(caught.body));
          assert.equal(caught.body.checks.integrator.unintegrated, 0);
        } finally {
          await s.close();
        }
      } finally {
        await db.drop();
      }
    });

    test('503 "migrations" on a database one release behind, ready once migrated', async () => {
      const db = await target.create({ migrate: false });
      try {
        const all = await pendingMigrations(db.dialect);
        const last = all.at(-1)!;
        await migrateTo(db.dialect, all.at(-2)!);
        const s = await appOver(db);
        try {
          const behind = await s.readyz();
          assert.equal(behind.status, 503);
          assert.deepEqual(behind.body.failed, ['migrations']);
          assert.deepEqual(behind.body.checks.migrations, { ok: false, pending: [last] });
          await migrateToLatest(db.dialect);
          assert.equal((await s.readyz()).status, 200);
        } finally {
          await s.close();
        }
      } finally {
        await db.drop();
      }
    });

    test('503 "database" when the database is closed, without the driver\'s words', async () => {
      const db = await target.create();
      const s = await appOver(db);
      try {
        assert.equal((await s.readyz()).status, 200);
        await db.dialect.destroy();
        const down = await s.readyz();
        assert.equal(down.status, 503);
        assert.deepEqual(down.body.failed, ['database']);
        assert.deepEqual(down.body.checks.database, { ok: false });
        assert.doesNotMatch(JSON.stringify(down.body), /pool|driver|closed|destroy|connect/i);
      } finally {
        await s.app.close();
        await db.drop().catch(() => {});
      }
    });
  });
}
