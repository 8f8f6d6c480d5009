// Read models for the API and pages: what the public may see of the record. Open votes show
// turnout only; named ballots appear once the vote is closed; secret votes never show names.
import { decisionLives } from './decision-reads.ts';
import { sittingCalendar } from './sitting-calendar.ts';
import { committeeLinks } from './committees.ts';
import { otherTexts, recordText } from './record-texts.ts';
import { reportsOnVote } from './vote-reports.ts';
import { sql } from 'kysely';
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { bodyRules, filledSeats, findBody } from './bodies.ts';
import { findSitting, sittingQuorum } from './sittings.ts';
import { findMotion } from './motions.ts';
import { findVote, voteTurnout, NAMED_METHODS } from './votes.ts';
import { notFound } from './service-error.ts';
import type { BallotChoice } from '../domain/ballots/commitment.ts';
import { logSize } from '../db/repositories/log-repository.ts';
import { renderExplanation } from '../domain/rules/render-explanation.ts';
import {
  parseJsonColumn,
  BODY_LANGUAGES,
  BODY_NAMES,
  MOTION_SPONSORS,
  VOTE_OUTCOME,
  VOTE_RULE,
} from './json-columns.ts';

type BodyRow = Awaited<ReturnType<typeof findBody>>;

export const names = (en: string | null, ru: string | null) => (en || ru ? { en, ru } : null);

export async function listBodies(db: Executor) {
  const rows = await db.selectFrom('bodies').selectAll().orderBy('slug').execute();
  return Promise.all(
    rows.map(async (b) => ({
      slug: b.slug,
      names: parseJsonColumn(BODY_NAMES, b.names),
      jurisdiction: b.jurisdiction,
      establishedSeats: b.established_seats,
      filledSeats: await filledSeats(db, b.id),
      languages: parseJsonColumn(BODY_LANGUAGES, b.languages),
      timeZone: b.time_zone,
    })),
  );
}

export async function getBody(db: Executor, slug: string) {
  return bodyRecord(db, await findBody(db, slug));
}

/** A body's public record, from its row (for callers that have read it already). */
export async function bodyRecord(db: Executor, b: BodyRow) {
  return {
    slug: b.slug,
    names: parseJsonColumn(BODY_NAMES, b.names),
    jurisdiction: b.jurisdiction,
    establishedSeats: b.established_seats,
    filledSeats: await filledSeats(db, b.id),
    languages: parseJsonColumn(BODY_LANGUAGES, b.languages),
    timeZone: b.time_zone,
    origin: b.origin,
    allowBallotChange: b.allow_ballot_change === 1,
    rules: bodyRules(b),
    logSize: await logSize(db, b.id),
    ...(await bodyRelations(db, b)),
  };
}

/** A committee's parent and a body's committees, by slug (issue 15, item 5). */
async function bodyRelations(db: Executor, b: BodyRow) {
  const links = await committeeLinks(db, b);
  return { parent: links.parent?.slug ?? null, committees: links.committees.map((c) => c.slug) };
}

export async function listMembers(db: Executor, slug: string) {
  const b = await findBody(db, slug);
  const rows = await db
    .selectFrom('seats')
    .leftJoin('memberships', (j) =>
      j.onRef('memberships.seat_id', '=', 'seats.id').on('memberships.ends_on', 'is', null),
    )
    .leftJoin('people', 'people.id', 'memberships.person_id')
    .select([
      'seats.number',
      'memberships.id as member_id',
      'memberships.starts_on',
      'people.name_en',
      'people.name_ru',
    ])
    .where('seats.body_id', '=', b.id)
    .orderBy('seats.number')
    .execute();
  return rows.map((r) => ({
    seat: r.number,
    memberId: r.member_id,
    vacant: r.member_id === null,
    /** null when the seat is vacant or its holder is not named in the record. */
    name: names(r.name_en, r.name_ru),
    holderNamed: r.member_id !== null && (r.name_en !== null || r.name_ru !== null),
    startsOn: r.starts_on,
  }));
}

export async function listSittings(db: Executor, slug: string, page: { limit: number; offset: number }) {
  const b = await findBody(db, slug);
  const rows = await db
    .selectFrom('sittings')
    .selectAll()
    .where('body_id', '=', b.id)
    .orderBy('date', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((s) => ({
    id: s.id,
    title: s.title,
    date: s.date,
    startsAt: s.starts_at,
    place: s.place,
    status: s.status,
    historical: s.historical === 1,
  }));
}

async function disputesOf(db: Executor, bodyId: number, type: string, id: number) {
  const rows = await db
    .selectFrom('disputes')
    .selectAll()
    .where('body_id', '=', bodyId)
    .where('target_type', '=', type)
    .where('target_id', '=', id)
    .orderBy('id')
    .execute();
  return rows.map((d) => ({
    id: d.id,
    claimant: d.claimant,
    claim: d.claim,
    source: d.source,
    occurredOn: d.occurred_on,
    recordedAt: d.recorded_at,
    entryIndex: d.entry_index,
  }));
}

export async function getSitting(db: Executor, slug: string, sittingId: number) {
  return sittingRecord(db, await findBody(db, slug), sittingId);
}

/** A sitting's public record, with its body's row already read. */
export async function sittingRecord(db: Executor, b: BodyRow, sittingId: number) {
  const s = await findSitting(db, b.id, sittingId);
  // A closed item's withheld title (closed_title) and its nonce are never read here: this is the
  // public record. The item shows as closed, with its number.
  const agenda = (
    await db
      .selectFrom('agenda_items')
      .select([
        'id',
        'position',
        'title',
        'withdrawn_reason as withdrawnReason',
        'closed',
        sql<number>`case when closed_title is null then 0 else 1 end`.as('withheld'),
      ])
      .where('body_id', '=', b.id)
      .where('sitting_id', '=', s.id)
      .orderBy('position')
      .execute()
  ).map(({ closed, withheld, ...i }) => ({ ...i, closed: closed === 1, titleWithheld: Number(withheld) === 1 }));
  const attendance = await db
    .selectFrom('attendance')
    .innerJoin('memberships', 'memberships.id', 'attendance.membership_id')
    .innerJoin('seats', 'seats.id', 'memberships.seat_id')
    .leftJoin('people', 'people.id', 'memberships.person_id')
    .select([
      'attendance.membership_id',
      'attendance.status',
      'attendance.arrived_at',
      'attendance.departed_at',
      'attendance.attested_at',
      'attendance.marked_by',
      'seats.number',
      'people.name_en',
      'people.name_ru',
    ])
    .where('attendance.body_id', '=', b.id)
    .where('attendance.sitting_id', '=', s.id)
    .orderBy('seats.number')
    .execute();
  const quorum = await sittingQuorum(db, b, s);
  const sittingTexts = (await otherTexts(db, b.id, 'sitting', [s.id])).get(s.id) ?? {};
  const itemLangs = await db
    .selectFrom('agenda_items')
    .select(['id', 'lang'])
    .where('body_id', '=', b.id)
    .where('sitting_id', '=', s.id)
    .execute();
  const itemTexts = await otherTexts(
    db,
    b.id,
    'agenda_item',
    itemLangs.map((i) => i.id),
  );
  const itemLang = new Map(itemLangs.map((i) => [i.id, i.lang]));
  const votes = await db
    .selectFrom('votes')
    .innerJoin('motions', 'motions.id', 'votes.motion_id')
    .select([
      'votes.id',
      'votes.method',
      'votes.status',
      'votes.yes',
      'votes.no',
      'votes.abstain',
      'votes.adopted',
      'motions.id as motion_id',
      'motions.title',
    ])
    .where('votes.body_id', '=', b.id)
    .where('votes.sitting_id', '=', s.id)
    .orderBy('votes.id')
    .execute();
  const motions = await db
    .selectFrom('motions')
    .select(['id', 'kind', 'title', 'status', 'amends_motion_id'])
    .where('body_id', '=', b.id)
    .where('sitting_id', '=', s.id)
    .orderBy('id')
    .execute();
  return {
    id: s.id,
    title: s.title,
    date: s.date,
    startsAt: s.starts_at,
    place: s.place,
    status: s.status,
    historical: s.historical === 1,
    openedAt: s.opened_at,
    closedAt: s.closed_at,
    agenda,
    attendance: {
      mode: s.attendance_mode,
      present: quorum.present,
      absent:
        s.attendance_mode === 'headcount'
          ? s.headcount_absent
          : attendance.filter((a) => a.status !== 'present').length,
      headcountNote: s.headcount_note,
      /** Members recorded by name: for a headcount, only those the source names. */
      named: attendance.map((a) => ({
        memberId: a.membership_id,
        seat: a.number,
        name: names(a.name_en, a.name_ru),
        status: a.status,
        arrivedAt: a.arrived_at,
        departedAt: a.departed_at,
        attested: a.attested_at !== null,
        attestedAt: a.attested_at,
      })),
    },
    quorum,
    motions: motions.map((m) => ({
      id: m.id,
      kind: m.kind,
      title: m.title,
      status: m.status,
      amends: m.amends_motion_id,
    })),
    votes: votes.map((v) => ({
      id: v.id,
      motionId: v.motion_id,
      motionTitle: v.title,
      method: v.method,
      status: v.status,
      counts: v.status === 'closed' ? { yes: v.yes, no: v.no, abstain: v.abstain } : null,
      adopted: v.adopted === null ? null : v.adopted === 1,
    })),
    disputes: await disputesOf(db, b.id, 'sitting', s.id),
    calendar: await sittingCalendar(db, b, s),
    /** The title and the agenda's titles as recorded and in the body's other languages (issue 16, item 5). */
    texts: {
      title: recordText(s.title, s.lang, sittingTexts.title),
      agenda: agenda.map((i) => ({
        id: i.id,
        title: recordText(i.title, itemLang.get(i.id) ?? null, itemTexts.get(i.id)?.title),
      })),
    },
  };
}

export async function getMotion(db: Executor, slug: string, motionId: number) {
  const b = await findBody(db, slug);
  const m = await findMotion(db, b.id, motionId);
  const votes = await db
    .selectFrom('votes')
    .select(['id', 'status', 'adopted'])
    .where('body_id', '=', b.id)
    .where('motion_id', '=', m.id)
    .orderBy('id')
    .execute();
  const amendments = await db
    .selectFrom('motions')
    .select(['id', 'title', 'status'])
    .where('body_id', '=', b.id)
    .where('amends_motion_id', '=', m.id)
    .orderBy('id')
    .execute();
  return {
    id: m.id,
    sittingId: m.sitting_id,
    agendaItemId: m.agenda_item_id,
    kind: m.kind,
    title: m.title,
    text: m.text,
    status: m.status,
    sponsors: parseJsonColumn(MOTION_SPONSORS, m.sponsors),
    amends: m.amends_motion_id,
    amendments,
    votes: votes.map((v) => ({ id: v.id, status: v.status, adopted: v.adopted === null ? null : v.adopted === 1 })),
    entryIndex: m.entry_index,
    disputes: await disputesOf(db, b.id, 'motion', m.id),
  };
}

export async function getVote(db: Executor, slug: string, voteId: number) {
  const b = await findBody(db, slug);
  const v = await findVote(db, b.id, voteId);
  const motion = await findMotion(db, b.id, v.motion_id);
  const closed = v.status === 'closed';
  const method = v.method;
  let ballots: Array<{
    memberId: number;
    seat: number;
    name: { en: string | null; ru: string | null } | null;
    choice: BallotChoice;
  }> | null = null;
  if (closed && NAMED_METHODS.includes(method)) {
    const rows = await db
      .selectFrom('ballots')
      .innerJoin('memberships', 'memberships.id', 'ballots.membership_id')
      .innerJoin('seats', 'seats.id', 'memberships.seat_id')
      .leftJoin('people', 'people.id', 'memberships.person_id')
      .select(['ballots.membership_id', 'ballots.choice', 'seats.number', 'people.name_en', 'people.name_ru'])
      .where('ballots.body_id', '=', b.id)
      .where('ballots.vote_id', '=', v.id)
      .orderBy('seats.number')
      .execute();
    ballots = rows.map((r) => ({
      memberId: r.membership_id,
      seat: r.number,
      name: names(r.name_en, r.name_ru),
      choice: r.choice,
    }));
  }
  const outcome = parseJsonColumn(VOTE_OUTCOME, v.outcome);
  const decision = await db
    .selectFrom('decisions')
    .select(['id', 'register_number', 'adopted_on', 'entry_index'])
    .where('body_id', '=', b.id)
    .where('vote_id', '=', v.id)
    .executeTakeFirst();
  const declared = await db
    .selectFrom('declared_results')
    .selectAll()
    .where('body_id', '=', b.id)
    .where('vote_id', '=', v.id)
    .orderBy('id')
    .execute();
  return {
    id: v.id,
    sittingId: v.sitting_id,
    motion: { id: motion.id, title: motion.title, kind: motion.kind },
    method,
    status: v.status,
    majority: v.majority_name,
    present: v.present,
    established: v.established,
    filled: v.filled,
    turnout: closed ? null : await voteTurnout(db, v),
    counts: closed ? { yes: v.yes, no: v.no, abstain: v.abstain, blank: v.blank, invalid: v.invalid } : null,
    castingVote: v.casting_vote,
    ballots,
    outcome: outcome && {
      quorate: outcome.quorate,
      adopted: outcome.adopted,
      requiredYes: outcome.requiredYes,
      reason: outcome.reason,
      base: outcome.base,
      explanation: {
        en: renderExplanation(outcome.explanation, 'en'),
        ru: renderExplanation(outcome.explanation, 'ru'),
      },
    },
    rule: parseJsonColumn(VOTE_RULE, v.rule),
    openedAt: v.opened_at,
    closedAt: v.closed_at,
    openEntry: v.open_entry,
    closeEntry: v.close_entry,
    decision: decision
      ? {
          id: decision.id,
          registerNumber: decision.register_number,
          adoptedOn: decision.adopted_on,
          entryIndex: decision.entry_index,
        }
      : null,
    declaredResults: declared.map((d) => ({
      id: d.id,
      adopted: d.adopted === 1,
      declaredBy: d.declared_by,
      reason: d.reason,
      recordedAt: d.recorded_at,
      entryIndex: d.entry_index,
    })),
    disputes: await disputesOf(db, b.id, 'vote', v.id),
    reports: await reportsOnVote(db, b.id, v.id),
  };
}

export async function listDecisions(db: Executor, slug: string, page: { limit: number; offset: number }) {
  const b = await findBody(db, slug);
  const rows = await db
    .selectFrom('decisions')
    .innerJoin('motions', 'motions.id', 'decisions.motion_id')
    .innerJoin('votes', 'votes.id', 'decisions.vote_id')
    .select([
      'decisions.id',
      'decisions.register_number',
      'decisions.adopted_on',
      'decisions.vote_id',
      'decisions.entry_index',
      'motions.id as motion_id',
      'motions.title',
      'motions.kind',
      'votes.yes',
      'votes.no',
      'votes.abstain',
      'votes.sitting_id',
    ])
    .where('decisions.body_id', '=', b.id)
    .orderBy('decisions.adopted_on', 'desc')
    .orderBy('decisions.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const total = await db
    .selectFrom('decisions')
    .select(sql<string>`count(*)`.as('n'))
    .where('body_id', '=', b.id)
    .executeTakeFirstOrThrow();
  const lives = await decisionLives(
    db,
    b,
    rows.map((d) => d.id),
  );
  return {
    total: Number(total.n),
    items: rows.map((d) => ({
      id: d.id,
      registerNumber: d.register_number,
      adoptedOn: d.adopted_on,
      status: lives.get(d.id)!.status,
      statusSince: lives.get(d.id)!.statusSince,
      voteId: d.vote_id,
      sittingId: d.sitting_id,
      motion: { id: d.motion_id, title: d.title, kind: d.kind },
      counts: { yes: d.yes, no: d.no, abstain: d.abstain },
      entryIndex: d.entry_index,
    })),
  };
}

export async function readEntry(db: Executor, slug: string, index: number) {
  const b = await findBody(db, slug);
  const e = await db
    .selectFrom('entries')
    .select(['idx', 'type', 'bytes', 'recorded_at'])
    .where('body_id', '=', b.id)
    .where('idx', '=', index)
    .executeTakeFirst();
  if (!e) throw notFound(`entry ${index}`, 'entry_not_found');
  return e;
}
