// The Merkle Tree Hash of RFC 6962 / RFC 9162 §2.1 over SHA-256, with inclusion proofs (§2.1.3)
// and consistency proofs (§2.1.4). SHA-256 is injected (`Sha256`) so this stays pure domain code:
// the server passes node:crypto, a browser its own. The in-memory generators here take every leaf
// hash and suit tests and small trees; a stored log proves from its stored hashes instead
// (stored-hashes.ts), with O(log n) reads. Verification works from the proof alone.
import { bitLength, isPowerOfTwo, largestPowerOfTwoBelow, onesCount, shiftRight, trailingZeros, xor } from './bits.ts';
import { bytesEqual, toHex } from './bytes.ts';
import { LogError } from './log-error.ts';

/**
 * SHA-256 of one byte string, returning a new 32-byte array. It must not keep `data` after it
 * returns: the hashing helpers here reuse their input buffer (allocation was a third of the cost
 * of a node hash).
 */
export type Sha256 = (data: Uint8Array) => Uint8Array;

/** Bytes in a SHA-256 hash, and so in every leaf, node and root hash of the log. */
export const HASH_SIZE = 32;

// Reused hash inputs: 0x01 || left || right for node hashes, 0x00 || entry for leaves up to the
// entry-bundle limit (a larger entry gets its own buffer).
const nodeInput = new Uint8Array(1 + 2 * HASH_SIZE);
nodeInput[0] = 1;
const leafInput = new Uint8Array(1 + 0xffff);

/**
 * RFC 9162 §2.1.1: the hash of a leaf, HASH(0x00 || entry). The 0x00 prefix keeps a leaf from
 * ever being mistaken for an interior node (second-preimage resistance).
 * @example toHex(leafHash(sha, new Uint8Array())) // '6e340b9c…'
 */
export function leafHash(sha: Sha256, entry: Uint8Array): Uint8Array {
  const input =
    entry.length < leafInput.length ? leafInput.subarray(0, 1 + entry.length) : new Uint8Array(1 + entry.length);
  input.set(entry, 1);
  return sha(input);
}

/**
 * RFC 9162 §2.1.1: the hash of an interior node, HASH(0x01 || left || right).
 * @example nodeHash(sha, leafHash(sha, a), leafHash(sha, b)) // MTH of the two-leaf tree [a, b]
 */
export function nodeHash(sha: Sha256, left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length === HASH_SIZE && right.length === HASH_SIZE) {
    nodeInput.set(left, 1);
    nodeInput.set(right, 1 + HASH_SIZE);
    return sha(nodeInput);
  }
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = 1;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha(input);
}

/**
 * RFC 9162 §2.1.1: the root of the empty tree, MTH({}) = HASH() — SHA-256 of no bytes.
 * @example toHex(emptyRoot(sha)) // 'e3b0c442…'
 */
export function emptyRoot(sha: Sha256): Uint8Array {
  return sha(new Uint8Array(0));
}

/** Throws `invalid_size` unless `n` is a whole number a log can have (0 … 2^53 − 1). */
export function checkSize(n: number, what = 'tree size'): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new LogError('invalid_size', `${what} ${n} is not a whole number ≥ 0`);
}

/** Throws `bad_hash_length` unless `hash` is 32 bytes. */
export function checkHash(hash: Uint8Array, what: string): void {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
    throw new LogError(
      'bad_hash_length',
      `${what} is ${hash?.length ?? 'not a byte string of'} bytes, not ${HASH_SIZE}`,
    );
  }
}

function checkIndex(index: number, size: number): void {
  checkSize(size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new LogError('index_out_of_range', `leaf index ${index} is not in a tree of size ${size}`);
  }
}

// One level up: pair nodes left to right; an odd last node moves up unchanged. Level by level this
// builds exactly the tree of §2.1.1 (split at the largest power of two k < n), without recursion.
function parentLevel(sha: Sha256, level: readonly Uint8Array[]): Uint8Array[] {
  const up: Uint8Array[] = [];
  for (let i = 0; i + 1 < level.length; i += 2) up.push(nodeHash(sha, level[i]!, level[i + 1]!));
  if (level.length % 2 === 1) up.push(level[level.length - 1]!);
  return up;
}

/**
 * RFC 9162 §2.1.1: MTH(D[n]), the root of the tree whose leaf hashes are given in order.
 * @example rootFromLeafHashes(sha, []) // emptyRoot(sha)
 */
export function rootFromLeafHashes(sha: Sha256, leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return emptyRoot(sha);
  let level: readonly Uint8Array[] = leafHashes;
  while (level.length > 1) level = parentLevel(sha, level);
  return level[0]!;
}

/**
 * RFC 9162 §2.1.3.1: PATH(m, D[n]), the inclusion proof of leaf `index`, bottom to top.
 * @example inclusionProof(sha, 5, leafHashesOf8) // 3 hashes (tree_8 vector)
 */
export function inclusionProof(sha: Sha256, index: number, leafHashes: readonly Uint8Array[]): Uint8Array[] {
  checkIndex(index, leafHashes.length);
  const proof: Uint8Array[] = [];
  let level: readonly Uint8Array[] = leafHashes;
  let m = index;
  while (level.length > 1) {
    // The sibling on this level; a node without one (odd last) moves up and adds nothing.
    const sibling = m % 2 === 0 ? m + 1 : m - 1;
    if (sibling < level.length) proof.push(level[sibling]!);
    level = parentLevel(sha, level);
    m = Math.floor(m / 2);
  }
  return proof;
}

/**
 * RFC 9162 §2.1.4.1: PROOF(m, D[n]), the consistency proof from the tree of the first `size1`
 * leaves to the tree of all of them. Empty when size1 is 0 or equals n.
 * @example consistencyProof(sha, 6, leafHashesOf8) // 3 hashes (tree_8 vector)
 */
export function consistencyProof(sha: Sha256, size1: number, leafHashes: readonly Uint8Array[]): Uint8Array[] {
  const size2 = leafHashes.length;
  checkSize(size1, 'old size');
  if (size1 > size2) throw new LogError('size_shrinks', `old size ${size1} is beyond new size ${size2}`);
  if (size1 === 0 || size1 === size2) return [];
  const mth = (lo: number, hi: number) => rootFromLeafHashes(sha, leafHashes.slice(lo, hi));
  // SUBPROOF(m, D[lo:hi], b); `b` (the subtree is the old tree itself) holds while lo is 0.
  const subproof = (lo: number, hi: number): Uint8Array[] => {
    if (size1 === hi) return lo === 0 ? [] : [mth(lo, hi)];
    const k = largestPowerOfTwoBelow(hi - lo);
    if (size1 <= lo + k) return [...subproof(lo, lo + k), mth(lo + k, hi)];
    return [...subproof(lo + k, hi), mth(lo, lo + k)];
  };
  return subproof(0, size2);
}

/**
 * How many hashes an inclusion proof for `index` in a tree of `size` has: the levels below the
 * point where the leaf's path leaves the tree's right edge, plus one per left sibling above it
 * (the decomposition transparency-dev/merkle uses). Lets a verifier reject a padded or truncated
 * proof by its length alone.
 * @example inclusionProofSize(5, 8) // 3
 */
export function inclusionProofSize(index: number, size: number): number {
  checkIndex(index, size);
  const inner = bitLength(xor(index, size - 1));
  return inner + onesCount(shiftRight(index, inner));
}

/**
 * How many hashes a consistency proof from `size1` to `size2` has (0 when size1 is 0 or equals
 * size2). The proof is the inclusion proof of leaf size1 − 1 with the levels below the old tree's
 * largest complete subtree removed, plus that subtree's hash unless it is the whole old tree.
 * @example consistencyProofSize(6, 8) // 3
 */
export function consistencyProofSize(size1: number, size2: number): number {
  checkSize(size1, 'old size');
  checkSize(size2, 'new size');
  if (size1 > size2) throw new LogError('size_shrinks', `old size ${size1} is beyond new size ${size2}`);
  if (size1 === 0 || size1 === size2) return 0;
  const shift = trailingZeros(size1);
  const inner = bitLength(xor(size1 - 1, size2 - 1));
  const border = onesCount(shiftRight(size1 - 1, inner));
  return (isPowerOfTwo(size1) ? 0 : 1) + inner - shift + border;
}

function checkProofHashes(proof: readonly Uint8Array[], expected: number): void {
  if (proof.length !== expected) {
    throw new LogError('wrong_proof_size', `proof has ${proof.length} hashes; this index and size need ${expected}`);
  }
  proof.forEach((h, i) => {
    checkHash(h, `proof hash ${i}`);
  });
}

export interface InclusionProofInput {
  /** 0-based index of the leaf. */
  index: number;
  /** Size of the tree the proof is against. */
  size: number;
  /** The leaf's hash, leafHash(sha, entry). */
  leafHash: Uint8Array;
  proof: readonly Uint8Array[];
}

/**
 * RFC 9162 §2.1.3.2: the root hash an inclusion proof leads to. Throws `index_out_of_range`,
 * `wrong_proof_size` or `bad_hash_length` for a proof that cannot be run at all.
 * @example rootFromInclusionProof(sha, { index: 5, size: 8, leafHash: h5, proof }) // tree_8 root
 */
export function rootFromInclusionProof(sha: Sha256, input: InclusionProofInput): Uint8Array {
  const { index, size, proof } = input;
  checkHash(input.leafHash, 'leaf hash');
  checkProofHashes(proof, inclusionProofSize(index, size));
  // The algorithm as RFC 9162 §2.1.3.2 step 4 writes it; shifts are divisions (sizes pass 2^32).
  let fn = index;
  let sn = size - 1;
  let r = input.leafHash;
  for (const p of proof) {
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(sha, p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(sha, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // The length check above makes sn reach exactly 0 here (step 5); anything else is a bug.
  if (sn !== 0) throw new Error(`merkle: inclusion proof length ${proof.length} accepted for ${index}/${size}`);
  return r;
}

/**
 * RFC 9162 §2.1.3.2: checks that `leafHash` is leaf `index` of the tree of `size` with `root`.
 * Returns nothing; throws `root_mismatch` (or a structural code) when it is not.
 * @example verifyInclusion(sha, { index: 5, size: 8, leafHash: h5, proof, root }) // no throw
 */
export function verifyInclusion(sha: Sha256, input: InclusionProofInput & { root: Uint8Array }): void {
  checkHash(input.root, 'root hash');
  const computed = rootFromInclusionProof(sha, input);
  if (!bytesEqual(computed, input.root)) {
    throw new LogError(
      'root_mismatch',
      `inclusion proof for leaf ${input.index} in tree ${input.size} leads to ${toHex(computed)}, not ${toHex(input.root)}`,
    );
  }
}

export interface ConsistencyProofInput {
  size1: number;
  size2: number;
  root1: Uint8Array;
  root2: Uint8Array;
  proof: readonly Uint8Array[];
}

/**
 * RFC 9162 §2.1.4.2: checks that the tree of `size2` with `root2` extends the tree of `size1` with
 * `root1`. Equal sizes need an empty proof and equal roots; size 0 needs an empty proof and the
 * empty root. Throws `size_shrinks`, `wrong_proof_size`, `bad_hash_length` or `root_mismatch`.
 * @example verifyConsistency(sha, { size1: 6, size2: 8, root1, root2, proof }) // no throw
 */
export function verifyConsistency(sha: Sha256, input: ConsistencyProofInput): void {
  const { size1, size2, root1, root2, proof } = input;
  checkHash(root1, 'old root hash');
  checkHash(root2, 'new root hash');
  checkProofHashes(proof, consistencyProofSize(size1, size2));
  const mismatch = (which: string, got: Uint8Array, want: Uint8Array) =>
    new LogError(
      'root_mismatch',
      `consistency ${size1}→${size2}: ${which} root is ${toHex(got)}, proof gives ${toHex(want)}`,
    );
  if (size1 === 0) {
    const empty = emptyRoot(sha);
    if (!bytesEqual(root1, empty)) throw mismatch('old', root1, empty);
    return;
  }
  if (size1 === size2) {
    if (!bytesEqual(root1, root2)) throw mismatch('new', root2, root1);
    return;
  }
  // RFC 9162 §2.1.4.2 steps 2–7.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(sha, c, fr);
      sr = nodeHash(sha, c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = nodeHash(sha, sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new Error(`merkle: consistency proof length ${proof.length} accepted for ${size1}→${size2}`);
  if (!bytesEqual(fr, root1)) throw mismatch('old', root1, fr);
  if (!bytesEqual(sr, root2)) throw mismatch('new', root2, sr);
}
