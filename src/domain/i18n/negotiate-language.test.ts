import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { negotiateLanguage, parseAcceptLanguage } from './negotiate-language.ts';

describe('negotiateLanguage: ?lang > cookie > Accept-Language > body default > en', () => {
  const rows: Array<[Parameters<typeof negotiateLanguage>[0], 'en' | 'ru']> = [
    [{ query: 'ru', cookie: 'en', acceptLanguage: 'en' }, 'ru'],
    [{ query: 'de', cookie: 'ru', acceptLanguage: 'en' }, 'ru'],
    [{ cookie: 'en', acceptLanguage: 'ru' }, 'en'],
    [{ cookie: 'xx', acceptLanguage: 'ru-RU,ru;q=0.9' }, 'ru'],
    [{ acceptLanguage: 'de-DE,ru;q=0.8,en;q=0.7' }, 'ru'],
    [{ acceptLanguage: 'en;q=0.5,ru;q=0.9' }, 'ru'],
    [{ acceptLanguage: 'ru;q=0,en' }, 'en'],
    [{ acceptLanguage: 'de', bodyLanguages: ['ru', 'en'] }, 'ru'],
    [{ acceptLanguage: '*', bodyLanguages: ['ru'] }, 'ru'],
    [{ bodyLanguages: ['de'] }, 'en'],
    [{}, 'en'],
  ];
  for (const [signals, expected] of rows)
    test(`${JSON.stringify(signals)} → ${expected}`, () => assert.equal(negotiateLanguage(signals), expected));

  test('parseAcceptLanguage orders by q, keeps header order on ties, drops junk', () => {
    assert.deepEqual(parseAcceptLanguage('ru-RU,ru;q=0.9,en;q=0.5'), ['ru-ru', 'ru', 'en']);
    assert.deepEqual(parseAcceptLanguage('en;q=0.5, fr;q=0.5, <script>, ru;q=2'), ['ru', 'en', 'fr']);
  });

  test('never throws and always answers en or ru, whatever the headers say', () => {
    fc.assert(
      fc.property(
        fc.option(fc.string()),
        fc.option(fc.string()),
        fc.option(fc.string({ maxLength: 2000 })),
        (query, cookie, acceptLanguage) => {
          const lang = negotiateLanguage({ query, cookie, acceptLanguage });
          assert.ok(lang === 'en' || lang === 'ru');
        },
      ),
    );
  });
});
