import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { checkReceipt } from './receipt-check.ts';

const subtle = (data: Uint8Array) => globalThis.crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
const salt = 'a1'.repeat(32);
const commitment = createHash('sha256')
  .update(Buffer.concat([Buffer.from('yes'), Buffer.from(salt, 'hex')]))
  .digest('hex');
const receipt = { choice: 'yes' as const, salt, commitment };
const entry = (ballots: unknown, type = 'vote.closed') =>
  JSON.stringify({ v: 1, type, body: 'b', recordedAt: '2026-11-29T10:00:00Z', data: { vote: 1, ballots } });
const flip = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);

const CASES: Array<[string, string, typeof receipt, unknown]> = [
  ['the revealed ballot matches', entry([{ member: 7, choice: 'yes', salt }]), receipt, { ok: true }],
  [
    'among others',
    entry([
      { member: 3, choice: 'no', salt: 'ff' },
      { member: 7, choice: 'yes', salt },
    ]),
    receipt,
    { ok: true },
  ],
  ['not JSON', '{', receipt, { ok: false, reason: 'not_a_close_entry' }],
  [
    'another entry type',
    entry([{ member: 7, choice: 'yes', salt }], 'vote.opened'),
    receipt,
    { ok: false, reason: 'not_a_close_entry' },
  ],
  ['a secret vote reveals no ballots', entry(null), receipt, { ok: false, reason: 'not_a_close_entry' }],
  [
    'the member is not among them',
    entry([{ member: 8, choice: 'yes', salt }]),
    receipt,
    { ok: false, reason: 'ballot_not_revealed' },
  ],
  [
    'a roll call ballot has no salt',
    entry([{ member: 7, choice: 'yes' }]),
    receipt,
    { ok: false, reason: 'ballot_not_revealed' },
  ],
  [
    'another choice revealed',
    entry([{ member: 7, choice: 'no', salt }]),
    receipt,
    { ok: false, reason: 'choice_differs' },
  ],
  [
    'another salt revealed',
    entry([{ member: 7, choice: 'yes', salt: flip(salt) }]),
    receipt,
    { ok: false, reason: 'salt_differs' },
  ],
  [
    'a commitment with one changed digit',
    entry([{ member: 7, choice: 'yes', salt }]),
    { ...receipt, commitment: flip(commitment) },
    { ok: false, reason: 'commitment_differs' },
  ],
];

for (const [name, text, r, expected] of CASES) {
  test(`checkReceipt: ${name}`, async () => assert.deepEqual(await checkReceipt(r, 7, text, subtle), expected));
}
