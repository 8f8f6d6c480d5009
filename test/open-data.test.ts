// Every export parsed by a real parser for its format and checked against the demo body (and a
// council with named votes), on every database: Popolo against Popolo's own draft-03 schemas,
// CSV with csv-parse, Atom with an XML parser, iCalendar with ical.js, the minutes with pdf.js.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseCsv } from 'csv-parse/sync';
import { DOMParser } from '@xmldom/xmldom';
import ICAL from 'ical.js';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, sittingWithMotion, startHarness, type Harness } from './support/test-app.ts';
import { popoloValidator } from './support/popolo-validator.ts';
import { embeddedFonts, pdfText } from './support/pdf-text.ts';
import { createDemo, DEMO_SLUG } from '../src/services/demo/create-demo.ts';
import { buildApp } from '../src/http/app.ts';
import { makeClient } from './support/test-app.ts';

const POPOLO_KINDS: Record<string, string> = {
  organizations: 'organization',
  posts: 'post',
  persons: 'person',
  memberships: 'membership',
  events: 'event',
  motions: 'motion',
  vote_events: 'vote_event',
};

export function strictXml(text: string) {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, msg) => {
      if (level !== 'warning') errors.push(`${level}: ${msg}`);
    },
  }).parseFromString(text, 'text/xml');
  if (errors.length > 0) throw new Error(errors.join('; '));
  return doc;
}

describe('the Popolo validator implements draft-03', () => {
  test('a count without its required value fails (draft-03 `required: true`, which a draft-04 validator ignores)', () => {
    const v = popoloValidator();
    assert.deepEqual(v.errors('count', { option: 'yes', value: 7 }), []);
    assert.ok(
      v.errors('count', { option: 'yes' }).some((e) => /value.*required|requires property "value"|is required/.test(e)),
      'missing value refused',
    );
    assert.ok(v.errors('vote_event', { start_date: 'yesterday' }).length > 0, 'date-time format checked');
    assert.ok(v.errors('membership', { start_date: '7 Sept' }).length > 0, 'partial-date pattern checked');
    assert.deepEqual(v.errors('membership', { start_date: '2022-09' }), [], 'a month-precise date is a Popolo date');
  });
});

for (const target of testDatabases()) {
  describe(`open data on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let named: { slug: string; voteId: number; memberIds: number[] };
    before(async () => {
      h = await startHarness(target);
      await createDemo(h.ctx);
      const c = await councilWithMembers(h, 'named-votes', 3);
      const { motionId, base } = await sittingWithMotion(h, c);
      const voteId = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'electronic' })).json()
        .id as number;
      assert.equal(
        (await c.members[0]!.request('POST', `${base}/votes/${voteId}/ballots`, { choice: 'yes' })).statusCode,
        201,
      );
      assert.equal(
        (await c.members[1]!.request('POST', `${base}/votes/${voteId}/ballots`, { choice: 'no' })).statusCode,
        201,
      );
      const closed = await c.clerk.request('POST', `${base}/votes/${voteId}/close`, { castingVote: null });
      assert.equal(closed.statusCode, 200, closed.body);
      named = { slug: c.slug, voteId, memberIds: c.memberIds };
    });
    after(async () => {
      await h?.close();
    });
    const get = async (url: string) => {
      const r = await h.app.inject({ url });
      assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 300)}`);
      assert.equal(r.headers['access-control-allow-origin'], '*');
      return r;
    };

    test("popolo.json validates against Popolo's schemas and tells the demo story", async () => {
      const r = await get(`/export/${DEMO_SLUG}/popolo.json`);
      assert.match(String(r.headers['content-type']), /^application\/json/);
      const data = JSON.parse(r.body);
      const v = popoloValidator();
      for (const [key, kind] of Object.entries(POPOLO_KINDS)) {
        assert.ok(Array.isArray(data[key]), key);
        for (const item of data[key])
          assert.deepEqual(v.errors(kind, item), [], `${key} ${JSON.stringify(item).slice(0, 200)}`);
      }
      assert.equal(data.organizations.length, 1);
      assert.equal(data.organizations[0].name, 'Муниципальный совет муниципального образования Смольнинское');
      assert.equal(data.posts.length, 20);
      // The main report's four and the two more that later reports name; nobody else.
      assert.deepEqual(data.persons.map((p: { name: string }) => p.name).sort(), [
        'Анна Киселёва',
        'Дмитрий Балтруков',
        'Дмитрий Палюга',
        'Иван Чеботарь',
        'Никита Юферев',
        'Радислав Полуйков',
      ]);
      assert.equal(data.memberships.length, 20);
      assert.equal(
        data.memberships.filter(
          (m: { person_id?: string; label?: string }) => !m.person_id && m.label === 'holder not named in the record',
        ).length,
        14,
      );
      assert.equal(data.events.length, 1);
      assert.equal(data.events[0].start_date, '2022-09-07');
      assert.equal(data.motions.length, 1);
      assert.equal(data.motions[0].classification, 'appeal');
      assert.equal(data.vote_events.length, 1);
      const ve = data.vote_events[0];
      assert.equal(ve.result, 'pass');
      assert.deepEqual(ve.counts, [
        { option: 'yes', value: 7 },
        { option: 'no', value: 0 },
        { option: 'abstain', value: 3 },
      ]);
      assert.equal(ve.votes, undefined, 'a show of hands records no individual votes');
      assert.equal(ve.start_date, null, 'no time is invented for a historical vote');
    });

    test('popolo.json carries individual votes, and "not voting" for a present member who did not vote', async () => {
      const data = JSON.parse((await get(`/export/${named.slug}/popolo.json`)).body);
      const v = popoloValidator();
      for (const [key, kind] of Object.entries(POPOLO_KINDS))
        for (const item of data[key]) assert.deepEqual(v.errors(kind, item), [], key);
      const ve = data.vote_events.find((e: { id: string }) => e.id.endsWith(`/vote/${named.voteId}`));
      assert.deepEqual(
        ve.votes.map((x: { option: string }) => x.option),
        ['yes', 'no', 'not voting'],
      );
      const persons = new Set(data.persons.map((p: { id: string }) => p.id));
      for (const x of ve.votes) assert.ok(persons.has(x.voter_id), 'every voter is a person of the export');
      assert.match(ve.start_date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    });

    test('votes.csv: one record per named ballot, one with totals only where names are not recorded', async () => {
      const demo = parseCsv((await get(`/export/${DEMO_SLUG}/votes.csv`)).body, { bom: true, columns: true }) as Array<
        Record<string, string>
      >;
      assert.equal(demo.length, 1);
      assert.equal(demo[0]!.method, 'show_of_hands');
      assert.deepEqual([demo[0]!.yes, demo[0]!.no, demo[0]!.abstain, demo[0]!.present], ['7', '0', '3', '10']);
      assert.equal(demo[0]!.adopted, 'true');
      assert.equal(demo[0]!.required_yes, '4');
      assert.equal(demo[0]!.member_id, '');
      assert.equal(demo[0]!.decision_number, '', 'the register number is not known');
      const live = parseCsv((await get(`/export/${named.slug}/votes.csv`)).body, { bom: true, columns: true }) as Array<
        Record<string, string>
      >;
      assert.deepEqual(
        live.map((r) => [r.member_name_en, r.choice]),
        [
          ['Member 1', 'yes'],
          ['Member 2', 'no'],
        ],
      );
    });

    test('attendance.csv: the headcount and the four named members', async () => {
      const rows = parseCsv((await get(`/export/${DEMO_SLUG}/attendance.csv`)).body, {
        bom: true,
        columns: true,
      }) as Array<Record<string, string>>;
      assert.equal(rows.length, 5);
      assert.deepEqual([rows[0]!.headcount_present, rows[0]!.headcount_absent, rows[0]!.member_id], ['10', '10', '']);
      assert.deepEqual(
        rows.slice(1).map((r) => r.member_name_ru),
        ['Никита Юферев', 'Дмитрий Палюга', 'Радислав Полуйков', 'Дмитрий Балтруков'],
      );
      assert.ok(rows.slice(1).every((r) => r.status === 'present' && r.recorded_by === 'clerk'));
    });

    test('feed.atom: a valid Atom document with the decision', async () => {
      const r = await get(`/export/${DEMO_SLUG}/feed.atom?lang=en`);
      assert.match(String(r.headers['content-type']), /^application\/atom\+xml/);
      const doc = strictXml(r.body);
      const ns = 'http://www.w3.org/2005/Atom';
      assert.equal(doc.documentElement!.namespaceURI, ns);
      assert.equal(doc.documentElement!.localName, 'feed');
      // The appeals' status changes share the feed (category "appeal"; test/appeal-pages.test.ts).
      const entries = Array.from(doc.getElementsByTagNameNS(ns, 'entry')).filter(
        (e) => e.getElementsByTagNameNS(ns, 'category')[0]?.getAttribute('term') === 'decision',
      );
      assert.equal(entries.length, 1);
      const entry = entries[0]!;
      assert.match(entry.getElementsByTagNameNS(ns, 'title')[0]!.textContent!, /^Adopted: Appeal to the State Duma/);
      assert.match(entry.getElementsByTagNameNS(ns, 'summary')[0]!.textContent!, /for: 7, against: 0, abstaining: 3/);
      assert.match(entry.getElementsByTagNameNS(ns, 'updated')[0]!.textContent!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(
        entry.getElementsByTagNameNS(ns, 'link')[0]!.getAttribute('href'),
        'https://council.example.org/smolninskoye/votes/1',
      );
    });

    test('sittings.ics: an all-day event on the day the record gives', async () => {
      const r = await get(`/export/${DEMO_SLUG}/sittings.ics?lang=ru`);
      assert.match(String(r.headers['content-type']), /^text\/calendar/);
      const cal = new ICAL.Component(ICAL.parse(r.body) as unknown[]);
      const events = cal.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
      assert.equal(events.length, 1);
      const e = events[0]!;
      assert.equal(e.summary, 'Sitting of 7 September 2022');
      assert.equal(e.location, '1 Odesskaya Street');
      assert.equal(e.startDate.isDate, true, 'a day, not an invented time');
      assert.equal(e.startDate.toString(), '2022-09-07');
      assert.match(e.description, /Состояние: закрыто/);
    });

    test('sittings.ics leaves out a sitting known only to the month (no invented day); a timed one is in UTC', async () => {
      const c = await councilWithMembers(h, `ics-${target.label}`, 1);
      await c.clerk.request('POST', `/api/v1/bodies/${c.slug}/sittings`, {
        title: 'Some day in March',
        date: '2021-03',
        historical: true,
      });
      await c.clerk.request('POST', `/api/v1/bodies/${c.slug}/sittings`, {
        title: 'Timed',
        date: '2026-12-01',
        startsAt: '2026-12-01T15:00:00+03:00',
      });
      const cal = new ICAL.Component(ICAL.parse((await get(`/export/${c.slug}/sittings.ics`)).body) as unknown[]);
      const events = cal.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
      assert.deepEqual(
        events.map((e) => e.summary),
        ['Timed'],
      );
      assert.equal(events[0]!.startDate.toJSDate().toISOString(), '2026-12-01T12:00:00.000Z');
    });

    test('minutes.pdf: Cyrillic in an embedded DejaVu, attendance, quorum, the vote, the decision, the log size', async () => {
      const r = await get(`/export/${DEMO_SLUG}/sittings/1/minutes.pdf?lang=ru`);
      assert.equal(r.headers['content-type'], 'application/pdf');
      const bytes = new Uint8Array(r.rawPayload);
      assert.ok(
        embeddedFonts(bytes).some((f) => /DejaVuSans$/.test(f)),
        `fonts: ${embeddedFonts(bytes)}`,
      );
      const { pages, info } = await pdfText(bytes);
      const text = pages.join('\n').replace(/\s+/g, ' ');
      assert.match(String(info.Title), /^Протокол: Sitting of 7 September 2022/);
      for (const expected of [
        'Муниципальный совет',
        'Протокол',
        'Присутствовали 10, отсутствовали 10',
        'Никита Юферев',
        'Заседание правомочно.',
        'Голосование 1: Appeal to the State Duma',
        '7 / 0 / 3',
        'Применённое правило: ru-131fz; требуемое большинство — простое большинство.',
        'число избранных депутатов: 20 при установленной численности депутатов 20',
        'Итог: Принято',
        'Решение принято. Требуется голосов «за»: 4.',
        'решение (номер в реестре не записан)',
        'Grigory Rankov',
        'Составлен по журналу council.example.org/smolninskoye',
      ]) {
        assert.ok(text.includes(expected), `minutes lack «${expected}»`);
      }
      assert.match(text, /записи с 0 по \d+ \(размер журнала \d+\)/);
      const en = await pdfText(
        new Uint8Array((await get(`/export/${DEMO_SLUG}/sittings/1/minutes.pdf?lang=en`)).rawPayload),
      );
      assert.match(en.pages.join(' ').replace(/\s+/g, ' '), /Headcount: 10 present, 10 absent/);
    });

    test('unknown bodies and sittings are 404 problems, never a half-sent file', async () => {
      for (const url of [
        '/export/nope/popolo.json',
        '/export/nope/votes.csv',
        '/export/nope/feed.atom',
        `/export/${DEMO_SLUG}/sittings/999/minutes.pdf`,
      ]) {
        const r = await h.app.inject({ url });
        assert.equal(r.statusCode, 404, url);
        assert.match(String(r.headers['content-type']), /problem\+json/);
      }
    });

    test('30 concurrent requests for a minutes PDF build it once; a new entry makes the next request build it again', async () => {
      const url = `/export/${DEMO_SLUG}/sittings/1/minutes.pdf?lang=en`;
      const cache = h.app.exportCache;
      const clerk = await makeClient(h, { roles: [[DEMO_SLUG, 'clerk']] });
      const dispute = (claim: string) =>
        clerk.request('POST', `/api/v1/bodies/${DEMO_SLUG}/disputes`, {
          targetType: 'vote',
          targetId: 1,
          claimant: 'A resident',
          claim,
        });
      // An entry no earlier test has seen: nothing for this log size is cached yet.
      assert.equal((await dispute('An objection recorded before the minutes were asked for')).statusCode, 201);
      await h.runtime.settled(); // the checkpoint, which the minutes cite, is part of the key too
      const before = cache.builds;
      const all = await Promise.all(Array.from({ length: 30 }, () => h.app.inject({ url })));
      assert.deepEqual(new Set(all.map((r) => r.statusCode)), new Set([200]));
      assert.equal(cache.builds - before, 1, 'one build for 30 requests');
      assert.equal(
        new Set(all.map((r) => Buffer.from(r.rawPayload).toString('base64'))).size,
        1,
        'every request got the same file',
      );
      assert.equal((await get(url)).rawPayload.length, all[0]!.rawPayload.length);
      assert.equal(cache.builds - before, 1, 'a later request is served from the cache');
      assert.equal((await dispute('An objection recorded after the minutes were cached')).statusCode, 201);
      await h.runtime.settled();
      const fresh = await get(url);
      assert.equal(cache.builds - before, 2, 'the new entry made a new key');
      assert.notEqual(
        Buffer.from(fresh.rawPayload).toString('base64'),
        Buffer.from(all[0]!.rawPayload).toString('base64'),
      );
      assert.ok(cache.lru.bytes <= cache.lru.maxBytes);
    });

    test('exports are cached by record version, bounded in bytes, and stream unchanged when too large to keep', async () => {
      const cache = h.app.exportCache;
      await h.runtime.settled();
      for (const name of ['votes.csv', 'attendance.csv', 'popolo.json', 'feed.atom', 'sittings.ics']) {
        const url = `/export/${named.slug}/${name}`;
        const first = await get(url);
        const builds = cache.builds;
        const second = await get(url);
        assert.equal(cache.builds, builds, `${name}: the second request is served from the cache`);
        assert.equal(second.body, first.body, name);
      }
      const before = (await get(`/export/${named.slug}/attendance.csv`)).body;
      const builds = cache.builds;
      const c = await makeClient(h, { roles: [[named.slug, 'clerk']] });
      const s = (
        await c.request('POST', `/api/v1/bodies/${named.slug}/sittings`, { title: 'Later', date: '2026-12-02' })
      ).json().id;
      assert.equal(
        (
          await c.request('PUT', `/api/v1/bodies/${named.slug}/sittings/${s}/attendance/${named.memberIds[0]}`, {
            status: 'present',
          })
        ).statusCode,
        200,
      );
      await h.runtime.settled();
      const after = (await get(`/export/${named.slug}/attendance.csv`)).body;
      assert.equal(cache.builds, builds + 1);
      assert.notEqual(after, before, 'the new attendance shows at once');
      // With no room to keep anything, every export still streams whole.
      const bare = await buildApp({ ctx: h.ctx, exportCacheBytes: 0 });
      try {
        for (const name of ['votes.csv', 'popolo.json', 'feed.atom']) {
          const r = await bare.inject({ url: `/export/${named.slug}/${name}` });
          assert.equal(r.statusCode, 200);
          assert.equal(r.body, (await get(`/export/${named.slug}/${name}`)).body, name);
        }
        assert.equal(bare.exportCache.lru.size, 0);
      } finally {
        await bare.close();
      }
    });
  });
}
