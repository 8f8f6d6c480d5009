// The reference story (test/fixtures/smolninskoye-2022.json): the sitting of 7 September 2022,
// 10 of 20 present, the appeal adopted 7 for, 0 against, 3 abstaining — and every row of the
// fixture's what-if table, each rule built here by hand from the row's own words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { MajorityRule, QuorumRule } from './rule-set.ts';
import { evaluateNamed, evaluateVote } from './evaluate-vote.ts';
import { evaluateQuorum } from './evaluate-quorum.ts';
import { PRESETS } from './presets.ts';

interface Fixture {
  body: { established_seats: number; filled_seats: number };
  sitting: { present: number };
  vote: {
    yes: number;
    no: number;
    abstain: number;
    expected_outcome: string;
    what_if: Array<{ rule: string; required_yes: number; outcome: string }>;
  };
}

const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/smolninskoye-2022.json', import.meta.url), 'utf8'),
) as Fixture;
const counts = {
  established: fixture.body.established_seats,
  filled: fixture.body.filled_seats,
  present: fixture.sitting.present,
  yes: fixture.vote.yes,
  no: fixture.vote.no,
  abstain: fixture.vote.abstain,
};

// 131-FZ art. 35: valid with at least half of the elected deputies present.
const QUORUM: QuorumRule = { base: 'filled', fraction: '1/2', compare: '>=' };

// Each row's text, a phrase that pins the rule down, and the rule that phrase describes.
const BY_ROW: Array<[phrase: string, rule: MajorityRule]> = [
  ['yes > (yes + no + abstain) / 2', { base: 'cast_with_abstentions', fraction: '1/2', compare: '>', tie: 'fails' }],
  ['abstentions not counted (yes > no)', { base: 'cast', fraction: '1/2', compare: '>', tie: 'fails' }],
  ['majority of members present (yes > 10 / 2)', { base: 'present', fraction: '1/2', compare: '>', tie: 'fails' }],
  [
    'majority of the established number (yes > 20 / 2)',
    { base: 'established', fraction: '1/2', compare: '>', tie: 'fails' },
  ],
  [
    'two thirds of the established number (yes >= 2/3 of 20)',
    { base: 'established', fraction: '2/3', compare: '>=', tie: 'fails' },
  ],
];

test('the sitting was quorate: 10 of 20 present, 10 needed', () => {
  const q = evaluateQuorum(PRESETS['ru-131fz']!.quorum, counts);
  assert.deepEqual([q.quorate, q.needed, q.base], [true, 10, 'filled']);
  // The head of the council's count (8 present) would not have been quorate.
  assert.equal(evaluateQuorum(PRESETS['ru-131fz']!.quorum, { ...counts, present: 8 }).quorate, false);
});

test('ru-131fz ordinary: adopted, 4 votes for required', () => {
  const o = evaluateNamed(PRESETS['ru-131fz']!, 'ordinary', counts);
  assert.equal(fixture.vote.expected_outcome, 'adopted');
  assert.deepEqual([o.quorate, o.adopted, o.requiredYes, o.reason], [true, true, 4, 'adopted']);
});

test('every row of the what-if table', () => {
  assert.equal(fixture.vote.what_if.length, BY_ROW.length);
  assert.deepEqual(
    fixture.vote.what_if.map((r) => r.required_yes),
    [4, 1, 6, 11, 14],
  );
  fixture.vote.what_if.forEach((row, i) => {
    const [phrase, rule] = BY_ROW[i]!;
    assert.ok(row.rule.includes(phrase), `row ${i + 1} is "${row.rule}"`);
    const o = evaluateVote(QUORUM, rule, counts);
    assert.equal(o.requiredYes, row.required_yes, row.rule);
    assert.equal(o.adopted, row.outcome === 'adopted', row.rule);
    assert.ok(o.adopted || row.outcome.startsWith('not adopted'), row.outcome);
    // "unreachable with 10 present": the fixture says so exactly when requiredYes > present.
    assert.equal(row.outcome.includes('unreachable'), o.requiredYes! > counts.present, row.rule);
  });
});

test('the table’s first and last two rows are the preset’s own majorities', () => {
  const preset = PRESETS['ru-131fz']!;
  // The preset adds invalid papers to the base (they were cast by deputies taking part); the
  // sitting had none, so the row's rule and the preset's agree on it.
  assert.deepEqual(preset.majorities.ordinary, { ...BY_ROW[0]![1], includeInvalid: true });
  assert.deepEqual(preset.majorities.binding_rule, BY_ROW[3]![1]);
  assert.deepEqual(preset.majorities.charter, BY_ROW[4]![1]);
});
