// Committees (issue 15, item 5), through the real server on every database: a body's clerk
// establishes a committee of five from the body's office (the form, with its CSRF token); refusals
// by policy, without the token and for hostile input change nothing; the committee's seats are
// filled only from the parent's current members (stable codes); the two link to each other on
// their pages and in Popolo; `quorate verify` replays `committee.established` and the committee's
// seats, and names the entry a tampered row contradicts.
import { formSession } from './support/form-session.ts';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, startHarness, verifyBody, type Client, type Harness } from './support/test-app.ts';
import { snapshot } from './support/snapshot.ts';
import { popoloValidator } from './support/popolo-validator.ts';
import { findBody } from '../src/services/bodies.ts';
import { encodeEntry } from '../src/domain/entries/record-entry.ts';

const EN = { 'accept-language': 'en' };
const RU = { 'accept-language': 'ru' };

async function fullSnapshot(h: Harness) {
  return createHash('sha256')
    .update(await snapshot(h.db.dialect))
    .digest('hex');
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** A browser-like session (test/support/form-session.ts). */
async function browser(h: Harness, client: Client) {
  return formSession(h, client.userId);
}

async function entries(h: Harness, slug: string) {
  const body = await h.db.dialect.db
    .selectFrom('bodies')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  const rows = await h.db.dialect.db
    .selectFrom('entries')
    .select(['idx', 'bytes'])
    .where('body_id', '=', body.id)
    .orderBy('idx')
    .execute();
  return rows.map((r) => ({ idx: r.idx, ...JSON.parse(Buffer.from(r.bytes).toString('utf8')) }));
}

for (const target of testDatabases()) {
  describe(`committees on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let council: Awaited<ReturnType<typeof councilWithMembers>>;
    let other: Awaited<ReturnType<typeof councilWithMembers>>;
    let clerk: Awaited<ReturnType<typeof browser>>;
    const committee = {
      slug: 'kolpino-budget',
      nameRu: 'Постоянная комиссия по бюджету',
      nameEn: 'Standing committee on the budget',
      establishedSeats: '5',
      preset: 'ru-33fz',
    };
    before(async () => {
      h = await startHarness(target);
      council = await councilWithMembers(h, 'kolpino', 7, { rules: 'ru-33fz' });
      other = await councilWithMembers(h, 'elsewhere', 2);
      clerk = await browser(h, council.clerk);
    });
    after(async () => {
      await h?.close();
    });

    test('the office offers the form; refusals by policy, without CSRF and for hostile input change nothing', async () => {
      const page = await clerk.get('/kolpino/office', RU);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Образовать постоянную комиссию \(комитет\)/);
      assert.match(page.body, /<option value="ru-33fz" selected="">ru-33fz<\/option>/, "the parent's preset first");
      assert.match(page.body, /33-ФЗ/, 'the preset preview cites the law');
      const member = await browser(h, council.members[0]!);
      const stranger = await browser(h, other.clerk);
      const chair = await browser(h, council.chair);
      assert.equal((await chair.get('/kolpino/office')).statusCode, 403);

      const before = await fullSnapshot(h);
      const refusals: Array<[typeof clerk, Record<string, string>, { csrf?: boolean }, number, RegExp | null]> = [
        [member, committee, {}, 403, null],
        [stranger, committee, {}, 403, null],
        [chair, committee, {}, 403, null],
        [clerk, committee, { csrf: false }, 403, /csrf_failed/],
        [clerk, { ...committee, establishedSeats: '0' }, {}, 400, /id="committee-establishedSeats"[^>]*aria-invalid/],
        [clerk, { ...committee, establishedSeats: '8' }, {}, 400, /id="committee-establishedSeats"[^>]*aria-invalid/],
        [clerk, { ...committee, establishedSeats: '1e3' }, {}, 400, /id="committee-establishedSeats"[^>]*aria-invalid/],
        [clerk, { ...committee, slug: 'office' }, {}, 400, /id="committee-slug"[^>]*aria-invalid/],
        [clerk, { ...committee, slug: '<script>' }, {}, 400, /id="committee-slug"[^>]*aria-invalid/],
        [clerk, { ...committee, slug: 'kolpino' }, {}, 409, /id="committee-slug"[^>]*aria-invalid/],
        [clerk, { ...committee, nameRu: '', nameEn: '' }, {}, 400, /id="committee-nameRu"[^>]*aria-invalid/],
        [clerk, { ...committee, nameEn: 'Budget\u001b[31m' }, {}, 400, /id="committee-nameEn"[^>]*aria-invalid/],
        [clerk, { ...committee, nameRu: 'К'.repeat(301) }, {}, 400, /id="committee-nameRu"[^>]*aria-invalid/],
        [clerk, { ...committee, preset: 'no-such-preset' }, {}, 400, /id="committee-preset"[^>]*aria-invalid/],
      ];
      for (const [who, fields, options, status, body] of refusals) {
        const r = await who.post('/kolpino/office/committees', fields, options);
        assert.equal(r.statusCode, status, `${JSON.stringify(fields).slice(-120)} → ${r.body.slice(0, 200)}`);
        if (body) assert.match(r.body, body);
        assert.doesNotMatch(r.body, /<script>/);
        assert.equal(await fullSnapshot(h), before, 'a refused form changes nothing');
      }
      const anon = await h.app.inject({
        method: 'POST',
        url: '/kolpino/office/committees',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form(committee),
      });
      assert.equal(anon.statusCode, 401);
      assert.equal(await fullSnapshot(h), before);
    });

    test("the clerk establishes a committee of five: one entry in the parent's log, the committee's own log, the clerk's role", async () => {
      const r = await clerk.post('/kolpino/office/committees', committee);
      assert.equal(r.statusCode, 303, r.body.slice(0, 400));
      assert.equal(r.headers.location, '/kolpino-budget/office?saved=1');
      const parent = await entries(h, 'kolpino');
      const established = parent.at(-1)!;
      assert.equal(established.type, 'committee.established');
      assert.deepEqual(established.data, {
        slug: 'kolpino-budget',
        origin: established.data.origin,
        names: { ru: committee.nameRu, en: committee.nameEn },
        establishedSeats: 5,
        preset: 'ru-33fz',
      });
      assert.match(established.data.origin, /\/kolpino-budget$/);
      const own = await entries(h, 'kolpino-budget');
      assert.deepEqual(
        own.map((e) => e.type),
        ['body.created', 'role.granted'],
      );
      assert.deepEqual(own[0].data.parent, {
        slug: 'kolpino',
        origin: parent[0].data.origin,
        entry: established.idx,
      });
      assert.equal(own[0].data.rules.preset, 'ru-33fz');
      assert.deepEqual(own[1].data, { role: 'clerk', account: council.clerk.userId });
      const row = await h.db.dialect.db
        .selectFrom('bodies')
        .selectAll()
        .where('slug', '=', 'kolpino-budget')
        .executeTakeFirstOrThrow();
      const parentRow = await h.db.dialect.db
        .selectFrom('bodies')
        .selectAll()
        .where('slug', '=', 'kolpino')
        .executeTakeFirstOrThrow();
      assert.equal(row.parent_id, parentRow.id);
      assert.equal(row.established_seats, 5);
      assert.equal(row.time_zone, parentRow.time_zone);

      const page = await clerk.get('/kolpino-budget/office', RU);
      assert.equal(page.statusCode, 200, 'the creator staffs the committee');
      assert.match(page.body, /Установлено: 5\. Замещено: 0\. Вакантно: 5\./);
      assert.match(page.body, /<h1>Состав комиссии \(комитета\)<\/h1>/);
      assert.match(page.body, /Включить депутата в состав комиссии/);
      assert.equal((page.body.match(/<option value="\d+">Мандат/g) ?? []).length, 7, "the parent's 7 members");
      assert.doesNotMatch(page.body, /office\/import/, 'a committee is not filled from a file');
      // The API refuses a second committee of the same slug with the same code.
      const again = await council.clerk.request('POST', '/api/v1/bodies/kolpino/committees', {
        slug: 'kolpino-budget',
        names: { en: 'Again' },
        establishedSeats: 3,
      });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'slug_taken');
    });

    test("a committee's seats go only to the parent's current members, each once", async () => {
      const seat = (n: number, fields: Record<string, string>) =>
        clerk.post('/kolpino-budget/office/seats', { seat: String(n), ...fields });
      for (let i = 0; i < 3; i++) {
        const r = await seat(i + 1, { parentMember: String(council.memberIds[i]) });
        assert.equal(r.statusCode, 303, r.body.slice(0, 300));
      }
      // Parent seat 7 ends: its holder may no longer take a committee seat.
      const ended = await council.clerk.request('DELETE', `/api/v1/bodies/kolpino/seats/7/holder?endsOn=2026-11-30`);
      assert.equal(ended.statusCode, 200, ended.body);
      const before = await fullSnapshot(h);
      const refusals: Array<[Record<string, string>, number, RegExp]> = [
        [{}, 400, /id="fill-parentMember"[^>]*aria-invalid/],
        [{ parentMember: 'x' }, 400, /id="fill-parentMember"[^>]*aria-invalid/],
        [{ parentMember: String(other.memberIds[0]) }, 409, /id="fill-parentMember"[^>]*aria-invalid/],
        [{ parentMember: String(council.memberIds[6]) }, 409, /id="fill-parentMember"[^>]*aria-invalid/],
        [{ parentMember: String(council.memberIds[0]) }, 409, /id="fill-parentMember"[^>]*aria-invalid/],
        [{ parentMember: String(council.memberIds[3]), nameEn: 'Somebody else' }, 400, /aria-invalid/],
      ];
      for (const [fields, status, body] of refusals) {
        const r = await seat(4, fields);
        assert.equal(r.statusCode, status, `${JSON.stringify(fields)} → ${r.body.slice(0, 300)}`);
        assert.match(r.body, body);
        assert.equal(await fullSnapshot(h), before, 'a refused seat changes nothing');
      }
      // The same refusals through the API, by their stable codes.
      const api = (payload: unknown) =>
        council.clerk.request('PUT', '/api/v1/bodies/kolpino-budget/seats/4/holder', payload);
      for (const [payload, code] of [
        [{ person: { nameEn: 'Not a member' } }, 'parent_member_required'],
        [{ parentMember: other.memberIds[0] }, 'not_parent_member'],
        [{ parentMember: council.memberIds[6] }, 'not_parent_member'],
        [{ parentMember: council.memberIds[1] }, 'already_committee_member'],
      ] as const) {
        const r = await api(payload);
        assert.equal(r.json().code, code, JSON.stringify(payload));
      }
      const notCommittee = await council.clerk.request('PUT', '/api/v1/bodies/kolpino/seats/7/holder', {
        parentMember: council.memberIds[0],
      });
      assert.equal(notCommittee.json().code, 'not_a_committee');
      assert.equal(await fullSnapshot(h), before);
      const ok = await api({ parentMember: council.memberIds[3] });
      assert.equal(ok.statusCode, 201, ok.body);
      const last = (await entries(h, 'kolpino-budget')).at(-1)!;
      assert.equal(last.type, 'seat.filled');
      assert.equal(last.data.parentMember.membership, council.memberIds[3]);
      assert.equal(last.data.person.nameEn, 'Member 4', "named as the parent's record names them");
      const page = await clerk.get('/kolpino-budget/office');
      assert.match(page.body, /Established: 5\. Filled: 4\. Vacant: 1\./);
      assert.equal((page.body.match(/<option value="\d+">Seat/g) ?? []).length, 2, 'seats 5 and 6 are free');
    });

    test('the parent and the committee link to each other on their pages', async () => {
      const anon = (url: string, headers = EN) => h.app.inject({ method: 'GET', url, headers });
      for (const url of ['/kolpino', '/kolpino/members', '/kolpino/sittings', '/kolpino/rules']) {
        const r = await anon(url);
        assert.equal(r.statusCode, 200, url);
        assert.match(r.body, /href="\/kolpino-budget" data-committee="kolpino-budget"/, url);
      }
      assert.match((await anon('/kolpino')).body, /Standing committee on the budget<\/a> \(Seats: 5\)/);
      for (const url of ['/kolpino-budget', '/kolpino-budget/members', '/kolpino-budget/decisions']) {
        const r = await anon(url, RU);
        assert.equal(r.statusCode, 200, url);
        assert.match(r.body, /Постоянная комиссия \(комитет\) органа <a href="\/kolpino">Совет kolpino<\/a>/, url);
      }
      assert.match((await anon('/kolpino-budget/members')).body, /Member 4/);
      const api = (slug: string) =>
        h.app.inject({ method: 'GET', url: `/api/v1/bodies/${slug}` }).then((r) => r.json());
      assert.deepEqual([(await api('kolpino')).parent, (await api('kolpino')).committees], [null, ['kolpino-budget']]);
      assert.deepEqual(
        [(await api('kolpino-budget')).parent, (await api('kolpino-budget')).committees],
        ['kolpino', []],
      );
    });

    test('Popolo: the committee is an organization with parent_id, its members are the parent’s people', async () => {
      const validator = popoloValidator();
      const parent = (await h.app.inject({ method: 'GET', url: '/export/kolpino/popolo.json' })).json();
      const child = (await h.app.inject({ method: 'GET', url: '/export/kolpino-budget/popolo.json' })).json();
      const [own, listed] = parent.organizations;
      assert.equal(own.classification, 'council');
      assert.equal(own.parent_id, undefined);
      assert.equal(listed.classification, 'committee');
      assert.equal(listed.parent_id, own.id);
      const org = child.organizations[0];
      assert.equal(org.id, listed.id);
      assert.equal(org.classification, 'committee');
      assert.equal(org.parent_id, own.id);
      for (const o of [...parent.organizations, org]) assert.deepEqual(validator.errors('organization', o), []);
      assert.equal(child.memberships.length, 4);
      const parentPeople = new Set(parent.persons.map((p: { id: string }) => p.id));
      for (const m of child.memberships) {
        assert.equal(m.organization_id, org.id);
        assert.ok(parentPeople.has(m.person_id), `${m.person_id} is one of the parent's people`);
        assert.deepEqual(validator.errors('membership', m), []);
      }
      assert.deepEqual(
        child.persons.map((p: { id: string }) => p.id).sort(),
        child.memberships.map((m: { person_id: string }) => m.person_id).sort(),
      );
    });

    test("a parent mandate's end ends the committee seat held from it, in the committee's log", async () => {
      const before = (await entries(h, 'kolpino-budget')).length;
      const r = await council.clerk.request('DELETE', '/api/v1/bodies/kolpino/seats/2/holder?endsOn=2026-12-01');
      assert.equal(r.statusCode, 200, r.body);
      const own = await entries(h, 'kolpino-budget');
      assert.equal(own.length, before + 1);
      const ended = own.at(-1)!;
      assert.equal(ended.type, 'seat.vacated');
      assert.deepEqual(ended.data, {
        membership: ended.data.membership,
        seat: 2,
        endsOn: '2026-12-01',
        parentMandateEnded: council.memberIds[1],
      });
      const page = await clerk.get('/kolpino-budget/office');
      assert.match(page.body, /Established: 5\. Filled: 3\. Vacant: 2\./);
      // Parent mandates with no committee seat end alone.
      const alone = await council.clerk.request('DELETE', '/api/v1/bodies/kolpino/seats/6/holder?endsOn=2026-12-01');
      assert.equal(alone.statusCode, 200);
      assert.equal((await entries(h, 'kolpino-budget')).length, before + 1);
    });

    test('a committee seat and its parent mandate’s end, at the same moment: never a seat held from an ended mandate', async () => {
      for (const parentSeat of [2, 6, 7]) {
        const filled = await council.clerk.request('PUT', `/api/v1/bodies/kolpino/seats/${parentSeat}/holder`, {
          person: { nameEn: `Racer ${parentSeat}` },
        });
        assert.equal(filled.statusCode, 201, filled.body);
        const mandate = filled.json().membershipId as number;
        const [seat, end] = await Promise.all([
          council.clerk.request('PUT', '/api/v1/bodies/kolpino-budget/seats/2/holder', { parentMember: mandate }),
          council.clerk.request('DELETE', `/api/v1/bodies/kolpino/seats/${parentSeat}/holder?endsOn=2026-12-02`),
        ]);
        assert.equal(end.statusCode, 200, end.body);
        assert.ok(seat.statusCode === 201 || seat.json().code === 'not_parent_member', seat.body);
        const stale = await h.db.dialect.db
          .selectFrom('memberships as c')
          .innerJoin('memberships as p', 'p.id', 'c.parent_membership_id')
          .select('c.id')
          .where('c.ends_on', 'is', null)
          .where('p.ends_on', 'is not', null)
          .execute();
        assert.deepEqual(stale, [], 'no committee seat outlives its parent mandate');
      }
    });

    test('quorate verify replays both logs, and names the entry a tampered committee row contradicts', async () => {
      for (const slug of ['kolpino', 'kolpino-budget']) {
        const ok = await verifyBody(h, slug);
        assert.equal(ok.code, 0, ok.output);
      }
      const db = h.db.dialect.db;
      const established = (await entries(h, 'kolpino')).find((e) => e.type === 'committee.established')!;
      await db.updateTable('bodies').set({ established_seats: 6 }).where('slug', '=', 'kolpino-budget').execute();
      const parent = JSON.parse((await verifyBody(h, 'kolpino')).output);
      assert.equal(parent.problem.code, 'committee_row_mismatch');
      assert.equal(parent.problem.index, established.idx);
      const child = JSON.parse((await verifyBody(h, 'kolpino-budget')).output);
      assert.equal(child.problem.code, 'committee_establishment_mismatch');
      assert.equal(child.problem.index, 0);
      await db.updateTable('bodies').set({ established_seats: 5 }).where('slug', '=', 'kolpino-budget').execute();

      const seat = (await entries(h, 'kolpino-budget')).find((e) => e.type === 'seat.filled')!;
      await db
        .updateTable('memberships')
        .set({ parent_membership_id: council.memberIds[5]! })
        .where('id', '=', seat.data.membership)
        .execute();
      const moved = JSON.parse((await verifyBody(h, 'kolpino-budget')).output);
      assert.equal(moved.problem.code, 'committee_member_row_mismatch');
      assert.equal(moved.problem.index, seat.idx);
      await db
        .updateTable('memberships')
        .set({ parent_membership_id: seat.data.parentMember.membership })
        .where('id', '=', seat.data.membership)
        .execute();
      assert.equal((await verifyBody(h, 'kolpino-budget')).code, 0);

      // An establishing entry rewritten (canonical, so only replay can object) is named by its index.
      const parentId = (await findBody(db, 'kolpino')).id;
      const stored = await db
        .selectFrom('entries')
        .select('bytes')
        .where('body_id', '=', parentId)
        .where('idx', '=', established.idx)
        .executeTakeFirstOrThrow();
      const { idx: _idx, ...original } = established;
      const forged = encodeEntry({ ...original, data: { ...original.data, establishedSeats: 0 } });
      const setBytes = (bytes: Uint8Array) =>
        db
          .updateTable('entries')
          .set({ bytes })
          .where('body_id', '=', parentId)
          .where('idx', '=', established.idx)
          .execute();
      await setBytes(forged);
      const tampered = JSON.parse((await verifyBody(h, 'kolpino')).output);
      assert.equal(tampered.problem.code, 'bad_committee');
      assert.equal(tampered.problem.index, established.idx);
      await setBytes(stored.bytes);
      assert.equal((await verifyBody(h, 'kolpino')).code, 0);
    });
  });
}
