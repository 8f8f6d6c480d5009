// The engine against an oracle written the dumbest possible way: BigInt cross-multiplication of
// each count against the fraction, and requiredYes found by trying every yes count in turn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { MajorityRule, QuorumRule, SimpleMajorityRule } from './rule-set.ts';
import type { VoteCounts } from './vote-counts.ts';
import { evaluateQuorum } from './evaluate-quorum.ts';
import { evaluateVote } from './evaluate-vote.ts';

// ---- the oracle -------------------------------------------------------------------------

function big(n: number | undefined): bigint {
  return BigInt(n ?? 0);
}

function fractionParts(text: string): [bigint, bigint] {
  const [p, q] = text.split('/');
  return [BigInt(p!), BigInt(q!)];
}

/** count compare (p/q) × base, as count × q compare p × base. */
function holds(count: bigint, compare: string, fraction: string, base: bigint): boolean {
  const [p, q] = fractionParts(fraction);
  if (compare === '>') return count * q > p * base;
  return count * q >= p * base;
}

function oracleQuorate(rule: QuorumRule, c: VoteCounts): boolean {
  const base = rule.base === 'established' ? big(c.established) : big(c.filled);
  return holds(big(c.present), rule.compare, rule.fraction, base) && big(c.present) >= big(rule.min);
}

function oracleBase(rule: SimpleMajorityRule, c: VoteCounts): bigint {
  const invalid = rule.includeInvalid ? big(c.invalid) : 0n;
  if (rule.base === 'cast') return big(c.yes) + big(c.no) + invalid;
  if (rule.base === 'cast_with_abstentions') return big(c.yes) + big(c.no) + big(c.abstain) + invalid;
  if (rule.base === 'present') return big(c.present);
  if (rule.base === 'filled') return big(c.filled);
  return big(c.established);
}

function oracleAdopts(rule: MajorityRule, c: VoteCounts): boolean {
  if ('allOf' in rule) return rule.allOf.every((part) => oracleAdopts(part, c));
  if ('anyOf' in rule) return rule.anyOf.some((part) => oracleAdopts(part, c));
  if (rule.requiresPreviousNotice && !c.previousNotice) return false;
  const minYes = rule.minYes ?? 1;
  if (c.yes < minYes) return false;
  if (holds(big(c.yes), rule.compare, rule.fraction, oracleBase(rule, c))) return true;
  if (c.yes !== c.no || rule.tie !== 'casting_vote' || c.castingVote !== 'yes') return false;
  // The chair's casting vote is one more vote for: count the vote again with it.
  const withChair = { ...c, yes: c.yes + 1 };
  return holds(big(withChair.yes), rule.compare, rule.fraction, oracleBase(rule, withChair));
}

function oracle(
  quorum: QuorumRule,
  majority: MajorityRule,
  c: VoteCounts,
): { quorate: boolean; adopted: boolean; requiredYes: number | null } {
  const quorate = oracleQuorate(quorum, c);
  if (!quorate) return { quorate, adopted: false, requiredYes: null };
  // Try every yes count, others held, up to far past any answer the generators can produce
  // (fractions have q ≤ 12, counts ≤ 40: an answer is below 12 × 3 × 40 + minYes).
  let requiredYes: number | null = null;
  for (let y = 0; y <= 2000; y++) {
    if (oracleAdopts(majority, { ...c, yes: y })) {
      requiredYes = y;
      break;
    }
  }
  return { quorate, adopted: oracleAdopts(majority, c), requiredYes };
}

// ---- generators -------------------------------------------------------------------------

const fraction = fc.integer({ min: 1, max: 12 }).chain((q) => fc.integer({ min: 0, max: q }).map((p) => `${p}/${q}`));
const compare = fc.constantFrom<'>' | '>='>('>', '>=');

const quorumRule: fc.Arbitrary<QuorumRule> = fc.record(
  {
    base: fc.constantFrom<'established' | 'filled'>('established', 'filled'),
    fraction,
    compare,
    min: fc.integer({ min: 0, max: 8 }),
  },
  { requiredKeys: ['base', 'fraction', 'compare'] },
);

const simpleRule: fc.Arbitrary<SimpleMajorityRule> = fc
  .record(
    {
      base: fc.constantFrom<SimpleMajorityRule['base']>(
        'cast',
        'cast_with_abstentions',
        'present',
        'filled',
        'established',
      ),
      fraction,
      compare,
      tie: fc.constantFrom<'fails' | 'casting_vote'>('fails', 'casting_vote'),
      minYes: fc.integer({ min: 0, max: 5 }),
      includeInvalid: fc.boolean(),
    },
    { requiredKeys: ['base', 'fraction', 'compare', 'tie'] },
  )
  .map((r) => {
    if (r.base !== 'cast' && r.base !== 'cast_with_abstentions') delete r.includeInvalid;
    return r;
  });

const majorityRule: fc.Arbitrary<MajorityRule> = fc.oneof(
  { weight: 4, arbitrary: simpleRule },
  { weight: 1, arbitrary: fc.array(simpleRule, { minLength: 1, maxLength: 3 }).map((allOf) => ({ allOf })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(simpleRule, fc.array(simpleRule, { minLength: 1, maxLength: 2 }))
      .map(([a, inner]) => ({ allOf: [a, { allOf: inner }] })),
  },
);

/** Valid counts: present ≤ filled ≤ established, each present member casts at most one ballot. */
const counts: fc.Arbitrary<VoteCounts> = fc
  .integer({ min: 1, max: 40 })
  .chain((established) => fc.tuple(fc.constant(established), fc.integer({ min: 0, max: established })))
  .chain(([established, filled]) =>
    fc.tuple(fc.constant(established), fc.constant(filled), fc.integer({ min: 0, max: filled })),
  )
  .chain(([established, filled, present]) =>
    fc.tuple(
      fc.constant({ established, filled, present }),
      // Each present member: 0 yes, 1 no, 2 abstain, 3 not voting, 4 blank, 5 invalid, 6 nothing recorded.
      fc.array(fc.integer({ min: 0, max: 6 }), { minLength: present, maxLength: present }),
      fc.boolean(),
      fc.constantFrom<'yes' | 'no' | undefined>('yes', 'no', undefined),
    ),
  )
  .map(([seats, ballots, forceTie, castingVote]) => {
    const n = (k: number) => ballots.filter((b) => b === k).length;
    let yes = n(0);
    let no = n(1);
    // Ties are where the rules differ most; make them common.
    if (forceTie) yes = no = Math.min(yes, no);
    const c: VoteCounts = { ...seats, yes, no, abstain: n(2), notVoting: n(3), blank: n(4), invalid: n(5) };
    if (yes === no && castingVote) c.castingVote = castingVote;
    return c;
  });

// ---- properties -------------------------------------------------------------------------

const RUNS = { numRuns: 3000 };

test('quorate, adopted and requiredYes equal the brute-force oracle', () => {
  fc.assert(
    fc.property(quorumRule, majorityRule, counts, (q, m, c) => {
      const o = evaluateVote(q, m, c);
      assert.deepEqual({ quorate: o.quorate, adopted: o.adopted, requiredYes: o.requiredYes }, oracle(q, m, c));
    }),
    RUNS,
  );
});

test('needed is the smallest present count the oracle finds quorate', () => {
  fc.assert(
    fc.property(quorumRule, counts, (q, c) => {
      const r = evaluateQuorum(q, c);
      let needed = 0;
      while (!oracleQuorate(q, { ...c, present: needed })) needed++;
      assert.equal(r.needed, needed);
      assert.equal(r.quorate, oracleQuorate(q, c));
    }),
    RUNS,
  );
});

test('monotonicity: one more yes never turns adopted into rejected', () => {
  fc.assert(
    fc.property(
      quorumRule,
      majorityRule,
      counts.filter(
        (c) => c.yes + c.no + c.abstain + (c.notVoting ?? 0) + (c.blank ?? 0) + (c.invalid ?? 0) < c.present,
      ),
      (q, m, c) => {
        const more: VoteCounts = { ...c, yes: c.yes + 1 };
        // A casting vote exists only on a tie, and one more yes ends the tie.
        delete more.castingVote;
        if (evaluateVote(q, m, c).adopted) assert.equal(evaluateVote(q, m, more).adopted, true);
      },
    ),
    RUNS,
  );
});

test('adopted exactly when yes reaches requiredYes', () => {
  fc.assert(
    fc.property(quorumRule, majorityRule, counts, (q, m, c) => {
      const o = evaluateVote(q, m, c);
      assert.equal(o.adopted, o.requiredYes !== null && c.yes >= o.requiredYes);
      assert.equal(o.adopted, o.reason === 'adopted' || o.reason === 'adopted_casting_vote');
      assert.equal(o.explanation.at(-1)?.kind, 'outcome');
    }),
    RUNS,
  );
});
