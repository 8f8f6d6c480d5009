// Races, on every database: duplicate submissions, a ballot racing the close, two clerks closing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, makeClient, sittingWithMotion, startHarness, type Harness } from './support/test-app.ts';

for (const target of testDatabases()) {
  describe(`races on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      await h?.close();
    });

    test("1,000 concurrent duplicate submissions of one member's ballot record exactly one", async () => {
      const c = await councilWithMembers(h, 'dup-race', 2);
      const { motionId, base } = await sittingWithMotion(h, c);
      const voteId = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'electronic' })).json().id;
      const m = c.members[0]!;
      // Half retry with one client ballot id (a flaky phone), half are fresh submissions.
      const rs = await Promise.all(
        Array.from({ length: 1000 }, (_, i) =>
          m.request(
            'POST',
            `${base}/votes/${voteId}/ballots`,
            i % 2 === 0
              ? { choice: 'yes', clientBallotId: 'same-ballot-0001' }
              : { choice: i % 3 === 0 ? 'no' : 'yes' },
          ),
        ),
      );
      const created = rs.filter((r) => r.statusCode === 201);
      const dist: Record<string, number> = {};
      for (const r of rs)
        dist[`${r.statusCode} ${r.json().code ?? ''}`] = (dist[`${r.statusCode} ${r.json().code ?? ''}`] ?? 0) + 1;
      assert.equal(created.length, 1, `exactly one ballot is created: ${JSON.stringify(dist)}`);
      for (const r of rs) assert.ok([200, 201, 409].includes(r.statusCode), `unexpected ${r.statusCode}: ${r.body}`);
      const stored = await h.db.dialect.db.selectFrom('ballots').selectAll().where('vote_id', '=', voteId).execute();
      assert.equal(stored.length, 1);
      assert.equal(stored[0]!.choice, created[0]!.json().choice);
      // Every 200 is a replay of that same ballot.
      for (const r of rs.filter((x) => x.statusCode === 200))
        assert.equal(r.json().entryIndex, created[0]!.json().entryIndex);
      const entries = await h.db.dialect.db
        .selectFrom('entries')
        .select('bytes')
        .where('type', '=', 'ballot.received')
        .execute();
      assert.equal(
        entries.filter((e) =>
          Buffer.from(e.bytes)
            .toString()
            .match(new RegExp(`"vote":${voteId}[,}]`)),
        ).length,
        1,
      );
    });

    test('a ballot racing the close is either counted or refused with a code, never acknowledged and lost', async () => {
      for (let round = 0; round < 5; round++) {
        const c = await councilWithMembers(h, `close-race-${round}`, 12);
        const { motionId, base } = await sittingWithMotion(h, c);
        const voteId = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'electronic' })).json().id;
        const ballots = c.members.map((m) => m.request('POST', `${base}/votes/${voteId}/ballots`, { choice: 'yes' }));
        const close = c.clerk.request('POST', `${base}/votes/${voteId}/close`, {});
        const [closed, ...rs] = await Promise.all([close, ...ballots]);
        assert.equal(closed.statusCode, 200, closed.body);
        const acked = rs.filter((r) => r.statusCode === 201).length;
        for (const r of rs) {
          if (r.statusCode !== 201) {
            assert.equal(r.statusCode, 409);
            assert.equal(r.json().code, 'vote_closed');
          }
        }
        const vote = (await c.clerk.request('GET', `${base}/votes/${voteId}`)).json();
        assert.equal(vote.counts.yes, acked, 'every acknowledged ballot is in the outcome');
        assert.equal(vote.ballots.length, acked);
      }
    });

    test('two clerks closing at once close once', async () => {
      const c = await councilWithMembers(h, 'double-close', 3);
      const clerk2 = await makeClient(h, { roles: [['double-close', 'clerk']] });
      const { motionId, base } = await sittingWithMotion(h, c);
      const voteId = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'show_of_hands' })).json().id;
      const [a, b] = await Promise.all([
        c.clerk.request('POST', `${base}/votes/${voteId}/close`, { totals: { yes: 2, no: 1, abstain: 0 } }),
        clerk2.request('POST', `${base}/votes/${voteId}/close`, { totals: { yes: 1, no: 2, abstain: 0 } }),
      ]);
      const statuses = [a.statusCode, b.statusCode].sort();
      assert.deepEqual(statuses, [200, 409]);
      const loser = a.statusCode === 409 ? a : b;
      assert.equal(loser.json().code, 'vote_closed');
      const closes = await h.db.dialect.db
        .selectFrom('entries')
        .select('bytes')
        .where('type', '=', 'vote.closed')
        .execute();
      assert.equal(
        closes.filter((e) =>
          Buffer.from(e.bytes)
            .toString()
            .match(new RegExp(`"vote":${voteId}[,}]`)),
        ).length,
        1,
      );
      const decisions = await h.db.dialect.db
        .selectFrom('decisions')
        .selectAll()
        .where('vote_id', '=', voteId)
        .execute();
      assert.ok(decisions.length <= 1);
    });
  });
}
