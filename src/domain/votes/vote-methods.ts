// How a vote is taken, declared once: the services, the routes and the browser screens all read
// these lists, so a new method is added in one place.
export const VOTE_METHODS = ['roll_call', 'show_of_hands', 'electronic', 'secret_electronic', 'secret_paper'] as const;
export type VoteMethod = (typeof VOTE_METHODS)[number];
/** Methods where each member's ballot is recorded by name. */
export const NAMED_METHODS: readonly VoteMethod[] = ['roll_call', 'electronic'];
/** Methods where members cast their own ballots from their devices. */
export const DEVICE_METHODS: readonly VoteMethod[] = ['electronic', 'secret_electronic'];
/** Methods whose choices are never attributed to a member. */
export const SECRET_METHODS: readonly VoteMethod[] = ['secret_electronic', 'secret_paper'];
/** Methods whose totals the clerk enters at close. */
export const TOTALS_METHODS: readonly VoteMethod[] = ['show_of_hands', 'secret_paper'];

/**
 * Whether members cast this vote from their own devices (any string: a method read from an entry).
 * @example isDeviceMethod('secret_electronic') // true
 */
export function isDeviceMethod(method: unknown): boolean {
  return (DEVICE_METHODS as readonly unknown[]).includes(method);
}

/** Whether the clerk enters this vote's totals at close (so no turnout is counted while it is open). */
export function isTotalsMethod(method: unknown): boolean {
  return (TOTALS_METHODS as readonly unknown[]).includes(method);
}
