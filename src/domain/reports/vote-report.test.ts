import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkVoteReport, REPORT_LIMITS } from './vote-report.ts';

const good = {
  claim: 'Five deputies who approved the appeal were reported.',
  source: 'An outlet, September 2022',
  reportedOn: '2022-09',
  positions: [
    { member: 1, choice: 'yes' },
    { member: 2, choice: 'yes' },
  ],
};

test('a show of hands may carry a report of who voted how', () => {
  assert.doesNotThrow(() => checkVoteReport('show_of_hands', good));
});

test('a secret ballot never gets names, even as a report', () => {
  for (const method of ['secret_electronic', 'secret_paper'])
    assert.throws(() => checkVoteReport(method, good), { code: 'secret_vote' });
});

test('a named vote already records each choice: a report of names is refused', () => {
  for (const method of ['roll_call', 'electronic'])
    assert.throws(() => checkVoteReport(method, good), { code: 'positions_recorded' });
});

test('a report names its source and makes a claim, within limits', () => {
  assert.throws(() => checkVoteReport('show_of_hands', { ...good, source: '  ' }), { code: 'invalid_source' });
  assert.throws(() => checkVoteReport('show_of_hands', { ...good, claim: '' }), { code: 'invalid_claim' });
  assert.throws(() => checkVoteReport('show_of_hands', { ...good, claim: 'x'.repeat(REPORT_LIMITS.claim + 1) }), {
    code: 'invalid_claim',
  });
});

test('positions: at least one, each member once, each choice yes, no or abstain', () => {
  assert.throws(() => checkVoteReport('show_of_hands', { ...good, positions: [] }), { code: 'invalid_positions' });
  assert.throws(
    () =>
      checkVoteReport('show_of_hands', {
        ...good,
        positions: [
          { member: 1, choice: 'yes' },
          { member: 1, choice: 'no' },
        ],
      }),
    { code: 'duplicate_member' },
  );
  assert.throws(() => checkVoteReport('show_of_hands', { ...good, positions: [{ member: 1, choice: 'for' }] }), {
    code: 'invalid_choice',
  });
});
