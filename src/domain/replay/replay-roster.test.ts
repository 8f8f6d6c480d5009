// Replaying terms and mandate ends (issue 15): a term follows the one before it, numbered in
// order; a mandate ends once, for a recorded reason when one is given. Each broken log is named
// by the entry that does not hold.
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
const filled = entry('seat.filled', { membership: 1, seat: 1 });
const term = (n: number, startsOn: string, endsOn: string | null) =>
  entry('term.established', { term: n, startsOn, endsOn });
const vacated = (reason?: string) =>
  entry('seat.vacated', { membership: 1, seat: 1, endsOn: '2025-01-01', ...(reason ? { reason } : {}) });

/** The code of the first entry that does not hold, or null when the whole log replays. */
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

test('terms and mandate ends: good logs replay, each broken one is named', () => {
  const rows: Array<[RecordEntry[], [number, string] | null]> = [
    [[created, term(1, '2019-09-20', '2024-09-19'), term(2, '2024-09-20', null)], null],
    [
      [created, term(2, '2019-09-20', null)],
      [1, 'term_out_of_order'],
    ],
    [
      [created, term(1, '2019-09-20', '2024-09-19'), term(3, '2024-09-20', null)],
      [2, 'term_out_of_order'],
    ],
    [
      [created, term(1, '2019-09-20', '2024-09-19'), term(2, '2024-09-19', null)],
      [2, 'term_overlaps_previous'],
    ],
    [
      [created, term(1, '2019-09-20', null), term(2, '2024-09-20', null)],
      [2, 'term_previous_term_open'],
    ],
    [
      [created, term(1, '2024-09-20', '2019-09-20')],
      [1, 'term_ends_before_start'],
    ],
    [
      [created, term(1, '2024-02-30', null)],
      [1, 'term_invalid_date'],
    ],
    [[created, filled, vacated('resigned')], null],
    [[created, filled, vacated()], null],
    [
      [created, filled, vacated('fired')],
      [2, 'bad_end_reason'],
    ],
    [
      [created, filled, vacated('died'), vacated('died')],
      [3, 'member_not_current'],
    ],
  ];
  for (const [log, expected] of rows) assert.deepEqual(firstProblem(log), expected, JSON.stringify(log.slice(1)));
});
