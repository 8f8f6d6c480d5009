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

test('numbering schemes: accepted templates, refused ones, and the numbers they make', async () => {
  const { validateNumberingScheme, formatRegisterNumber, numberingScope } = await import('./register-number.ts');
  for (const ok of ['{number}', '{number}/{year}', '{sitting}-{item}', '{number}-р', 'Р-{year}/{number}'])
    assert.equal(validateNumberingScheme(ok), ok);
  for (const bad of ['', '{year}', '{sitting}', '{number}{number}', '{n}', 'a b{number}', '{number}}', 42])
    assert.throws(() => validateNumberingScheme(bad), { code: 'invalid_numbering_scheme' }, String(bad));
  assert.equal(formatRegisterNumber('{number}/{year}', { number: 7, year: '2026' }), '7/2026');
  assert.equal(formatRegisterNumber('{sitting}-{item}', { sitting: 3, item: 12 }), '3-12');
  assert.equal(numberingScope('{number}/{year}', '2026-12-31'), '2026');
  assert.equal(numberingScope('{number}', '2026-12-31'), '');
  assert.equal(numberingScope('{sitting}-{item}', '2026-12-31'), null);
});
