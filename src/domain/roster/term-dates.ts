// A body's legislative terms (convocations) follow one another: each starts on a calendar day, ends
// (when its end is known) on or after its start, and starts after the previous one ended. An open
// previous term (no end recorded) cannot be followed: its end must be recorded first.
import { isPartialDate } from '../dates/partial-date.ts';

export interface TermDates {
  startsOn: string;
  endsOn: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Why a new term cannot follow `previous` (null when it can). Days are compared as ISO text.
 * @example termProblem(null, { startsOn: '2024-09-20', endsOn: '2029-09-19' }) // null
 * @example termProblem({ startsOn: '2019-09-20', endsOn: null }, { startsOn: '2024-09-20', endsOn: null }) // 'previous_term_open'
 */
export function termProblem(
  previous: TermDates | null,
  next: TermDates,
): 'invalid_date' | 'ends_before_start' | 'previous_term_open' | 'overlaps_previous' | null {
  for (const d of [next.startsOn, next.endsOn])
    if (d !== null && !(DAY.test(d) && isPartialDate(d))) return 'invalid_date';
  if (next.endsOn !== null && next.endsOn < next.startsOn) return 'ends_before_start';
  if (previous) {
    if (previous.endsOn === null) return 'previous_term_open';
    if (next.startsOn <= previous.endsOn) return 'overlaps_previous';
  }
  return null;
}
