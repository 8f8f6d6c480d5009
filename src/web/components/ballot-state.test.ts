// The ballot page's state machine, as tables: each action from a given state, and what it shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type BallotAction, type BallotState, ballotReducer, initialBallotState } from './ballot-state.ts';
import type { LiveEntry, LiveState } from './live-types.ts';

const me = { memberId: 1, seat: 4, name: { en: 'A', ru: 'А' }, status: null, attested: false } as const;
const start = initialBallotState({ me, entitlement: 'entitled', myBallot: null });
const receipt = { entryIndex: 9, commitment: 'c0', salt: 's0', choice: 'yes' as const, revision: 1 };
const entry = (type: string, data: Record<string, unknown>): LiveEntry => ({
  index: 1,
  type,
  data,
  recordedAt: '2026-01-01T00:00:00Z',
  state: {} as LiveState,
});
const run = (state: BallotState, ...actions: BallotAction[]) => actions.reduce(ballotReducer, state);

test('the page starts as the server rendered it: nothing selected or in flight, not yet hydrated', () => {
  assert.deepEqual(start, {
    me,
    entitlement: 'entitled',
    myBallot: null,
    selected: null,
    sending: null,
    changing: false,
    message: null,
    attesting: false,
    verdict: null,
    hydrated: false,
  });
  assert.equal(ballotReducer(start, { type: 'hydrated' }).hydrated, true);
});

test('casting: select, send (retries keep the message until answered), recorded clears the form', () => {
  const refused = run(start, { type: 'refused', message: 'earlier' });
  const sending = run(refused, { type: 'select', choice: 'no' }, { type: 'send', choice: 'no', attempt: 1 });
  assert.deepEqual([sending.selected, sending.sending, sending.message], ['no', { choice: 'no', attempt: 1 }, null]);
  const retrying = run(sending, { type: 'refused', message: 'x' }, { type: 'send', choice: 'no', attempt: 3 });
  assert.deepEqual([retrying.sending, retrying.message], [{ choice: 'no', attempt: 3 }, 'x']);
  const changing = run(sending, { type: 'change' });
  const done = run(changing, { type: 'recorded', receipt });
  assert.deepEqual([done.myBallot, done.sending, done.selected, done.changing], [receipt, null, null, false]);
});

test('a refusal or a network failure ends the sending and says why', () => {
  const s = run(start, { type: 'send', choice: 'yes', attempt: 8 }, { type: 'refused', message: 'no answer' });
  assert.deepEqual([s.sending, s.message, s.myBallot], [null, 'no answer', null]);
});

test('attesting: the button is busy, then the member is present and attested, or the refusal shows', () => {
  const busy = run(start, { type: 'refused', message: 'old' }, { type: 'attest' });
  assert.deepEqual([busy.attesting, busy.message], [true, null]);
  const ok = run(busy, { type: 'attested' });
  assert.deepEqual([ok.attesting, ok.me.status, ok.me.attested], [false, 'present', true]);
  const no = run(busy, { type: 'attest_refused', message: 'closed' });
  assert.deepEqual([no.attesting, no.message, no.me.attested], [false, 'closed', false]);
});

test('attendance entries about me change my presence; others about other members do not', () => {
  const rows: Array<[BallotState['me'], string, Record<string, unknown>, [string | null, boolean]]> = [
    [me, 'attendance.attested', { member: 1, status: 'present' }, ['present', true]],
    [me, 'attendance.marked', { member: 1, status: 'present' }, ['present', false]],
    [
      { ...me, status: 'present', attested: true },
      'attendance.marked',
      { member: 1, status: 'present' },
      ['present', true],
    ],
    [
      { ...me, status: 'present', attested: true },
      'attendance.marked',
      { member: 1, status: 'absent' },
      ['absent', false],
    ],
    [me, 'attendance.attested', { member: 2, status: 'present' }, [null, false]],
    [me, 'motion.added', { member: 1, status: 'present' }, [null, false]],
  ];
  for (const [who, type, data, expected] of rows) {
    const s = ballotReducer({ ...start, me: who }, { type: 'entry', entry: entry(type, data) });
    assert.deepEqual([s.me.status, s.me.attested], expected, `${type} ${JSON.stringify(data)}`);
  }
});

test('a vote opened starts the vote part afresh with the entitlement its entry gives', () => {
  const busy = run(
    start,
    { type: 'recorded', receipt },
    { type: 'change' },
    { type: 'select', choice: 'abstain' },
    { type: 'refused', message: 'm' },
    { type: 'verdict', verdict: 'checking' },
  );
  const rows: Array<[Record<string, unknown>, string]> = [
    [{ vote: 2, method: 'electronic', presentMembers: [1], recused: [] }, 'entitled'],
    [{ vote: 2, method: 'secret_electronic', presentMembers: [1], recused: [1] }, 'recused'],
    [{ vote: 2, method: 'electronic', presentMembers: [3], recused: [] }, 'not_present'],
    [{ vote: 2, method: 'roll_call', presentMembers: [1], recused: [] }, 'not_device'],
  ];
  for (const [data, entitlement] of rows) {
    const s = ballotReducer(busy, { type: 'entry', entry: entry('vote.opened', data) });
    assert.deepEqual(s, {
      ...busy,
      entitlement,
      myBallot: null,
      selected: null,
      changing: false,
      message: null,
      verdict: null,
    });
  }
});

test('the receipt check after the close moves from checking to its verdict', () => {
  const s = run(start, { type: 'verdict', verdict: 'checking' });
  assert.equal(s.verdict, 'checking');
  const verdict = { ok: false as const, reason: 'ballot_not_revealed' as const };
  assert.deepEqual(ballotReducer(s, { type: 'verdict', verdict }).verdict, verdict);
});
