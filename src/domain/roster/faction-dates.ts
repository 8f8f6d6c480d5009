// Factions (депутатские объединения (фракции)): a group of a body's members with a life (founded on
// a day, dissolved on a day once it is) and memberships (a member joins on a day and, once they do,
// leaves on a day). Every day is inclusive: a member who leaves on 31 March and joins another faction
// on 1 April was in each for those days.
//
// The rules, each applied by the use case and again by `quorate verify` when it replays the log:
// - days are calendar days (YYYY-MM-DD); a faction is dissolved on or after its founding, a member
//   leaves on or after joining;
// - a membership lies within the faction's life and within the member's mandate (a mandate known
//   only to a month or a year is compared at that precision: never refused on a day it could hold);
// - a member is in at most one faction on any day. Assumption, by analogy: 131-FZ art. 35.1 part 1
//   puts every deputy elected on a party's list in that list's faction («Фракция включает в себя
//   всех депутатов (депутата), избранных … в составе соответствующего списка кандидатов») and lets
//   deputies elected in districts join factions, but names no rule for being in two at once; part 2
//   leaves the factions' procedure to regional law and the council's own rules («Порядок
//   деятельности фракций устанавливается законом субъекта Российской Федерации и (или) регламентом
//   либо иным актом представительного органа»). One faction at a time is what that scheme implies;
//   it is not a quoted rule.
import { isPartialDate } from '../dates/partial-date.ts';

export interface FactionLife {
  foundedOn: string;
  dissolvedOn: string | null;
}

/** One stretch of a member's membership of a faction. */
export interface FactionStint {
  faction: number;
  joinsOn: string;
  leavesOn: string | null;
}

/** A member's mandate as the roster records it: partial dates (YYYY, YYYY-MM, YYYY-MM-DD) or unknown. */
export interface MandateDates {
  startsOn: string | null;
  endsOn: string | null;
}

export type FactionProblem =
  | 'invalid_date'
  | 'dissolved_before_founded'
  | 'already_dissolved'
  | 'leaves_before_joining'
  | 'outside_faction_life'
  | 'outside_mandate'
  | 'faction_overlap'
  | 'not_in_faction';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day, YYYY-MM-DD. */
export function isDay(d: unknown): d is string {
  return typeof d === 'string' && DAY.test(d) && isPartialDate(d);
}

/** `day` is not before a partial date's earliest day. */
const notBefore = (day: string, partial: string) => day.slice(0, partial.length) >= partial;
/** `day` is not after a partial date's latest day. */
const notAfter = (day: string, partial: string) => day.slice(0, partial.length) <= partial;

/**
 * Why a faction cannot be founded with these dates (null when it can).
 * @example foundingProblem({ foundedOn: '2022-10-01', dissolvedOn: null }) // null
 */
export function foundingProblem(life: FactionLife): FactionProblem | null {
  if (!isDay(life.foundedOn) || (life.dissolvedOn !== null && !isDay(life.dissolvedOn))) return 'invalid_date';
  if (life.dissolvedOn !== null && life.dissolvedOn < life.foundedOn) return 'dissolved_before_founded';
  return null;
}

/**
 * Why a faction cannot be dissolved on `dissolvedOn` (null when it can). `stints` are its
 * memberships; the open ones end on the day it is dissolved, so each must have joined by then and
 * its member's mandate must not have ended before it.
 * @example dissolutionProblem({ foundedOn: '2022-10-01', dissolvedOn: null }, '2023-01-01', []) // null
 */
export function dissolutionProblem(
  life: FactionLife,
  dissolvedOn: string,
  stints: ReadonlyArray<FactionStint & { mandate: MandateDates }>,
): FactionProblem | null {
  if (!isDay(dissolvedOn)) return 'invalid_date';
  if (life.dissolvedOn !== null) return 'already_dissolved';
  if (dissolvedOn < life.foundedOn) return 'dissolved_before_founded';
  for (const s of stints) {
    const last = s.leavesOn ?? dissolvedOn;
    if (s.joinsOn > dissolvedOn || last > dissolvedOn) return 'outside_faction_life';
    if (s.mandate.endsOn !== null && !notAfter(last, s.mandate.endsOn)) return 'outside_mandate';
  }
  return null;
}

/**
 * Why a member cannot join `faction` for `stint` (null when they can). `others` are the member's
 * other memberships, of any faction.
 * @example joinProblem({ foundedOn: '2022-10-01', dissolvedOn: null }, { startsOn: '2022-09', endsOn: null }, [], { faction: 1, joinsOn: '2022-10-01', leavesOn: null }) // null
 */
export function joinProblem(
  life: FactionLife,
  mandate: MandateDates,
  others: readonly FactionStint[],
  stint: FactionStint,
): FactionProblem | null {
  if (!isDay(stint.joinsOn) || (stint.leavesOn !== null && !isDay(stint.leavesOn))) return 'invalid_date';
  if (stint.leavesOn !== null && stint.leavesOn < stint.joinsOn) return 'leaves_before_joining';
  if (stint.joinsOn < life.foundedOn) return 'outside_faction_life';
  if (life.dissolvedOn !== null && (stint.leavesOn === null || stint.leavesOn > life.dissolvedOn))
    return 'outside_faction_life';
  if (mandate.startsOn !== null && !notBefore(stint.joinsOn, mandate.startsOn)) return 'outside_mandate';
  if (mandate.endsOn !== null && (stint.leavesOn === null || !notAfter(stint.leavesOn, mandate.endsOn)))
    return 'outside_mandate';
  for (const o of others) if (overlaps(o, stint)) return 'faction_overlap';
  return null;
}

/**
 * Why the member's open membership `stint` cannot end on `leavesOn` (null when it can).
 * @example leaveProblem({ foundedOn: '2022-10-01', dissolvedOn: null }, { startsOn: null, endsOn: null }, { faction: 1, joinsOn: '2022-10-01', leavesOn: null }, '2023-03-31') // null
 */
export function leaveProblem(
  life: FactionLife,
  mandate: MandateDates,
  stint: FactionStint | null,
  leavesOn: string,
): FactionProblem | null {
  if (!isDay(leavesOn)) return 'invalid_date';
  if (stint === null || stint.leavesOn !== null) return 'not_in_faction';
  if (leavesOn < stint.joinsOn) return 'leaves_before_joining';
  if (life.dissolvedOn !== null && leavesOn > life.dissolvedOn) return 'outside_faction_life';
  if (mandate.endsOn !== null && !notAfter(leavesOn, mandate.endsOn)) return 'outside_mandate';
  return null;
}

/** Whether two memberships share a day. */
export function overlaps(
  a: { joinsOn: string; leavesOn: string | null },
  b: { joinsOn: string; leavesOn: string | null },
) {
  return (b.leavesOn === null || a.joinsOn <= b.leavesOn) && (a.leavesOn === null || b.joinsOn <= a.leavesOn);
}

/** Whether a membership covers `day` (inclusive). */
export function coversDay(s: { joinsOn: string; leavesOn: string | null }, day: string): boolean {
  return s.joinsOn <= day && (s.leavesOn === null || day <= s.leavesOn);
}

/** Whether a mandate (partial dates) may cover `day`. */
export function mandateCovers(m: MandateDates, day: string): boolean {
  return (m.startsOn === null || notBefore(day, m.startsOn)) && (m.endsOn === null || notAfter(day, m.endsOn));
}
