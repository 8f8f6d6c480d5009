// Agenda items closed to the public (issue 16, item 2), through the real server on every database.
// Where the body's rules withhold a closed item's title (RONR's executive session), the public log,
// the public sitting page, the JSON API and OParl say only that a closed item exists and its number;
// the log carries a salted commitment the office's stored title and nonce reproduce. Where the rules
// publish the title (LGA 1972 s. 100A), the item is marked closed and keeps its title. Where the
// rules allow no closed item, the request is refused. Motions, papers and translations under a
// withheld item are refused, and a refusal changes nothing. `quorate verify` replays it all.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, startHarness, verifyBody, type Harness } from './support/test-app.ts';
import { snapshot } from './support/snapshot.ts';
import { createSession } from '../src/services/accounts.ts';
import { findBody } from '../src/services/bodies.ts';
import { addPaper } from '../src/services/papers/papers.ts';
import { operatorActor } from '../src/cli/operator.ts';
import { pdfText } from './support/pdf-text.ts';
import { closedTitleCommitment } from '../src/domain/sittings/closed-item.ts';

const SECRET = 'Staffing: the contract of officer Qzvx';
const sha256 = (d: Uint8Array) => new Uint8Array(createHash('sha256').update(d).digest());
const recordDigest = async (h: Harness): Promise<string> =>
  createHash('sha256')
    .update(await snapshot(h.db.dialect))
    .digest('hex');

for (const target of testDatabases()) {
  describe(`agenda items closed to the public on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      await h?.close();
    });

    test('a withheld title: only the existence and the number are public; the office sees the title', async () => {
      const c = await councilWithMembers(h, 'closed', 2, { rules: 'ronr' });
      const api = '/api/v1/bodies/closed';
      const s = await c.clerk.request('POST', `${api}/sittings`, {
        title: 'Ordinary sitting',
        date: '2026-12-20',
        agenda: ['Budget'],
      });
      const sittingId = s.json().id as number;
      const session = await createSession(h.ctx, c.clerk.userId);
      const post = (url: string, fields: Record<string, string>) =>
        h.app.inject({
          method: 'POST',
          url,
          cookies: { quorate_session: session.sessionToken },
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
          payload: new URLSearchParams({ _csrf: session.csrfToken, ...fields }).toString(),
        });
      const office = `/closed/office/sittings/${sittingId}/agenda`;
      const officePage = await h.app.inject({
        method: 'GET',
        url: office,
        cookies: { quorate_session: session.sessionToken },
        headers: { 'accept-language': 'en' },
      });
      assert.match(officePage.body, /name="closed"/, 'the form offers a closed item where the rules allow one');
      assert.match(officePage.body, /Robert&#x27;s Rules|Robert's Rules/, 'with the rule it rests on');
      assert.equal((await post(office, { title: SECRET, closed: '1' })).statusCode, 303);
      assert.equal((await post(office, { title: 'Parks' })).statusCode, 303);

      const agenda = (await c.clerk.request('GET', `${api}/sittings/${sittingId}`)).json().agenda as Array<{
        id: number;
        position: number;
        title: string;
        closed: boolean;
        titleWithheld: boolean;
      }>;
      assert.deepEqual(
        agenda.map((i) => [i.position, i.title, i.closed, i.titleWithheld]),
        [
          [1, 'Budget', false, false],
          [2, '', true, true],
          [3, 'Parks', false, false],
        ],
      );
      const closedId = agenda[1]!.id;

      // The public log: the entry says a closed item exists, at position 2, with a commitment.
      const body = await findBody(h.db.dialect.db, 'closed');
      const entries = await h.db.dialect.db
        .selectFrom('entries')
        .select(['idx', 'type', 'bytes'])
        .where('body_id', '=', body.id)
        .orderBy('idx')
        .execute();
      const texts = entries.map((e) => new TextDecoder().decode(e.bytes));
      assert.ok(!texts.some((t) => t.includes('Qzvx')), 'no entry carries the withheld title');
      const added = texts
        .map((t) => JSON.parse(t) as { type: string; data: Record<string, unknown> })
        .find((e) => e.type === 'agenda.item_added' && e.data.item === closedId);
      assert.ok(added, 'the closed item was recorded');
      assert.equal(added.data.closed, true);
      assert.equal(added.data.position, 2);
      assert.equal(added.data.title, undefined);
      const row = await h.db.dialect.db
        .selectFrom('agenda_items')
        .select(['closed_title', 'title_nonce'])
        .where('id', '=', closedId)
        .executeTakeFirstOrThrow();
      assert.equal(row.closed_title, SECRET);
      assert.equal(
        added.data.titleCommitment,
        closedTitleCommitment(sha256, row.title_nonce!, SECRET),
        'the commitment is reproduced from the stored title and nonce',
      );

      // Public surfaces: the sitting page (both languages), the JSON API, OParl.
      for (const lang of ['en', 'ru'] as const) {
        const page = await h.app.inject({
          method: 'GET',
          url: `/closed/sittings/${sittingId}`,
          headers: { 'accept-language': lang },
        });
        assert.equal(page.statusCode, 200);
        assert.ok(!page.body.includes('Qzvx'), `the ${lang} page withholds the title`);
        assert.match(page.body, lang === 'en' ? /Closed to the public/ : /Закрытый вопрос/);
      }
      const anonymous = await h.app.inject({ method: 'GET', url: `${api}/sittings/${sittingId}` });
      assert.ok(!anonymous.body.includes('Qzvx'));
      const oparl = await h.app.inject({
        method: 'GET',
        url: `/oparl/v1/body/closed/agendaitem/${closedId}`,
      });
      assert.equal(oparl.statusCode, 200, oparl.body.slice(0, 200));
      assert.equal(oparl.json().public, false);
      assert.equal(oparl.json().name, undefined);
      assert.equal(oparl.json().number, '2');
      const entryApi = await h.app.inject({
        method: 'GET',
        url: `${api}/entries/${entries.find((e) => new TextDecoder().decode(e.bytes).includes('titleCommitment'))?.idx}`,
      });
      assert.ok(!entryApi.body.includes('Qzvx'), 'the entry as the API serves it withholds it');
      const minutes = await h.app.inject({ method: 'GET', url: `/export/closed/sittings/${sittingId}/minutes.pdf` });
      assert.equal(minutes.statusCode, 200);
      const minutesText = (await pdfText(minutes.rawPayload)).pages.join('\n');
      assert.match(minutesText, /2\. An item taken with the public excluded/);
      assert.ok(!minutesText.includes('Qzvx'), 'the minutes withhold it');
      const popolo = await h.app.inject({ method: 'GET', url: '/export/closed/popolo.json' });
      assert.ok(!popolo.body.includes('Qzvx'), 'Popolo withholds it');
      const event = (popolo.json().events as Array<{ id: string; agenda: unknown[] }>).find((e) =>
        e.id.endsWith(`/sitting/${sittingId}`),
      );
      assert.deepEqual(
        event?.agenda.map((i) => {
          const { id: _id, ...rest } = i as { id: string };
          return rest;
        }),
        [
          { position: 1, name: 'Budget', closed: false, withdrawn: false },
          { position: 2, name: null, closed: true, withdrawn: false },
          { position: 3, name: 'Parks', closed: false, withdrawn: false },
        ],
        "Popolo's event carries the agenda, the closed item with its number and no name",
      );

      // The office sees it.
      const officeAfter = await h.app.inject({
        method: 'GET',
        url: office,
        cookies: { quorate_session: session.sessionToken },
        headers: { 'accept-language': 'en' },
      });
      assert.ok(officeAfter.body.includes('Qzvx'), "the clerk's agenda page shows the withheld title");

      // Nothing public goes under a withheld item; each refusal changes nothing.
      const before = await recordDigest(h);
      const refusals: Array<[string, () => Promise<{ statusCode: number; code: string | undefined }>, number, string]> =
        [
          [
            'a motion',
            async () => {
              const r = await c.clerk.request('POST', `${api}/motions`, {
                sittingId,
                agendaItemId: closedId,
                kind: 'ordinary',
                title: 'x',
                text: 'x',
              });
              return { statusCode: r.statusCode, code: r.json().code };
            },
            409,
            'item_closed',
          ],
          [
            'a translation of the title',
            async () => {
              const r = await c.clerk.request('POST', `${api}/texts`, {
                target: { type: 'agenda_item', id: closedId },
                field: 'title',
                lang: 'ru',
                text: 'Кадры',
              });
              return { statusCode: r.statusCode, code: r.json().code };
            },
            409,
            'item_closed',
          ],
          [
            'a split',
            async () => {
              const r = await c.clerk.request('POST', `${api}/sittings/${sittingId}/agenda/${closedId}/split`, {
                title: 'x',
              });
              return { statusCode: r.statusCode, code: r.json().code };
            },
            409,
            'item_closed',
          ],
          [
            'a paper',
            async () => {
              try {
                await addPaper(h.ctx, operatorActor(body.id), 'closed', sittingId, {
                  kind: 'report',
                  titleEn: 'A report',
                  titleRu: null,
                  agendaItemId: closedId,
                  motionId: null,
                  bytes: new TextEncoder().encode('A report.'),
                });
                return { statusCode: 201, code: undefined };
              } catch (err) {
                return { statusCode: 400, code: (err as { code?: string }).code };
              }
            },
            400,
            'item_closed',
          ],
        ];
      for (const [name, request, status, code] of refusals) {
        const r = await request();
        assert.equal(r.statusCode, status, name);
        assert.equal(r.code, code, name);
        assert.equal(await recordDigest(h), before, `${name} changed nothing`);
      }

      const verified = await verifyBody(h, 'closed');
      assert.equal(verified.code, 0, verified.output);
    });

    test('where the rules publish the title it stays public, marked closed; where they allow none, refused', async () => {
      const uk = await councilWithMembers(h, 'closed-uk', 2, { rules: 'uk-lga-1972' });
      const s = await uk.clerk.request('POST', '/api/v1/bodies/closed-uk/sittings', {
        title: 'Council',
        date: '2026-12-21',
      });
      const sittingId = s.json().id as number;
      const added = await uk.clerk.request('POST', `/api/v1/bodies/closed-uk/sittings/${sittingId}/agenda`, {
        title: 'Exempt report: land at Mill Lane',
        closed: true,
      });
      assert.equal(added.statusCode, 201, added.body);
      const page = await h.app.inject({
        method: 'GET',
        url: `/closed-uk/sittings/${sittingId}`,
        headers: { 'accept-language': 'en' },
      });
      assert.match(page.body, /data-closed=""[^>]*>.*Closed to the public.*Exempt report: land at Mill Lane/s);
      const notice = await uk.clerk.request('POST', `/api/v1/bodies/closed-uk/sittings/${sittingId}/notice`, {});
      assert.equal(notice.statusCode, 201, notice.body);
      const popolo = (await h.app.inject({ method: 'GET', url: '/export/closed-uk/popolo.json' })).json();
      const event = (
        popolo.events as Array<{
          id: string;
          agenda: Array<{ name: string | null; closed: boolean }>;
          notices: Array<{ in_time: boolean | null; for_date: string }>;
        }>
      ).find((e) => e.id.endsWith(`/sitting/${sittingId}`));
      assert.deepEqual(
        event?.agenda.map((i) => [i.name, i.closed]),
        [['Exempt report: land at Mill Lane', true]],
      );
      assert.equal(event?.notices.length, 1, 'Popolo carries the notice');
      assert.equal(event?.notices[0]?.for_date, '2026-12-21');
      assert.equal(typeof event?.notices[0]?.in_time, 'boolean', 'judged under the LGA rule');
      const minutes = await h.app.inject({ method: 'GET', url: `/export/closed-uk/sittings/${sittingId}/minutes.pdf` });
      const minutesText = (await pdfText(minutes.rawPayload)).pages.join(' ').replace(/\s+/g, ' ');
      assert.match(
        minutesText,
        /Notice published .+, for a sitting on .+: (In time|Late)\./,
        'the minutes give the notice',
      );
      assert.match(minutesText, /\[Closed to the public\] Exempt report: land at Mill Lane/);

      const house = await councilWithMembers(h, 'closed-us', 2, { rules: 'us-house' });
      const hs = await house.clerk.request('POST', '/api/v1/bodies/closed-us/sittings', {
        title: 'Session',
        date: '2026-12-21',
      });
      const before = await recordDigest(h);
      const refused = await house.clerk.request(
        'POST',
        `/api/v1/bodies/closed-us/sittings/${hs.json().id as number}/agenda`,
        { title: 'Secret session', closed: true },
      );
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().code, 'closed_items_not_allowed');
      assert.equal(await recordDigest(h), before, 'the refusal changed nothing');
      const verified = await verifyBody(h, 'closed-uk');
      assert.equal(verified.code, 0, verified.output);
    });
  });
}
