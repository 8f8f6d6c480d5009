// The counting engine's data: ballots in, a result out with every stage and the rule each step applied.
// Pure (DESIGN.md, "Counting engine"): no I/O, no clock; the hash for drawing lots is injected.

/** Ranked (or, for approval and yes/no, marked) papers; candidate indices are 0-based. */
export interface BallotSet {
  candidates: string[];
  ballots: ReadonlyArray<{ ranking: readonly number[]; weight: number }>;
  /** Candidates withdrawn before the count: skipped on every paper. */
  withdrawn?: readonly number[];
}

/** SHA-256 of the bytes: node:crypto on the server, anything equivalent elsewhere. */
export type Sha256 = (data: Uint8Array) => Uint8Array;

/** The inputs of every draw by lot: recorded, so anyone can recompute each draw. */
export interface LotInput {
  seed: Uint8Array;
  sha256: Sha256;
}

export type LotPurpose = 'exclude' | 'surplus_first' | 'elect' | 'order';

/** One draw: SHA-256(seed ‖ "quorate-lot/1|stage|purpose|candidates") mod |among| picks among[k]. */
export interface LotDraw {
  stage: number;
  purpose: LotPurpose;
  /** The tied candidates, ascending. */
  among: number[];
  chosen: number;
  /** The digest in lower-case hex. */
  digest: string;
}

/** Where a step comes from: a key into CITATIONS (citations.ts). */
export type RuleKey = string;

/** One step of the explanation as data: rendered in English and Russian by explain.ts. */
export interface CountStep {
  rule: RuleKey;
  code: string;
  /** Candidate indices under `candidate`/`candidates`, figures as decimal strings. */
  args: Record<string, string | number | number[] | boolean>;
}

export type StageAction = 'first' | 'surplus' | 'exclusion' | 'fill' | 'iteration' | 'round' | 'count';

export interface Stage {
  number: number;
  action: StageAction;
  /** The candidate whose surplus or papers moved at this stage. */
  subject?: number;
  /** Each candidate's votes at the end of the stage, decimal strings (the method's precision). */
  votes: string[];
  /** The change in each candidate's votes at this stage. */
  transfers: string[];
  /** Non-transferable votes at the end of the stage (exhausted papers, and fractions lost). */
  nonTransferable: string;
  elected: number[];
  excluded: number[];
  steps: CountStep[];
  /** The quota used at this stage, where it varies (Meek). */
  quota?: string;
  /** Meek: candidates' keep values at the end of the stage. */
  keepValues?: string[];
}

export interface CountResult {
  method: string;
  seats: number;
  candidates: string[];
  /** Candidate indices in the order of election. */
  elected: number[];
  /** The quota or threshold, where the method has one, as a decimal string. */
  quota?: string;
  /** Valid papers (ballot weights summed). */
  validVotes: number;
  /** Digits after the point in every figure of the stages. */
  precision: number;
  stages: Stage[];
  lots: LotDraw[];
  /** Seats left empty (too few candidates, or no candidate met the threshold). */
  unfilled: number;
  /** Steps about the whole count: quota, precision, completion. */
  steps: CountStep[];
}
