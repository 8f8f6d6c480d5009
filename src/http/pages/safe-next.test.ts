import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeNext } from './safe-next.ts';

const CASES: Array<[unknown, string]> = [
  ['/smolninskoye/sittings/3/ballot', '/smolninskoye/sittings/3/ballot'],
  ['/a?lang=ru', '/a?lang=ru'],
  ['/', '/'],
  ['//evil.example/', '/'],
  ['/\\evil.example/', '/'],
  ['/a\\b', '/'],
  ['https://evil.example/', '/'],
  ['javascript:alert(1)', '/'],
  ['evil', '/'],
  ['/a\nb', '/'],
  ['/a\tb', '/'],
  ['', '/'],
  [undefined, '/'],
  [['/a'], '/'],
  [`/${'a'.repeat(2000)}`, '/'],
];

for (const [input, expected] of CASES) {
  test(`safeNext(${JSON.stringify(input)?.slice(0, 40)}) is ${expected}`, () =>
    assert.equal(safeNext(input), expected));
}
