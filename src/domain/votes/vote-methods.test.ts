import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEVICE_METHODS,
  isDeviceMethod,
  isTotalsMethod,
  NAMED_METHODS,
  TOTALS_METHODS,
  VOTE_METHODS,
} from './vote-methods.ts';

test('each method: cast from devices or not, counted by name or not, totals entered or not', () => {
  const rows: Array<[string, boolean, boolean, boolean]> = [
    ['roll_call', false, true, false],
    ['show_of_hands', false, false, true],
    ['electronic', true, true, false],
    ['secret_electronic', true, false, false],
    ['secret_paper', false, false, true],
  ];
  assert.deepEqual(
    rows.map(([m]) => m),
    [...VOTE_METHODS],
  );
  for (const [method, device, named, totals] of rows) {
    assert.equal(isDeviceMethod(method), device, method);
    assert.equal(DEVICE_METHODS.includes(method as never), device, method);
    assert.equal(NAMED_METHODS.includes(method as never), named, method);
    assert.equal(isTotalsMethod(method), totals, method);
    assert.equal(TOTALS_METHODS.includes(method as never), totals, method);
  }
  for (const odd of [undefined, null, 'ELECTRONIC', '', 3])
    assert.equal(isDeviceMethod(odd) || isTotalsMethod(odd), false);
});
