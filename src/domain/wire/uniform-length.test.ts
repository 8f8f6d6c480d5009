import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  BALLOT_REQUEST_BYTES,
  BALLOT_RESPONSE_BYTES,
  padJson,
  paddingToLongest,
  PaddingOverflow,
  utf8Length,
} from './uniform-length.ts';
import { BALLOT_CHOICES } from '../ballots/commitment.ts';

const bytes = (text: string) => new TextEncoder().encode(text).length;

describe('uniform-length messages', () => {
  test('utf8Length counts what TextEncoder writes (lone surrogates become 3-byte U+FFFD)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => assert.equal(utf8Length(s), bytes(s))));
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0xd000, max: 0xe000 }).map((c) => String.fromCharCode(c)) }),
        (s) => assert.equal(utf8Length(s), bytes(s)),
      ),
    );
  });

  test('a ballot request is BALLOT_REQUEST_BYTES whatever the choice and id', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BALLOT_CHOICES),
        fc.stringMatching(/^[0-9a-zA-Z_-]{8,64}$/),
        (choice, clientBallotId) => {
          const body = JSON.stringify(padJson({ choice, clientBallotId }, BALLOT_REQUEST_BYTES));
          assert.equal(bytes(body), BALLOT_REQUEST_BYTES);
          assert.deepEqual({ ...JSON.parse(body), pad: undefined }, { choice, clientBallotId, pad: undefined });
        },
      ),
    );
  });

  test('a receipt is BALLOT_RESPONSE_BYTES whatever the choice and however large the numbers', () => {
    const n = fc.integer({ min: 1, max: 2 ** 53 - 1 });
    fc.assert(
      fc.property(
        fc.constantFrom(...BALLOT_CHOICES),
        n,
        n,
        n,
        n,
        fc.boolean(),
        (choice, vote, member, entryIndex, revision, replay) => {
          const receipt = {
            vote,
            member,
            entryIndex,
            commitment: 'a'.repeat(64),
            salt: 'b'.repeat(64),
            choice,
            revision,
            replay,
          };
          assert.equal(bytes(JSON.stringify(padJson(receipt, BALLOT_RESPONSE_BYTES))), BALLOT_RESPONSE_BYTES);
        },
      ),
    );
  });

  test('non-ASCII content is counted in bytes, not characters', () => {
    const padded = JSON.stringify(padJson({ name: 'Ёлка 🎄' }, 40));
    assert.equal(bytes(padded), 40);
  });

  test('a message too long for its size is an error, never sent at another length', () => {
    assert.throws(() => padJson({ text: 'x'.repeat(100) }, 50), PaddingOverflow);
  });

  test('paddingToLongest brings every variant to the longest', () => {
    const variants = ['За', 'Против', 'Воздержался', 'For'];
    for (const v of variants) assert.equal(utf8Length(v) + paddingToLongest(v, variants), bytes('Воздержался'));
    assert.equal(paddingToLongest('abc', []), 0);
  });
});
