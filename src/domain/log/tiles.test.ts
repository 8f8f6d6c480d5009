import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { toHex } from './bytes.ts';
import { consistencyProof, inclusionProof, leafHash, rootFromLeafHashes } from './merkle.ts';
import {
  memoryHashReader,
  proveConsistency,
  proveInclusion,
  storedHashesOf,
  storedHashIndex,
  treeHash,
} from './stored-hashes.ts';
import {
  hashFromTile,
  readTileData,
  tileForIndex,
  tileHashReader,
  tilesToWrite,
  tileWidth,
  type Tile,
} from './tiles.ts';

const sha = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
const SIZE = 70_000; // the C2SP tlog-tiles example: three tile levels, partial tiles on each
const leaves = Array.from({ length: SIZE }, (_, i) => leafHash(sha, new TextEncoder().encode(`entry ${i}`)));
const stored = storedHashesOf(sha, leaves);
const memory = memoryHashReader(stored);
const hexes = (hs: readonly Uint8Array[]) => hs.map(toHex);

/** Every tile of the tree of `size`, keyed "level/index", at that tree's width. */
async function tilesOf(size: number): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for (const tile of tilesToWrite(0, size)) out.set(`${tile.level}/${tile.index}`, await readTileData(tile, memory));
  return out;
}
const allTiles = await tilesOf(SIZE);

/** A tile reader over `tiles` that counts reads and checks it is asked for the right width. */
function tileReader(tiles: Map<string, Uint8Array>, size: number) {
  const reads: Tile[] = [];
  const read = async (tile: Tile) => {
    reads.push(tile);
    assert.equal(tile.width, tileWidth(tile.level, tile.index, size), 'tile asked at the tree width');
    const data = tiles.get(`${tile.level}/${tile.index}`);
    if (!data) throw new Error(`no tile ${tile.level}/${tile.index}`);
    return data;
  };
  return { read, reads };
}

test('the C2SP example: a tree of 70,000 has 273 full level-0 tiles, widths 112, 256, 17 and 1', () => {
  const tiles = tilesToWrite(0, SIZE);
  const level = (l: number) => tiles.filter((t) => t.level === l);
  assert.equal(level(0).filter((t) => t.width === 256).length, 273);
  assert.deepEqual(level(0).at(-1), { level: 0, index: 273, width: 112 });
  assert.deepEqual(level(1), [
    { level: 1, index: 0, width: 256 },
    { level: 1, index: 1, width: 17 },
  ]);
  assert.deepEqual(level(2), [{ level: 2, index: 0, width: 1 }]);
  assert.equal(tiles.length, 274 + 2 + 1);
  // A tree of 256: one full level-0 tile and a level-1 tile of width 1.
  assert.deepEqual(tilesToWrite(0, 256), [
    { level: 0, index: 0, width: 256 },
    { level: 1, index: 0, width: 1 },
  ]);
  assert.deepEqual(tilesToWrite(0, 0), []);
});

test('tilesToWrite names the tiles a growth creates or widens', () => {
  const rows: Array<[number, number, Tile[]]> = [
    [0, 1, [{ level: 0, index: 0, width: 1 }]],
    [1, 2, [{ level: 0, index: 0, width: 2 }]],
    [
      250,
      260,
      [
        { level: 0, index: 0, width: 256 },
        { level: 0, index: 1, width: 4 },
        { level: 1, index: 0, width: 1 },
      ],
    ],
    [256, 257, [{ level: 0, index: 1, width: 1 }]],
    [
      255,
      256,
      [
        { level: 0, index: 0, width: 256 },
        { level: 1, index: 0, width: 1 },
      ],
    ],
    [5, 5, []],
    [
      600,
      1100,
      [
        { level: 0, index: 2, width: 256 },
        { level: 0, index: 3, width: 256 },
        { level: 0, index: 4, width: 76 },
        { level: 1, index: 0, width: 4 },
      ],
    ],
  ];
  for (const [from, to, want] of rows) assert.deepEqual(tilesToWrite(from, to), want, `${from}→${to}`);
  assert.throws(() => tilesToWrite(5, 4), { code: 'size_shrinks' });
});

test('tileWidth: full, partial, absent', () => {
  assert.equal(tileWidth(0, 0, SIZE), 256);
  assert.equal(tileWidth(0, 273, SIZE), 112);
  assert.equal(tileWidth(0, 274, SIZE), 0);
  assert.equal(tileWidth(1, 1, SIZE), 17);
  assert.equal(tileWidth(2, 0, SIZE), 1);
  assert.equal(tileWidth(3, 0, SIZE), 0);
});

test('property: every stored hash comes back out of its tile', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: stored.length - 1 }), (index) => {
      const { tile } = tileForIndex(index);
      const full = { ...tile, width: tileWidth(tile.level, tile.index, SIZE) };
      const data = allTiles.get(`${tile.level}/${tile.index}`)!;
      assert.equal(toHex(hashFromTile(sha, full, data, index)), toHex(stored[index]!));
      // At the smallest width that holds it, too.
      assert.equal(toHex(hashFromTile(sha, tile, data.subarray(0, tile.width * 32), index)), toHex(stored[index]!));
    }),
    { numRuns: 3000 },
  );
  // A hash between tile levels is rebuilt from the tile: level 3 sits on 8 level-0 hashes.
  const at = tileForIndex(storedHashIndex(3, 1));
  assert.deepEqual(at, { tile: { level: 0, index: 0, width: 16 }, start: 8, end: 16 });
  assert.deepEqual(tileForIndex(storedHashIndex(8, 0)).tile, { level: 1, index: 0, width: 1 });
  assert.deepEqual(tileForIndex(storedHashIndex(0, 300)), {
    tile: { level: 0, index: 1, width: 45 },
    start: 44,
    end: 45,
  });
});

test('property: roots and proofs read through tiles equal the direct ones, at O(log n) tile reads', async () => {
  const sizeArb = fc.oneof(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: SIZE }));
  await fc.assert(
    fc.asyncProperty(
      sizeArb.chain((n) =>
        fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n })),
      ),
      async ([n, m, old]) => {
        // The tiles a server holds for a tree of n: exactly those of that size.
        const tiles = await tilesOf(n);
        const { read, reads } = tileReader(tiles, n);
        const reader = tileHashReader(sha, n, read);
        const maxReads = 3 * Math.ceil(Math.log2(n + 1) / 8 + 1);
        assert.equal(toHex(await treeHash(sha, n, reader)), toHex(await treeHash(sha, n, memory)));
        assert.ok(reads.length <= maxReads, `${reads.length} tile reads for the root of ${n}`);
        reads.length = 0;
        const inclusion = await proveInclusion(sha, m, n, reader);
        assert.deepEqual(hexes(inclusion), hexes(await proveInclusion(sha, m, n, memory)));
        assert.ok(reads.length <= maxReads, `${reads.length} tile reads for inclusion ${m}/${n}`);
        reads.length = 0;
        const consistency = await proveConsistency(sha, old, n, reader);
        assert.deepEqual(hexes(consistency), hexes(await proveConsistency(sha, old, n, memory)));
        assert.ok(reads.length <= 2 * maxReads, `${reads.length} tile reads for consistency ${old}→${n}`);
        if (n <= 2000) {
          assert.deepEqual(hexes(inclusion), hexes(inclusionProof(sha, m, leaves.slice(0, n))));
          assert.deepEqual(hexes(consistency), hexes(consistencyProof(sha, old, leaves.slice(0, n))));
          assert.equal(toHex(await treeHash(sha, n, reader)), toHex(rootFromLeafHashes(sha, leaves.slice(0, n))));
        }
      },
    ),
    { numRuns: 60 },
  );
});

test('property: with an interior cache, tile reads give the same hashes and hash each tile once', async () => {
  const cache = new Map<string, Uint8Array[]>();
  let hashing = 0;
  const countingSha = (d: Uint8Array) => {
    hashing++;
    return sha(d);
  };
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: SIZE }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }))),
      async ([n, m]) => {
        const reader = tileHashReader(countingSha, n, async (t) => allTiles.get(`${t.level}/${t.index}`)!, cache);
        assert.deepEqual(
          hexes(await proveInclusion(sha, m, n, reader)),
          hexes(await proveInclusion(sha, m, n, memory)),
        );
        const before = hashing;
        assert.deepEqual(
          hexes(await proveInclusion(sha, m, n, reader)),
          hexes(await proveInclusion(sha, m, n, memory)),
        );
        assert.equal(hashing, before, 'the second proof is served from the cache');
        assert.equal(toHex(await treeHash(sha, n, reader)), toHex(await treeHash(sha, n, memory)));
      },
    ),
    { numRuns: 40 },
  );
  // Each cached tile holds its own hashes and at most width − 1 hashes above them.
  for (const [key, levels] of cache) {
    const width = Number(key.split('/')[2]);
    assert.equal(levels[0]!.length, width * 32, key);
    assert.ok(levels.slice(1).reduce((sum, l) => sum + l.length, 0) <= (width - 1) * 32, key);
  }
});

test('a tile reader may answer with a wider tile; hashes never change once written', async () => {
  const n = 1000;
  const reader = tileHashReader(sha, n, async (tile) => allTiles.get(`${tile.level}/${tile.index}`)!);
  assert.equal(toHex(await treeHash(sha, n, reader)), toHex(rootFromLeafHashes(sha, leaves.slice(0, n))));
});

test('tile reads that cannot be right are refused', async () => {
  const n = 1000;
  const short = tileHashReader(sha, n, async (tile) =>
    allTiles.get(`${tile.level}/${tile.index}`)!.subarray(0, tile.width * 32 - 32),
  );
  await assert.rejects(treeHash(sha, n, short), { code: 'bad_tile' });
  const ragged = tileHashReader(sha, n, async (tile) =>
    Uint8Array.of(...allTiles.get(`${tile.level}/${tile.index}`)!.subarray(0, tile.width * 32), 0),
  );
  await assert.rejects(treeHash(sha, n, ragged), { code: 'bad_tile' });
  // A hash of a larger tree than the reader's is not there to read.
  const reader = tileHashReader(sha, n, async (tile) => allTiles.get(`${tile.level}/${tile.index}`)!);
  await assert.rejects(reader.readHashes([storedHashIndex(0, n)]), { code: 'index_out_of_range' });
  await assert.rejects(proveInclusion(sha, n, n, reader), { code: 'index_out_of_range' });
  const data = allTiles.get('0/0')!;
  assert.throws(() => hashFromTile(sha, { level: 0, index: 1, width: 256 }, data, 0), { code: 'bad_tile' });
  assert.throws(() => hashFromTile(sha, { level: 0, index: 0, width: 4 }, data, storedHashIndex(0, 4)), {
    code: 'bad_tile',
  });
  assert.throws(() => hashFromTile(sha, { level: 0, index: 0, width: 257 }, data, 0), { code: 'bad_tile' });
  assert.throws(() => hashFromTile(sha, { level: 0, index: 0, width: 8 }, data.subarray(0, 100), 0), {
    code: 'bad_tile',
  });
});
