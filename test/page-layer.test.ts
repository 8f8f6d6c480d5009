// The one page layer (src/http/pages/page-kit.tsx), on every database: every page type with an id
// in its address answers the same way, in both languages, to an unknown id and to one that is not
// a canonical decimal; a page's refusal carries the JSON API's status; and public pages read
// through the dialect's reader, never the writer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KyselyPlugin } from 'kysely';
import { testDatabases } from './support/databases.ts';
import { startHarness, type Harness } from './support/test-app.ts';
import { buildApp } from '../src/http/app.ts';
import { createDemo, DEMO_SLUG } from '../src/services/demo/create-demo.ts';
import { t } from '../src/domain/i18n/translate.ts';
import { ServiceError, type ErrorKind } from '../src/services/service-error.ts';
import { STATUS } from '../src/http/plugins/errors.ts';
import { pageStatus } from '../src/http/pages/page-kit.tsx';
import { pageRequest } from '../src/http/pages/pagination.tsx';

/** Every page type whose address carries an id, with the demo's id that exists ("{id}" is replaced). */
const ID_PAGES = [
  'members/{id}',
  'sittings/{id}',
  'votes/{id}',
  'appeals/{id}',
  'sittings/{id}/live',
  'sittings/{id}/projector',
];
/** Ids that are not canonical decimal, or out of range: none of them names a record. */
const MALFORMED = ['abc', '01', '0', '-1', '1e0', '0x1', '+1', ' 1', '1.0', '2147483648', '99999999999'];
const LANGS = { en: 'en-GB,en;q=0.9', ru: 'ru-RU,ru;q=0.9' } as const;

const PUBLIC_PAGES = [
  '/',
  `/${DEMO_SLUG}`,
  `/${DEMO_SLUG}/rules`,
  `/${DEMO_SLUG}/members`,
  `/${DEMO_SLUG}/members/1`,
  `/${DEMO_SLUG}/sittings`,
  `/${DEMO_SLUG}/sittings/1`,
  `/${DEMO_SLUG}/votes/1`,
  `/${DEMO_SLUG}/decisions`,
  `/${DEMO_SLUG}/search`,
  `/${DEMO_SLUG}/search?q=appeal`,
  `/${DEMO_SLUG}/appeals`,
  `/${DEMO_SLUG}/appeals/1`,
  `/${DEMO_SLUG}/sittings/1/live`,
  `/${DEMO_SLUG}/sittings/1/projector`,
];

test('a page refusal has the JSON API status of its kind of service error', () => {
  for (const kind of Object.keys(STATUS) as ErrorKind[]) {
    assert.equal(pageStatus(new ServiceError(kind, 'x', 'x')), STATUS[kind], kind);
  }
  assert.deepEqual(
    [
      pageStatus(new ServiceError('not_found', 'x', 'x')),
      pageStatus(new ServiceError('forbidden', 'x', 'x')),
      pageStatus(new ServiceError('conflict', 'x', 'x')),
      pageStatus(new ServiceError('invalid', 'x', 'x')),
    ],
    [404, 403, 409, 400],
  );
  assert.equal(pageStatus(Object.assign(new Error('too big'), { statusCode: 413 })), 413);
  assert.equal(pageStatus(new Error('bug')), 500);
  assert.equal(pageStatus(Object.assign(new Error('upstream'), { statusCode: 502 })), 500);
});

test('a page number in ?page= is read as ids are: canonical decimal, else page 1', () => {
  assert.deepEqual(pageRequest('3', 50), { page: 3, limit: 50, offset: 100 });
  assert.equal(pageRequest('999999', 20).page, 999_999);
  for (const raw of ['03', '0', '-2', '+2', ' 2', '2 ', '1e1', '0x2', '2.0', '1000000', '', undefined, ['2']]) {
    assert.equal(pageRequest(raw, 50).page, 1, JSON.stringify(raw));
  }
});

for (const target of testDatabases()) {
  describe(`the page layer on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
      await createDemo(h.ctx);
    });
    after(async () => {
      await h?.close();
    });

    for (const [lang, acceptLanguage] of Object.entries(LANGS) as Array<[keyof typeof LANGS, string]>) {
      test(`every page type with an id: 200 for a real one, an HTML 404 in ${lang} for an unknown or malformed one`, async () => {
        for (const pattern of ID_PAGES) {
          const at = (id: string) => `/${DEMO_SLUG}/${pattern.replace('{id}', encodeURIComponent(id))}`;
          const ok = await h.app.inject({ url: at('1'), headers: { 'accept-language': acceptLanguage } });
          assert.equal(ok.statusCode, 200, `${at('1')}: ${ok.body.slice(0, 300)}`);
          for (const id of ['999999', ...MALFORMED]) {
            const r = await h.app.inject({ url: at(id), headers: { 'accept-language': acceptLanguage } });
            assert.equal(r.statusCode, 404, at(id));
            assert.equal(r.headers['content-type'], 'text/html; charset=utf-8', at(id));
            assert.match(r.body, new RegExp(`^<!doctype html><html lang="${lang}">`), at(id));
            assert.ok(r.body.includes(`<h1>${t(lang, 'error.not_found')}</h1>`), at(id));
          }
        }
      });
    }

    test('public pages read through the reader: rendering them sends no query to the writer', async () => {
      // The same database and services, but the app's writer records every query it is given. The
      // reader is the dialect's own (on SQLite in memory and on PostgreSQL it shares the writer's
      // connection, which is why the writer is told apart by its Kysely instance, not its connection).
      const seen: string[] = [];
      const recorder: KyselyPlugin = {
        transformQuery: (args) => {
          seen.push(args.node.kind);
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      const dialect = { ...h.ctx.dialect, db: h.ctx.dialect.db.withPlugin(recorder) };
      const app = await buildApp({ ctx: { ...h.ctx, dialect }, live: h.runtime.live, pageCacheBytes: 0 });
      try {
        // Search indexes motions not yet indexed (a write) the first time: done here, before watching.
        assert.equal((await h.app.inject({ url: `/${DEMO_SLUG}/search?q=appeal` })).statusCode, 200);
        seen.length = 0;
        for (const url of PUBLIC_PAGES) {
          for (const acceptLanguage of Object.values(LANGS)) {
            const r = await app.inject({ url, headers: { 'accept-language': acceptLanguage } });
            assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 300)}`);
            assert.deepEqual(seen, [], `${url} queried the writer`);
          }
        }
        // The recorder is honest: a page that read through the writer would be seen.
        await dialect.db.selectFrom('bodies').select('id').execute();
        assert.deepEqual(seen, ['SelectQueryNode']);
      } finally {
        await app.close();
      }
    });
  });
}
