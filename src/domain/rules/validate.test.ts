import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../errors.ts';
import { evaluateQuorum } from './evaluate-quorum.ts';
import { evaluateVote } from './evaluate-vote.ts';
import { PRESETS } from './presets.ts';
import { majorityForMotion, validateMajorityRule, validateQuorumRule, validateRuleSet } from './rule-set.ts';
import { validateCounts } from './vote-counts.ts';

const GOOD = { established: 20, filled: 20, present: 10, yes: 7, no: 0, abstain: 3 };
const QUORUM = { base: 'filled', fraction: '1/2', compare: '>=' } as const;
const MAJORITY = { base: 'cast', fraction: '1/2', compare: '>', tie: 'fails' } as const;

// Each row breaks one thing in otherwise good counts; the engine must refuse it with the code.
const BAD_COUNTS: Array<[string, Record<string, unknown>, string]> = [
  ['negative', { ...GOOD, abstain: -3 }, 'invalid_count'],
  ['fractional', { ...GOOD, yes: 6.5 }, 'invalid_count'],
  ['a string', { ...GOOD, present: '10' }, 'invalid_count'],
  ['missing', { ...GOOD, no: undefined }, 'invalid_count'],
  ['NaN', { ...GOOD, yes: Number.NaN }, 'invalid_count'],
  ['Infinity', { ...GOOD, established: Number.POSITIVE_INFINITY }, 'invalid_count'],
  ['beyond ten million', { ...GOOD, established: 10_000_001 }, 'invalid_count'],
  ['no seats at all', { ...GOOD, established: 0, filled: 0, present: 0, yes: 0, abstain: 0 }, 'invalid_count'],
  ['negative invalid ballots', { ...GOOD, invalid: -1 }, 'invalid_count'],
  ['fractional not voting', { ...GOOD, notVoting: 0.5 }, 'invalid_count'],
  ['filled > established', { ...GOOD, filled: 21 }, 'filled_exceeds_established'],
  ['present > filled', { ...GOOD, filled: 9, present: 10 }, 'present_exceeds_filled'],
  ['votes > present', { ...GOOD, yes: 8 }, 'votes_exceed_present'],
  ['ballots > present', { ...GOOD, blank: 1 }, 'votes_exceed_present'],
  ['invalid ballots > present', { ...GOOD, invalid: 1 }, 'votes_exceed_present'],
  ['not voting > present', { ...GOOD, notVoting: 1 }, 'votes_exceed_present'],
  ['a casting vote "maybe"', { ...GOOD, yes: 3, no: 3, abstain: 0, castingVote: 'maybe' }, 'invalid_casting_vote'],
  ['a casting vote without a tie', { ...GOOD, castingVote: 'yes' }, 'casting_vote_without_tie'],
  ['a typo', { ...GOOD, abstian: 3 }, 'unknown_field'],
];

test('bad counts are refused with a code, never evaluated', () => {
  for (const [note, counts, code] of BAD_COUNTS) {
    assert.throws(
      () => validateCounts(counts),
      (e: unknown) => e instanceof DomainError && e.code === code,
      note,
    );
    assert.throws(() => evaluateVote(QUORUM, MAJORITY, counts as never), { code }, `evaluateVote: ${note}`);
  }
  assert.throws(() => validateCounts(null), { code: 'invalid_count' });
  assert.throws(() => validateCounts([1, 2]), { code: 'invalid_count' });
  assert.deepEqual(validateCounts({ ...GOOD, yes: 3, no: 3, abstain: 4, castingVote: 'no' }), {
    ...GOOD,
    yes: 3,
    no: 3,
    abstain: 4,
    castingVote: 'no',
  });
});

test('evaluateQuorum refuses bad seat counts too', () => {
  assert.throws(() => evaluateQuorum(QUORUM, { established: 10, filled: 11, present: 5 }), {
    code: 'filled_exceeds_established',
  });
  assert.throws(() => evaluateQuorum(QUORUM, { established: 10, filled: 10, present: 11 }), {
    code: 'present_exceeds_filled',
  });
  assert.throws(() => evaluateQuorum(QUORUM, { established: 10, filled: 10, present: -1 }), { code: 'invalid_count' });
  assert.throws(() => evaluateQuorum({ ...QUORUM, fraction: '3/2' }, { established: 10, filled: 10, present: 5 }), {
    code: 'invalid_fraction',
  });
});

const BAD_QUORUMS: Array<[string, unknown, string]> = [
  ['3/0', { ...QUORUM, fraction: '3/0' }, 'invalid_fraction'],
  ['3/2', { ...QUORUM, fraction: '3/2' }, 'invalid_fraction'],
  ['a number', { ...QUORUM, fraction: 0.5 }, 'invalid_fraction'],
  ['present as a base', { ...QUORUM, base: 'present' }, 'unknown_base'],
  ['cast as a base', { ...QUORUM, base: 'cast' }, 'unknown_base'],
  ['compare <', { ...QUORUM, compare: '<' }, 'invalid_compare'],
  ['compare ≥', { ...QUORUM, compare: '≥' }, 'invalid_compare'],
  ['min -1', { ...QUORUM, min: -1 }, 'invalid_rule'],
  ['min 2.5', { ...QUORUM, min: 2.5 }, 'invalid_rule'],
  ['a typo', { ...QUORUM, minimum: 3 }, 'unknown_field'],
  ['not an object', 'filled > 1/2', 'invalid_rule'],
];

const BAD_MAJORITIES: Array<[string, unknown, string]> = [
  ['3/0', { ...MAJORITY, fraction: '3/0' }, 'invalid_fraction'],
  ['3/2', { ...MAJORITY, fraction: '3/2' }, 'invalid_fraction'],
  ['unknown base', { ...MAJORITY, base: 'members' }, 'unknown_base'],
  ['compare <=', { ...MAJORITY, compare: '<=' }, 'invalid_compare'],
  ['no tie policy', { ...MAJORITY, tie: undefined }, 'invalid_tie'],
  ['tie "coin"', { ...MAJORITY, tie: 'coin' }, 'invalid_tie'],
  ['minYes -1', { ...MAJORITY, minYes: -1 }, 'invalid_rule'],
  ['minYes "2"', { ...MAJORITY, minYes: '2' }, 'invalid_rule'],
  ['includeInvalid "yes"', { ...MAJORITY, includeInvalid: 'yes' }, 'invalid_rule'],
  ['includeInvalid on seats', { ...MAJORITY, base: 'established', includeInvalid: true }, 'invalid_rule'],
  ['a typo', { ...MAJORITY, mimYes: 2 }, 'unknown_field'],
  ['empty allOf', { allOf: [] }, 'invalid_rule'],
  ['allOf with a bad part', { allOf: [MAJORITY, { ...MAJORITY, base: 'votes' }] }, 'unknown_base'],
  ['allOf with extra fields', { allOf: [MAJORITY], tie: 'fails' }, 'unknown_field'],
  ['allOf nested too deep', { allOf: [{ allOf: [{ allOf: [{ allOf: [{ allOf: [MAJORITY] }] }] }] }] }, 'invalid_rule'],
  ['null', null, 'invalid_rule'],
];

test('bad rules are refused with a code', () => {
  for (const [note, rule, code] of BAD_QUORUMS) {
    assert.throws(() => validateQuorumRule(rule), { code }, `quorum: ${note}`);
    assert.throws(() => evaluateVote(rule as never, MAJORITY, GOOD), { code }, `evaluateVote quorum: ${note}`);
  }
  for (const [note, rule, code] of BAD_MAJORITIES) {
    assert.throws(() => validateMajorityRule(rule), { code }, `majority: ${note}`);
    assert.throws(() => evaluateVote(QUORUM, rule as never, GOOD), { code }, `evaluateVote majority: ${note}`);
  }
  assert.deepEqual(validateMajorityRule({ allOf: [MAJORITY, { allOf: [MAJORITY] }] }), {
    allOf: [MAJORITY, { allOf: [MAJORITY] }],
  });
  assert.deepEqual(validateMajorityRule({ ...MAJORITY, includeInvalid: false, minYes: 0 }), {
    ...MAJORITY,
    includeInvalid: false,
    minYes: 0,
  });
});

test('bad rule sets are refused with a code', () => {
  const set = structuredClone(PRESETS['ru-131fz']!) as unknown as Record<string, unknown>;
  // Each row breaks a copy at one or more paths: a value to put there, or DELETE.
  const DELETE = Symbol('delete');
  const edit = (root: Record<string, unknown>, path: string[], value: unknown) => {
    let node = root;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
    const last = path.at(-1)!;
    if (value === DELETE) delete node[last];
    else node[last] = value;
  };
  const ordinary = (set.majorities as Record<string, unknown>).ordinary;
  const rows: Array<[string, Array<[string[], unknown]>, string]> = [
    ['a motion kind naming no majority', [[['motionKinds', 'appeal'], 'unanimous']], 'unknown_majority'],
    [
      'no majorities',
      [
        [['majorities'], {}],
        [['motionKinds'], {}],
      ],
      'invalid_rule',
    ],
    ['a bad majority', [[['majorities', 'ordinary', 'base'], 'people']], 'unknown_base'],
    ['a bad quorum', [[['quorum', 'fraction'], '2/1']], 'invalid_fraction'],
    ['no quorum', [[['quorum'], DELETE]], 'invalid_rule'],
    ['an extra field', [[['majority'], {}]], 'unknown_field'],
    ['a bad majority name', [[['majorities', 'Two Thirds'], ordinary]], 'invalid_rule'],
    ['a citation without a section', [[['source', 'quorum', 'section'], DELETE]], 'invalid_rule'],
    ['a citation with an unknown field', [[['source', 'quorum', 'page'], 3]], 'unknown_field'],
  ];
  for (const [note, edits, code] of rows) {
    const copy = structuredClone(set);
    for (const [path, value] of edits) edit(copy, path, value === DELETE ? value : structuredClone(value));
    assert.throws(() => validateRuleSet(copy), { code }, note);
  }
  assert.deepEqual(validateRuleSet(set), set);
  assert.equal(majorityForMotion(PRESETS['ru-131fz']!, 'charter_amendment'), 'charter');
  assert.throws(() => majorityForMotion(PRESETS['ru-131fz']!, 'toString'), { code: 'unknown_motion_kind' });
});
