// A convention-sized named vote: more ballots than one entry can reveal. The close reveals them in
// parts, verify replays them, each receipt checks against its part, and a changed part is named.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testDatabases } from './support/databases.ts';
import { runCli } from './support/run-command.ts';
import { buildConvention, type Convention } from '../bench/support/convention.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { createRuntime, type Runtime } from '../src/services/runtime.ts';
import { buildApp } from '../src/http/app.ts';
import { REVEAL_PER_ENTRY } from '../src/services/votes.ts';
import { checkReceipt } from '../src/web/components/receipt-check.ts';
import type { QuorateDialect } from '../src/db/dialects/quorate-dialect.ts';

const MEMBERS = REVEAL_PER_ENTRY + 60;

for (const target of testDatabases()) {
  describe(`a ${MEMBERS}-member named vote on ${target.label}`, { skip: target.skip }, () => {
    let conv: Convention;
    let dialect: QuorateDialect;
    let runtime: Runtime;
    let app: Awaited<ReturnType<typeof buildApp>>;
    before(async () => {
      conv = await buildConvention({ members: MEMBERS, postgres: target.label === 'postgres' });
      dialect = openDatabase(conv.target);
      runtime = createRuntime(dialect, { keysDir: conv.keysDir });
      app = await buildApp({ ctx: runtime.ctx });
    });
    after(async () => {
      await app?.close();
      await runtime?.close();
      await dialect?.destroy();
      await conv?.drop();
    });

    test('closes with its ballots revealed in parts; receipts and verify hold; a changed part is named', async () => {
      const as = (s: { cookie: string; csrf: string }) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });
      const api = `/api/v1/bodies/${conv.slug}`;
      const vote = (
        await app.inject({
          method: 'POST',
          url: `${api}/votes`,
          headers: as(conv.clerk),
          payload: { motionId: conv.motionId, method: 'electronic' },
        })
      ).json();
      const receipts = await Promise.all(
        conv.members.map(async (m, i) => {
          const r = await app.inject({
            method: 'POST',
            url: `${api}/votes/${vote.id}/ballots`,
            headers: as(m),
            payload: { choice: i % 3 ? 'yes' : 'no' },
          });
          assert.equal(r.statusCode, 201, r.body);
          return r.json();
        }),
      );
      const closed = await app.inject({
        method: 'POST',
        url: `${api}/votes/${vote.id}/close`,
        headers: as(conv.clerk),
        payload: {},
      });
      assert.equal(closed.statusCode, 200, closed.body);
      const close = JSON.parse((await app.inject({ url: `${api}/entries/${closed.json().closeEntry}` })).body);
      assert.equal(close.data.ballots, null);
      assert.equal(close.data.revealedIn.length, Math.ceil(MEMBERS / REVEAL_PER_ENTRY));
      const parts = await Promise.all(
        close.data.revealedIn.map(async (i: number) => (await app.inject({ url: `${api}/entries/${i}` })).body),
      );
      const sha = (d: Uint8Array) => createHash('sha256').update(d).digest();
      for (const r of [receipts[0], receipts.at(-1)]) {
        const verdicts = await Promise.all(parts.map((text) => checkReceipt(r, r.member, text, async (d) => sha(d))));
        assert.equal(verdicts.filter((v) => v.ok).length, 1, 'each receipt is revealed in exactly one part');
      }
      const body = await dialect.db
        .selectFrom('bodies')
        .select(['id', 'origin'])
        .where('slug', '=', conv.slug)
        .executeTakeFirstOrThrow();
      await runtime.integrator.integrateNow(body.id);
      const env = { QUORATE_KEYS: conv.keysDir };
      const ok = await runCli(['verify', conv.target, '--body', conv.slug, '--json'], { env });
      assert.equal(ok.code, 0, ok.stdout);
      // Move one ballot from the first part to nowhere: the replay no longer adds up.
      const first = close.data.revealedIn[0] as number;
      const original = (
        await dialect.db
          .selectFrom('entries')
          .select('bytes')
          .where('body_id', '=', body.id)
          .where('idx', '=', first)
          .executeTakeFirstOrThrow()
      ).bytes;
      const entry = JSON.parse(Buffer.from(original).toString());
      entry.data.ballots[0].choice = entry.data.ballots[0].choice === 'yes' ? 'no' : 'yes';
      const { encodeEntry } = await import('../src/domain/entries/record-entry.ts');
      await dialect.db
        .updateTable('entries')
        .set({ bytes: encodeEntry(entry) })
        .where('body_id', '=', body.id)
        .where('idx', '=', first)
        .execute();
      const bad = await runCli(['verify', conv.target, '--body', conv.slug, '--json'], { env });
      assert.equal(bad.code, 1);
      assert.equal(JSON.parse(bad.stdout).problem.code, 'commitment_mismatch');
      await dialect.db
        .updateTable('entries')
        .set({ bytes: original })
        .where('body_id', '=', body.id)
        .where('idx', '=', first)
        .execute();
    });
  });
}
