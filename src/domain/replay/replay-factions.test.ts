// Replaying factions (issue 15, item 5): each faction entry holds under the rules of
// domain/roster/faction-dates.ts, against the mandates the log records; the first that does not
// is named by its index and a stable code.
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
const created = entry('body.created', { origin: 'x/b', rules: copyPreset('ronr') as unknown as JsonValue });
const filled = (m: number, startsOn: string | null = '2022-09') =>
  entry('seat.filled', { membership: m, seat: m, startsOn });
const vacated = (m: number, endsOn: string) => entry('seat.vacated', { membership: m, seat: m, endsOn });
const established = (f: number, foundedOn = '2022-10-01') =>
  entry('faction.established', { faction: f, names: { ru: `Фракция ${f}` }, foundedOn });
const joined = (f: number, member: number, joinsOn: string, leavesOn: string | null = null) =>
  entry('faction.member_joined', { faction: f, member, joinsOn, leavesOn });
const left = (f: number, member: number, leavesOn: string) =>
  entry('faction.member_left', { faction: f, member, leavesOn });
const dissolved = (f: number, dissolvedOn: string, membersLeft: number[]) =>
  entry('faction.dissolved', { faction: f, dissolvedOn, membersLeft });

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

test('factions: a good log replays, and each broken one is named by its first bad entry', () => {
  const start = [created, filled(1), filled(2), established(1), established(2)];
  const rows: Array<[RecordEntry[], [number, string] | null]> = [
    [
      [
        ...start,
        joined(1, 1, '2022-10-01'),
        left(1, 1, '2023-03-31'),
        joined(2, 1, '2023-04-01'),
        joined(1, 2, '2022-10-05'),
        dissolved(1, '2023-06-30', [2]),
      ],
      null,
    ],
    // One faction at a time: joining another while still in the first.
    [
      [...start, joined(1, 1, '2022-10-01'), joined(2, 1, '2023-01-01')],
      [6, 'faction_faction_overlap'],
    ],
    // Joining before the faction was founded, or a faction never established.
    [
      [...start, joined(1, 1, '2022-09-30')],
      [5, 'faction_outside_faction_life'],
    ],
    [
      [...start, joined(3, 1, '2022-10-01')],
      [5, 'unknown_faction'],
    ],
    // Outside the mandate: before it began (known to the month), after it ended.
    [
      [...start, filled(3, '2022-11'), joined(1, 3, '2022-10-31')],
      [6, 'faction_outside_mandate'],
    ],
    [
      [...start, vacated(2, '2022-12-31'), joined(1, 2, '2022-10-01', '2023-01-01')],
      [6, 'faction_outside_mandate'],
    ],
    // A member who never held a seat; leaving a faction one is not in; a day that is not a day.
    [
      [...start, joined(1, 9, '2022-10-01')],
      [5, 'unknown_member'],
    ],
    [
      [...start, left(1, 1, '2022-10-01')],
      [5, 'faction_not_in_faction'],
    ],
    [
      [...start, joined(1, 1, '2022-10-32')],
      [5, 'faction_invalid_date'],
    ],
    // Dissolution: the members still in must be the ones named as leaving, and only once.
    [
      [...start, joined(1, 1, '2022-10-01'), dissolved(1, '2023-01-01', [])],
      [6, 'faction_members_left_mismatch'],
    ],
    [
      [...start, dissolved(1, '2023-01-01', []), dissolved(1, '2023-02-01', [])],
      [6, 'faction_already_dissolved'],
    ],
    [
      [...start, dissolved(1, '2023-01-01', []), joined(1, 1, '2023-01-02')],
      [6, 'faction_outside_faction_life'],
    ],
    [
      [...start, established(1)],
      [5, 'faction_reestablished'],
    ],
    [
      [created, entry('faction.established', { faction: 1, names: {}, foundedOn: '2022-10-01' })],
      [1, 'faction_unnamed'],
    ],
  ];
  for (const [log, expected] of rows) assert.deepEqual(firstProblem(log), expected, JSON.stringify(log.at(-1)));
});

test('a tampered faction entry is named: a leaving day moved before joining', () => {
  const log = [created, filled(1), established(1), joined(1, 1, '2022-10-10'), left(1, 1, '2022-11-01')];
  assert.equal(firstProblem(log), null);
  const tampered = [...log.slice(0, 4), left(1, 1, '2022-10-09')];
  assert.deepEqual(firstProblem(tampered), [4, 'faction_leaves_before_joining']);
});
