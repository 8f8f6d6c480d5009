// The single-winner and list methods a body's own rules set: absolute majority of a base with a runoff
// or repeated rounds, plurality, approval ("vote for up to k"), and yes/no/abstain per candidate.
// Whole votes, counted exactly. Ranked papers stand for the later rounds: in a round, each paper
// counts for its highest-ranked candidate still standing (a what-if of how the voters would vote
// again, stated as such in the explanation).
import { DomainError } from '../errors.ts';
import { drawLot } from './lot.ts';
import { preparePapers } from './prepare.ts';
import type { BallotSet, CountResult, CountStep, LotDraw, LotInput, LotPurpose, Stage } from './types.ts';

/** What "absolute majority" is measured against. */
export type MajorityBase = 'cast' | 'present' | 'established';

export interface MajorityOptions {
  base: MajorityBase;
  /** The members present or the established number, when the base is one of those. */
  baseCount?: number;
  /** After an inconclusive first round: a second round between the two leaders, or rounds dropping the last. */
  after: 'runoff' | 'drop_last';
  lot?: LotInput;
}

interface Ctx {
  n: number;
  stages: Stage[];
  lots: LotDraw[];
  lot: LotInput | undefined;
}

function newCtx(input: BallotSet, lot: LotInput | undefined): Ctx {
  return { n: input.candidates.length, stages: [], lots: [], lot };
}

function pushStage(
  ctx: Ctx,
  action: Stage['action'],
  votes: number[],
  steps: CountStep[],
  extra: Partial<Stage> = {},
): Stage {
  const prev = ctx.stages[ctx.stages.length - 1];
  const stage: Stage = {
    number: ctx.stages.length + 1,
    action,
    votes: votes.map(String),
    transfers: votes.map((v, c) => String(v - (prev ? Number(prev.votes[c]) : 0))),
    nonTransferable: '0',
    elected: [],
    excluded: [],
    steps,
    ...extra,
  };
  ctx.stages.push(stage);
  return stage;
}

function lotPick(ctx: Ctx, stage: number, purpose: LotPurpose, among: number[], steps: CountStep[]): number {
  const draw = drawLot(ctx.lot, stage, purpose, among);
  ctx.lots.push(draw);
  steps.push({
    rule: 'body',
    code: 'tie_lot',
    args: { candidates: draw.among, candidate: draw.chosen, digest: draw.digest },
  });
  return draw.chosen;
}

/**
 * The `seats` candidates with the most votes, ties at the last seat drawn by lot; `eligible` filters.
 * Returns them in order (most votes first; drawn ones in the order drawn).
 */
function topByVotes(
  ctx: Ctx,
  votes: number[],
  seats: number,
  eligible: number[],
  steps: CountStep[],
  stage: number,
): number[] {
  const order = [...eligible].sort((a, b) => votes[b]! - votes[a]! || a - b);
  const chosen: number[] = [];
  let i = 0;
  while (chosen.length < seats && i < order.length) {
    const v = votes[order[i]!]!;
    const group = order.filter((c) => votes[c] === v);
    i += group.length;
    if (chosen.length + group.length <= seats) {
      chosen.push(...group);
      continue;
    }
    let left = group;
    while (chosen.length < seats) {
      const c = lotPick(ctx, stage, 'elect', left, steps);
      chosen.push(c);
      left = left.filter((x) => x !== c);
    }
  }
  return chosen;
}

function result(
  method: string,
  input: BallotSet,
  seats: number,
  valid: number,
  ctx: Ctx,
  elected: number[],
  steps: CountStep[],
  quota?: string,
): CountResult {
  return {
    method,
    seats,
    candidates: [...input.candidates],
    elected,
    ...(quota !== undefined ? { quota } : {}),
    validVotes: valid,
    precision: 0,
    stages: ctx.stages,
    lots: ctx.lots,
    unfilled: seats - elected.length,
    steps,
  };
}

/** Each paper's vote for its highest-ranked candidate among `standing`; papers marking none don't count. */
function firstChoices(papers: { ranking: number[]; weight: number }[], standing: Set<number>, n: number) {
  const votes = Array.from({ length: n }, () => 0);
  let cast = 0;
  for (const p of papers) {
    const c = p.ranking.find((x) => standing.has(x));
    if (c === undefined) continue;
    votes[c]! += p.weight;
    cast += p.weight;
  }
  return { votes, cast };
}

/**
 * Plurality: the `seats` candidates with the most first preferences (one mark per paper).
 * @example countPlurality({ candidates: ['A', 'B'], ballots: [{ ranking: [1], weight: 2 }] }, 1).elected // [1]
 */
export function countPlurality(input: BallotSet, seats: number, options: { lot?: LotInput } = {}): CountResult {
  const papers = preparePapers(input, seats);
  const ctx = newCtx(input, options.lot);
  const standing = new Set(
    Array.from({ length: ctx.n }, (_, c) => c).filter((c) => !(input.withdrawn ?? []).includes(c)),
  );
  const { votes, cast } = firstChoices(papers, standing, ctx.n);
  const steps: CountStep[] = [{ rule: 'body', code: 'plurality', args: { cast, seats } }];
  const elected = topByVotes(ctx, votes, Math.min(seats, standing.size), [...standing], steps, 1);
  pushStage(ctx, 'count', votes, steps, { elected });
  return result('plurality', input, seats, cast, ctx, elected, []);
}

/**
 * Approval / "vote for up to k": each paper approves every candidate it marks (order ignored); a paper
 * marking more than `maxMarks` is spoilt. The `seats` most approved are elected.
 * @example countApproval({ candidates: ['A', 'B'], ballots: [{ ranking: [0, 1], weight: 1 }] }, 1, { maxMarks: 2 }).stages[0].votes // ['1', '1']
 */
export function countApproval(
  input: BallotSet,
  seats: number,
  options: { maxMarks?: number; lot?: LotInput } = {},
): CountResult {
  const papers = preparePapers(input, seats);
  const ctx = newCtx(input, options.lot);
  const votes = Array.from({ length: ctx.n }, () => 0);
  let valid = 0;
  let spoilt = 0;
  for (const p of papers) {
    if (options.maxMarks !== undefined && p.ranking.length > options.maxMarks) {
      spoilt += p.weight;
      continue;
    }
    valid += p.weight;
    for (const c of p.ranking) votes[c]! += p.weight;
  }
  const withdrawn = new Set(input.withdrawn ?? []);
  const eligible = Array.from({ length: ctx.n }, (_, c) => c).filter((c) => !withdrawn.has(c) && votes[c]! > 0);
  const steps: CountStep[] = [
    { rule: 'body', code: 'approval', args: { valid, spoilt, seats, maxMarks: options.maxMarks ?? ctx.n } },
  ];
  const elected = topByVotes(ctx, votes, seats, eligible, steps, 1);
  pushStage(ctx, 'count', votes, steps, { elected });
  return result('approval', input, seats, valid, ctx, elected, []);
}

/**
 * One seat by absolute majority (more than half of the base), with a runoff between the two leaders
 * or rounds dropping the last until a candidate has it.
 * @example countMajority({ candidates: ['A', 'B', 'C'], ballots: [{ ranking: [2, 0], weight: 2 }, { ranking: [0], weight: 2 }, { ranking: [1], weight: 1 }] }, { base: 'cast', after: 'runoff' }).elected // [0]
 */
export function countMajority(input: BallotSet, options: MajorityOptions): CountResult {
  const papers = preparePapers(input, 1);
  const ctx = newCtx(input, options.lot);
  if (options.base !== 'cast' && (!Number.isInteger(options.baseCount) || options.baseCount! < 1)) {
    throw new DomainError(
      'election_invalid',
      `the base "${options.base}" needs its count (members present or established)`,
    );
  }
  const withdrawn = new Set(input.withdrawn ?? []);
  let standing = Array.from({ length: ctx.n }, (_, c) => c).filter((c) => !withdrawn.has(c));
  let valid = 0;
  for (;;) {
    const round = ctx.stages.length + 1;
    const { votes, cast } = firstChoices(papers, new Set(standing), ctx.n);
    if (round === 1) valid = cast;
    const base = options.base === 'cast' ? cast : options.baseCount!;
    // More than half: the least whole number of votes above base / 2.
    const needed = Math.floor(base / 2) + 1;
    const steps: CountStep[] = [
      { rule: 'body', code: 'majority_round', args: { round, base: options.base, baseCount: base, needed, cast } },
    ];
    const runoff = options.after === 'runoff' && round === 2;
    const top = Math.max(...standing.map((c) => votes[c]!));
    const leaders = standing.filter((c) => votes[c] === top);
    if (top >= needed || (runoff && cast > 0)) {
      let c = leaders[0]!;
      if (leaders.length > 1) c = lotPick(ctx, round, 'elect', leaders, steps);
      steps.push({
        rule: 'body',
        code: runoff && top < needed ? 'elected_runoff' : 'elected_majority',
        args: { candidate: c, votes: top, needed },
      });
      pushStage(ctx, 'round', votes, steps, { elected: [c] });
      return result(
        options.after === 'runoff' ? 'majority-runoff' : 'majority-rounds',
        input,
        1,
        valid,
        ctx,
        [c],
        [],
        String(needed),
      );
    }
    if ((options.after === 'drop_last' && standing.length <= 1) || cast === 0) {
      steps.push({ rule: 'body', code: 'no_majority', args: { needed } });
      pushStage(ctx, 'round', votes, steps);
      return result(
        options.after === 'runoff' ? 'majority-runoff' : 'majority-rounds',
        input,
        1,
        valid,
        ctx,
        [],
        [],
        String(needed),
      );
    }
    let dropped: number[];
    if (options.after === 'runoff') {
      const keep = topByVotes(ctx, votes, 2, standing, steps, round);
      dropped = standing.filter((c) => !keep.includes(c));
      steps.push({ rule: 'body', code: 'runoff_between', args: { candidates: [...keep].sort((a, b) => a - b) } });
    } else {
      const low = Math.min(...standing.map((c) => votes[c]!));
      const lows = standing.filter((c) => votes[c] === low);
      const c = lows.length === 1 ? lows[0]! : lotPick(ctx, round, 'exclude', lows, steps);
      dropped = [c];
      steps.push({ rule: 'body', code: 'dropped_lowest', args: { candidate: c, votes: String(low) } });
    }
    pushStage(ctx, 'round', votes, steps, { excluded: dropped });
    standing = standing.filter((c) => !dropped.includes(c));
  }
}

export type YesNoMark = 'yes' | 'no' | 'abstain';

export interface YesNoOptions {
  /** What the yes votes are measured against: yes + no, every valid paper's mark for the candidate, or the members present. */
  base: 'yes_no' | 'cast' | 'present';
  presentCount?: number;
  /** The threshold: yes compared with num/den of the base. */
  num: number;
  den: number;
  compare: '>' | '>=';
  lot?: LotInput;
}

/**
 * Yes/no/abstain per candidate: each candidate whose yes votes pass the threshold qualifies; seats
 * are filled from those qualified in order of yes votes (ties at the last seat by lot).
 * @example countYesNo(['A', 'B'], [{ marks: ['yes', 'no'], weight: 3 }], 2, { base: 'yes_no', num: 1, den: 2, compare: '>' }).elected // [0]
 */
export function countYesNo(
  candidates: string[],
  ballots: ReadonlyArray<{ marks: ReadonlyArray<YesNoMark | null>; weight: number }>,
  seats: number,
  options: YesNoOptions,
): CountResult {
  const n = candidates.length;
  if (!(Number.isInteger(options.num) && Number.isInteger(options.den) && options.den > 0 && options.num >= 0)) {
    throw new DomainError('election_invalid', 'the threshold must be a fraction of whole numbers');
  }
  if (options.base === 'present' && (!Number.isInteger(options.presentCount) || options.presentCount! < 1)) {
    throw new DomainError('election_invalid', 'the base "present" needs the number of members present');
  }
  const yes = Array.from({ length: n }, () => 0);
  const no = Array.from({ length: n }, () => 0);
  const abstain = Array.from({ length: n }, () => 0);
  let valid = 0;
  for (const b of ballots) {
    if (b.marks.length !== n || !Number.isSafeInteger(b.weight) || b.weight < 1) {
      throw new DomainError(
        'election_invalid',
        `a yes/no paper has one mark (or none) for each of the ${n} candidates`,
      );
    }
    valid += b.weight;
    b.marks.forEach((m, c) => {
      if (m === 'yes') yes[c]! += b.weight;
      else if (m === 'no') no[c]! += b.weight;
      else if (m === 'abstain') abstain[c]! += b.weight;
    });
  }
  const input: BallotSet = { candidates, ballots: [] };
  const ctx = newCtx(input, options.lot);
  const steps: CountStep[] = [];
  const qualified: number[] = [];
  for (let c = 0; c < n; c++) {
    const base =
      options.base === 'yes_no'
        ? yes[c]! + no[c]!
        : options.base === 'cast'
          ? yes[c]! + no[c]! + abstain[c]!
          : options.presentCount!;
    // yes × den against num × base: exact in whole numbers.
    const lhs = yes[c]! * options.den;
    const rhs = options.num * base;
    const ok = base > 0 && (options.compare === '>' ? lhs > rhs : lhs >= rhs);
    steps.push({
      rule: 'body',
      code: ok ? 'yes_no_qualified' : 'yes_no_not_qualified',
      args: {
        candidate: c,
        yes: yes[c]!,
        no: no[c]!,
        abstain: abstain[c]!,
        base,
        baseName: options.base,
        threshold: `${options.num}/${options.den}`,
        compare: options.compare,
      },
    });
    if (ok) qualified.push(c);
  }
  const elected = topByVotes(ctx, yes, seats, qualified, steps, 1);
  pushStage(ctx, 'count', yes, steps, { elected });
  return result('yes-no', input, seats, valid, ctx, elected, []);
}
