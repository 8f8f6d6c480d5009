// Vote reports (issue 15, item 6) through the API on SQLite and PostgreSQL: what a named outlet
// reported of who voted how on a show of hands is recorded as a report with its source, shown on
// the vote's and the members' pages as a report (never as a roll call), refused for a secret or a
// named vote, and replayed by `quorate verify`. A refused report changes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, startHarness, verifyBody, type Harness } from './support/test-app.ts';
import { snapshot } from './support/snapshot.ts';

for (const target of testDatabases()) {
  describe(`vote reports on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      await h?.close();
    });

    test('a show of hands carries a report of named supporters; named and secret votes refuse one', async () => {
      const c = await councilWithMembers(h, 'reported', 4);
      const other = await councilWithMembers(h, 'reported-elsewhere', 2);
      const base = `/api/v1/bodies/${c.slug}`;
      const sittingId = (
        await c.clerk.request('POST', `${base}/sittings`, { title: 'Sitting', date: '2026-11-30' })
      ).json().id as number;
      await c.clerk.request('POST', `${base}/sittings/${sittingId}/open`);
      for (const id of c.memberIds)
        await c.clerk.request('PUT', `${base}/sittings/${sittingId}/attendance/${id}`, { status: 'present' });
      const voteOn = async (method: string) => {
        const motionId = (
          await c.clerk.request('POST', `${base}/motions`, {
            sittingId,
            kind: 'ordinary',
            title: `By ${method}`,
            text: 'x',
          })
        ).json().id as number;
        return (await c.clerk.request('POST', `${base}/votes`, { motionId, method })).json().id as number;
      };
      const hands = await voteOn('show_of_hands');
      const closed = await c.clerk.request('POST', `${base}/votes/${hands}/close`, {
        totals: { yes: 3, no: 0, abstain: 1 },
      });
      assert.equal(closed.statusCode, 200, closed.body);
      const report = {
        claim: 'Three members who approved the motion were named.',
        source: 'A named outlet, November 2026',
        reportedOn: '2026-11',
        positions: c.memberIds.slice(0, 3).map((memberId) => ({ memberId, choice: 'yes' })),
      };

      // Refusals first: each leaves the record as it was.
      const before = await snapshot(h.db.dialect);
      const refusals: Array<[string, number, unknown, number, string]> = [
        ['a member may not record a report', hands, report, 403, 'forbidden'],
        ['a chair may not either', hands, report, 403, 'forbidden'],
        [
          'a member of another body',
          hands,
          { ...report, positions: [{ memberId: other.memberIds[0], choice: 'yes' }] },
          404,
          'member_not_found',
        ],
        [
          'a member named twice',
          hands,
          { ...report, positions: [report.positions[0], report.positions[0]] },
          400,
          'duplicate_member',
        ],
        ['no source', hands, { ...report, source: ' ' }, 400, ''],
        ['a vote of another body', 999_999, report, 404, 'vote_not_found'],
      ];
      for (const [note, voteId, payload, status, code] of refusals) {
        const who = note.startsWith('a member may') ? c.members[0]! : note.startsWith('a chair') ? c.chair : c.clerk;
        const r = await who.request('POST', `${base}/votes/${voteId}/reports`, payload);
        assert.equal(r.statusCode, status, `${note}: ${r.body}`);
        if (code) assert.equal(r.json().code, code, note);
      }
      for (const [method, code] of [
        ['roll_call', 'positions_recorded'],
        ['secret_electronic', 'secret_vote'],
      ] as const) {
        const voteId = await voteOn(method);
        const r = await c.clerk.request('POST', `${base}/votes/${voteId}/reports`, report);
        assert.deepEqual([r.statusCode, r.json().code], [400, code], method);
        // One vote at a time: close it before the next.
        const done = await c.clerk.request('POST', `${base}/votes/${voteId}/close`, {});
        assert.equal(done.statusCode, 200, done.body);
      }
      // The two votes just opened are records of their own; compare only what the refusals touched.
      const reportTables = (s: string) =>
        s
          .split('\n--\n')
          .filter((p) => p.startsWith('vote_report'))
          .join('\n');
      assert.equal(reportTables(await snapshot(h.db.dialect)), reportTables(before));

      const ok = await c.clerk.request('POST', `${base}/votes/${hands}/reports`, report);
      assert.equal(ok.statusCode, 201, ok.body);
      const vote = (await c.clerk.request('GET', `${base}/votes/${hands}`)).json();
      assert.equal(vote.reports.length, 1);
      assert.deepEqual(
        vote.reports[0].positions.map((p: { memberId: number; choice: string }) => [p.memberId, p.choice]),
        c.memberIds.slice(0, 3).map((id) => [id, 'yes']),
      );
      assert.deepEqual([vote.counts.yes, vote.reports[0].source], [3, report.source], 'the report changes no count');

      // The pages say what it is, in both languages.
      const page = (url: string) => h.app.inject({ url }).then((r) => r.body);
      const en = await page(`/${c.slug}/votes/${hands}?lang=en`);
      assert.match(en, /Reported positions/);
      assert.match(en, /no roll call was recorded/);
      assert.match(en, /A named outlet, November 2026/);
      const ru = await page(`/${c.slug}/votes/${hands}?lang=ru`);
      assert.match(ru, /поимённое голосование не записывалось/);
      const member = await page(`/${c.slug}/members/${c.memberIds[0]}?lang=en`);
      assert.match(member, /Reported positions \(not recorded\)/);
      assert.match(member, /reported as For/);
      const silent = await page(`/${c.slug}/members/${c.memberIds[3]}?lang=en`);
      assert.doesNotMatch(silent, /Reported positions/);

      // The entry replays: `quorate verify` passes over the whole log.
      const verified = await verifyBody(h, c.slug);
      assert.equal(verified.code, 0, verified.output);
    });
  });
}
