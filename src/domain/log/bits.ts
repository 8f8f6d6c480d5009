// Bit arithmetic on tree sizes and leaf indexes. JavaScript's bitwise operators truncate to 32
// bits, while a log's stored-hash indexes pass 2^32 long before its sizes pass
// Number.MAX_SAFE_INTEGER, so every helper here works on the two 32-bit halves instead.
const TWO_32 = 2 ** 32;

function popCount32(x: number): number {
  let v = x >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * The number of bits needed to write `x` (Go's bits.Len64); 0 for 0.
 * @example bitLength(5) // 3
 */
export function bitLength(x: number): number {
  const hi = Math.floor(x / TWO_32);
  return hi > 0 ? 64 - Math.clz32(hi) : 32 - Math.clz32(x >>> 0);
}

/**
 * The number of trailing zero bits of `x` (x > 0).
 * @example trailingZeros(12) // 2
 */
export function trailingZeros(x: number): number {
  const lo = x >>> 0;
  if (lo !== 0) return 31 - Math.clz32(lo & -lo);
  const hi = Math.floor(x / TWO_32) >>> 0;
  return hi === 0 ? 0 : 63 - Math.clz32(hi & -hi);
}

/**
 * The number of set bits of `x`.
 * @example onesCount(11) // 3
 */
export function onesCount(x: number): number {
  return popCount32(x >>> 0) + popCount32(Math.floor(x / TWO_32));
}

/**
 * `a XOR b` for non-negative safe integers.
 * @example xor(2 ** 40 + 5, 3) // 2 ** 40 + 6
 */
export function xor(a: number, b: number): number {
  const hi = (Math.floor(a / TWO_32) ^ Math.floor(b / TWO_32)) >>> 0;
  const lo = ((a >>> 0) ^ (b >>> 0)) >>> 0;
  return hi * TWO_32 + lo;
}

/**
 * `x >> k` without the 32-bit truncation.
 * @example shiftRight(2 ** 40, 38) // 4
 */
export function shiftRight(x: number, k: number): number {
  return Math.floor(x / 2 ** k);
}

/**
 * True when `x` is 1, 2, 4, 8, …
 * @example isPowerOfTwo(8) // true
 */
export function isPowerOfTwo(x: number): boolean {
  return x > 0 && onesCount(x) === 1;
}

/**
 * The largest power of two strictly below `n` (n ≥ 2): RFC 9162 §2.1.1's split point k.
 * @example largestPowerOfTwoBelow(8) // 4
 */
export function largestPowerOfTwoBelow(n: number): number {
  return 2 ** (bitLength(n - 1) - 1);
}

/**
 * The largest power of two at most `n` (n ≥ 1): the first perfect subtree of a range of n leaves.
 * @example largestPowerOfTwoAtMost(8) // 8
 */
export function largestPowerOfTwoAtMost(n: number): number {
  return 2 ** (bitLength(n) - 1);
}
