// Benchmark: the counting engine (src/domain/elections) on a large STV election — 100,000 ranked
// ballots, 15 candidates, 5 seats — beside a naive count measured in the same run: the oracle of
// test/support/election-oracles.ts, a direct reading of the Scottish rules that keeps one object
// per paper and recomputes every total from every paper at every stage. Both must elect the same
// candidates with the same stage figures; the bench fails otherwise. Also: parsing the same
// election as a BLT file, and a Meek count of it.
// Timings are the best of a few rounds: the machine is shared.
// Run: npx tsx bench/stv-count.ts [--quick]   (full: 100,000 ballots; quick: 20,000)
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseBlt } from '../src/domain/elections/blt.ts';
import { countMeekStv } from '../src/domain/elections/meek-stv.ts';
import { countScottishStv } from '../src/domain/elections/scottish-stv.ts';
import type { BallotSet, LotInput } from '../src/domain/elections/types.ts';
import { oracleScottish } from '../test/support/election-oracles.ts';

import type { Figure } from './support/figure.ts';
import { figure } from './support/figure.ts';
import { seededRandom } from './support/random.ts';
export type { Figure };

const CANDIDATES = 15;
const SEATS = 5;

/**
 * n ranked ballots over 15 candidates of unequal popularity, rankings of 1–15 (most short).
 * @example generateElection(2).ballots.length // 2
 */
export function generateElection(n: number, seed = 18): BallotSet {
  const r = seededRandom(seed);
  const popularity = Array.from({ length: CANDIDATES }, (_, c) => 1 / (1 + c * 0.35));
  const ballots: Array<{ ranking: number[]; weight: number }> = [];
  for (let i = 0; i < n; i++) {
    let length = 1;
    while (length < CANDIDATES && r() < 0.72) length++;
    const left = popularity.map((p, c) => ({ c, p: p * (0.5 + r()) }));
    const ranking: number[] = [];
    while (ranking.length < length) {
      const total = left.reduce((s, x) => s + x.p, 0);
      let pick = r() * total;
      let k = 0;
      while (k < left.length - 1 && pick >= left[k]!.p) pick -= left[k++]!.p;
      ranking.push(left[k]!.c);
      left.splice(k, 1);
    }
    ballots.push({ ranking, weight: 1 });
  }
  return { candidates: Array.from({ length: CANDIDATES }, (_, c) => `Candidate ${c + 1}`), ballots };
}

function toBlt(e: BallotSet): string {
  const lines = [`${e.candidates.length} ${SEATS}`];
  for (const b of e.ballots) lines.push(`${b.weight} ${b.ranking.map((c) => c + 1).join(' ')} 0`);
  lines.push('0', ...e.candidates.map((c) => `"${c}"`), '"Benchmark"');
  return lines.join('\n');
}

function best(rounds: number, f: () => void): number {
  let min = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    f();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

export async function bench({ quick }: { quick: boolean }): Promise<Figure[]> {
  const n = quick ? 20_000 : 100_000;
  const election = generateElection(n);
  const lot: LotInput = {
    seed: new Uint8Array(0),
    sha256: (d) => new Uint8Array(createHash('sha256').update(d).digest()),
  };
  const engine = countScottishStv(election, SEATS, { lot });
  const oracle = oracleScottish(election, SEATS, lot);
  const same =
    engine.elected.join() === oracle.elected.join() &&
    engine.stages.every((s, k) => s.votes.map((v) => BigInt(v.replace('.', ''))).join() === oracle.stages[k]!.join());
  if (!same) throw new Error('the engine and the naive count disagree');
  const engineMs = best(3, () => countScottishStv(election, SEATS, { lot }));
  const naiveMs = best(1, () => oracleScottish(election, SEATS, lot));
  const text = toBlt(election);
  const parseMs = best(3, () => parseBlt(text));
  const meekMs = best(1, () => countMeekStv(election, SEATS, { lot }));
  const label = `${n.toLocaleString('en')} ballots, ${CANDIDATES} candidates, ${SEATS} seats`;
  return [
    figure(`Scottish STV count, ${label} (${engine.stages.length} stages) vs naive count`, engineMs, 'ms', naiveMs),
    figure(
      `BLT parse of the same file (${(text.length / 2 ** 20).toFixed(1)} MiB) vs the count`,
      parseMs,
      'ms',
      engineMs,
    ),
    figure('Meek STV count of the same ballots vs Scottish STV', meekMs, 'ms', engineMs),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { printFigures } = await import('./support/figure.ts');
  printFigures('stv-count', await bench({ quick: process.argv.includes('--quick') }));
}
