import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { closedTitleCommitment, closedTitleInput } from './closed-item.ts';

const sha256 = (d: Uint8Array) => new Uint8Array(createHash('sha256').update(d).digest());
const NONCE = '0123456789abcdef0123456789abcdef';

test('the commitment hashes the tag, the nonce and the title, and depends on each', () => {
  const c = closedTitleCommitment(sha256, NONCE, 'Staffing');
  assert.equal(c, createHash('sha256').update(`quorate closed agenda item title v1\n${NONCE}\nStaffing`).digest('hex'));
  assert.notEqual(closedTitleCommitment(sha256, NONCE, 'Staffing.'), c, 'another title, another hash');
  assert.notEqual(closedTitleCommitment(sha256, 'f'.repeat(32), 'Staffing'), c, 'another nonce, another hash');
});

test('the title is hashed in NFC, so the same words typed two ways commit alike', () => {
  assert.equal(closedTitleCommitment(sha256, NONCE, 'Йод'), closedTitleCommitment(sha256, NONCE, 'И\u0306од'));
});

test('a short or malformed nonce is refused (an unsalted title could be guessed)', () => {
  assert.throws(() => closedTitleInput('00', 'x'), /16 bytes/);
  assert.throws(() => closedTitleInput('G'.repeat(32), 'x'), /hex/);
});
