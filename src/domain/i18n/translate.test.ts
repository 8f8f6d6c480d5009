import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOGS, t, translator } from './translate.ts';
import { en, type MessageKey } from './messages-en.ts';
import { LANGUAGES } from './lang.ts';

describe('t: plurals by Intl.PluralRules', () => {
  const rows: Array<[lang: 'en' | 'ru', count: number, expected: string]> = [
    ['ru', 1, '1 голос'],
    ['ru', 2, '2 голоса'],
    ['ru', 3, '3 голоса'],
    ['ru', 4, '4 голоса'],
    ['ru', 5, '5 голосов'],
    ['ru', 11, '11 голосов'],
    ['ru', 12, '12 голосов'],
    ['ru', 21, '21 голос'],
    ['ru', 22, '22 голоса'],
    ['ru', 25, '25 голосов'],
    ['ru', 0, '0 голосов'],
    ['ru', 111, '111 голосов'],
    ['ru', 1001, '1\u00a0001 голос'],
    ['en', 0, '0 votes'],
    ['en', 1, '1 vote'],
    ['en', 2, '2 votes'],
    ['en', 21, '21 votes'],
    ['en', 1000, '1,000 votes'],
  ];
  for (const [lang, count, expected] of rows) {
    test(`${lang} ${count} → ${expected}`, () => assert.equal(t(lang, 'count.votes', { count }), expected));
  }
});

describe('t: placeholders', () => {
  test("fills every placeholder; numbers are written the language's way", () => {
    assert.equal(t('en', 'pagination.status', { page: 2, pages: 10 }), 'Page 2 of 10');
    assert.equal(t('ru', 'pagination.status', { page: 2, pages: 10 }), 'Страница 2 из 10');
  });
  test('user text in a parameter is inserted as is, never re-read as a placeholder', () => {
    assert.equal(t('en', 'dispute.by', { claimant: '{claimant} <b>' }), '{claimant} <b> objects to this.');
  });
  test('a missing parameter stays visible instead of crashing', () => {
    assert.equal(t('en', 'pagination.status', { page: 1 }), 'Page 1 of {pages}');
  });
  test('an unknown key shows as itself', () => {
    assert.equal(t('en', 'method.carrier_pigeon' as MessageKey), 'method.carrier_pigeon');
  });
  test('translator binds a language', () =>
    assert.equal(translator('ru')('search.results', { count: 5 }), '5 результатов'));
});

describe('catalogs', () => {
  const placeholders = (m: unknown) =>
    [...new Set([...JSON.stringify(m).matchAll(/\{(\w+)\}/g)].map((x) => x[1]))].sort();
  for (const lang of LANGUAGES) {
    test(`${lang}: every key has a non-empty message with the English placeholders`, () => {
      for (const key of Object.keys(en) as MessageKey[]) {
        const message = CATALOGS[lang][key];
        assert.ok(message !== undefined && JSON.stringify(message).length > 2, `${lang} ${key}`);
        assert.deepEqual(placeholders(message), placeholders(en[key]), `${lang} ${key} placeholders`);
      }
    });
  }
  test('Russian plural messages give the few and many forms', () => {
    for (const [key, m] of Object.entries(CATALOGS.ru)) {
      if (typeof m === 'object' && JSON.stringify(m).includes('{count}')) assert.ok(m.few && m.many, key);
    }
  });
  test('no Russian message is left in English (identical ones must have no words outside placeholders)', () => {
    const words = (m: unknown) =>
      (typeof m === 'string' ? [m] : (Object.values(m as object) as string[])).join(' ').replace(/\{\w+\}/g, '');
    const untranslated = (Object.keys(en) as MessageKey[]).filter(
      (k) => JSON.stringify(CATALOGS.ru[k]) === JSON.stringify(en[k]) && /[A-Za-z]{2,}/.test(words(en[k])),
    );
    assert.deepEqual(untranslated, []);
  });
});
