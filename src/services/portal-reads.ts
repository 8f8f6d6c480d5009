// Read models the public pages need beyond record-reads.ts: pages of sittings and members with
// totals, the next sitting, and a vote with everything its page shows (motion text, what-if).
import { otherTexts, recordText } from './record-texts.ts';
import { sql } from 'kysely';
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { findBody } from './bodies.ts';
import { getMotion, getVote, listMembers } from './record-reads.ts';
import { memberRecords } from './member-record.ts';
import { latestDay, parsePartialDate } from '../domain/dates/partial-date.ts';
import { whatIf } from '../domain/rules/what-if.ts';
import type { VoteCounts } from '../domain/rules/vote-counts.ts';

export interface Page {
  limit: number;
  offset: number;
}

/** A body's sittings, newest first, with how many votes each held. */
export async function sittingsPage(db: Executor, slug: string, page: Page) {
  const body = await findBody(db, slug);
  const total = await db
    .selectFrom('sittings')
    .select(sql<string>`count(*)`.as('n'))
    .where('body_id', '=', body.id)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('sittings')
    .select(['id', 'title', 'date', 'starts_at', 'place', 'status', 'historical'])
    .where('body_id', '=', body.id)
    .orderBy('date', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const ids = rows.map((r) => r.id);
  const votes =
    ids.length === 0
      ? []
      : await db
          .selectFrom('votes')
          .select(['sitting_id', sql<string>`count(*)`.as('n')])
          .where('body_id', '=', body.id)
          .where('sitting_id', 'in', ids)
          .groupBy('sitting_id')
          .execute();
  const voteCount = new Map(votes.map((v) => [v.sitting_id, Number(v.n)]));
  return {
    total: Number(total.n),
    items: rows.map((s) => ({
      id: s.id,
      title: s.title,
      date: s.date,
      startsAt: s.starts_at,
      place: s.place,
      status: s.status,
      historical: s.historical === 1,
      votes: voteCount.get(s.id) ?? 0,
    })),
  };
}

/**
 * The next scheduled sitting whose date can still lie on or after `today` (YYYY-MM-DD, in the
 * body's time zone); a month-precise date counts until the month's last day.
 */
export async function nextSitting(db: Executor, bodyId: number, today: string) {
  const rows = await db
    .selectFrom('sittings')
    .select(['id', 'title', 'date', 'starts_at', 'place'])
    .where('body_id', '=', bodyId)
    .where('status', '=', 'scheduled')
    .orderBy('date')
    .orderBy('id')
    .limit(500)
    .execute();
  const upcoming = rows.filter((s) => latestDay(parsePartialDate(s.date)) >= today);
  const s = upcoming[0];
  return s ? { id: s.id, title: s.title, date: s.date, startsAt: s.starts_at, place: s.place } : null;
}

/** The members list with each member's record summary, one page of seats at a time. */
export async function membersPage(db: Executor, slug: string, page: Page) {
  const body = await findBody(db, slug);
  const all = await listMembers(db, slug);
  const items = all.slice(page.offset, page.offset + page.limit);
  const records = await memberRecords(
    db,
    body.id,
    items.flatMap((m) => (m.memberId === null ? [] : [m.memberId])),
  );
  return {
    total: all.length,
    items: items.map((m) => ({ ...m, record: m.memberId === null ? null : (records.get(m.memberId) ?? null) })),
  };
}

/** Everything a vote's page shows: the vote, its motion's text and the what-if table. */
export async function votePage(db: Executor, slug: string, voteId: number) {
  const vote = await getVote(db, slug, voteId);
  const motion = await getMotion(db, slug, vote.motion.id);
  const sitting = await db
    .selectFrom('sittings')
    .select(['id', 'title', 'date'])
    .where('id', '=', vote.sittingId)
    .executeTakeFirstOrThrow();
  let alternatives: ReturnType<typeof whatIf> = [];
  if (vote.counts && vote.counts.yes !== null && vote.counts.no !== null && vote.counts.abstain !== null) {
    const blank = vote.counts.blank ?? 0;
    const invalid = vote.counts.invalid ?? 0;
    const counts: VoteCounts = {
      established: vote.established,
      filled: vote.filled,
      present: vote.present,
      yes: vote.counts.yes,
      no: vote.counts.no,
      abstain: vote.counts.abstain,
      blank,
      invalid,
      notVoting: Math.max(0, vote.present - vote.counts.yes - vote.counts.no - vote.counts.abstain - blank - invalid),
      ...(vote.castingVote === 'yes' || vote.castingVote === 'no' ? { castingVote: vote.castingVote } : {}),
    };
    try {
      alternatives = whatIf(counts);
    } catch {
      // Counts the engine refuses (a record imported from an odd source) simply get no what-if.
      alternatives = [];
    }
  }
  const b = await findBody(db, slug);
  const own = await db
    .selectFrom('motions')
    .select(['title', 'text', 'lang'])
    .where('body_id', '=', b.id)
    .where('id', '=', vote.motion.id)
    .executeTakeFirstOrThrow();
  const others = (await otherTexts(db, b.id, 'motion', [vote.motion.id])).get(vote.motion.id) ?? {};
  const motionTexts = {
    title: recordText(own.title, own.lang, others.title),
    text: recordText(own.text, own.lang, others.text),
  };
  return { vote, motion, sitting, alternatives, motionTexts };
}

/** Decisions adopted at a sitting, in the order they were voted. */
export async function sittingDecisions(db: Executor, bodyId: number, sittingId: number) {
  const rows = await db
    .selectFrom('decisions')
    .innerJoin('votes', 'votes.id', 'decisions.vote_id')
    .innerJoin('motions', 'motions.id', 'decisions.motion_id')
    .select([
      'decisions.id',
      'decisions.register_number',
      'decisions.adopted_on',
      'decisions.vote_id',
      'decisions.entry_index',
      'motions.title',
    ])
    .where('decisions.body_id', '=', bodyId)
    .where('votes.sitting_id', '=', sittingId)
    .orderBy('votes.id')
    .execute();
  return rows.map((d) => ({
    id: d.id,
    registerNumber: d.register_number,
    adoptedOn: d.adopted_on,
    voteId: d.vote_id,
    entryIndex: d.entry_index,
    title: d.title,
  }));
}

/**
 * The ids in the addresses of a body's record pages: every sitting, vote and seat holding, in id
 * order (the static export writes one page for each).
 * @example await recordPageIds(db, 1) // { sittings: [1], votes: [1], members: [1, 2, …, 20] }
 */
export async function recordPageIds(db: Executor, bodyId: number) {
  const ids = async (table: 'sittings' | 'votes' | 'memberships' | 'decisions') =>
    (await db.selectFrom(table).select('id').where('body_id', '=', bodyId).orderBy('id').execute()).map((r) => r.id);
  return {
    sittings: await ids('sittings'),
    votes: await ids('votes'),
    members: await ids('memberships'),
    decisions: await ids('decisions'),
  };
}
