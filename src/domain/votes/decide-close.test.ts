import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRESETS } from '../rules/presets.ts';
import type { RuleSet } from '../rules/rule-set.ts';
import { checkCloseRequest, type CloseRequest } from './close-request.ts';
import { decideClose, procedureCounts, REVEAL_PER_ENTRY, type CloseFacts, type VoteToClose } from './decide-close.ts';

// uk-lga-1972 gives the chair a casting vote on a tie; ru-131fz does not.
const CASTING = PRESETS['uk-lga-1972']!;
const NO_CASTING = PRESETS['ru-131fz']!;

const noRequest: CloseRequest = { totals: null, castingVote: null, registerNumber: null };

function facts(vote: Partial<VoteToClose> = {}, more: Partial<CloseFacts> & { rules?: RuleSet } = {}): CloseFacts {
  return {
    vote: {
      id: 5,
      motionId: 3,
      method: 'electronic',
      status: 'open',
      majorityName: 'ordinary',
      established: 10,
      filled: 10,
      present: 8,
      yes: null,
      no: null,
      abstain: null,
      openEntry: 20,
      ...vote,
    },
    rules: CASTING,
    registerNumberTaken: false,
    ballots: [],
    procedure: { lackOfQuorumEntry: null, secondConvocation: false, previousNotice: false },
    ...more,
  };
}

const ballots = (...choices: string[]) => choices.map((choice, i) => ({ member: i + 1, choice, salt: `s${i + 1}` }));

test('close requests: casting vote, register number and totals are checked before counting', () => {
  const rows: Array<[Parameters<typeof checkCloseRequest>[0], string | null]> = [
    [{}, null],
    [{ castingVote: 'yes', registerNumber: ' 12-р ' }, null],
    [{ totals: { yes: 1, no: 0, abstain: 0, blank: 2 } }, null],
    [{ castingVote: 'abstain' as never }, 'invalid_casting_vote'],
    [{ registerNumber: '  ' }, 'invalid_register_number'],
    [{ totals: { yes: -1, no: 0, abstain: 0 } }, 'totals_required'],
    [{ totals: { yes: 1.5, no: 0, abstain: 0 } }, 'totals_required'],
    [{ totals: { yes: 1, no: 0 } as never }, 'totals_required'],
    [{ totals: { yes: 1, no: 0, abstain: 0, invalid: -2 } }, 'invalid_totals'],
  ];
  for (const [input, code] of rows) {
    const c = checkCloseRequest(input);
    assert.equal(c.ok ? null : c.refusal.code, code, JSON.stringify(input));
  }
  const ok = checkCloseRequest({ registerNumber: ' 12-р ', totals: { yes: 3, no: 1, abstain: 0 } });
  assert.deepEqual(ok.ok && ok.request, {
    registerNumber: '12-р',
    castingVote: null,
    totals: { yes: 3, no: 1, abstain: 0, blank: null, invalid: null },
  });
});

test('refusals, in the order they always had, with their codes', () => {
  const totals = (yes: number, no: number, more = {}) => ({
    ...noRequest,
    totals: { yes, no, abstain: 0, blank: null, invalid: null, ...more },
  });
  const rows: Array<[CloseFacts, CloseRequest, string]> = [
    [facts({ status: 'closed' }), noRequest, 'vote_closed'],
    [facts({ status: 'closed', majorityName: 'gone' }), noRequest, 'vote_closed'],
    [facts({ majorityName: 'gone' }), noRequest, 'majority_missing'],
    [facts({}, { registerNumberTaken: true }), { ...noRequest, registerNumber: '7' }, 'register_number_taken'],
    [facts({ method: 'show_of_hands' }), noRequest, 'totals_required'],
    [facts({ method: 'show_of_hands' }), totals(1, 0, { blank: 1 }), 'invalid_totals'],
    [facts({ method: 'show_of_hands' }), totals(5, 4), 'totals_exceed_present'],
    [facts({ method: 'secret_paper' }), totals(4, 3, { invalid: 2 }), 'totals_exceed_present'],
    [facts({ method: 'show_of_hands' }), totals(3, 3), 'casting_vote_required'],
    [facts({ status: 'tied' }, { ballots: ballots('yes', 'no') }), noRequest, 'casting_vote_required'],
  ];
  for (const [f, request, code] of rows) {
    const d = decideClose(f, request, 30);
    assert.equal(d.kind === 'refused' ? d.refusal.code : d.kind, code, code);
  }
});

test('a tied count the chair may break leaves the vote tied with its final counts', () => {
  const d = decideClose(facts({}, { ballots: ballots('yes', 'no', 'abstain') }), noRequest, 30);
  assert.deepEqual(d, {
    kind: 'tied',
    counts: { yes: 1, no: 1, abstain: 1 },
    entry: {
      type: 'vote.tied',
      data: { vote: 5, motion: 3, method: 'electronic', counts: { yes: 1, no: 1, abstain: 1 } },
    },
  });
  const secret = decideClose(facts({ method: 'secret_electronic', yes: 2, no: 2, abstain: 0 }), noRequest, 30);
  assert.equal(secret.kind, 'tied');
});

test('no tie step: without a casting-vote rule, at 0–0, or with the casting vote brought', () => {
  const tiedBallots = { ballots: ballots('yes', 'no') };
  const rows: Array<[CloseFacts, CloseRequest, boolean]> = [
    [facts({}, { ...tiedBallots, rules: NO_CASTING }), noRequest, false],
    [facts({}, { ballots: ballots('abstain') }), noRequest, false],
    [facts({}, tiedBallots), { ...noRequest, castingVote: 'yes' }, true],
    [facts({ status: 'tied' }, tiedBallots), { ...noRequest, castingVote: 'no' }, false],
  ];
  for (const [f, request, adopted] of rows) {
    const d = decideClose(f, request, 30);
    assert.equal(d.kind, 'closed');
    if (d.kind === 'closed') assert.equal(d.outcome.adopted, adopted);
  }
});

test('a close gives the columns, the outcome and the close entry at the next index', () => {
  const d = decideClose(facts({}, { ballots: ballots('yes', 'yes', 'no', 'abstain') }), noRequest, 30);
  assert.equal(d.kind, 'closed');
  if (d.kind !== 'closed') return;
  assert.deepEqual(d.tally, { yes: 2, no: 1, abstain: 1, blank: null, invalid: null, castingVote: null });
  assert.equal(d.outcome.adopted, true);
  assert.equal(d.closeEntry, 30);
  assert.equal(d.entries.length, 1);
  const data = d.entries[0]!.data as Record<string, { [k: string]: unknown } & unknown[]>;
  assert.equal(d.entries[0]!.type, 'vote.closed');
  assert.deepEqual(data.counts, {
    established: 10,
    filled: 10,
    present: 8,
    yes: 2,
    no: 1,
    abstain: 1,
    notVoting: 4,
    blank: 0,
    invalid: 0,
  });
  assert.deepEqual(data.ballots?.[0], { member: 1, choice: 'yes', salt: 's1' });
  assert.deepEqual(data.outcome, {
    quorate: true,
    adopted: true,
    requiredYes: d.outcome.requiredYes,
    reason: 'adopted',
  });
});

test('roll calls reveal choices without salts; secret and totals votes reveal none', () => {
  const roll = decideClose(facts({ method: 'roll_call' }, { ballots: ballots('yes') }), noRequest, 30);
  assert.ok(roll.kind === 'closed');
  assert.deepEqual(roll.entries[0]!.data.ballots, [{ member: 1, choice: 'yes' }]);
  const secret = decideClose(facts({ method: 'secret_electronic', yes: 3, no: 1, abstain: 0 }), noRequest, 30);
  assert.ok(secret.kind === 'closed');
  assert.equal(secret.entries[0]!.data.ballots, null);
  const paper = decideClose(
    facts({ method: 'secret_paper' }, { rules: NO_CASTING }),
    { ...noRequest, totals: { yes: 5, no: 1, abstain: 0, blank: 1, invalid: 1 } },
    30,
  );
  assert.ok(paper.kind === 'closed');
  assert.deepEqual([paper.tally.blank, paper.tally.invalid], [1, 1]);
  assert.equal(paper.entries[0]!.data.ballots, null);
});

test('a large named vote reveals its ballots in parts the close entry names', () => {
  const n = REVEAL_PER_ENTRY * 2 + 1;
  const many = ballots(...Array.from({ length: n }, (_, i) => (i % 3 ? 'yes' : 'no')));
  const d = decideClose(facts({ present: n, established: n, filled: n }, { ballots: many }), noRequest, 100);
  assert.ok(d.kind === 'closed');
  assert.deepEqual(
    d.entries.map((e) => e.type),
    ['vote.ballots_revealed', 'vote.ballots_revealed', 'vote.ballots_revealed', 'vote.closed'],
  );
  assert.deepEqual(d.entries[3]!.data.revealedIn, [100, 101, 102]);
  assert.equal(d.entries[3]!.data.ballots, null);
  assert.equal(d.closeEntry, 103);
  assert.deepEqual(
    d.entries.slice(0, 3).map((e) => (e.data.ballots as unknown[]).length),
    [REVEAL_PER_ENTRY, REVEAL_PER_ENTRY, 1],
  );
});

test('procedural facts count only when true; a lack of quorum only if established before the vote opened', () => {
  const none = { lackOfQuorumEntry: null, secondConvocation: false, previousNotice: false };
  assert.deepEqual(procedureCounts(none, 20), {});
  assert.deepEqual(procedureCounts({ ...none, lackOfQuorumEntry: 19 }, 20), { lackOfQuorumEstablished: true });
  assert.deepEqual(procedureCounts({ ...none, lackOfQuorumEntry: 21 }, 20), {});
  assert.deepEqual(procedureCounts({ lackOfQuorumEntry: null, secondConvocation: true, previousNotice: true }, 20), {
    secondConvocation: true,
    previousNotice: true,
  });
});

test('counts the rules cannot evaluate are refused with the rules engine code', () => {
  const d = decideClose(facts({ present: 12, filled: 10 }, { ballots: ballots('yes') }), noRequest, 30);
  assert.equal(d.kind, 'refused');
  if (d.kind === 'refused') assert.equal(d.refusal.kind, 'invalid');
});
