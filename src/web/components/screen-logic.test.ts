// The live screens' small decisions, as tables: who may cast in a vote just opened, what is wrong
// with typed totals, which key means what.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entitlementFromOpening } from './ballot-state.ts';
import { totalsProblems } from './totals-form.tsx';
import { keyAction } from './keyboard-rows.ts';

const ENTITLEMENT: Array<[Record<string, unknown>, string]> = [
  [{ method: 'electronic', presentMembers: [1, 2], recused: [] }, 'entitled'],
  [{ method: 'secret_electronic', presentMembers: [1], recused: [] }, 'entitled'],
  [{ method: 'electronic', presentMembers: [2, 3], recused: [] }, 'not_present'],
  [{ method: 'electronic', presentMembers: [2], recused: [1] }, 'recused'],
  [{ method: 'electronic', presentMembers: null, recused: [] }, 'not_present'],
  [{ method: 'roll_call', presentMembers: [1], recused: [] }, 'not_device'],
  [{ method: 'show_of_hands', presentMembers: null, recused: [] }, 'not_device'],
  [{ method: 'secret_paper', presentMembers: [1], recused: [1] }, 'not_device'],
];
for (const [data, expected] of ENTITLEMENT) {
  test(`member 1 in ${JSON.stringify(data)} is ${expected}`, () =>
    assert.equal(entitlementFromOpening(data, 1), expected));
}

const TOTALS: Array<[Record<string, string>, number, object]> = [
  [{ yes: '3', no: '2', abstain: '0' }, 5, {}],
  [{ yes: '3', no: '2', abstain: '1' }, 5, { sum: 'too_many' }],
  [{ yes: '0', no: '0', abstain: '0' }, 0, {}],
  [{ yes: ' 4 ', no: '0', abstain: '0' }, 4, {}],
  [{ yes: '3', no: 'x', abstain: '' }, 5, { no: 'not_whole', abstain: 'not_whole' }],
  [{ yes: '-1', no: '1.5', abstain: '1e2' }, 99, { yes: 'not_whole', no: 'not_whole', abstain: 'not_whole' }],
  [{ yes: '1', no: '1', abstain: '0', blank: '1', invalid: '1' }, 3, { sum: 'too_many' }],
  [{ yes: '1', no: '1', abstain: '0', blank: '', invalid: '0' }, 3, { blank: 'not_whole' }],
];
for (const [values, present, expected] of TOTALS) {
  test(`totals ${JSON.stringify(values)} with ${present} present: ${JSON.stringify(expected)}`, () =>
    assert.deepEqual(totalsProblems(values, present), expected));
}

const KEYS = { KeyY: 'yes', Digit1: 'yes', KeyN: 'no' } as const;
const KEY_CASES: Array<[{ code: string; ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean }, string | null]> = [
  [{ code: 'KeyY' }, 'yes'],
  [{ code: 'Digit1' }, 'yes'],
  [{ code: 'KeyN' }, 'no'],
  [{ code: 'KeyQ' }, null],
  [{ code: 'KeyY', ctrlKey: true }, null],
  [{ code: 'KeyN', altKey: true }, null],
  [{ code: 'KeyN', metaKey: true }, null],
  [{ code: 'toString' }, null],
];
for (const [e, expected] of KEY_CASES) {
  test(`key ${JSON.stringify(e)} means ${expected}`, () =>
    assert.equal(keyAction({ ctrlKey: false, altKey: false, metaKey: false, ...e }, KEYS), expected));
}
