// Benchmark: the record log's Merkle maths (src/domain/log), beside raw SHA-256 measured in the
// same run with the same injected hash function: node:crypto's one-shot `hash` (Node ≥ 20.12),
// about twice as fast as createHash().update().digest() on 32–200-byte inputs — the function the
// integrator should inject.
// (1) Integration: N record-sized entries hashed into the tree in batches of 1,000 by
//     integrateLeaves, reading and writing whole tiles in memory, as the integrator does. Baseline:
//     raw SHA-256 calls per second on 64-byte inputs (a node hash is 65 bytes; each entry costs a
//     leaf hash and on average one node hash).
// (2) Inclusion and consistency proofs at N leaves from a simple in-memory HashReader (one flat
//     buffer of stored hashes), then the same proofs read through tiles (without and with a tile
//     interior cache), and their verification.
//     Baseline for (2): the time of one raw SHA-256 call, so the ratio reads "costs as much as
//     this many hashes".
// Timings of short operations are the best of several rounds: the machine is shared.
// Run: npx tsx bench/merkle.ts [--quick]   (full: N = 1,000,000; quick: N = 100,000)
import { hash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { integrateLeaves } from '../src/domain/log/integrate-leaves.ts';
import { leafHash, verifyConsistency, verifyInclusion } from '../src/domain/log/merkle.ts';
import {
  proveConsistency,
  proveInclusion,
  storedHashCount,
  treeHash,
  type HashReader,
} from '../src/domain/log/stored-hashes.ts';
import { tileHashReader, type Tile } from '../src/domain/log/tiles.ts';

import type { Figure } from './support/figure.ts';
export type { Figure };

const sha = (data: Uint8Array): Uint8Array => hash('sha256', data, 'buffer');

/** A small seeded generator (mulberry32), so every run measures the same cases. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A record entry of realistic size (canonical JSON of a ballot receipt, ~200 bytes). */
function entry(i: number): Uint8Array {
  return new TextEncoder().encode(
    `{"at":"2022-09-07T10:${String(i % 60).padStart(2, '0')}:00Z","body":"smolninskoye","commitment":"${((i * 2654435761) >>> 0).toString(16).padStart(64, '0')}","index":${i},"kind":"ballot_received","member":"m-${i % 20}","vote":"v-${i >> 8}"}`,
  );
}

/** Stored hashes in one flat buffer: the simplest HashReader there is. */
class FlatHashStore implements HashReader {
  private buffer: Uint8Array;
  count = 0;
  constructor(capacity: number) {
    this.buffer = new Uint8Array(capacity * 32);
  }
  append(first: number, hashes: readonly Uint8Array[]): void {
    if (first !== this.count) throw new Error(`store holds ${this.count} hashes, batch starts at ${first}`);
    for (const h of hashes) this.buffer.set(h, 32 * this.count++);
  }
  async readHashes(indexes: readonly number[]): Promise<Uint8Array[]> {
    return indexes.map((i) => {
      if (i >= this.count) throw new Error(`stored hash ${i} not held`);
      return this.buffer.subarray(32 * i, 32 * i + 32);
    });
  }
}

function cpuSeconds(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/**
 * Raw SHA-256 on 64-byte inputs: seconds per call, the best of five rounds (the machine is shared;
 * the fastest round is the one least disturbed by other work).
 */
function shaSecondsPerCall(calls: number): number {
  const input = new Uint8Array(64);
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) {
      input[0] = i & 255;
      sha(input);
    }
    best = Math.min(best, (performance.now() - start) / 1000 / calls);
  }
  return best;
}

export async function bench(opts: { quick: boolean }): Promise<Figure[]> {
  const n = opts.quick ? 100_000 : 1_000_000;
  const proofs = opts.quick ? 300 : 2_000;
  const batch = 1_000;
  const next = random(42);

  // Warm up the hash and the integrator before any clock starts.
  shaSecondsPerCall(50_000);
  await integrateLeaves(sha, {
    size: 0,
    leafHashes: Array.from({ length: 5_000 }, (_, i) => leafHash(sha, entry(i))),
    reader: new FlatHashStore(0),
  });

  const entries = Array.from({ length: n }, (_, i) => entry(i));
  const entryBytes = entries.reduce((s, e) => s + e.length, 0) / n;

  // (1) Integration, writing whole tiles into memory; the flat store keeps every hash for (2).
  const tiles = new Map<string, Uint8Array>();
  const flat = new FlatHashStore(storedHashCount(n));
  const tileReaderAt = (size: number) =>
    tileHashReader(sha, size, async (t: Tile) => tiles.get(`${t.level}/${t.index}`)!);
  const baseSeconds = shaSecondsPerCall(100_000);
  const cpuStart = process.cpuUsage();
  const t0 = performance.now();
  let size = 0;
  let root: Uint8Array = new Uint8Array(0);
  for (let at = 0; at < n; at += batch) {
    const leafHashes = entries.slice(at, at + batch).map((e) => leafHash(sha, e));
    const step = await integrateLeaves(sha, { size, leafHashes, reader: tileReaderAt(size) });
    for (const { tile, data } of step.tiles) tiles.set(`${tile.level}/${tile.index}`, data);
    flat.append(step.firstStoredIndex, step.storedHashes);
    size = step.size;
    root = step.root;
  }
  const integrateSeconds = (performance.now() - t0) / 1000;
  const integrateCpu = cpuSeconds(cpuStart);
  const shaAfter = shaSecondsPerCall(100_000);
  const shaPerCall = Math.min(baseSeconds, shaAfter);

  // The integrated tree must be the tree: the root read back both ways agrees.
  const fromFlat = Buffer.from(await treeHash(sha, n, flat)).toString('hex');
  const fromTiles = Buffer.from(await treeHash(sha, n, tileReaderAt(n))).toString('hex');
  if (fromFlat !== Buffer.from(root).toString('hex') || fromTiles !== fromFlat)
    throw new Error('bench/merkle: roots disagree');

  // (2) Proofs at n leaves.
  const indexes = Array.from({ length: proofs }, () => Math.floor(next() * n));
  const olds = Array.from({ length: proofs }, () => 1 + Math.floor(next() * (n - 1)));
  const oldRoots = await Promise.all(olds.map((m) => treeHash(sha, m, flat)));
  // Seconds per proof: the best of three rounds over the same cases.
  const time = async (body: (i: number) => Promise<unknown>) => {
    let best = Infinity;
    for (let round = 0; round < 3; round++) {
      const start = performance.now();
      for (let i = 0; i < proofs; i++) await body(i);
      best = Math.min(best, (performance.now() - start) / 1000 / proofs);
    }
    return best;
  };
  const inclusion: Uint8Array[][] = [];
  const consistency: Uint8Array[][] = [];
  const inclusionMemory = await time(async (i) => (inclusion[i] = await proveInclusion(sha, indexes[i]!, n, flat)));
  const consistencyMemory = await time(async (i) => (consistency[i] = await proveConsistency(sha, olds[i]!, n, flat)));
  const tileReader = tileReaderAt(n);
  const inclusionTiles = await time((i) => proveInclusion(sha, indexes[i]!, n, tileReader));
  const consistencyTiles = await time((i) => proveConsistency(sha, olds[i]!, n, tileReader));
  // The same through a tile interior cache (rounds after the first find the touched tiles hashed).
  const cache = new Map<string, Uint8Array[]>();
  const cachedReader = tileHashReader(sha, n, async (t: Tile) => tiles.get(`${t.level}/${t.index}`)!, cache);
  const inclusionCached = await time((i) => proveInclusion(sha, indexes[i]!, n, cachedReader));
  const consistencyCached = await time((i) => proveConsistency(sha, olds[i]!, n, cachedReader));
  const leafHashes = indexes.map((i) => leafHash(sha, entries[i]!));
  const inclusionVerify = await time(async (i) =>
    verifyInclusion(sha, { index: indexes[i]!, size: n, leafHash: leafHashes[i]!, proof: inclusion[i]!, root }),
  );
  const consistencyVerify = await time(async (i) =>
    verifyConsistency(sha, { size1: olds[i]!, size2: n, root1: oldRoots[i]!, root2: root, proof: consistency[i]! }),
  );

  const us = (s: number) => +(s * 1e6).toFixed(2);
  const perHash = (s: number) => +(s / shaPerCall).toFixed(1);
  const label = n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1_000}k`;
  const figures: Figure[] = [
    {
      name: `integration rate, ${label} entries (baseline: raw SHA-256 calls/s)`,
      value: Math.round(n / integrateSeconds),
      unit: 'entries/s',
      baseline: Math.round(1 / shaPerCall),
      ratio: +(n / integrateSeconds / (1 / shaPerCall)).toFixed(3),
    },
    {
      name: `integration CPU time, ${label} entries (baseline: 2 raw SHA-256 per entry)`,
      value: +integrateCpu.toFixed(3),
      unit: 's',
      baseline: +(2 * n * shaPerCall).toFixed(3),
      ratio: +(integrateCpu / (2 * n * shaPerCall)).toFixed(2),
    },
    {
      name: `inclusion proof at ${label}, memory reader`,
      value: us(inclusionMemory),
      unit: 'µs',
      baseline: us(shaPerCall),
      ratio: perHash(inclusionMemory),
    },
    {
      name: `consistency proof at ${label}, memory reader`,
      value: us(consistencyMemory),
      unit: 'µs',
      baseline: us(shaPerCall),
      ratio: perHash(consistencyMemory),
    },
    {
      name: `inclusion proof at ${label}, tile reader`,
      value: us(inclusionTiles),
      unit: 'µs',
      baseline: us(shaPerCall),
      ratio: perHash(inclusionTiles),
    },
    {
      name: `consistency proof at ${label}, tile reader`,
      value: us(consistencyTiles),
      unit: 'µs',
      baseline: us(shaPerCall),
      ratio: perHash(consistencyTiles),
    },
    {
      name: `inclusion proof at ${label}, tile reader, warm interior cache`,
      value: us(inclusionCached),
      unit: 'µs',
      baseline: us(shaPerCall),
      ratio: perHash(inclusionCached),
    },
    {
      name: `consistency proof at ${label}, tile reader, warm interior cache`,
      value: us(consistencyCached),
      unit: 'µs',
      baseline: us(shaPerCall),
      ratio: perHash(consistencyCached),
    },
    {
      name: `inclusion verification at ${label}`,
      value: us(inclusionVerify),
      unit: 'µs',
      baseline: us(shaPerCall),
      ratio: perHash(inclusionVerify),
    },
    {
      name: `consistency verification at ${label}`,
      value: us(consistencyVerify),
      unit: 'µs',
      baseline: us(shaPerCall),
      ratio: perHash(consistencyVerify),
    },
  ];
  console.log(
    `bench/merkle: ${n} entries of ${entryBytes.toFixed(0)} bytes on average, batches of ${batch}, ${tiles.size} tiles; ` +
      `${proofs} proofs of each kind; raw SHA-256 of 64 bytes: ${us(shaPerCall)} µs (best before integrating ${us(baseSeconds)}, after ${us(shaAfter)})`,
  );
  console.table(figures);
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bench({ quick: process.argv.includes('--quick') });
}
