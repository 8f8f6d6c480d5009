import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { fromHex, toHex } from './bytes.ts';
import { LogError } from './log-error.ts';
import {
  consistencyProof,
  consistencyProofSize,
  emptyRoot,
  inclusionProof,
  inclusionProofSize,
  leafHash,
  nodeHash,
  rootFromInclusionProof,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
  type ConsistencyProofInput,
  type InclusionProofInput,
} from './merkle.ts';

const sha = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
const vectors = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/rfc6962-vectors.json', import.meta.url), 'utf8'),
);
const tree8Leaves: Uint8Array[] = vectors.tree_8.leaves_hex.map(fromHex);
const tree8Hashes = tree8Leaves.map((l) => leafHash(sha, l));

// ---- An independent oracle: RFC 6962 §2.1 as written, recursive, on Buffers. -------------------
const H = (...parts: Uint8Array[]) => new Uint8Array(createHash('sha256').update(Buffer.concat(parts)).digest());
const splitPoint = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
/** MTH(D[lo:hi]) over raw entries, memoised per tree (the memo does not change what is computed). */
function oracle(entries: readonly Uint8Array[]) {
  const memo = new Map<string, Uint8Array>();
  const mth = (lo: number, hi: number): Uint8Array => {
    const key = `${lo}:${hi}`;
    let h = memo.get(key);
    if (h) return h;
    const n = hi - lo;
    if (n === 0) h = H();
    else if (n === 1) h = H(Uint8Array.of(0), entries[lo]!);
    else {
      const k = splitPoint(n);
      h = H(Uint8Array.of(1), mth(lo, lo + k), mth(lo + k, hi));
    }
    memo.set(key, h);
    return h;
  };
  // PATH(m, D[lo:hi]) with m relative to lo.
  const path = (m: number, lo: number, hi: number): Uint8Array[] => {
    const n = hi - lo;
    if (n === 1) return [];
    const k = splitPoint(n);
    return m < k ? [...path(m, lo, lo + k), mth(lo + k, hi)] : [...path(m - k, lo + k, hi), mth(lo, lo + k)];
  };
  // SUBPROOF(m, D[lo:hi], b) with m relative to lo.
  const subproof = (m: number, lo: number, hi: number, b: boolean): Uint8Array[] => {
    const n = hi - lo;
    if (m === n) return b ? [] : [mth(lo, hi)];
    const k = splitPoint(n);
    return m <= k
      ? [...subproof(m, lo, lo + k, b), mth(lo + k, hi)]
      : [...subproof(m - k, lo + k, hi, false), mth(lo, lo + k)];
  };
  return {
    root: (n: number) => mth(0, n),
    path: (m: number, n: number) => path(m, 0, n),
    proof: (m: number, n: number) => (m === 0 || m === n ? [] : subproof(m, 0, n, true)),
  };
}
const entriesOf = (n: number) => Array.from({ length: n }, (_, i) => new TextEncoder().encode(`entry ${i}`));
const MAX = 2000;
const bigEntries = entriesOf(MAX);
const bigLeafHashes = bigEntries.map((e) => leafHash(sha, e));
const bigOracle = oracle(bigEntries);
const hexes = (hs: readonly Uint8Array[]) => hs.map(toHex);

// ---- Corrupted copies. ------------------------------------------------------------------------
function flipBit(h: Uint8Array, bit: number): Uint8Array {
  const c = h.slice();
  c[bit >> 3]! ^= 1 << (bit & 7);
  return c;
}
const extraHash = sha(new TextEncoder().encode('not in any tree'));

function corruptedInclusions(good: InclusionProofInput & { root: Uint8Array }) {
  const out: Array<[string, InclusionProofInput & { root: Uint8Array }]> = [];
  const { index, size, proof } = good;
  const with_ = (name: string, change: Partial<InclusionProofInput & { root: Uint8Array }>) =>
    out.push([name, { ...good, ...change }]);
  with_('index + 1', { index: index + 1 });
  with_('index - 1', { index: index - 1 });
  with_('index XOR 2', { index: index ^ 2 });
  // Size ± 1 is not among them: leaf 0 of 8 and leaf 0 of 7 have proofs of the same shape, so a
  // proof cannot pin the size — the signed checkpoint does. A size that changes the tree's height
  // changes the shape, and must be caught.
  with_('index and size swapped', { index: size, size: index });
  with_('size doubled', { size: size * 2 });
  with_('size halved', { size: Math.floor(size / 2) });
  for (const bit of [0, 7, 128, 255]) {
    with_(`leaf hash bit ${bit}`, { leafHash: flipBit(good.leafHash, bit) });
    with_(`root bit ${bit}`, { root: flipBit(good.root, bit) });
  }
  proof.forEach((_, i) => {
    for (const bit of [0, 100, 255])
      with_(`proof[${i}] bit ${bit}`, { proof: proof.map((h, j) => (j === i ? flipBit(h, bit) : h)) });
    with_(`proof[${i}] dropped`, { proof: proof.filter((_, j) => j !== i) });
    with_(`proof[${i}] 31 bytes`, { proof: proof.map((h, j) => (j === i ? h.slice(0, 31) : h)) });
    with_(`proof[${i}] 33 bytes`, { proof: proof.map((h, j) => (j === i ? Uint8Array.of(...h, 0) : h)) });
    with_(`proof[${i}] duplicated`, { proof: [...proof.slice(0, i + 1), proof[i]!, ...proof.slice(i + 1)] });
    if (i + 1 < proof.length)
      with_(`proof[${i}] and [${i + 1}] swapped`, {
        proof: proof.map((h, j) => (j === i ? proof[i + 1]! : j === i + 1 ? proof[i]! : h)),
      });
  });
  with_('hash appended', { proof: [...proof, extraHash] });
  with_('hash prepended', { proof: [extraHash, ...proof] });
  with_('leaf hash 31 bytes', { leafHash: good.leafHash.slice(0, 31) });
  with_('root 33 bytes', { root: Uint8Array.of(...good.root, 1) });
  return out;
}

function corruptedConsistencies(good: ConsistencyProofInput) {
  const out: Array<[string, ConsistencyProofInput]> = [];
  const { size1, size2, proof } = good;
  const with_ = (name: string, change: Partial<ConsistencyProofInput>) => out.push([name, { ...good, ...change }]);
  // As for inclusion, size2 ± 1 can keep the proof's shape (4→8 and 4→7 hash alike), so the
  // copies are those transparency-dev/merkle makes: size1 ± 1, size1 XOR 2, size2 × 2 and ÷ 2.
  if (size1 !== size2) with_('sizes swapped', { size1: size2, size2: size1, root1: good.root2, root2: good.root1 });
  if (size1 !== size2) with_('sizes swapped, roots kept', { size1: size2, size2: size1 });
  with_('size1 + 1', { size1: size1 + 1 });
  with_('size1 - 1', { size1: size1 - 1 });
  with_('size1 XOR 2', { size1: size1 ^ 2 });
  with_('size2 doubled', { size2: size2 * 2 });
  with_('size2 halved', { size2: Math.floor(size2 / 2) });
  if (toHex(good.root1) !== toHex(good.root2)) with_('roots swapped', { root1: good.root2, root2: good.root1 });
  if (proof.length > 0) with_('proof emptied', { proof: [] });
  for (const bit of [0, 9, 255]) {
    with_(`root1 bit ${bit}`, { root1: flipBit(good.root1, bit) });
    with_(`root2 bit ${bit}`, { root2: flipBit(good.root2, bit) });
  }
  proof.forEach((_, i) => {
    for (const bit of [0, 100, 255])
      with_(`proof[${i}] bit ${bit}`, { proof: proof.map((h, j) => (j === i ? flipBit(h, bit) : h)) });
    with_(`proof[${i}] dropped`, { proof: proof.filter((_, j) => j !== i) });
    with_(`proof[${i}] 31 bytes`, { proof: proof.map((h, j) => (j === i ? h.slice(0, 31) : h)) });
    with_(`proof[${i}] duplicated`, { proof: [...proof.slice(0, i + 1), proof[i]!, ...proof.slice(i + 1)] });
    if (i + 1 < proof.length)
      with_(`proof[${i}] and [${i + 1}] swapped`, {
        proof: proof.map((h, j) => (j === i ? proof[i + 1]! : j === i + 1 ? proof[i]! : h)),
      });
  });
  with_('hash appended', { proof: [...proof, extraHash] });
  with_('hash prepended', { proof: [extraHash, ...proof] });
  with_('root1 33 bytes', { root1: Uint8Array.of(...good.root1, 0) });
  return out;
}

function assertAllRejected<T>(cases: Array<[string, T]>, check: (input: T) => void, label: string): number {
  for (const [name, input] of cases) {
    assert.throws(
      () => check(input),
      (e: unknown) => e instanceof LogError,
      `${label}: corrupted copy "${name}" was accepted`,
    );
  }
  return cases.length;
}

// ---- Vectors. ---------------------------------------------------------------------------------
test('hasher known answers (transparency-dev/merkle, CT python)', () => {
  for (const kat of vectors.hasher_kats) {
    const got =
      kat.fn === 'empty_root'
        ? emptyRoot(sha)
        : kat.fn === 'leaf_hash'
          ? leafHash(sha, fromHex(kat.input_hex))
          : nodeHash(sha, fromHex(kat.left_hex), fromHex(kat.right_hex));
    assert.equal(toHex(got), kat.expected, kat.desc);
  }
});

test('tree_8: the root of every prefix and every node hash', () => {
  for (const [size, root] of Object.entries(vectors.tree_8.roots_by_size)) {
    assert.equal(toHex(rootFromLeafHashes(sha, tree8Hashes.slice(0, Number(size)))), root, `size ${size}`);
  }
  vectors.tree_8.node_hashes_by_level.levels.forEach((level: string[], l: number) => {
    level.forEach((want, i) => {
      assert.equal(
        toHex(rootFromLeafHashes(sha, tree8Hashes.slice(i * 2 ** l, (i + 1) * 2 ** l))),
        want,
        `node ${l}/${i}`,
      );
    });
  });
});

test('inclusion vectors: generated, verified, and every corrupted copy rejected', () => {
  let rejected = 0;
  for (const v of vectors.inclusion_proofs) {
    const hashes = tree8Hashes.slice(0, v.tree_size);
    assert.equal(toHex(leafHash(sha, fromHex(v.leaf_hex))), v.leaf_hash);
    assert.deepEqual(hexes(inclusionProof(sha, v.leaf_index, hashes)), v.path, `PATH(${v.leaf_index}, ${v.tree_size})`);
    assert.equal(inclusionProofSize(v.leaf_index, v.tree_size), v.path.length);
    const good = {
      index: v.leaf_index,
      size: v.tree_size,
      leafHash: fromHex(v.leaf_hash),
      proof: v.path.map(fromHex),
      root: fromHex(v.root),
    };
    verifyInclusion(sha, good);
    assert.equal(toHex(rootFromInclusionProof(sha, good)), v.root);
    rejected += assertAllRejected(
      corruptedInclusions(good),
      (c) => verifyInclusion(sha, c),
      `inclusion ${v.leaf_index}/${v.tree_size}`,
    );
  }
  assert.ok(rejected > 100, `only ${rejected} corrupted copies`);
});

test('consistency vectors: generated, verified, and every corrupted copy rejected', () => {
  for (const v of vectors.consistency_proofs) {
    assert.deepEqual(
      hexes(consistencyProof(sha, v.size1, tree8Hashes.slice(0, v.size2))),
      v.proof,
      `PROOF(${v.size1}, ${v.size2})`,
    );
    assert.equal(consistencyProofSize(v.size1, v.size2), v.proof.length);
    const good = {
      size1: v.size1,
      size2: v.size2,
      root1: fromHex(v.root1),
      root2: fromHex(v.root2),
      proof: v.proof.map(fromHex),
    };
    verifyConsistency(sha, good);
    assertAllRejected(
      corruptedConsistencies(good),
      (c) => verifyConsistency(sha, c),
      `consistency ${v.size1}→${v.size2}`,
    );
  }
});

test('each refusal carries the code that names its reason', () => {
  const root = rootFromLeafHashes(sha, tree8Hashes);
  const proof5 = inclusionProof(sha, 5, tree8Hashes);
  const good = { index: 5, size: 8, leafHash: tree8Hashes[5]!, proof: proof5, root };
  const rows: Array<[string, () => void, string]> = [
    ['index = size', () => verifyInclusion(sha, { ...good, index: 8 }), 'index_out_of_range'],
    ['negative index', () => verifyInclusion(sha, { ...good, index: -1 }), 'index_out_of_range'],
    ['fractional index', () => verifyInclusion(sha, { ...good, index: 1.5 }), 'index_out_of_range'],
    ['NaN size', () => verifyInclusion(sha, { ...good, size: Number.NaN }), 'invalid_size'],
    ['hash dropped', () => verifyInclusion(sha, { ...good, proof: proof5.slice(1) }), 'wrong_proof_size'],
    [
      '31-byte proof hash',
      () => verifyInclusion(sha, { ...good, proof: [proof5[0]!.slice(1), ...proof5.slice(1)] }),
      'bad_hash_length',
    ],
    ['wrong leaf', () => verifyInclusion(sha, { ...good, leafHash: tree8Hashes[4]! }), 'root_mismatch'],
    [
      'shrinking',
      () => verifyConsistency(sha, { size1: 8, size2: 6, root1: root, root2: root, proof: [] }),
      'size_shrinks',
    ],
    [
      'same size, other root',
      () => verifyConsistency(sha, { size1: 8, size2: 8, root1: root, root2: emptyRoot(sha), proof: [] }),
      'root_mismatch',
    ],
    [
      'same size, a proof',
      () => verifyConsistency(sha, { size1: 8, size2: 8, root1: root, root2: root, proof: [root] }),
      'wrong_proof_size',
    ],
    [
      'from 0, a proof',
      () => verifyConsistency(sha, { size1: 0, size2: 8, root1: emptyRoot(sha), root2: root, proof: [root] }),
      'wrong_proof_size',
    ],
    [
      'from 0, not the empty root',
      () => verifyConsistency(sha, { size1: 0, size2: 8, root1: root, root2: root, proof: [] }),
      'root_mismatch',
    ],
    ['generating past the end', () => inclusionProof(sha, 8, tree8Hashes), 'index_out_of_range'],
    ['generating a shrink', () => consistencyProof(sha, 9, tree8Hashes), 'size_shrinks'],
  ];
  for (const [name, run, code] of rows) assert.throws(run, { code }, name);
  // The empty tree extends to anything, by an empty proof.
  verifyConsistency(sha, { size1: 0, size2: 8, root1: emptyRoot(sha), root2: root, proof: [] });
  verifyConsistency(sha, { size1: 8, size2: 8, root1: root, root2: root, proof: [] });
});

test('sizes past 2^32 use exact arithmetic, not 32-bit operators', () => {
  assert.equal(inclusionProofSize(2 ** 40 + 3, 2 ** 41), 41);
  assert.equal(inclusionProofSize(0, 2 ** 52 + 1), 53);
  assert.equal(consistencyProofSize(2 ** 33, 2 ** 34), 1);
  assert.equal(consistencyProofSize(2 ** 33 + 1, 2 ** 34), 35);
  // The same decompositions in BigInt, whose operators have no width limit.
  const len = (x: bigint) => x.toString(2).replace(/^0+/, '').length;
  const ones = (x: bigint) => [...x.toString(2)].filter((c) => c === '1').length;
  const tz = (x: bigint) => len(x & -x) - 1;
  const big = fc.bigInt({ min: 2n, max: 2n ** 53n - 1n });
  fc.assert(
    fc.property(big, big, (a, b) => {
      const [lo, hi] = a < b ? [a, b] : [b, a];
      fc.pre(lo < hi);
      const inner = len(lo ^ (hi - 1n));
      assert.equal(inclusionProofSize(Number(lo), Number(hi)), inner + ones(lo >> BigInt(inner)));
      const cInner = len((lo - 1n) ^ (hi - 1n));
      const cWant = (ones(lo) === 1 ? 0 : 1) + cInner - tz(lo) + ones((lo - 1n) >> BigInt(cInner));
      assert.equal(consistencyProofSize(Number(lo), Number(hi)), cWant);
    }),
    { numRuns: 500 },
  );
});

// ---- Properties against the oracle, sizes up to 2,000. ----------------------------------------
const sizeArb = fc.oneof(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: MAX }));

test('property: MTH of every prefix matches the RFC 6962 recursion', () => {
  fc.assert(
    fc.property(sizeArb, (n) => {
      assert.equal(toHex(rootFromLeafHashes(sha, bigLeafHashes.slice(0, n))), toHex(bigOracle.root(n)));
    }),
    { numRuns: 150 },
  );
});

test('property: inclusion proofs equal PATH(m, D[n]), verify, and reject corrupted copies', () => {
  fc.assert(
    fc.property(
      sizeArb.chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }))),
      ([n, m]) => {
        const hashes = bigLeafHashes.slice(0, n);
        const proof = inclusionProof(sha, m, hashes);
        assert.deepEqual(hexes(proof), hexes(bigOracle.path(m, n)));
        assert.equal(inclusionProofSize(m, n), proof.length);
        const good = { index: m, size: n, leafHash: hashes[m]!, proof, root: bigOracle.root(n) };
        verifyInclusion(sha, good);
        assertAllRejected(corruptedInclusions(good), (c) => verifyInclusion(sha, c), `inclusion ${m}/${n}`);
      },
    ),
    { numRuns: 120 },
  );
});

test('property: consistency proofs equal PROOF(m, D[n]), verify, and reject corrupted copies', () => {
  fc.assert(
    fc.property(
      sizeArb.chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
      ([m, n]) => {
        const proof = consistencyProof(sha, m, bigLeafHashes.slice(0, n));
        assert.deepEqual(hexes(proof), hexes(bigOracle.proof(m, n)));
        assert.equal(consistencyProofSize(m, n), proof.length);
        const good = { size1: m, size2: n, root1: bigOracle.root(m), root2: bigOracle.root(n), proof };
        verifyConsistency(sha, good);
        // From the empty tree an empty proof extends to any tree: there is nothing to corrupt.
        if (m > 0)
          assertAllRejected(corruptedConsistencies(good), (c) => verifyConsistency(sha, c), `consistency ${m}→${n}`);
      },
    ),
    { numRuns: 120 },
  );
});

test('property: a proof for one leaf never verifies another leaf', () => {
  fc.assert(
    fc.property(
      fc
        .integer({ min: 2, max: 300 })
        .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }))),
      ([n, a, b]) => {
        fc.pre(a !== b);
        const hashes = bigLeafHashes.slice(0, n);
        const proof = inclusionProof(sha, a, hashes);
        assert.throws(
          () => verifyInclusion(sha, { index: b, size: n, leafHash: hashes[b]!, proof, root: bigOracle.root(n) }),
          LogError,
        );
        assert.throws(
          () => verifyInclusion(sha, { index: a, size: n, leafHash: hashes[b]!, proof, root: bigOracle.root(n) }),
          LogError,
        );
      },
    ),
    { numRuns: 100 },
  );
});
