// Issue 13, "Procedure and law": one table per finding on the rules engine and presets. Every
// expected value is worked out by hand from the cited text; each table failed before the fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OutcomeReason } from './explanation-step.ts';
import type { VoteCounts } from './vote-counts.ts';
import { evaluateMotion, evaluateNamed } from './evaluate-vote.ts';
import { evaluateQuorum } from './evaluate-quorum.ts';
import { PRESETS, copyPreset, presetDiffers } from './presets.ts';
import { renderExplanation } from './render-explanation.ts';
import { validateRuleSet } from './rule-set.ts';

type Expect = { quorate: boolean; adopted: boolean; requiredYes: number | null; reason: OutcomeReason };
type Row = [note: string, preset: string, majorityOrKind: string, counts: VoteCounts, expected: Expect];

const ok = (requiredYes: number | null, reason: OutcomeReason = 'adopted'): Expect => ({
  quorate: true,
  adopted: true,
  requiredYes,
  reason,
});
const no = (requiredYes: number | null, reason: OutcomeReason): Expect => ({
  quorate: true,
  adopted: false,
  requiredYes,
  reason,
});
const inquorate: Expect = { quorate: false, adopted: false, requiredYes: null, reason: 'inquorate' };
const incompetent: Expect = { quorate: false, adopted: false, requiredYes: null, reason: 'not_competent' };

function check(rows: Row[], byKind = false): void {
  for (const [note, preset, name, counts, expected] of rows) {
    const set = PRESETS[preset]!;
    const o = byKind ? evaluateMotion(set, name, counts) : evaluateNamed(set, name, counts);
    assert.deepEqual(
      { quorate: o.quorate, adopted: o.adopted, requiredYes: o.requiredYes, reason: o.reason },
      expected,
      `${preset}/${name}: ${note}`,
    );
  }
}

test('1. 131-FZ art. 35 part 1: a body with fewer than two thirds of its seats filled cannot act', () => {
  check([
    [
      '20 seats, 12 filled, 6 present: 12 < 40/3',
      'ru-131fz',
      'ordinary',
      { established: 20, filled: 12, present: 6, yes: 6, no: 0, abstain: 0 },
      incompetent,
    ],
    [
      '20 seats, 13 filled: still short of 14',
      'ru-131fz',
      'ordinary',
      { established: 20, filled: 13, present: 13, yes: 13, no: 0, abstain: 0 },
      incompetent,
    ],
    [
      '20 seats, 14 filled, 7 present: competent and quorate',
      'ru-131fz',
      'ordinary',
      { established: 20, filled: 14, present: 7, yes: 4, no: 3, abstain: 0 },
      ok(4),
    ],
    [
      '15 seats, 10 filled: exactly two thirds',
      'ru-33fz',
      'ordinary',
      { established: 15, filled: 10, present: 5, yes: 3, no: 2, abstain: 0 },
      ok(3),
    ],
  ]);
  const o = evaluateNamed(PRESETS['ru-131fz']!, 'ordinary', {
    established: 20,
    filled: 12,
    present: 6,
    yes: 6,
    no: 0,
    abstain: 0,
  });
  assert.deepEqual(
    o.explanation.map((s) => s.kind),
    ['rule', 'competence', 'outcome'],
  );
  assert.match(
    renderExplanation(o.explanation, 'ru')[1]!,
    /избрано 12 при установленной численности депутатов 20; .*14 — не выполнено/,
  );
  // A rule without the check (other presets, rules stored before it existed) is not affected.
  check([
    [
      'uk: no competence check',
      'uk-lga-1972',
      'ordinary',
      { established: 20, filled: 12, present: 6, yes: 6, no: 0, abstain: 0 },
      ok(1),
    ],
  ]);
});

test('2. GO NRW §49: quorate until a lack of quorum is established; a second convocation is quorate', () => {
  const base = { established: 21, filled: 21, present: 8, yes: 5, no: 3, abstain: 0 };
  check([
    ['8 of 21 present, no lack established: presumed quorate, the vote stands', 'de-nrw', 'ordinary', base, ok(4)],
    [
      '8 of 21 present, lack established before the vote: inquorate',
      'de-nrw',
      'ordinary',
      { ...base, lackOfQuorumEstablished: true },
      inquorate,
    ],
    [
      'second convocation on the same matter, lack established: quorate whatever the attendance',
      'de-nrw',
      'ordinary',
      { ...base, lackOfQuorumEstablished: true, secondConvocation: true },
      ok(4),
    ],
    [
      '11 of 21 present: quorate by the count, established or not',
      'de-nrw',
      'ordinary',
      { ...base, present: 11, lackOfQuorumEstablished: true },
      ok(4),
    ],
    ['other presets take no presumption', 'ronr', 'ordinary', { ...base, lackOfQuorumEstablished: false }, inquorate],
  ]);
  const q = evaluateQuorum(PRESETS['de-nrw']!.quorum, { established: 21, filled: 21, present: 8 });
  assert.deepEqual([q.quorate, q.explanation[0]!.kind === 'quorum' && q.explanation[0]!.basis], [true, 'presumed']);
});

test('3. GO NRW §7(3): the Hauptsatzung needs a majority of the statutory number of members', () => {
  const counts = { established: 45, filled: 45, present: 30, yes: 16, no: 10, abstain: 4 };
  check(
    [
      [
        '45 seats, 16–10: the ordinary majority would adopt; the law needs 23',
        'de-nrw',
        'charter_amendment',
        counts,
        no(23, 'below_threshold'),
      ],
      ['23 of 45 for: adopted', 'de-nrw', 'charter_amendment', { ...counts, yes: 23, no: 3 }, ok(23)],
      ['an ordinary motion is still decided by votes cast', 'de-nrw', 'ordinary', counts, ok(11)],
    ],
    true,
  );
});

test('4. RONR 57:1: bylaws by two thirds with previous notice or a majority of the entire membership', () => {
  const counts = { established: 100, filled: 100, present: 95, yes: 51, no: 39, abstain: 5 };
  check(
    [
      ['51–39 of 100, no notice: a majority of the entire membership', 'ronr', 'charter_amendment', counts, ok(51)],
      [
        '50–30 of 100, no notice: 50 is not more than half of 100',
        'ronr',
        'charter_amendment',
        { ...counts, yes: 50, no: 30 },
        no(51, 'below_threshold'),
      ],
      [
        '50–25 of 100 with notice: 50 ≥ 2/3 of 75',
        'ronr',
        'charter_amendment',
        { ...counts, yes: 50, no: 25, previousNotice: true },
        ok(50),
      ],
      [
        '40–30 of 100 with notice: neither route; two thirds needs 60, the membership 51',
        'ronr',
        'charter_amendment',
        { ...counts, yes: 40, no: 30, previousNotice: true },
        no(51, 'below_threshold'),
      ],
      [
        'previous question: two thirds, its own kind',
        'ronr',
        'procedural_two_thirds',
        { established: 30, filled: 30, present: 20, yes: 12, no: 8, abstain: 0 },
        no(16, 'below_threshold'),
      ],
      [
        'a plain procedural motion stays a majority',
        'ronr',
        'procedural',
        { established: 30, filled: 30, present: 20, yes: 12, no: 8, abstain: 0 },
        ok(9),
      ],
    ],
    true,
  );
});

test('5. LGA 1972 Sch. 12 para 45: more than a third disqualified at once puts the quorum on those still qualified', () => {
  check([
    [
      'parish of 12, 5 disqualified: a third of 7 is 3 (the minimum)',
      'uk-parish',
      'ordinary',
      { established: 12, filled: 7, present: 3, yes: 2, no: 1, abstain: 0, disqualified: 5 },
      ok(2),
    ],
    [
      'parish of 12, 4 disqualified (not more than a third): a third of 12 is 4',
      'uk-parish',
      'ordinary',
      { established: 12, filled: 8, present: 3, yes: 2, no: 1, abstain: 0, disqualified: 4 },
      inquorate,
    ],
    [
      'parish of 9, 6 disqualified: a third of 3 is 1, but never fewer than three',
      'uk-parish',
      'ordinary',
      { established: 9, filled: 3, present: 2, yes: 2, no: 0, abstain: 0, disqualified: 6 },
      inquorate,
    ],
    [
      'principal council of 60, 30 disqualified: a quarter of 30 is 8',
      'uk-lga-1972',
      'ordinary',
      { established: 60, filled: 30, present: 8, yes: 5, no: 3, abstain: 0, disqualified: 30 },
      ok(4),
    ],
  ]);
  assert.throws(
    () =>
      evaluateNamed(PRESETS['uk-parish']!, 'ordinary', {
        established: 12,
        filled: 10,
        present: 3,
        yes: 2,
        no: 1,
        abstain: 0,
        disqualified: 5,
      }),
    { code: 'invalid_count' },
  );
});

test('10. under a casting vote the threshold line says the casting vote decides', () => {
  const o = evaluateNamed(PRESETS['uk-lga-1972']!, 'ordinary', {
    established: 40,
    filled: 40,
    present: 20,
    yes: 8,
    no: 8,
    abstain: 4,
    castingVote: 'yes',
  });
  const ru = renderExplanation(o.explanation, 'ru').find((l) => l.startsWith('Большинство'))!;
  assert.doesNotMatch(ru, /не выполнено/);
  assert.match(ru, /подано «за» 8 голосов — поровну с «против», решает голос председательствующего\./);
  const en = renderExplanation(o.explanation, 'en').find((l) => l.startsWith('Majority'))!;
  assert.match(en, /8 votes for — a tie, the chair's casting vote decides\./);
});

test('11. 131-FZ secret ballots: invalid papers count in the base of those taking part', () => {
  check([
    [
      '7 for, 4 against, 2 invalid: 7 > 13/2',
      'ru-131fz',
      'ordinary',
      { established: 20, filled: 20, present: 13, yes: 7, no: 4, abstain: 0, invalid: 2 },
      ok(7),
    ],
    [
      '6 for, 4 against, 2 invalid: 6 is not more than 12/2',
      'ru-131fz',
      'ordinary',
      { established: 20, filled: 20, present: 12, yes: 6, no: 4, abstain: 0, invalid: 2 },
      no(7, 'below_threshold'),
    ],
    [
      'the same under 33-FZ',
      'ru-33fz',
      'ordinary',
      { established: 20, filled: 20, present: 12, yes: 6, no: 4, abstain: 0, invalid: 2 },
      no(7, 'below_threshold'),
    ],
  ]);
});

test('citations: every quorum and majority rule cites act, part and a quote, or says why it is unverified', () => {
  for (const [name, set] of Object.entries(PRESETS)) {
    const cites = [set.source?.quorum, ...Object.keys(set.majorities).map((m) => set.source?.majorities?.[m])];
    if (set.quorum.competence) cites.push(set.source?.competence);
    for (const c of cites) {
      assert.ok(c?.act && c.section, `${name}: a rule without a source`);
      assert.ok(c.quote || c.unverified, `${name} ${c.section}: neither a quote nor a reason it is unverified`);
    }
  }
  const ru = PRESETS['ru-131fz']!.source!;
  assert.equal(ru.quorum!.ru!.section, 'ч. 1.1 ст. 35');
  assert.equal(ru.competence!.ru!.section, 'ч. 1 ст. 35');
  assert.equal(ru.majorities!.binding_rule!.ru!.section, 'ч. 3 ст. 43');
  assert.match(ru.majorities!.ordinary!.assumption!, /^an assumption/);
  assert.doesNotMatch(JSON.stringify(ru), /common reading|обычное прочтение/);
  assert.match(PRESETS['us-house']!.source!.quorum!.note!, /House precedent and Rule XX, not the Constitution/);
  assert.match(
    PRESETS['de-nrw']!.source!.majorities!.ordinary!.note!,
    /invalid votes count toward the quorum but not the majority/,
  );
  // 131-FZ ends the day before 33-FZ begins (in force from 19 June 2025).
  assert.deepEqual([PRESETS['ru-131fz']!.validTo, PRESETS['ru-33fz']!.validFrom], ['2025-06-18', '2025-06-19']);
  assert.ok(PRESETS['ru-33fz']!.source!.quorum!.unverified, 'the 33-FZ text was not reached: said so');
  for (const name of ['ru-131fz', 'ru-33fz']) assert.match(PRESETS[name]!.source!.validity!.quote!, /19 июня 2025/);
});

test('a body holding a copy made before the correction is told it differs, and its old rules still validate', () => {
  // The demo body's rules as stored before this change: ru-131fz without competence, invalid papers or head removal.
  const old = {
    preset: 'ru-131fz',
    quorum: { base: 'filled', fraction: '1/2', compare: '>=' },
    majorities: {
      ordinary: { base: 'cast_with_abstentions', fraction: '1/2', compare: '>', tie: 'fails' },
      binding_rule: { base: 'established', fraction: '1/2', compare: '>', tie: 'fails' },
      charter: { base: 'established', fraction: '2/3', compare: '>=', tie: 'fails' },
    },
    motionKinds: {
      ordinary: 'ordinary',
      procedural: 'ordinary',
      appeal: 'ordinary',
      binding_rule: 'binding_rule',
      charter_amendment: 'charter',
      suspension_of_rules: 'ordinary',
    },
  };
  const stored = validateRuleSet(old);
  assert.equal(presetDiffers(stored), true);
  assert.equal(presetDiffers(copyPreset('ru-131fz')), false);
  assert.equal(presetDiffers({ ...stored, preset: 'my-own' }), null);
  // Old rules keep their meaning: 12 of 20 filled, no competence check in them.
  const o = evaluateNamed(stored, 'ordinary', { established: 20, filled: 12, present: 6, yes: 6, no: 0, abstain: 0 });
  assert.deepEqual([o.quorate, o.adopted, o.reason], [true, true, 'adopted']);
});
