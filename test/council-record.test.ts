// The council record through the HTTP API, on every database: procedure, permissions,
// concurrency and refusals that change nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { anonymous, councilWithMembers, sittingWithMotion, startHarness, type Harness } from './support/test-app.ts';
import { entryIndexes, snapshot } from './support/snapshot.ts';
import { decodeEntry } from '../src/domain/entries/record-entry.ts';
import { ballotCommitment } from '../src/domain/ballots/commitment.ts';
import { sha256 } from '../src/services/service-context.ts';

for (const target of testDatabases()) {
  describe(`council record on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      await h?.close();
    });

    test('anonymous writes get 401 and change nothing', async () => {
      const c = await councilWithMembers(h, 'anon-test', 3);
      const { sittingId, motionId, base } = await sittingWithMotion(h, c);
      const before = await snapshot(h.db.dialect);
      const anon = anonymous(h);
      const writes: Array<[string, string, unknown]> = [
        ['POST', '/api/v1/bodies', { slug: 'x', names: { en: 'X' }, establishedSeats: 5, rules: 'ronr' }],
        ['POST', `${base}/sittings`, { title: 'T', date: '2026-01-01' }],
        ['POST', `${base}/sittings/${sittingId}/close`, undefined],
        ['PUT', `${base}/sittings/${sittingId}/attendance/${c.memberIds[0]}`, { status: 'absent' }],
        ['POST', `${base}/votes`, { motionId, method: 'electronic' }],
        ['POST', `${base}/disputes`, { targetType: 'sitting', targetId: sittingId, claimant: 'someone', claim: 'no' }],
      ];
      for (const [method, url, payload] of writes) {
        const r = await anon.request(method, url, payload);
        assert.equal(r.statusCode, 401, `${method} ${url}: ${r.body}`);
        assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.equal(r.json().code, 'unauthenticated');
      }
      assert.equal(await snapshot(h.db.dialect), before);
    });

    test('a member cannot open or close a vote (403); the clerk can', async () => {
      const c = await councilWithMembers(h, 'perm-test', 3);
      const { motionId, base } = await sittingWithMotion(h, c);
      const denied = await c.members[0]!.request('POST', `${base}/votes`, { motionId, method: 'electronic' });
      assert.equal(denied.statusCode, 403);
      assert.equal(denied.json().code, 'forbidden');
      const opened = await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'electronic' });
      assert.equal(opened.statusCode, 201, opened.body);
      const voteId = opened.json().id;
      const closeDenied = await c.members[1]!.request('POST', `${base}/votes/${voteId}/close`, {});
      assert.equal(closeDenied.statusCode, 403);
      const vote = await c.clerk.request('GET', `${base}/votes/${voteId}`);
      assert.equal(vote.json().status, 'open');
    });

    test('a second ballot by the same member is refused (409) and the first stands', async () => {
      const c = await councilWithMembers(h, 'dup-test', 3);
      const { motionId, base } = await sittingWithMotion(h, c);
      const voteId = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'electronic' })).json().id;
      const first = await c.members[0]!.request('POST', `${base}/votes/${voteId}/ballots`, { choice: 'yes' });
      assert.equal(first.statusCode, 201, first.body);
      const receipt = first.json();
      assert.equal(receipt.commitment, ballotCommitment(sha256, 'yes', receipt.salt));
      const second = await c.members[0]!.request('POST', `${base}/votes/${voteId}/ballots`, { choice: 'no' });
      assert.equal(second.statusCode, 409);
      assert.equal(second.json().code, 'already_voted');
      const closed = await c.clerk.request('POST', `${base}/votes/${voteId}/close`, {});
      assert.equal(closed.statusCode, 200, closed.body);
      const vote = (await c.clerk.request('GET', `${base}/votes/${voteId}`)).json();
      assert.deepEqual([vote.counts.yes, vote.counts.no, vote.counts.abstain], [1, 0, 0]);
      assert.deepEqual(
        vote.ballots.map((b: { choice: string }) => b.choice),
        ['yes'],
      );
      // The close entry reveals the choice and salt, and the receipt checks against it.
      const closeEntry = decodeEntry((await h.app.inject({ url: `${base}/entries/${vote.closeEntry}` })).rawPayload);
      const revealed = (closeEntry.data.ballots as Array<{ member: number; choice: 'yes'; salt: string }>)[0]!;
      assert.equal(ballotCommitment(sha256, revealed.choice, revealed.salt), receipt.commitment);
    });

    test('a retried ballot with the same client id is counted once and gets its stored answer', async () => {
      const c = await councilWithMembers(h, 'retry-test', 2);
      const { motionId, base } = await sittingWithMotion(h, c);
      const voteId = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'electronic' })).json().id;
      const ballot = { choice: 'no', clientBallotId: 'ballot-0001-abcd' };
      const a = await c.members[0]!.request('POST', `${base}/votes/${voteId}/ballots`, ballot);
      const b = await c.members[0]!.request('POST', `${base}/votes/${voteId}/ballots`, ballot);
      assert.equal(a.statusCode, 201);
      assert.equal(b.statusCode, 200);
      assert.equal(b.json().replay, true);
      assert.equal(b.json().salt, a.json().salt);
      assert.equal(b.json().entryIndex, a.json().entryIndex);
      const vote = (await c.clerk.request('GET', `${base}/votes/${voteId}`)).json();
      assert.equal(vote.turnout, 1);
    });

    test('50 concurrent ballots from 50 members all count exactly once; entry indexes stay gapless', async () => {
      const c = await councilWithMembers(h, 'fifty', 50);
      const { motionId, base } = await sittingWithMotion(h, c);
      const voteId = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'electronic' })).json().id;
      const choices = c.members.map((_, i) => (i % 5 === 0 ? 'no' : i % 7 === 0 ? 'abstain' : 'yes'));
      // Each member also sends a duplicate at the same moment: exactly one of each pair counts.
      const responses = await Promise.all(
        c.members.flatMap((m, i) => [
          m.request('POST', `${base}/votes/${voteId}/ballots`, { choice: choices[i] }),
          m.request('POST', `${base}/votes/${voteId}/ballots`, { choice: choices[i] }),
        ]),
      );
      const statuses = responses.map((r) => r.statusCode);
      assert.equal(statuses.filter((s) => s === 201).length, 50, JSON.stringify(statuses));
      assert.equal(statuses.filter((s) => s === 409).length, 50);
      const closed = await c.clerk.request('POST', `${base}/votes/${voteId}/close`, {});
      assert.equal(closed.statusCode, 200, closed.body);
      const vote = (await c.clerk.request('GET', `${base}/votes/${voteId}`)).json();
      const expect = (x: string) => choices.filter((ch) => ch === x).length;
      assert.deepEqual(vote.counts, {
        yes: expect('yes'),
        no: expect('no'),
        abstain: expect('abstain'),
        blank: null,
        invalid: null,
      });
      assert.equal(vote.ballots.length, 50);
      const { indexes, head } = await entryIndexes(h.db.dialect, 'fifty');
      assert.deepEqual(
        indexes,
        Array.from({ length: head }, (_, i) => i),
      );
    });

    test('concurrent writes from clerk and members leave no gap in entry indexes', async () => {
      const c = await councilWithMembers(h, 'gapless', 12);
      const { sittingId, base } = await sittingWithMotion(h, c, { present: [] });
      const writes = c.memberIds.flatMap((id) => [
        c.clerk.request('PUT', `${base}/sittings/${sittingId}/attendance/${id}`, { status: 'present' }),
        c.members[0]!.request('POST', `${base}/sittings/${sittingId}/attest`),
        c.clerk.request('POST', `${base}/sittings/${sittingId}/agenda`, { title: `Item for ${id}` }),
        // A refused write in the middle must not burn an index.
        c.clerk.request('PUT', `${base}/sittings/${sittingId}/attendance/999999`, { status: 'present' }),
      ]);
      const rs = await Promise.all(writes);
      assert.equal(rs.filter((r) => r.statusCode === 404).length, c.memberIds.length);
      const { indexes, head } = await entryIndexes(h.db.dialect, 'gapless');
      assert.deepEqual(
        indexes,
        Array.from({ length: head }, (_, i) => i),
      );
      const sitting = (await c.clerk.request('GET', `${base}/sittings/${sittingId}`)).json();
      assert.equal(sitting.attendance.present, 12);
      assert.equal(sitting.attendance.named.filter((a: { attested: boolean }) => a.attested).length, 1);
    });

    test('malformed, oversized and out-of-state requests get their codes and change nothing', async () => {
      const c = await councilWithMembers(h, 'bad-input', 3);
      const { sittingId, motionId, base } = await sittingWithMotion(h, c);
      const voteId = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'show_of_hands' })).json().id;
      const before = await snapshot(h.db.dialect);
      const raw = (payload: string, url = `${base}/sittings`) =>
        h.app.inject({
          method: 'POST',
          url,
          payload,
          headers: { 'content-type': 'application/json' },
        });
      const cases: Array<[Promise<{ statusCode: number; json(): { code: string } }>, number, string]> = [
        [raw('{"title": "x", '), 400, 'bad_json'],
        [raw('[1, 2'), 400, 'bad_json'],
        [c.clerk.request('POST', `${base}/sittings`, { title: 'x', date: '2022-13-01' }), 400, 'invalid_date'],
        [c.clerk.request('POST', `${base}/sittings`, { title: '', date: '2022-01-01' }), 400, 'invalid_request'],
        [
          c.clerk.request('POST', `${base}/sittings`, { title: 'x'.repeat(600), date: '2022-01-01' }),
          400,
          'invalid_request',
        ],
        [
          c.clerk.request('POST', `${base}/motions`, {
            sittingId,
            kind: 'ordinary',
            title: 't',
            text: 'x'.repeat(300_000),
          }),
          413,
          'body_too_large',
        ],
        [
          c.clerk.request('POST', `${base}/votes/${voteId}/close`, { totals: { yes: 2, no: 1, abstain: 1 } }),
          400,
          'totals_exceed_present',
        ],
        [
          c.clerk.request('POST', `${base}/votes/${voteId}/close`, { totals: { yes: -1, no: 0, abstain: 0 } }),
          400,
          'invalid_request',
        ],
        [c.clerk.request('POST', `${base}/votes/${voteId}/close`, {}), 400, 'totals_required'],
        [c.clerk.request('POST', `${base}/votes`, { motionId, method: 'show_of_hands' }), 409, 'motion_not_pending'],
        [c.clerk.request('POST', `${base}/sittings/${sittingId}/close`), 409, 'vote_open'],
        [c.clerk.request('GET', `/api/v1/bodies/nope`), 404, 'body_not_found'],
        [c.clerk.request('GET', `${base}/votes/424242`), 404, 'vote_not_found'],
        [
          c.clerk.request('POST', `${base}/motions`, { sittingId, kind: 'no-such-kind', title: 't', text: 'x' }),
          400,
          'unknown_motion_kind',
        ],
        [
          c.clerk.request('POST', `${base}/disputes`, { targetType: 'vote', targetId: 999, claimant: 'a', claim: 'b' }),
          404,
          'vote_not_found',
        ],
        [
          c.clerk.request('POST', `${base}/sittings`, { title: 'lone \ud800 surrogate', date: '2022-01-01' }),
          400,
          'not_i_json',
        ],
      ];
      for (const [promise, status, code] of cases) {
        const r = await promise;
        assert.equal(r.statusCode, status, `${code}: ${JSON.stringify(r.json())}`);
        assert.equal(r.json().code, code);
      }
      assert.equal(await snapshot(h.db.dialect), before);
      // The vote is still open and closes normally afterwards.
      const ok = await c.clerk.request('POST', `${base}/votes/${voteId}/close`, {
        totals: { yes: 2, no: 1, abstain: 0 },
      });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().outcome.adopted, true);
    });

    test('a closed vote is never edited: more ballots and roll-call entries are refused', async () => {
      const c = await councilWithMembers(h, 'closed-test', 3);
      const { motionId, base } = await sittingWithMotion(h, c);
      const voteId = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'roll_call' })).json().id;
      for (const [i, id] of c.memberIds.entries()) {
        const r = await c.clerk.request('PUT', `${base}/votes/${voteId}/roll-call/${id}`, {
          choice: i === 0 ? 'no' : 'yes',
        });
        assert.equal(r.statusCode, 200, r.body);
      }
      // The clerk corrects a roll-call entry before close: the later one counts.
      await c.clerk.request('PUT', `${base}/votes/${voteId}/roll-call/${c.memberIds[0]}`, { choice: 'abstain' });
      const closed = await c.clerk.request('POST', `${base}/votes/${voteId}/close`, {});
      assert.equal(closed.json().outcome.adopted, true);
      const before = await snapshot(h.db.dialect);
      const again = await c.clerk.request('PUT', `${base}/votes/${voteId}/roll-call/${c.memberIds[0]}`, {
        choice: 'yes',
      });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'vote_closed');
      assert.equal((await c.clerk.request('POST', `${base}/votes/${voteId}/close`, {})).json().code, 'vote_closed');
      assert.equal(await snapshot(h.db.dialect), before);
      const declared = await c.clerk.request('POST', `${base}/votes/${voteId}/declared-results`, {
        adopted: false,
        declaredBy: 'District court',
        reason: 'recount',
      });
      assert.equal(declared.statusCode, 201);
      const vote = (await c.clerk.request('GET', `${base}/votes/${voteId}`)).json();
      assert.equal(vote.outcome.adopted, true, 'the computed outcome stands');
      assert.equal(vote.declaredResults[0].adopted, false, 'the declared one is shown beside it');
      assert.deepEqual(
        vote.ballots.map((b: { choice: string }) => b.choice),
        ['abstain', 'yes', 'yes'],
      );
    });

    test('recused members are not present for the vote and cannot vote', async () => {
      const c = await councilWithMembers(h, 'recusal', 4);
      const { motionId, base } = await sittingWithMotion(h, c);
      const opened = await c.clerk.request('POST', `${base}/votes`, {
        motionId,
        method: 'electronic',
        recused: [c.memberIds[3]],
      });
      assert.equal(opened.json().present, 3);
      const r = await c.members[3]!.request('POST', `${base}/votes/${opened.json().id}/ballots`, { choice: 'yes' });
      assert.equal(r.statusCode, 409);
      assert.equal(r.json().code, 'recused');
    });

    test("a tie under a casting-vote rule asks for the chair's casting vote", async () => {
      const c = await councilWithMembers(h, 'casting', 4, { rules: 'uk-lga-1972' });
      const { motionId, base } = await sittingWithMotion(h, c);
      const voteId = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'show_of_hands' })).json().id;
      const tie = await c.chair.request('POST', `${base}/votes/${voteId}/close`, {
        totals: { yes: 2, no: 2, abstain: 0 },
      });
      assert.equal(tie.statusCode, 409);
      assert.equal(tie.json().code, 'casting_vote_required');
      const decided = await c.chair.request('POST', `${base}/votes/${voteId}/close`, {
        totals: { yes: 2, no: 2, abstain: 0 },
        castingVote: 'yes',
      });
      assert.equal(decided.statusCode, 200, decided.body);
      assert.equal(decided.json().outcome.adopted, true);
      assert.equal(decided.json().decision.registerNumber, '1');
    });

    test('a secret electronic vote keeps totals and turnout, never a member-choice link', async () => {
      const c = await councilWithMembers(h, 'secret', 5);
      const { motionId, base } = await sittingWithMotion(h, c);
      const voteId = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'secret_electronic' })).json()
        .id;
      const choices = ['yes', 'no', 'yes', 'abstain', 'yes'];
      for (const [i, m] of c.members.entries()) {
        const r = await m.request('POST', `${base}/votes/${voteId}/ballots`, { choice: choices[i] });
        assert.equal(r.statusCode, 201, r.body);
        assert.equal(r.json().salt, undefined);
      }
      const change = await c.members[0]!.request('POST', `${base}/votes/${voteId}/ballots`, { choice: 'no' });
      assert.equal(change.json().code, 'already_voted');
      const open = (await c.clerk.request('GET', `${base}/votes/${voteId}`)).json();
      assert.equal(open.turnout, 5);
      assert.equal(open.counts, null, 'no partial results while open');
      await c.clerk.request('POST', `${base}/votes/${voteId}/close`, {});
      const vote = (await c.clerk.request('GET', `${base}/votes/${voteId}`)).json();
      assert.deepEqual([vote.counts.yes, vote.counts.no, vote.counts.abstain], [3, 1, 1]);
      assert.equal(vote.ballots, null);
      const ballots = await h.db.dialect.db.selectFrom('ballots').selectAll().where('vote_id', '=', voteId).execute();
      assert.equal(ballots.length, 0);
      const body = await h.db.dialect.db
        .selectFrom('bodies')
        .select('id')
        .where('slug', '=', 'secret')
        .executeTakeFirstOrThrow();
      const entries = await h.db.dialect.db
        .selectFrom('entries')
        .select('bytes')
        .where('body_id', '=', body.id)
        .execute();
      for (const e of entries) {
        const text = Buffer.from(e.bytes).toString();
        if (text.includes('"ballot.secret_received"')) assert.doesNotMatch(text, /yes|"no"|abstain|commitment/);
      }
    });

    test('sign-in, CSRF, sign-out everywhere and API tokens', async () => {
      const c = await councilWithMembers(h, 'auth-test', 1);
      const bad = await anonymous(h).request('POST', '/api/v1/session', {
        username: c.clerk.username,
        password: 'wrong password!',
      });
      assert.equal(bad.statusCode, 401);
      assert.equal(bad.json().code, 'bad_credentials');
      const ok = await anonymous(h).request('POST', '/api/v1/session', {
        username: c.clerk.username,
        password: 'correct horse battery',
      });
      assert.equal(ok.statusCode, 200, ok.body);
      const cookie = ok.cookies.find((k) => k.name === 'quorate_session')!;
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Lax');
      const csrf = ok.json().csrfToken;
      const url = '/api/v1/bodies/auth-test/sittings';
      const payload = { title: 'T', date: '2026-12-01' };
      const noCsrf = await h.app.inject({ method: 'POST', url, cookies: { quorate_session: cookie.value }, payload });
      assert.equal(noCsrf.statusCode, 403);
      assert.equal(noCsrf.json().code, 'csrf_failed');
      const withCsrf = await h.app.inject({
        method: 'POST',
        url,
        cookies: { quorate_session: cookie.value },
        headers: { 'x-csrf-token': csrf },
        payload,
      });
      assert.equal(withCsrf.statusCode, 201, withCsrf.body);
      const token = await h.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        cookies: { quorate_session: cookie.value },
        headers: { 'x-csrf-token': csrf },
        payload: { name: 'script' },
      });
      const bearer = { authorization: `Bearer ${token.json().token}` };
      assert.equal((await h.app.inject({ method: 'POST', url, headers: bearer, payload })).statusCode, 201);
      const out = await h.app.inject({
        method: 'DELETE',
        url: '/api/v1/session?everywhere=true',
        cookies: { quorate_session: cookie.value },
        headers: { 'x-csrf-token': csrf },
      });
      assert.equal(out.statusCode, 204);
      // Every session of the account is gone, including the harness's own.
      assert.equal((await c.clerk.request('POST', url, payload)).statusCode, 401);
      assert.equal(
        (await h.app.inject({ method: 'POST', url, headers: { authorization: 'Bearer qrt_forged' }, payload }))
          .statusCode,
        401,
      );
    });

    test('sign-in is paused per account after repeated failures, not for others at the same address', async () => {
      const c = await councilWithMembers(h, 'limits', 1);
      const attempt = (username: string, password: string) =>
        anonymous(h).request('POST', '/api/v1/session', { username, password });
      for (let i = 0; i < 10; i++)
        assert.equal((await attempt(c.clerk.username, `wrong-${i}-password`)).statusCode, 401);
      const paused = await attempt(c.clerk.username, 'correct horse battery');
      assert.equal(paused.statusCode, 429);
      assert.equal(paused.json().code, 'sign_in_paused');
      // Another delegate behind the same venue address signs in fine.
      assert.equal((await attempt(c.chair.username, 'correct horse battery')).statusCode, 200);
    });
  });
}
