// Exact fractions for procedural rules. DESIGN.md, "Procedural rules": arithmetic is exact
// (integers and rationals, never floats), so "more than half of 7" is 7/2 and never 3.4999….
import { DomainError } from '../errors.ts';

/** A fraction as it appears in rule data: "p/q" with 0 ≤ p ≤ q, q > 0. */
export type Fraction = string;

/** Comparison of a count with fraction × base. */
export type Compare = '>=' | '>';

/** A parsed fraction, numerator and denominator as BigInt. */
export interface Ratio {
  p: bigint;
  q: bigint;
}

// Six digits on each side are far finer than any rulebook needs, and keep every product of a
// term with a count (counts are at most MAX_COUNT) exactly representable once turned back into
// a JavaScript number. No leading zeros: a rule has one spelling in the record.
const PATTERN = /^(0|[1-9]\d{0,5})\/(0|[1-9]\d{0,5})$/;

/**
 * Parses "p/q". A share of a body can be neither more than the whole nor divided by zero, so
 * "3/0" and "3/2" are refused with code `invalid_fraction`.
 * @example parseFraction('2/3') // { p: 2n, q: 3n }
 */
export function parseFraction(text: unknown): Ratio {
  const known = typeof text === 'string' ? PARSED.get(text) : undefined;
  if (known) return known;
  const r = parseFresh(text);
  // Rule sets use a handful of fractions; the cap only guards against a flood of distinct ones.
  if (PARSED.size >= 1024) PARSED.clear();
  PARSED.set(text as string, r);
  return r;
}

const PARSED = new Map<string, Ratio>();

function parseFresh(text: unknown): Ratio {
  if (typeof text !== 'string') {
    throw new DomainError('invalid_fraction', `a fraction must be a string "p/q", got ${describe(text)}`);
  }
  const m = PATTERN.exec(text);
  if (!m) throw new DomainError('invalid_fraction', `"${text}" is not a fraction of the form p/q`);
  const p = BigInt(m[1]!);
  const q = BigInt(m[2]!);
  if (q === 0n) throw new DomainError('invalid_fraction', `"${text}": the denominator is zero`);
  if (p > q) throw new DomainError('invalid_fraction', `"${text}" is more than the whole`);
  return Object.freeze({ p, q });
}

/**
 * The smallest whole count n with `n compare (p/q) × base`: ⌈p·base/q⌉ for ≥, ⌊p·base/q⌋ + 1
 * for >.
 * @example smallestMeeting('>', { p: 1n, q: 2n }, 10n) // 6n
 */
export function smallestMeeting(compare: Compare, r: Ratio, base: bigint): bigint {
  const product = r.p * base;
  // BigInt division truncates toward zero; every operand here is non-negative.
  if (compare === '>') return product / r.q + 1n;
  return (product + r.q - 1n) / r.q;
}

/**
 * Whether `count compare (p/q) × base`, decided by cross-multiplying (q > 0).
 * @example meets(5n, '>=', { p: 1n, q: 2n }, 10n) // true
 */
export function meets(count: bigint, compare: Compare, r: Ratio, base: bigint): boolean {
  const left = count * r.q;
  const right = r.p * base;
  return compare === '>' ? left > right : left >= right;
}

/**
 * (p/q) × base in lowest terms, as numerator and denominator, for explanations.
 * @example scaled({ p: 2n, q: 3n }, 20n) // { p: 40n, q: 3n }
 */
export function scaled(r: Ratio, base: bigint): Ratio {
  const p = r.p * base;
  const g = gcd(p, r.q);
  return { p: p / g, q: r.q / g };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

/**
 * A short, safe rendering of a bad value for an error message.
 * @example describe(-3) // '-3'
 */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
