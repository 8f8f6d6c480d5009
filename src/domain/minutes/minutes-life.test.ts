import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  approvalMotionRefusal,
  approvalRefusal,
  draftRefusal,
  minutesStatus,
  narrativeRefusal,
  signatureRefusal,
  type MinutesFacts,
} from './minutes-life.ts';

const H = 'a'.repeat(64);
const none: MinutesFacts = { version: 0, approved: null, signatures: [] };
const draft: MinutesFacts = { version: 3, approved: null, signatures: [] };
const approved: MinutesFacts = { version: 3, approved: { version: 2, sha256: H }, signatures: [] };
const chairSigned: MinutesFacts = { ...approved, signatures: [{ role: 'chair', account: 7 }] };
const bothSigned: MinutesFacts = {
  ...approved,
  signatures: [
    { role: 'chair', account: 7 },
    { role: 'clerk', account: 8 },
  ],
};

test('the status is derived from the facts', () => {
  const table: Array<[MinutesFacts, string]> = [
    [none, 'none'],
    [draft, 'draft'],
    [approved, 'approved'],
    [chairSigned, 'approved'],
    [bothSigned, 'signed'],
  ];
  for (const [facts, status] of table) assert.equal(minutesStatus(facts), status);
});

test('each transition is refused where it cannot happen, with a stable code', () => {
  const table: Array<[string, string | null, string | null]> = [
    ['draft of an open sitting', draftRefusal(none, false), 'sitting_not_closed'],
    ['draft of a closed sitting', draftRefusal(none, true), null],
    ['draft twice', draftRefusal(draft, true), 'minutes_already_drafted'],
    ['narrative before the draft', narrativeRefusal(none), 'minutes_not_drafted'],
    ['narrative on a draft', narrativeRefusal(draft), null],
    ['narrative after approval', narrativeRefusal(approved), 'minutes_approved'],
    ['motion on its own sitting', approvalMotionRefusal(draft, 1, true), 'minutes_of_own_sitting'],
    ['motion on no draft', approvalMotionRefusal(none, 1, false), 'minutes_not_drafted'],
    ['motion on a version to come', approvalMotionRefusal(draft, 4, false), 'minutes_version_unknown'],
    ['motion on an earlier version', approvalMotionRefusal(draft, 2, false), null],
    ['motion after approval', approvalMotionRefusal(approved, 3, false), 'minutes_already_approved'],
    ['approve', approvalRefusal(draft, 3), null],
    ['approve twice', approvalRefusal(approved, 3), 'minutes_already_approved'],
    ['sign before approval', signatureRefusal(draft, 'chair', 7, H, true), 'minutes_not_approved'],
    ['sign', signatureRefusal(approved, 'chair', 7, H, true), null],
    ['sign another hash', signatureRefusal(approved, 'chair', 7, 'b'.repeat(64), true), 'minutes_hash_mismatch'],
    ['sign without the role', signatureRefusal(approved, 'chair', 7, H, false), 'signer_lacks_role'],
    ['sign as a member', signatureRefusal(approved, 'member', 7, H, true), 'not_a_signing_role'],
    ['sign twice as chair', signatureRefusal(chairSigned, 'chair', 9, H, true), 'minutes_already_signed'],
    ['one account as both', signatureRefusal(chairSigned, 'clerk', 7, H, true), 'minutes_signed_by_same_account'],
    ['the clerk after the chair', signatureRefusal(chairSigned, 'clerk', 8, H, true), null],
  ];
  for (const [what, got, want] of table) assert.equal(got, want, what);
});
