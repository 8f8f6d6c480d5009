// Replaying minutes (issue 17): drafted only once the sitting is closed, each narrative the next
// draft version on an item of that sitting, an approval only from an adopted approval motion, a
// signature only of approved minutes, by an account holding the role. Each broken log is named by
// its first bad entry, with the code the service refuses it with.
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
  recordedAt: '2026-12-01T10:00:00.000Z',
  data,
});
const H = 'a'.repeat(64);
const created = entry('body.created', { origin: 'x/b', rules: copyPreset('ronr') as unknown as JsonValue });
const scheduled = entry('sitting.scheduled', { sitting: 1, title: 'S', date: '2026-12-07' });
const item = entry('agenda.item_added', { sitting: 1, item: 5, position: 1, title: 'Roads' });
const opened = entry('sitting.opened', { sitting: 1 });
const closed = entry('sitting.closed', { sitting: 1 });
const drafted = entry('minutes.drafted', { sitting: 1, version: 1 });
const narrative = (version: number, agendaItem: number | null = 5) =>
  entry('minutes.narrative_added', { sitting: 1, agendaItem, lang: 'en', text: 'Debate.', version });
const chairRole = entry('role.granted', { account: 7, role: 'chair' });
const sign = (role = 'chair', account = 7, sha256 = H) =>
  entry('minutes.signed', { sitting: 1, role, account, sha256 });
const approved = entry('minutes.approved', {
  sitting: 1,
  version: 2,
  motion: 9,
  vote: 9,
  pdf: { sha256: H, mediaType: 'application/pdf', size: 100 },
  logSize: 5,
});
const base = [created, scheduled, item, opened, closed];

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

test('minutes entries: good logs replay, each broken one is named', () => {
  const rows: Array<[string, RecordEntry[], [number, string] | null]> = [
    ['drafted and narrated', [...base, drafted, narrative(2), narrative(3, null)], null],
    ['drafted before the close', [created, scheduled, opened, drafted], [3, 'sitting_not_closed']],
    ['drafted twice', [...base, drafted, drafted], [6, 'minutes_already_drafted']],
    ['a narrative with no draft', [...base, narrative(2)], [5, 'minutes_not_drafted']],
    ['a narrative skipping a version', [...base, drafted, narrative(3)], [6, 'minutes_version_mismatch']],
    ['a narrative on another item', [...base, drafted, narrative(2, 99)], [6, 'unknown_agenda_item']],
    ['an approval with no adopted vote', [...base, drafted, narrative(2), approved], [7, 'approval_without_adoption']],
    ['a signature before approval', [...base, drafted, chairRole, sign()], [7, 'minutes_not_approved']],
    ['a signature by an account without the role', [...base, drafted, sign()], [6, 'signer_lacks_role']],
    ['a signature as a member', [...base, drafted, sign('member')], [6, 'not_a_signing_role']],
  ];
  for (const [name, log, expected] of rows) assert.deepEqual(firstProblem(log), expected, name);
});
