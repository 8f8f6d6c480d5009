// The agenda builder (issue 16, item 2), through the real server on every database: add, move,
// split and withdraw items from the clerk's office forms and the JSON API; the public sitting page
// shows the order and the withdrawn item marked with its reason; refusals change nothing; `quorate
// verify` replays every act.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, startHarness, verifyBody, type Harness } from './support/test-app.ts';
import { snapshot } from './support/snapshot.ts';
import { createSession } from '../src/services/accounts.ts';

const recordDigest = async (h: Harness): Promise<string> =>
  createHash('sha256')
    .update(await snapshot(h.db.dialect))
    .digest('hex');

for (const target of testDatabases()) {
  describe(`the agenda builder on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      await h?.close();
    });

    test('add, move, split and withdraw; the public page follows; refusals change nothing; verify replays', async () => {
      const c = await councilWithMembers(h, 'agenda', 2);
      const api = '/api/v1/bodies/agenda';
      const s = await c.clerk.request('POST', `${api}/sittings`, {
        title: 'Ordinary sitting',
        date: '2026-12-20',
        agenda: ['Budget', 'Roads', 'Parks'],
      });
      const sittingId = s.json().id as number;
      const session = await createSession(h.ctx, c.clerk.userId);
      const post = (url: string, fields: Record<string, string>, csrf = true) =>
        h.app.inject({
          method: 'POST',
          url,
          cookies: { quorate_session: session.sessionToken },
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
          payload: new URLSearchParams(csrf ? { _csrf: session.csrfToken, ...fields } : fields).toString(),
        });
      const office = `/agenda/office/sittings/${sittingId}/agenda`;
      const titles = async () =>
        (
          (await c.clerk.request('GET', `${api}/sittings/${sittingId}`)).json().agenda as Array<{
            id: number;
            title: string;
            position: number;
            withdrawnReason: string | null;
          }>
        ).map((i) => ({ ...i }));
      const [budget, roads, parks] = await titles();
      assert.ok(budget && roads && parks);

      assert.equal((await post(office, { title: 'Any other business' })).statusCode, 303);
      assert.equal((await post(`${office}/${parks.id}/move`, { to: '1' })).statusCode, 303);
      assert.deepEqual(
        (await titles()).map((i) => `${i.position}:${i.title}`),
        ['1:Parks', '2:Budget', '3:Roads', '4:Any other business'],
      );
      const split = await post(`${office}/${budget.id}/split`, { title: 'Budget: the second reading' });
      assert.equal(split.statusCode, 303, split.body);
      assert.deepEqual(
        (await titles()).map((i) => i.title),
        ['Parks', 'Budget', 'Budget: the second reading', 'Roads', 'Any other business'],
      );
      const moved = await c.clerk.request('POST', `${api}/sittings/${sittingId}/agenda/${roads.id}/move`, { to: 2 });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(
        (await post(`${office}/${roads.id}/withdraw`, { reason: 'The report is not ready' })).statusCode,
        303,
      );
      const after = await titles();
      assert.deepEqual(
        after.map((i) => i.title),
        ['Parks', 'Roads', 'Budget', 'Budget: the second reading', 'Any other business'],
      );
      assert.equal(after.find((i) => i.id === roads.id)?.withdrawnReason, 'The report is not ready');

      const page = await h.app.inject({
        method: 'GET',
        url: `/agenda/sittings/${sittingId}`,
        headers: { 'accept-language': 'en' },
      });
      assert.match(
        page.body,
        /<del class="user-text">Roads<\/del> <span class="meta">Withdrawn: <span class="user-text">The report is not ready/,
      );
      const ru = await h.app.inject({
        method: 'GET',
        url: `/agenda/sittings/${sittingId}`,
        headers: { 'accept-language': 'ru' },
      });
      assert.match(ru.body, /Снят с рассмотрения:/);

      // Refusals: nothing recorded.
      const before = await recordDigest(h);
      const refusals: Array<[string, () => Promise<{ statusCode: number; body: string }>, number]> = [
        ['withdrawn twice', () => post(`${office}/${roads.id}/withdraw`, { reason: 'again' }), 409],
        ['split a withdrawn item', () => post(`${office}/${roads.id}/split`, { title: 'x' }), 409],
        ['a position past the end', () => post(`${office}/${parks.id}/move`, { to: '9' }), 400],
        ['the same position', () => post(`${office}/${parks.id}/move`, { to: '1' }), 400],
        ['no reason', () => post(`${office}/${parks.id}/withdraw`, { reason: ' ' }), 400],
        ['no title', () => post(office, { title: '' }), 400],
        ['a NUL in the title', () => post(office, { title: 'a\u0000b' }), 400],
        ['no such item', () => post(`${office}/999999/withdraw`, { reason: 'x' }), 404],
        ['not an item number', () => post(`${office}/1x/withdraw`, { reason: 'x' }), 404],
        ['without the CSRF token', () => post(`${office}/${parks.id}/withdraw`, { reason: 'x' }, false), 403],
        [
          'a member may not',
          () =>
            c.members[0]!.request('POST', `${api}/sittings/${sittingId}/agenda/${parks.id}/withdraw`, { reason: 'x' }),
          403,
        ],
      ];
      for (const [name, request, status] of refusals) {
        const r = await request();
        assert.equal(r.statusCode, status, `${name}: ${r.body.slice(0, 200)}`);
        assert.equal(await recordDigest(h), before, `${name} changed nothing`);
      }

      // After the sitting closes, its agenda no longer changes.
      await c.clerk.request('POST', `${api}/sittings/${sittingId}/open`);
      await c.clerk.request('POST', `${api}/sittings/${sittingId}/close`);
      const closed = await c.clerk.request('POST', `${api}/sittings/${sittingId}/agenda/${parks.id}/move`, { to: 2 });
      assert.equal(closed.statusCode, 409);
      assert.equal(closed.json().code, 'sitting_closed');

      const verified = await verifyBody(h, 'agenda');
      assert.equal(verified.code, 0, verified.output);
    });
  });
}
