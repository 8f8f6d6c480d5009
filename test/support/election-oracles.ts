// Oracles for the counting engine, written apart from it (issue 18: "a direct, slow reading of the
// rules"): one object per ballot paper, totals recomputed from the papers at every stage, the next
// preference found by reading each paper from its top. They share with the engine only the lot
// (drawLot, so a tie goes the same way) — no data structure, no loop.
import { drawLot } from '../../src/domain/elections/lot.ts';
import type { BallotSet, LotInput } from '../../src/domain/elections/types.ts';

export interface OracleResult {
  elected: number[];
  /** Votes at the end of each stage, in the engine's units (10^-5 for Scottish STV, 10^-9 for Meek). */
  stages: bigint[][];
  quota: bigint;
}

interface Paper {
  prefs: number[];
  value: bigint;
  holder: number;
}

const desc = (a: bigint, b: bigint) => (a === b ? 0 : a > b ? -1 : 1);

function papersOf(input: BallotSet): Paper[] {
  const out: Paper[] = [];
  const withdrawn = new Set(input.withdrawn ?? []);
  for (const b of input.ballots) {
    const prefs: number[] = [];
    for (const c of b.ranking) if (!withdrawn.has(c) && !prefs.includes(c)) prefs.push(c);
    if (prefs.length === 0) continue;
    for (let k = 0; k < b.weight; k++) out.push({ prefs, value: 0n, holder: -1 });
  }
  return out;
}

/** Scottish STV, SSI 2011/399 sch 1 rules 46–53, read directly. */
export function oracleScottish(input: BallotSet, seats: number, lot?: LotInput): OracleResult {
  const ONE = 100000n;
  const papers = papersOf(input);
  const state: string[] = input.candidates.map((_, c) => ((input.withdrawn ?? []).includes(c) ? 'out' : 'in'));
  const settled = new Set<number>(); // elected candidates whose surplus has gone: they hold the quota
  const quota = (BigInt(papers.length) / BigInt(seats + 1) + 1n) * ONE;
  const elected: number[] = [];
  const stages: bigint[][] = [];

  const total = (c: number): bigint => {
    if (state[c] === 'out') return 0n;
    if (settled.has(c)) return quota;
    let s = 0n;
    for (const p of papers) if (p.holder === c) s += p.value;
    return s;
  };
  const totals = () => input.candidates.map((_, c) => total(c));
  const firstContinuing = (p: Paper) => p.prefs.find((c) => state[c] === 'in') ?? -1;
  const tieBreak = (tied: number[], high: boolean, purpose: 'surplus_first' | 'exclude'): number => {
    let set = [...tied];
    for (let s = stages.length - 2; s >= 0 && set.length > 1; s--) {
      const vals = set.map((c) => stages[s]![c]!);
      const best = [...vals].sort((a, b) => (a === b ? 0 : a < b === high ? 1 : -1))[0]!;
      const keep = set.filter((c) => stages[s]![c] === best);
      if (keep.length < set.length) set = keep;
    }
    if (set.length === 1) return set[0]!;
    return drawLot(lot, stages.length + 1, purpose, set).chosen;
  };

  // Rule 46.
  for (const p of papers) {
    p.holder = p.prefs[0]!;
    p.value = ONE;
  }
  stages.push(totals());
  const owed: number[] = [];
  for (;;) {
    // Rule 48.
    const now = stages[stages.length - 1]!;
    const reached = input.candidates
      .map((_, c) => c)
      .filter((c) => state[c] === 'in' && now[c]! >= quota)
      .sort((a, b) => (now[a]! === now[b]! ? a - b : now[a]! > now[b]! ? -1 : 1));
    for (const c of reached) {
      if (elected.length === seats) break;
      state[c] = 'elected';
      elected.push(c);
      if (now[c]! > quota) owed.push(c);
    }
    if (elected.length === seats) break;
    // Rule 53.
    const continuing = input.candidates.map((_, c) => c).filter((c) => state[c] === 'in');
    if (continuing.length <= seats - elected.length) {
      continuing.sort((a, b) => (now[a]! === now[b]! ? a - b : now[a]! > now[b]! ? -1 : 1));
      elected.push(...continuing);
      break;
    }
    if (owed.length > 0) {
      // Rules 49 and 50.
      const most = [...owed].map((c) => now[c]!).sort(desc)[0]!;
      const c = tieBreak(
        owed.filter((x) => now[x] === most),
        true,
        'surplus_first',
      );
      owed.splice(owed.indexOf(c), 1);
      const surplus = now[c]! - quota;
      for (const p of papers) {
        if (p.holder !== c) continue;
        p.value = (surplus * p.value) / now[c]!;
        p.holder = firstContinuing(p);
      }
      settled.add(c);
    } else {
      // Rules 51 and 52.
      const least = continuing
        .map((c) => now[c]!)
        .sort(desc)
        .at(-1)!;
      const c = tieBreak(
        continuing.filter((x) => now[x] === least),
        false,
        'exclude',
      );
      state[c] = 'out';
      for (const p of papers) if (p.holder === c) p.holder = firstContinuing(p);
    }
    stages.push(totals());
  }
  return { elected, stages, quota };
}

/**
 * Meek STV as the engine reads NZ schedule 1A, clause by clause: every paper walked from its top at
 * every iteration; `stages` holds the votes after every allocation (not only where the engine
 * records a stage), and `recorded` the allocations at which something happened.
 */
export function oracleMeek(input: BallotSet, seats: number, lot?: LotInput): OracleResult & { recorded: bigint[][] } {
  const ONE = 1_000_000_000n;
  const papers = papersOf(input);
  const keep: bigint[] = input.candidates.map((_, c) => ((input.withdrawn ?? []).includes(c) ? 0n : ONE));
  const state: string[] = keep.map((k) => (k === 0n ? 'out' : 'in'));
  const elected: number[] = [];
  const stages: bigint[][] = [];
  const recorded: bigint[][] = [];
  let quota = 0n;
  let votes: bigint[] = [];
  // Clause 10 and clause 11.
  const allocate = () => {
    votes = input.candidates.map(() => 0n);
    let lost = 0n;
    for (const p of papers) {
      let left = ONE;
      for (const c of p.prefs) {
        if (left === 0n) break;
        if (keep[c] === 0n) continue;
        const mine = keep[c] === ONE ? left : (left * keep[c]! + ONE - 1n) / ONE;
        const take = mine > left ? left : mine;
        votes[c]! += take;
        left -= take;
      }
      lost += left;
    }
    quota = (BigInt(papers.length) * ONE - lost) / BigInt(seats + 1) + 1n;
    stages.push([...votes]);
  };
  // Clauses 6 and 12.
  const promote = (): boolean => {
    const reached = input.candidates
      .map((_, c) => c)
      .filter((c) => state[c] === 'in' && votes[c]! >= quota)
      .sort((a, b) => (votes[a]! === votes[b]! ? a - b : votes[a]! > votes[b]! ? -1 : 1));
    let any = false;
    for (const c of reached) {
      if (elected.length === seats) break;
      state[c] = 'won';
      elected.push(c);
      any = true;
    }
    return any;
  };
  const hopeful = () => input.candidates.map((_, c) => c).filter((c) => state[c] === 'in');
  const finished = () => elected.length >= seats || elected.length + hopeful().length <= seats;
  allocate();
  recorded.push([...votes]);
  promote();
  let quiet = 0;
  while (!finished()) {
    // Clauses 7–9.
    const before = [...keep];
    for (const c of elected) keep[c] = (keep[c]! * quota + votes[c]! - 1n) / votes[c]!;
    const moved = elected.some((c) => keep[c] !== before[c]);
    allocate();
    quiet++;
    let event = promote();
    let surplus = 0n;
    for (const c of elected) if (votes[c]! > quota) surplus += votes[c]! - quota;
    // Clause 13.
    const hs = hopeful().sort((a, b) => (votes[a]! === votes[b]! ? a - b : votes[a]! < votes[b]! ? -1 : 1));
    if (!finished() && hs.length > 0) {
      const spent = surplus < 100_000n || !moved || quiet >= 1000;
      if (spent || (hs.length > 1 && votes[hs[0]!]! + surplus < votes[hs[1]!]!)) {
        let tied = hs.filter((c) => votes[c] === votes[hs[0]!]);
        for (let s = 0; s < stages.length && tied.length > 1; s++) {
          const lo = tied
            .map((c) => stages[s]![c]!)
            .sort(desc)
            .at(-1)!;
          tied = tied.filter((c) => stages[s]![c] === lo);
        }
        const out = tied.length === 1 ? tied[0]! : drawLot(lot, recorded.length + 1, 'exclude', tied).chosen;
        state[out] = 'out';
        keep[out] = 0n;
        event = true;
      }
    }
    if (event) {
      recorded.push([...votes]);
      quiet = 0;
    }
  }
  if (elected.length < seats) {
    const rest = hopeful().sort((a, b) => (votes[a]! === votes[b]! ? a - b : votes[a]! > votes[b]! ? -1 : 1));
    elected.push(...rest);
  }
  return { elected, stages, recorded, quota };
}

/** Plurality and approval: count marks, sort, and let lot settle the last seat's tie. */
export function oracleTopK(votes: number[], eligible: number[], seats: number, lot: LotInput | undefined): number[] {
  const byVotes = new Map<number, number[]>();
  for (const c of eligible) byVotes.set(votes[c]!, [...(byVotes.get(votes[c]!) ?? []), c]);
  const out: number[] = [];
  for (const v of [...byVotes.keys()].sort((a, b) => b - a)) {
    let group = byVotes.get(v)!.sort((a, b) => a - b);
    if (out.length + group.length <= seats) out.push(...group);
    else
      while (out.length < seats) {
        const c = drawLot(lot, 1, 'elect', group).chosen;
        out.push(c);
        group = group.filter((x) => x !== c);
      }
    if (out.length === seats) break;
  }
  return out;
}
