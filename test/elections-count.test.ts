// The counting engine (issue 18, first slice): the five Scottish wards elect the councillors declared
// elected; every method agrees exactly with an oracle written apart over random ballot sets; the
// invariants hold; the CLI reads every BLT variant the fixtures use and refuses bad input in one line.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parseBlt } from '../src/domain/elections/blt.ts';
import { countBallots } from '../src/domain/elections/count.ts';
import { explainCount } from '../src/domain/elections/explain.ts';
import { formatFixed } from '../src/domain/elections/fixed.ts';
import { drawLot } from '../src/domain/elections/lot.ts';
import { countMeekStv } from '../src/domain/elections/meek-stv.ts';
import { countScottishStv } from '../src/domain/elections/scottish-stv.ts';
import { countApproval, countMajority, countPlurality, countYesNo } from '../src/domain/elections/simple-methods.ts';
import type { BallotSet, CountResult, LotInput } from '../src/domain/elections/types.ts';
import { oracleMeek, oracleScottish, oracleTopK } from './support/election-oracles.ts';
import { runCli } from './support/run-command.ts';

const FIXTURES = new URL('./fixtures/stv/', import.meta.url).pathname;
const published = JSON.parse(readFileSync(join(FIXTURES, 'published-results.json'), 'utf8')) as {
  cases: Array<{ file: string; seats: number; valid_votes: number; quota: number; elected_as_published: string }>;
};
const sha256 = (d: Uint8Array) => new Uint8Array(createHash('sha256').update(d).digest());
const lotOf = (seed: number): LotInput => ({ seed: new TextEncoder().encode(`seed-${seed}`), sha256 });

/** A small seeded PRNG (mulberry32): the same cases on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomElection(seed: number) {
  const r = prng(seed);
  const n = 2 + Math.floor(r() * 6);
  const seats = 1 + Math.floor(r() * Math.min(4, n));
  const ballots: Array<{ ranking: number[]; weight: number }> = [];
  const lines = 1 + Math.floor(r() * 40);
  for (let i = 0; i < lines; i++) {
    const order = Array.from({ length: n }, (_, c) => c).sort(() => r() - 0.5);
    ballots.push({ ranking: order.slice(0, 1 + Math.floor(r() * n)), weight: 1 + Math.floor(r() * 4) });
  }
  const withdrawn = r() < 0.15 && n > 2 ? [Math.floor(r() * n)] : [];
  const input: BallotSet = { candidates: Array.from({ length: n }, (_, c) => `C${c + 1}`), ballots, withdrawn };
  return { input, seats, r };
}

const scaled = (s: string, digits: number) =>
  BigInt(s.replace('.', '')) * 10n ** BigInt(digits - (s.split('.')[1]?.length ?? 0));
const stageVotes = (res: CountResult) => res.stages.map((s) => s.votes.map((v) => scaled(v, res.precision)));
const name = (e: { candidates: string[] }) => (c: number) => e.candidates[c]!;

describe('the five Scottish wards (SSI 2011/399 sch 1 rules 46–53)', () => {
  for (const c of published.cases) {
    test(`${c.file}: valid votes, quota and the councillors declared elected`, () => {
      const e = parseBlt(readFileSync(join(FIXTURES, c.file), 'utf8'));
      assert.equal(e.seats, c.seats);
      assert.equal(e.candidates.length, Number(readFileSync(join(FIXTURES, c.file), 'utf8').split(' ')[0]));
      assert.ok(e.title.length > 0 && !e.title.startsWith('"'), `title read without its quotes: ${e.title}`);
      assert.ok(e.candidates.every((x) => x.length > 0 && !x.startsWith('"')));
      const r = countScottishStv(e, e.seats);
      assert.equal(r.validVotes, c.valid_votes);
      assert.equal(r.quota, String(c.quota));
      const elected = r.elected.map(name(e));
      const expected = c.elected_as_published.split(', ');
      assert.equal(elected.length, expected.length);
      for (const [k, who] of expected.entries()) {
        assert.ok(elected[k]!.toLowerCase().includes(who.toLowerCase()), `${k + 1}: ${elected[k]} is ${who}`);
      }
      assert.deepEqual(r.lots, [], 'no tie went to lot');
      // Every stage accounts for every vote: candidates + non-transferable = valid votes, exactly.
      for (const s of r.stages) {
        const sum = s.votes.reduce((t, v) => t + scaled(v, 5), 0n) + scaled(s.nonTransferable, 5);
        assert.equal(sum, BigInt(c.valid_votes) * 100000n, `stage ${s.number}`);
      }
      const oracle = oracleScottish(e, e.seats);
      assert.deepEqual(r.elected, oracle.elected);
      assert.deepEqual(stageVotes(r), oracle.stages);
    });
  }

  // Stage figures as published (Wikipedia, "Cromarty Firth (ward)", from the council's declared
  // results): whole votes for 2017, one decimal place for 2022; a candidate's column ends where the
  // table leaves it blank. The engine's five-place figures, rounded half up to the published places,
  // must equal them.
  const PUBLISHED_STAGES: Record<string, { places: number; figures: Record<string, number[]> }> = {
    'highland_2017_ward6.blt': {
      places: 0,
      figures: {
        'Carolyn WILSON (Ind)': [1108],
        'Pauline MUNRO (SNP)': [801, 828],
        'Mike FINLAYSON (Ind)': [405, 483, 483, 532, 567, 639, 773, 1047],
        'MAXINE SMITH (SNP)': [579, 599, 604, 615, 624, 660, 674, 741],
        'Martin RATTRAY (Ind)': [322, 378, 378, 399, 422, 498, 591],
        'IAN SMITH (C)': [346, 368, 368, 373, 390, 468],
      },
    },
    'highland_2022_cromarty_firth.blt': {
      places: 1,
      figures: {
        'Tamala COLLIER "Scottish National Party (SNP)"': [1127],
        'Molly NOLAN "Scottish Liberal Democrats"': [1079],
        'Pauline MUNRO "Independent"': [679, 749.3, 804.5],
        'Maxine MORLEY-SMITH "Independent"': [283, 323.0, 355.9, 370.8, 383.2, 446.6, 498.9, 575.6, 705.0],
        'Andrew Phillip BAXTER "Scottish Conservative and Unionist"': [
          261, 266.0, 315.0, 315.8, 322.1, 346.3, 350.4, 397.4,
        ],
        'Kirsty STEWART "Scottish Labour Party"': [162, 194.2, 238.1, 239.5, 249.3, 267.9, 343.6],
        'Kate STEVENSON "Independent"': [122, 135.7, 174.3, 178.9, 192.0],
        'Daniel REAT "Scottish Greens - Delivering For Our Community"': [112, 223.5, 243.2, 244.4, 247.3, 260.7],
        'Eric FRASER "Independent"': [45, 54.7, 64.0, 65.7],
      },
    },
  };
  for (const [file, { places, figures }] of Object.entries(PUBLISHED_STAGES)) {
    test(`${file}: every published stage figure, at the published precision`, () => {
      const e = parseBlt(readFileSync(join(FIXTURES, file), 'utf8'));
      const r = countScottishStv(e, e.seats);
      const unit = 10n ** BigInt(5 - places);
      const round = (v: string) => Number((scaled(v, 5) + unit / 2n) / unit) / 10 ** places;
      for (const [who, expected] of Object.entries(figures)) {
        const c = e.candidates.indexOf(who);
        assert.ok(c >= 0, who);
        assert.deepEqual(
          expected.map((_, k) => round(r.stages[k]!.votes[c]!)),
          expected,
          who,
        );
      }
    });
  }

  test('Highland 2017 Cromarty Firth: the first transfer, figure by figure', () => {
    const e = parseBlt(readFileSync(join(FIXTURES, 'highland_2017_ward6.blt'), 'utf8'));
    const r = countScottishStv(e, 4);
    const wilson = e.candidates.indexOf('Carolyn WILSON (Ind)');
    assert.equal(r.stages[0]!.votes[wilson], '1108.00000');
    // Surplus 1108 − 821 = 287; each first-preference paper moves at 287 / 1108 = 0.25902… truncated.
    const tv = r.stages[1]!.steps.find((s) => s.code === 'transfer_value')!;
    assert.deepEqual(tv.args, { value: '1.00000', transferValue: '0.25902', papers: '1108' });
    assert.equal(r.stages[1]!.votes[wilson], '821.00000');
  });

  test('Meek STV counts the same wards and keeps within its precision', () => {
    for (const c of published.cases) {
      const e = parseBlt(readFileSync(join(FIXTURES, c.file), 'utf8'));
      const r = countMeekStv(e, e.seats);
      assert.equal(r.elected.length, e.seats);
      assert.deepEqual(r.elected, oracleMeek(e, e.seats).elected, c.file);
      const last = r.stages[r.stages.length - 1]!;
      assert.equal(scaled(last.quota!, 9) > 0n, true);
    }
  });
});

describe('BLT', () => {
  test('reads ids, withdrawn candidates, quoted names with doubled quotes, CRLF, no final newline', () => {
    const e = parseBlt(
      '3 2\r\n-2\r\n(a) 2 1 2 3 0\r\n(b) 1 3 0\r\n1 2 0\r\n0\r\n"Ann ""A"""\r\nBob\r\n"Cy"\r\n"Title"',
    );
    assert.deepEqual(e.candidates, ['Ann "A"', 'Bob', 'Cy']);
    assert.deepEqual(e.withdrawn, [1]);
    assert.deepEqual(
      e.ballots.map((b) => [b.id, b.weight, b.ranking]),
      [
        ['a', 2, [0, 2]],
        ['b', 1, [2]],
      ],
    );
    assert.equal(e.emptyBallots, 1, 'a paper for a withdrawn candidate only is not a valid paper');
    assert.equal(e.title, 'Title');
  });

  for (const [text, line, pattern] of [
    ['', 1, /empty file/],
    ['2 x\n0\nA\nB\n', 1, /seats must be a whole number/],
    ['2 1\n1 1 3 0\n0\nA\nB\n', 2, /candidate 3 is not among 1–2/],
    ['2 1\n1 1 2\n0\nA\nB\n', 2, /must end with 0/],
    ['2 1\n1 1=2 0\n0\nA\nB\n', 2, /equal rankings/],
    ['2 1\n1 1 0\nA\nB\n', 3, /or the line "0" ending the ballots/],
    ['2 1\n1 1 0\n0\nA\n', 4, /expected 2 candidate names/],
    ['2 1\n1 1 0\n0\n"A\nB\n', 4, /unbalanced quotes/],
  ] as const) {
    test(`refuses ${JSON.stringify(text.slice(0, 24))} at line ${line}`, () => {
      assert.throws(
        () => parseBlt(text),
        (err: Error & { code?: string }) =>
          err.code === 'blt_invalid' && err.message.startsWith(`line ${line}:`) && pattern.test(err.message),
      );
    });
  }
});

describe('property tests against the oracles (seeded, a few hundred cases)', () => {
  test('Scottish STV: exact equality with the oracle, seats filled, quota reached means elected, ballot order irrelevant', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { input, seats, r } = randomElection(seed);
      const lot = lotOf(seed);
      const res = countScottishStv(input, seats, { lot });
      const oracle = oracleScottish(input, seats, lot);
      assert.deepEqual(res.elected, oracle.elected, `seed ${seed}`);
      assert.deepEqual(stageVotes(res), oracle.stages, `seed ${seed}`);
      assert.equal(res.quota, String(oracle.quota / 100000n));
      const standing = input.candidates.length - (input.withdrawn?.length ?? 0);
      assert.equal(res.elected.length, Math.min(seats, standing), `seed ${seed}: seats filled`);
      for (const s of res.stages) {
        for (let c = 0; c < input.candidates.length; c++) {
          if (scaled(s.votes[c]!, 5) >= oracle.quota) assert.ok(res.elected.includes(c), `seed ${seed}: over quota`);
        }
        const sum = s.votes.reduce((t, v) => t + scaled(v, 5), 0n) + scaled(s.nonTransferable, 5);
        assert.equal(sum, BigInt(res.validVotes) * 100000n, `seed ${seed}: votes accounted for`);
      }
      const shuffled = { ...input, ballots: [...input.ballots].sort(() => r() - 0.5) };
      const again = countScottishStv(shuffled, seats, { lot });
      assert.deepEqual(again.elected, res.elected, `seed ${seed}: order of ballots`);
      assert.deepEqual(again.stages, res.stages);
    }
  });

  test('Meek STV: exact equality with the oracle, seats filled, ballot order irrelevant', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const { input, seats, r } = randomElection(seed);
      const lot = lotOf(seed);
      const res = countMeekStv(input, seats, { lot });
      const oracle = oracleMeek(input, seats, lot);
      assert.deepEqual(res.elected, oracle.elected, `seed ${seed}`);
      assert.deepEqual(stageVotes(res), oracle.recorded, `seed ${seed}`);
      assert.equal(res.quota, formatFixed(oracle.quota, 9));
      for (const s of res.stages) {
        const sum = s.votes.reduce((t, v) => t + scaled(v, 9), 0n) + scaled(s.nonTransferable, 9);
        assert.equal(sum, BigInt(res.validVotes) * 10n ** 9n, `seed ${seed}: votes accounted for`);
      }
      const standing = input.candidates.length - (input.withdrawn?.length ?? 0);
      assert.equal(res.elected.length, Math.min(seats, standing), `seed ${seed}: seats filled`);
      const shuffled = { ...input, ballots: [...input.ballots].sort(() => r() - 0.5) };
      assert.deepEqual(countMeekStv(shuffled, seats, { lot }).elected, res.elected, `seed ${seed}: order of ballots`);
    }
  });

  test('plurality and approval: the oracle counts marks directly', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { input, seats } = randomElection(seed);
      const lot = lotOf(seed);
      const withdrawn = new Set(input.withdrawn);
      const eligible = input.candidates.map((_, c) => c).filter((c) => !withdrawn.has(c));
      const first = input.candidates.map(() => 0);
      const marks = input.candidates.map(() => 0);
      for (const b of input.ballots) {
        const live = b.ranking.filter((c) => !withdrawn.has(c));
        if (live.length > 0) first[live[0]!]! += b.weight;
        if (live.length > 0 && live.length <= 3) for (const c of live) marks[c]! += b.weight;
      }
      assert.deepEqual(
        countPlurality(input, seats, { lot }).elected,
        oracleTopK(first, eligible, seats, lot),
        `seed ${seed}`,
      );
      const approved = eligible.filter((c) => marks[c]! > 0);
      assert.deepEqual(
        countApproval(input, seats, { maxMarks: 3, lot }).elected,
        oracleTopK(marks, approved, seats, lot),
        `seed ${seed}`,
      );
    }
  });

  test('yes/no/abstain: the oracle checks each threshold as a quotient (the engine cross-multiplies) and fills seats by yes votes', () => {
    const MARKS = ['yes', 'no', 'abstain', null] as const;
    for (let seed = 1; seed <= 300; seed++) {
      const r = prng(seed);
      const n = 1 + Math.floor(r() * 6);
      const seats = 1 + Math.floor(r() * n);
      const papers = Array.from({ length: 1 + Math.floor(r() * 30) }, () => ({
        marks: Array.from({ length: n }, () => MARKS[Math.floor(r() * 4)]!),
        weight: 1 + Math.floor(r() * 3),
      }));
      const den = 2 + Math.floor(r() * 3);
      const num = 1 + Math.floor(r() * (den - 1));
      const compare = r() < 0.5 ? ('>' as const) : ('>=' as const);
      const base = (['yes_no', 'cast', 'present'] as const)[Math.floor(r() * 3)]!;
      const present = papers.reduce((t, p) => t + p.weight, 0) + Math.floor(r() * 5);
      const lot = lotOf(seed);
      const names = Array.from({ length: n }, (_, c) => `C${c + 1}`);
      const res = countYesNo(names, papers, seats, { base, presentCount: present, num, den, compare, lot });
      const tally = (c: number, m: string) => papers.reduce((t, p) => t + (p.marks[c] === m ? p.weight : 0), 0);
      const yes = names.map((_, c) => tally(c, 'yes'));
      const passes = names
        .map((_, c) => c)
        .filter((c) => {
          const b =
            base === 'present'
              ? present
              : tally(c, 'yes') + tally(c, 'no') + (base === 'cast' ? tally(c, 'abstain') : 0);
          if (b === 0) return false;
          return compare === '>' ? yes[c]! / b > num / den + 1e-12 : yes[c]! / b >= num / den - 1e-12;
        });
      assert.deepEqual(res.elected, oracleTopK(yes, passes, seats, lot), `seed ${seed}`);
    }
  });

  test('absolute majority: the oracle replays the rounds directly', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { input, r } = randomElection(seed);
      const lot = lotOf(seed);
      const base = r() < 0.5 ? ('cast' as const) : ('present' as const);
      const total = input.ballots.reduce((t, b) => t + b.weight, 0);
      const present = total + Math.floor(r() * 6);
      for (const after of ['runoff', 'drop_last'] as const) {
        // The oracle: count each round from scratch; stop at more than half of the base; else drop.
        let standing = input.candidates.map((_, c) => c).filter((c) => !(input.withdrawn ?? []).includes(c));
        let winner: number | undefined;
        for (let round = 1; ; round++) {
          const v = input.candidates.map(() => 0);
          for (const b of input.ballots) {
            const c = b.ranking.find((x) => standing.includes(x));
            if (c !== undefined) v[c]! += b.weight;
          }
          const cast = v.reduce((t, x) => t + x, 0);
          const b = base === 'cast' ? cast : present;
          const top = Math.max(...standing.map((c) => v[c]!));
          const leaders = standing.filter((c) => v[c] === top);
          const pick = (among: number[], purpose: 'elect' | 'exclude') =>
            among.length === 1 ? among[0]! : drawLot(lot, round, purpose, among).chosen;
          if (2 * top > b || (after === 'runoff' && round === 2 && cast > 0)) {
            winner = pick(leaders, 'elect');
            break;
          }
          if (cast === 0 || (after === 'drop_last' && standing.length <= 1)) break;
          if (after === 'runoff') standing = oracleTopK(v, standing, 2, lot);
          else {
            const low = Math.min(...standing.map((c) => v[c]!));
            const out = pick(
              standing.filter((c) => v[c] === low),
              'exclude',
            );
            standing = standing.filter((c) => c !== out);
          }
        }
        const res = countMajority(input, { base, baseCount: present, after, lot });
        assert.deepEqual(res.elected, winner === undefined ? [] : [winner], `seed ${seed} ${after} ${base}`);
      }
    }
  });

  test('absolute majority: an elected candidate has more than half of the base in the last round', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { input } = randomElection(seed);
      const lot = lotOf(seed);
      for (const then of ['runoff', 'drop_last'] as const) {
        const res = countMajority(input, { base: 'cast', after: then, lot });
        const last = res.stages[res.stages.length - 1]!;
        // With the base "votes cast" someone is always elected unless nobody voted.
        assert.equal(res.elected.length, 1, `seed ${seed} ${then}`);
        const w = res.elected[0]!;
        const cast = last.votes.reduce((t, v) => t + Number(v), 0);
        if (then === 'drop_last') assert.ok(Number(last.votes[w]) * 2 > cast, `seed ${seed}: majority`);
        else
          assert.ok(
            last.votes.every((v) => Number(v) <= Number(last.votes[w])),
            `seed ${seed}: leader`,
          );
        if (res.stages.length === 1) assert.ok(Number(last.votes[w]) * 2 > cast);
      }
    }
  });
});

describe('single-winner and per-candidate methods, worked examples', () => {
  const abc = (ballots: Array<[number[], number]>): BallotSet => ({
    candidates: ['Ann', 'Bob', 'Cy'],
    ballots: ballots.map(([ranking, weight]) => ({ ranking, weight })),
  });

  test('majority with a runoff: nobody has half in round 1; the two leaders meet; the third is dropped', () => {
    const input = abc([
      [[0], 4],
      [[1, 0], 3],
      [[2, 1], 2],
    ]);
    const res = countMajority(input, { base: 'cast', after: 'runoff' });
    assert.deepEqual(
      res.stages.map((s) => s.votes),
      [
        ['4', '3', '2'],
        ['4', '5', '0'],
      ],
    );
    assert.deepEqual(res.stages[0]!.excluded, [2]);
    assert.deepEqual(res.elected, [1]);
    assert.equal(res.quota, '5', 'more than half of 9 votes cast');
  });

  test('majority of the members present: a majority of the votes cast is not enough', () => {
    const input = abc([
      [[0], 5],
      [[1], 2],
    ]);
    assert.deepEqual(countMajority(input, { base: 'cast', after: 'drop_last' }).elected, [0]);
    const res = countMajority(input, { base: 'present', baseCount: 12, after: 'drop_last' });
    assert.deepEqual(res.elected, [], 'Ann has 5 of 12 present, 7 needed, even alone');
    assert.equal(res.unfilled, 1);
    assert.equal(res.quota, '7');
    // A runoff is decided by the most votes between the two leaders (the rule's parameter says so).
    const runoff = countMajority(input, { base: 'present', baseCount: 12, after: 'runoff' });
    assert.deepEqual(runoff.elected, [0]);
    assert.equal(runoff.stages[1]!.steps.at(-1)!.code, 'elected_runoff');
  });

  test('yes/no/abstain: the threshold per candidate, seats in order of yes votes', () => {
    const res = countYesNo(
      ['Ann', 'Bob', 'Cy'],
      [
        { marks: ['yes', 'yes', 'no'], weight: 4 },
        { marks: ['no', 'yes', 'yes'], weight: 3 },
        { marks: ['abstain', 'no', 'yes'], weight: 2 },
      ],
      2,
      { base: 'yes_no', num: 1, den: 2, compare: '>' },
    );
    // Ann 4 yes / 7 (qualifies), Bob 7 / 9, Cy 5 / 9: Bob, then Cy by 5 > 4 yes votes.
    assert.deepEqual(res.elected, [1, 2]);
    assert.equal(res.stages[0]!.steps.filter((s) => s.code === 'yes_no_qualified').length, 3);
  });

  test('a tie sent to lot is recomputable from the seed alone', () => {
    const lot = lotOf(42);
    // Rule 52: Bob and Cy tie at 3 after Dee's exclusion; at stage 1 Cy had fewer, so Cy goes — no lot.
    const earlier = countScottishStv(
      {
        candidates: ['Ann', 'Bob', 'Cy', 'Dee'],
        ballots: [
          { ranking: [0], weight: 6 },
          { ranking: [1], weight: 3 },
          { ranking: [2], weight: 2 },
          { ranking: [3, 2], weight: 1 },
        ],
      },
      1,
      { lot },
    );
    assert.deepEqual(earlier.lots, []);
    assert.deepEqual(earlier.stages[2]!.excluded, [2]);
    assert.deepEqual(earlier.stages[2]!.steps[0]!.args, { candidates: [1, 2], stage: 1, kept: [2] });
    // Equal at every stage: lot.
    const tied = countScottishStv(
      abc([
        [[0], 2],
        [[1], 2],
      ]),
      1,
      { lot },
    );
    assert.equal(tied.lots.length, 1);
    const draw = tied.lots[0]!;
    const recomputed = drawLot(lot, draw.stage, draw.purpose, draw.among);
    assert.deepEqual(recomputed, draw);
    const label = new TextEncoder().encode(`quorate-lot/1|${draw.stage}|exclude|1,2`);
    const digest = createHash('sha256').update(lot.seed).update(label).digest('hex');
    assert.equal(draw.digest, digest);
    assert.equal(draw.chosen, Number(BigInt(`0x${digest}`) % 2n));
    assert.throws(
      () =>
        countScottishStv(
          abc([
            [[0], 2],
            [[1], 2],
          ]),
          1,
        ),
      /goes to lot: give a seed/,
    );
  });

  test('every step names its rule, in English and in Russian', () => {
    const e = parseBlt(readFileSync(join(FIXTURES, 'orkney_2017_ward4.blt'), 'utf8'));
    const res = countBallots('scottish-stv', e, e.seats);
    const en = explainCount(res, 'en');
    const ru = explainCount(res, 'ru');
    assert.equal(en.length, ru.length);
    for (const line of en) assert.match(line, /\[SSI 2011\/399 sch\. 1, rule \d\d/);
    for (const line of ru) assert.match(line, /\[SSI 2011\/399, прил\. 1, правило \d\d/);
    assert.ok(ru.some((l) => /квота = ⌊1833 \/ \(4 \+ 1\)⌋ \+ 1 = 367/.test(l)));
    assert.ok(ru.some((l) => /исключается/.test(l)) || ru.some((l) => /излишек/i.test(l)));
  });
});

describe('quorate elections count', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  for (const c of published.cases) {
    test(`--json on ${c.file}`, async () => {
      const out = await runCli(['elections', 'count', '--method', 'scottish-stv', join(FIXTURES, c.file), '--json']);
      assert.equal(out.code, 0, out.stderr);
      const json = JSON.parse(out.stdout) as { elected: string[]; quota: number; stages: unknown[] };
      assert.equal(json.quota, c.quota);
      assert.equal(json.elected.length, c.seats);
      assert.ok(json.stages.length >= 1);
    });
  }

  test('names as the file gives them; --seats overrides; the table without --json; Meek', async () => {
    const file = join(FIXTURES, 'north_lanarkshire_2022_ward17.blt');
    const one = await runCli(['elections', 'count', '--method', 'scottish-stv', file, '--seats', '1', '--json']);
    const json = JSON.parse(one.stdout) as { elected: string[]; quota: number };
    assert.equal(json.quota, Math.floor(4596 / 2) + 1);
    assert.equal(json.elected.length, 1);
    assert.match(json.elected[0]!, /^David CRICHTON "Scottish National Party \(SNP\)"$/);
    const stages = (
      JSON.parse(one.stdout) as { stages: Array<{ steps: Array<{ code: string; args: { candidate?: unknown } }> }> }
    ).stages;
    const elect = stages.flatMap((s) => s.steps).find((s) => s.code.startsWith('elected_'))!;
    assert.equal(elect.args.candidate, json.elected[0], 'steps name candidates as the file does');
    const table = await runCli(['elections', 'count', '--method', 'meek', file, '--lang', 'ru']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /Elected: /);
    assert.match(table.stdout, /Квота = /);
  });

  test('bad input: one line on stderr, exit 2', async () => {
    const d = mkdtempSync(join(tmpdir(), 'quorate-blt-'));
    dirs.push(d);
    const bad = join(d, 'bad.blt');
    writeFileSync(bad, '3 1\n1 1 4 0\n0\nA\nB\nC\n');
    const out = await runCli(['elections', 'count', '--method', 'scottish-stv', bad]);
    assert.equal(out.code, 2);
    assert.equal(out.stderr.trimEnd().split('\n').length, 1, out.stderr);
    assert.match(out.stderr, /line 2: candidate 4 is not among 1–3 \(blt_invalid\)/);
    const missing = await runCli(['elections', 'count', '--method', 'scottish-stv', join(d, 'none.blt')]);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr.trimEnd().split('\n').length, 1);
    assert.equal((await runCli(['elections', 'count', '--method', 'borda', bad])).code, 2);
  });
});
