// Elections in the record: the rule's refusals, what a paper may be, one round of a majority
// election, the lot's seed, the stage-table check and the BLT the record publishes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  countRound,
  lotSeed,
  mergePapers,
  paperProblem,
  papersToBlt,
  seedCommitment,
  stageTableProblem,
  validateElectionRule,
  type ElectionRule,
  type RoundFacts,
} from './election-record.ts';
import { parseBlt } from './blt.ts';
import { DomainError } from '../errors.ts';

const sha = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
const base = { publishBallots: true, consentRequired: true, source: 'standing orders' };
const rule = (r: Partial<ElectionRule>) => validateElectionRule({ ...base, method: 'plurality', seats: 1, ...r });

test('a rule is refused with a stable code', () => {
  const cases: Array<[string, unknown, string]> = [
    ['not an object', 3, 'invalid_election_rule'],
    ['unknown method', { ...base, method: 'borda', seats: 1 }, 'invalid_method'],
    ['no seats', { ...base, method: 'meek', seats: 0 }, 'invalid_seats'],
    ['runoff for two', { ...base, method: 'majority-runoff', seats: 2 }, 'invalid_seats'],
    ['no source', { ...base, method: 'meek', seats: 2, source: '' }, 'rule_source_required'],
    ['a base for STV', { ...base, method: 'scottish-stv', seats: 2, base: 'cast' }, 'invalid_base'],
    ['a bad base', { ...base, method: 'majority-rounds', seats: 1, base: 'filled' }, 'invalid_base'],
    ['maxMarks for plurality', { ...base, method: 'plurality', seats: 1, maxMarks: 2 }, 'invalid_max_marks'],
    ['publishBallots missing', { method: 'meek', seats: 1, source: 'x' }, 'invalid_election_rule'],
  ];
  for (const [note, input, code] of cases)
    assert.throws(
      () => validateElectionRule(input),
      (e: unknown) => e instanceof DomainError && e.code === code,
      note,
    );
  assert.equal(rule({ method: 'majority-runoff' }).base, 'cast');
  assert.equal(rule({ method: 'approval', seats: 3 }).maxMarks, 3);
});

test('what a paper may be', () => {
  const cases: Array<[Partial<ElectionRule>, number[], string | null]> = [
    [{}, [], null],
    [{}, [1], null],
    [{}, [4], 'not_a_candidate'],
    [{}, [1, 2], 'too_many_marks'],
    [{ method: 'scottish-stv', seats: 2 }, [3, 1, 2], null],
    [{ method: 'scottish-stv', seats: 2 }, [3, 3], 'candidate_repeated'],
    [{ method: 'approval', seats: 1, maxMarks: 2 }, [1, 2], null],
    [{ method: 'approval', seats: 1, maxMarks: 2 }, [1, 2, 3], 'too_many_marks'],
  ];
  for (const [r, ranking, code] of cases)
    assert.equal(paperProblem(rule(r), [1, 2, 3], ranking), code, String(ranking));
});

const facts = (over: Partial<RoundFacts>): RoundFacts => ({
  rule: rule({ method: 'majority-runoff' }),
  names: ['A', 'B', 'C'],
  standing: [1, 2, 3],
  round: 1,
  runoff: false,
  papers: [],
  present: 5,
  established: 7,
  ...over,
});

test('a majority round: elected, a runoff, the last dropped, a base of members present', () => {
  const p = (a: number, b: number, c: number) =>
    mergePapers([
      { ranking: [1], weight: a },
      { ranking: [2], weight: b },
      { ranking: [3], weight: c },
    ]);
  assert.deepEqual(countRound(facts({ papers: p(3, 1, 1) })).elected, [1]);
  const inconclusive = countRound(facts({ papers: p(2, 2, 1) }));
  assert.deepEqual([inconclusive.elected, inconclusive.next], [[], [1, 2]]);
  const runoff = countRound(facts({ papers: p(2, 1, 0), standing: [1, 2], round: 2, runoff: true }));
  assert.deepEqual(runoff.elected, [1], 'the runoff elects the leader without a majority of a base');
  const dropLast = countRound(facts({ rule: rule({ method: 'majority-rounds' }), papers: p(2, 2, 1) }));
  assert.deepEqual(dropLast.next, [1, 2]);
  const present = countRound(
    facts({ rule: rule({ method: 'majority-rounds', base: 'present' }), papers: p(3, 1, 0), present: 7 }),
  );
  assert.deepEqual(present.elected, [], '3 of 7 present is no majority');
  assert.throws(
    () => countRound(facts({ papers: p(2, 1, 1) })),
    (e: unknown) => e instanceof DomainError && e.code === 'lot_required',
    'a tie for second place goes to lot',
  );
});

test('the lot: the same seed and draw give the same result; the commitment binds the seed', () => {
  const seed = 'ab'.repeat(32);
  assert.equal(seedCommitment(sha, seed), createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex'));
  const tie = facts({
    papers: [
      { ranking: [1], weight: 1 },
      { ranking: [2], weight: 1 },
    ],
    rule: rule({}),
  });
  const once = countRound(tie, { seed: lotSeed(sha, seed, '4 2'), sha256: sha });
  const twice = countRound(tie, { seed: lotSeed(sha, seed, '4 2'), sha256: sha });
  assert.deepEqual(once, twice);
  assert.equal(once.lots.length, 1);
  const draws = new Set(
    ['1', '2', '3', '4', '5', '6', '7', '8'].map(
      (d) => countRound(tie, { seed: lotSeed(sha, seed, d), sha256: sha }).elected[0],
    ),
  );
  assert.equal(draws.size, 2, 'different draws can elect either');
});

test('the stage table: a sum that does not hold is named', () => {
  const result = countRound(
    facts({
      rule: rule({ method: 'scottish-stv', seats: 2 }),
      papers: mergePapers([
        { ranking: [1, 2], weight: 5 },
        { ranking: [3], weight: 2 },
      ]),
    }),
  );
  assert.equal(stageTableProblem(result, 3), null);
  const broken = structuredClone(result);
  broken.stages[0]!.votes[0] = '4.00000';
  assert.match(stageTableProblem(broken, 3) ?? '', /sum/);
});

test('the published papers as BLT read back by the engine', () => {
  const papers = mergePapers([
    { ranking: [2, 1], weight: 3 },
    { ranking: [1], weight: 1 },
  ]);
  const blt = papersToBlt(['A "the first"', 'B', 'C'], [1, 2], 1, papers, 'Chair, round 2');
  const back = parseBlt(blt);
  assert.deepEqual(back.candidates, ['A "the first"', 'B', 'C']);
  assert.deepEqual(back.withdrawn, [2]);
  assert.deepEqual(
    back.ballots.map((b) => [b.ranking, b.weight]),
    [
      [[0], 1],
      [[1, 0], 3],
    ],
  );
});
