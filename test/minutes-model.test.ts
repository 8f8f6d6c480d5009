// The minutes' model (services/exports/minutes-model.ts): what it says of each vote is what the
// vote's own record says, and it is read in the same number of queries whatever the number of
// votes in the sitting (never a query per vote). Runs on every database.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KyselyPlugin } from 'kysely';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, sittingWithMotion, startHarness, type Harness } from './support/test-app.ts';
import { loadMinutes } from '../src/services/exports/minutes-model.ts';
import { getVote } from '../src/services/record-reads.ts';

/** Counts the queries a database handle runs. */
function counting(): KyselyPlugin & { queries: number } {
  return {
    queries: 0,
    transformQuery(args) {
      this.queries++;
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
}

for (const target of testDatabases()) {
  describe(`the minutes' model on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let c: Awaited<ReturnType<typeof councilWithMembers>>;
    let base: string;
    let sittingId: number;
    const voteIds: number[] = [];

    /** A vote in the sitting on a new motion: named (with a dispute and a declared result) or by show of hands. */
    async function vote(method: 'electronic' | 'roll_call' | 'show_of_hands', first?: number) {
      const motionId =
        first ??
        (
          await c.clerk.request('POST', `${base}/motions`, {
            sittingId,
            kind: 'ordinary',
            title: `Motion ${voteIds.length + 1}`,
            text: 'That the council resolves.',
          })
        ).json().id;
      const opened = await c.clerk.request('POST', `${base}/votes`, { motionId, method });
      assert.equal(opened.statusCode, 201, opened.body);
      const id = opened.json().id as number;
      if (method === 'electronic')
        for (const [i, m] of c.members.entries())
          assert.equal(
            (await m.request('POST', `${base}/votes/${id}/ballots`, { choice: i === 1 ? 'no' : 'yes' })).statusCode,
            201,
          );
      if (method === 'roll_call')
        for (const memberId of c.memberIds)
          assert.equal(
            (await c.clerk.request('PUT', `${base}/votes/${id}/roll-call/${memberId}`, { choice: 'abstain' }))
              .statusCode,
            200,
          );
      const totals = method === 'show_of_hands' ? { yes: 2, no: 1, abstain: 0 } : null;
      const closed = await c.clerk.request('POST', `${base}/votes/${id}/close`, { totals });
      assert.equal(closed.statusCode, 200, closed.body);
      voteIds.push(id);
      return id;
    }

    before(async () => {
      h = await startHarness(target);
      c = await councilWithMembers(h, 'minutes-model', 3);
      const s = await sittingWithMotion(h, c);
      base = s.base;
      sittingId = s.sittingId;
      const first = await vote('electronic', s.motionId);
      const d = await c.members[0]!.request('POST', `${base}/disputes`, {
        targetType: 'vote',
        targetId: first,
        claimant: 'Member 1',
        claim: 'My ballot was cast late',
      });
      assert.equal(d.statusCode, 201, d.body);
      const declared = await c.clerk.request('POST', `${base}/votes/${first}/declared-results`, {
        adopted: false,
        declaredBy: 'The court',
        reason: 'Recount',
      });
      assert.equal(declared.statusCode, 201, declared.body);
    });
    after(async () => {
      await h?.close();
    });

    test('each vote says what its own record says, in the order taken', async () => {
      await vote('show_of_hands');
      const model = await loadMinutes(h.ctx.dialect.db, c.slug, sittingId, 'en', []);
      assert.deepEqual(
        model.votes.map((v) => v.id),
        voteIds,
      );
      for (const mv of model.votes) {
        const v = await getVote(h.ctx.dialect.db, c.slug, mv.id);
        assert.deepEqual(
          {
            motionTitle: mv.motionTitle,
            method: mv.method,
            majority: mv.majority,
            counts: mv.counts,
            rule: mv.rule,
            outcome: mv.outcome,
            ballots: mv.ballots,
            declaredResults: mv.declaredResults,
            disputes: mv.disputes,
            closeEntry: mv.closeEntry,
          },
          {
            motionTitle: v.motion.title,
            method: v.method,
            majority: v.majority,
            counts: v.counts,
            rule: v.rule,
            outcome: v.outcome && { adopted: v.outcome.adopted, explanation: v.outcome.explanation.en },
            ballots: (v.ballots ?? []).map((b) => ({ seat: b.seat, name: b.name, choice: b.choice })),
            declaredResults: v.declaredResults.map((d) => ({
              adopted: d.adopted,
              declaredBy: d.declaredBy,
              reason: d.reason,
            })),
            disputes: v.disputes.map((d) => ({ claimant: d.claimant, claim: d.claim })),
            closeEntry: v.closeEntry,
          },
        );
      }
      const [named] = model.votes;
      assert.deepEqual(
        named?.ballots.map((b) => [b.seat, b.choice]),
        [
          [1, 'yes'],
          [2, 'no'],
          [3, 'yes'],
        ],
      );
      assert.equal(named?.disputes.length, 1);
      assert.equal(named?.declaredResults.length, 1);
    });

    test('the number of queries does not grow with the number of votes', async () => {
      const count = async () => {
        const plugin = counting();
        await loadMinutes(h.ctx.dialect.db.withPlugin(plugin), c.slug, sittingId, 'ru', []);
        return plugin.queries;
      };
      const before = await count();
      assert.ok(before > 5, `the plugin sees the queries (${before})`);
      await vote('electronic');
      await vote('roll_call');
      await vote('show_of_hands');
      assert.equal(voteIds.length >= 5, true);
      assert.equal(await count(), before);
    });
  });
}
