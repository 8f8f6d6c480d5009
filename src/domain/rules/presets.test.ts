import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OutcomeReason } from './explanation-step.ts';
import type { VoteCounts } from './vote-counts.ts';
import { evaluateMotion, evaluateNamed } from './evaluate-vote.ts';
import { MOTION_KINDS, PRESETS, copyPreset } from './presets.ts';
import { validateRuleSet } from './rule-set.ts';

type Row = [
  note: string,
  preset: string,
  majority: string,
  counts: VoteCounts,
  expected: { quorate: boolean; adopted: boolean; requiredYes: number | null; reason: OutcomeReason },
];

const seats = (established: number, filled: number, present: number) => ({ established, filled, present });
const votes = (yes: number, no: number, abstain = 0) => ({ yes, no, abstain });
const adopted = (requiredYes: number | null, reason: OutcomeReason = 'adopted') => ({
  quorate: true,
  adopted: true,
  requiredYes,
  reason,
});
const rejected = (requiredYes: number | null, reason: OutcomeReason) => ({
  quorate: true,
  adopted: false,
  requiredYes,
  reason,
});
const inquorate = { quorate: false, adopted: false, requiredYes: null, reason: 'inquorate' as const };

// Every expected value below is worked out by hand from DESIGN.md's table; the comment says how.
const ROWS: Row[] = [
  // ronr: quorum filled > 1/2; ordinary cast > 1/2 (illegal ballots count), two_thirds cast ≥ 2/3.
  ['odd size: 5 of 9 is a majority; 3 > 5/2', 'ronr', 'ordinary', { ...seats(9, 9, 5), ...votes(3, 2) }, adopted(3)],
  ['even size: 5 of 10 is not more than half', 'ronr', 'ordinary', { ...seats(10, 10, 5), ...votes(3, 2) }, inquorate],
  [
    'even size tie: 3 = 3 fails; 4 needed',
    'ronr',
    'ordinary',
    { ...seats(10, 10, 6), ...votes(3, 3) },
    rejected(4, 'tie_fails'),
  ],
  [
    'everyone abstaining: nothing is adopted with no yes',
    'ronr',
    'ordinary',
    { ...seats(10, 10, 6), ...votes(0, 0, 6) },
    rejected(1, 'below_min_yes'),
  ],
  [
    'zero votes: all present, nobody voting',
    'ronr',
    'ordinary',
    { ...seats(10, 10, 6), ...votes(0, 0), notVoting: 6 },
    rejected(1, 'below_min_yes'),
  ],
  [
    'vacancies lower the quorum: 5 > 9/2 though 5 ≤ 12/2',
    'ronr',
    'ordinary',
    { ...seats(12, 9, 5), ...votes(4, 1) },
    adopted(2),
  ],
  [
    'illegal ballots count: 7 of 7 + 6 + 2 is not more than half',
    'ronr',
    'ordinary',
    { ...seats(20, 20, 15), ...votes(7, 6), invalid: 2 },
    rejected(9, 'below_threshold'),
  ],
  [
    'blank ballots do not count: 6 ≥ 2/3 of 9',
    'ronr',
    'two_thirds',
    { ...seats(20, 20, 12), ...votes(6, 3), blank: 3 },
    adopted(6),
  ],
  ['two thirds exactly: 10 ≥ 2/3 of 15', 'ronr', 'two_thirds', { ...seats(20, 20, 15), ...votes(10, 5) }, adopted(10)],
  [
    'two thirds missed by one: 27 < 28',
    'ronr',
    'two_thirds',
    { ...seats(20, 20, 15), ...votes(9, 5, 1) },
    rejected(10, 'below_threshold'),
  ],
  [
    'recusal is absence: 5 left of 11 is no quorum',
    'ronr',
    'ordinary',
    { ...seats(11, 11, 5), ...votes(5, 0) },
    inquorate,
  ],
  [
    'bylaws without notice: a majority of the entire membership, 51 of 100',
    'ronr',
    'bylaws',
    { ...seats(100, 100, 95), ...votes(51, 39, 5) },
    adopted(51),
  ],

  // uk-lga-1972: quorum established ≥ 1/4; ordinary cast > 1/2, tie → chair's casting vote.
  [
    'quorum on established seats: ⌈51/4⌉ = 13, vacancies do not lower it',
    'uk-lga-1972',
    'ordinary',
    { ...seats(51, 40, 13), ...votes(7, 6) },
    adopted(7),
  ],
  ['one short of a quarter of 51', 'uk-lga-1972', 'ordinary', { ...seats(51, 40, 12), ...votes(7, 5) }, inquorate],
  [
    'tie, casting vote for: adopted, 8 would do',
    'uk-lga-1972',
    'ordinary',
    { ...seats(40, 40, 20), ...votes(8, 8, 4), castingVote: 'yes' },
    adopted(8, 'adopted_casting_vote'),
  ],
  [
    'tie, casting vote against',
    'uk-lga-1972',
    'ordinary',
    { ...seats(40, 40, 20), ...votes(8, 8, 4), castingVote: 'no' },
    rejected(9, 'tie_casting_vote_no'),
  ],
  [
    'tie, no casting vote recorded',
    'uk-lga-1972',
    'ordinary',
    { ...seats(40, 40, 20), ...votes(8, 8, 4) },
    rejected(9, 'tie_no_casting_vote'),
  ],
  [
    '0 = 0 with a casting vote for: still no yes vote',
    'uk-lga-1972',
    'ordinary',
    { ...seats(8, 8, 4), ...votes(0, 0, 4), castingVote: 'yes' },
    rejected(1, 'below_min_yes'),
  ],
  [
    'even size: ⌈8/4⌉ = 2 present is quorate',
    'uk-lga-1972',
    'ordinary',
    { ...seats(8, 8, 2), ...votes(1, 0) },
    adopted(1),
  ],

  // uk-parish: quorum established ≥ 1/3 and at least 3; ordinary as uk-lga-1972.
  [
    'minimum quorum: 1/3 of 6 is 2, but never fewer than 3',
    'uk-parish',
    'ordinary',
    { ...seats(6, 6, 2), ...votes(2, 0) },
    inquorate,
  ],
  ['minimum quorum met', 'uk-parish', 'ordinary', { ...seats(6, 6, 3), ...votes(2, 1) }, adopted(2)],
  [
    'odd size: ⌈7/3⌉ = 3',
    'uk-parish',
    'ordinary',
    { ...seats(7, 5, 3), ...votes(1, 1, 1), castingVote: 'yes' },
    adopted(1, 'adopted_casting_vote'),
  ],
  ['a third of 12 is 4', 'uk-parish', 'ordinary', { ...seats(12, 12, 3), ...votes(3, 0) }, inquorate],

  // de-nrw: quorum established > 1/2 (the mayor counts); ordinary cast > 1/2, tie fails.
  ['odd: 11 > 21/2', 'de-nrw', 'ordinary', { ...seats(21, 20, 11), ...votes(4, 3, 4) }, adopted(4)],
  [
    'vacancies do not lower it: 10 ≤ 20/2, once the lack of quorum is established',
    'de-nrw',
    'ordinary',
    { ...seats(20, 18, 10), ...votes(6, 2), lackOfQuorumEstablished: true },
    inquorate,
  ],
  [
    'Hauptsatzung: more than half of 45 is 23 (§7(3))',
    'de-nrw',
    'hauptsatzung',
    { ...seats(45, 45, 30), ...votes(16, 10, 4) },
    rejected(23, 'below_threshold'),
  ],
  [
    'tie fails, a casting vote is not part of this rule',
    'de-nrw',
    'ordinary',
    { ...seats(21, 21, 11), ...votes(5, 5, 1), castingVote: 'yes' },
    rejected(6, 'tie_fails'),
  ],
  ['abstentions do not count: 4 > 7/2', 'de-nrw', 'ordinary', { ...seats(21, 21, 12), ...votes(4, 3, 5) }, adopted(4)],

  // ru-131fz: quorum filled ≥ 1/2; ordinary (yes+no+abstain) > 1/2; binding_rule established > 1/2;
  // charter established ≥ 2/3.
  ['the reference sitting', 'ru-131fz', 'ordinary', { ...seats(20, 20, 10), ...votes(7, 0, 3) }, adopted(4)],
  [
    'binding rule: 11 of 20 established, out of reach',
    'ru-131fz',
    'binding_rule',
    { ...seats(20, 20, 10), ...votes(7, 0, 3) },
    rejected(11, 'below_threshold'),
  ],
  [
    'charter: ⌈2/3 × 20⌉ = 14',
    'ru-131fz',
    'charter',
    { ...seats(20, 20, 10), ...votes(7, 0, 3) },
    rejected(14, 'below_threshold'),
  ],
  [
    'everyone abstaining: 11 > (11 + 10)/2, more than are present',
    'ru-131fz',
    'ordinary',
    { ...seats(20, 20, 10), ...votes(0, 0, 10) },
    rejected(11, 'below_min_yes'),
  ],
  ['vacancies lower the quorum: 8 ≥ 15/2', 'ru-131fz', 'ordinary', { ...seats(20, 15, 8), ...votes(8, 0) }, adopted(1)],
  [
    'vacancies do not lower a binding rule',
    'ru-131fz',
    'binding_rule',
    { ...seats(20, 15, 8), ...votes(8, 0) },
    rejected(11, 'below_threshold'),
  ],
  ['odd size: 7 < 15/2', 'ru-131fz', 'ordinary', { ...seats(15, 15, 7), ...votes(7, 0) }, inquorate],
  [
    'even tie: 4 = 4 fails',
    'ru-131fz',
    'ordinary',
    { ...seats(10, 10, 10), ...votes(4, 4, 0) },
    rejected(5, 'tie_fails'),
  ],
  [
    'tie with abstentions: 6 > (6 + 3 + 2)/2',
    'ru-131fz',
    'ordinary',
    { ...seats(10, 10, 8), ...votes(3, 3, 2) },
    rejected(6, 'tie_fails'),
  ],
  ['charter adopted: 14 ≥ 40/3', 'ru-131fz', 'charter', { ...seats(20, 19, 16), ...votes(14, 2) }, adopted(14)],
  ['head removed: 14 ≥ 2/3 of 20', 'ru-131fz', 'head_removal', { ...seats(20, 20, 18), ...votes(14, 4) }, adopted(14)],
  [
    '33-FZ keeps the reference sitting adopted',
    'ru-33fz',
    'ordinary',
    { ...seats(20, 20, 10), ...votes(7, 0, 3) },
    adopted(4),
  ],
  ['33-FZ binding rule', 'ru-33fz', 'binding_rule', { ...seats(20, 20, 12), ...votes(11, 1) }, adopted(11)],
  ['33-FZ charter', 'ru-33fz', 'charter', { ...seats(20, 20, 15), ...votes(13, 2) }, rejected(14, 'below_threshold')],
  ['33-FZ head removal', 'ru-33fz', 'head_removal', { ...seats(21, 21, 21), ...votes(14, 7) }, adopted(14)],
  // A veto overridden by two thirds of the established number (131-FZ art. 35 part 13).
  [
    'veto overridden: 14 ≥ 2/3 of 20',
    'ru-131fz',
    'veto_override',
    { ...seats(20, 18, 16), ...votes(14, 2) },
    adopted(14),
  ],
  [
    'veto stands: 13 < 2/3 of 20',
    'ru-131fz',
    'veto_override',
    { ...seats(20, 20, 20), ...votes(13, 7) },
    rejected(14, 'below_threshold'),
  ],
  ['33-FZ veto override', 'ru-33fz', 'veto_override', { ...seats(21, 21, 21), ...votes(14, 7) }, adopted(14)],

  // us-house: quorum filled > 1/2; ordinary cast > 1/2, tie fails; two_thirds cast ≥ 2/3.
  [
    'quorum of the filled House: 216 > 431/2',
    'us-house',
    'ordinary',
    { ...seats(435, 431, 216), ...votes(120, 90, 6) },
    adopted(91),
  ],
  ['one short', 'us-house', 'ordinary', { ...seats(435, 431, 215), ...votes(120, 90, 5) }, inquorate],
  [
    'tie fails; "present" votes are abstentions',
    'us-house',
    'ordinary',
    { ...seats(435, 435, 430), ...votes(200, 200, 30) },
    rejected(201, 'tie_fails'),
  ],
  [
    'suspension: 290 of 435 is two thirds exactly',
    'us-house',
    'two_thirds',
    { ...seats(435, 435, 435), ...votes(290, 145) },
    adopted(290),
  ],
  [
    'suspension missed: 3 × 289 < 2 × 435',
    'us-house',
    'two_thirds',
    { ...seats(435, 435, 435), ...votes(289, 146) },
    rejected(292, 'below_threshold'),
  ],
  [
    'invalid ballots are not counted here',
    'us-house',
    'ordinary',
    { ...seats(20, 20, 15), ...votes(7, 6), invalid: 2 },
    adopted(7),
  ],
];

test('every preset: outcome, requiredYes and reason', () => {
  for (const [note, preset, majority, counts, expected] of ROWS) {
    const o = evaluateNamed(PRESETS[preset]!, majority, counts);
    assert.deepEqual(
      { quorate: o.quorate, adopted: o.adopted, requiredYes: o.requiredYes, reason: o.reason },
      expected,
      `${preset}/${majority}: ${note}`,
    );
  }
});

test('the table covers every preset and every named majority', () => {
  for (const [name, set] of Object.entries(PRESETS)) {
    for (const majority of Object.keys(set.majorities)) {
      assert.ok(
        ROWS.some((r) => r[1] === name && r[2] === majority),
        `${name}/${majority} has no row`,
      );
    }
  }
});

test('every preset is a valid rule set, cites a source for its quorum and each majority, maps every motion kind', () => {
  assert.deepEqual(Object.keys(PRESETS).sort(), [
    'de-nrw',
    'ronr',
    'ru-131fz',
    'ru-33fz',
    'uk-lga-1972',
    'uk-parish',
    'us-house',
  ]);
  for (const [name, set] of Object.entries(PRESETS)) {
    assert.deepEqual(validateRuleSet(set), set, name);
    assert.equal(set.preset, name);
    assert.ok(set.source?.quorum?.act && set.source.quorum.section, `${name}: quorum source`);
    for (const majority of Object.keys(set.majorities)) {
      const c = set.source?.majorities?.[majority];
      assert.ok(c?.act && c.section, `${name}/${majority}: source`);
    }
    for (const kind of MOTION_KINDS) assert.ok(set.motionKinds[kind], `${name}: motion kind ${kind}`);
  }
});

test('sections cited are those of DESIGN.md', () => {
  const sections = Object.fromEntries(
    Object.entries(PRESETS).map(([name, set]) => [
      name,
      [set.source!.quorum!.section, ...Object.values(set.source!.majorities!).map((c) => c.section)].join(' | '),
    ]),
  );
  assert.deepEqual(sections, {
    ronr: '40:3 | 44:1, 45 | 44:3, 45 | 57:1',
    'uk-lga-1972': 'Sch. 12 para 6; para 45 | Sch. 12 para 39',
    'uk-parish': 'Sch. 12 para 12; para 45 | Sch. 12 para 39',
    'de-nrw': '§49(1), §49(2) | §50(1), §50(5) | §7(3) sentence 2',
    'ru-131fz':
      'art. 35 part 1.1 | art. 35 part 1.1 (131-FZ sets no ordinary majority) | art. 43 part 3 | art. 44 | art. 74.1 | art. 35 part 13',
    'ru-33fz':
      'art. 35 part 1.1 of 131-FZ (assumed) | art. 35 part 1.1 (131-FZ sets no ordinary majority) | art. 43 part 3 of 131-FZ (assumed) | art. 44 of 131-FZ (assumed) | art. 74.1 of 131-FZ (assumed) | art. 35 part 13 of 131-FZ (assumed)',
    'us-house': 'art. I §5 cl. 1; Rule XX cl. 5 | Rule XX | Rule XV',
  });
});

test('motion kinds pick their majority: a charter amendment under 131-FZ needs two thirds of 20', () => {
  const counts = { ...seats(20, 20, 15), ...votes(13, 0, 2) };
  assert.equal(evaluateMotion(PRESETS['ru-131fz']!, 'appeal', counts).adopted, true);
  const charter = evaluateMotion(PRESETS['ru-131fz']!, 'charter_amendment', counts);
  assert.deepEqual([charter.adopted, charter.requiredYes], [false, 14]);
  assert.throws(() => evaluateMotion(PRESETS['ru-131fz']!, 'coronation', counts), { code: 'unknown_motion_kind' });
  assert.throws(() => evaluateNamed(PRESETS.ronr!, 'unanimous', counts), { code: 'unknown_majority' });
});

test('presets are frozen; a body edits its own copy', () => {
  assert.throws(() => {
    (PRESETS.ronr!.quorum as { fraction: string }).fraction = '1/3';
  }, TypeError);
  const copy = copyPreset('ronr');
  copy.quorum.fraction = '1/3';
  assert.equal(PRESETS.ronr!.quorum.fraction, '1/2');
  const counts = { ...seats(30, 30, 11), ...votes(6, 5) };
  assert.equal(evaluateNamed(PRESETS.ronr!, 'ordinary', counts).quorate, false);
  assert.equal(evaluateNamed(copy, 'ordinary', counts).quorate, true);
  assert.throws(() => copyPreset('ancient-rome'), { code: 'unknown_preset' });
});

test('every preset cites where its speaking rule comes from; only RONR and the House rules set one', () => {
  const rules = Object.fromEntries(Object.entries(PRESETS).map(([name, p]) => [name, p.debate ?? null]));
  assert.deepEqual(rules, {
    ronr: { speechSeconds: 600, speechesPerItem: 2, firstSpeechesFirst: true },
    'uk-lga-1972': null,
    'uk-parish': null,
    'de-nrw': null,
    'ru-131fz': null,
    'ru-33fz': null,
    'us-house': { speechSeconds: 3600 },
  });
  for (const [name, p] of Object.entries(PRESETS)) {
    assert.ok(p.source?.debate?.act, `${name} cites its speaking rule`);
    if (!p.debate) assert.ok(p.source?.debate?.assumption || /none/.test(p.source?.debate?.section ?? ''), name);
    // A preset's rule survives the same check a body's own rules get.
    assert.deepEqual(validateRuleSet(structuredClone(p)).debate, p.debate, name);
  }
});

test('every preset says whether an item may be closed to the public, with its citation', () => {
  const closed = Object.fromEntries(Object.entries(PRESETS).map(([name, p]) => [name, p.closedItems ?? null]));
  assert.deepEqual(closed, {
    ronr: { titlePublic: false },
    'uk-lga-1972': { titlePublic: true },
    'uk-parish': { titlePublic: true },
    'de-nrw': { titlePublic: false },
    'ru-131fz': { titlePublic: false },
    'ru-33fz': { titlePublic: false },
    'us-house': null,
  });
  for (const [name, p] of Object.entries(PRESETS)) assert.ok(p.source?.closedItems?.act, `${name} cites it`);
});
