import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ballotCommitment, commitmentInput, isBallotChoice } from './commitment.ts';

const sha = (d: Uint8Array) => createHash('sha256').update(d).digest();

test('commitment is SHA-256 over the UTF-8 choice then the raw salt', () => {
  const salt = 'ab'.repeat(32);
  const expected = createHash('sha256')
    .update(Buffer.concat([Buffer.from('yes'), Buffer.from(salt, 'hex')]))
    .digest('hex');
  assert.equal(ballotCommitment(sha, 'yes', salt), expected);
  assert.notEqual(ballotCommitment(sha, 'no', salt), expected);
  assert.notEqual(ballotCommitment(sha, 'yes', `ac${salt.slice(2)}`), expected);
  assert.deepEqual([...commitmentInput('no', '00ff')], [0x6e, 0x6f, 0x00, 0xff]);
});

test('choices are yes, no, abstain only', () => {
  for (const c of ['yes', 'no', 'abstain']) assert.ok(isBallotChoice(c));
  for (const c of ['Yes', 'blank', '', null, 1]) assert.equal(isBallotChoice(c), false);
  assert.throws(() => commitmentInput('yes', 'xyz'));
});
