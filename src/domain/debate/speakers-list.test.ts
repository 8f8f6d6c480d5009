import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  callingOrder,
  callSpeaker,
  closeList,
  emptyList,
  endSpeech,
  requestToSpeak,
  secondsLeft,
  validateSpeakingRule,
  withdrawRequest,
  type SpeakersList,
  type SpeakingRule,
} from './speakers-list.ts';
import { DomainError } from '../errors.ts';

const RONR: SpeakingRule = { speechSeconds: 600, speechesPerItem: 2, firstSpeechesFirst: true };
const ONCE: SpeakingRule = { speechSeconds: 300, speechesPerItem: 1 };
const ALTERNATE: SpeakingRule = { speechSeconds: 180, alternate: true };
const t = (m: number, s = 0) => `2026-12-01T10:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.000Z`;

const code = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    assert.ok(err instanceof DomainError, String(err));
    return err.code;
  }
  return 'no refusal';
};

function ask(list: SpeakersList, rule: SpeakingRule, ...members: Array<number | [number, 'pro' | 'contra']>) {
  let seq = list.waiting.length + list.speeches.length;
  for (const m of members)
    list = requestToSpeak(
      list,
      rule,
      Array.isArray(m) ? { member: m[0], side: m[1], seq: seq++ } : { member: m, seq: seq++ },
    );
  return list;
}

/** Speaks in calling order until nobody waits; returns who spoke. */
function speakAll(list: SpeakersList, rule: SpeakingRule, from = 0) {
  let minute = from;
  while (list.waiting.length > 0) {
    list = callSpeaker(list, rule, t(minute));
    list = endSpeech(list, t(minute, 30));
    minute++;
  }
  return list;
}

test('in request order; a member is not put on the list twice while waiting', () => {
  const list = ask(emptyList(), ONCE, 3, 1, 2);
  assert.deepEqual(
    callingOrder(list, ONCE).map((w) => w.member),
    [3, 1, 2],
  );
  assert.equal(
    code(() => ask(list, ONCE, 1)),
    'already_waiting',
  );
});

test('one speech per item: a member who spoke cannot be put on the list again', () => {
  const list = speakAll(ask(emptyList(), ONCE, 1, 2), ONCE);
  assert.deepEqual(
    list.speeches.map((s) => s.member),
    [1, 2],
  );
  assert.equal(
    code(() => ask(list, ONCE, 1)),
    'no_further_speech',
  );
});

test('RONR 43:8–43:11: two speeches, the second only after everyone who asked has spoken once', () => {
  let list = speakAll(ask(emptyList(), RONR, 1), RONR);
  list = ask(list, RONR, 1, 2, 3); // 1 asks for a second speech before 2 and 3 ask for their first
  assert.deepEqual(
    callingOrder(list, RONR).map((w) => w.member),
    [2, 3, 1],
  );
  list = speakAll(list, RONR, 10);
  assert.equal(
    code(() => ask(list, RONR, 1)),
    'no_further_speech',
    'a third speech is refused',
  );
  assert.doesNotThrow(() => ask(list, RONR, 2), 'a second for member 2');
});

test('alternating for and against, starting with the side that did not speak last', () => {
  let list = ask(emptyList(), ALTERNATE, [1, 'pro'], [2, 'pro'], [3, 'contra'], [4, 'pro'], [5, 'contra']);
  assert.deepEqual(
    callingOrder(list, ALTERNATE).map((w) => w.member),
    [1, 3, 2, 5, 4],
  );
  list = callSpeaker(list, ALTERNATE, t(0));
  list = endSpeech(list, t(1));
  // After a speaker for, the next is against even if a speaker for asked first.
  assert.equal(callingOrder(list, ALTERNATE)[0]?.member, 3);
  assert.equal(
    code(() => ask(list, ALTERNATE, 9)),
    'side_required',
  );
  assert.equal(
    code(() => requestToSpeak(emptyList(), ONCE, { member: 9, side: 'pro', seq: 0 })),
    'no_sides',
  );
});

test('a point of order goes before everyone waiting, and is recorded as one', () => {
  let list = ask(emptyList(), ONCE, 1, 2);
  list = callSpeaker(list, ONCE, t(0));
  list = requestToSpeak(list, ONCE, { member: 7, pointOfOrder: true, seq: 99 });
  assert.equal(
    code(() => callSpeaker(list, ONCE, t(1))),
    'speech_under_way',
  );
  list = endSpeech(list, t(2));
  list = callSpeaker(list, ONCE, t(2));
  assert.deepEqual(list.speeches.at(-1), { member: 7, pointOfOrder: true, startedAt: t(2), endedAt: null });
  assert.equal(secondsLeft(list, ONCE, t(3)), null, 'a point of order runs on no clock of the rule');
  list = endSpeech(list, t(3));
  // Raising a point of order is not a speech: member 7 may still ask to speak once.
  assert.doesNotThrow(() => ask(list, ONCE, 7));
});

test('a closed list refuses new requests but keeps those waiting; a point of order still comes', () => {
  let list = closeList(ask(emptyList(), ONCE, 1));
  assert.equal(
    code(() => ask(list, ONCE, 2)),
    'list_closed',
  );
  assert.equal(
    code(() => closeList(list)),
    'list_closed',
  );
  list = requestToSpeak(list, ONCE, { member: 2, pointOfOrder: true, seq: 5 });
  assert.deepEqual(
    callingOrder(list, ONCE).map((w) => w.member),
    [2, 1],
  );
});

test('the countdown: seconds left under the rule, negative when the speaker runs over', () => {
  let list = callSpeaker(ask(emptyList(), ONCE, 1), ONCE, t(0));
  assert.equal(secondsLeft(list, ONCE, t(1)), 240);
  assert.equal(secondsLeft(list, ONCE, t(6)), -60);
  assert.equal(secondsLeft(list, {}, t(1)), null, 'no limit set');
  assert.equal(
    code(() => endSpeech(list, '2026-12-01T09:59:00.000Z')),
    'ends_before_start',
  );
  list = endSpeech(list, t(5));
  assert.equal(secondsLeft(list, ONCE, t(6)), null);
  assert.equal(
    code(() => endSpeech(list, t(7))),
    'no_speech',
  );
});

test('the chair may call a named member who is waiting, and withdraw one', () => {
  let list = ask(emptyList(), ONCE, 1, 2, 3);
  list = callSpeaker(list, ONCE, t(0), 3);
  assert.equal(list.speeches[0]?.member, 3);
  list = endSpeech(list, t(1));
  assert.equal(
    code(() => callSpeaker(list, ONCE, t(1), 9)),
    'not_waiting',
  );
  list = withdrawRequest(list, 1);
  assert.equal(
    code(() => withdrawRequest(list, 1)),
    'not_waiting',
  );
  list = callSpeaker(list, ONCE, t(2));
  assert.equal(list.speeches[1]?.member, 2);
  list = endSpeech(list, t(3));
  assert.equal(
    code(() => callSpeaker(list, ONCE, t(4))),
    'nobody_waiting',
  );
});

test('a speaking rule is checked field by field', () => {
  assert.deepEqual(validateSpeakingRule({ speechSeconds: 600, speechesPerItem: 2, firstSpeechesFirst: true }), RONR);
  for (const [bad, why] of [
    [{ speechSeconds: 0 }, /speechSeconds/],
    [{ speechSeconds: 1.5 }, /speechSeconds/],
    [{ speechesPerItem: 0 }, /speechesPerItem/],
    [{ alternate: 'yes' }, /alternate/],
    [{ minutes: 5 }, /unknown key "minutes"/],
    [[], /object/],
  ] as const)
    assert.throws(() => validateSpeakingRule(bad), why);
});
