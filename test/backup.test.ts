// Backups while serving, on every database: the restored record has a checkpoint the original
// published, and verifies.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases, createPostgresDatabase } from './support/databases.ts';
import { makeClient, startHarness, type Harness } from './support/test-app.ts';
import { runCli } from './support/run-command.ts';
import { createDemo, DEMO_SLUG } from '../src/services/demo/create-demo.ts';
import { openDatabase } from '../src/db/open-database.ts';

for (const target of testDatabases()) {
  describe(`backup and restore on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    const dir = mkdtempSync(join(tmpdir(), 'quorate-backup-'));
    before(async () => {
      h = await startHarness(target);
      await createDemo(h.ctx);
    });
    after(async () => {
      await h?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('a backup taken under writes restores to a record that verifies with a published checkpoint', async () => {
      const clerk = await makeClient(h, { roles: [[DEMO_SLUG, 'clerk']] });
      let writing = true;
      let written = 0;
      const writer = (async () => {
        while (writing) {
          const r = await clerk.request('POST', `/api/v1/bodies/${DEMO_SLUG}/disputes`, {
            targetType: 'sitting',
            targetId: 1,
            claimant: 'A resident',
            claim: `objection ${written}`,
          });
          assert.equal(r.statusCode, 201);
          written++;
        }
      })();
      await new Promise((r) => setTimeout(r, 100));
      const file = join(dir, `backup-${target.label}.${target.label === 'sqlite' ? 'db' : 'dump'}`);
      const b = await runCli(['backup', file, '--db', h.db.target]);
      assert.equal(b.code, 0, b.stderr);
      assert.match(b.stdout, /signing keys are not included/);
      writing = false;
      await writer;
      assert.ok(written > 0);
      assert.equal((await runCli(['backup', file, '--db', h.db.target])).code, 1, 'never overwrites a backup');

      let restoredTarget: string;
      let dropRestored = async () => {};
      if (target.label === 'sqlite') restoredTarget = join(dir, 'restored.db');
      else {
        const pg = await createPostgresDatabase();
        restoredTarget = pg.url;
        dropRestored = pg.drop;
      }
      try {
        const r = await runCli(['restore', file, '--db', restoredTarget]);
        assert.equal(r.code, 0, r.stderr);
        if (target.label === 'sqlite')
          assert.equal(
            (await runCli(['restore', file, '--db', restoredTarget])).code,
            1,
            'never restores over a record',
          );
        const restored = openDatabase(restoredTarget);
        try {
          const state = await restored.db
            .selectFrom('log_state')
            .innerJoin('bodies', 'bodies.id', 'log_state.body_id')
            .select(['log_state.size', 'log_state.root', 'bodies.slug'])
            .where('bodies.slug', '=', DEMO_SLUG)
            .executeTakeFirstOrThrow();
          const published = await h.db.dialect.db
            .selectFrom('log_checkpoints')
            .innerJoin('bodies', 'bodies.id', 'log_checkpoints.body_id')
            .select(['log_checkpoints.root'])
            .where('bodies.slug', '=', DEMO_SLUG)
            .where('log_checkpoints.size', '=', state.size)
            .executeTakeFirstOrThrow();
          assert.deepEqual(
            Buffer.from(state.root),
            Buffer.from(published.root),
            'the restored checkpoint is one the original published',
          );
        } finally {
          await restored.destroy();
        }
        const v = await runCli(['verify', restoredTarget, '--body', DEMO_SLUG, '--json'], {
          env: { QUORATE_KEYS: h.keysDir },
        });
        assert.equal(v.code, 0, v.stdout + v.stderr);
      } finally {
        await dropRestored();
      }
    });
  });
}
