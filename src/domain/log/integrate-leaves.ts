// The integrator's step: append a batch of leaf hashes to a tree of `size` leaves and say what to
// write — the new stored hashes (one contiguous run), the whole tiles that change, and the new
// root. It reads only two batches: the old tree's right edge (≤ log₂ n + 1 hashes, all the new
// subtrees need) and the old hashes of the partial tiles being widened (< 256 per tile level).
// Everything else is computed in memory, so a batch of k leaves costs about 2k SHA-256 calls.
import { shiftRight, trailingZeros } from './bits.ts';
import { HASH_SIZE, checkHash, checkSize, emptyRoot, nodeHash, type Sha256 } from './merkle.ts';
import { readExactly, storedHashCount, storedHashIndex, treeHashIndexes, type HashReader } from './stored-hashes.ts';
import { tileHashIndexes, tilesToWrite, type Tile } from './tiles.ts';

export interface IntegrateLeavesInput {
  /** Leaves already integrated (the tree the reader holds). */
  size: number;
  /** Hashes of the next leaves, leafHash(sha, entry), for indexes size, size + 1, … */
  leafHashes: readonly Uint8Array[];
  /** The stored hashes of the tree of `size` (a tile reader, a table, memory). */
  reader: HashReader;
}

export interface Integration {
  /** The new tree size. */
  size: number;
  /** RFC 9162 §2.1.1 MTH of the new tree: what the next checkpoint signs. */
  root: Uint8Array;
  /** Stored-hash index of `storedHashes[0]`: storedHashCount(old size). */
  firstStoredIndex: number;
  /** Every hash the batch adds, in stored-hash order. */
  storedHashes: Uint8Array[];
  /** The tiles created or widened (tilesToWrite), with their full contents. */
  tiles: Array<{ tile: Tile; data: Uint8Array }>;
}

/**
 * Appends `leafHashes` to the tree of `size` leaves held by `reader`.
 * @example
 * const step = await integrateLeaves(sha, { size: 0, leafHashes: entries.map((e) => leafHash(sha, e)), reader });
 * // write step.tiles, then sign a checkpoint for step.size with step.root
 */
export async function integrateLeaves(sha: Sha256, input: IntegrateLeavesInput): Promise<Integration> {
  const oldSize = input.size;
  checkSize(oldSize);
  input.leafHashes.forEach((h, i) => {
    checkHash(h, `leaf hash ${oldSize + i}`);
  });
  const newSize = oldSize + input.leafHashes.length;
  checkSize(newSize, 'new tree size');

  // The old tree's perfect subtrees are the only old hashes a new leaf can be hashed with: a left
  // sibling completed by a new leaf has a parent that reaches past the old size.
  const edgeIndexes = treeHashIndexes(oldSize);
  const known = new Map<number, Uint8Array>();
  (await readExactly(input.reader, edgeIndexes)).forEach((h, i) => {
    known.set(edgeIndexes[i]!, h);
  });

  const firstStoredIndex = storedHashCount(oldSize);
  const added: Uint8Array[] = [];
  const lookup = (index: number): Uint8Array => {
    const h = index >= firstStoredIndex ? added[index - firstStoredIndex] : known.get(index);
    if (h === undefined) throw new Error(`integrate-leaves: stored hash ${index} was not planned`);
    return h;
  };
  input.leafHashes.forEach((leaf, i) => {
    const n = oldSize + i;
    let h = leaf;
    added.push(h);
    // Each trailing 1 bit of n completes a subtree with the left sibling at that level.
    const completes = trailingZeros(n + 1);
    for (let level = 0; level < completes; level++) {
      h = nodeHash(sha, lookup(storedHashIndex(level, shiftRight(n, level) - 1)), h);
      added.push(h);
    }
  });

  const root = newSize === 0 ? emptyRoot(sha) : rootFrom(sha, newSize, lookup);

  const tiles = tilesToWrite(oldSize, newSize);
  const indexesByTile = tiles.map(tileHashIndexes);
  const oldIndexes = [...new Set(indexesByTile.flat().filter((i) => i < firstStoredIndex && !known.has(i)))];
  (await readExactly(input.reader, oldIndexes)).forEach((h, i) => {
    known.set(oldIndexes[i]!, h);
  });
  const tileData = tiles.map((tile, t) => {
    const data = new Uint8Array(tile.width * HASH_SIZE);
    indexesByTile[t]!.forEach((index, i) => {
      data.set(lookup(index), i * HASH_SIZE);
    });
    return { tile, data };
  });

  if (firstStoredIndex + added.length !== storedHashCount(newSize)) {
    throw new Error(`integrate-leaves: ${added.length} hashes added from ${oldSize} to ${newSize}`);
  }
  return { size: newSize, root, firstStoredIndex, storedHashes: added, tiles: tileData };
}

// MTH of the first `size` leaves from the perfect subtrees of its right edge, all known here.
function rootFrom(sha: Sha256, size: number, lookup: (index: number) => Uint8Array): Uint8Array {
  const parts = treeHashIndexes(size).map(lookup);
  let h = parts[parts.length - 1]!;
  for (let i = parts.length - 2; i >= 0; i--) h = nodeHash(sha, parts[i]!, h);
  return h;
}
