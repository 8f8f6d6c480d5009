// Replaying committees (issue 15, item 5): a parent's `committee.established` says what a committee
// is (slug, origin, a name, seats, preset) and establishes it once; a committee's log names its
// parent in entry 0, and each of its seats is filled from one parent mandate, held once. Each
// broken log is named by the first entry that does not hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { EntryType, JsonValue, RecordEntry } from '../entries/record-entry.ts';
import { emptyReplayState, replayEntry, ReplayError } from './replay-record.ts';
import { copyPreset } from '../rules/presets.ts';

const sha = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
const entry = (type: EntryType, data: { [k: string]: JsonValue }): RecordEntry => ({
  v: 1,
  type,
  body: 'b',
  recordedAt: '2026-12-01T00:00:00.000Z',
  data,
});
const rules = copyPreset('ru-33fz') as unknown as JsonValue;
const council = entry('body.created', { origin: 'x/b', rules });
const committeeCreated = entry('body.created', {
  origin: 'x/b',
  rules,
  parent: { slug: 'council', origin: 'x/council', entry: 9 },
});
const good = {
  slug: 'b-budget',
  origin: 'x/b-budget',
  names: { ru: 'Комиссия' },
  establishedSeats: 5,
  preset: 'ru-33fz',
};
const established = (d: { [k: string]: JsonValue }) => entry('committee.established', { ...good, ...d });
const seat = (membership: number, parentMember?: number | null) =>
  entry('seat.filled', {
    membership,
    seat: membership,
    ...(parentMember === undefined
      ? {}
      : { parentMember: parentMember === null ? null : { membership: parentMember, person: 1 } }),
  });

function firstProblem(log: RecordEntry[]): [number, string] | null {
  const s = emptyReplayState();
  try {
    for (const [i, e] of log.entries()) replayEntry(sha, s, i, e);
    return null;
  } catch (err) {
    if (err instanceof ReplayError) return [err.index, err.code];
    throw err;
  }
}

test('committee.established: a good one replays, each broken one is named', () => {
  const rows: Array<[RecordEntry[], [number, string] | null]> = [
    [[council, established({}), established({ slug: 'b-housing', origin: 'x/b-housing' })], null],
    [
      [council, established({ establishedSeats: 0 })],
      [1, 'bad_committee'],
    ],
    [
      [council, established({ establishedSeats: 2.5 as unknown as number })],
      [1, 'bad_committee'],
    ],
    [
      [council, established({ slug: 'Bad Slug' })],
      [1, 'bad_committee'],
    ],
    [
      [council, established({ names: {} })],
      [1, 'bad_committee'],
    ],
    [
      [council, established({ names: { fr: 'Comité' } })],
      [1, 'bad_committee'],
    ],
    [
      [council, established({ preset: null })],
      [1, 'bad_committee'],
    ],
    [
      [council, established({}), seat(1), established({})],
      [3, 'committee_reestablished'],
    ],
    [
      [committeeCreated, established({})],
      [1, 'nested_committee'],
    ],
  ];
  for (const [log, expected] of rows) assert.deepEqual(firstProblem(log), expected, JSON.stringify(log.at(-1)));
});

test("a committee's seats: each from one parent mandate, held once at a time", () => {
  const vacate = (membership: number) => entry('seat.vacated', { membership, seat: membership, endsOn: '2026-12' });
  const rows: Array<[RecordEntry[], [number, string] | null]> = [
    [[committeeCreated, seat(1, 11), seat(2, 12), vacate(1), seat(3, 11)], null],
    [
      [committeeCreated, seat(1, 11), seat(2)],
      [2, 'committee_seat_unlinked'],
    ],
    [
      [committeeCreated, seat(1, null)],
      [1, 'committee_seat_unlinked'],
    ],
    [
      [committeeCreated, seat(1, 11), seat(2, 11)],
      [2, 'committee_seat_twice'],
    ],
    [
      [council, seat(1, 11)],
      [1, 'not_a_committee'],
    ],
    [[council, seat(1)], null],
    [[entry('body.created', { origin: 'x/b', rules, parent: { slug: 'council' } })], [0, 'bad_committee']],
  ];
  for (const [log, expected] of rows) assert.deepEqual(firstProblem(log), expected, JSON.stringify(log.at(-1)));
});
