// What a `committee.established` entry must say to be a committee's establishment (issue 15,
// item 5), checked by replay: a slug a body could take, an origin, a name in English or Russian,
// a whole number of seats from 1 to the most a body may have, and a rules preset's name. Whether
// the committee's own log begins as this entry says is checked with both logs in hand
// (services/verify/verify-derived.ts).

export interface CommitteeFacts {
  slug: string;
  origin: string;
  names: Record<string, string>;
  establishedSeats: number;
  preset: string;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/**
 * The committee an entry's data establishes, or the reason it does not.
 * @example committeeFacts({ slug: 'c', origin: 'x/c', names: { en: 'C' }, establishedSeats: 5, preset: 'ronr' }).ok // true
 */
export function committeeFacts(
  d: Record<string, unknown>,
): { ok: true; facts: CommitteeFacts } | { ok: false; reason: string } {
  if (typeof d.slug !== 'string' || !SLUG.test(d.slug)) return { ok: false, reason: 'its slug is not a body slug' };
  if (typeof d.origin !== 'string' || d.origin.length === 0 || d.origin.length > 200)
    return { ok: false, reason: 'it names no log origin' };
  const names = d.names;
  if (
    !names ||
    typeof names !== 'object' ||
    Array.isArray(names) ||
    Object.keys(names).length === 0 ||
    !Object.entries(names).every(([l, n]) => (l === 'en' || l === 'ru') && typeof n === 'string' && n.length > 0)
  )
    return { ok: false, reason: 'its names are not a name in English or Russian' };
  const seats = d.establishedSeats;
  if (typeof seats !== 'number' || !Number.isSafeInteger(seats) || seats < 1 || seats > 10_000)
    return { ok: false, reason: 'its seats are not a whole number from 1 to 10,000' };
  if (typeof d.preset !== 'string' || d.preset.length === 0) return { ok: false, reason: 'it names no rules preset' };
  return {
    ok: true,
    facts: {
      slug: d.slug,
      origin: d.origin,
      names: names as Record<string, string>,
      establishedSeats: seats,
      preset: d.preset,
    },
  };
}
