// The public page cache never serves a stale page: a new entry, a new checkpoint or another
// language gives a new page; signed-in readers always get a fresh one.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { makeClient, startHarness, type Harness } from './support/test-app.ts';
import { createDemo, DEMO_SLUG } from '../src/services/demo/create-demo.ts';

for (const target of testDatabases()) {
  describe(`page cache on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => { h = await startHarness(target); await createDemo(h.ctx); });
    after(async () => { await h?.close(); });

    test('hits for the same page, misses after the record grows, keys by language, skips signed-in readers', async () => {
      const url = `/${DEMO_SLUG}/votes/1`;
      const body = await h.db.dialect.db.selectFrom('bodies').select('id').where('slug', '=', DEMO_SLUG).executeTakeFirstOrThrow();
      await h.runtime.integrator.integrateNow(body.id);
      const first = await h.app.inject({ url, headers: { 'accept-language': 'en' } });
      const second = await h.app.inject({ url, headers: { 'accept-language': 'en' } });
      assert.equal(first.statusCode, 200);
      assert.equal(first.headers['x-page-cache'], undefined);
      assert.equal(second.headers['x-page-cache'], 'hit');
      assert.equal(second.body, first.body);
      assert.ok(second.headers['content-security-policy'], 'security headers are still set on a hit');
      const ru = await h.app.inject({ url, headers: { 'accept-language': 'ru' } });
      assert.equal(ru.headers['x-page-cache'], undefined);
      assert.notEqual(ru.body, first.body);
      const clerk = await makeClient(h, { roles: [[DEMO_SLUG, 'clerk']] });
      await h.runtime.integrator.integrateNow(body.id);
      const claim = 'A new objection recorded after the page was cached';
      assert.equal((await clerk.request('POST', `/api/v1/bodies/${DEMO_SLUG}/disputes`, { targetType: 'vote', targetId: 1, claimant: 'A resident', claim })).statusCode, 201);
      const after = await h.app.inject({ url, headers: { 'accept-language': 'en' } });
      assert.equal(after.headers['x-page-cache'], undefined);
      assert.ok(after.body.includes(claim), 'the new dispute shows at once');
      const signedIn = await clerk.request('GET', url);
      assert.equal(signedIn.headers['x-page-cache'], undefined);
    });
  });
}
