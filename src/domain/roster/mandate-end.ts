// Why a mandate ends: the grounds a clerk records with the date (issue 15, item 3), after the
// grounds of Federal Law 131-FZ art. 40 part 10 and their common equivalents elsewhere.
export const MANDATE_END_REASONS = [
  'term_ended',
  'resigned',
  'died',
  'terminated_early',
  'disqualified',
  'court_ruling',
] as const;
export type MandateEndReason = (typeof MANDATE_END_REASONS)[number];

/**
 * Whether a value is one of the recorded grounds.
 * @example isMandateEndReason('resigned') // true
 */
export function isMandateEndReason(x: unknown): x is MandateEndReason {
  return typeof x === 'string' && (MANDATE_END_REASONS as readonly string[]).includes(x);
}
