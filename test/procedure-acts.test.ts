// Issue 13, GO NRW §49 and RONR 57:1 through the API on SQLite and PostgreSQL: a lack of quorum is
// a recorded act (votes opened before it stay valid, votes after it go by the count), a second
// convocation and previous notice are flags on the motion, the close entry carries them, and the
// whole log verifies.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, makeClient, startHarness, type Harness } from './support/test-app.ts';
import { runCli } from './support/run-command.ts';
import { verifierKey } from '../src/services/log/log-reads.ts';

for (const target of testDatabases()) {
  describe(`procedural acts on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      await h?.close();
    });

    test('a clerk adopts a corrected preset only between votes, and the log still verifies', async () => {
      const c = await councilWithMembers(h, 'adopt', 3, { rules: 'ru-131fz' });
      const base = `/api/v1/bodies/${c.slug}`;
      // A copy of the preset as it stood before its correction (no competence check, no citations).
      const bodyAdmin = await makeClient(h, { roles: [[c.slug, 'admin']] });
      const old = {
        preset: 'ru-131fz',
        quorum: { base: 'filled', fraction: '1/2', compare: '>=' },
        majorities: { ordinary: { base: 'cast_with_abstentions', fraction: '1/2', compare: '>', tie: 'fails' } },
        motionKinds: { ordinary: 'ordinary' },
      };
      assert.equal((await bodyAdmin.request('PUT', `${base}/rules`, { rules: old })).statusCode, 200);
      const sittingId = (
        await c.clerk.request('POST', `${base}/sittings`, { title: 'Заседание', date: '2026-11-30' })
      ).json().id as number;
      await c.clerk.request('POST', `${base}/sittings/${sittingId}/open`);
      for (const id of c.memberIds)
        await c.clerk.request('PUT', `${base}/sittings/${sittingId}/attendance/${id}`, { status: 'present' });
      const motionId = (
        await c.clerk.request('POST', `${base}/motions`, { sittingId, kind: 'ordinary', title: 'Решение', text: 'x' })
      ).json().id as number;
      const voteId = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'show_of_hands' })).json()
        .id as number;
      const during = await c.clerk.request('POST', `${base}/rules/adopt-preset`, {});
      assert.deepEqual([during.statusCode, during.json().code], [409, 'vote_in_progress']);
      const closed = await c.clerk.request('POST', `${base}/votes/${voteId}/close`, {
        totals: { yes: 2, no: 1, abstain: 0 },
      });
      assert.equal(closed.statusCode, 200, closed.body);
      const adopted = await c.clerk.request('POST', `${base}/rules/adopt-preset`, {});
      assert.equal(adopted.statusCode, 200, adopted.body);
      const r = await runCli([
        'verify',
        h.db.target,
        '--body',
        c.slug,
        '--key',
        await verifierKey(h.db.dialect.db, h.keysDir, c.slug),
        '--json',
      ]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
    });

    test('GO NRW §49: presumed quorate until the lack is established; then the count; a second convocation is quorate', async () => {
      const c = await councilWithMembers(h, 'nrw', 9, { rules: 'de-nrw' });
      const base = `/api/v1/bodies/${c.slug}`;
      const sittingId = (
        await c.clerk.request('POST', `${base}/sittings`, { title: 'Sitzung', date: '2026-11-30' })
      ).json().id as number;
      await c.clerk.request('POST', `${base}/sittings/${sittingId}/open`);
      // 3 of 9 present: not more than half by the count.
      for (const id of c.memberIds.slice(0, 3))
        await c.clerk.request('PUT', `${base}/sittings/${sittingId}/attendance/${id}`, { status: 'present' });
      const motion = async (extra: Record<string, unknown> = {}) =>
        (
          await c.clerk.request('POST', `${base}/motions`, {
            sittingId,
            kind: 'ordinary',
            title: 'Antrag',
            text: 'x',
            ...extra,
          })
        ).json().id as number;
      const vote = async (motionId: number, yes: number) => {
        const id = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'show_of_hands' })).json()
          .id as number;
        return {
          id,
          close: async () =>
            (
              await c.clerk.request('POST', `${base}/votes/${id}/close`, { totals: { yes, no: 3 - yes, abstain: 0 } })
            ).json(),
        };
      };

      const before = await vote(await motion(), 2);
      // Established while the first vote is open: that vote was taken before, and stands.
      const lack = await c.clerk.request('POST', `${base}/sittings/${sittingId}/lack-of-quorum`);
      assert.equal(lack.statusCode, 201, lack.body);
      const first = await before.close();
      assert.deepEqual([first.outcome.quorate, first.outcome.adopted], [true, true]);
      const again = await c.clerk.request('POST', `${base}/sittings/${sittingId}/lack-of-quorum`);
      assert.deepEqual([again.statusCode, again.json().code], [409, 'lack_of_quorum_already_established']);

      const afterLack = await (await vote(await motion(), 2)).close();
      assert.deepEqual([afterLack.outcome.quorate, afterLack.outcome.reason], [false, 'inquorate']);

      const second = await (await vote(await motion({ secondConvocation: true }), 2)).close();
      assert.deepEqual([second.outcome.quorate, second.outcome.adopted], [true, true]);

      const entries = (
        await h.db.dialect.db
          .selectFrom('entries')
          .innerJoin('bodies', 'bodies.id', 'entries.body_id')
          .select(['entries.type', 'entries.bytes'])
          .where('bodies.slug', '=', c.slug)
          .where('entries.type', '=', 'vote.closed')
          .orderBy('entries.idx')
          .execute()
      ).map((r) => JSON.parse(Buffer.from(r.bytes as Uint8Array).toString('utf8')).data.counts);
      assert.deepEqual(
        entries.map((x) => [x.lackOfQuorumEstablished ?? false, x.secondConvocation ?? false]),
        [
          [false, false],
          [true, false],
          [true, true],
        ],
      );

      const bodyId = (
        await h.db.dialect.db.selectFrom('bodies').select('id').where('slug', '=', c.slug).executeTakeFirstOrThrow()
      ).id;
      await h.runtime.integrator.integrateNow(bodyId);
      const r = await runCli([
        'verify',
        h.db.target,
        '--body',
        c.slug,
        '--key',
        await verifierKey(h.db.dialect.db, h.keysDir, c.slug),
        '--json',
      ]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
    });

    test('a lack of quorum cannot be established while the count shows one', async () => {
      const c = await councilWithMembers(h, 'nrw-full', 5, { rules: 'de-nrw' });
      const base = `/api/v1/bodies/${c.slug}`;
      const sittingId = (
        await c.clerk.request('POST', `${base}/sittings`, { title: 'Sitzung', date: '2026-11-30' })
      ).json().id as number;
      await c.clerk.request('POST', `${base}/sittings/${sittingId}/open`);
      for (const id of c.memberIds)
        await c.clerk.request('PUT', `${base}/sittings/${sittingId}/attendance/${id}`, { status: 'present' });
      const r = await c.clerk.request('POST', `${base}/sittings/${sittingId}/lack-of-quorum`);
      assert.deepEqual([r.statusCode, r.json().code], [409, 'quorum_present']);
      const sitting = await h.db.dialect.db
        .selectFrom('sittings')
        .select('lack_of_quorum_entry')
        .where('id', '=', sittingId)
        .executeTakeFirstOrThrow();
      assert.equal(sitting.lack_of_quorum_entry, null);
    });

    test('RONR 57:1: bylaws pass by a majority of the entire membership, or two thirds with previous notice', async () => {
      const c = await councilWithMembers(h, 'society', 10, { rules: 'ronr' });
      const base = `/api/v1/bodies/${c.slug}`;
      const sittingId = (
        await c.clerk.request('POST', `${base}/sittings`, { title: 'Meeting', date: '2026-11-30' })
      ).json().id as number;
      await c.clerk.request('POST', `${base}/sittings/${sittingId}/open`);
      for (const id of c.memberIds.slice(0, 9))
        await c.clerk.request('PUT', `${base}/sittings/${sittingId}/attendance/${id}`, { status: 'present' });
      const decide = async (previousNotice: boolean, yes: number, no: number) => {
        const motionId = (
          await c.clerk.request('POST', `${base}/motions`, {
            sittingId,
            kind: 'charter_amendment',
            title: 'Amend the bylaws',
            text: 'x',
            previousNotice,
          })
        ).json().id;
        const id = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'show_of_hands' })).json().id;
        return (
          await c.clerk.request('POST', `${base}/votes/${id}/close`, { totals: { yes, no, abstain: 9 - yes - no } })
        ).json().outcome;
      };
      // 5 of 10 members is not more than half; with notice, 5 ≥ 2/3 of 7.
      assert.deepEqual(Object.values(await decide(false, 5, 2)).slice(0, 2), [true, false]);
      assert.equal((await decide(true, 5, 2)).adopted, true);
      assert.equal((await decide(false, 6, 3)).adopted, true);
    });
  });
}
