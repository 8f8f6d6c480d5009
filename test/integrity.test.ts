// Issue 12, items 1, 2, 3, 4 and 18, on every database: who may link a seat to an account and
// when; the rules a use case decides on are those in force under the log-head lock; no refusal
// while a vote is open depends on its running count; calendar days in the body's time zone;
// register numbers unique and printable.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, makeClient, sittingWithMotion, startHarness, type Harness } from './support/test-app.ts';
import { runCli } from './support/run-command.ts';
import { decodeEntry } from '../src/domain/entries/record-entry.ts';
import { verifierKey } from '../src/services/log/log-reads.ts';
import { PRESETS } from '../src/domain/rules/presets.ts';

type Council = Awaited<ReturnType<typeof councilWithMembers>>;

for (const target of testDatabases()) {
  describe(`record integrity on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      await h?.close();
    });

    const bodyId = async (slug: string) =>
      (await h.db.dialect.db.selectFrom('bodies').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
    /** `quorate verify` of the whole body log, from the database. */
    const verify = async (slug: string) => {
      await h.runtime.integrator.integrateNow(await bodyId(slug));
      const vkey = await verifierKey(h.db.dialect.db, h.keysDir, slug);
      const r = await runCli(['verify', h.db.target, '--body', slug, '--key', vkey, '--json']);
      return { code: r.code, out: r.stdout + r.stderr };
    };
    const entry = async (slug: string, index: number) =>
      decodeEntry((await h.app.inject({ url: `/api/v1/bodies/${slug}/entries/${index}` })).rawPayload);
    /** Everything recorded about one body: its rows in the tables a vote touches, and its log. */
    const bodyState = async (slug: string) => {
      const id = await bodyId(slug);
      const db = h.db.dialect.db;
      const parts = await Promise.all([
        db.selectFrom('bodies').selectAll().where('id', '=', id).execute(),
        db.selectFrom('votes').selectAll().where('body_id', '=', id).orderBy('id').execute(),
        db
          .selectFrom('ballots')
          .selectAll()
          .where('body_id', '=', id)
          .orderBy('vote_id')
          .orderBy('membership_id')
          .execute(),
        db
          .selectFrom('vote_turnout')
          .selectAll()
          .where('body_id', '=', id)
          .orderBy('vote_id')
          .orderBy('membership_id')
          .execute(),
        db.selectFrom('decisions').selectAll().where('body_id', '=', id).orderBy('id').execute(),
        db.selectFrom('motions').select(['id', 'status']).where('body_id', '=', id).orderBy('id').execute(),
        db.selectFrom('people').selectAll().where('body_id', '=', id).orderBy('id').execute(),
        db.selectFrom('log_heads').selectAll().where('body_id', '=', id).execute(),
      ]);
      return JSON.stringify(parts);
    };

    // ---- Item 1: a seat's link to an account ----

    test("only a site administrator links a seat to an account; a clerk or body admin cannot cast a member's ballot that way", async () => {
      const c = await councilWithMembers(h, 'link-who', 3);
      const base = `/api/v1/bodies/${c.slug}`;
      const bodyAdmin = await makeClient(h, { roles: [[c.slug, 'admin']] });
      const before = await bodyState(c.slug);
      for (const who of [c.clerk, bodyAdmin]) {
        const r = await who.request('PUT', `${base}/members/${c.memberIds[0]}/account`, { username: who.username });
        assert.equal(r.statusCode, 403, r.body);
        assert.equal(r.json().code, 'forbidden');
      }
      assert.equal(await bodyState(c.slug), before, 'a refused link changes nothing');
      const stranger = await makeClient(h);
      const linked = await c.admin.request('PUT', `${base}/members/${c.memberIds[0]}/account`, {
        username: stranger.username,
      });
      assert.equal(linked.statusCode, 204, linked.body);
    });

    test('no seat is linked while a vote of the body is open (409 vote_in_progress, nothing changes)', async () => {
      const c = await councilWithMembers(h, 'link-when', 3);
      const { motionId, base } = await sittingWithMotion(h, c);
      const voteId = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'electronic' })).json().id;
      const other = await makeClient(h);
      const before = await bodyState(c.slug);
      const r = await c.admin.request('PUT', `${base}/members/${c.memberIds[0]}/account`, { username: other.username });
      assert.equal(r.statusCode, 409, r.body);
      assert.equal(r.json().code, 'vote_in_progress');
      assert.equal(await bodyState(c.slug), before);
      // The member still casts their own ballot.
      assert.equal(
        (await c.members[0]!.request('POST', `${base}/votes/${voteId}/ballots`, { choice: 'yes' })).statusCode,
        201,
      );
    });

    test("the member's page shows the account each of their named ballots was cast from", async () => {
      const c = await councilWithMembers(h, 'cast-by', 3);
      const { motionId, sittingId, base } = await sittingWithMotion(h, c);
      const v1 = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'electronic' })).json().id;
      assert.equal(
        (await c.members[0]!.request('POST', `${base}/votes/${v1}/ballots`, { choice: 'yes' })).statusCode,
        201,
      );
      assert.equal((await c.clerk.request('POST', `${base}/votes/${v1}/close`, {})).statusCode, 200);
      // Between votes the seat is linked to another account, which then votes in the member's name.
      const other = await makeClient(h);
      assert.equal(
        (await c.admin.request('PUT', `${base}/members/${c.memberIds[0]}/account`, { username: other.username }))
          .statusCode,
        204,
      );
      const m2 = (
        await c.clerk.request('POST', `${base}/motions`, { sittingId, kind: 'ordinary', title: 'Second', text: 'x' })
      ).json().id;
      const v2 = (await c.clerk.request('POST', `${base}/votes`, { motionId: m2, method: 'electronic' })).json().id;
      assert.equal((await other.request('POST', `${base}/votes/${v2}/ballots`, { choice: 'no' })).statusCode, 201);
      assert.equal((await c.clerk.request('POST', `${base}/votes/${v2}/close`, {})).statusCode, 200);
      const rows = await h.db.dialect.db
        .selectFrom('ballots')
        .select(['vote_id', 'cast_by'])
        .where('membership_id', '=', c.memberIds[0]!)
        .orderBy('vote_id')
        .execute();
      assert.deepEqual(rows, [
        { vote_id: v1, cast_by: c.members[0]!.userId },
        { vote_id: v2, cast_by: other.userId },
      ]);
      const page = await h.app.inject({
        url: `/${c.slug}/members/${c.memberIds[0]}`,
        headers: { 'accept-language': 'en' },
      });
      assert.equal(page.statusCode, 200);
      const cells = [...page.body.matchAll(/<td class="cast-by">([^<]*)<\/td>/g)].map((m) => m[1]);
      assert.deepEqual(cells, [`No. ${other.userId}`, `No. ${c.members[0]!.userId}`]);
      // The log entry of a ballot names no account (the seat's link is in the log already).
      const ballotEntry = await entry(
        c.slug,
        Number(
          (
            await h.db.dialect.db
              .selectFrom('ballots')
              .select('entry_index')
              .where('vote_id', '=', v2)
              .executeTakeFirstOrThrow()
          ).entry_index,
        ),
      );
      assert.deepEqual(Object.keys(ballotEntry.data).sort(), ['commitment', 'member', 'replaces', 'vote']);
    });

    // ---- Item 2: the rules in force under the lock ----

    /** Commits a rules change at the moment `work`'s use case has read the body and not yet locked the log. */
    async function withRulesChangeBeforeLock<T>(
      c: Council,
      rules: string | object,
      work: () => Promise<T>,
    ): Promise<T> {
      const id = await bodyId(c.slug);
      const bodyAdmin = await makeClient(h, { roles: [[c.slug, 'admin']] });
      let armed = true;
      h.ctx.beforeRecordTransaction = async (body) => {
        if (!armed || body !== id) return;
        armed = false;
        const r = await bodyAdmin.request('PUT', `/api/v1/bodies/${c.slug}/rules`, {
          rules,
          reason: 'changed at the worst moment',
        });
        assert.equal(r.statusCode, 200, r.body);
      };
      try {
        const result = await work();
        assert.equal(armed, false, 'the rules change ran');
        return result;
      } finally {
        delete h.ctx.beforeRecordTransaction;
      }
    }

    test("a rules change committed just before a close's lock: the close embeds the rule in force and verify passes", async () => {
      for (let round = 0; round < 3; round++) {
        const c = await councilWithMembers(h, `rules-close-${round}`, 3);
        const { motionId, base } = await sittingWithMotion(h, c);
        const voteId = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'electronic' })).json().id;
        for (const m of c.members.slice(0, 2))
          await m.request('POST', `${base}/votes/${voteId}/ballots`, { choice: 'yes' });
        const closed = await withRulesChangeBeforeLock(c, 'de-nrw', () =>
          c.clerk.request('POST', `${base}/votes/${voteId}/close`, {}),
        );
        assert.equal(closed.statusCode, 200, closed.body);
        const close = await entry(c.slug, closed.json().closeEntry);
        const rule = close.data.rule as { quorum: unknown; majority: unknown };
        assert.deepEqual(rule.quorum, PRESETS['de-nrw']!.quorum);
        assert.deepEqual(rule.majority, PRESETS['de-nrw']!.majorities.ordinary);
        const v = await verify(c.slug);
        assert.equal(v.code, 0, v.out);
      }
    });

    test("a rules change committed just before an open's lock: the vote takes the majority the rules in force give", async () => {
      // Under ronr a charter amendment needs two thirds; under uk-lga-1972 the ordinary majority.
      const c = await councilWithMembers(h, 'rules-open', 3);
      const { motionId, base } = await sittingWithMotion(h, c, { kind: 'charter_amendment' });
      const opened = await withRulesChangeBeforeLock(c, 'uk-lga-1972', () =>
        c.clerk.request('POST', `${base}/votes`, { motionId, method: 'electronic' }),
      );
      assert.equal(opened.statusCode, 201, opened.body);
      const vote = await h.db.dialect.db
        .selectFrom('votes')
        .select(['majority_name', 'open_entry'])
        .where('id', '=', opened.json().id)
        .executeTakeFirstOrThrow();
      assert.equal(vote.majority_name, 'ordinary');
      for (const m of c.members)
        await m.request('POST', `${base}/votes/${opened.json().id}/ballots`, { choice: 'yes' });
      const closed = await c.clerk.request('POST', `${base}/votes/${opened.json().id}/close`, {});
      assert.equal(closed.statusCode, 200, closed.body);
      const v = await verify(c.slug);
      assert.equal(v.code, 0, v.out);
    });

    test('a rules change committed just before a motion is tabled: the kinds of the rules in force decide', async () => {
      // ronr knows no "budget" kind; the rules put in force just before the lock do.
      const c = await councilWithMembers(h, 'rules-table', 3);
      const { sittingId, base } = await sittingWithMotion(h, c);
      const withBudget = structuredClone(PRESETS.ronr!) as unknown as {
        motionKinds: Record<string, string>;
        preset?: string;
      };
      withBudget.motionKinds.budget = 'ordinary';
      await withRulesChangeBeforeLock(c, withBudget, async () => {
        const r = await c.clerk.request('POST', `${base}/motions`, {
          sittingId,
          kind: 'budget',
          title: 'Budget',
          text: 'x',
        });
        assert.equal(r.statusCode, 201, r.body);
      });
    });

    // ---- Item 3: refusals while a vote is open say nothing of its count ----

    /** A secret vote under rules with a casting vote, 2 of 3 members voting as given; an earlier decision numbered "7". */
    async function secretVote(slug: string, choices: Array<'yes' | 'no'>) {
      const c = await councilWithMembers(h, slug, 3, { rules: 'uk-lga-1972' });
      const { motionId, sittingId, base } = await sittingWithMotion(h, c);
      const first = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'show_of_hands' })).json().id;
      assert.equal(
        (
          await c.clerk.request('POST', `${base}/votes/${first}/close`, {
            totals: { yes: 3, no: 0, abstain: 0 },
            registerNumber: '7',
          })
        ).statusCode,
        200,
      );
      const m2 = (
        await c.clerk.request('POST', `${base}/motions`, { sittingId, kind: 'ordinary', title: 'Second', text: 'x' })
      ).json().id;
      const voteId = (
        await c.clerk.request('POST', `${base}/votes`, { motionId: m2, method: 'secret_electronic' })
      ).json().id;
      for (const [i, choice] of choices.entries())
        assert.equal(
          (await c.members[i]!.request('POST', `${base}/votes/${voteId}/ballots`, { choice })).statusCode,
          201,
        );
      return { c, base, voteId };
    }

    test('every refused close of an open secret vote is the same whether the count is tied or passing', async () => {
      const tied = await secretVote('tally-tied', ['yes', 'no']);
      const passing = await secretVote('tally-pass', ['yes', 'yes']);
      const refusals: unknown[] = [
        { registerNumber: '\uD800' },
        { registerNumber: '12\u0000' },
        { registerNumber: ' ' },
        { registerNumber: 'x'.repeat(65) },
        { registerNumber: '7' },
        { registerNumber: ' 7 ' },
        { registerNumber: '\uD800', castingVote: 'yes' },
        { castingVote: 'maybe' },
        { totals: { yes: -1, no: 0, abstain: 0 } },
      ];
      for (const payload of refusals) {
        const answers = [];
        for (const run of [tied, passing]) {
          const before = await bodyState(run.c.slug);
          const r = await run.c.clerk.request('POST', `${run.base}/votes/${run.voteId}/close`, payload);
          assert.ok(r.statusCode >= 400 && r.statusCode < 500, `${JSON.stringify(payload)}: ${r.statusCode} ${r.body}`);
          assert.equal(await bodyState(run.c.slug), before, `${JSON.stringify(payload)} changed nothing`);
          const { status, code, detail } = r.json();
          answers.push({ status, code, detail });
        }
        assert.deepEqual(
          answers[0],
          answers[1],
          `the refusal of ${JSON.stringify(payload)} does not depend on the count`,
        );
      }
    });

    test("a tie closes the ballot box with the final count, then the chair's casting vote closes the vote; verify passes", async () => {
      const { c, base, voteId } = await secretVote('casting-tie', ['yes', 'no']);
      const counted = await c.clerk.request('POST', `${base}/votes/${voteId}/close`, {});
      assert.equal(counted.statusCode, 200, counted.body);
      assert.equal(counted.json().status, 'tied');
      assert.deepEqual(counted.json().counts, { yes: 1, no: 1, abstain: 0 });
      const tie = await entry(c.slug, counted.json().tieEntry);
      assert.equal(tie.type, 'vote.tied');
      // The box is closed: no ballot is taken, no other vote opens, the sitting does not close.
      const late = await c.members[2]!.request('POST', `${base}/votes/${voteId}/ballots`, { choice: 'yes' });
      assert.equal(late.statusCode, 409);
      assert.equal(late.json().code, 'vote_closed');
      const again = await c.clerk.request('POST', `${base}/votes/${voteId}/close`, {});
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'casting_vote_required');
      const closed = await c.chair.request('POST', `${base}/votes/${voteId}/close`, {
        castingVote: 'yes',
        registerNumber: '8',
      });
      assert.equal(closed.statusCode, 200, closed.body);
      assert.equal(closed.json().status, 'closed');
      assert.equal(closed.json().outcome.adopted, true);
      assert.equal(closed.json().decision.registerNumber, '8');
      const v = await verify(c.slug);
      assert.equal(v.code, 0, v.out);
    });

    test('verify refuses a close that does not follow its tie', async () => {
      const { c, base, voteId } = await secretVote('casting-forged', ['yes', 'no']);
      assert.equal((await c.clerk.request('POST', `${base}/votes/${voteId}/close`, {})).json().status, 'tied');
      // Forge the tie entry's counts in place: replay sees a tie that is not one.
      const id = await bodyId(c.slug);
      const vote = await h.db.dialect.db
        .selectFrom('entries')
        .select(['idx', 'bytes'])
        .where('body_id', '=', id)
        .where('type', '=', 'vote.tied')
        .executeTakeFirstOrThrow();
      const forged = Buffer.from(Buffer.from(vote.bytes).toString().replace('"no":1', '"no":0'));
      await h.db.dialect.db
        .updateTable('entries')
        .set({ bytes: forged })
        .where('body_id', '=', id)
        .where('idx', '=', vote.idx)
        .execute();
      const v = await verify(c.slug);
      assert.notEqual(v.code, 0);
    });

    // ---- Item 4: the body's calendar day ----

    test('a Los Angeles body adopting at 19:30 local time records that day, not the UTC one', async () => {
      const c = await councilWithMembers(h, 'la-day', 3, { timeZone: 'America/Los_Angeles' });
      const { motionId, base } = await sittingWithMotion(h, c);
      const voteId = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'show_of_hands' })).json().id;
      const realNow = h.ctx.now;
      h.ctx.now = () => new Date('2026-12-02T03:30:00Z'); // 19:30 on 1 December in Los Angeles
      try {
        const closed = await c.clerk.request('POST', `${base}/votes/${voteId}/close`, {
          totals: { yes: 3, no: 0, abstain: 0 },
        });
        assert.equal(closed.statusCode, 200, closed.body);
        const decision = await h.db.dialect.db
          .selectFrom('decisions')
          .select('adopted_on')
          .where('vote_id', '=', voteId)
          .executeTakeFirstOrThrow();
        assert.equal(decision.adopted_on, '2026-12-01');
      } finally {
        h.ctx.now = realNow;
      }
      const v = await verify(c.slug);
      assert.equal(v.code, 0, v.out);
    });

    test("the page cache turns the day over at midnight in the body's time zone", async () => {
      const c = await councilWithMembers(h, 'kiritimati-day', 2, { timeZone: 'Pacific/Kiritimati' });
      await h.runtime.integrator.integrateNow(await bodyId(c.slug));
      const realNow = h.ctx.now;
      const get = () => h.app.inject({ url: `/${c.slug}/sittings`, headers: { 'accept-language': 'en' } });
      try {
        h.ctx.now = () => new Date('2026-12-01T09:30:00Z'); // 23:30 on 1 December in Kiritimati (UTC+14)
        assert.equal((await get()).statusCode, 200);
        assert.equal((await get()).headers['x-page-cache'], 'hit');
        h.ctx.now = () => new Date('2026-12-01T10:30:00Z'); // 00:30 on 2 December there; still 1 December in UTC
        assert.equal((await get()).headers['x-page-cache'], undefined, "a new day in the body's zone is a new page");
      } finally {
        h.ctx.now = realNow;
      }
    });

    // ---- Item 18: register numbers ----

    test('a live register number is printable and unique in its body; the next free number is used when none is given', async () => {
      const c = await councilWithMembers(h, 'register', 3);
      const other = await councilWithMembers(h, 'register-other', 3);
      const { sittingId, base } = await sittingWithMotion(h, c);
      const { motionId: otherMotion, base: otherBase } = await sittingWithMotion(h, other);
      const openShowOfHands = async () => {
        const m = (
          await c.clerk.request('POST', `${base}/motions`, { sittingId, kind: 'ordinary', title: 'M', text: 'x' })
        ).json().id;
        return (await c.clerk.request('POST', `${base}/votes`, { motionId: m, method: 'show_of_hands' })).json()
          .id as number;
      };
      const close = (voteId: number, registerNumber?: string) =>
        c.clerk.request('POST', `${base}/votes/${voteId}/close`, {
          totals: { yes: 3, no: 0, abstain: 0 },
          ...(registerNumber === undefined ? {} : { registerNumber }),
        });
      const adopt = async (registerNumber?: string) => {
        const voteId = await openShowOfHands();
        return { voteId, r: await close(voteId, registerNumber) };
      };
      const typed = await adopt('  2 ');
      assert.equal(typed.r.statusCode, 200, typed.r.body);
      assert.equal(typed.r.json().decision.registerNumber, '2');
      const openId = await openShowOfHands();
      const before = await bodyState(c.slug);
      for (const taken of ['2', ' 2']) {
        const dup = await close(openId, taken);
        assert.equal(dup.statusCode, 409, dup.body);
        assert.equal(dup.json().code, 'register_number_taken');
      }
      for (const bad of ['\uD800', '1\n2', '2\u200b', '', ' ', 'x'.repeat(65)]) {
        const r = await close(openId, bad);
        assert.equal(r.statusCode, 400, `${JSON.stringify(bad)}: ${r.body}`);
        assert.equal(r.json().code, 'invalid_register_number');
      }
      assert.equal(await bodyState(c.slug), before, 'refused closes change nothing');
      // With no number given the register's next free one is used: 1 is free; then 2 is taken, so 3.
      const auto1 = await close(openId);
      assert.equal(auto1.json().decision.registerNumber, '1');
      const auto2 = await adopt();
      assert.equal(auto2.r.json().decision.registerNumber, '3');
      // Another body may use the same number.
      const otherVote = (
        await other.clerk.request('POST', `${otherBase}/votes`, { motionId: otherMotion, method: 'show_of_hands' })
      ).json().id;
      const elsewhere = await other.clerk.request('POST', `${otherBase}/votes/${otherVote}/close`, {
        totals: { yes: 3, no: 0, abstain: 0 },
        registerNumber: '2',
      });
      assert.equal(elsewhere.statusCode, 200, elsewhere.body);
      // The database itself refuses a second live decision with a number the body has used.
      const row = await h.db.dialect.db
        .selectFrom('decisions')
        .selectAll()
        .where('vote_id', '=', typed.voteId)
        .executeTakeFirstOrThrow();
      await assert.rejects(
        h.db.dialect.db
          .insertInto('decisions')
          .values({
            body_id: row.body_id,
            vote_id: auto2.voteId,
            motion_id: row.motion_id,
            register_number: '2',
            adopted_on: row.adopted_on,
            entry_index: 999_999,
          })
          .execute(),
        (err: unknown) => h.db.dialect.isUniqueViolation(err),
      );
      const v = await verify(c.slug);
      assert.equal(v.code, 0, v.out);
    });
  });
}
