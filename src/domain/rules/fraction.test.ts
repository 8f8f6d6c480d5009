import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meets, parseFraction, scaled, smallestMeeting } from './fraction.ts';

test('parses p/q with 0 ≤ p ≤ q, q > 0', () => {
  const rows: Array<[string, bigint, bigint]> = [
    ['1/2', 1n, 2n],
    ['2/3', 2n, 3n],
    ['0/1', 0n, 1n],
    ['1/1', 1n, 1n],
    ['4/8', 4n, 8n],
    ['999999/999999', 999999n, 999999n],
  ];
  for (const [text, p, q] of rows) assert.deepEqual(parseFraction(text), { p, q }, text);
});

test('refuses anything else with invalid_fraction', () => {
  for (const bad of [
    '3/0',
    '3/2',
    '0/0',
    '1/2 ',
    ' 1/2',
    '-1/2',
    '1/-2',
    '1.5/2',
    '1/2/3',
    '1',
    '',
    '½',
    '0x1/2',
    '1e1/20',
    '1234567/2345678',
    '01/2',
    '1/02',
    0.5,
    1,
    null,
    undefined,
    ['1/2'],
    { p: 1, q: 2 },
  ]) {
    assert.throws(() => parseFraction(bad), { code: 'invalid_fraction' }, String(bad));
  }
});

test('smallestMeeting and meets agree with the definition, exactly', () => {
  // [compare, fraction, base, smallest n with n compare f × base]
  const rows: Array<['>' | '>=', string, bigint, bigint]> = [
    ['>', '1/2', 10n, 6n],
    ['>=', '1/2', 10n, 5n],
    ['>', '1/2', 9n, 5n],
    ['>=', '1/2', 9n, 5n],
    ['>=', '2/3', 20n, 14n],
    ['>=', '2/3', 15n, 10n],
    ['>', '2/3', 15n, 11n],
    ['>=', '1/4', 51n, 13n],
    ['>=', '1/3', 6n, 2n],
    ['>', '1/1', 7n, 8n],
    ['>=', '1/1', 7n, 7n],
    ['>=', '0/1', 7n, 0n],
    ['>', '0/1', 7n, 1n],
    ['>', '1/2', 0n, 1n],
    ['>=', '1/2', 0n, 0n],
    // Where a float would wobble: 0.1 × 3 = 0.30000000000000004 > 0.3.
    ['>=', '1/10', 3n, 1n],
    ['>=', '3/10', 10n, 3n],
  ];
  for (const [compare, f, base, expected] of rows) {
    const r = parseFraction(f);
    assert.equal(smallestMeeting(compare, r, base), expected, `${compare} ${f} × ${base}`);
    assert.equal(meets(expected, compare, r, base), true, `${expected} meets ${compare} ${f} × ${base}`);
    if (expected > 0n)
      assert.equal(meets(expected - 1n, compare, r, base), false, `${expected - 1n} misses ${compare} ${f} × ${base}`);
  }
});

test('scaled gives fraction × base in lowest terms', () => {
  assert.deepEqual(scaled(parseFraction('2/3'), 20n), { p: 40n, q: 3n });
  assert.deepEqual(scaled(parseFraction('1/2'), 10n), { p: 5n, q: 1n });
  assert.deepEqual(scaled(parseFraction('4/8'), 7n), { p: 7n, q: 2n });
  assert.deepEqual(scaled(parseFraction('1/2'), 0n), { p: 0n, q: 1n });
});
