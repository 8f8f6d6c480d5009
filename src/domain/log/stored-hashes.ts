// A growing Merkle log keeps each complete subtree's hash once, in the order the subtrees are
// completed (Crosby & Wallach, "Efficient Data Structures for Tamper-Evident Logging", §3.3; the
// layout of golang.org/x/mod/sumdb/tlog). Roots and proofs of any earlier size are then computed
// from O(log n) of those stored hashes, read in one batch through a `HashReader` — a database,
// tiles (tiles.ts) or memory. The RFC 9162 §2.1 definitions are those of merkle.ts.
import { bitLength, largestPowerOfTwoAtMost, largestPowerOfTwoBelow, shiftRight, trailingZeros } from './bits.ts';
import { LogError } from './log-error.ts';
import { checkHash, checkSize, emptyRoot, nodeHash, type Sha256 } from './merkle.ts';

/** Reads stored hashes by stored-hash index, answering in the order asked. */
export interface HashReader {
  readHashes(indexes: readonly number[]): Promise<Uint8Array[]>;
}

/**
 * Where the hash of the subtree at `level` (0 = leaves), `n`-th from the left, is stored. Leaf n
 * follows the n leaves and ⌊n/2⌋ + ⌊n/4⌋ + … completed subtrees before it; the level-L subtree n
 * is stored L places after its last leaf, (n + 1)·2^L − 1, right after the subtrees below it.
 * @example storedHashIndex(0, 2) // 3  (leaf 0, leaf 1, node (1,0), leaf 2)
 */
export function storedHashIndex(level: number, n: number): number {
  let leaf = n;
  for (let l = level; l > 0; l--) leaf = 2 * leaf + 1;
  let index = 0;
  for (; leaf > 0; leaf = Math.floor(leaf / 2)) index += leaf;
  return index + level;
}

/**
 * The inverse of storedHashIndex: the (level, n) stored at `index`.
 * @example splitStoredHashIndex(3) // { level: 0, n: 2 }
 */
export function splitStoredHashIndex(index: number): { level: number; n: number } {
  checkSize(index, 'stored hash index');
  // storedHashIndex(0, n) < 2n, so the last leaf written at or before `index` is in
  // [index/2, index/2 + log₂ index]; each leaf n adds 1 + trailingZeros(n + 1) hashes.
  let n = Math.floor(index / 2);
  let at = storedHashIndex(0, n);
  for (;;) {
    const next = at + 1 + trailingZeros(n + 1);
    if (next > index) break;
    n++;
    at = next;
  }
  const level = index - at;
  return { level, n: shiftRight(n, level) };
}

/**
 * How many hashes a tree of `size` leaves stores.
 * @example storedHashCount(4) // 7
 */
export function storedHashCount(size: number): number {
  checkSize(size);
  return size === 0 ? 0 : storedHashIndex(0, size - 1) + 1 + trailingZeros(size);
}

/**
 * The stored-hash indexes leaf `n` needs to complete its subtrees: one left sibling per trailing 1
 * bit of n, in increasing index order.
 * @example siblingIndexesForLeaf(3) // [2, 3] — node (1,0) and leaf 2
 */
export function siblingIndexesForLeaf(n: number): number[] {
  const m = trailingZeros(n + 1);
  const indexes: number[] = new Array(m);
  for (let i = 0; i < m; i++) indexes[m - 1 - i] = storedHashIndex(i, shiftRight(n, i) - 1);
  return indexes;
}

/**
 * The hashes appending leaf `n` stores, from storedHashIndex(0, n) on: the leaf hash, then the
 * hash of each subtree it completes (Go tlog StoredHashesForRecordHash).
 * @example await storedHashesForLeaf(sha, 1, leafHash(sha, entry1), reader) // [leaf 1, node (1,0)]
 */
export async function storedHashesForLeaf(
  sha: Sha256,
  n: number,
  leafHash: Uint8Array,
  reader: HashReader,
): Promise<Uint8Array[]> {
  checkSize(n, 'leaf index');
  checkHash(leafHash, 'leaf hash');
  const indexes = siblingIndexesForLeaf(n);
  const siblings = await readExactly(reader, indexes);
  const out = [leafHash];
  let h = leafHash;
  for (let i = 0; i < indexes.length; i++) {
    h = nodeHash(sha, siblings[indexes.length - 1 - i]!, h);
    out.push(h);
  }
  return out;
}

/** Reads `indexes` and checks the reader answered one 32-byte hash for each. */
export async function readExactly(reader: HashReader, indexes: readonly number[]): Promise<Uint8Array[]> {
  if (indexes.length === 0) return [];
  const hashes = await reader.readHashes(indexes);
  if (!Array.isArray(hashes) || hashes.length !== indexes.length) {
    throw new LogError('hash_reader_mismatch', `asked for ${indexes.length} stored hashes, got ${hashes?.length}`);
  }
  hashes.forEach((h, i) => {
    checkHash(h, `stored hash ${indexes[i]}`);
  });
  return hashes;
}

// The perfect subtrees making up leaves [lo, hi), largest first (§2.1.1 splits off the largest
// power of two each time); lo is always a multiple of each one's width in tree-shaped ranges.
function subtreeIndexes(lo: number, hi: number, need: number[]): void {
  while (lo < hi) {
    const k = largestPowerOfTwoAtMost(hi - lo);
    const level = bitLength(k) - 1;
    if (lo % k !== 0) throw new Error(`stored-hashes: [${lo}, ${hi}) is not tree-shaped`);
    need.push(storedHashIndex(level, lo / k));
    lo += k;
  }
}

/** A cursor over the hashes read for the indexes the planning functions collected, in order. */
class HashCursor {
  private at = 0;
  constructor(private readonly hashes: readonly Uint8Array[]) {}
  take(count: number): Uint8Array[] {
    const out = this.hashes.slice(this.at, this.at + count);
    this.at += count;
    if (out.length !== count) throw new Error('stored-hashes: fewer hashes than planned');
    return out;
  }
  done(): void {
    if (this.at !== this.hashes.length) throw new Error('stored-hashes: more hashes than planned');
  }
}

// MTH(D[lo:hi]) from its perfect subtrees P1 > P2 > … > Pc: H(P1, H(P2, … H(Pc−1, Pc))).
function foldSubtree(sha: Sha256, lo: number, hi: number, cursor: HashCursor): Uint8Array {
  let count = 0;
  for (let at = lo; at < hi; at += largestPowerOfTwoAtMost(hi - at)) count++;
  const parts = cursor.take(count);
  let h = parts[count - 1]!;
  for (let i = count - 2; i >= 0; i--) h = nodeHash(sha, parts[i]!, h);
  return h;
}

/**
 * The stored-hash indexes the root of the tree of `size` needs: its perfect subtrees, at most
 * log₂ n + 1 of them.
 * @example treeHashIndexes(6) // [storedHashIndex(2, 0), storedHashIndex(1, 2)]
 */
export function treeHashIndexes(size: number): number[] {
  checkSize(size);
  const need: number[] = [];
  subtreeIndexes(0, size, need);
  return need;
}

/**
 * RFC 9162 §2.1.1 MTH of the first `size` leaves, from stored hashes (one read, ≤ log₂ n + 1
 * hashes). The empty tree's root is SHA-256 of nothing, as the RFC says (Go's tlog uses zeros).
 * @example await treeHash(sha, 8, reader) // tree_8 root
 */
export async function treeHash(sha: Sha256, size: number, reader: HashReader): Promise<Uint8Array> {
  if (size === 0) return emptyRoot(sha);
  const cursor = new HashCursor(await readExactly(reader, treeHashIndexes(size)));
  const root = foldSubtree(sha, 0, size, cursor);
  cursor.done();
  return root;
}

function inclusionIndexes(lo: number, hi: number, n: number, need: number[]): void {
  if (lo + 1 === hi) return;
  const k = largestPowerOfTwoBelow(hi - lo);
  if (n < lo + k) {
    inclusionIndexes(lo, lo + k, n, need);
    subtreeIndexes(lo + k, hi, need);
  } else {
    subtreeIndexes(lo, lo + k, need);
    inclusionIndexes(lo + k, hi, n, need);
  }
}

// PATH(n, D[lo:hi]) of RFC 9162 §2.1.3.1, consuming hashes in the order inclusionIndexes planned.
function foldInclusion(sha: Sha256, lo: number, hi: number, n: number, cursor: HashCursor): Uint8Array[] {
  if (lo + 1 === hi) return [];
  const k = largestPowerOfTwoBelow(hi - lo);
  if (n < lo + k) {
    const path = foldInclusion(sha, lo, lo + k, n, cursor);
    path.push(foldSubtree(sha, lo + k, hi, cursor));
    return path;
  }
  const sibling = foldSubtree(sha, lo, lo + k, cursor);
  const path = foldInclusion(sha, lo + k, hi, n, cursor);
  path.push(sibling);
  return path;
}

/**
 * RFC 9162 §2.1.3.1: the inclusion proof of leaf `index` in the tree of `size`, from stored hashes
 * in one read of O(log n) hashes (Go tlog ProveRecord).
 * @example await proveInclusion(sha, 5, 8, reader) // the tree_8 path for leaf 5
 */
export async function proveInclusion(
  sha: Sha256,
  index: number,
  size: number,
  reader: HashReader,
): Promise<Uint8Array[]> {
  checkSize(size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new LogError('index_out_of_range', `leaf index ${index} is not in a tree of size ${size}`);
  }
  const need: number[] = [];
  inclusionIndexes(0, size, index, need);
  const cursor = new HashCursor(await readExactly(reader, need));
  const proof = foldInclusion(sha, 0, size, index, cursor);
  cursor.done();
  return proof;
}

function consistencyIndexes(lo: number, hi: number, m: number, need: number[]): void {
  if (m === hi) {
    if (lo !== 0) subtreeIndexes(lo, hi, need);
    return;
  }
  const k = largestPowerOfTwoBelow(hi - lo);
  if (m <= lo + k) {
    consistencyIndexes(lo, lo + k, m, need);
    subtreeIndexes(lo + k, hi, need);
  } else {
    subtreeIndexes(lo, lo + k, need);
    consistencyIndexes(lo + k, hi, m, need);
  }
}

// SUBPROOF(m, D[lo:hi], lo = 0) of RFC 9162 §2.1.4.1, in the order consistencyIndexes planned.
function foldConsistency(sha: Sha256, lo: number, hi: number, m: number, cursor: HashCursor): Uint8Array[] {
  if (m === hi) return lo === 0 ? [] : [foldSubtree(sha, lo, hi, cursor)];
  const k = largestPowerOfTwoBelow(hi - lo);
  if (m <= lo + k) {
    const proof = foldConsistency(sha, lo, lo + k, m, cursor);
    proof.push(foldSubtree(sha, lo + k, hi, cursor));
    return proof;
  }
  const left = foldSubtree(sha, lo, lo + k, cursor);
  const proof = foldConsistency(sha, lo + k, hi, m, cursor);
  proof.push(left);
  return proof;
}

/**
 * RFC 9162 §2.1.4.1: the consistency proof from the tree of `size1` to the tree of `size2`, from
 * stored hashes in one read of O(log n) hashes (Go tlog ProveTree). Empty when size1 is 0 or
 * equals size2.
 * @example await proveConsistency(sha, 6, 8, reader) // the tree_8 proof 6→8
 */
export async function proveConsistency(
  sha: Sha256,
  size1: number,
  size2: number,
  reader: HashReader,
): Promise<Uint8Array[]> {
  checkSize(size1, 'old size');
  checkSize(size2, 'new size');
  if (size1 > size2) throw new LogError('size_shrinks', `old size ${size1} is beyond new size ${size2}`);
  if (size1 === 0 || size1 === size2) return [];
  const need: number[] = [];
  consistencyIndexes(0, size2, size1, need);
  const cursor = new HashCursor(await readExactly(reader, need));
  const proof = foldConsistency(sha, 0, size2, size1, cursor);
  cursor.done();
  return proof;
}

/**
 * A HashReader over hashes held in memory, indexed by stored-hash index (tests, benchmarks, a
 * mirror rebuilding a tree). A missing index throws `missing_hash`.
 * @example memoryHashReader(storedHashesOf(entries))
 */
export function memoryHashReader(hashes: {
  readonly length: number;
  readonly [index: number]: Uint8Array | undefined;
}): HashReader {
  return {
    async readHashes(indexes) {
      return indexes.map((i) => {
        const h = hashes[i];
        if (h === undefined) throw new LogError('missing_hash', `stored hash ${i} is not held (have ${hashes.length})`);
        return h;
      });
    },
  };
}

/**
 * Every stored hash of the tree with these leaf hashes, in stored-hash order — for tests, a mirror
 * or a verifier that rebuilds a whole tree in memory.
 * @example memoryHashReader(storedHashesOf(sha, entries.map((e) => leafHash(sha, e))))
 */
export function storedHashesOf(sha: Sha256, leafHashes: readonly Uint8Array[]): Uint8Array[] {
  const stored: Uint8Array[] = [];
  // The tree's right edge so far: open[l] is the latest complete level-l subtree.
  const open: Uint8Array[] = [];
  leafHashes.forEach((leaf, n) => {
    checkHash(leaf, `leaf hash ${n}`);
    let h = leaf;
    stored.push(h);
    const completes = trailingZeros(n + 1);
    for (let level = 0; level < completes; level++) {
      h = nodeHash(sha, open[level]!, h);
      stored.push(h);
    }
    open[completes] = h;
  });
  return stored;
}
