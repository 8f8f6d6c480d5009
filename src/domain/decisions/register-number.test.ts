import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeRegisterNumber, REGISTER_NUMBER_MAX } from './register-number.ts';
import { DomainError } from '../errors.ts';

test('a register number is trimmed and kept as typed', () => {
  assert.equal(normalizeRegisterNumber('  45-р '), '45-р');
  assert.equal(normalizeRegisterNumber('2026/7'), '2026/7');
  assert.equal(normalizeRegisterNumber('№\u00a012'), '№\u00a012');
  assert.equal(normalizeRegisterNumber('x'.repeat(REGISTER_NUMBER_MAX)), 'x'.repeat(REGISTER_NUMBER_MAX));
});

test('empty, over-long and unprintable register numbers are refused with invalid_register_number', () => {
  for (const bad of [
    '',
    '   ',
    'x'.repeat(REGISTER_NUMBER_MAX + 1),
    '\uD800',
    '12\uDC00',
    '1\u00002',
    '1\n2',
    '1\t2',
    '1\u200b2',
    '\u202e21',
    '1\u20282',
    '\uE000',
    '1\u007f',
  ]) {
    assert.throws(
      () => normalizeRegisterNumber(bad),
      (err: unknown) => err instanceof DomainError && err.code === 'invalid_register_number',
      JSON.stringify(bad),
    );
  }
});
