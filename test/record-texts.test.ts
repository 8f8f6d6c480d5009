// Content in the body's languages (issue 16, item 5), through the real server on every database: a
// sitting's, an agenda item's and a motion's title or text entered in another of the body's
// languages or quoted from a named source; each page shows the reader's language where the record
// has it and says plainly which language the record holds where it does not. Refusals change nothing;
// `quorate verify` replays what was recorded.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, startHarness, verifyBody, type Harness } from './support/test-app.ts';
import { snapshot } from './support/snapshot.ts';

const recordDigest = async (h: Harness): Promise<string> =>
  createHash('sha256')
    .update(await snapshot(h.db.dialect))
    .digest('hex');

for (const target of testDatabases()) {
  describe(`content in the body's languages on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      await h?.close();
    });

    test('titles and texts in another language: recorded, shown in the reader’s language, refused when wrong', async () => {
      const c = await councilWithMembers(h, 'bilingual', 2);
      const api = '/api/v1/bodies/bilingual';
      const s = await c.clerk.request('POST', `${api}/sittings`, {
        title: 'Ordinary sitting',
        date: '2026-12-10',
        lang: 'en',
        agenda: ['Budget', 'Roads'],
      });
      assert.equal(s.statusCode, 201, s.body);
      const sittingId = s.json().id as number;
      const sitting = (await c.clerk.request('GET', `${api}/sittings/${sittingId}`)).json();
      const [budget, roads] = sitting.agenda as Array<{ id: number }>;
      const m = await c.clerk.request('POST', `${api}/motions`, {
        sittingId,
        kind: 'ordinary',
        title: 'On the budget',
        text: 'The council adopts the budget.',
        lang: 'en',
      });
      assert.equal(m.statusCode, 201, m.body);
      const motionId = m.json().id as number;
      const add = (payload: unknown, who = c.clerk) => who.request('POST', `${api}/texts`, payload);
      for (const payload of [
        { target: { type: 'sitting', id: sittingId }, field: 'title', lang: 'ru', text: 'Очередное заседание' },
        { target: { type: 'agenda_item', id: budget!.id }, field: 'title', lang: 'ru', text: 'О бюджете' },
        {
          target: { type: 'motion', id: motionId },
          field: 'text',
          lang: 'ru',
          text: 'Совет принимает бюджет.',
          source: 'Газета «Вестник», 11 декабря 2026',
          note: 'как процитировано',
        },
      ]) {
        const r = await add(payload);
        assert.equal(r.statusCode, 201, r.body);
      }

      // Refused, and nothing changes.
      const before = await recordDigest(h);
      const refusals: Array<[string, unknown, number, string, typeof c.clerk?]> = [
        [
          'a language not of the body',
          { target: { type: 'sitting', id: sittingId }, field: 'title', lang: 'de', text: 'Sitzung' },
          400,
          'language_not_of_body',
        ],
        [
          'the language it is already in',
          { target: { type: 'motion', id: motionId }, field: 'title', lang: 'en', text: 'Again' },
          409,
          'same_language',
        ],
        [
          'a sitting has no text',
          { target: { type: 'sitting', id: sittingId }, field: 'text', lang: 'ru', text: 'Текст' },
          400,
          'no_such_field',
        ],
        [
          'no such motion',
          { target: { type: 'motion', id: 999999 }, field: 'text', lang: 'ru', text: 'Текст' },
          404,
          'motion_not_found',
        ],
        ['an empty text', { target: { type: 'motion', id: motionId }, field: 'text', lang: 'ru', text: '  ' }, 400, ''],
        ['a NUL', { target: { type: 'motion', id: motionId }, field: 'text', lang: 'ru', text: 'a\u0000b' }, 400, ''],
        [
          'a member may not',
          { target: { type: 'motion', id: motionId }, field: 'text', lang: 'ru', text: 'Текст' },
          403,
          'forbidden',
          c.members[0],
        ],
      ];
      for (const [name, payload, status, code, who] of refusals) {
        const r = await add(payload, who ?? c.clerk);
        assert.equal(r.statusCode, status, `${name}: ${r.body}`);
        if (code) assert.equal(r.json().code, code, name);
        assert.equal(await recordDigest(h), before, `${name} changed nothing`);
      }
      // The language of a sitting or motion itself must be one of the body's.
      const wrong = await c.clerk.request('POST', `${api}/sittings`, { title: 'X', date: '2026-12-11', lang: 'de' });
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json().code, 'language_not_of_body');

      const get = (url: string, lang: string) =>
        h.app.inject({ method: 'GET', url, headers: { 'accept-language': lang } });
      const ru = await get(`/bilingual/sittings/${sittingId}`, 'ru');
      assert.match(ru.body, /<span lang="ru">Очередное заседание<\/span>/);
      assert.match(ru.body, /О бюджете/);
      // Roads has no Russian title: shown as recorded, marked as English for screen readers.
      assert.match(ru.body, /<span lang="en">Roads<\/span>/);
      const en = await get(`/bilingual/sittings/${sittingId}`, 'en');
      assert.match(en.body, /Ordinary sitting/);
      assert.doesNotMatch(en.body, /Очередное заседание/);

      assert.equal((await c.clerk.request('POST', `${api}/sittings/${sittingId}/open`)).statusCode, 200);
      const vote = await c.clerk.request('POST', `${api}/votes`, { motionId, method: 'roll_call' });
      assert.equal(vote.statusCode, 201, vote.body);
      const voteId = vote.json().id as number;
      const ruVote = await get(`/bilingual/votes/${voteId}`, 'ru');
      assert.match(ruVote.body, /Совет принимает бюджет\./);
      assert.match(ruVote.body, /Источник: <span class="user-text">Газета «Вестник», 11 декабря 2026/);
      assert.match(ruVote.body, /Как записано, на английском языке:/);
      assert.match(ruVote.body, /<span lang="en">On the budget<\/span>/);
      const enVote = await get(`/bilingual/votes/${voteId}`, 'en');
      assert.doesNotMatch(enVote.body, /Совет принимает бюджет/);
      assert.match(enVote.body, /The council adopts the budget\./);

      // A motion with no Russian text: the Russian page says so, plainly.
      const other = await c.clerk.request('POST', `${api}/motions`, {
        sittingId,
        kind: 'ordinary',
        title: 'On roads',
        text: 'The council repairs the roads.',
        lang: 'en',
      });
      const closed = await c.clerk.request('POST', `${api}/votes/${voteId}/close`, {});
      assert.equal(closed.statusCode, 200, closed.body);
      const v2 = await c.clerk.request('POST', `${api}/votes`, { motionId: other.json().id, method: 'roll_call' });
      const only = await get(`/bilingual/votes/${v2.json().id}`, 'ru');
      assert.match(only.body, /Текст есть только на английском языке\./);

      assert.ok(roads);
      const verified = await verifyBody(h, 'bilingual');
      assert.equal(verified.code, 0, verified.output);
    });
  });
}
