// Replaying role grants and revocations (issue 15, item 4): a role is one of the five, held by an
// account named only by its number; a grant of a role already granted, or a revocation of one not
// held, is named by its entry. A seat link grants the member role with it.
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
const grant = (account: JsonValue, role: JsonValue) => entry('role.granted', { account, role });
const revoke = (account: JsonValue, role: JsonValue) => entry('role.revoked', { account, role });
const link = (account: number) => entry('member.account_linked', { member: 1, account });

function replay(log: RecordEntry[]) {
  const s = emptyReplayState();
  try {
    for (const [i, e] of log.entries()) replayEntry(sha, s, i, e);
    return { problem: null, roles: [...s.roles].map(([k, v]) => `${k}${v.implied ? ' (linked)' : ''}`).sort() };
  } catch (err) {
    if (err instanceof ReplayError) return { problem: [err.index, err.code], roles: [] };
    throw err;
  }
}

test('role entries: good logs replay to the roles held, each broken one is named', () => {
  const rows: Array<[RecordEntry[], [number, string] | null, string[]?]> = [
    [[created, grant(7, 'chair'), grant(7, 'clerk'), revoke(7, 'chair')], null, ['7/clerk']],
    [[created, grant(7, 'admin'), revoke(7, 'admin'), grant(7, 'admin')], null, ['7/admin']],
    [[created, link(9)], null, ['9/member (linked)']],
    [[created, link(9), revoke(9, 'member')], null, []],
    [[created, grant(9, 'member'), link(9)], null, ['9/member']],
    [
      [created, grant(7, 'chair'), grant(7, 'chair')],
      [2, 'role_already_held'],
    ],
    [
      [created, revoke(7, 'chair')],
      [1, 'role_not_held'],
    ],
    [
      [created, grant(7, 'speaker')],
      [1, 'unknown_role'],
    ],
    [
      [created, grant(0, 'chair')],
      [1, 'bad_account'],
    ],
    [
      [created, grant('7', 'chair')],
      [1, 'bad_account'],
    ],
    [
      [created, grant(7.5 as never, 'chair')],
      [1, 'bad_account'],
    ],
    // An account is an opaque number in the log: a username beside it is refused.
    [
      [created, entry('role.granted', { account: 7, role: 'chair', username: 'alice' })],
      [1, 'role_entry_fields'],
    ],
    [
      [created, entry('role.revoked', { role: 'chair' })],
      [1, 'role_entry_fields'],
    ],
  ];
  for (const [log, expected, roles] of rows) {
    const r = replay(log);
    assert.deepEqual(r.problem, expected, JSON.stringify(log.slice(1).map((e) => e.data)));
    if (roles) assert.deepEqual(r.roles, roles);
  }
});
