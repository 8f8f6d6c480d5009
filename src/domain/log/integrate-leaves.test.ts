import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { toHex } from './bytes.ts';
import { integrateLeaves } from './integrate-leaves.ts';
import { emptyRoot, leafHash, rootFromLeafHashes } from './merkle.ts';
import { memoryHashReader, storedHashCount, storedHashesOf, treeHash, type HashReader } from './stored-hashes.ts';
import { readTileData, tileHashReader, tilesToWrite } from './tiles.ts';

const sha = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
const MAX = 3000;
const leaves = Array.from({ length: MAX }, (_, i) => leafHash(sha, new TextEncoder().encode(`entry ${i}`)));
const stored = storedHashesOf(sha, leaves);
const memory = memoryHashReader(stored);
const hexes = (hs: readonly Uint8Array[]) => hs.map(toHex);

/** An integrator's storage: whole tiles only, the latest width of each. */
function tileStore() {
  const tiles = new Map<string, Uint8Array>();
  let calls = 0;
  return {
    tiles,
    get calls() {
      return calls;
    },
    readerAt(size: number): HashReader {
      const inner = tileHashReader(sha, size, async (t) => tiles.get(`${t.level}/${t.index}`)!);
      return {
        readHashes(indexes) {
          calls++;
          return inner.readHashes(indexes);
        },
      };
    },
  };
}

test('property: integrating in any batches stores the same tree as building it whole', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 700 })), { maxLength: 12 }),
      async (batches) => {
        const store = tileStore();
        let size = 0;
        for (const k of batches) {
          const batch = leaves.slice(size, Math.min(MAX, size + k));
          const callsBefore = store.calls;
          const step = await integrateLeaves(sha, { size, leafHashes: batch, reader: store.readerAt(size) });
          assert.ok(store.calls - callsBefore <= 2, `${store.calls - callsBefore} reads for one batch`);
          assert.equal(step.size, size + batch.length);
          assert.equal(step.firstStoredIndex, storedHashCount(size));
          assert.deepEqual(
            hexes(step.storedHashes),
            hexes(stored.slice(storedHashCount(size), storedHashCount(step.size))),
          );
          assert.equal(toHex(step.root), toHex(await treeHash(sha, step.size, memory)));
          assert.deepEqual(
            step.tiles.map((t) => t.tile),
            tilesToWrite(size, step.size),
          );
          for (const { tile, data } of step.tiles) {
            assert.equal(
              toHex(data),
              toHex(await readTileData(tile, memory)),
              `tile ${tile.level}/${tile.index}/${tile.width}`,
            );
            store.tiles.set(`${tile.level}/${tile.index}`, data);
          }
          size = step.size;
        }
        // The tiles written are exactly the tiles of the final tree.
        const want = tilesToWrite(0, size);
        assert.equal(store.tiles.size, want.length);
        for (const tile of want)
          assert.equal(toHex(store.tiles.get(`${tile.level}/${tile.index}`)!), toHex(await readTileData(tile, memory)));
      },
    ),
    { numRuns: 40 },
  );
});

test('the tree_8 roots come out of one-leaf batches', async () => {
  const store = tileStore();
  const roots: string[] = [];
  for (let size = 0; size < 8; size++) {
    const step = await integrateLeaves(sha, { size, leafHashes: [leaves[size]!], reader: store.readerAt(size) });
    for (const { tile, data } of step.tiles) store.tiles.set(`${tile.level}/${tile.index}`, data);
    roots.push(toHex(step.root));
  }
  assert.deepEqual(
    roots,
    Array.from({ length: 8 }, (_, i) => toHex(rootFromLeafHashes(sha, leaves.slice(0, i + 1)))),
  );
});

test('an empty batch changes nothing; bad input is refused', async () => {
  const empty = await integrateLeaves(sha, { size: 0, leafHashes: [], reader: memoryHashReader([]) });
  assert.deepEqual(
    { ...empty, root: toHex(empty.root) },
    { size: 0, root: toHex(emptyRoot(sha)), firstStoredIndex: 0, storedHashes: [], tiles: [] },
  );
  const same = await integrateLeaves(sha, { size: 100, leafHashes: [], reader: memory });
  assert.equal(toHex(same.root), toHex(await treeHash(sha, 100, memory)));
  assert.deepEqual(same.tiles, []);
  await assert.rejects(integrateLeaves(sha, { size: 3, leafHashes: [new Uint8Array(31)], reader: memory }), {
    code: 'bad_hash_length',
  });
  await assert.rejects(integrateLeaves(sha, { size: -1, leafHashes: [], reader: memory }), { code: 'invalid_size' });
  await assert.rejects(integrateLeaves(sha, { size: 5, leafHashes: [leaves[5]!], reader: memoryHashReader([]) }), {
    code: 'missing_hash',
  });
});
