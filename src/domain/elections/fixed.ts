// Fixed-point decimals as bigint scaled by 10^digits: exact sums, truncation where a rule says so.

/** 10^digits as a bigint. */
export function scaleOf(digits: number): bigint {
  return 10n ** BigInt(digits);
}

/**
 * A scaled bigint as a decimal string with exactly `digits` places.
 * @example formatFixed(123456n, 5) // '1.23456'
 */
export function formatFixed(value: bigint, digits: number): string {
  if (digits === 0) return value.toString();
  const neg = value < 0n;
  const s = (neg ? -value : value).toString().padStart(digits + 1, '0');
  return `${neg ? '-' : ''}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** a / b rounded towards zero (bigint division truncates), for non-negative operands. */
export function divDown(a: bigint, b: bigint): bigint {
  return a / b;
}

/** a / b rounded up, for non-negative operands. */
export function divUp(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** The least of some bigints (Math.min takes numbers only). */
export function minBig(values: readonly bigint[]): bigint {
  let m = values[0]!;
  for (const v of values) if (v < m) m = v;
  return m;
}

/** The greatest of some bigints. */
export function maxBig(values: readonly bigint[]): bigint {
  let m = values[0]!;
  for (const v of values) if (v > m) m = v;
  return m;
}
