import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { fromHex, toHex } from './bytes.ts';
import { consistencyProof, emptyRoot, inclusionProof, leafHash, rootFromLeafHashes } from './merkle.ts';
import {
  memoryHashReader,
  proveConsistency,
  proveInclusion,
  siblingIndexesForLeaf,
  splitStoredHashIndex,
  storedHashCount,
  storedHashesForLeaf,
  storedHashesOf,
  storedHashIndex,
  treeHash,
  treeHashIndexes,
  type HashReader,
} from './stored-hashes.ts';

const sha = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
const vectors = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/rfc6962-vectors.json', import.meta.url), 'utf8'),
);
const tree8 = (vectors.tree_8.leaves_hex as string[]).map((h) => leafHash(sha, fromHex(h)));
const MAX = 2000;
const leaves = Array.from({ length: MAX }, (_, i) => leafHash(sha, new TextEncoder().encode(`entry ${i}`)));
const stored = storedHashesOf(sha, leaves);
const hexes = (hs: readonly Uint8Array[]) => hs.map(toHex);

/** A memory reader that counts calls and hashes read. */
function countingReader(hashes: readonly Uint8Array[]) {
  const inner = memoryHashReader(hashes);
  const counts = { calls: 0, hashes: 0 };
  const reader: HashReader = {
    readHashes(indexes) {
      counts.calls++;
      counts.hashes += indexes.length;
      return inner.readHashes(indexes);
    },
  };
  return { reader, counts };
}

test('stored-hash order: leaves and completed subtrees in the order they are completed', () => {
  // Leaf 0, leaf 1, node(1,0), leaf 2, leaf 3, node(1,1), node(2,0), leaf 4 …
  const rows: Array<[number, number, number]> = [
    [0, 0, 0],
    [0, 1, 1],
    [1, 0, 2],
    [0, 2, 3],
    [0, 3, 4],
    [1, 1, 5],
    [2, 0, 6],
    [0, 4, 7],
    [3, 0, 14],
    [0, 8, 15],
  ];
  for (const [level, n, index] of rows) {
    assert.equal(storedHashIndex(level, n), index, `(${level}, ${n})`);
    assert.deepEqual(splitStoredHashIndex(index), { level, n }, `split ${index}`);
  }
  const counts: Array<[number, number]> = [
    [0, 0],
    [1, 1],
    [2, 3],
    [3, 4],
    [4, 7],
    [5, 8],
    [8, 15],
    [1000, 1994],
  ];
  for (const [size, count] of counts) assert.equal(storedHashCount(size), count, `count ${size}`);
});

test('property: splitStoredHashIndex inverts storedHashIndex, far past 2^32', () => {
  fc.assert(
    fc.property(
      fc
        .integer({ min: 0, max: 40 })
        .chain((level) => fc.tuple(fc.constant(level), fc.integer({ min: 0, max: 2 ** (50 - level) - 1 }))),
      ([level, n]) => {
        const index = storedHashIndex(level, n);
        assert.ok(Number.isSafeInteger(index));
        assert.deepEqual(splitStoredHashIndex(index), { level, n });
      },
    ),
    { numRuns: 2000 },
  );
});

test('tree_8 node hashes sit where storedHashIndex says', () => {
  const hashes = storedHashesOf(sha, tree8);
  assert.equal(hashes.length, storedHashCount(8));
  vectors.tree_8.node_hashes_by_level.levels.forEach((level: string[], l: number) => {
    level.forEach((want, i) => {
      assert.equal(toHex(hashes[storedHashIndex(l, i)]!), want, `(${l}, ${i})`);
    });
  });
});

test('storedHashesForLeaf, one leaf at a time, stores what storedHashesOf stores', async () => {
  const built: Uint8Array[] = [];
  const reader = memoryHashReader(built);
  for (let n = 0; n < 300; n++) {
    assert.equal(built.length, storedHashIndex(0, n));
    built.push(...(await storedHashesForLeaf(sha, n, leaves[n]!, reader)));
  }
  assert.deepEqual(hexes(built), hexes(stored.slice(0, storedHashCount(300))));
  assert.deepEqual(siblingIndexesForLeaf(3), [2, 3]); // node (1,0) and leaf 2
});

test('property: treeHash from stored hashes is MTH, in one read of at most log₂ n + 1 hashes', async () => {
  assert.equal(toHex(await treeHash(sha, 0, memoryHashReader([]))), toHex(emptyRoot(sha)));
  for (const [size, root] of Object.entries(vectors.tree_8.roots_by_size)) {
    assert.equal(toHex(await treeHash(sha, Number(size), memoryHashReader(storedHashesOf(sha, tree8)))), root);
  }
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: MAX }), async (n) => {
      const { reader, counts } = countingReader(stored);
      assert.equal(toHex(await treeHash(sha, n, reader)), toHex(rootFromLeafHashes(sha, leaves.slice(0, n))));
      assert.equal(counts.calls, 1);
      assert.ok(counts.hashes <= Math.log2(n) + 1, `${counts.hashes} hashes for size ${n}`);
    }),
    { numRuns: 150 },
  );
});

test('property: proveInclusion equals the in-memory PATH, in one read of O(log n) hashes', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: MAX }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.constant(n))),
      async ([m, n]) => {
        const { reader, counts } = countingReader(stored);
        const proof = await proveInclusion(sha, m, n, reader);
        assert.deepEqual(hexes(proof), hexes(inclusionProof(sha, m, leaves.slice(0, n))));
        assert.ok(counts.calls <= 1);
        assert.ok(counts.hashes <= 2 * Math.log2(n) + 1, `${counts.hashes} hashes for ${m}/${n}`);
      },
    ),
    { numRuns: 200 },
  );
});

test('property: proveConsistency equals the in-memory PROOF, in one read of O(log n) hashes', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: MAX }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
      async ([m, n]) => {
        const { reader, counts } = countingReader(stored);
        const proof = await proveConsistency(sha, m, n, reader);
        assert.deepEqual(hexes(proof), hexes(consistencyProof(sha, m, leaves.slice(0, n))));
        assert.ok(counts.calls <= 1);
        assert.ok(counts.hashes <= 3 * Math.log2(n) + 2, `${counts.hashes} hashes for ${m}→${n}`);
      },
    ),
    { numRuns: 200 },
  );
});

test('the root of a tree needs only its perfect subtrees', () => {
  assert.deepEqual(treeHashIndexes(6), [storedHashIndex(2, 0), storedHashIndex(1, 2)]);
  assert.deepEqual(treeHashIndexes(8), [storedHashIndex(3, 0)]);
  assert.deepEqual(treeHashIndexes(0), []);
});

test('bad arguments and bad readers are refused with a code', async () => {
  const reader = memoryHashReader(stored.slice(0, storedHashCount(8)));
  const rows: Array<[string, () => Promise<unknown>, string]> = [
    ['index = size', () => proveInclusion(sha, 8, 8, reader), 'index_out_of_range'],
    ['negative index', () => proveInclusion(sha, -1, 8, reader), 'index_out_of_range'],
    ['size not a number', () => proveInclusion(sha, 0, Number.NaN, reader), 'invalid_size'],
    ['shrinking', () => proveConsistency(sha, 9, 8, reader), 'size_shrinks'],
    ['fractional size', () => treeHash(sha, 2.5, reader), 'invalid_size'],
    ['hash not held', () => treeHash(sha, 9, reader), 'missing_hash'],
    [
      'reader answers too few',
      () => treeHash(sha, 7, { readHashes: async (ix) => (await reader.readHashes(ix)).slice(1) }),
      'hash_reader_mismatch',
    ],
    [
      'reader answers short hashes',
      () => treeHash(sha, 8, { readHashes: async (ix) => ix.map(() => new Uint8Array(31)) }),
      'bad_hash_length',
    ],
  ];
  for (const [name, run, code] of rows) await assert.rejects(run, { code }, name);
  assert.throws(() => storedHashCount(-1), { code: 'invalid_size' });
});
