// C2SP tlog-tiles: the tree's stored hashes grouped into tiles of height 8. The tile at level L,
// index N holds the 256 hashes MTH(D[(N·256 + i)·256^L : (N·256 + i + 1)·256^L]), i = 0 … 255;
// the rightmost tiles of each level are partial, of width W < 256. The hashes between two tile
// levels are not stored: they are rebuilt by hashing inside a tile (golang.org/x/mod/sumdb/tlog
// tile.go with H = 8). A storage layer keeps whole tiles — one row or file per 256 hashes — and
// answers HashReader reads through tileHashReader.
import { LogError } from './log-error.ts';
import { HASH_SIZE, checkSize, nodeHash, type Sha256 } from './merkle.ts';
import { readExactly, splitStoredHashIndex, storedHashIndex, type HashReader } from './stored-hashes.ts';

/** Tree levels per tile (C2SP tlog-tiles fixes 8). */
export const TILE_HEIGHT = 8;
/** Hashes in a full tile, and entries in a full entry bundle. */
export const TILE_WIDTH = 256;

/** A tile: `level` (0 = leaf hashes), `index` within the level, `width` 1 … 256 (256 = full). */
export interface Tile {
  readonly level: number;
  readonly index: number;
  readonly width: number;
}

/**
 * The tile that holds stored hash `storedIndex`, at the smallest width that includes it, and the
 * range [start, end) of tile hashes it is built from (one hash if it sits on a tile level, 2^k
 * hashes if it sits k levels above one).
 * @example tileForIndex(storedHashIndex(0, 300)) // { tile: { level: 0, index: 1, width: 45 }, start: 44, end: 45 }
 */
export function tileForIndex(storedIndex: number): { tile: Tile; start: number; end: number } {
  const { level, n } = splitStoredHashIndex(storedIndex);
  const tileLevel = Math.floor(level / TILE_HEIGHT);
  const above = level - tileLevel * TILE_HEIGHT; // levels above the tile's own hashes
  const span = 2 ** above;
  const index = Math.floor((n * span) / TILE_WIDTH);
  const start = n * span - index * TILE_WIDTH;
  return { tile: { level: tileLevel, index, width: start + span }, start, end: start + span };
}

// MTH of a perfect, aligned run of tile hashes: hash halves until single hashes remain.
function hashTileRange(sha: Sha256, data: Uint8Array, start: number, end: number): Uint8Array {
  if (end - start === 1) return data.slice(start * HASH_SIZE, end * HASH_SIZE);
  const mid = start + (end - start) / 2;
  return nodeHash(sha, hashTileRange(sha, data, start, mid), hashTileRange(sha, data, mid, end));
}

/**
 * Stored hash `storedIndex` out of the bytes of `tile` (Go tlog HashFromTile). Throws `bad_tile`
 * when the tile does not hold it or its data is shorter than its width.
 * @example hashFromTile(sha, { level: 0, index: 0, width: 8 }, tileBytes, storedHashIndex(3, 0)) // root of leaves 0–7
 */
export function hashFromTile(sha: Sha256, tile: Tile, data: Uint8Array, storedIndex: number): Uint8Array {
  checkTile(tile);
  if (data.length < tile.width * HASH_SIZE) {
    throw new LogError(
      'bad_tile',
      `tile ${tile.level}/${tile.index} of width ${tile.width} has only ${data.length} bytes`,
    );
  }
  const at = tileForIndex(storedIndex);
  if (at.tile.level !== tile.level || at.tile.index !== tile.index || at.tile.width > tile.width) {
    throw new LogError(
      'bad_tile',
      `stored hash ${storedIndex} is in tile ${at.tile.level}/${at.tile.index} (width ≥ ${at.tile.width}), not ${tile.level}/${tile.index}/${tile.width}`,
    );
  }
  return hashTileRange(sha, data, at.start, at.end);
}

/** Throws `bad_tile` unless the tile's coordinates are possible. */
export function checkTile(tile: Tile): void {
  const ok =
    Number.isInteger(tile.level) &&
    tile.level >= 0 &&
    tile.level <= 63 &&
    Number.isSafeInteger(tile.index) &&
    tile.index >= 0 &&
    Number.isInteger(tile.width) &&
    tile.width >= 1 &&
    tile.width <= TILE_WIDTH;
  if (!ok) throw new LogError('bad_tile', `no tile at level ${tile.level}, index ${tile.index}, width ${tile.width}`);
}

/**
 * The width of tile (level, index) in the tree of `treeSize`: 256 when full, 1 … 255 when
 * partial, 0 when the tree has no such tile yet (C2SP tlog-tiles, "Partial Tiles").
 * @example tileWidth(1, 0, 70_000) // 256; tileWidth(1, 1, 70_000) // 17
 */
export function tileWidth(level: number, index: number, treeSize: number): number {
  checkSize(treeSize);
  const hashesOnLevel = Math.floor(treeSize / TILE_WIDTH ** level);
  return Math.max(0, Math.min(TILE_WIDTH, hashesOnLevel - index * TILE_WIDTH));
}

/**
 * The tiles that growing the tree from `oldSize` to `newSize` creates or widens, lowest level
 * first: what an integrator writes (Go tlog NewTiles). Level-0 tiles pair with the entry bundles
 * of the same index and width.
 * @example tilesToWrite(250, 260) // [{0,0,256}, {0,1,4}, {1,0,1}]
 */
export function tilesToWrite(oldSize: number, newSize: number): Tile[] {
  checkSize(oldSize, 'old size');
  checkSize(newSize, 'new size');
  if (oldSize > newSize) throw new LogError('size_shrinks', `old size ${oldSize} is beyond new size ${newSize}`);
  const tiles: Tile[] = [];
  for (let level = 0; Math.floor(newSize / TILE_WIDTH ** level) > 0; level++) {
    const oldCount = Math.floor(oldSize / TILE_WIDTH ** level);
    const newCount = Math.floor(newSize / TILE_WIDTH ** level);
    if (oldCount === newCount) continue;
    const lastFull = Math.floor(newCount / TILE_WIDTH);
    for (let index = Math.floor(oldCount / TILE_WIDTH); index < lastFull; index++) {
      tiles.push({ level, index, width: TILE_WIDTH });
    }
    const width = newCount - lastFull * TILE_WIDTH;
    if (width > 0) tiles.push({ level, index: lastFull, width });
  }
  return tiles;
}

/**
 * The stored-hash indexes of the hashes in `tile`, left to right.
 * @example tileHashIndexes({ level: 0, index: 0, width: 2 }) // [0, 1]
 */
export function tileHashIndexes(tile: Tile): number[] {
  checkTile(tile);
  const first = tile.index * TILE_WIDTH;
  return Array.from({ length: tile.width }, (_, i) => storedHashIndex(tile.level * TILE_HEIGHT, first + i));
}

/**
 * The bytes of `tile` (its hashes concatenated) read from stored hashes (Go tlog ReadTileData).
 * @example await readTileData({ level: 0, index: 0, width: 3 }, reader) // 96 bytes
 */
export async function readTileData(tile: Tile, reader: HashReader): Promise<Uint8Array> {
  const hashes = await readExactly(reader, tileHashIndexes(tile));
  const data = new Uint8Array(hashes.length * HASH_SIZE);
  hashes.forEach((h, i) => {
    data.set(h, i * HASH_SIZE);
  });
  return data;
}

/**
 * Reads the bytes of one tile. It may return a wider version of the tile (a later partial or the
 * full tile): hashes never change once written, so only the first `width` are used.
 */
export type TileReader = (tile: Tile) => Promise<Uint8Array>;

/**
 * Remembers the hashes inside tiles — every level of the subtree a tile spans — so a hash between
 * tile levels costs no hashing the second time. Entries never go stale: the hashes of a tile at a
 * given width never change. Any Map-like store works; bound it (an LRU) in a long-lived server.
 */
export interface TileInteriorCache {
  get(key: string): Uint8Array[] | undefined;
  set(key: string, levels: Uint8Array[]): void;
}

// levels[k] holds, concatenated, the MTH of tile hashes [i·2^k, (i+1)·2^k) for each i: the tile's
// own hashes (k = 0) and its perfect subtrees above them, at most 2W − 1 hashes in all.
function tileInterior(sha: Sha256, data: Uint8Array, width: number): Uint8Array[] {
  const levels = [data.slice(0, width * HASH_SIZE)];
  for (let below = levels[0]!; below.length > HASH_SIZE; ) {
    const count = Math.floor(below.length / HASH_SIZE / 2);
    const up = new Uint8Array(count * HASH_SIZE);
    for (let i = 0; i < count; i++) {
      const left = below.subarray(2 * i * HASH_SIZE, (2 * i + 1) * HASH_SIZE);
      up.set(nodeHash(sha, left, below.subarray((2 * i + 1) * HASH_SIZE, (2 * i + 2) * HASH_SIZE)), i * HASH_SIZE);
    }
    levels.push(up);
    below = up;
  }
  return levels;
}

/**
 * A HashReader over the tiles of the tree of `treeSize`: each read fetches every tile it touches
 * once, in parallel, at that tree's width. A proof or root therefore costs O(log n) tile reads,
 * plus up to 2^7 − 1 hashes per stored hash that sits between tile levels (fewer with `cache`:
 * the top and right-edge tiles every proof touches are then hashed once).
 * Asking for a hash the tree of `treeSize` does not have throws `index_out_of_range`; a tile
 * shorter than its width throws `bad_tile`. It trusts the tiles: a client reading tiles from
 * someone else must check the results (a root against a signed checkpoint, a proof by verifying).
 * @example await proveInclusion(sha, 5, size, tileHashReader(sha, size, (t) => db.tile(body, t)))
 */
export function tileHashReader(
  sha: Sha256,
  treeSize: number,
  readTile: TileReader,
  cache?: TileInteriorCache,
): HashReader {
  checkSize(treeSize);
  return {
    async readHashes(indexes) {
      const located = indexes.map((storedIndex) => {
        const at = tileForIndex(storedIndex);
        const width = tileWidth(at.tile.level, at.tile.index, treeSize);
        if (at.tile.width > width) {
          throw new LogError('index_out_of_range', `stored hash ${storedIndex} is not in the tree of size ${treeSize}`);
        }
        return { storedIndex, tile: { ...at.tile, width } };
      });
      const wanted = new Map<string, Tile>();
      for (const { tile } of located) wanted.set(`${tile.level}/${tile.index}`, tile);
      const data = new Map<string, Uint8Array>();
      await Promise.all(
        [...wanted].map(async ([key, tile]) => {
          const bytes = await readTile(tile);
          if (
            !(bytes instanceof Uint8Array) ||
            bytes.length < tile.width * HASH_SIZE ||
            bytes.length % HASH_SIZE !== 0
          ) {
            throw new LogError('bad_tile', `tile ${key} of width ${tile.width} came back as ${bytes?.length} bytes`);
          }
          data.set(key, bytes);
        }),
      );
      return located.map(({ storedIndex, tile }) => {
        const bytes = data.get(`${tile.level}/${tile.index}`)!;
        if (cache === undefined) return hashFromTile(sha, tile, bytes, storedIndex);
        const key = `${tile.level}/${tile.index}/${tile.width}`;
        let levels = cache.get(key);
        if (levels === undefined) {
          levels = tileInterior(sha, bytes, tile.width);
          cache.set(key, levels);
        }
        const at = tileForIndex(storedIndex);
        const span = at.end - at.start;
        const i = at.start / span;
        return levels[Math.log2(span)]!.slice(i * HASH_SIZE, (i + 1) * HASH_SIZE);
      });
    },
  };
}
