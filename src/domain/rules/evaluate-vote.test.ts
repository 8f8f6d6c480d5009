import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MajorityRule, QuorumRule } from './rule-set.ts';
import type { VoteCounts } from './vote-counts.ts';
import type { OutcomeReason } from './explanation-step.ts';
import { evaluateQuorum } from './evaluate-quorum.ts';
import { evaluateNamed, evaluateVote } from './evaluate-vote.ts';
import { PRESETS } from './presets.ts';

const ANY_QUORUM: QuorumRule = { base: 'filled', fraction: '0/1', compare: '>=' };
const cast = (fraction: string, compare: '>' | '>=', extra: Partial<MajorityRule> = {}): MajorityRule =>
  ({ base: 'cast', fraction, compare, tie: 'fails', ...extra }) as MajorityRule;

test('evaluateQuorum: needed is the smallest quorate present count', () => {
  const rows: Array<[QuorumRule, [number, number, number], boolean, number]> = [
    [{ base: 'filled', fraction: '1/2', compare: '>=' }, [20, 20, 10], true, 10],
    [{ base: 'filled', fraction: '1/2', compare: '>=' }, [20, 20, 9], false, 10],
    [{ base: 'filled', fraction: '1/2', compare: '>' }, [20, 20, 10], false, 11],
    [{ base: 'filled', fraction: '1/2', compare: '>' }, [20, 19, 10], true, 10],
    [{ base: 'established', fraction: '1/2', compare: '>' }, [20, 19, 10], false, 11],
    [{ base: 'established', fraction: '1/3', compare: '>=', min: 3 }, [6, 6, 2], false, 3],
    [{ base: 'established', fraction: '1/3', compare: '>=', min: 3 }, [12, 12, 4], true, 4],
    [{ base: 'established', fraction: '1/4', compare: '>=' }, [51, 51, 13], true, 13],
    // A quorum beyond the seats is never met, and says how many it would take.
    [{ base: 'filled', fraction: '1/1', compare: '>' }, [5, 5, 5], false, 6],
    [{ base: 'filled', fraction: '1/2', compare: '>=' }, [5, 0, 0], true, 0],
  ];
  for (const [rule, [established, filled, present], quorate, needed] of rows) {
    const r = evaluateQuorum(rule, { established, filled, present });
    assert.deepEqual(
      [r.quorate, r.needed, r.base],
      [quorate, needed, rule.base],
      JSON.stringify([rule, established, filled, present]),
    );
    assert.equal(r.explanation.length, 1);
    assert.equal(r.explanation[0]!.kind, 'quorum');
  }
});

type Row = [string, MajorityRule, Partial<VoteCounts>, boolean, number | null, OutcomeReason];

const DOUBLE: MajorityRule = {
  allOf: [cast('1/2', '>'), { base: 'established', fraction: '1/3', compare: '>=', tie: 'fails' }],
};

// Rules outside the presets: double majorities, minYes, unanimity, casting votes that do not suffice.
const ROWS: Row[] = [
  ['double majority: cast met, a third of 30 not', DOUBLE, { yes: 9, no: 6, abstain: 1 }, false, 10, 'below_threshold'],
  ['double majority: both met', DOUBLE, { yes: 10, no: 5, abstain: 1 }, true, 10, 'adopted'],
  ['double majority: the larger part decides requiredYes', DOUBLE, { yes: 4, no: 12 }, false, 13, 'below_threshold'],
  ['double majority: first failing part gives the reason', DOUBLE, { yes: 8, no: 8 }, false, 10, 'tie_fails'],
  [
    'nested allOf',
    { allOf: [DOUBLE, { base: 'present', fraction: '1/2', compare: '>', tie: 'fails' }] },
    { yes: 10, no: 5, abstain: 1 },
    true,
    10,
    'adopted',
  ],
  [
    'allOf with a part no yes count can meet',
    { allOf: [DOUBLE, cast('1/1', '>')] },
    { yes: 10, no: 0 },
    false,
    null,
    'below_threshold',
  ],
  [
    'minYes 3 with 2 yes and nobody against',
    cast('1/2', '>', { minYes: 3 }),
    { yes: 2, no: 0 },
    false,
    3,
    'below_min_yes',
  ],
  [
    'minYes 0 lets a lenient rule pass with no yes',
    { base: 'cast', fraction: '0/1', compare: '>=', tie: 'casting_vote', minYes: 0 },
    { yes: 0, no: 3 },
    true,
    0,
    'adopted',
  ],
  [
    'minYes 0, 0 = 0 tie on a lenient rule: the threshold is met, the tie does not matter',
    { base: 'cast', fraction: '0/1', compare: '>=', tie: 'fails', minYes: 0 },
    { yes: 0, no: 0 },
    true,
    0,
    'adopted',
  ],
  ['unanimity of those voting: 5 of 5', cast('1/1', '>='), { yes: 5, no: 0, abstain: 2 }, true, 1, 'adopted'],
  [
    'unanimity of those voting: one against, never',
    cast('1/1', '>='),
    { yes: 5, no: 1 },
    false,
    null,
    'below_threshold',
  ],
  ['more than all votes cast: never', cast('1/1', '>'), { yes: 5, no: 0 }, false, null, 'below_threshold'],
  [
    'half or more of cast: a tie adopts (the threshold says so)',
    cast('1/2', '>='),
    { yes: 4, no: 4 },
    true,
    4,
    'adopted',
  ],
  [
    'half or more, casting vote against: the threshold is already met',
    cast('1/2', '>=', { tie: 'casting_vote' }),
    { yes: 4, no: 4, castingVote: 'no' },
    true,
    4,
    'adopted',
  ],
  [
    'casting vote for, but (3 + 1) is not more than 9/2',
    { base: 'cast_with_abstentions', fraction: '1/2', compare: '>', tie: 'casting_vote' },
    { yes: 3, no: 3, abstain: 2, castingVote: 'yes' },
    false,
    6,
    'below_threshold',
  ],
  [
    'casting vote for on an established base: 4 is not more than 15',
    { base: 'established', fraction: '1/2', compare: '>', tie: 'casting_vote' },
    { yes: 3, no: 3, castingVote: 'yes' },
    false,
    16,
    'below_threshold',
  ],
  [
    'casting vote for, with invalid ballots counted: 5 + 1 > 12/2 is false',
    cast('1/2', '>', { tie: 'casting_vote', includeInvalid: true }),
    { yes: 5, no: 5, invalid: 2, castingVote: 'yes' },
    false,
    8,
    'below_threshold',
  ],
  [
    'casting vote for, invalid ballots not counted',
    cast('1/2', '>', { tie: 'casting_vote' }),
    { yes: 5, no: 5, invalid: 2, castingVote: 'yes' },
    true,
    5,
    'adopted_casting_vote',
  ],
  [
    'includeInvalid on cast_with_abstentions',
    { base: 'cast_with_abstentions', fraction: '1/2', compare: '>', tie: 'fails', includeInvalid: true },
    { yes: 6, no: 2, abstain: 1, invalid: 2 },
    true,
    6,
    'adopted',
  ],
  [
    'present base counts those not voting',
    { base: 'present', fraction: '1/2', compare: '>', tie: 'fails' },
    { yes: 9, no: 0, notVoting: 5 },
    true,
    9,
    'adopted',
  ],
  [
    'present base: 8 of 17 present is not more than half',
    { base: 'present', fraction: '1/2', compare: '>', tie: 'fails' },
    { yes: 8, no: 0, notVoting: 9 },
    false,
    9,
    'below_threshold',
  ],
  [
    'filled base: vacancies lower it',
    { base: 'filled', fraction: '1/2', compare: '>', tie: 'fails' },
    { yes: 13, no: 0 },
    true,
    13,
    'adopted',
  ],
];

test('rules beyond the presets: double majorities, minYes, unanimity, casting votes', () => {
  for (const [note, majority, counts, adopted, requiredYes, reason] of ROWS) {
    const full: VoteCounts = { established: 30, filled: 24, present: 17, yes: 0, no: 0, abstain: 0, ...counts };
    const o = evaluateVote(ANY_QUORUM, majority, full);
    assert.deepEqual(
      { adopted: o.adopted, requiredYes: o.requiredYes, reason: o.reason },
      { adopted, requiredYes, reason },
      note,
    );
  }
});

test('inquorate: nothing adopted, requiredYes null, no majority steps', () => {
  const o = evaluateNamed(PRESETS['ru-131fz']!, 'ordinary', {
    established: 20,
    filled: 20,
    present: 9,
    yes: 9,
    no: 0,
    abstain: 0,
  });
  assert.deepEqual([o.quorate, o.adopted, o.requiredYes, o.reason], [false, false, null, 'inquorate']);
  assert.deepEqual(
    o.explanation.map((s) => s.kind),
    ['rule', 'competence', 'quorum', 'counted', 'outcome'],
  );
});

test('the explanation is structured data naming counts, base, threshold, comparison and source', () => {
  const o = evaluateNamed(PRESETS['uk-lga-1972']!, 'ordinary', {
    established: 40,
    filled: 38,
    present: 20,
    yes: 8,
    no: 8,
    abstain: 4,
    castingVote: 'yes',
  });
  assert.deepEqual(
    o.explanation.map((s) => s.kind),
    ['rule', 'quorum', 'counted', 'threshold', 'tie', 'outcome'],
  );
  const [rule, quorum, counted, threshold, tie, outcome] = o.explanation;
  assert.deepEqual(rule, { kind: 'rule', preset: 'uk-lga-1972', majorityName: 'ordinary' });
  assert.deepEqual(
    { ...quorum!, source: undefined },
    {
      kind: 'quorum',
      present: 20,
      filled: 38,
      base: 'established',
      baseCount: 40,
      fraction: '1/4',
      compare: '>=',
      product: '10',
      needed: 10,
      quorate: true,
      source: undefined,
    },
  );
  assert.equal(quorum?.kind === 'quorum' && quorum.source?.section, 'Sch. 12 para 6; para 45');
  assert.deepEqual(counted, {
    kind: 'counted',
    yes: 8,
    no: 8,
    abstain: 4,
    notVoting: 0,
    blank: 0,
    invalid: 0,
    present: 20,
    filled: 38,
    established: 40,
  });
  assert.deepEqual(
    { ...threshold!, source: undefined },
    {
      kind: 'threshold',
      base: 'cast',
      includeInvalid: false,
      baseCount: 16,
      fraction: '1/2',
      compare: '>',
      product: '8',
      yes: 8,
      met: false,
      requiredYes: 8,
      castingVoteDecides: true,
      source: undefined,
    },
  );
  assert.equal(threshold?.kind === 'threshold' && threshold.source?.section, 'Sch. 12 para 39');
  assert.deepEqual(tie, {
    kind: 'tie',
    yes: 8,
    no: 8,
    tie: 'casting_vote',
    castingVote: 'yes',
    castingVoteMeets: true,
  });
  assert.deepEqual(outcome, { kind: 'outcome', adopted: true, reason: 'adopted_casting_vote', requiredYes: 8 });
});

test('double-majority steps carry their part numbers; min_yes appears when it matters', () => {
  const o = evaluateVote(
    ANY_QUORUM,
    { allOf: [cast('1/2', '>', { minYes: 2 }), { allOf: [cast('2/3', '>=')] }] },
    { established: 9, filled: 9, present: 5, yes: 1, no: 0, abstain: 0 },
  );
  assert.deepEqual(
    o.explanation.map((s) => `${s.kind}${'part' in s && s.part ? `@${s.part}` : ''}`),
    ['quorum', 'counted', 'all_of', 'threshold@1', 'min_yes@1', 'all_of@2', 'threshold@2.1', 'outcome'],
  );
  assert.deepEqual([o.adopted, o.reason, o.requiredYes, o.base], [false, 'below_min_yes', 2, 'all_of']);
});

test('an edited copy cites its own sources; meta.source overrides the preset', () => {
  const set = structuredClone(PRESETS.ronr!);
  set.source!.quorum = { act: 'Bylaws of the Example Society', section: 'art. IV §2' };
  const counts = { established: 9, filled: 9, present: 5, yes: 3, no: 2, abstain: 0 };
  const own = evaluateNamed(set, 'ordinary', counts).explanation.find((s) => s.kind === 'quorum');
  assert.equal(own?.kind === 'quorum' && own.source?.act, 'Bylaws of the Example Society');
  const viaPreset = evaluateVote(set.quorum, set.majorities.ordinary!, counts, {
    preset: 'ronr',
    majorityName: 'ordinary',
  });
  const q = viaPreset.explanation.find((s) => s.kind === 'quorum');
  assert.equal(q?.kind === 'quorum' && q.source?.section, '40:3');
  const bare = evaluateVote(set.quorum, set.majorities.ordinary!, counts);
  assert.ok(
    bare.explanation.every((s) => !('source' in s)),
    'no preset, no source: nothing is cited',
  );
});
