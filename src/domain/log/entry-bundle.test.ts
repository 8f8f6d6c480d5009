import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { toHex } from './bytes.ts';
import { decodeEntryBundle, encodeEntryBundle, MAX_ENTRY_SIZE } from './entry-bundle.ts';
import { leafHash } from './merkle.ts';
import { memoryHashReader, storedHashesOf } from './stored-hashes.ts';
import { readTileData } from './tiles.ts';

const sha = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());

test('each entry is a big-endian uint16 length and its bytes', () => {
  const rows: Array<[number[][], number[]]> = [
    [[], []],
    [[[]], [0, 0]],
    [[[7]], [0, 1, 7]],
    [
      [[1, 2], [], [3]],
      [0, 2, 1, 2, 0, 0, 0, 1, 3],
    ],
  ];
  for (const [entries, bytes] of rows) {
    const encoded = encodeEntryBundle(entries.map((e) => Uint8Array.from(e)));
    assert.deepEqual([...encoded], bytes);
    assert.deepEqual(
      decodeEntryBundle(encoded, entries.length).map((e) => [...e]),
      entries,
    );
  }
  const big = new Uint8Array(MAX_ENTRY_SIZE).fill(9);
  const encoded = encodeEntryBundle([big]);
  assert.deepEqual([...encoded.subarray(0, 2)], [0xff, 0xff]);
  assert.equal(decodeEntryBundle(encoded)[0]!.length, MAX_ENTRY_SIZE);
});

test('refuses what cannot be a bundle', () => {
  assert.throws(() => encodeEntryBundle([new Uint8Array(MAX_ENTRY_SIZE + 1)]), { code: 'entry_too_large' });
  assert.throws(() => encodeEntryBundle(Array.from({ length: 257 }, () => new Uint8Array())), {
    code: 'malformed_entry_bundle',
  });
  const rows: Array<[string, number[], number?]> = [
    ['half a length', [0]],
    ['length past the end', [0, 3, 1, 2]],
    ['second entry truncated', [0, 1, 7, 0, 2, 1]],
    ['fewer entries than the width', [0, 1, 7], 2],
    ['more entries than the width', [0, 1, 7, 0, 0], 1],
  ];
  for (const [name, bytes, count] of rows) {
    assert.throws(() => decodeEntryBundle(Uint8Array.from(bytes), count), { code: 'malformed_entry_bundle' }, name);
  }
  assert.throws(() => decodeEntryBundle(new Uint8Array(2 * 257)), { code: 'malformed_entry_bundle' });
});

test('property: bundles round-trip, and their entries hash to the level-0 tile', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 256 }), async (entries) => {
      const decoded = decodeEntryBundle(encodeEntryBundle(entries), entries.length);
      assert.deepEqual(decoded.map(toHex), entries.map(toHex));
      const leaves = entries.map((e) => leafHash(sha, e));
      const tile = await readTileData(
        { level: 0, index: 0, width: entries.length },
        memoryHashReader(storedHashesOf(sha, leaves)),
      );
      assert.deepEqual(
        decoded.map((e, i) => toHex(leafHash(sha, e)) === toHex(tile.subarray(i * 32, i * 32 + 32))),
        entries.map(() => true),
      );
    }),
    { numRuns: 100 },
  );
});
