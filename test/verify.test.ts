// `quorate verify` catches every rewrite: a changed ballot, outcome, rule or entry, and deleted
// or reordered entries, made directly in the database — and names the entry.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, sittingWithMotion, startHarness, type Harness } from './support/test-app.ts';
import { runCli } from './support/run-command.ts';
import { createDemo } from '../src/services/demo/create-demo.ts';
import { verifierKey } from '../src/services/log/log-reads.ts';

for (const target of testDatabases()) {
  describe(`quorate verify on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let bodyId: number;
    let electronicVote: number;
    let vkey: string;
    const slug = 'tamper';
    before(async () => {
      h = await startHarness(target);
      await createDemo(h.ctx);
      const c = await councilWithMembers(h, slug, 5);
      const { motionId, base, sittingId } = await sittingWithMotion(h, c);
      electronicVote = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'electronic' })).json().id;
      for (const [i, m] of c.members.entries())
        await m.request('POST', `${base}/votes/${electronicVote}/ballots`, { choice: i < 3 ? 'yes' : 'no' });
      await c.clerk.request('POST', `${base}/votes/${electronicVote}/close`, {});
      const m2 = (
        await c.clerk.request('POST', `${base}/motions`, { sittingId, kind: 'ordinary', title: 'Second', text: 'x' })
      ).json().id;
      const secret = (
        await c.clerk.request('POST', `${base}/votes`, { motionId: m2, method: 'secret_electronic' })
      ).json().id;
      for (const m of c.members.slice(0, 4))
        await m.request('POST', `${base}/votes/${secret}/ballots`, { choice: 'no' });
      await c.clerk.request('POST', `${base}/votes/${secret}/close`, {});
      bodyId = (
        await h.db.dialect.db.selectFrom('bodies').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()
      ).id;
      await h.runtime.integrator.integrateNow(bodyId);
      vkey = await verifierKey(h.db.dialect.db, h.keysDir, slug);
    });
    after(async () => {
      await h?.close();
    });

    const verify = async () => {
      const r = await runCli(['verify', h.db.target, '--body', slug, '--key', vkey, '--json']);
      return { code: r.code, report: JSON.parse(r.stdout || '{}'), stderr: r.stderr };
    };
    const db = () => h.db.dialect.db;

    /** Applies a change, verifies, then undoes it so each case starts from the true record. */
    async function tampered(change: () => Promise<() => Promise<void>>) {
      const undo = await change();
      try {
        return await verify();
      } finally {
        await undo();
        assert.equal((await verify()).code, 0, 'restored record verifies again');
      }
    }

    async function entryBytes(idx: number) {
      return new Uint8Array(
        (
          await db()
            .selectFrom('entries')
            .select('bytes')
            .where('body_id', '=', bodyId)
            .where('idx', '=', idx)
            .executeTakeFirstOrThrow()
        ).bytes,
      );
    }
    async function setEntry(idx: number, bytes: Uint8Array) {
      await db().updateTable('entries').set({ bytes }).where('body_id', '=', bodyId).where('idx', '=', idx).execute();
    }

    test('the untouched record verifies from the database and over HTTP', async () => {
      const r = await verify();
      assert.equal(r.code, 0, JSON.stringify(r.report));
      assert.equal(r.report.ok, true);
      await h.app.listen({ port: 0, host: '127.0.0.1' });
      const address = h.app.server.address() as { port: number };
      const http = await runCli(['verify', `http://127.0.0.1:${address.port}/log/smolninskoye`]);
      assert.equal(http.code, 0, http.stdout + http.stderr);
      assert.match(http.stdout, /^verified: council\.example\.org\/smolninskoye, \d+ entries/);
      const wrongKey = await runCli(['verify', `http://127.0.0.1:${address.port}/log/smolninskoye`, '--key', vkey]);
      assert.equal(wrongKey.code, 1, "another body's key does not verify this log");
    });

    test('a ballot changed in its table is caught and its entry named', async () => {
      const b = await db()
        .selectFrom('ballots')
        .selectAll()
        .where('vote_id', '=', electronicVote)
        .orderBy('membership_id')
        .executeTakeFirstOrThrow();
      const r = await tampered(async () => {
        await db()
          .updateTable('ballots')
          .set({ choice: 'no' })
          .where('vote_id', '=', electronicVote)
          .where('membership_id', '=', b.membership_id)
          .execute();
        return async () => {
          await db()
            .updateTable('ballots')
            .set({ choice: b.choice })
            .where('vote_id', '=', electronicVote)
            .where('membership_id', '=', b.membership_id)
            .execute();
        };
      });
      assert.equal(r.code, 1);
      assert.equal(r.report.problem.code, 'ballot_row_mismatch');
      assert.equal(r.report.problem.index, b.entry_index);
    });

    test('an outcome changed in its table is caught at the close entry', async () => {
      const v = await db().selectFrom('votes').selectAll().where('id', '=', electronicVote).executeTakeFirstOrThrow();
      const r = await tampered(async () => {
        await db()
          .updateTable('votes')
          .set({ adopted: v.adopted ? 0 : 1 })
          .where('id', '=', electronicVote)
          .execute();
        return async () => {
          await db().updateTable('votes').set({ adopted: v.adopted }).where('id', '=', electronicVote).execute();
        };
      });
      assert.equal(r.code, 1);
      assert.equal(r.report.problem.code, 'outcome_row_mismatch');
      assert.equal(r.report.problem.index, v.close_entry);
    });

    test('a rule changed in the body row is caught at the entry that set it', async () => {
      const body = await db().selectFrom('bodies').select('rules').where('id', '=', bodyId).executeTakeFirstOrThrow();
      const rules = JSON.parse(body.rules);
      rules.majorities.ordinary.fraction = '2/3';
      const r = await tampered(async () => {
        await db()
          .updateTable('bodies')
          .set({ rules: JSON.stringify(rules) })
          .where('id', '=', bodyId)
          .execute();
        return async () => {
          await db().updateTable('bodies').set({ rules: body.rules }).where('id', '=', bodyId).execute();
        };
      });
      assert.equal(r.code, 1);
      assert.equal(r.report.problem.code, 'rules_row_mismatch');
      assert.equal(r.report.problem.index, 0);
    });

    test('an entry rewritten in place is named (its outcome no longer follows, or it is not the signed one)', async () => {
      const close = (
        await db().selectFrom('votes').select('close_entry').where('id', '=', electronicVote).executeTakeFirstOrThrow()
      ).close_entry!;
      const original = await entryBytes(close);
      const changedOutcome = new TextEncoder().encode(
        new TextDecoder().decode(original).replace('"adopted":true', '"adopted":false'),
      );
      assert.notDeepEqual(changedOutcome, original);
      const r = await tampered(async () => {
        await setEntry(close, changedOutcome);
        return () => setEntry(close, original);
      });
      assert.equal(r.code, 1);
      assert.equal(r.report.problem.index, close);
      assert.equal(r.report.problem.code, 'outcome_mismatch');
      // A change the replay cannot see (a dispute's wording) is caught by the signed tree.
      const dispute = await db()
        .selectFrom('entries')
        .select(['idx', 'bytes'])
        .where('body_id', '=', bodyId)
        .where('type', '=', 'attendance.marked')
        .orderBy('idx')
        .executeTakeFirstOrThrow();
      const orig2 = new Uint8Array(dispute.bytes);
      const changed2 = new TextEncoder().encode(
        new TextDecoder().decode(orig2).replace('"recordedAt":"2', '"recordedAt":"1'),
      );
      const r2 = await tampered(async () => {
        await setEntry(dispute.idx, changed2);
        return () => setEntry(dispute.idx, orig2);
      });
      assert.equal(r2.code, 1);
      assert.equal(r2.report.problem.code, 'entry_changed');
      assert.equal(r2.report.problem.index, dispute.idx);
    });

    test('a deleted entry and two swapped entries are named', async () => {
      const victim = 7;
      const bytes = await entryBytes(victim);
      const row = await db()
        .selectFrom('entries')
        .selectAll()
        .where('body_id', '=', bodyId)
        .where('idx', '=', victim)
        .executeTakeFirstOrThrow();
      const deleted = await tampered(async () => {
        await db().deleteFrom('entries').where('body_id', '=', bodyId).where('idx', '=', victim).execute();
        return async () => {
          await db()
            .insertInto('entries')
            .values({ ...row, bytes })
            .execute();
        };
      });
      assert.equal(deleted.code, 1);
      assert.equal(deleted.report.problem.index, victim);
      assert.equal(deleted.report.problem.code, 'entry_missing');
      const [a, b] = [3, 9];
      const ba = await entryBytes(a);
      const bb = await entryBytes(b);
      const swapped = await tampered(async () => {
        await setEntry(a, bb);
        await setEntry(b, ba);
        return async () => {
          await setEntry(a, ba);
          await setEntry(b, bb);
        };
      });
      assert.equal(swapped.code, 1);
      assert.equal(swapped.report.problem.index, a);
    });

    test('a checkpoint signed by another key, or a forged checkpoint, does not verify', async () => {
      const state = await db()
        .selectFrom('log_state')
        .selectAll()
        .where('body_id', '=', bodyId)
        .executeTakeFirstOrThrow();
      const r = await tampered(async () => {
        await db()
          .updateTable('log_state')
          .set({ checkpoint: state.checkpoint.replace(/\n\d+\n/, '\n1\n') })
          .where('body_id', '=', bodyId)
          .execute();
        return async () => {
          await db()
            .updateTable('log_state')
            .set({ checkpoint: state.checkpoint })
            .where('body_id', '=', bodyId)
            .execute();
        };
      });
      assert.equal(r.code, 1);
      assert.equal(r.report.problem.code, 'invalid_signature');
    });
  });
}

for (const target of testDatabases()) {
  describe(`key rotation on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
      await createDemo(h.ctx);
    });
    after(async () => {
      await h?.close();
    });

    test('after a rotation, a verifier that trusts the old key follows the chain; a forged rotation is named', async () => {
      const { rotateLogKey } = await import('../src/services/log/rotate-key.ts');
      const { operatorActor } = await import('../src/cli/operator.ts');
      const db = h.db.dialect.db;
      const body = await db
        .selectFrom('bodies')
        .select('id')
        .where('slug', '=', 'smolninskoye')
        .executeTakeFirstOrThrow();
      await h.runtime.integrator.integrateNow(body.id);
      const oldVkey = await verifierKey(db, h.keysDir, 'smolninskoye');
      const r = await rotateLogKey(h.ctx, operatorActor(body.id), 'smolninskoye');
      assert.equal(r.oldVkey, oldVkey);
      assert.notEqual(r.newVkey, oldVkey);
      await h.runtime.integrator.integrateNow(body.id);
      assert.equal((await h.app.inject({ url: '/log/smolninskoye/key' })).body.trim(), r.newVkey);
      const withOld = await runCli(['verify', h.db.target, '--body', 'smolninskoye', '--key', oldVkey, '--json']);
      assert.equal(withOld.code, 0, withOld.stdout);
      const withNew = await runCli(['verify', h.db.target, '--body', 'smolninskoye', '--key', r.newVkey, '--json']);
      assert.equal(withNew.code, 0, withNew.stdout);
      // Forge the rotation: another key announced without the old key's signature.
      const e = await db
        .selectFrom('entries')
        .select('bytes')
        .where('body_id', '=', body.id)
        .where('idx', '=', r.entryIndex)
        .executeTakeFirstOrThrow();
      const text = Buffer.from(e.bytes).toString();
      const forged = new TextEncoder().encode(
        text.replace(/"signature":"[^"]+"/, `"signature":"${Buffer.alloc(64, 7).toString('base64')}"`),
      );
      await db
        .updateTable('entries')
        .set({ bytes: forged })
        .where('body_id', '=', body.id)
        .where('idx', '=', r.entryIndex)
        .execute();
      const bad = await runCli(['verify', h.db.target, '--body', 'smolninskoye', '--key', oldVkey, '--json']);
      assert.equal(bad.code, 1);
      assert.equal(JSON.parse(bad.stdout).problem.code, 'bad_key_rotation');
      assert.equal(JSON.parse(bad.stdout).problem.index, r.entryIndex);
      await db
        .updateTable('entries')
        .set({ bytes: e.bytes })
        .where('body_id', '=', body.id)
        .where('idx', '=', r.entryIndex)
        .execute();
    });
  });
}
