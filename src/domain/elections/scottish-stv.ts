// Scottish STV: the Scottish Local Government Elections Order 2011 (SSI 2011/399), schedule 1,
// rules 46–53 (rules 45–52 of the 2007 Order). Weighted inclusive Gregory: every paper an elected
// candidate holds moves with its surplus, each at a transfer value truncated to five decimal places.
// Arithmetic is exact: votes are bigints counting hundred-thousandths (10^-5) of a vote.
import { formatFixed, maxBig, minBig } from './fixed.ts';
import { drawLot } from './lot.ts';
import { preparePapers } from './prepare.ts';
import type { BallotSet, CountResult, CountStep, LotDraw, LotInput, LotPurpose, Stage, StageAction } from './types.ts';

export const SCOTTISH_DIGITS = 5;
const ONE = 100_000n;

/** A parcel of identical papers: the same ranking, the same value, held by ranking[pos]. */
interface Parcel {
  ranking: number[];
  pos: number;
  count: bigint;
  /** The value of each paper when received by its holder, in 10^-5. */
  value: bigint;
}

type Status = 'continuing' | 'elected' | 'excluded' | 'withdrawn';

export interface StvOptions {
  lot?: LotInput;
}

/**
 * Counts ranked ballots by Scottish STV.
 * @example countScottishStv({ candidates: ['A', 'B', 'C'], ballots: [{ ranking: [0, 1], weight: 3 }] }, 1).elected // [0]
 */
export function countScottishStv(input: BallotSet, seats: number, options: StvOptions = {}): CountResult {
  const n = input.candidates.length;
  const papers = preparePapers(input, seats);
  const status: Status[] = Array.from({ length: n }, () => 'continuing');
  for (const c of input.withdrawn ?? []) status[c] = 'withdrawn';
  const votes: bigint[] = Array.from({ length: n }, () => 0n);
  const held: Parcel[][] = Array.from({ length: n }, () => []);
  const history: bigint[][] = [];
  const stages: Stage[] = [];
  const lots: LotDraw[] = [];
  const elected: number[] = [];
  const pending: number[] = [];
  let nonTransferable = 0n;

  // Rule 46: the first stage — each paper to its first preference, one vote each.
  // Papers with the same ranking travel together at every stage: one parcel each (exact, and faster).
  let valid = 0;
  const parcels = new Map<string, Parcel>();
  for (const p of papers) {
    valid += p.weight;
    const key = p.ranking.join(',');
    const same = parcels.get(key);
    if (same) same.count += BigInt(p.weight);
    else parcels.set(key, { ranking: p.ranking, pos: 0, count: BigInt(p.weight), value: ONE });
  }
  for (const p of parcels.values()) {
    const c = p.ranking[0]!;
    held[c]!.push(p);
    votes[c]! += p.count * ONE;
  }
  // Rule 47: the quota, floor(valid / (seats + 1)) + 1.
  const quotaWhole = Math.floor(valid / (seats + 1)) + 1;
  const quota = BigInt(quotaWhole) * ONE;
  const f = (v: bigint) => formatFixed(v, SCOTTISH_DIGITS);
  const steps: CountStep[] = [
    { rule: 'ssi-47', code: 'quota_droop', args: { valid, seats, quota: String(quotaWhole) } },
    { rule: 'ssi-49', code: 'precision', args: { digits: SCOTTISH_DIGITS } },
  ];

  let previous: bigint[] = Array.from({ length: n }, () => 0n);
  const openStage = (action: StageAction, subject?: number): Stage => {
    const stage: Stage = {
      number: stages.length + 1,
      action,
      votes: [],
      transfers: [],
      nonTransferable: '',
      elected: [],
      excluded: [],
      steps: [],
      ...(subject !== undefined ? { subject } : {}),
    };
    stages.push(stage);
    return stage;
  };
  const closeStage = (stage: Stage) => {
    stage.votes = votes.map(f);
    stage.transfers = votes.map((v, c) => f(v - previous[c]!));
    stage.nonTransferable = f(nonTransferable);
    history.push([...votes]);
    previous = [...votes];
  };

  // Ties by earlier stages (rules 50(2), 52(2)): look back from the most recent preceding stage; a stage
  // that separates the tied candidates keeps those highest (or lowest) there. Then lot (50(3), 52(2)(b)).
  const breakTie = (tied: number[], want: 'high' | 'low', purpose: LotPurpose, stage: Stage, rule: string): number => {
    let set = [...tied].sort((a, b) => a - b);
    for (let k = history.length - 2; k >= 0 && set.length > 1; k--) {
      const at = history[k]!;
      const vals = set.map((c) => at[c]!);
      const best = want === 'high' ? maxBig(vals) : minBig(vals);
      const narrowed = set.filter((c) => at[c] === best);
      if (narrowed.length < set.length) {
        stage.steps.push({ rule, code: 'tie_earlier_stage', args: { candidates: set, stage: k + 1, kept: narrowed } });
        set = narrowed;
      }
    }
    if (set.length === 1) return set[0]!;
    const draw = drawLot(options.lot, stage.number, purpose, set);
    lots.push(draw);
    stage.steps.push({ rule, code: 'tie_lot', args: { candidates: set, candidate: draw.chosen, digest: draw.digest } });
    return draw.chosen;
  };

  // Rule 48: every continuing candidate at or over the quota is deemed elected, most votes first
  // (equal votes: in the file's order — an assumption; it changes the order, never who is elected).
  const electAtQuota = (stage: Stage) => {
    const reached = status
      .map((s, c) => (s === 'continuing' && votes[c]! >= quota ? c : -1))
      .filter((c) => c >= 0)
      .sort((a, b) => (votes[b]! > votes[a]! ? 1 : votes[b]! < votes[a]! ? -1 : a - b));
    for (const c of reached) {
      if (elected.length >= seats) break;
      status[c] = 'elected';
      elected.push(c);
      stage.elected.push(c);
      stage.steps.push({
        rule: 'ssi-48',
        code: 'elected_quota',
        args: { candidate: c, votes: f(votes[c]!), quota: f(quota) },
      });
      if (votes[c]! > quota) pending.push(c);
    }
  };

  const nextContinuing = (p: Parcel): number => {
    for (let k = p.pos + 1; k < p.ranking.length; k++) if (status[p.ranking[k]!] === 'continuing') return k;
    return -1;
  };

  let stage = openStage('first');
  stage.steps.push({ rule: 'ssi-46', code: 'first_preferences', args: { valid } });
  closeStage(stage);

  for (;;) {
    electAtQuota(stage);
    const vacancies = seats - elected.length;
    if (vacancies === 0) break;
    const continuing = status.map((s, c) => (s === 'continuing' ? c : -1)).filter((c) => c >= 0);
    // Rule 53: as many continuing candidates as vacancies left — all deemed elected, no further transfer.
    if (continuing.length <= vacancies) {
      continuing.sort((a, b) => (votes[b]! > votes[a]! ? 1 : votes[b]! < votes[a]! ? -1 : a - b));
      for (const c of continuing) {
        status[c] = 'elected';
        elected.push(c);
        stage.elected.push(c);
        stage.steps.push({
          rule: 'ssi-53',
          code: 'elected_last_vacancies',
          args: { candidate: c, votes: f(votes[c]!) },
        });
      }
      break;
    }

    if (pending.length > 0) {
      // Rule 50(1): the highest surplus first; equal surpluses by earlier stages, then lot.
      const top = maxBig(pending.map((c) => votes[c]!));
      const tied = pending.filter((c) => votes[c] === top);
      stage = openStage('surplus');
      const c = tied.length === 1 ? tied[0]! : breakTie(tied, 'high', 'surplus_first', stage, 'ssi-50');
      stage.subject = c;
      pending.splice(pending.indexOf(c), 1);
      // Rule 49: every paper the candidate holds moves to its next available preference at
      // (surplus × value when received) ÷ (candidate's votes), truncated to five places (49(3)).
      const total = votes[c]!;
      const surplus = total - quota;
      stage.steps.push({
        rule: 'ssi-49',
        code: 'surplus_transfer',
        args: { candidate: c, surplus: f(surplus), total: f(total) },
      });
      const byValue = new Map<bigint, { tv: bigint; papers: bigint }>();
      let moved = 0n;
      for (const p of held[c]!) {
        const tv = (surplus * p.value) / total;
        const cls = byValue.get(p.value) ?? { tv, papers: 0n };
        cls.papers += p.count;
        byValue.set(p.value, cls);
        const k = nextContinuing(p);
        moved += p.count * tv;
        if (k < 0) {
          nonTransferable += p.count * tv;
          continue;
        }
        p.pos = k;
        p.value = tv;
        const d = p.ranking[k]!;
        held[d]!.push(p);
        votes[d]! += p.count * tv;
      }
      for (const [value, cls] of [...byValue].sort((a, b) => (a[0] > b[0] ? -1 : 1))) {
        stage.steps.push({
          rule: 'ssi-49',
          code: 'transfer_value',
          args: { value: f(value), transferValue: f(cls.tv), papers: String(cls.papers) },
        });
      }
      // What truncation keeps back is lost to the count; the candidate keeps exactly the quota.
      nonTransferable += surplus - moved;
      held[c] = [];
      votes[c] = quota;
      closeStage(stage);
      continue;
    }

    // Rule 51: no surplus left to transfer — exclude the continuing candidate with the fewest votes;
    // equal lowest by earlier stages, then lot (rule 52).
    const low = minBig(continuing.map((c) => votes[c]!));
    const tied = continuing.filter((c) => votes[c] === low);
    stage = openStage('exclusion');
    const c = tied.length === 1 ? tied[0]! : breakTie(tied, 'low', 'exclude', stage, 'ssi-52');
    stage.subject = c;
    status[c] = 'excluded';
    stage.excluded.push(c);
    stage.steps.push({ rule: 'ssi-51', code: 'excluded_lowest', args: { candidate: c, votes: f(votes[c]!) } });
    // Rule 51(4): each paper moves at the value it had when the excluded candidate received it.
    for (const p of held[c]!) {
      const k = nextContinuing(p);
      if (k < 0) {
        nonTransferable += p.count * p.value;
        continue;
      }
      p.pos = k;
      const d = p.ranking[k]!;
      held[d]!.push(p);
      votes[d]! += p.count * p.value;
    }
    held[c] = [];
    votes[c] = 0n;
    closeStage(stage);
  }

  steps.push({ rule: 'ssi-48', code: 'count_complete', args: { elected: elected.length, seats } });
  return {
    method: 'scottish-stv',
    seats,
    candidates: [...input.candidates],
    elected,
    quota: String(quotaWhole),
    validVotes: valid,
    precision: SCOTTISH_DIGITS,
    stages,
    lots,
    unfilled: seats - elected.length,
    steps,
  };
}
