// OParl 1.1 (issue 19, first slice): a client that knows only /oparl/v1/system crawls every list
// page and every object it is pointed to; each object (embedded ones too) validates against the
// spec's schema for its type, each id dereferences to the same object, pagination agrees with
// itself, a cancelled sitting is `cancelled: true`, a seat holder the record does not name is no
// Person, and a secret ballot's choices never leave the server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator, type Schema } from 'jsonschema';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, makeClient, sittingWithMotion, startHarness, type Harness } from './support/test-app.ts';
import { oparlValidator } from './support/oparl-validator.ts';
import { createDemo, DEMO_SLUG } from '../src/services/demo/create-demo.ts';
import { addPaper } from '../src/services/papers/papers.ts';
import { addTerm } from '../src/services/terms.ts';
import { operatorActor } from '../src/cli/operator.ts';

const ORIGIN = 'https://council.example.org';
const SLUG = 'oparl-town';
const TYPE = (t: string) => `https://schema.oparl.org/1.1/${t}`;
type Json = Record<string, unknown>;

interface Crawl {
  /** Every answer by the URL asked. */
  answers: Map<string, Json>;
  /** Every object with an id seen anywhere (top-level or embedded), by id. */
  objects: Map<string, Json>;
  /** Raw text of every answer, for what must never appear. */
  text: string;
}

async function crawl(h: Harness, limit: number): Promise<Crawl> {
  const v = oparlValidator();
  const answers = new Map<string, Json>();
  const objects = new Map<string, Json>();
  let text = '';
  const queue = [`${ORIGIN}/oparl/v1/system`];
  const seen = new Set(queue);
  const push = (url: string) => {
    // Lists are crawled at a small page size, so that every list has several pages.
    const u = new URL(url);
    if (!u.pathname.startsWith('/oparl/v1/')) return;
    const segments = u.pathname.split('/').slice(3);
    const isList = segments.length === 3 || (segments.length === 1 && segments[0] === 'bodies');
    if (isList && !u.searchParams.has('limit')) u.searchParams.set('limit', String(limit));
    const key = u.toString();
    if (!seen.has(key)) {
      seen.add(key);
      queue.push(key);
    }
  };
  const walk = (value: unknown) => {
    if (typeof value === 'string') {
      if (value.startsWith(`${ORIGIN}/oparl/`)) push(value);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') for (const item of Object.values(value)) walk(item);
  };
  while (queue.length > 0) {
    const url = queue.shift()!;
    const r = await h.app.inject({ url: url.slice(ORIGIN.length) });
    assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 300)}`);
    assert.equal(r.headers['access-control-allow-origin'], '*', url);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    const json = r.json() as Json;
    answers.set(url, json);
    text += r.body;
    assert.deepEqual(v.errors(json), [], url);
    for (const [, o] of v.typed(json)) {
      const id = o.id as string;
      const known = objects.get(id);
      if (known) assert.deepEqual(o, known, `${id} is the same wherever it appears`);
      objects.set(id, o);
      assert.equal(o.deleted, false, id);
    }
    walk(json);
  }
  return { answers, objects, text };
}

for (const target of testDatabases()) {
  describe(`OParl 1.1 on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let result: Crawl;
    let secretVote = 0;
    before(async () => {
      h = await startHarness(target);
      await createDemo(h.ctx);
      const c = await councilWithMembers(h, SLUG, 3);
      const base = `/api/v1/bodies/${SLUG}`;
      const ok = async (r: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 201) => {
        const res = await r;
        assert.equal(res.statusCode, status, res.body);
        return res.json() as { id: number };
      };
      // A committee of one, on the first member's mandate; a faction with the second member.
      await ok(
        c.clerk.request('POST', `${base}/committees`, {
          slug: `${SLUG}-budget`,
          names: { ru: 'Бюджетная комиссия', en: 'Budget committee' },
          establishedSeats: 1,
        }),
      );
      await ok(
        c.clerk.request('PUT', `/api/v1/bodies/${SLUG}-budget/seats/1/holder`, { parentMember: c.memberIds[0] }),
      );
      const faction = await ok(
        c.clerk.request('POST', `${base}/factions`, { nameRu: 'Фракция', nameEn: 'Faction', foundedOn: '2026-01-01' }),
      );
      await ok(
        c.clerk.request('POST', `${base}/factions/${faction.id}/members`, {
          memberId: c.memberIds[1],
          joinsOn: '2026-01-05',
        }),
      );
      // A sitting with an agenda item and a secret ballot, taken and closed.
      const { sittingId, motionId } = await sittingWithMotion(h, c);
      const item = await ok(c.clerk.request('POST', `${base}/sittings/${sittingId}/agenda`, { title: 'Budget' }));
      // On the agenda item, a motion voted by roll call (named votes).
      const named = await ok(
        c.clerk.request('POST', `${base}/motions`, {
          sittingId,
          agendaItemId: item.id,
          kind: 'ordinary',
          title: 'Adopt the budget',
          text: 'That the budget be adopted.',
        }),
      );
      const rollCall = await ok(c.clerk.request('POST', `${base}/votes`, { motionId: named.id, method: 'roll_call' }));
      for (const [i, memberId] of c.memberIds.entries())
        await ok(
          c.clerk.request('PUT', `${base}/votes/${rollCall.id}/roll-call/${memberId}`, {
            choice: i === 0 ? 'no' : 'yes',
          }),
          200,
        );
      await ok(c.clerk.request('POST', `${base}/votes/${rollCall.id}/close`, {}), 200);
      const vote = await ok(c.clerk.request('POST', `${base}/votes`, { motionId, method: 'secret_electronic' }));
      for (const m of c.members) await ok(m.request('POST', `${base}/votes/${vote.id}/ballots`, { choice: 'yes' }));
      await ok(c.clerk.request('POST', `${base}/votes/${vote.id}/close`, {}), 200);
      // A cancelled sitting, and a few more for pages.
      const cancelled = await ok(
        c.clerk.request('POST', `${base}/sittings`, { title: 'Cancelled sitting', date: '2026-12-10' }),
      );
      await ok(
        c.clerk.request('POST', `${base}/sittings/${cancelled.id}/cancel`, { reason: 'No quorum expected' }),
        200,
      );
      // 47 more, so that the council and its committee have 50 meetings to page through; the first
      // with its notice published.
      for (let i = 0; i < 47; i++) {
        const date = new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10);
        const s = await ok(c.clerk.request('POST', `${base}/sittings`, { title: `Sitting ${i}`, date }));
        if (i === 0) await ok(c.clerk.request('POST', `${base}/sittings/${s.id}/notice`, {}));
      }
      const body = await h.ctx.dialect.db
        .selectFrom('bodies')
        .select('id')
        .where('slug', '=', SLUG)
        .executeTakeFirstOrThrow();
      await addTerm(h.ctx, operatorActor(body.id), SLUG, { startsOn: '2024-09-20', endsOn: '2029-09-19' });
      await addPaper(h.ctx, operatorActor(body.id), SLUG, sittingId, {
        kind: 'report',
        titleEn: 'Budget report',
        titleRu: 'Отчёт о бюджете',
        agendaItemId: item.id,
        motionId: null,
        bytes: new TextEncoder().encode('The budget.'),
      });
      secretVote = vote.id;
      // A committee's sitting with a paper of its own.
      const committeeSitting = await ok(
        c.clerk.request('POST', `/api/v1/bodies/${SLUG}-budget/sittings`, {
          title: 'Committee sitting',
          date: '2026-12-20',
        }),
      );
      const committeeBody = await h.ctx.dialect.db
        .selectFrom('bodies')
        .select('id')
        .where('slug', '=', `${SLUG}-budget`)
        .executeTakeFirstOrThrow();
      await addPaper(h.ctx, operatorActor(committeeBody.id), `${SLUG}-budget`, committeeSitting.id, {
        kind: 'report',
        titleEn: 'Committee report',
        titleRu: 'Заключение комиссии',
        agendaItemId: null,
        motionId: null,
        bytes: new TextEncoder().encode('The committee reports.'),
      });
      result = await crawl(h, 2);
    });
    after(async () => {
      await h?.close();
    });

    const ofType = (t: string) => [...result.objects.values()].filter((o) => o.type === TYPE(t));

    test('the system lists the bodies; every type is reached and validates; every id dereferences to itself', async () => {
      const system = result.answers.get(`${ORIGIN}/oparl/v1/system`)!;
      assert.equal(system.oparlVersion, 'https://schema.oparl.org/1.1/');
      assert.equal(system.body, `${ORIGIN}/oparl/v1/bodies`);
      for (const t of [
        'Body',
        'LegislativeTerm',
        'Organization',
        'Person',
        'Membership',
        'Meeting',
        'AgendaItem',
        'Consultation',
      ])
        assert.ok(ofType(t).length > 0, `no ${t} reached`);
      // The paper on the agenda item is consulted there: the item names the consultation, the
      // consultation the paper, the item and the meeting; the paper embeds it.
      const [consultation] = ofType('Consultation');
      const item = result.objects.get(consultation!.agendaItem as string)!;
      assert.equal(item.consultation, consultation!.id);
      assert.equal(item.meeting, consultation!.meeting);
      const paper = result.objects.get(consultation!.paper as string)!;
      assert.deepEqual(
        (paper.consultation as Json[]).map((c) => c.id),
        [consultation!.id],
      );
      // A motion is a Paper too: the adopted one carries its decision's register number as
      // `reference`, and its consultation at the agenda item it was tabled under.
      const motion = ofType('Paper').find((p) => p.name === 'Adopt the budget')!;
      assert.equal(motion.paperType, 'motion');
      assert.equal(motion['quorate:status'], 'adopted');
      assert.match(String(motion.reference), /\S/);
      const [motionConsultation] = motion.consultation as Json[];
      assert.equal(motionConsultation!.agendaItem, consultation!.agendaItem);
      assert.ok(result.objects.has(motionConsultation!.id as string), 'listed among the consultations');
      // A member in a faction sits on its behalf.
      const behalf = ofType('Membership').filter((m) => m.onBehalfOf !== undefined);
      assert.ok(behalf.length > 0, 'a seat held for a faction says so');
      for (const m of behalf) assert.equal(result.objects.get(m.onBehalfOf as string)?.classification, 'faction');
      for (const t of ['Paper', 'File', 'Location']) assert.ok(ofType(t).length > 0, `no ${t} reached`);
      // Only councils are bodies; the committee is an Organization of its council.
      assert.deepEqual(
        ofType('Body')
          .map((b) => b.id)
          .sort(),
        [`${ORIGIN}/oparl/v1/body/${SLUG}`, `${ORIGIN}/oparl/v1/body/${DEMO_SLUG}`],
      );
      const committee = (await h.app.inject({ url: `/oparl/v1/body/${SLUG}-budget` })).statusCode;
      assert.equal(committee, 404);
      assert.equal((await h.app.inject({ url: `/oparl/v1/body/${DEMO_SLUG}/meeting/1` })).statusCode, 200);
      for (const [id, o] of result.objects) {
        const r = await h.app.inject({ url: id.slice(ORIGIN.length) });
        assert.equal(r.statusCode, 200, id);
        assert.deepEqual(r.json(), o, id);
      }
      // Demo body: its text is in its first official language, the others under quorate:names.
      const demo = ofType('Body').find((b) => b.id === `${ORIGIN}/oparl/v1/body/${DEMO_SLUG}`)!;
      assert.match(String(demo.name), /Смольнинское/);
      assert.match(JSON.stringify(demo['quorate:names']), /Smolninskoye/);
    });

    test('lists are paged: data, pagination and links agree with each other and with the whole', () => {
      const lists = [...result.answers.entries()].filter(([, a]) => 'data' in a);
      const firstPages = lists.filter(([url]) => new URL(url).searchParams.get('page') === null);
      assert.ok(firstPages.length >= 9);
      for (const [url, first] of firstPages) {
        const p = first.pagination as Json;
        const links = first.links as Json;
        assert.equal(p.elementsPerPage, 2, url);
        assert.equal(p.totalPages, Math.max(1, Math.ceil((p.totalElements as number) / 2)), url);
        // Follow `next` to the end: the pages hold every element once, in order.
        const ids: string[] = [];
        let page: Json | undefined = first;
        let n = 0;
        while (page) {
          n++;
          assert.equal((page.pagination as Json).currentPage, n, url);
          ids.push(...(page.data as Json[]).map((o) => o.id as string));
          const next = (page.links as Json).next as string | undefined;
          if (next === undefined) assert.equal((page.links as Json).last, (page.links as Json).self, url);
          page = next === undefined ? undefined : result.answers.get(next);
          if (next !== undefined) assert.ok(page, `${next} was crawled`);
        }
        assert.equal(n, p.totalPages, url);
        assert.equal(ids.length, p.totalElements, url);
        assert.equal(new Set(ids).size, ids.length, url);
        assert.ok(String(links.first).endsWith('page=1&limit=2'), url);
      }
      const meetings = result.answers.get(`${ORIGIN}/oparl/v1/body/${SLUG}/meeting?limit=2`)!;
      // 49 sittings of the council and one of its committee.
      assert.equal((meetings.pagination as Json).totalElements, 50);
    });

    test('a cancelled sitting is cancelled: true; the others are not cancelled', () => {
      const meetings = ofType('Meeting').filter((m) => String(m.id).includes(`/body/${SLUG}/`));
      const cancelled = meetings.filter((m) => m.cancelled === true);
      assert.deepEqual(
        cancelled.map((m) => m.name),
        ['Cancelled sitting'],
      );
      assert.ok(meetings.filter((m) => m.cancelled === undefined).length === 49);
      // The notice published for one of them rides in the extension, with its time and verdict.
      const noticed = meetings.filter((m) => m['quorate:notices'] !== undefined);
      assert.deepEqual(
        noticed.map((m) => m.name),
        ['Sitting 0'],
      );
      const [n] = noticed[0]!['quorate:notices'] as Json[];
      assert.equal(n!.forDate, '2027-01-01');
      assert.match(String(n!.published), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
      assert.equal(n!.inTime, null, 'ronr sets no period: no verdict');
    });

    test('a seat holder the record does not name is no Person; every membership names a Person or none', async () => {
      const persons = new Set(ofType('Person').map((p) => p.id as string));
      const demoMemberships = ofType('Membership').filter((m) => String(m.id).includes(`/body/${DEMO_SLUG}/`));
      const unnamed = demoMemberships.filter((m) => m.person === undefined);
      assert.ok(unnamed.length > 0, 'the demo has seats whose holders it does not name');
      for (const m of ofType('Membership')) if (m.person !== undefined) assert.ok(persons.has(m.person as string));
      const named = await h.ctx.dialect.db
        .selectFrom('people')
        .innerJoin('bodies', 'bodies.id', 'people.body_id')
        .select('people.id')
        .where('bodies.slug', '=', DEMO_SLUG)
        .where((eb) => eb.or([eb('name_en', 'is not', null), eb('name_ru', 'is not', null)]))
        .execute();
      const demoPersons = [...persons].filter((p) => p.includes(`/body/${DEMO_SLUG}/`));
      assert.equal(demoPersons.length, named.length);
      // The committee's seat is the first member's; the faction's member is the second's.
      const orgs = ofType('Organization').filter((o) => String(o.id).includes(`/body/${SLUG}/`));
      assert.deepEqual(orgs.map((o) => o.classification).sort(), ['committee', 'council', 'faction']);
      for (const o of orgs) assert.ok((o.membership as string[]).length > 0, String(o.id));
    });

    test('votes ride as the quorate:votes extension, valid against its schema; named votes link to the API', async () => {
      const schema = JSON.parse(
        readFileSync(join(import.meta.dirname, '..', 'docs', 'oparl-quorate-votes.schema.json'), 'utf8'),
      ) as Schema;
      const validator = new Validator();
      validator.customFormats.url = (v: unknown) => typeof v !== 'string' || /^https?:\/\/\S+$/.test(v);
      const carriers = [...ofType('Meeting'), ...ofType('AgendaItem')].filter((o) => 'quorate:votes' in o);
      for (const o of carriers)
        assert.deepEqual(
          validator.validate(o['quorate:votes'], schema).errors.map((e) => `${e.property} ${e.message}`),
          [],
          String(o.id),
        );
      const item = ofType('AgendaItem').find((a) => a.name === 'Budget')!;
      const [onItem] = item['quorate:votes'] as Json[];
      assert.equal(onItem!.method, 'roll_call');
      assert.deepEqual(onItem!.counts, { yes: 2, no: 1, abstain: 0 });
      assert.equal(onItem!.secret, false);
      const namedVotes = await h.app.inject({ url: String(onItem!.namedVotes).slice(ORIGIN.length) });
      assert.equal(namedVotes.statusCode, 200, namedVotes.body);
      // The meeting carries both of its votes; the secret one has counts, and no named votes.
      const meeting = ofType('Meeting').find((m) => m.id === item.meeting)!;
      const votes = meeting['quorate:votes'] as Json[];
      assert.equal(votes.length, 2);
      const secret = votes.find((v) => v.id === `${ORIGIN}/api/v1/bodies/${SLUG}/votes/${secretVote}`)!;
      assert.equal(secret.secret, true);
      assert.deepEqual(secret.counts, { yes: 3, no: 0, abstain: 0 });
      assert.equal(secret.namedVotes, undefined);
    });

    test("each file's address serves its bytes, whose SHA-512 the File states; a committee's under its own slug", async () => {
      const files = ofType('File').filter((f) => String(f.id).includes(`/body/${SLUG}/`));
      assert.deepEqual(files.map((f) => f.name).sort(), ['Budget report', 'Committee report']);
      for (const f of files) {
        const r = await h.app.inject({ url: String(f.accessUrl).slice(ORIGIN.length) });
        assert.equal(r.statusCode, 200, String(f.accessUrl));
        assert.equal(createHash('sha512').update(r.rawPayload).digest('hex'), f.sha512Checksum);
        assert.equal(r.rawPayload.length, f.size);
      }
      const committeeFile = files.find((f) => f.name === 'Committee report')!;
      assert.match(String(committeeFile.accessUrl), new RegExp(`/${SLUG}-budget/papers/`));
      const meeting = ofType('Meeting').find((m) => m.id === (committeeFile.meeting as string[])[0])!;
      assert.deepEqual(meeting.organization, [
        ofType('Organization').find((o) => o.classification === 'committee' && String(o.id).includes(SLUG))!.id,
      ]);
    });

    test('counts agree with Popolo and the JSON API; a meeting names those recorded present', async () => {
      for (const slug of [DEMO_SLUG, SLUG]) {
        const popolo = (await h.app.inject({ url: `/export/${slug}/popolo.json` })).json() as Json;
        const mine = (t: string) => ofType(t).filter((o) => String(o.id).includes(`/body/${slug}/`));
        assert.equal(mine('Person').length, (popolo.persons as Json[]).length, slug);
        // Popolo's memberships are the council's seats and the factions'; OParl adds committee seats.
        const committeeSeats = mine('Membership').filter((m) => String(m.organization).includes('/committee-'));
        assert.equal(mine('Membership').length - committeeSeats.length, (popolo.memberships as Json[]).length, slug);
        // The council's meetings are its sittings (a committee's are its own body's in the JSON API).
        const api = (await h.app.inject({ url: `/api/v1/bodies/${slug}/sittings?limit=500` })).json() as Json;
        const council = `${ORIGIN}/oparl/v1/body/${slug}/organization/council`;
        const councilMeetings = mine('Meeting').filter((m) => (m.organization as string[])[0] === council);
        assert.equal(councilMeetings.length, (api.items as Json[]).length, slug);
      }
      const item = ofType('AgendaItem').find((a) => a.name === 'Budget')!;
      const meeting = ofType('Meeting').find((m) => m.id === item.meeting)!;
      assert.equal((meeting.participant as string[]).length, 3);
    });

    test("a secret ballot's choices never leave the server", () => {
      assert.ok(secretVote > 0);
      assert.doesNotMatch(result.text, /"(choice|ballots?|commitment)"/);
    });

    test('unknown lists, objects and bodies are 404 problems, with CORS', async () => {
      for (const url of [
        `/oparl/v1/body/${SLUG}/nothing`,
        `/oparl/v1/body/${SLUG}/person/999999`,
        `/oparl/v1/body/${SLUG}/nothing/1`,
        '/oparl/v1/body/no-such-body',
        '/oparl/v1/body/%00',
        `/oparl/v1/body/${SLUG}/person/%00`,
        `/oparl/v1/body/${SLUG}/constructor/1`,
        // Another body's sitting (the demo's first) is no object of this one.
        `/oparl/v1/body/${SLUG}/meeting/1`,
        `/oparl/v1/body/${SLUG}/location/1`,
        `/oparl/v1/body/${SLUG}/meeting/99999999999`,
        `/oparl/v1/body/${SLUG}/agendaitem/0`,
        `/oparl/v1/body/${SLUG}/__proto__`,
      ]) {
        const r = await h.app.inject({ url });
        assert.equal(r.statusCode, 404, url);
        // The problem+json answer is also OParl's Error object.
        assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
        const error = r.json() as Json;
        assert.equal(error.type, TYPE('Error'), url);
        assert.equal(typeof error.message, 'string', url);
        assert.equal(error.debug, error.code, url);
        assert.match(String(error.code), /not_found/, url);
        assert.equal(r.headers['access-control-allow-origin'], '*', url);
      }
      assert.equal((await h.app.inject({ url: `/oparl/v1/bodies?limit=0` })).statusCode, 400);
      // `oparl` is no body's slug: /oparl/... is the endpoint's.
      const admin = await makeClient(h, { siteAdmin: true });
      const r = await admin.request('POST', '/api/v1/bodies', {
        slug: 'oparl',
        names: { en: 'Oparl' },
        establishedSeats: 3,
        rules: 'ronr',
      });
      assert.equal(r.statusCode, 400, r.body);
    });
  });
}
