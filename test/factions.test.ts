// Factions (issue 15, item 5), through the real server on every database: the rules through the
// JSON API (an overlap, a day outside the mandate or the faction's life refused with a stable code,
// nothing recorded), the office's forms (CSRF, policy, hostile input, errors tied to fields, a
// refused form changes nothing), the public pages (the factions page, a member's factions, how each
// faction voted on a named vote — and no such table for a secret one), the Popolo export, and
// `quorate verify` naming a faction row edited behind the log's back.
import { formSession } from './support/form-session.ts';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import {
  councilWithMembers,
  sittingWithMotion,
  startHarness,
  verifyBody,
  type Client,
  type Harness,
} from './support/test-app.ts';
import { snapshot } from './support/snapshot.ts';
import { popoloValidator } from './support/popolo-validator.ts';

const EN = { 'accept-language': 'en' };
const RU = { 'accept-language': 'ru' };

/** A browser-like session (test/support/form-session.ts). */
async function browser(h: Harness, client: Client) {
  return formSession(h, client.userId);
}

for (const target of testDatabases()) {
  describe(`factions on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let c: Awaited<ReturnType<typeof councilWithMembers>>;
    let api: string;
    let rollCall = 0;
    before(async () => {
      h = await startHarness(target);
      c = await councilWithMembers(h, 'frak', 5);
      api = `/api/v1/bodies/${c.slug}`;
    });
    after(async () => {
      await h?.close();
    });

    test('the API records factions and refuses what the rules do not allow, recording nothing', async () => {
      const [m1, m2, m3] = c.memberIds as [number, number, number];
      const a = await c.clerk.request('POST', `${api}/factions`, {
        nameRu: 'Фракция «Север»',
        nameEn: 'North',
        foundedOn: '2026-01-10',
      });
      assert.equal(a.statusCode, 201, a.body);
      const b = await c.clerk.request('POST', `${api}/factions`, { nameRu: 'Фракция «Юг»', foundedOn: '2026-01-10' });
      const [fa, fb] = [a.json().id as number, b.json().id as number];
      assert.equal(
        (await c.clerk.request('POST', `${api}/factions/${fa}/members`, { memberId: m1, joinsOn: '2026-01-10' }))
          .statusCode,
        201,
      );
      assert.equal(
        (await c.clerk.request('POST', `${api}/factions/${fa}/members`, { memberId: m2, joinsOn: '2026-02-01' }))
          .statusCode,
        201,
      );
      assert.equal(
        (await c.clerk.request('POST', `${api}/factions/${fb}/members`, { memberId: m3, joinsOn: '2026-01-10' }))
          .statusCode,
        201,
      );

      const refusals: Array<[string, unknown, number, string]> = [
        // One faction at a time: m1 is in A from 10 January, open.
        [`${api}/factions/${fb}/members`, { memberId: m1, joinsOn: '2026-03-01' }, 409, 'faction_overlap'],
        // Before the faction was founded.
        [
          `${api}/factions/${fb}/members`,
          { memberId: c.memberIds[3], joinsOn: '2026-01-09' },
          409,
          'outside_faction_life',
        ],
        [`${api}/factions/${fa}/members`, { memberId: c.memberIds[3], joinsOn: '2026-13-01' }, 400, 'invalid_date'],
        [
          `${api}/factions/${fa}/members`,
          { memberId: c.memberIds[3], joinsOn: '2026-03-02', leavesOn: '2026-03-01' },
          400,
          'leaves_before_joining',
        ],
        [`${api}/factions/${fa}/members`, { memberId: 999_999, joinsOn: '2026-03-01' }, 409, 'unknown_member'],
        [`${api}/factions/${fa}/leave`, { memberId: m3, leavesOn: '2026-03-01' }, 409, 'not_in_faction'],
        [`${api}/factions/${fa}/leave`, { memberId: m2, leavesOn: '2026-01-31' }, 400, 'leaves_before_joining'],
        [`${api}/factions/${fa}/dissolve`, { dissolvedOn: '2026-01-09' }, 400, 'dissolved_before_founded'],
        [`${api}/factions/${fa}/dissolve`, { dissolvedOn: '2026-01-31' }, 409, 'outside_faction_life'],
        [`${api}/factions`, { nameRu: '  ', foundedOn: '2026-01-01' }, 400, 'faction_unnamed'],
        [`${api}/factions`, { nameRu: 'X\u0007', foundedOn: '2026-01-01' }, 400, 'invalid_name'],
        [`${api}/factions`, { nameRu: 'X', foundedOn: '2026-01' }, 400, 'invalid_date'],
        [`${api}/factions/999999/members`, { memberId: m1, joinsOn: '2026-03-01' }, 404, 'faction_not_found'],
      ];
      for (const [url, body, status, code] of refusals) {
        const before = await snapshot(h.db.dialect);
        const r = await c.clerk.request('POST', url, body);
        assert.equal(r.statusCode, status, `${url} ${JSON.stringify(body)}: ${r.body}`);
        assert.equal(r.json().code, code, r.body);
        assert.equal(await snapshot(h.db.dialect), before, `${code} changed nothing`);
      }
      // Policy: a member and a chair may not; the other body's clerk may not.
      for (const who of [c.members[0]!, c.chair]) {
        const r = await who.request('POST', `${api}/factions`, { nameRu: 'Z', foundedOn: '2026-01-01' });
        assert.equal(r.statusCode, 403);
      }

      // A mandate that ended: leaving must come by its end.
      const vacate = await c.clerk.request('DELETE', `${api}/seats/5/holder?endsOn=2026-06-30`);
      assert.equal(vacate.statusCode, 200, vacate.body);
      const m5 = c.memberIds[4]!;
      const late = await c.clerk.request('POST', `${api}/factions/${fb}/members`, {
        memberId: m5,
        joinsOn: '2026-02-01',
        leavesOn: '2026-07-01',
      });
      assert.equal(late.statusCode, 409, late.body);
      assert.equal(late.json().code, 'outside_mandate');
      const inTime = await c.clerk.request('POST', `${api}/factions/${fb}/members`, {
        memberId: m5,
        joinsOn: '2026-02-01',
        leavesOn: '2026-06-30',
      });
      assert.equal(inTime.statusCode, 201, inTime.body);

      const list = (await c.clerk.request('GET', `${api}/factions`)).json();
      assert.deepEqual(
        list.items.map((f: { name: { ru: string }; members: Array<{ memberId: number; leavesOn: string | null }> }) => [
          f.name.ru,
          f.members.map((m) => [m.memberId, m.leavesOn]),
        ]),
        [
          [
            'Фракция «Север»',
            [
              [m1, null],
              [m2, null],
            ],
          ],
          [
            'Фракция «Юг»',
            [
              [m3, null],
              [m5, '2026-06-30'],
            ],
          ],
        ],
      );
    });

    test('two joins of one member to two factions at once: one is recorded, the other refused', async () => {
      const one = (await c.clerk.request('POST', `${api}/factions`, { nameRu: 'Раз', foundedOn: '2026-01-01' })).json();
      const two = (await c.clerk.request('POST', `${api}/factions`, { nameRu: 'Два', foundedOn: '2026-01-01' })).json();
      const m4 = c.memberIds[3]!;
      const answers = await Promise.all(
        [one.id, two.id].map((f) =>
          c.clerk.request('POST', `${api}/factions/${f}/members`, {
            memberId: m4,
            joinsOn: '2026-01-05',
            leavesOn: '2026-01-20',
          }),
        ),
      );
      assert.deepEqual(answers.map((r) => r.statusCode).sort(), [201, 409]);
      assert.equal(answers.find((r) => r.statusCode === 409)!.json().code, 'faction_overlap');
      const rows = await h.db.dialect.db
        .selectFrom('faction_members')
        .select('id')
        .where('membership_id', '=', m4)
        .execute();
      assert.equal(rows.length, 1);
      // Dissolved the same day, so the later tests see these two as history only.
      for (const f of [one.id, two.id])
        assert.equal(
          (await c.clerk.request('POST', `${api}/factions/${f}/dissolve`, { dissolvedOn: '2026-01-31' })).statusCode,
          200,
        );
    });

    test('a mandate ended on a day ends the faction membership that day; one ended on a month does not', async () => {
      const d = await councilWithMembers(h, 'frak-end', 2);
      const dapi = `/api/v1/bodies/${d.slug}`;
      const f = (await d.clerk.request('POST', `${dapi}/factions`, { nameRu: 'Ф', foundedOn: '2026-01-01' })).json();
      for (const m of d.memberIds)
        assert.equal(
          (await d.clerk.request('POST', `${dapi}/factions/${f.id}/members`, { memberId: m, joinsOn: '2026-01-01' }))
            .statusCode,
          201,
        );
      assert.equal((await d.clerk.request('DELETE', `${dapi}/seats/1/holder?endsOn=2026-05-31`)).statusCode, 200);
      assert.equal((await d.clerk.request('DELETE', `${dapi}/seats/2/holder?endsOn=2026-06`)).statusCode, 200);
      const members = (await d.clerk.request('GET', `${dapi}/factions`)).json().items[0].members;
      assert.deepEqual(
        members.map((m: { memberId: number; leavesOn: string | null }) => [m.memberId, m.leavesOn]),
        [
          [d.memberIds[0], '2026-05-31'],
          [d.memberIds[1], null],
        ],
      );
      const ok = await verifyBody(h, d.slug);
      assert.equal(ok.code, 0, ok.output);
    });

    test('the office page: forms without JavaScript, CSRF, policy, errors tied to fields, nothing changed on refusal', async () => {
      const clerk = await browser(h, c.clerk);
      const page = await clerk.get(`/${c.slug}/office/factions`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<form [^>]*action="\/frak\/office\/factions" method="post"/);
      assert.match(page.body, /name="_csrf"/);
      const ru = await clerk.get(`/${c.slug}/office/factions`, RU);
      assert.match(ru.body, /Депутатские объединения \(фракции\)/);
      assert.match(ru.body, /Записать образование фракции/);
      // The roster page links to it.
      assert.match((await clerk.get(`/${c.slug}/office`)).body, /href="\/frak\/office\/factions"/);

      const made = await clerk.post(`/${c.slug}/office/factions`, {
        nameRu: 'Фракция «Запад»',
        nameEn: 'West',
        foundedOn: '2026-03-01',
      });
      assert.equal(made.statusCode, 303, made.body);
      assert.match(String(made.headers.location), /^\/frak\/office\/factions\?saved=1#faction-\d+$/);
      const id = Number(/faction-(\d+)/.exec(String(made.headers.location))![1]);
      const m4 = c.memberIds[3]!;
      const joined = await clerk.post(`/${c.slug}/office/factions/${id}/members`, {
        memberId: String(m4),
        joinsOn: '2026-03-02',
        leavesOn: '',
      });
      assert.equal(joined.statusCode, 303, joined.body);

      // Refusals: each re-renders the form with its field marked, and changes nothing.
      const refused: Array<[string, Record<string, string | string[]>, number, string]> = [
        [`/${c.slug}/office/factions`, { nameRu: 'A\u0007B', foundedOn: '2026-01-01' }, 400, 'new-nameRu'],
        [`/${c.slug}/office/factions`, { nameEn: 'x'.repeat(301), foundedOn: '2026-01-01' }, 400, 'new-nameEn'],
        [`/${c.slug}/office/factions`, { nameRu: '', nameEn: '', foundedOn: '2026-01-01' }, 400, 'new-nameRu'],
        [`/${c.slug}/office/factions`, { nameRu: 'Ok', foundedOn: '01.03.2026' }, 400, 'new-foundedOn'],
        [`/${c.slug}/office/factions`, { nameRu: ['A', 'B'], foundedOn: ['2026-01-01', 'x'] }, 400, 'new-nameRu'],
        [
          `/${c.slug}/office/factions/${id}/members`,
          { memberId: 'abc', joinsOn: '2026-03-05' },
          400,
          `join-${id}-memberId`,
        ],
        [
          `/${c.slug}/office/factions/${id}/members`,
          { memberId: '-1', joinsOn: '2026-03-05' },
          400,
          `join-${id}-memberId`,
        ],
        [
          `/${c.slug}/office/factions/${id}/members`,
          { memberId: '99999999999999', joinsOn: '2026-03-05' },
          400,
          `join-${id}-memberId`,
        ],
        // m4 is in "West" from 2 March: joining again overlaps.
        [
          `/${c.slug}/office/factions/${id}/members`,
          { memberId: String(m4), joinsOn: '2026-04-01' },
          409,
          `join-${id}-joinsOn`,
        ],
        [
          `/${c.slug}/office/factions/${id}/members`,
          { memberId: String(c.memberIds[0]), joinsOn: '2026-02-28' },
          409,
          `join-${id}-joinsOn`,
        ],
        // The joining day holds, the leaving day does not: the leaving day is marked.
        [
          `/${c.slug}/office/factions/${id}/members`,
          { memberId: String(c.memberIds[2]), joinsOn: '2026-03-05', leavesOn: '2026-03-04' },
          400,
          `join-${id}-leavesOn`,
        ],
        [
          `/${c.slug}/office/factions/${id}/members`,
          { memberId: String(c.memberIds[4]), joinsOn: '2026-03-05', leavesOn: '2026-07-01' },
          409,
          `join-${id}-leavesOn`,
        ],
        [
          `/${c.slug}/office/factions/${id}/leave`,
          { memberId: String(m4), leavesOn: '2026-03-01' },
          400,
          `leave-${id}-leavesOn`,
        ],
        [
          `/${c.slug}/office/factions/${id}/leave`,
          { memberId: String(m4), leavesOn: '<script>' },
          400,
          `leave-${id}-leavesOn`,
        ],
        [`/${c.slug}/office/factions/${id}/dissolve`, { dissolvedOn: '2026-02-01' }, 400, `dissolve-${id}-dissolvedOn`],
      ];
      for (const [url, fields, status, input] of refused) {
        const before = await snapshot(h.db.dialect);
        const r = await clerk.post(url, fields);
        assert.equal(r.statusCode, status, `${url} ${JSON.stringify(fields)}: ${r.body.slice(0, 300)}`);
        assert.match(r.body, new RegExp(`id="${input}"[^>]*aria-invalid="true"`), `${input} is marked`);
        assert.match(r.body, new RegExp(`aria-describedby="${input}-error"|aria-describedby="[^"]*${input}-error`));
        assert.doesNotMatch(r.body, /<script>/);
        assert.equal(await snapshot(h.db.dialect), before, `${url} ${JSON.stringify(fields)} changed nothing`);
      }

      // No CSRF token: refused before the handler; nothing changes.
      const before = await snapshot(h.db.dialect);
      for (const url of [
        `/${c.slug}/office/factions`,
        `/${c.slug}/office/factions/${id}/members`,
        `/${c.slug}/office/factions/${id}/leave`,
        `/${c.slug}/office/factions/${id}/dissolve`,
      ]) {
        const r = await clerk.post(
          url,
          {
            nameRu: 'CSRF',
            foundedOn: '2026-03-01',
            memberId: String(m4),
            joinsOn: '2026-05-01',
            leavesOn: '2026-05-01',
            dissolvedOn: '2026-05-01',
          },
          { csrf: false },
        );
        assert.equal(r.statusCode, 403, `${url}: ${r.body.slice(0, 200)}`);
      }
      // Not allowed: a member's and a chair's forms are refused with the error page, not the form.
      for (const who of [c.members[1]!, c.chair]) {
        const b = await browser(h, who);
        assert.equal((await b.get(`/${c.slug}/office/factions`)).statusCode, 403);
        const r = await b.post(`/${c.slug}/office/factions/${id}/dissolve`, { dissolvedOn: '2026-05-01' });
        assert.equal(r.statusCode, 403);
        assert.doesNotMatch(r.body, /name="dissolvedOn"/);
      }
      assert.equal(await snapshot(h.db.dialect), before, 'refused forms changed nothing');

      // Leave and dissolve through the forms.
      assert.equal(
        (await clerk.post(`/${c.slug}/office/factions/${id}/leave`, { memberId: String(m4), leavesOn: '2026-04-30' }))
          .statusCode,
        303,
      );
      const gone = await clerk.post(`/${c.slug}/office/factions/${id}/dissolve`, { dissolvedOn: '2026-05-31' });
      assert.equal(gone.statusCode, 303, gone.body);
      const shown = await clerk.get(`/${c.slug}/office/factions?saved=1`);
      assert.match(shown.body, /role="status"/);
    });

    test('the public pages: the factions page, a member page, the home page', async () => {
      const list = await h.app.inject({ method: 'GET', url: `/${c.slug}/factions`, headers: EN });
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /North/);
      assert.match(list.body, /from 10 January 2026|from 10 Jan/);
      const ru = await h.app.inject({ method: 'GET', url: `/${c.slug}/factions`, headers: RU });
      assert.match(ru.body, /Фракция «Север»/);
      assert.match(ru.body, /Прекратила деятельность/);
      const member = await h.app.inject({ method: 'GET', url: `/${c.slug}/members/${c.memberIds[0]}`, headers: EN });
      assert.match(member.body, /<dt>Factions<\/dt>/);
      assert.match(member.body, /North/);
      const nobody = await h.app.inject({ method: 'GET', url: `/${c.slug}/members/${c.memberIds[1]}`, headers: EN });
      assert.match(nobody.body, /North/, 'member 2 joined North on 1 February');
    });

    test('a named vote shows how each faction voted; a secret vote never does', async () => {
      // The sitting is on 2026-11-29: North has members 1 and 2; South has 3 (member 5's mandate ended);
      // member 4 left West, which was dissolved: in no faction.
      const { sittingId, motionId, base } = await sittingWithMotion(h, c, { present: c.memberIds.slice(0, 3) });
      const vote = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'roll_call' })).json();
      for (const [id, choice] of [
        [c.memberIds[0]!, 'yes'],
        [c.memberIds[2]!, 'no'],
      ] as const) {
        const r = await c.clerk.request('PUT', `${base}/votes/${vote.id}/roll-call/${id}`, { choice });
        assert.equal(r.statusCode, 200, r.body);
      }
      const closed = await c.clerk.request('POST', `${base}/votes/${vote.id}/close`, {});
      assert.equal(closed.statusCode, 200, closed.body);
      rollCall = vote.id;
      const page = await h.app.inject({ method: 'GET', url: `/${c.slug}/votes/${vote.id}`, headers: EN });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /How each faction voted/);
      const rows = [...page.body.matchAll(/<tr data-faction="([^"]+)">(.*?)<\/tr>/g)].map((m) => [
        m[1] === 'none' ? 'none' : 'faction',
        [...m[2]!.matchAll(/<td>(\d+)<\/td>/g)].map((x) => Number(x[1])),
      ]);
      // yes, no, abstain, did not vote, absent
      assert.deepEqual(rows, [
        ['faction', [1, 0, 0, 1, 0]],
        ['faction', [0, 1, 0, 0, 0]],
        ['none', [0, 0, 0, 0, 1]],
      ]);
      const ru = await h.app.inject({ method: 'GET', url: `/${c.slug}/votes/${vote.id}`, headers: RU });
      assert.match(ru.body, /Голосование по фракциям/);
      assert.match(ru.body, /Вне фракций/);

      // A secret ballot on the next motion: totals only, never a table by faction.
      const m2 = await c.clerk.request('POST', `${base}/motions`, {
        sittingId,
        kind: 'ordinary',
        title: 'Secret',
        text: 'x',
      });
      const secret = (
        await c.clerk.request('POST', `${base}/votes`, { motionId: m2.json().id, method: 'secret_paper' })
      ).json();
      const sc = await c.clerk.request('POST', `${base}/votes/${secret.id}/close`, {
        totals: { yes: 2, no: 1, abstain: 0, blank: 0, invalid: 0 },
      });
      assert.equal(sc.statusCode, 200, sc.body);
      const sp = await h.app.inject({ method: 'GET', url: `/${c.slug}/votes/${secret.id}`, headers: EN });
      assert.equal(sp.statusCode, 200);
      assert.doesNotMatch(sp.body, /How each faction voted|faction-table|data-faction/);
    });

    test('Popolo: factions are organizations of the body, their members memberships with dates', async () => {
      const data = JSON.parse((await h.app.inject({ method: 'GET', url: `/export/${c.slug}/popolo.json` })).body);
      const v = popoloValidator();
      const factions = data.organizations.filter((o: { classification: string }) => o.classification === 'faction');
      assert.equal(factions.length, 5);
      for (const o of data.organizations) assert.deepEqual(v.errors('organization', o), []);
      for (const m of data.memberships) assert.deepEqual(v.errors('membership', m), []);
      const north = factions.find((o: { name: string }) => o.name === 'North');
      assert.equal(north.parent_id, data.organizations[0].id);
      assert.equal(north.founding_date, '2026-01-10');
      assert.deepEqual(north.other_names, [{ name: 'Фракция «Север»', note: 'ru' }]);
      const inNorth = data.memberships.filter((m: { organization_id: string }) => m.organization_id === north.id);
      assert.deepEqual(
        inNorth.map((m: { start_date: string; end_date: string | null }) => [m.start_date, m.end_date]),
        [
          ['2026-01-10', null],
          ['2026-02-01', null],
        ],
      );
      const persons = new Set(data.persons.map((p: { id: string }) => p.id));
      for (const m of inNorth) assert.ok(persons.has(m.person_id));
      // How each faction voted on the roll call: counts with the faction as group_id.
      const ve = data.vote_events.find((e: { id: string }) => e.id.endsWith(`/vote/${rollCall}`));
      for (const x of ve.counts) assert.deepEqual(v.errors('count', x), []);
      assert.deepEqual(
        ve.counts.filter((x: { group_id?: string }) => x.group_id === north.id),
        [
          { option: 'yes', value: 1, group_id: north.id },
          { option: 'no', value: 0, group_id: north.id },
          { option: 'abstain', value: 0, group_id: north.id },
          { option: 'not voting', value: 1, group_id: north.id },
          { option: 'absent', value: 0, group_id: north.id },
        ],
      );
      assert.deepEqual(
        ve.counts.filter((x: { group_id?: string }) => !x.group_id).map((x: { option: string }) => x.option),
        ['yes', 'no', 'abstain'],
        'the totals stay as they were',
      );
      const secret = data.vote_events.find((e: { classification: string }) => e.classification === 'secret_paper');
      assert.ok(secret);
      assert.ok(
        secret.counts.every((x: { group_id?: string }) => x.group_id === undefined),
        'a secret vote has no count by faction',
      );
    });

    test('quorate verify replays the faction entries and names an edited row', async () => {
      const ok = await verifyBody(h, c.slug);
      assert.equal(ok.code, 0, ok.output);
      const db = h.db.dialect.db;
      const row = await db
        .selectFrom('faction_members')
        .select(['id', 'joins_on'])
        .orderBy('id')
        .executeTakeFirstOrThrow();
      await db.updateTable('faction_members').set({ joins_on: '2026-01-11' }).where('id', '=', row.id).execute();
      const bad = await verifyBody(h, c.slug);
      assert.equal(bad.code, 1);
      assert.match(bad.output, /faction_member_row_mismatch/);
      await db.updateTable('faction_members').set({ joins_on: row.joins_on }).where('id', '=', row.id).execute();
      const f = await db.selectFrom('factions').select(['id', 'dissolved_on']).orderBy('id').executeTakeFirstOrThrow();
      await db.updateTable('factions').set({ dissolved_on: '2026-12-31' }).where('id', '=', f.id).execute();
      const bad2 = await verifyBody(h, c.slug);
      assert.equal(bad2.code, 1);
      assert.match(bad2.output, /faction_row_mismatch/);
      await db.updateTable('factions').set({ dissolved_on: f.dissolved_on }).where('id', '=', f.id).execute();
      assert.equal((await verifyBody(h, c.slug)).code, 0);
    });
  });
}
