// Replaying the sittings calendar (issue 16): a notice's day and verdict are recomputed from its
// rule and the time it was recorded; a cancelled sitting takes no further act; a sitting already
// opened is not moved, cancelled or given notice. Each broken log is named by its entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { EntryType, JsonValue, RecordEntry } from '../entries/record-entry.ts';
import { emptyReplayState, replayEntry, ReplayError } from './replay-record.ts';
import { copyPreset } from '../rules/presets.ts';

const sha = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
const entry = (
  type: EntryType,
  data: { [k: string]: JsonValue },
  recordedAt = '2026-12-01T10:00:00.000Z',
): RecordEntry => ({
  v: 1,
  type,
  body: 'b',
  recordedAt,
  data,
});
const created = entry('body.created', { origin: 'x/b', rules: copyPreset('uk-parish') as unknown as JsonValue });
const scheduled = entry('sitting.scheduled', { sitting: 1, title: 'S', date: '2026-12-07' });
const rule = copyPreset('uk-parish').notice as unknown as JsonValue;
const notice = (over: { [k: string]: JsonValue } = {}, recordedAt?: string) =>
  entry(
    'sitting.notice_published',
    {
      sitting: 1,
      date: '2026-12-07',
      startsAt: null,
      place: null,
      timeZone: 'Europe/London',
      givenOn: '2026-12-01',
      rule,
      inTime: true,
      clearDays: 4,
      ...over,
    },
    recordedAt,
  );

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

test('calendar entries: good logs replay, each broken one is named', () => {
  const rows: Array<[string, RecordEntry[], [number, string] | null]> = [
    ['a notice in time', [created, scheduled, notice()], null],
    [
      'a notice recorded as late that was in time',
      [created, scheduled, notice({ inTime: false })],
      [2, 'notice_reckoning_mismatch'],
    ],
    ['a wrong count of clear days', [created, scheduled, notice({ clearDays: 5 })], [2, 'notice_reckoning_mismatch']],
    [
      'a day that is not the day of the recorded time',
      [created, scheduled, notice({ givenOn: '2026-11-30' })],
      [2, 'notice_reckoning_mismatch'],
    ],
    [
      'a late notice, recorded as late',
      [created, scheduled, notice({ givenOn: '2026-12-04', inTime: false, clearDays: 1 }, '2026-12-04T10:00:00.000Z')],
      null,
    ],
    ['no rule, no verdict', [created, scheduled, notice({ rule: null, inTime: null, clearDays: null })], null],
    ['no rule but a verdict', [created, scheduled, notice({ rule: null })], [2, 'notice_reckoning_mismatch']],
    ['a notice of a sitting never scheduled', [created, notice()], [1, 'unknown_sitting']],
    [
      'an act on a cancelled sitting',
      [
        created,
        scheduled,
        entry('sitting.cancelled', { sitting: 1, reason: 'r' }),
        entry('sitting.opened', { sitting: 1 }),
      ],
      [3, 'sitting_cancelled'],
    ],
    [
      'a notice after the sitting opened',
      [created, scheduled, entry('sitting.opened', { sitting: 1 }), notice()],
      [3, 'sitting_not_scheduled'],
    ],
    [
      'cancelled twice',
      [
        created,
        scheduled,
        entry('sitting.cancelled', { sitting: 1, reason: 'r' }),
        entry('sitting.cancelled', { sitting: 1, reason: 'r' }),
      ],
      [3, 'sitting_cancelled'],
    ],
  ];
  for (const [name, log, expected] of rows) assert.deepEqual(firstProblem(log), expected, name);
});

test('agenda acts: an item on its own sitting, withdrawn once, split into a new item', () => {
  const item = entry('agenda.item_added', { sitting: 1, item: 5, position: 1, title: 'Budget' });
  const other = entry('sitting.scheduled', { sitting: 2, title: 'T', date: '2026-12-08' });
  const withdraw = (n: number) => entry('agenda.item_withdrawn', { sitting: 1, item: n, reason: 'r' });
  const split = (n: number, into: number) =>
    entry('agenda.item_split', { sitting: 1, item: n, newItem: into, position: 2, title: 'Part two' });
  const rows: Array<[string, RecordEntry[], [number, string] | null]> = [
    [
      'moved, split, the new part withdrawn',
      [
        created,
        scheduled,
        item,
        entry('agenda.item_moved', { sitting: 1, item: 5, from: 1, to: 1 }),
        split(5, 6),
        withdraw(6),
      ],
      null,
    ],
    ['an item never added', [created, scheduled, withdraw(5)], [2, 'unknown_agenda_item']],
    [
      'an item of another sitting',
      [created, scheduled, other, item, entry('agenda.item_withdrawn', { sitting: 2, item: 5, reason: 'r' })],
      [4, 'unknown_agenda_item'],
    ],
    ['withdrawn twice', [created, scheduled, item, withdraw(5), withdraw(5)], [4, 'item_withdrawn_twice']],
    ['a withdrawn item split', [created, scheduled, item, withdraw(5), split(5, 6)], [4, 'item_withdrawn']],
    ['a split into an item that exists', [created, scheduled, item, split(5, 5)], [3, 'agenda_item_reused']],
  ];
  for (const [name, log, expected] of rows) assert.deepEqual(firstProblem(log), expected, name);
});
