// Meek STV as the Local Electoral Regulations 2001 (NZ), schedule 1A, count it. Every candidate has a
// keep value (1 while hopeful, 0 once excluded, below 1 once successful); each paper is worth one vote
// passed down its ranking, each candidate keeping its keep value's share, so a surplus flows on
// without any paper being singled out.
//
// Precision: 9 decimal places, fixed-point bigints counting 10^-9 of a vote — the schedule's own
// precision (clause 5 truncates the quota to 9 decimal digits). The quota is truncated and raised by
// 10^-9 (clause 5); what a candidate keeps and each new keep value are rounded UP to 9 places, so a
// successful candidate never holds less than rounding gives it and keep values never fall short.
// Convergence: the iteration (clauses 13–16) stops when the successful candidates' surpluses sum to
// at most 0.00001 of a vote (Algorithm 123's test, on which the schedule is built: beyond it no
// candidate's order can change at 9-place precision for ordinary electorates), or when an iteration
// leaves every keep value unchanged (a fixed point: 9-place arithmetic can go no nearer), or when a
// hopeful candidate reaches the quota (then elected, and the iteration goes on).
// From memory, flagged in citations.ts: the rounding directions and the stopping test beyond clause 5.
import { formatFixed, minBig } from './fixed.ts';
import { drawLot } from './lot.ts';
import { preparePapers } from './prepare.ts';
import type { BallotSet, CountResult, CountStep, LotDraw, Stage } from './types.ts';
import type { StvOptions } from './scottish-stv.ts';

export const MEEK_DIGITS = 9;
const ONE = 1_000_000_000n;
/** 0.00001 of a vote, in 10^-9. */
const CONVERGED = 10_000n;
const MAX_ITERATIONS = 100_000;

type Status = 'hopeful' | 'successful' | 'excluded';

/**
 * Counts ranked ballots by Meek STV (NZ schedule 1A).
 * @example countMeekStv({ candidates: ['A', 'B'], ballots: [{ ranking: [0], weight: 2 }] }, 1).elected // [0]
 */
export function countMeekStv(input: BallotSet, seats: number, options: StvOptions = {}): CountResult {
  const n = input.candidates.length;
  // Identical rankings counted once with their weight: the same arithmetic, less of it.
  const grouped = new Map<string, { ranking: number[]; weight: bigint }>();
  let valid = 0;
  for (const p of preparePapers(input, seats)) {
    valid += p.weight;
    const key = p.ranking.join(',');
    const g = grouped.get(key);
    if (g) g.weight += BigInt(p.weight);
    else grouped.set(key, { ranking: p.ranking, weight: BigInt(p.weight) });
  }
  const papers = [...grouped.values()];
  const status: Status[] = Array.from({ length: n }, () => 'hopeful');
  const keep: bigint[] = Array.from({ length: n }, () => ONE);
  for (const c of input.withdrawn ?? []) {
    status[c] = 'excluded';
    keep[c] = 0n;
  }
  const f = (v: bigint) => formatFixed(v, MEEK_DIGITS);
  const stages: Stage[] = [];
  const lots: LotDraw[] = [];
  const elected: number[] = [];
  const history: bigint[][] = [];
  const total = BigInt(valid) * ONE;

  let votes: bigint[] = [];
  let exhausted = 0n;
  let quota = 0n;
  // Clauses 7–12: one vote per paper passed down its ranking; clause 5: the quota from what is left.
  const distribute = () => {
    votes = Array.from({ length: n }, () => 0n);
    exhausted = 0n;
    for (const p of papers) {
      let rest = ONE;
      for (const c of p.ranking) {
        const k = keep[c]!;
        if (k === 0n) continue;
        let kept = k === ONE ? rest : (rest * k + ONE - 1n) / ONE;
        if (kept > rest) kept = rest;
        votes[c]! += kept * p.weight;
        rest -= kept;
        if (rest === 0n) break;
      }
      exhausted += rest * p.weight;
    }
    quota = (total - exhausted) / BigInt(seats + 1) + 1n;
  };

  const record = (action: Stage['action'], steps: CountStep[], extra: Partial<Stage> = {}): Stage => {
    const prev = history[history.length - 1] ?? Array.from({ length: n }, () => 0n);
    const stage: Stage = {
      number: stages.length + 1,
      action,
      votes: votes.map(f),
      transfers: votes.map((v, c) => f(v - prev[c]!)),
      nonTransferable: f(exhausted),
      elected: [],
      excluded: [],
      steps,
      quota: f(quota),
      keepValues: keep.map(f),
      ...extra,
    };
    stages.push(stage);
    history.push([...votes]);
    return stage;
  };

  const electReached = (stage: Stage) => {
    const reached = status
      .map((s, c) => (s === 'hopeful' && votes[c]! >= quota ? c : -1))
      .filter((c) => c >= 0)
      .sort((a, b) => (votes[b]! > votes[a]! ? 1 : votes[b]! < votes[a]! ? -1 : a - b));
    for (const c of reached) {
      if (elected.length >= seats) break;
      status[c] = 'successful';
      elected.push(c);
      stage.elected.push(c);
      stage.steps.push({
        rule: 'nz-keep',
        code: 'elected_quota',
        args: { candidate: c, votes: f(votes[c]!), quota: f(quota) },
      });
    }
    return reached.length > 0;
  };

  const hopeful = () => status.map((s, c) => (s === 'hopeful' ? c : -1)).filter((c) => c >= 0);
  const done = () => elected.length >= seats || elected.length + hopeful().length <= seats;

  distribute();
  let stage = record('first', [{ rule: 'nz-5', code: 'quota_meek', args: { quota: f(quota), seats, valid } }]);
  electReached(stage);

  while (!done()) {
    // Clauses 13–16: new keep values for the successful, distribute again, until converged.
    let iterations = 0;
    let newlyElected = false;
    let surplus = 0n;
    for (; iterations < MAX_ITERATIONS; ) {
      surplus = elected.reduce((s, c) => s + (votes[c]! > quota ? votes[c]! - quota : 0n), 0n);
      if (surplus <= CONVERGED) break;
      let changed = false;
      for (const c of elected) {
        const next = (keep[c]! * quota + votes[c]! - 1n) / votes[c]!;
        if (next !== keep[c]) changed = true;
        keep[c] = next;
      }
      if (!changed) break;
      distribute();
      iterations++;
      if (hopeful().some((c) => votes[c]! >= quota)) {
        newlyElected = true;
        break;
      }
    }
    stage = record('iteration', [
      { rule: 'nz-iterate', code: 'meek_iterated', args: { iterations, surplus: f(surplus), quota: f(quota) } },
    ]);
    if (newlyElected) {
      electReached(stage);
      continue;
    }
    if (done()) break;
    // Clauses 17–18: exclude the hopeful candidate with the fewest votes; ties ahead at first difference, then lot.
    const hs = hopeful();
    const low = minBig(hs.map((c) => votes[c]!));
    let tied = hs.filter((c) => votes[c] === low);
    const steps: CountStep[] = [];
    for (let k = 0; k < history.length - 1 && tied.length > 1; k++) {
      const at = history[k]!;
      const min = minBig(tied.map((c) => at[c]!));
      const narrowed = tied.filter((c) => at[c] === min);
      if (narrowed.length < tied.length) {
        steps.push({
          rule: 'nz-ties',
          code: 'tie_earlier_stage',
          args: { candidates: tied, stage: k + 1, kept: narrowed },
        });
        tied = narrowed;
      }
    }
    let c = tied[0]!;
    if (tied.length > 1) {
      const draw = drawLot(options.lot, stages.length + 1, 'exclude', tied);
      lots.push(draw);
      c = draw.chosen;
      steps.push({ rule: 'nz-ties', code: 'tie_lot', args: { candidates: tied, candidate: c, digest: draw.digest } });
    }
    steps.push({ rule: 'nz-exclude', code: 'excluded_lowest', args: { candidate: c, votes: f(votes[c]!) } });
    status[c] = 'excluded';
    keep[c] = 0n;
    distribute();
    stage = record('exclusion', steps, { subject: c, excluded: [c] });
    electReached(stage);
  }
  // Clause 3: as many hopeful candidates as vacancies left — they become successful.
  if (elected.length < seats) {
    const rest = hopeful().sort((a, b) => (votes[b]! > votes[a]! ? 1 : votes[b]! < votes[a]! ? -1 : a - b));
    const last = stages[stages.length - 1]!;
    for (const c of rest) {
      status[c] = 'successful';
      elected.push(c);
      last.elected.push(c);
      last.steps.push({ rule: 'nz-3', code: 'elected_last_vacancies', args: { candidate: c, votes: f(votes[c]!) } });
    }
  }
  return {
    method: 'meek',
    seats,
    candidates: [...input.candidates],
    elected,
    quota: f(quota),
    validVotes: valid,
    precision: MEEK_DIGITS,
    stages,
    lots,
    unfilled: seats - elected.length,
    steps: [
      { rule: 'nz-5', code: 'precision', args: { digits: MEEK_DIGITS } },
      { rule: 'nz-iterate', code: 'meek_convergence', args: { tolerance: f(CONVERGED) } },
    ],
  };
}
