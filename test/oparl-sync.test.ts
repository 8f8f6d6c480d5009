// OParl's `modified` and its list filters (issue 19), checked against an oracle on every database: a
// client crawls every list of a body, one change is made to the record, the client crawls again, and
// the objects whose content changed (or that are new) must be exactly those a `modified_since` at the
// moment of the change returns — no object missed, none returned that did not change. Each change
// is a different kind of entry: a sitting scheduled with its agenda, an item moved, one withdrawn,
// a member marked present, a vote closed under an item, a title in another language, a faction and
// a member joining it, a paper and a second version, a version withheld, a term, a notice, a sitting
// moved.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, startHarness, type Harness } from './support/test-app.ts';
import { findBody } from '../src/services/bodies.ts';
import { operatorActor } from '../src/cli/operator.ts';
import { establishFaction, joinFaction } from '../src/services/factions.ts';
import { addPaper, addPaperVersion } from '../src/services/papers/papers.ts';
import { withholdBlob } from '../src/services/blobs.ts';
import { addTerm } from '../src/services/terms.ts';
import { OPARL_TYPES } from '../src/services/oparl/oparl-objects.ts';

const SLUG = 'sync';
const LISTS = Object.keys(OPARL_TYPES);

type Obj = Record<string, unknown> & { id: string };

/** Every object of the body, by id, as JSON without `modified` (what the client compares). */
async function crawl(h: Harness, query = ''): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const strip = (o: Obj) => JSON.stringify(o, (k, v) => (k === 'modified' ? undefined : v));
  const body = await h.app.inject({ method: 'GET', url: `/oparl/v1/body/${SLUG}` });
  if (!query) out.set(body.json().id, strip(body.json()));
  for (const list of LISTS) {
    let url: string | undefined = `/oparl/v1/body/${SLUG}/${list}?limit=1000${query}`;
    while (url) {
      const r: { statusCode: number; body: string; json(): unknown } = await h.app.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 200)}`);
      const page = r.json() as { data: Obj[]; links: { next?: string } };
      for (const o of page.data) out.set(o.id, strip(o));
      url = page.links.next ? new URL(page.links.next).pathname + new URL(page.links.next).search : undefined;
    }
  }
  return out;
}

/** Waits for the next whole second and returns it as the spec's instant (entries are dated to it). */
async function nextSecond(): Promise<string> {
  const now = Date.now();
  await new Promise((r) => setTimeout(r, 1000 - (now % 1000) + 5));
  return new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

for (const target of testDatabases()) {
  describe(`OParl modified and filters on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      await h?.close();
    });

    test('after each kind of change, modified_since returns exactly the objects that changed', async () => {
      const c = await councilWithMembers(h, SLUG, 3);
      const api = `/api/v1/bodies/${SLUG}`;
      const body = await findBody(h.db.dialect.db, SLUG);
      const op = operatorActor(body.id);
      const other = (
        await c.clerk.request('POST', `${api}/sittings`, { title: 'Other', date: '2026-12-30', place: 'Hall' })
      ).json().id as number;
      const next = (await c.clerk.request('POST', `${api}/sittings`, { title: 'Next', date: '2026-12-29' })).json()
        .id as number;
      let sittingId = 0;
      let items: Array<{ id: number; title: string }> = [];
      let paperId = 0;
      let factionId = 0;
      const steps: Array<[string, () => Promise<void>]> = [
        [
          'a sitting with its agenda',
          async () => {
            const s = await c.clerk.request('POST', `${api}/sittings`, {
              title: 'Ordinary',
              date: '2026-12-20',
              place: 'Town hall',
              agenda: ['Budget', 'Roads', 'Parks'],
            });
            sittingId = s.json().id;
            items = (await c.clerk.request('GET', `${api}/sittings/${sittingId}`)).json().agenda;
          },
        ],
        [
          'an item moved',
          async () => {
            const r = await c.clerk.request('POST', `${api}/sittings/${sittingId}/agenda/${items[2]!.id}/move`, {
              to: 1,
            });
            assert.equal(r.statusCode, 200, r.body);
          },
        ],
        [
          'an item withdrawn',
          async () => {
            const r = await c.clerk.request('POST', `${api}/sittings/${sittingId}/agenda/${items[1]!.id}/withdraw`, {
              reason: 'not ready',
            });
            assert.equal(r.statusCode, 200, r.body);
          },
        ],
        [
          'the sitting opened and a member marked present',
          async () => {
            await c.clerk.request('POST', `${api}/sittings/${sittingId}/open`);
            for (const m of c.memberIds) {
              const r = await c.clerk.request('PUT', `${api}/sittings/${sittingId}/attendance/${m}`, {
                status: 'present',
              });
              assert.equal(r.statusCode, 200, r.body);
            }
          },
        ],
        [
          'a vote closed under an item',
          async () => {
            const m = await c.clerk.request('POST', `${api}/motions`, {
              sittingId,
              agendaItemId: items[0]!.id,
              kind: 'ordinary',
              title: 'That the budget be adopted',
              text: 'Adopted.',
            });
            assert.equal(m.statusCode, 201, m.body);
            const v = await c.clerk.request('POST', `${api}/votes`, { motionId: m.json().id, method: 'show_of_hands' });
            const closed = await c.clerk.request('POST', `${api}/votes/${v.json().id}/close`, {
              totals: { yes: 3, no: 0, abstain: 0 },
            });
            assert.equal(closed.statusCode, 200, closed.body);
          },
        ],
        [
          "an item's title in Russian",
          async () => {
            const r = await c.clerk.request('POST', `${api}/texts`, {
              target: { type: 'agenda_item', id: items[0]!.id },
              field: 'title',
              lang: 'ru',
              text: 'О бюджете',
            });
            assert.equal(r.statusCode, 201, r.body);
          },
        ],
        [
          'a faction',
          async () => {
            factionId = (
              await establishFaction(h.ctx, op, SLUG, { nameEn: 'North', nameRu: 'Север', foundedOn: '2026-01-01' })
            ).id;
          },
        ],
        [
          'a member joins it',
          async () => {
            await joinFaction(h.ctx, op, SLUG, factionId, { memberId: c.memberIds[0]!, joinsOn: '2026-02-01' });
          },
        ],
        [
          'a paper',
          async () => {
            paperId = (
              await addPaper(h.ctx, op, SLUG, sittingId, {
                kind: 'report',
                titleEn: 'Budget report',
                titleRu: null,
                agendaItemId: items[0]!.id,
                motionId: null,
                bytes: new TextEncoder().encode('The budget, first draft.'),
              })
            ).id;
          },
        ],
        [
          'its second version',
          async () => {
            await addPaperVersion(h.ctx, op, SLUG, paperId, {
              bytes: new TextEncoder().encode('The budget, second draft.'),
            });
          },
        ],
        [
          'the second version withheld',
          async () => {
            const sha = (
              await h.db.dialect.db
                .selectFrom('paper_versions')
                .select('sha256')
                .where('paper_id', '=', paperId)
                .where('version', '=', 2)
                .executeTakeFirstOrThrow()
            ).sha256;
            await withholdBlob(h.ctx, op, SLUG, { sha256: sha, reason: 'names a third party' });
          },
        ],
        ['a term', async () => void (await addTerm(h.ctx, op, SLUG, { startsOn: '2024-09-20', endsOn: '2029-09-19' }))],
        [
          'the sitting closed and its minutes drafted',
          async () => {
            assert.equal((await c.clerk.request('POST', `${api}/sittings/${sittingId}/close`)).statusCode, 200);
            const r = await c.clerk.request('POST', `${api}/sittings/${sittingId}/minutes`);
            assert.equal(r.statusCode, 201, r.body);
          },
        ],
        [
          'the minutes approved at the next sitting (the resultsProtocol)',
          async () => {
            await c.clerk.request('POST', `${api}/sittings/${next}/open`);
            for (const m of c.memberIds)
              await c.clerk.request('PUT', `${api}/sittings/${next}/attendance/${m}`, { status: 'present' });
            const motion = await c.clerk.request('POST', `${api}/motions`, {
              sittingId: next,
              kind: 'minutes_approval',
              title: 'Approval of the minutes',
              text: 'That the minutes be approved.',
              minutesOf: { sittingId, version: 1 },
            });
            assert.equal(motion.statusCode, 201, motion.body);
            const v = await c.clerk.request('POST', `${api}/votes`, {
              motionId: motion.json().id,
              method: 'show_of_hands',
            });
            const closed = await c.clerk.request('POST', `${api}/votes/${v.json().id}/close`, {
              totals: { yes: 3, no: 0, abstain: 0 },
            });
            assert.equal(closed.statusCode, 200, closed.body);
          },
        ],
        [
          'a notice published',
          async () => {
            const r = await c.clerk.request('POST', `${api}/sittings/${other}/notice`, {});
            assert.equal(r.statusCode, 201, r.body);
          },
        ],
        [
          'another sitting moved to another place',
          async () => {
            const r = await c.clerk.request('POST', `${api}/sittings/${other}/reschedule`, {
              date: '2026-12-31',
              place: 'Library',
              reason: 'the hall is booked',
            });
            assert.equal(r.statusCode, 200, r.body);
          },
        ],
      ];
      for (const [name, change] of steps) {
        const before = await crawl(h);
        const since = await nextSecond();
        await change();
        const after = await crawl(h);
        const changed = [...after].filter(([id, json]) => before.get(id) !== json).map(([id]) => id);
        assert.ok(changed.length > 0, `${name}: the change shows somewhere`);
        const reported = [...(await crawl(h, `&modified_since=${encodeURIComponent(since)}`)).keys()];
        // The body object is not in a list; its change is checked by its own `modified`.
        const bodyUrl = [...after.keys()][0]!;
        const expected = changed.filter((id) => id !== bodyUrl).sort();
        assert.deepEqual(reported.sort(), expected, `${name}: modified_since returns exactly what changed`);
      }

      // The approved minutes are the meeting's resultsProtocol: the stored PDF, its hash as recorded.
      const meeting = (
        await h.app.inject({ method: 'GET', url: `/oparl/v1/body/${SLUG}/meeting/${sittingId}` })
      ).json();
      const protocol = meeting.resultsProtocol as { accessUrl: string; 'quorate:sha256Checksum': string; size: number };
      const pdf = await h.app.inject({ method: 'GET', url: new URL(protocol.accessUrl).pathname });
      assert.equal(pdf.statusCode, 200);
      assert.equal(createHash('sha256').update(pdf.rawPayload).digest('hex'), protocol['quorate:sha256Checksum']);
      assert.equal(pdf.rawPayload.length, protocol.size);

      // The filters and the links: a page of one keeps the filter in every link; totals agree.
      const all = (await h.app.inject({ method: 'GET', url: `/oparl/v1/body/${SLUG}/agendaitem?limit=1000` })).json();
      const cut = all.data[1].created as string;
      const page = (
        await h.app.inject({
          method: 'GET',
          url: `/oparl/v1/body/${SLUG}/agendaitem?limit=1&created_since=${encodeURIComponent(cut)}`,
        })
      ).json();
      assert.equal(page.pagination.totalElements, all.data.filter((o: Obj) => (o.created as string) >= cut).length);
      assert.match(page.links.last, /created_since=/);
      if (page.links.next) assert.match(page.links.next, /created_since=/);
      const bad = await h.app.inject({ method: 'GET', url: `/oparl/v1/body/${SLUG}/meeting?modified_since=yesterday` });
      assert.equal(bad.statusCode, 400);
      // A withheld file is the spec's deleted object, still listed so that a syncing client drops it.
      const file =
        all.data.length > 0
          ? (await h.app.inject({ method: 'GET', url: `/oparl/v1/body/${SLUG}/file/${paperId}-2` })).json()
          : null;
      assert.equal(file?.deleted, true);
      assert.equal(file?.accessUrl, undefined);
    });
  });
}
