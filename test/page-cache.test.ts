// The public page cache never serves a stale page: a new entry, a new checkpoint or another
// language gives a new page; signed-in readers always get a fresh one.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { makeClient, startHarness, type Harness } from './support/test-app.ts';
import { createDemo, DEMO_SLUG } from '../src/services/demo/create-demo.ts';
import { buildApp } from '../src/http/app.ts';

for (const target of testDatabases()) {
  describe(`page cache on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
      await createDemo(h.ctx);
    });
    after(async () => {
      await h?.close();
    });

    test('hits for the same page, misses after the record grows, keys by language, skips signed-in readers', async () => {
      const url = `/${DEMO_SLUG}/votes/1`;
      const body = await h.db.dialect.db
        .selectFrom('bodies')
        .select('id')
        .where('slug', '=', DEMO_SLUG)
        .executeTakeFirstOrThrow();
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
      assert.equal(
        (
          await clerk.request('POST', `/api/v1/bodies/${DEMO_SLUG}/disputes`, {
            targetType: 'vote',
            targetId: 1,
            claimant: 'A resident',
            claim,
          })
        ).statusCode,
        201,
      );
      const after = await h.app.inject({ url, headers: { 'accept-language': 'en' } });
      assert.equal(after.headers['x-page-cache'], undefined);
      assert.ok(after.body.includes(claim), 'the new dispute shows at once');
      const signedIn = await clerk.request('GET', url);
      assert.equal(signedIn.headers['x-page-cache'], undefined);
    });

    test('300 requests with junk query strings and cookies hit one entry; page and language still get their own', async () => {
      const url = `/${DEMO_SLUG}/votes/1`;
      await h.runtime.settled();
      const first = await h.app.inject({ url, headers: { 'accept-language': 'en' } });
      assert.equal(first.statusCode, 200);
      const entries = h.app.pageCache.size;
      const bytes = h.app.pageCache.bytes;
      const junk = () => Math.random().toString(36).slice(2);
      for (let i = 0; i < 300; i++) {
        const r = await h.app.inject({
          url: `${url}?${junk()}=${junk()}&utm_source=${junk()}&page=${i}`,
          headers: {
            'accept-language': i % 2 ? 'en' : `en-GB;q=0.9, x-${junk()};q=0.1`,
            cookie: `tracking=${junk()}; quorate_lang=${junk()}; quorate_session=${junk()}`,
          },
        });
        assert.equal(r.statusCode, 200);
        assert.equal(r.headers['x-page-cache'], 'hit', `request ${i} is served from the one entry`);
        assert.equal(r.body, first.body);
      }
      assert.equal(h.app.pageCache.size, entries);
      assert.equal(h.app.pageCache.bytes, bytes);
      // Junk never reaches a page, not even its links (which keep the query).
      const marker = `zz${junk()}zz`;
      const members = await h.app.inject({ url: `/${DEMO_SLUG}/members?${marker}=1&page=1` });
      assert.equal(members.statusCode, 200);
      assert.ok(!members.body.includes(marker));
      // What changes the page has its own entry.
      const list = `/${DEMO_SLUG}/sittings`;
      const one = await h.app.inject({ url: list });
      const two = await h.app.inject({ url: `${list}?page=2&junk=1` });
      assert.equal(two.headers['x-page-cache'], undefined, '?page=2 is another page');
      assert.notEqual(two.body, one.body);
      assert.equal((await h.app.inject({ url: `${list}?page=2` })).headers['x-page-cache'], 'hit');
      const ru = await h.app.inject({ url: `${list}?lang=ru` });
      assert.equal(ru.headers['x-page-cache'], undefined, '?lang=ru is another page');
      assert.match(ru.body, /<html lang="ru"/);
      const ruAgain = await h.app.inject({ url: `${list}?lang=ru` });
      assert.equal(ruAgain.headers['x-page-cache'], 'hit');
      assert.match(
        String(ruAgain.headers['set-cookie']),
        /quorate_lang=ru/,
        'a hit still remembers the chosen language',
      );
      const byCookie = await h.app.inject({ url: list, cookies: { quorate_lang: 'ru' } });
      assert.match(byCookie.body, /<html lang="ru"/);
      assert.equal(byCookie.headers['set-cookie'], undefined);
    });

    test('the cache never holds more bytes than its bound', async () => {
      await h.runtime.settled();
      const page = await h.app.inject({ url: `/${DEMO_SLUG}/sittings` });
      const bound = Buffer.byteLength(page.body) * 3;
      const app = await buildApp({ ctx: h.ctx, pageCacheBytes: bound });
      try {
        for (let n = 1; n <= 30; n++) {
          for (const path of ['sittings', 'members', 'decisions']) {
            const r = await app.inject({ url: `/${DEMO_SLUG}/${path}?page=${n}` });
            assert.equal(r.statusCode, 200);
            assert.ok(app.pageCache.bytes <= bound, `${app.pageCache.bytes} ≤ ${bound}`);
          }
        }
        assert.ok(app.pageCache.size >= 2, 'it still keeps what fits');
        const last = `/${DEMO_SLUG}/decisions?page=30`;
        assert.equal((await app.inject({ url: last })).headers['x-page-cache'], 'hit', 'the most recent page is kept');
      } finally {
        await app.close();
      }
    });
  });
}
