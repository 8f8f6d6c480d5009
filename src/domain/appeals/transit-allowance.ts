// How many days a letter may take on its way, by channel (issue 13, item 8): a posted letter is
// not delivered the day it is sent, so "overdue" must not count from the sending day alone.
// Data, set for the whole body and per authority; a channel not listed takes none (same day).
import { appealsError } from './appeals-error.ts';

/** Days by channel ('post', 'email'…). */
export type TransitAllowance = Record<string, number>;

/** At most two months on the way: beyond that a letter is lost, not late. */
export const MAX_TRANSIT_DAYS = 60;

/**
 * Checks an allowance: known channels, whole days from 0 to MAX_TRANSIT_DAYS.
 * @example validateTransitAllowance({ post: 7 }, ['post', 'email']) // { post: 7 }
 */
export function validateTransitAllowance(input: unknown, channels: readonly string[]): TransitAllowance {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw appealsError('invalid_transit_allowance', 'a transit allowance is { channel: days }');
  }
  const out: TransitAllowance = {};
  for (const [channel, days] of Object.entries(input)) {
    if (!channels.includes(channel))
      throw appealsError('invalid_transit_allowance', `unknown channel "${channel}" (known: ${channels.join(', ')})`);
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > MAX_TRANSIT_DAYS) {
      throw appealsError(
        'invalid_transit_allowance',
        `transit days for "${channel}" must be a whole number from 0 to ${MAX_TRANSIT_DAYS}`,
      );
    }
    out[channel] = days;
  }
  return out;
}

/**
 * The allowance for a channel: the authority's, else the body's, else 0.
 * @example transitDaysFor('post', { post: 3 }, { post: 7, email: 0 }) // 3
 */
export function transitDaysFor(
  channel: string | null,
  authority: TransitAllowance | null,
  body: TransitAllowance | null,
): number {
  if (channel === null) return 0;
  return authority?.[channel] ?? body?.[channel] ?? 0;
}
