import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ballotCommitment } from '../ballots/commitment.ts';
import {
  ballotKey,
  checkBallotRequest,
  decideBallots,
  type BallotAsked,
  type BallotBox,
  type BallotOptions,
  type NamedBallot,
} from './decide-ballots.ts';

const sha = (d: Uint8Array) => createHash('sha256').update(d).digest();

// Vote 1 is electronic and open, 2 secret electronic and open, 3 electronic and closed, 4 a roll
// call. Account 100+n holds seat n; seats 1–5 were present at every vote, seat 5 recused.
function box(more: Partial<BallotBox> = {}): BallotBox {
  const presence = new Map<string, boolean>();
  for (const vote of [1, 2, 3, 4]) for (const seat of [1, 2, 3, 4, 5]) presence.set(ballotKey(vote, seat), seat === 5);
  return {
    votes: new Map([
      [1, { id: 1, status: 'open', method: 'electronic' }],
      [2, { id: 2, status: 'open', method: 'secret_electronic' }],
      [3, { id: 3, status: 'closed', method: 'electronic' }],
      [4, { id: 4, status: 'open', method: 'roll_call' }],
    ]),
    seatOf: new Map([1, 2, 3, 4, 5, 6].map((n) => [100 + n, n])),
    presence,
    ballots: new Map(),
    turnout: new Map(),
    ...more,
  };
}

function options(more: Partial<BallotOptions> = {}): BallotOptions {
  let n = 0;
  return {
    allowChange: false,
    firstIndex: 40,
    newSalt: () => (++n).toString(16).padStart(64, '0'),
    hash: sha,
    ...more,
  };
}

const ask = (
  voteId: number,
  seat: number,
  choice: BallotAsked['choice'] = 'yes',
  clientBallotId: string | null = null,
) => ({ voteId, userId: 100 + seat, choice, clientBallotId }) satisfies BallotAsked;

const stored = (voteId: number, seat: number, more: Partial<NamedBallot> = {}): NamedBallot => ({
  voteId,
  memberId: seat,
  choice: 'no',
  salt: 'ab'.repeat(32),
  commitment: ballotCommitment(sha, 'no', 'ab'.repeat(32)),
  clientBallotId: 'stored-id-1',
  revision: 1,
  entryIndex: 7,
  castBy: 100 + seat,
  ...more,
});

const codes = (d: ReturnType<typeof decideBallots>) => d.outcomes.map((o) => (o.ok ? 'ok' : o.refusal.code));

test('a malformed choice or device id is refused before anything is loaded', () => {
  const rows: Array<[unknown, string | null | undefined, string | null]> = [
    ['yes', null, null],
    ['abstain', undefined, null],
    ['no', 'abcdefgh', null],
    ['no', 'A_-9'.repeat(16), null],
    ['maybe', null, 'invalid_choice'],
    [undefined, null, 'invalid_choice'],
    ['yes', 'short', 'invalid_client_ballot_id'],
    ['yes', 'x'.repeat(65), 'invalid_client_ballot_id'],
    ['yes', 'has space', 'invalid_client_ballot_id'],
    ['yes', '', 'invalid_client_ballot_id'],
  ];
  for (const [choice, id, code] of rows) {
    const r = checkBallotRequest(choice, id);
    assert.equal(r?.code ?? null, code, `${String(choice)} ${String(id)}`);
    if (r) assert.equal(r.kind, 'invalid');
  }
});

test('each refusal has its stable code and kind, and writes nothing', () => {
  const rows: Array<[BallotAsked, string, string]> = [
    [ask(9, 1), 'vote_not_found', 'not_found'],
    [ask(1, 7), 'not_a_member', 'conflict'],
    [ask(3, 1), 'vote_closed', 'conflict'],
    [ask(4, 1), 'not_a_device_vote', 'conflict'],
    [ask(1, 6), 'not_present', 'conflict'],
    [ask(1, 5), 'recused', 'conflict'],
    [ask(2, 5), 'recused', 'conflict'],
  ];
  for (const [asked, code, kind] of rows) {
    const d = decideBallots([asked], box(), options());
    const [o] = d.outcomes;
    assert.ok(o && !o.ok, code);
    assert.deepEqual([o.refusal.code, o.refusal.kind], [code, kind]);
    assert.deepEqual([d.entries, d.newBallots, d.changedBallots, d.newTurnout], [[], [], [], []]);
    assert.equal(d.tallies.size, 0);
  }
});

test('a named ballot gets a commitment over its choice and salt, an entry and a receipt at that index', () => {
  const d = decideBallots([ask(1, 1, 'no', 'device-id-1')], box(), options({ firstIndex: 40 }));
  const [o] = d.outcomes;
  assert.ok(o?.ok);
  const salt = '1'.padStart(64, '0');
  const commitment = ballotCommitment(sha, 'no', salt);
  assert.deepEqual(o.receipt, {
    vote: 1,
    member: 1,
    entryIndex: 40,
    commitment,
    salt,
    choice: 'no',
    revision: 1,
    replay: false,
  });
  assert.deepEqual(d.entries, [{ type: 'ballot.received', data: { vote: 1, member: 1, commitment, replaces: null } }]);
  assert.deepEqual(d.newBallots, [
    {
      voteId: 1,
      memberId: 1,
      choice: 'no',
      salt,
      commitment,
      clientBallotId: 'device-id-1',
      revision: 1,
      entryIndex: 40,
      castBy: 101,
    },
  ]);
  assert.deepEqual([d.changedBallots, d.newTurnout], [[], []]);
});

test('a secret ballot moves only a total: its entry and turnout mark carry no choice', () => {
  const d = decideBallots([ask(2, 1, 'yes'), ask(2, 2, 'abstain'), ask(2, 3, 'yes')], box(), options());
  assert.deepEqual(codes(d), ['ok', 'ok', 'ok']);
  assert.deepEqual(
    d.outcomes.map((o) => o.ok && o.receipt),
    [1, 2, 3].map((member, k) => ({ vote: 2, member, entryIndex: 40 + k, replay: false })),
  );
  assert.deepEqual(
    d.entries,
    [1, 2, 3].map((member) => ({ type: 'ballot.secret_received', data: { vote: 2, member } })),
  );
  assert.deepEqual(d.tallies.get(2), { yes: 2, no: 0, abstain: 1 });
  assert.equal(d.newBallots.length, 0);
  assert.doesNotMatch(JSON.stringify([d.entries, d.newTurnout]), /yes|abstain|choice/);
});

test('a second secret ballot is refused, in the same batch or after a stored one', () => {
  const same = decideBallots([ask(2, 1, 'yes'), ask(2, 1, 'no')], box(), options());
  assert.deepEqual(codes(same), ['ok', 'already_voted']);
  assert.deepEqual(same.tallies.get(2), { yes: 1, no: 0, abstain: 0 });
  const turnout = new Map([[ballotKey(2, 1), { voteId: 2, memberId: 1, clientBallotId: null, entryIndex: 9 }]]);
  const later = decideBallots([ask(2, 1, 'no')], box({ turnout }), options());
  assert.deepEqual(codes(later), ['already_voted']);
  assert.equal(later.tallies.size, 0);
});

test('a named ballot cannot be changed unless the body allows it', () => {
  const ballots = new Map([[ballotKey(1, 1), stored(1, 1)]]);
  assert.deepEqual(codes(decideBallots([ask(1, 1)], box({ ballots }), options())), ['already_voted']);
  assert.deepEqual(codes(decideBallots([ask(1, 2), ask(1, 2)], box(), options())), ['ok', 'already_voted']);
});

test('a change replaces the stored ballot: update, next revision, entry naming the one replaced', () => {
  const ballots = new Map([[ballotKey(1, 1), stored(1, 1, { revision: 2, entryIndex: 7 })]]);
  const d = decideBallots([ask(1, 1, 'yes')], box({ ballots }), options({ allowChange: true }));
  assert.deepEqual(codes(d), ['ok']);
  assert.equal(d.newBallots.length, 0);
  assert.equal(d.changedBallots.length, 1);
  assert.equal(d.changedBallots[0]?.revision, 3);
  assert.equal(d.entries[0]?.data.replaces, 7);
});

test('two ballots of one member in one batch: the later replaces the earlier, written once', () => {
  const fresh = decideBallots([ask(1, 1, 'yes'), ask(1, 1, 'no')], box(), options({ allowChange: true }));
  assert.deepEqual(codes(fresh), ['ok', 'ok']);
  assert.deepEqual(
    fresh.entries.map((e) => e.data.replaces),
    [null, 40],
  );
  assert.deepEqual(
    fresh.newBallots.map((b) => [b.choice, b.revision, b.entryIndex]),
    [['no', 2, 41]],
  );
  assert.equal(fresh.changedBallots.length, 0);
  const ballots = new Map([[ballotKey(1, 1), stored(1, 1)]]);
  const changed = decideBallots(
    [ask(1, 1, 'yes'), ask(1, 1, 'abstain')],
    box({ ballots }),
    options({ allowChange: true }),
  );
  assert.deepEqual(
    changed.changedBallots.map((b) => [b.choice, b.revision]),
    [['abstain', 3]],
  );
  assert.equal(changed.newBallots.length, 0);
});

test('a retry with a stored device id gets the stored receipt, even after the close, and writes nothing', () => {
  const ballots = new Map([[ballotKey(3, 1), stored(3, 1)]]);
  const turnout = new Map([
    [ballotKey(2, 1), { voteId: 2, memberId: 1, clientBallotId: 'secret-id-1', entryIndex: 8 }],
  ]);
  const d = decideBallots(
    [ask(3, 1, 'yes', 'stored-id-1'), ask(2, 1, 'no', 'secret-id-1')],
    box({ ballots, turnout }),
    options(),
  );
  const s = stored(3, 1);
  assert.deepEqual(
    d.outcomes.map((o) => o.ok && o.receipt),
    [
      {
        vote: 3,
        member: 1,
        entryIndex: 7,
        commitment: s.commitment,
        salt: s.salt,
        choice: 'no',
        revision: 1,
        replay: true,
      },
      { vote: 2, member: 1, entryIndex: 8, replay: true },
    ],
  );
  assert.deepEqual([d.entries, d.newBallots, d.changedBallots, d.newTurnout], [[], [], [], []]);
  // Another id is a new ballot: refused here, as the vote is closed.
  assert.deepEqual(codes(decideBallots([ask(3, 1, 'yes', 'other-id-1')], box({ ballots }), options())), [
    'vote_closed',
  ]);
});

test('a retry inside one batch answers with the ballot the batch just took', () => {
  const d = decideBallots([ask(1, 1, 'yes', 'device-id-1'), ask(1, 1, 'yes', 'device-id-1')], box(), options());
  assert.deepEqual(codes(d), ['ok', 'ok']);
  const [first, second] = d.outcomes.map((o) => o.ok && o.receipt);
  assert.deepEqual(second, first && { ...first, replay: true });
  assert.equal(d.entries.length, 1);
});

test('a refused ballot in a batch takes no index and no salt: the next one gets them', () => {
  let salts = 0;
  const d = decideBallots(
    [ask(1, 6), ask(1, 1), ask(3, 2), ask(1, 2)],
    box(),
    options({ newSalt: () => String(++salts).padStart(64, '0') }),
  );
  assert.deepEqual(codes(d), ['not_present', 'ok', 'vote_closed', 'ok']);
  assert.deepEqual(
    d.outcomes.flatMap((o) => (o.ok ? [o.receipt.entryIndex] : [])),
    [40, 41],
  );
  assert.equal(salts, 2);
});
