import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entrySittingRef } from './entry-sitting.ts';

test('an entry names its sitting directly, through a target, or through a vote', () => {
  assert.deepEqual(entrySittingRef({ sitting: 3, vote: 9 }), { sitting: 3 });
  assert.deepEqual(entrySittingRef({ target: { type: 'sitting', id: 4 } }), { sitting: 4 });
  assert.deepEqual(entrySittingRef({ vote: 7 }), { vote: 7 });
  assert.deepEqual(entrySittingRef({ target: { type: 'vote', id: 8 } }), { vote: 8 });
  assert.equal(entrySittingRef({ member: 1 }), null);
  assert.equal(entrySittingRef({ target: { type: 'decision', id: 1 } }), null);
  assert.equal(entrySittingRef(null), null);
});
