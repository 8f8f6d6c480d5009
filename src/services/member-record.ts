// A member's record for the public: attendance rate, share of votes taken part in, and every
// recorded vote. Honest about what the record does not know: at a sitting recorded only as a
// headcount, a member the source does not name has unknown attendance (not absence); a show of
// hands or a paper ballot records totals, not who voted, so it counts neither way.
import { reportedPositionsOf } from './vote-reports.ts';
import { sql } from 'kysely';
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { findBody } from './bodies.ts';
import { notFound } from './service-error.ts';
import { NAMED_METHODS } from './votes.ts';
import { earliestDay, latestDay, parsePartialDate } from '../domain/dates/partial-date.ts';

/** Methods whose record says, for each member, whether they voted. */
const PER_MEMBER_METHODS: readonly string[] = [...NAMED_METHODS, 'secret_electronic'];

export interface MemberRecordSummary {
  /** Sittings held in the member's term where the record shows them present. */
  present: number;
  /** Sittings held in the term where the record knows whether they were present. */
  attendanceKnown: number;
  /** Sittings held in the term recorded as a headcount that does not name them. */
  attendanceUnknown: number;
  /** Closed votes with a per-member record in which the member voted. */
  votesTaken: number;
  /** Closed votes with a per-member record held in the term, less those they were recused from. */
  votesEligible: number;
  /** Closed votes in the term that record only totals (show of hands, paper ballot). */
  votesUnrecorded: number;
}

interface Span {
  from: string;
  to: string;
}

function span(start: string | null, end: string | null): Span {
  return {
    from: start ? earliestDay(parsePartialDate(start)) : '0000-01-01',
    to: end ? latestDay(parsePartialDate(end)) : '9999-12-31',
  };
}

function overlaps(date: string, term: Span): boolean {
  const d = span(date, date);
  return d.to >= term.from && d.from <= term.to;
}

/** Counts per membership id, from a grouped query. */
function counts(rows: Array<{ membership_id: number; n: string | number | bigint }>): Map<number, number> {
  return new Map(rows.map((r) => [r.membership_id, Number(r.n)]));
}

/**
 * Attendance and participation for the given memberships of a body (one page of the members list).
 * @example (await memberRecords(db, body.id, [1, 2])).get(1)?.present
 */
export async function memberRecords(
  db: Executor,
  bodyId: number,
  memberIds: readonly number[],
): Promise<Map<number, MemberRecordSummary>> {
  const result = new Map<number, MemberRecordSummary>();
  if (memberIds.length === 0) return result;
  const ids = [...memberIds];
  const members = await db
    .selectFrom('memberships')
    .select(['id', 'starts_on', 'ends_on'])
    .where('body_id', '=', bodyId)
    .where('id', 'in', ids)
    .execute();
  const sittings = await db
    .selectFrom('sittings')
    .select(['id', 'date', 'attendance_mode'])
    .where('body_id', '=', bodyId)
    .where('status', '!=', 'scheduled')
    .execute();
  const rows = await db
    .selectFrom('attendance')
    .select(['membership_id', 'sitting_id', 'status'])
    .where('body_id', '=', bodyId)
    .where('membership_id', 'in', ids)
    .execute();
  const marks = new Map(rows.map((r) => [`${r.membership_id}:${r.sitting_id}`, r.status]));
  const votes = await db
    .selectFrom('votes')
    .innerJoin('sittings', 'sittings.id', 'votes.sitting_id')
    .select(['votes.method', 'sittings.date'])
    .where('votes.body_id', '=', bodyId)
    .where('votes.status', '=', 'closed')
    .execute();
  const closedNamed = (q: 'ballots' | 'vote_turnout') =>
    db
      .selectFrom(q)
      .innerJoin('votes', 'votes.id', `${q}.vote_id`)
      .select([`${q}.membership_id` as 'ballots.membership_id', sql<string>`count(*)`.as('n')])
      .where(`${q}.body_id` as 'ballots.body_id', '=', bodyId)
      .where('votes.status', '=', 'closed')
      .where(`${q}.membership_id` as 'ballots.membership_id', 'in', ids)
      .groupBy(`${q}.membership_id` as 'ballots.membership_id')
      .execute();
  const ballots = counts((await closedNamed('ballots')).map((r) => ({ membership_id: r.membership_id, n: r.n })));
  const turnout = counts((await closedNamed('vote_turnout')).map((r) => ({ membership_id: r.membership_id, n: r.n })));
  const recused = counts(
    await db
      .selectFrom('vote_presence')
      .innerJoin('votes', 'votes.id', 'vote_presence.vote_id')
      .select(['vote_presence.membership_id', sql<string>`count(*)`.as('n')])
      .where('vote_presence.body_id', '=', bodyId)
      .where('vote_presence.recused', '=', 1)
      .where('votes.status', '=', 'closed')
      .where('vote_presence.membership_id', 'in', ids)
      .groupBy('vote_presence.membership_id')
      .execute(),
  );
  for (const m of members) {
    const term = span(m.starts_on, m.ends_on);
    const r: MemberRecordSummary = {
      present: 0,
      attendanceKnown: 0,
      attendanceUnknown: 0,
      votesTaken: 0,
      votesEligible: 0,
      votesUnrecorded: 0,
    };
    for (const s of sittings) {
      if (!overlaps(s.date, term)) continue;
      const mark = marks.get(`${m.id}:${s.id}`);
      if (mark !== undefined) {
        r.attendanceKnown++;
        if (mark === 'present') r.present++;
      } else if (s.attendance_mode === 'named') {
        // A named roll that does not mark the member present records them as not present.
        r.attendanceKnown++;
      } else {
        r.attendanceUnknown++;
      }
    }
    let perMember = 0;
    for (const v of votes) {
      if (!overlaps(v.date, term)) continue;
      if (PER_MEMBER_METHODS.includes(v.method)) perMember++;
      else r.votesUnrecorded++;
    }
    r.votesTaken = (ballots.get(m.id) ?? 0) + (turnout.get(m.id) ?? 0);
    r.votesEligible = Math.max(r.votesTaken, perMember - (recused.get(m.id) ?? 0));
    result.set(m.id, r);
  }
  return result;
}

/** One member: seat, name (or none), term, and their record summary. */
export async function getMember(db: Executor, slug: string, memberId: number) {
  const body = await findBody(db, slug);
  const m = await db
    .selectFrom('memberships')
    .innerJoin('seats', 'seats.id', 'memberships.seat_id')
    .leftJoin('people', 'people.id', 'memberships.person_id')
    .select([
      'memberships.id',
      'memberships.starts_on',
      'memberships.ends_on',
      'seats.number',
      'seats.label',
      'people.name_en',
      'people.name_ru',
    ])
    .where('memberships.body_id', '=', body.id)
    .where('memberships.id', '=', memberId)
    .executeTakeFirst();
  if (!m) throw notFound(`member ${memberId}`, 'member_not_found');
  const record = (await memberRecords(db, body.id, [m.id])).get(m.id)!;
  const secret = await db
    .selectFrom('vote_turnout')
    .innerJoin('votes', 'votes.id', 'vote_turnout.vote_id')
    .select(sql<string>`count(*)`.as('n'))
    .where('vote_turnout.body_id', '=', body.id)
    .where('vote_turnout.membership_id', '=', m.id)
    .where('votes.status', '=', 'closed')
    .executeTakeFirstOrThrow();
  return {
    id: m.id,
    seat: m.number,
    seatLabel: m.label,
    startsOn: m.starts_on,
    endsOn: m.ends_on,
    name: m.name_en || m.name_ru ? { en: m.name_en, ru: m.name_ru } : null,
    record,
    secretBallotsTaken: Number(secret.n),
    reportedPositions: await reportedPositionsOf(db, body.id, m.id),
  };
}

/** The member's named votes (roll calls and electronic votes), newest first. */
export async function memberVotes(
  db: Executor,
  slug: string,
  memberId: number,
  page: { limit: number; offset: number },
) {
  const body = await findBody(db, slug);
  const base = db
    .selectFrom('ballots')
    .innerJoin('votes', 'votes.id', 'ballots.vote_id')
    .where('ballots.body_id', '=', body.id)
    .where('ballots.membership_id', '=', memberId)
    .where('votes.status', '=', 'closed')
    .where('votes.method', 'in', [...NAMED_METHODS]);
  const total = await base.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .innerJoin('motions', 'motions.id', 'votes.motion_id')
    .innerJoin('sittings', 'sittings.id', 'votes.sitting_id')
    .select([
      'votes.id as vote_id',
      'votes.adopted',
      'votes.method',
      'ballots.choice',
      'ballots.cast_by',
      'motions.title',
      'sittings.id as sitting_id',
      'sittings.date',
    ])
    .orderBy('votes.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      voteId: r.vote_id,
      sittingId: r.sitting_id,
      date: r.date,
      motionTitle: r.title,
      method: r.method,
      choice: r.choice,
      adopted: r.adopted === null ? null : r.adopted === 1,
      // The opaque number of the account the ballot was cast from (or, for a roll call, recorded by).
      castBy: r.cast_by,
    })),
  };
}
