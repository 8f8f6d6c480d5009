// Elections in the record (issue 18) through the API on SQLite and PostgreSQL: an officer election
// by secret ballot on the members' devices over two rounds (a runoff) that elects the chair and
// grants the chair's role by that act; a paper election whose tie goes to lot from the recorded
// seed and the tellers' draw; refusals that store nothing; the published papers as BLT and CSV;
// `quorate verify` replaying every election, and naming the entry whose count does not hold.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, sittingWithMotion, startHarness, verifyBody, type Harness } from './support/test-app.ts';
import { snapshot } from './support/snapshot.ts';
import { decodeEntry } from '../src/domain/entries/record-entry.ts';
import { emptyReplayState, replayEntry, ReplayError } from '../src/domain/replay/replay-record.ts';
import { parseBlt } from '../src/domain/elections/blt.ts';
import { sha256 } from '../src/services/service-context.ts';
import { formSession } from './support/form-session.ts';

const officerRule = {
  method: 'majority-runoff',
  seats: 1,
  base: 'cast',
  publishBallots: true,
  consentRequired: true,
  source: "The council's standing orders (an assumption for the test): more than half of the votes cast, then a runoff",
};

for (const target of testDatabases()) {
  describe(`elections on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      await h?.close();
    });

    test('a chair elected by secret electronic ballot in two rounds; the role granted by the act', async () => {
      const c = await councilWithMembers(h, 'elects', 5);
      const { sittingId, base } = await sittingWithMotion(h, c);
      const e = `${base}/elections`;
      const created = await c.clerk.request('POST', e, {
        sittingId,
        office: { en: 'Chair of the council', ru: 'Председатель совета' },
        rule: officerRule,
        ballotKind: 'secret_electronic',
        grantsRole: 'chair',
      });
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json().id as number;
      const at = `${e}/${id}`;

      // Refusals store nothing.
      const before = await snapshot(h.db.dialect);
      const refusals: Array<[string, () => ReturnType<typeof c.clerk.request>, number, string]> = [
        [
          'a member cannot create one',
          () =>
            c.members[0]!.request('POST', e, {
              sittingId,
              office: { en: 'X' },
              rule: officerRule,
              ballotKind: 'secret_paper',
            }),
          403,
          'forbidden',
        ],
        [
          'a rule without its source',
          () =>
            c.clerk.request('POST', e, {
              sittingId,
              office: { en: 'X' },
              rule: { ...officerRule, source: ' ' },
              ballotKind: 'secret_paper',
            }),
          400,
          'rule_source_required',
        ],
        [
          'a runoff for two seats',
          () =>
            c.clerk.request('POST', e, {
              sittingId,
              office: { en: 'X' },
              rule: { ...officerRule, seats: 2 },
              ballotKind: 'secret_paper',
            }),
          400,
          'invalid_seats',
        ],
        [
          'nominations not open yet',
          () => c.members[0]!.request('POST', `${at}/nominations`, { memberId: c.memberIds[0] }),
          409,
          'nominations_not_open',
        ],
        [
          'no round open',
          () => c.members[0]!.request('POST', `${at}/ballots`, { ranking: [1] }),
          409,
          'round_not_open',
        ],
        ['a round before nominations', () => c.clerk.request('POST', `${at}/rounds`), 409, 'round_not_possible'],
        [
          'an unknown election',
          () => c.clerk.request('POST', `${e}/999999/nominations/open`),
          404,
          'election_not_found',
        ],
      ];
      for (const [note, run, status, code] of refusals) {
        const r = await run();
        assert.equal(r.statusCode, status, `${note}: ${r.body}`);
        assert.equal(r.json().code, code, note);
      }
      assert.equal(await snapshot(h.db.dialect), before, 'a refused request stored nothing');

      assert.equal((await c.clerk.request('POST', `${at}/nominations/open`)).statusCode, 200);
      // Member 1 nominates themselves (their consent); member 3 nominates member 2, who consents;
      // the clerk records member 4's nomination in the room and their consent; an outsider never consents.
      const self = await c.members[0]!.request('POST', `${at}/nominations`, { memberId: c.memberIds[0] });
      assert.equal(self.statusCode, 201, self.body);
      const two = await c.members[2]!.request('POST', `${at}/nominations`, { memberId: c.memberIds[1] });
      assert.equal(two.json().candidate, 2);
      const forOther = await c.members[3]!.request('POST', `${at}/nominations/2/consent`);
      assert.equal(forOther.json().code, 'forbidden', 'only the candidate consents for themselves');
      assert.equal((await c.members[1]!.request('POST', `${at}/nominations/2/consent`)).statusCode, 200);
      await c.clerk.request('POST', `${at}/nominations`, { memberId: c.memberIds[3], nominatedBy: c.memberIds[4] });
      await c.clerk.request('POST', `${at}/nominations/3/consent`);
      await c.clerk.request('POST', `${at}/nominations`, { name: 'A resident' });
      const dup = await c.members[4]!.request('POST', `${at}/nominations`, { memberId: c.memberIds[0] });
      assert.equal(dup.json().code, 'already_nominated');
      const closed = await c.clerk.request('POST', `${at}/nominations/close`);
      assert.deepEqual(closed.json().standing, [1, 2, 3], 'the outsider did not consent and does not stand');

      // Round 1: 2, 2 and 1 votes of 5 — no one has more than half; a runoff between 1 and 2.
      const r1 = await c.clerk.request('POST', `${at}/rounds`);
      assert.equal(r1.statusCode, 200, r1.body);
      assert.deepEqual(r1.json().candidates, [1, 2, 3]);
      const round1 = [[1], [2], [2], [3], [1]];
      for (const [k, ranking] of round1.entries()) {
        const r = await c.members[k]!.request('POST', `${at}/ballots`, {
          ranking,
          clientBallotId: `round1-member-${k}`,
        });
        assert.equal(r.statusCode, 201, r.body);
      }
      const retry = await c.members[0]!.request('POST', `${at}/ballots`, {
        ranking: [1],
        clientBallotId: 'round1-member-0',
      });
      assert.equal(retry.statusCode, 200, 'a retry with the same id answers as the first');
      const again = await c.members[0]!.request('POST', `${at}/ballots`, {
        ranking: [2],
        clientBallotId: 'round1-other-0',
      });
      assert.equal(again.json().code, 'already_voted');
      const ranked = await c.members[0]!.request('POST', `${at}/ballots`, { ranking: [1, 2] });
      assert.equal(ranked.statusCode, 409, 'already voted comes first');
      const close1 = await c.clerk.request('POST', `${at}/rounds/close`);
      assert.equal(close1.json().status, 'ready', close1.body);
      assert.deepEqual(close1.json().result.next, [1, 2]);

      const r2 = await c.clerk.request('POST', `${at}/rounds`);
      assert.deepEqual(r2.json().candidates, [1, 2]);
      const bad = await c.members[0]!.request('POST', `${at}/ballots`, { ranking: [3] });
      assert.equal(bad.json().code, 'not_a_candidate', 'candidate 3 does not stand in the runoff');
      for (const [k, ranking] of [[1], [2], [1], [1], [2]].entries())
        await c.members[k]!.request('POST', `${at}/ballots`, { ranking });
      const close2 = await c.clerk.request('POST', `${at}/rounds/close`);
      assert.equal(close2.json().status, 'declared', close2.body);
      assert.deepEqual(close2.json().result.elected, [1]);

      const read = (await c.clerk.request('GET', at)).json();
      assert.equal(read.status, 'declared');
      assert.deepEqual(read.elected, [1]);
      assert.equal(read.rounds.length, 2);
      assert.deepEqual(read.rounds[1].papers, [
        { ranking: [1], weight: 3 },
        { ranking: [2], weight: 2 },
      ]);
      // Electing the chair granted the chair's role to member 1's account, recorded.
      const roles = await h.db.dialect.db
        .selectFrom('body_roles')
        .select('role')
        .where('user_id', '=', c.members[0]!.userId)
        .execute();
      assert.ok(
        roles.some((r) => r.role === 'chair'),
        "the elected member's account holds the chair's role",
      );

      // Cast vote records: BLT that the counting engine reads back, and CSV.
      const blt = await c.clerk.request('GET', `${at}/rounds/2/papers.blt`);
      assert.equal(blt.statusCode, 200, blt.body);
      const parsed = parseBlt(blt.body);
      assert.deepEqual(parsed.withdrawn, [2, 3], 'candidates not in the runoff are withdrawn in the file');
      assert.equal(
        parsed.ballots.reduce((a, b) => a + b.weight, 0),
        5,
      );
      const csv = await c.clerk.request('GET', `${at}/rounds/1/papers.csv`);
      assert.match(csv.body, /^weight,preference_1\n/);

      // The secret rounds' log entries carry who took part, never how.
      const bodyRow = await h.db.dialect.db
        .selectFrom('bodies')
        .select('id')
        .where('slug', '=', c.slug)
        .executeTakeFirstOrThrow();
      const rows = await h.db.dialect.db
        .selectFrom('entries')
        .select(['idx', 'bytes'])
        .where('body_id', '=', bodyRow.id)
        .orderBy('idx')
        .execute();
      const entries = rows.map((r) => decodeEntry(r.bytes));
      for (const en of entries.filter((x) => x.type === 'election.secret_ballot_received'))
        assert.deepEqual(Object.keys(en.data).sort(), ['election', 'member', 'round']);

      // The results page, in both languages: each round with its stages, the elected, the papers.
      const page = (lang: string) =>
        h.app.inject({ method: 'GET', url: `/${c.slug}/elections/${id}`, headers: { 'accept-language': lang } });
      const en = await page('en');
      assert.equal(en.statusCode, 200);
      assert.match(en.body, /Round 2/);
      assert.match(en.body, /data-elected="1"/);
      assert.match(en.body, /papers\.blt/);
      const ru = await page('ru');
      assert.match(ru.body, /Тур 2/);
      assert.match(ru.body, /Председатель совета/);

      const verified = await verifyBody(h, c.slug);
      assert.equal(verified.code, 0, verified.output.slice(0, 2000));

      // A count that does not follow from the papers is named by its index.
      const closeAt = entries.findLastIndex((x) => x.type === 'election.round_closed');
      const forged = structuredClone(entries);
      const result = forged[closeAt]!.data.result as { elected: number[] };
      result.elected = [2];
      const s = emptyReplayState();
      assert.throws(
        () => {
          forged.forEach((en, i) => {
            replayEntry(sha256, s, i, en);
          });
        },
        (err: unknown) => err instanceof ReplayError && err.index === closeAt && err.code === 'count_differs',
      );
    });

    test('a paper election: papers entered in bulk, a tie drawn by lot from the recorded seed and the tellers\u2019 draw', async () => {
      const c = await councilWithMembers(h, 'paper-lot', 6);
      const { sittingId, base } = await sittingWithMotion(h, c);
      const created = await c.clerk.request('POST', `${base}/elections`, {
        sittingId,
        office: { ru: 'Заместитель председателя' },
        rule: {
          method: 'plurality',
          seats: 1,
          publishBallots: false,
          consentRequired: false,
          source: 'assumption: plurality, ties by lot',
        },
        ballotKind: 'secret_paper',
      });
      const at = `${base}/elections/${created.json().id}`;
      await c.clerk.request('POST', `${at}/nominations/open`);
      await c.clerk.request('POST', `${at}/nominations`, { memberId: c.memberIds[0] });
      await c.clerk.request('POST', `${at}/nominations`, { memberId: c.memberIds[1] });
      await c.clerk.request('POST', `${at}/nominations/close`);
      const opened = await c.clerk.request('POST', `${at}/rounds`);
      assert.equal(opened.statusCode, 200, opened.body);
      const member = await c.members[0]!.request('POST', `${at}/papers`, { papers: [{ ranking: [1] }] });
      assert.equal(member.json().code, 'forbidden', 'a member is no teller');
      const tooMany = await c.clerk.request('POST', `${at}/papers`, { file: '1\n'.repeat(7), format: 'csv' });
      assert.equal(tooMany.json().code, 'more_papers_than_present');
      const badCsv = await c.clerk.request('POST', `${at}/papers`, { file: '1\nx\n', format: 'csv' });
      assert.equal(badCsv.json().code, 'csv_invalid');
      const twoMarks = await c.clerk.request('POST', `${at}/papers`, { papers: [{ ranking: [1, 2] }] });
      assert.equal(twoMarks.json().code, 'too_many_marks');
      assert.equal((await c.clerk.request('POST', `${at}/papers`, { papers: [{ ranking: [1] }] })).statusCode, 201);
      const bulk = await c.clerk.request('POST', `${at}/papers`, { file: '2\n2\nblank\nspoilt\n1\n', format: 'csv' });
      assert.equal(bulk.statusCode, 201, bulk.body);
      const closed = await c.clerk.request('POST', `${at}/rounds/close`);
      assert.equal(closed.json().status, 'awaiting_lot', closed.body);
      const early = await c.clerk.request('POST', `${at}/rounds`);
      assert.equal(early.statusCode, 409);
      const badDraw = await c.clerk.request('POST', `${at}/lot`, { draw: 'six' });
      assert.equal(badDraw.json().code, 'invalid_physical_draw');
      const drawn = await c.clerk.request('POST', `${at}/lot`, { draw: '4 2 6' });
      assert.equal(drawn.json().status, 'declared', drawn.body);
      const result = drawn.json().result;
      assert.equal(result.lots.length, 1);
      assert.deepEqual(result.lots[0].among, [0, 1]);
      const read = (await c.clerk.request('GET', at)).json();
      assert.equal(read.rounds[0].papers, null, 'papers not published');
      assert.equal(read.rounds[0].blank, 1);
      assert.equal(read.rounds[0].spoilt, 1);
      const file = await c.clerk.request('GET', `${at}/rounds/1/papers.blt`);
      assert.equal(file.json().code, 'papers_not_published');
      const tally = await h.db.dialect.db
        .selectFrom('election_rounds')
        .select('tally')
        .where(
          'body_id',
          '=',
          read.rounds.length
            ? (
                await h.db.dialect.db
                  .selectFrom('bodies')
                  .select('id')
                  .where('slug', '=', c.slug)
                  .executeTakeFirstOrThrow()
              ).id
            : 0,
        )
        .execute();
      assert.equal(tally[0]!.tally, null, 'the server keeps no papers the rule does not publish');
      const pageRu = await h.app.inject({
        method: 'GET',
        url: `/${c.slug}/elections/${read.id}`,
        headers: { 'accept-language': 'ru' },
      });
      assert.match(pageRu.body, /Жребий/);
      assert.match(pageRu.body, /4 2 6/, 'the tellers\u2019 draw is shown');
      assert.match(pageRu.body, /Правило не предусматривает публикации/);
      const verified = await verifyBody(h, c.slug);
      assert.equal(verified.code, 0, verified.output.slice(0, 2000));
      // A stored row that no entry leads to is named.
      await h.db.dialect.db
        .updateTable('election_candidates')
        .set({ withdrawn: 1 })
        .where('election_id', '=', read.id)
        .where('number', '=', 2)
        .execute();
      const tampered = await verifyBody(h, c.slug);
      assert.equal(tampered.code, 1);
      assert.match(tampered.output, /candidate_rows_mismatch/);
    });

    test("a member's ranked paper from the ballot page: labelled selects, a review step, cast once", async () => {
      const c = await councilWithMembers(h, 'stv-page', 4);
      const { sittingId, base } = await sittingWithMotion(h, c);
      const created = await c.clerk.request('POST', `${base}/elections`, {
        sittingId,
        office: { en: 'Committee places' },
        rule: { method: 'scottish-stv', seats: 2, publishBallots: true, consentRequired: false, source: 'assumption' },
        ballotKind: 'secret_electronic',
      });
      const id = created.json().id as number;
      const at = `${base}/elections/${id}`;
      await c.clerk.request('POST', `${at}/nominations/open`);
      for (const m of c.memberIds.slice(0, 3)) await c.clerk.request('POST', `${at}/nominations`, { memberId: m });
      await c.clerk.request('POST', `${at}/nominations/close`);
      await c.clerk.request('POST', `${at}/rounds`);
      const page = `/${c.slug}/elections/${id}/ballot`;
      const anonymousGet = await h.app.inject({ method: 'GET', url: page });
      assert.equal(anonymousGet.statusCode, 303, 'signing in comes first');
      const member = await formSession(h, c.members[0]!.userId);
      const choose = await member.get(page);
      assert.equal(choose.statusCode, 200);
      assert.match(choose.body, /<label for="p1">Preference 1<\/label>/);
      assert.match(choose.body, /<select id="p3" name="p3">/, 'one select per candidate standing');
      assert.equal(choose.headers['cache-control'], 'private, no-store, no-transform');
      const repeated = await member.post(`${page}/review`, { p1: '2', p2: '2' });
      assert.equal(repeated.statusCode, 400);
      assert.match(repeated.body, /data-code="candidate_repeated"/);
      const review = await member.post(`${page}/review`, { p1: '2', p2: '', p3: '1' });
      assert.match(review.body, /data-paper="2,1"/, 'the review shows the paper in order, gaps closed');
      const clientBallotId = /name="clientBallotId" value="([A-Za-z0-9_-]+)"/.exec(review.body)?.[1];
      assert.ok(clientBallotId);
      const forged = await member.post(page, { p1: '2', p2: '1', clientBallotId }, { csrf: false });
      assert.equal(forged.statusCode, 403, 'a form without its token is refused');
      const cast = await member.post(page, { p1: '2', p2: '1', clientBallotId });
      assert.match(cast.body, /data-cast="1"/);
      const retried = await member.post(page, { p1: '2', p2: '1', clientBallotId });
      assert.match(retried.body, /data-cast="1"/, 'a retry of the same paper answers as the first');
      const second = await member.post(page, { p1: '1' });
      assert.match(second.body, /data-code="already_voted"/);
      const read = (await c.clerk.request('GET', at)).json();
      assert.equal(read.rounds[0].ballots, 1, 'the paper counted once');
    });
  });
}
