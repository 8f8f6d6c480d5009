import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateNamed } from './evaluate-vote.ts';
import { PRESETS, copyPreset } from './presets.ts';
import { whatIf } from './what-if.ts';

const REFERENCE = { established: 20, filled: 20, present: 10, yes: 7, no: 0, abstain: 3 };

test('what-if evaluates every preset × every named majority, in order', () => {
  const rows = whatIf(REFERENCE);
  assert.deepEqual(
    rows.map((r) => `${r.ruleSet}/${r.majorityName}: ${r.outcome.reason} ${r.outcome.requiredYes}`),
    [
      // RONR and the US House want more than half of the 20 filled seats: 10 is not enough.
      'ronr/ordinary: inquorate null',
      'ronr/two_thirds: inquorate null',
      'ronr/bylaws: inquorate null',
      'uk-lga-1972/ordinary: adopted 1',
      'uk-parish/ordinary: adopted 1',
      // GO NRW §49(1) sentence 2: quorate until a lack of quorum is established, and none was.
      'de-nrw/ordinary: adopted 1',
      'de-nrw/hauptsatzung: below_threshold 11',
      'ru-131fz/ordinary: adopted 4',
      'ru-131fz/binding_rule: below_threshold 11',
      'ru-131fz/charter: below_threshold 14',
      'ru-131fz/head_removal: below_threshold 14',
      'ru-131fz/veto_override: below_threshold 14',
      'ru-33fz/ordinary: adopted 4',
      'ru-33fz/binding_rule: below_threshold 11',
      'ru-33fz/charter: below_threshold 14',
      'ru-33fz/head_removal: below_threshold 14',
      'ru-33fz/veto_override: below_threshold 14',
      'us-house/ordinary: inquorate null',
      'us-house/two_thirds: inquorate null',
    ],
  );
  for (const row of rows)
    assert.deepEqual(row.outcome, evaluateNamed(PRESETS[row.ruleSet]!, row.majorityName, REFERENCE));
});

test('what-if over a body’s own rule sets, and casting votes only where a rule has one', () => {
  const lenient = copyPreset('ronr');
  lenient.quorum = { base: 'filled', fraction: '1/3', compare: '>=' };
  const tie = { established: 20, filled: 20, present: 10, yes: 4, no: 4, abstain: 2, castingVote: 'yes' as const };
  const rows = whatIf(tie, { 'our-bylaws': lenient, lga: PRESETS['uk-lga-1972']! });
  assert.deepEqual(
    rows.map((r) => `${r.ruleSet}/${r.majorityName}: ${r.outcome.reason}`),
    [
      'our-bylaws/ordinary: tie_fails',
      'our-bylaws/two_thirds: tie_fails',
      'our-bylaws/bylaws: tie_fails',
      'lga/ordinary: adopted_casting_vote',
    ],
  );
  assert.throws(() => whatIf({ ...REFERENCE, present: 21 }), { code: 'present_exceeds_filled' });
});
