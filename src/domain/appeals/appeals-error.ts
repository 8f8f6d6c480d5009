// The stable codes of every DomainError the appeals domain throws. Clients branch on them; never
// rename one. (Dates themselves fail with the codes of ../dates: `invalid_date`,
// `date_out_of_range`.)
import { DomainError } from '../errors.ts';

export type AppealsErrorCode =
  /** A deadline rule of the wrong shape: a missing field, a wrong type, a negative amount… */
  | 'invalid_deadline_rule'
  /** A field the rule model does not define: a typo must not silently change a deadline. */
  | 'unknown_field'
  /** A preset id not in DEADLINE_PRESETS. */
  | 'unknown_deadline_preset'
  /** A country or region the holiday library does not know. */
  | 'unsupported_calendar'
  /** An extension asked of a rule that allows none. */
  | 'extension_not_allowed'
  /** More extension days (or more extensions) than the rule allows. */
  | 'extension_exceeds_rule'
  /** A transit allowance with an unknown channel or a bad number of days. */
  | 'invalid_transit_allowance'
  /** A body's calendar additions of the wrong shape. */
  | 'invalid_calendar_additions'
  /** The same day listed both as an extra day off and as a working day. */
  | 'calendar_additions_conflict'
  /** A start date given for an event later in the chain (sent → delivered → registered) than the rule's start. */
  | 'start_event_mismatch'
  /** An appeal event of the wrong shape (unknown type, missing date, bad classification…). */
  | 'invalid_appeal_event'
  /** A working day could not be found within the search limit (a calendar with no working days). */
  | 'no_working_day';

/**
 * A DomainError with one of the codes above.
 * @example throw appealsError('extension_not_allowed', 'rule de-ifg allows no extension')
 */
export function appealsError(code: AppealsErrorCode, message: string): DomainError {
  return new DomainError(code, message);
}
