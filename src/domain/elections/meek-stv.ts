// Meek STV as the Local Electoral Regulations 2001 (NZ), schedule 1A, counts it. Every candidate has a
// keep value (1 while hopeful, 0 once excluded, below 1 once successful); each paper is worth one vote
// passed down its ranking, each candidate keeping its keep value's share, so a surplus flows on
// without any paper being singled out. One iteration is clauses 7–13: new keep values for the
// successful (7–9), every paper allocated again (10), a new quota (11), hopeful candidates at the
// quota made successful (12), and the lowest hopeful candidate excluded when the surplus is spent or
// cannot lift it past the next (13).
//
// Precision: 9 decimal places, fixed-point bigints counting 10^-9 of a vote — the schedule's own
// precision (clause 5 truncates the quota to 9 decimal digits and adds 10^-9). What a candidate keeps
// and each new keep value are rounded UP to 9 places (as in Algorithm 123, on which the schedule is
// built), so a successful candidate is never left short of the quota by rounding.
// Convergence (clause 13): the successful candidates' surpluses sum to less than 0.0001 of a vote —
// or an iteration leaves every keep value unchanged (a fixed point: 9-place arithmetic can go no
// nearer), or 1,000 iterations pass without an election or exclusion; both then count as converged.
// Sources: clauses 3 and 5 were read on legislation.govt.nz; the order and tests of clauses 6–13 are
// as an implementation that follows the schedule clause by clause has them (the text itself was not
// reached); the rounding directions are from memory of Algorithm 123 — see citations.ts.
import { formatFixed } from './fixed.ts';
import { drawLot } from './lot.ts';
import { preparePapers } from './prepare.ts';
import type { StvOptions } from './scottish-stv.ts';
import type { BallotSet, CountResult, CountStep, LotDraw, Stage } from './types.ts';

export const MEEK_DIGITS = 9;
const ONE = 1_000_000_000n;
/** 0.0001 of a vote, in 10^-9 (clause 13). */
export const MEEK_CONVERGED = 100_000n;
const STALL = 1_000;

type Status = 'hopeful' | 'successful' | 'excluded';

const byVotesDesc = (votes: bigint[]) => (a: number, b: number) =>
  votes[b]! > votes[a]! ? 1 : votes[b]! < votes[a]! ? -1 : a - b;

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
  /** Votes after every allocation, first preferences first: ties look here, ahead at first difference. */
  const allocations: bigint[][] = [];
  const total = BigInt(valid) * ONE;

  let votes: bigint[] = [];
  let exhausted = 0n;
  let quota = 0n;
  // Clause 10: one vote per paper passed down its ranking; clauses 5 and 11: the quota from what is left.
  const allocate = () => {
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
    allocations.push([...votes]);
  };

  let previous: bigint[] = Array.from({ length: n }, () => 0n);
  const record = (action: Stage['action'], steps: CountStep[]): Stage => {
    const stage: Stage = {
      number: stages.length + 1,
      action,
      votes: votes.map(f),
      transfers: votes.map((v, c) => f(v - previous[c]!)),
      nonTransferable: f(exhausted),
      elected: [],
      excluded: [],
      steps,
      quota: f(quota),
      keepValues: keep.map(f),
    };
    previous = [...votes];
    stages.push(stage);
    return stage;
  };

  // Clauses 6 and 12: hopeful candidates at or over the quota become successful, most votes first.
  const reachingQuota = () =>
    status
      .map((s, c) => (s === 'hopeful' && votes[c]! >= quota ? c : -1))
      .filter((c) => c >= 0)
      .sort(byVotesDesc(votes))
      .slice(0, seats - elected.length);
  const makeSuccessful = (cs: number[], stage: Stage, rule: string) => {
    for (const c of cs) {
      status[c] = 'successful';
      elected.push(c);
      stage.elected.push(c);
      stage.steps.push({ rule, code: 'elected_quota', args: { candidate: c, votes: f(votes[c]!), quota: f(quota) } });
    }
  };
  const hopeful = () => status.map((s, c) => (s === 'hopeful' ? c : -1)).filter((c) => c >= 0);
  const done = () => elected.length >= seats || elected.length + hopeful().length <= seats;

  allocate();
  const first = record('first', [{ rule: 'nz-5', code: 'quota_meek', args: { quota: f(quota), seats, valid } }]);
  makeSuccessful(reachingQuota(), first, 'nz-6');

  let iterations = 0;
  while (!done()) {
    // Clauses 7–9: each successful candidate's keep value × quota ÷ votes, rounded up.
    let changed = false;
    for (const c of elected) {
      const next = (keep[c]! * quota + votes[c]! - 1n) / votes[c]!;
      if (next !== keep[c]) changed = true;
      keep[c] = next;
    }
    allocate();
    iterations++;
    const reached = reachingQuota();
    // The total surplus counts those made successful in this iteration too (clause 13 follows 12).
    const surplus = [...elected, ...reached].reduce((s, c) => s + (votes[c]! > quota ? votes[c]! - quota : 0n), 0n);
    const iterated: CountStep = {
      rule: 'nz-7',
      code: 'meek_iterated',
      args: { iterations, surplus: f(surplus), quota: f(quota) },
    };
    let stage: Stage | undefined;
    if (reached.length > 0) {
      stage = record('iteration', [iterated]);
      makeSuccessful(reached, stage, 'nz-12');
    }
    // Clause 13: exclude the lowest hopeful candidate when the surplus is spent, or when the lowest
    // with all of it could not pass the next lowest.
    const hs = hopeful().sort((a, b) => -byVotesDesc(votes)(a, b));
    if (!done() && hs.length > 0) {
      const low = votes[hs[0]!]!;
      const spent = surplus < MEEK_CONVERGED || !changed || iterations >= STALL;
      const behind = !spent && hs.length > 1 && low + surplus < votes[hs[1]!]!;
      if (spent || behind) {
        const steps: CountStep[] = stage ? [] : [iterated];
        let tied = hs.filter((c) => votes[c] === low);
        // Part 5: ties ahead at first difference — the earliest allocation at which the tied differed.
        for (let k = 0; k < allocations.length && tied.length > 1; k++) {
          const at = allocations[k]!;
          let least = at[tied[0]!]!;
          for (const c of tied) if (at[c]! < least) least = at[c]!;
          const narrowed = tied.filter((c) => at[c] === least);
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
          const draw = drawLot(options.lot, stage ? stage.number : stages.length + 1, 'exclude', tied);
          lots.push(draw);
          c = draw.chosen;
          steps.push({
            rule: 'nz-ties',
            code: 'tie_lot',
            args: { candidates: tied, candidate: c, digest: draw.digest },
          });
        }
        steps.push({
          rule: 'nz-13',
          code: spent ? 'excluded_surplus_spent' : 'excluded_cannot_overtake',
          args: { candidate: c, votes: f(votes[c]!), surplus: f(surplus) },
        });
        status[c] = 'excluded';
        keep[c] = 0n;
        if (stage) stage.steps.push(...steps);
        else stage = record('exclusion', steps);
        stage.subject = c;
        stage.excluded.push(c);
      }
    }
    if (stage) iterations = 0;
  }
  // Clause 3: as many hopeful candidates as vacancies left — they become successful.
  if (elected.length < seats) {
    const rest = hopeful().sort(byVotesDesc(votes));
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
      { rule: 'nz-13', code: 'meek_convergence', args: { tolerance: f(MEEK_CONVERGED) } },
    ],
  };
}
