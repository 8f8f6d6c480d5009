// Elections in the record (issue 18): the rule an election is held under, the papers of a round as
// the record keeps them, and the count of one round — the same pure functions for the service that
// closes a round and for `quorate verify` replaying it. Candidates are numbered from 1 in the record
// (as in BLT files); the counting engine numbers them from 0.
import { DomainError } from '../errors.ts';
import { countBallots, type CountMethod } from './count.ts';
import { drawLot } from './lot.ts';
import type { MajorityBase } from './simple-methods.ts';
import type { CountResult, CountStep, LotDraw, LotInput, Sha256, Stage } from './types.ts';

export const ELECTION_METHODS = [
  'majority-runoff',
  'majority-rounds',
  'plurality',
  'approval',
  'scottish-stv',
  'meek',
] as const;
export type ElectionMethod = (typeof ELECTION_METHODS)[number];

/** How the papers are cast: on paper counted by tellers, on members' devices, or aloud by name. */
export const ELECTION_BALLOT_KINDS = ['secret_paper', 'secret_electronic', 'open_roll_call'] as const;
export type ElectionBallotKind = (typeof ELECTION_BALLOT_KINDS)[number];

/** The rule an election is held under: data, with where it comes from (as a preset's majorities). */
export interface ElectionRule {
  method: ElectionMethod;
  seats: number;
  /** Majority methods: what "more than half" is measured against. */
  base?: MajorityBase;
  /** Approval: a paper marking more candidates than this is spoilt. */
  maxMarks?: number;
  /** Whether the anonymised papers are published after the close (cast vote records). */
  publishBallots: boolean;
  /** A candidate stands only once they have consented. */
  consentRequired: boolean;
  /** The act and part (or standing order) the rule comes from; "assumption" where nothing settles it. */
  source: string;
}

/** Methods that fill one seat over several rounds of voting, each a new ballot. */
export const ROUND_METHODS: readonly ElectionMethod[] = ['majority-runoff', 'majority-rounds'];
/** Methods whose papers rank candidates (more than one mark, in order). */
export const RANKED_METHODS: readonly ElectionMethod[] = ['scottish-stv', 'meek'];

const fail = (code: string, message: string): never => {
  throw new DomainError(code, message);
};

/**
 * Checks an election rule whole; returns it with only the fields it knows.
 * @example validateElectionRule({ method: 'plurality', seats: 1, publishBallots: true, consentRequired: true, source: 'x' }).method // 'plurality'
 */
export function validateElectionRule(x: unknown): ElectionRule {
  if (typeof x !== 'object' || x === null || Array.isArray(x))
    return fail('invalid_election_rule', 'a rule is an object');
  const r = x as Record<string, unknown>;
  if (!(ELECTION_METHODS as readonly unknown[]).includes(r.method))
    fail('invalid_method', `method is one of ${ELECTION_METHODS.join(', ')}`);
  const method = r.method as ElectionMethod;
  if (!Number.isSafeInteger(r.seats) || (r.seats as number) < 1 || (r.seats as number) > 100)
    fail('invalid_seats', 'seats is a whole number from 1 to 100');
  const seats = r.seats as number;
  if (ROUND_METHODS.includes(method) && seats !== 1)
    fail('invalid_seats', `${method} fills one seat; elect several by STV, approval or plurality`);
  const rule: ElectionRule = {
    method,
    seats,
    publishBallots: r.publishBallots === true,
    consentRequired: r.consentRequired !== false,
    source: typeof r.source === 'string' ? r.source.trim() : '',
  };
  if (typeof r.publishBallots !== 'boolean') fail('invalid_election_rule', 'publishBallots is true or false');
  if (rule.source.length === 0 || rule.source.length > 500)
    fail('rule_source_required', 'a rule names where it comes from (act and part, standing order, or "assumption")');
  if (ROUND_METHODS.includes(method)) {
    const base = r.base ?? 'cast';
    if (!['cast', 'present', 'established'].includes(base as string))
      fail('invalid_base', 'the base is cast, present or established');
    rule.base = base as MajorityBase;
  } else if (r.base !== undefined) fail('invalid_base', `${method} has no majority base`);
  if (method === 'approval') {
    const k = r.maxMarks ?? seats;
    if (!Number.isSafeInteger(k) || (k as number) < 1) fail('invalid_max_marks', 'maxMarks is a whole number ≥ 1');
    rule.maxMarks = k as number;
  } else if (r.maxMarks !== undefined) fail('invalid_max_marks', `${method} takes no maxMarks`);
  return rule;
}

/**
 * Why a paper cannot be cast as it is (a stable code), or null. A paper lists candidate numbers
 * (from 1): ranked methods in order of preference, approval the candidates approved, the others one
 * candidate. An empty paper is blank (allowed: it counts for turnout and nothing else).
 */
export function paperProblem(
  rule: ElectionRule,
  standing: readonly number[],
  ranking: readonly number[],
): string | null {
  const seen = new Set<number>();
  for (const c of ranking) {
    if (!Number.isSafeInteger(c) || !standing.includes(c)) return 'not_a_candidate';
    if (seen.has(c)) return 'candidate_repeated';
    seen.add(c);
  }
  if (rule.method === 'approval') return ranking.length > rule.maxMarks! ? 'too_many_marks' : null;
  if (!RANKED_METHODS.includes(rule.method) && ranking.length > 1) return 'too_many_marks';
  return null;
}

/** The papers of a round as the record keeps them: each distinct paper once, with how many were cast. */
export interface Paper {
  ranking: number[];
  weight: number;
}

/** Papers merged and sorted by their text (so their order tells nothing of when each was cast). */
export function mergePapers(papers: readonly Paper[]): Paper[] {
  const byKey = new Map<string, Paper>();
  for (const p of papers) {
    const key = p.ranking.join(',');
    const had = byKey.get(key);
    if (had) had.weight += p.weight;
    else byKey.set(key, { ranking: [...p.ranking], weight: p.weight });
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, p]) => p)
    .filter((p) => p.weight > 0);
}

/** Splits papers into parts whose JSON stays well under an entry's size limit. */
export function paperParts(papers: readonly Paper[], maxChars = 40_000): Paper[][] {
  const parts: Paper[][] = [];
  let part: Paper[] = [];
  let size = 0;
  for (const p of papers) {
    const len = JSON.stringify(p).length + 1;
    if (part.length > 0 && size + len > maxChars) {
      parts.push(part);
      part = [];
      size = 0;
    }
    part.push(p);
    size += len;
  }
  if (part.length > 0 || parts.length === 0) parts.push(part);
  return parts;
}

const encoder = new TextEncoder();

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

function unhex(s: string): Uint8Array {
  if (!/^([0-9a-f]{2})+$/.test(s)) fail('bad_seed', 'a seed is lower-case hexadecimal');
  return Uint8Array.from(s.match(/../g)!.map((b) => Number.parseInt(b, 16)));
}

/** What the log carries before the close: SHA-256 of the server's seed, so the seed cannot change later. */
export function seedCommitment(sha256: Sha256, serverSeed: string): string {
  return hex(sha256(unhex(serverSeed)));
}

/** The physical draw the tellers enter (dice, numbered balls): digits and spaces, at most 64 characters. */
export function normalisePhysicalDraw(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  if (!/^[0-9 ]{1,64}$/.test(t))
    fail('invalid_physical_draw', 'the tellers\u2019 draw is digits (spaces between), 1–64 characters');
  return t;
}

/**
 * The seed of every draw by lot in a round: SHA-256(server seed ‖ "quorate-physical/1|" ‖ the tellers'
 * draw). The server's seed was committed before the close; the tellers' draw is entered after it.
 */
export function lotSeed(sha256: Sha256, serverSeed: string, physical: string): Uint8Array {
  const seed = unhex(serverSeed);
  const label = encoder.encode(`quorate-physical/1|${physical}`);
  const input = new Uint8Array(seed.length + label.length);
  input.set(seed, 0);
  input.set(label, seed.length);
  return sha256(input);
}

/** The count of one round as the record keeps it (candidate numbers from 1). */
export interface RoundResult {
  method: ElectionMethod;
  /** Candidates elected at this round, in order of election. */
  elected: number[];
  /** Candidates standing in the next round (majority methods without a winner), else null. */
  next: number[] | null;
  quota: string | null;
  validVotes: number;
  precision: number;
  unfilled: number;
  stages: Stage[];
  lots: LotDraw[];
  steps: CountStep[];
}

export interface RoundFacts {
  rule: ElectionRule;
  /** Every candidate's name, by number (index 0 is candidate 1). */
  names: readonly string[];
  /** Candidates standing in this round. */
  standing: readonly number[];
  round: number;
  /** Whether this round is the second, between the two leaders (majority-runoff). */
  runoff: boolean;
  papers: readonly Paper[];
  present: number;
  established: number;
}

/**
 * Counts one round. Throws DomainError('lot_required') when a tie goes to lot and no seed is given.
 * @example countRound({ rule, names: ['A', 'B'], standing: [1, 2], round: 1, runoff: false, papers: [{ ranking: [1], weight: 2 }], present: 3, established: 3 }).elected // [1]
 */
export function countRound(f: RoundFacts, lot?: LotInput): RoundResult {
  const { rule } = f;
  if (ROUND_METHODS.includes(rule.method)) return majorityRound(f, lot);
  const n = f.names.length;
  const withdrawn = Array.from({ length: n }, (_, i) => i).filter((i) => !f.standing.includes(i + 1));
  const result = countBallots(
    rule.method as CountMethod,
    {
      candidates: [...f.names],
      ballots: f.papers.map((p) => ({ ranking: p.ranking.map((c) => c - 1), weight: p.weight })),
      withdrawn,
    },
    rule.seats,
    { ...(lot ? { lot } : {}), ...(rule.maxMarks !== undefined ? { maxMarks: rule.maxMarks } : {}) },
  );
  return fromCount(rule.method, result, null);
}

function fromCount(method: ElectionMethod, r: CountResult, next: number[] | null): RoundResult {
  return {
    method,
    elected: r.elected.map((c) => c + 1),
    next,
    quota: r.quota ?? null,
    validVotes: r.validVotes,
    precision: r.precision,
    unfilled: r.unfilled,
    stages: r.stages,
    lots: r.lots,
    steps: r.steps,
  };
}

/**
 * One round of a majority election (a fresh ballot each round): a candidate with more than half the
 * base is elected; otherwise a runoff between the two leaders (ties for second place by lot) or the
 * last dropped (ties by lot). In a runoff round the leader is elected; a tie goes to lot.
 */
function majorityRound(f: RoundFacts, lot?: LotInput): RoundResult {
  const n = f.names.length;
  const votes = Array.from({ length: n }, () => 0);
  let cast = 0;
  for (const p of f.papers) {
    const c = p.ranking.find((x) => f.standing.includes(x));
    if (c === undefined) continue;
    votes[c - 1]! += p.weight;
    cast += p.weight;
  }
  const base = f.rule.base ?? 'cast';
  const baseCount = base === 'cast' ? cast : base === 'present' ? f.present : f.established;
  const needed = Math.floor(baseCount / 2) + 1;
  const standing = f.standing.map((c) => c - 1);
  const steps: CountStep[] = [
    { rule: 'body', code: 'majority_round', args: { round: f.round, base, baseCount, needed, cast } },
  ];
  const lots: LotDraw[] = [];
  const pick = (purpose: 'elect' | 'exclude', among: number[]) => {
    const draw = drawLot(lot, f.round, purpose, among);
    lots.push(draw);
    steps.push({
      rule: 'body',
      code: 'tie_lot',
      args: { candidates: draw.among, candidate: draw.chosen, digest: draw.digest },
    });
    return draw.chosen;
  };
  const stage = (extra: Partial<Stage>): Stage => ({
    number: f.round,
    action: 'round',
    votes: votes.map(String),
    transfers: votes.map(String),
    nonTransferable: '0',
    elected: [],
    excluded: [],
    steps,
    ...extra,
  });
  const done = (elected: number[], next: number[] | null, extra: Partial<Stage>): RoundResult => ({
    method: f.rule.method,
    elected: elected.map((c) => c + 1),
    next: next ? next.map((c) => c + 1).sort((a, b) => a - b) : null,
    quota: String(needed),
    validVotes: cast,
    precision: 0,
    unfilled: elected.length === 0 && next === null ? 1 : 0,
    stages: [stage(extra)],
    lots,
    steps: [],
  });
  const top = Math.max(...standing.map((c) => votes[c]!));
  const leaders = standing.filter((c) => votes[c] === top);
  if ((top >= needed || (f.runoff && cast > 0)) && cast > 0) {
    const c = leaders.length > 1 ? pick('elect', leaders) : leaders[0]!;
    steps.push({
      rule: 'body',
      code: f.runoff && top < needed ? 'elected_runoff' : 'elected_majority',
      args: { candidate: c, votes: top, needed },
    });
    return done([c], null, { elected: [c] });
  }
  if (standing.length <= 1 || cast === 0 || (f.runoff && f.rule.method === 'majority-runoff')) {
    steps.push({ rule: 'body', code: 'no_majority', args: { needed } });
    return done([], null, {});
  }
  if (f.rule.method === 'majority-runoff') {
    const order = [...standing].sort((a, b) => votes[b]! - votes[a]! || a - b);
    const keep: number[] = [];
    let i = 0;
    while (keep.length < 2 && i < order.length) {
      const v = votes[order[i]!]!;
      const group = order.filter((c) => votes[c] === v);
      i += group.length;
      if (keep.length + group.length <= 2) keep.push(...group);
      else {
        let left = group;
        while (keep.length < 2) {
          const c = pick('elect', left);
          keep.push(c);
          left = left.filter((x) => x !== c);
        }
      }
    }
    keep.sort((a, b) => a - b);
    steps.push({ rule: 'body', code: 'runoff_between', args: { candidates: keep } });
    return done([], keep, { excluded: standing.filter((c) => !keep.includes(c)) });
  }
  const low = Math.min(...standing.map((c) => votes[c]!));
  const lows = standing.filter((c) => votes[c] === low);
  const dropped = lows.length === 1 ? lows[0]! : pick('exclude', lows);
  steps.push({ rule: 'body', code: 'dropped_lowest', args: { candidate: dropped, votes: String(low) } });
  return done(
    [],
    standing.filter((c) => c !== dropped),
    { excluded: [dropped] },
  );
}

/**
 * Where the papers were not published, what the stage table itself must satisfy: every stage's
 * votes and non-transferable votes sum to the valid votes, and those elected are candidates.
 * Returns a description of the first thing that does not hold, or null.
 */
export function stageTableProblem(result: RoundResult, candidates: number): string | null {
  const scale = 10n ** BigInt(result.precision);
  const toFixed = (s: string): bigint => {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
    if (!m) throw new DomainError('bad_stage', `"${s}" is not a decimal`);
    const frac = (m[3] ?? '').padEnd(result.precision, '0');
    if (frac.length > result.precision) throw new DomainError('bad_stage', `"${s}" has more digits than the count's`);
    const v = BigInt(m[2]!) * scale + BigInt(frac || '0');
    return m[1] ? -v : v;
  };
  try {
    for (const st of result.stages) {
      if (st.votes.length !== candidates)
        return `stage ${st.number} lists ${st.votes.length} candidates, not ${candidates}`;
      if (ROUND_METHODS.includes(result.method) || result.method === 'approval') continue;
      const sum = st.votes.reduce((a, v) => a + toFixed(v), 0n) + toFixed(st.nonTransferable);
      if (sum !== BigInt(result.validVotes) * scale)
        return `stage ${st.number}'s votes sum to ${sum} (in 10^-${result.precision}), not the ${result.validVotes} valid votes`;
    }
  } catch (err) {
    if (err instanceof DomainError) return err.message;
    throw err;
  }
  for (const c of result.elected) if (c < 1 || c > candidates) return `candidate ${c} does not exist`;
  return null;
}

const bltName = (s: string) => `"${s.replaceAll('"', '""')}"`;

/**
 * A round's published papers as a BLT file (candidates numbered as in the record; those not
 * standing marked withdrawn), which any STV tool can count.
 * @example papersToBlt(['A', 'B'], [1, 2], 1, [{ ranking: [2, 1], weight: 3 }], 'Chair').split('\n')[1] // '3 2 1 0'
 */
export function papersToBlt(
  names: readonly string[],
  standing: readonly number[],
  seats: number,
  papers: readonly Paper[],
  title: string,
): string {
  const lines = [`${names.length} ${seats}`];
  const withdrawn = names.map((_, i) => i + 1).filter((c) => !standing.includes(c));
  if (withdrawn.length > 0) lines.push(withdrawn.map((c) => `-${c}`).join(' '));
  for (const p of papers) lines.push(`${p.weight} ${p.ranking.join(' ')} 0`);
  lines.push('0', ...names.map(bltName), bltName(title));
  return `${lines.join('\n')}\n`;
}

/** A round's published papers as CSV: one line per paper, the candidates' names in order of preference. */
export function papersToCsv(names: readonly string[], papers: readonly Paper[]): string {
  const cell = (s: string) => (/[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const width = Math.max(1, ...papers.map((p) => p.ranking.length));
  const head = ['weight', ...Array.from({ length: width }, (_, i) => `preference_${i + 1}`)].join(',');
  const rows = papers.map((p) => [String(p.weight), ...p.ranking.map((c) => cell(names[c - 1]!))].join(','));
  return `${[head, ...rows].join('\n')}\n`;
}
