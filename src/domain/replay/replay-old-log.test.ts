// Logs written before issue 13's rule fields (competence, presumption, disqualified base, anyOf,
// previous notice, invalid papers in the 131-FZ base) still replay: every old close entry is
// checked against the rule embedded in it, whose absent fields keep their old meaning. The
// fixture is the demo body's log as the code before that change wrote it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RecordEntry } from '../entries/record-entry.ts';
import type { RuleSet } from '../rules/rule-set.ts';
import { copyPreset, presetDiffers } from '../rules/presets.ts';
import { emptyReplayState, replayEntry } from './replay-record.ts';

const sha = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
const entries = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/demo-log-before-issue-13.json', import.meta.url), 'utf8'),
) as RecordEntry[];

test('the demo log written before the corrected presets replays, every close entry under its own embedded rule', () => {
  const s = emptyReplayState();
  entries.forEach((e, i) => {
    replayEntry(sha, s, i, e);
  });
  const closed = [...s.votes.values()].filter((v) => v.status === 'closed');
  assert.ok(closed.length >= 1);
  assert.deepEqual(
    closed.map((v) => v.outcome),
    [{ quorate: true, adopted: true, requiredYes: 4, reason: 'adopted' }],
  );
});

test('its stored ru-131fz copy differs from the corrected preset; adopting it is a recorded rules change, after which old entries still stand', () => {
  const rules = (entries[0]!.data as unknown as { rules: RuleSet }).rules;
  assert.equal(presetDiffers(rules), true);
  const s = emptyReplayState();
  entries.forEach((e, i) => {
    replayEntry(sha, s, i, e);
  });
  const change: RecordEntry = {
    ...entries[1]!,
    type: 'body.rules_changed',
    data: { rules: copyPreset('ru-131fz') as never, reason: 'adopt the corrected preset' },
  };
  replayEntry(sha, s, entries.length, change);
  assert.equal(presetDiffers(s.rules!), false);
  // The vote closed before the change keeps its recorded outcome.
  assert.equal([...s.votes.values()][0]!.outcome!.adopted, true);
});

test('a close entry whose counts claim a procedural fact the log does not give is named', () => {
  const s = emptyReplayState();
  const i = entries.findIndex((e) => e.type === 'vote.closed');
  entries.slice(0, i).forEach((e, k) => {
    replayEntry(sha, s, k, e);
  });
  const forged = structuredClone(entries[i]!) as RecordEntry & { data: { counts: Record<string, unknown> } };
  forged.data.counts.secondConvocation = true;
  assert.throws(() => replayEntry(sha, s, i, forged), { code: 'facts_mismatch' });
});
