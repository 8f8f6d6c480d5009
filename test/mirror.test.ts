// Mirrors and witnesses: a mirror follows the log and keeps a verified copy; the log gets its
// checkpoints cosigned; when the operator rewrites history, the mirror reports the fork and the
// witness refuses to cosign.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases } from './support/databases.ts';
import { makeClient, startHarness, type Harness } from './support/test-app.ts';
import { runCli } from './support/run-command.ts';
import { createDemo, DEMO_SLUG } from '../src/services/demo/create-demo.ts';
import { MirrorStore } from '../src/services/mirror/mirror-store.ts';
import { followOnce } from '../src/services/mirror/follow-log.ts';
import { Witness } from '../src/services/mirror/witness.ts';
import { allowWitness } from '../src/services/log/witness-allow-list.ts';
import { operatorActor } from '../src/cli/operator.ts';
import { buildMirrorServer } from '../src/http/mirror-server.ts';
import { HttpLogSource } from '../src/services/verify/log-source.ts';
import { sha256 } from '../src/services/service-context.ts';
import { ed25519Verify } from '../src/services/log/signing-keys.ts';
import { ed25519Verifier, openNote } from '../src/domain/log/note.ts';
import { cosignatureVerifier } from '../src/domain/log/cosignature.ts';

for (const target of testDatabases()) {
  describe(`mirror and witness on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let base: string;
    let bodyId: number;
    const dirs: string[] = [];
    let witnessServer: Awaited<ReturnType<typeof buildMirrorServer>>;
    let witness: Witness;
    const tmp = () => {
      const d = mkdtempSync(join(tmpdir(), 'quorate-mirror-'));
      dirs.push(d);
      return d;
    };
    before(async () => {
      h = await startHarness(target);
      await createDemo(h.ctx);
      bodyId = (
        await h.db.dialect.db.selectFrom('bodies').select('id').where('slug', '=', DEMO_SLUG).executeTakeFirstOrThrow()
      ).id;
      await h.runtime.integrator.integrateNow(bodyId);
      base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    });
    after(async () => {
      await witnessServer?.close();
      await h?.close();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });
    const logUrl = () => `${base}/log/${DEMO_SLUG}`;

    async function newFact(claim: string) {
      const clerk = await makeClient(h, { roles: [[DEMO_SLUG, 'clerk']] });
      const r = await clerk.request('POST', `/api/v1/bodies/${DEMO_SLUG}/disputes`, {
        targetType: 'sitting',
        targetId: 1,
        claimant: 'A resident',
        claim,
      });
      assert.equal(r.statusCode, 201, r.body);
      await h.runtime.integrator.integrateNow(bodyId);
      await h.runtime.settled();
    }

    test('the log pushes each checkpoint to its witness and serves it cosigned', async () => {
      const wstore = new MirrorStore(tmp());
      assert.equal((await followOnce(new HttpLogSource(logUrl()), wstore)).status, 'updated');
      witness = new Witness(wstore, 'witness.example.org/w1');
      witnessServer = await buildMirrorServer(wstore, DEMO_SLUG, witness);
      const witnessUrl = await witnessServer.listen({ port: 0, host: '127.0.0.1' });
      const admin = await makeClient(h, { roles: [[DEMO_SLUG, 'admin']] });
      await allowWitness(h.ctx, operatorActor(), witnessUrl);
      const added = await admin.request('POST', `/api/v1/bodies/${DEMO_SLUG}/witnesses`, {
        url: witnessUrl,
        vkey: witness.vkey,
      });
      assert.equal(added.statusCode, 201, added.body);
      const clerkDenied = await (await makeClient(h, { roles: [[DEMO_SLUG, 'clerk']] })).request(
        'POST',
        `/api/v1/bodies/${DEMO_SLUG}/witnesses`,
        { url: witnessUrl, vkey: witness.vkey },
      );
      assert.equal(clerkDenied.statusCode, 403);
      await newFact('first new fact');
      const note = await (await fetch(`${logUrl()}/checkpoint`)).text();
      const vkey = (await (await fetch(`${logUrl()}/key`)).text()).trim();
      const opened = openNote(note, [
        ed25519Verifier(sha256, vkey, ed25519Verify),
        cosignatureVerifier(sha256, witness.vkey, ed25519Verify),
      ]);
      assert.equal(opened.verified.length, 2, 'signed by the log and cosigned by the witness');
      const row = await h.db.dialect.db.selectFrom('body_witnesses').selectAll().executeTakeFirstOrThrow();
      assert.equal(row.last_error, null);
    });

    test('a mirror follows, serves a copy that verifies, and reports a rewritten log as a fork', async () => {
      const mdir = tmp();
      const store = new MirrorStore(mdir);
      assert.equal((await followOnce(new HttpLogSource(logUrl()), store)).status, 'updated');
      await newFact('second new fact');
      const r2 = await followOnce(new HttpLogSource(logUrl()), store);
      assert.equal(r2.status, 'updated');
      assert.equal((await followOnce(new HttpLogSource(logUrl()), store)).status, 'unchanged');
      const mirror = await buildMirrorServer(store, DEMO_SLUG, null);
      const mirrorUrl = await mirror.listen({ port: 0, host: '127.0.0.1' });
      try {
        const v = await runCli(['verify', `${mirrorUrl}/log/${DEMO_SLUG}`]);
        assert.equal(v.code, 0, v.stdout + v.stderr);
      } finally {
        await mirror.close();
      }
      const held = store.readText('checkpoint');

      // The operator rewrites entry 5 and re-signs a whole new tree, then appends one more fact.
      const db = h.db.dialect.db;
      const e = await db
        .selectFrom('entries')
        .select('bytes')
        .where('body_id', '=', bodyId)
        .where('idx', '=', 5)
        .executeTakeFirstOrThrow();
      const rewritten = new TextEncoder().encode(
        new TextDecoder().decode(new Uint8Array(e.bytes)).replace('"recordedAt":"2', '"recordedAt":"1'),
      );
      await db
        .updateTable('entries')
        .set({ bytes: rewritten })
        .where('body_id', '=', bodyId)
        .where('idx', '=', 5)
        .execute();
      await db.deleteFrom('log_tiles').where('body_id', '=', bodyId).execute();
      await db.deleteFrom('log_checkpoints').where('body_id', '=', bodyId).execute();
      await db.deleteFrom('log_state').where('body_id', '=', bodyId).execute();
      await newFact('a fact after the rewrite');

      const fork = await followOnce(new HttpLogSource(logUrl()), store);
      assert.equal(fork.status, 'fork');
      assert.ok(existsSync(join(mdir, 'FORK-ALARM')));
      assert.equal(store.readText('checkpoint'), held, 'the mirror keeps its true copy');
      const cli = await runCli(['mirror', logUrl(), mdir, '--once']);
      assert.equal(cli.code, 1);
      assert.match(cli.stderr, /FORK/);

      // The witness refused: the rewritten checkpoint carries no cosignature.
      const row = await db.selectFrom('body_witnesses').selectAll().executeTakeFirstOrThrow();
      assert.match(row.last_error ?? '', /422|409/);
      const note = await (await fetch(`${logUrl()}/checkpoint`)).text();
      assert.throws(() => openNote(note, [cosignatureVerifier(sha256, witness.vkey, ed25519Verify)]), {
        code: 'no_verified_signature',
      });
    });
  });
}
