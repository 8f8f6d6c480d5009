// Sittings, their agenda and attendance. Attendance is named (each member present, absent or
// excused, with arrival and departure) or, for records made from sources that give only a
// number, a headcount — possibly naming a few of those present.
import { checkBodyLanguage } from './record-texts.ts';
import { sql } from 'kysely';
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { findBody, bodyRules, filledSeats, lockedBody } from './bodies.ts';
import { recordTransaction, toServiceError, type RecordTx } from './record-transaction.ts';
import { authorize, type Actor } from './policy.ts';
import { conflict, forbidden, invalid, notFound } from './service-error.ts';
import { sha256, type ServiceContext } from './service-context.ts';
import { isPartialDate } from '../domain/dates/partial-date.ts';
import { evaluateQuorum } from '../domain/rules/evaluate-quorum.ts';
import { voteInProgress } from './vote-in-progress.ts';
import { closedTitleCommitment } from '../domain/sittings/closed-item.ts';

import { z } from 'zod';
import {
  ATTENDANCE_MODES,
  ATTENDANCE_STATUSES,
  SITTING_KINDS,
  type AttendanceStatus,
} from '../domain/record-vocabulary.ts';
import { partialDate, requiredText, rowId, text } from './input-schemas.ts';
export { ATTENDANCE_STATUSES, type AttendanceStatus };

/** What scheduleSitting takes (also the body of POST /bodies/{slug}/sittings). */
export const scheduleSittingInput = z.object({
  title: requiredText(500),
  date: partialDate,
  startsAt: z.iso.datetime({ offset: true }).nullish(),
  place: text(500).nullish(),
  /** A record made afterwards from sources: no live times are invented. */
  historical: z.boolean().optional(),
  attendanceMode: z.enum(ATTENDANCE_MODES).optional(),
  agenda: z.array(requiredText(1000)).max(500).optional(),
  /** Ordinary (by the body's plan) or extraordinary (called outside it); default ordinary. */
  kind: z.enum(SITTING_KINDS).optional(),
  /** Who convened it, as the clerk records it: the chair, a third of the members, … */
  convenedBy: text(500).nullish(),
  /** The language the title and agenda are entered in: one of the body's (issue 16, item 5). */
  lang: z
    .string()
    .regex(/^[a-z]{2,3}$/)
    .nullish(),
});
export type ScheduleSittingInput = z.infer<typeof scheduleSittingInput>;

export async function scheduleSitting(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  input: ScheduleSittingInput,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'sitting.manage', body.id);
  if (!isPartialDate(input.date)) throw invalid('invalid_date', 'date must be YYYY, YYYY-MM or YYYY-MM-DD');
  if (input.startsAt != null && Number.isNaN(Date.parse(input.startsAt)))
    throw invalid('invalid_time', 'startsAt must be an ISO 8601 date and time');
  const mode = input.attendanceMode ?? 'named';
  checkBodyLanguage(body, input.lang);
  return recordTransaction(ctx, body, async (tx) => {
    const row = await tx.trx
      .insertInto('sittings')
      .values({
        body_id: body.id,
        title: input.title,
        date: input.date,
        starts_at: input.startsAt ?? null,
        place: input.place ?? null,
        status: 'scheduled',
        historical: input.historical ? 1 : 0,
        attendance_mode: mode,
        headcount_present: null,
        headcount_absent: null,
        headcount_note: null,
        opened_at: null,
        closed_at: null,
        created_at: tx.now,
        kind: input.kind ?? 'ordinary',
        convened_by: input.convenedBy ?? null,
        lang: input.lang ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    tx.record('sitting.scheduled', {
      // Only when given, so that entries written before these fields existed keep their bytes' meaning.
      ...(input.kind ? { kind: input.kind } : {}),
      ...(input.convenedBy ? { convenedBy: input.convenedBy } : {}),
      ...(input.lang ? { lang: input.lang } : {}),
      sitting: row.id,
      title: input.title,
      date: input.date,
      startsAt: input.startsAt ?? null,
      place: input.place ?? null,
      historical: Boolean(input.historical),
      attendanceMode: mode,
    });
    for (const [i, title] of (input.agenda ?? []).entries())
      await addAgendaItemTx(tx, row.id, i + 1, title, input.lang ?? null);
    return { id: row.id };
  });
}

async function addAgendaItemTx(
  tx: RecordTx,
  sittingId: number,
  position: number,
  title: string,
  lang: string | null = null,
  closed: { titlePublic: boolean; nonce: string } | null = null,
) {
  // A closed item whose title the rules withhold: the public column stays empty, the title is kept
  // for the office, and the log carries only a salted commitment to it.
  const withheld = closed !== null && !closed.titlePublic;
  const nonce = withheld ? closed.nonce : null;
  const item = await tx.trx
    .insertInto('agenda_items')
    .values({
      body_id: tx.body.id,
      sitting_id: sittingId,
      position,
      title: withheld ? '' : title,
      lang,
      ...(closed ? { closed: 1 } : {}),
      ...(withheld ? { closed_title: title, title_nonce: nonce } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  tx.record('agenda.item_added', {
    sitting: sittingId,
    item: item.id,
    position,
    ...(withheld && nonce !== null
      ? { closed: true, titleCommitment: closedTitleCommitment(sha256, nonce, title) }
      : { ...(closed ? { closed: true } : {}), title }),
    ...(lang ? { lang } : {}),
  });
  return item.id;
}

export const addAgendaItemInput = z.object({
  title: requiredText(1000),
  closed: z.boolean().optional(),
});

/**
 * Adds an item at the end of the agenda. `closed`: taken with the public excluded, where the body's
 * rules allow it (`closed_items_not_allowed` otherwise); its title is then withheld from the public
 * unless the rules publish it.
 * @example await addAgendaItem(ctx, clerk, 'kolpino', 4, 'Staffing', { closed: true })
 */
export async function addAgendaItem(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  sittingId: number,
  title: string,
  options: { closed?: boolean | undefined } = {},
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'sitting.manage', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    const sitting = await lockSitting(tx, sittingId);
    if (sitting.status === 'closed') throw conflict('sitting_closed', 'the sitting is closed');
    if (sitting.status === 'cancelled') throw conflict('sitting_cancelled', 'the sitting was cancelled');
    let closed: { titlePublic: boolean; nonce: string } | null = null;
    if (options.closed) {
      const rule = bodyRules(await lockedBody(tx)).closedItems;
      if (!rule)
        throw invalid(
          'closed_items_not_allowed',
          "the body's rules allow no item to be taken with the public excluded",
          { field: 'closed' },
        );
      closed = { titlePublic: rule.titlePublic, nonce: Buffer.from(ctx.randomBytes(16)).toString('hex') };
    }
    const last = await tx.trx
      .selectFrom('agenda_items')
      .select(sql<number>`coalesce(max(position), 0)`.as('p'))
      .where('body_id', '=', body.id)
      .where('sitting_id', '=', sittingId)
      .executeTakeFirstOrThrow();
    return { id: await addAgendaItemTx(tx, sittingId, Number(last.p) + 1, title, null, closed) };
  });
}

export async function findSitting(db: Executor, bodyId: number, sittingId: number) {
  const sitting = await db
    .selectFrom('sittings')
    .selectAll()
    .where('body_id', '=', bodyId)
    .where('id', '=', sittingId)
    .executeTakeFirst();
  if (!sitting) throw notFound(`sitting ${sittingId}`, 'sitting_not_found');
  return sitting;
}

/** Reads the sitting inside a write transaction (the log-head lock already serialises writers). */
export async function lockSitting(tx: RecordTx, sittingId: number) {
  return findSitting(tx.trx, tx.body.id, sittingId);
}

/**
 * Records that a lack of quorum was formally established at an open sitting (GO NRW §49(1)
 * sentence 2: the council counts as quorate until then). Votes opened before it stay valid; votes
 * opened after it are decided by the count. Refused when the count shows a quorum.
 */
export async function establishLackOfQuorum(ctx: ServiceContext, actor: Actor | null, slug: string, sittingId: number) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'sitting.manage', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    const sitting = await lockSitting(tx, sittingId);
    if (sitting.status !== 'open')
      throw conflict(
        'sitting_not_open',
        `the sitting is ${sitting.status}; a lack of quorum is established at an open sitting`,
      );
    if (sitting.lack_of_quorum_entry != null)
      throw conflict(
        'lack_of_quorum_already_established',
        `a lack of quorum was established in entry ${sitting.lack_of_quorum_entry}`,
      );
    const q = await sittingQuorum(tx.trx, body, { ...sitting, lack_of_quorum_entry: -1 });
    if (q.quorate)
      throw conflict('quorum_present', `${q.present} present, ${q.needed} needed: the count shows a quorum`);
    const entryIndex = tx.nextIndex;
    await tx.trx
      .updateTable('sittings')
      .set({ lack_of_quorum_entry: entryIndex })
      .where('id', '=', sitting.id)
      .execute();
    tx.record('sitting.lack_of_quorum_established', { sitting: sitting.id, present: q.present, needed: q.needed });
    return { sitting: sitting.id, present: q.present, needed: q.needed, entryIndex };
  });
}

export async function setSittingStatus(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  sittingId: number,
  status: 'open' | 'closed',
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'sitting.manage', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    const sitting = await lockSitting(tx, sittingId);
    if (status === 'open' && sitting.status !== 'scheduled')
      throw conflict('sitting_not_scheduled', `the sitting is ${sitting.status}, it cannot be opened`);
    if (status === 'closed') {
      if (sitting.status !== 'open')
        throw conflict('sitting_not_open', `the sitting is ${sitting.status}, it cannot be closed`);
      const open = await voteInProgress(tx.trx, tx.body.id, sittingId);
      if (open) throw conflict('vote_open', `vote ${open.id} is still open; close it first`);
    }
    const at = sitting.historical ? null : tx.now;
    await tx.trx
      .updateTable('sittings')
      .set(status === 'open' ? { status, opened_at: at } : { status, closed_at: at })
      .where('id', '=', sittingId)
      .execute();
    const index = tx.record(status === 'open' ? 'sitting.opened' : 'sitting.closed', { sitting: sittingId });
    return { status, entryIndex: index };
  });
}

async function membershipOfBody(tx: RecordTx, membershipId: number) {
  const m = await tx.trx
    .selectFrom('memberships')
    .select(['id', 'ends_on', 'person_id'])
    .where('body_id', '=', tx.body.id)
    .where('id', '=', membershipId)
    .executeTakeFirst();
  if (!m || m.ends_on !== null) throw notFound(`member ${membershipId}`, 'member_not_found');
  return m;
}

async function writeAttendance(
  tx: RecordTx,
  sittingId: number,
  membershipId: number,
  status: AttendanceStatus,
  by: { userId: number; attested: boolean },
  at: string | null,
) {
  const existing = await tx.trx
    .selectFrom('attendance')
    .selectAll()
    .where('body_id', '=', tx.body.id)
    .where('sitting_id', '=', sittingId)
    .where('membership_id', '=', membershipId)
    .executeTakeFirst();
  const arrived =
    status === 'present' ? (existing?.status === 'present' ? existing.arrived_at : at) : (existing?.arrived_at ?? null);
  const departed =
    status !== 'present' && existing?.status === 'present'
      ? at
      : existing?.status === 'present'
        ? null
        : (existing?.departed_at ?? null);
  const entryIndex = tx.record(by.attested ? 'attendance.attested' : 'attendance.marked', {
    sitting: sittingId,
    member: membershipId,
    status,
    at,
  });
  const values = {
    status,
    arrived_at: arrived,
    departed_at: departed,
    attested_at: by.attested
      ? tx.now
      : status === 'present' && existing?.status === 'present'
        ? existing.attested_at
        : null,
    marked_by: by.attested ? null : by.userId,
    updated_at: tx.now,
    entry_index: entryIndex,
  };
  if (existing) {
    await tx.trx
      .updateTable('attendance')
      .set(values)
      .where('body_id', '=', tx.body.id)
      .where('sitting_id', '=', sittingId)
      .where('membership_id', '=', membershipId)
      .execute();
  } else {
    await tx.trx
      .insertInto('attendance')
      .values({ body_id: tx.body.id, sitting_id: sittingId, membership_id: membershipId, ...values })
      .execute();
  }
  return entryIndex;
}

function assertAttendanceOpen(sitting: { status: string; historical: number }) {
  if (sitting.status === 'closed' && !sitting.historical)
    throw conflict('sitting_closed', 'the sitting is closed; record a correction as a dispute');
}

/** The body of PUT /bodies/{slug}/sittings/{id}/attendance/{memberId} (the member is in the path). */
export const attendanceBody = z.object({ status: z.enum(ATTENDANCE_STATUSES) });
/** What markAttendance takes: the path's member and the body's status. */
export const attendanceInput = attendanceBody.extend({ memberId: rowId });
export type AttendanceInput = z.infer<typeof attendanceInput>;

/** The clerk marks a member present, absent or excused. */
export async function markAttendance(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  sittingId: number,
  input: AttendanceInput,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'attendance.mark', body.id);
  if (!ATTENDANCE_STATUSES.includes(input.status))
    throw invalid('invalid_status', 'status is present, absent or excused');
  return recordTransaction(ctx, body, async (tx) => {
    const sitting = await lockSitting(tx, sittingId);
    assertAttendanceOpen(sitting);
    await membershipOfBody(tx, input.memberId);
    const entryIndex = await writeAttendance(
      tx,
      sittingId,
      input.memberId,
      input.status,
      { userId: actor.userId, attested: false },
      sitting.historical ? null : tx.now,
    );
    return { entryIndex };
  });
}

/** The membership a signed-in member holds in the body, if any. */
export async function ownMembership(db: Executor, bodyId: number, userId: number) {
  return db
    .selectFrom('memberships')
    .innerJoin('people', 'people.id', 'memberships.person_id')
    .select(['memberships.id'])
    .where('memberships.body_id', '=', bodyId)
    .where('people.user_id', '=', userId)
    .where('memberships.ends_on', 'is', null)
    .executeTakeFirst();
}

/** A member attests their own presence from their own device. */
export async function attestPresence(ctx: ServiceContext, actor: Actor | null, slug: string, sittingId: number) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'attendance.attest', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    const sitting = await lockSitting(tx, sittingId);
    if (sitting.status !== 'open')
      throw conflict('sitting_not_open', 'presence can be attested only while the sitting is open');
    const own = await ownMembership(tx.trx, body.id, actor.userId);
    if (!own) throw forbidden('you do not hold a seat in this body');
    const entryIndex = await writeAttendance(
      tx,
      sittingId,
      own.id,
      'present',
      { userId: actor.userId, attested: true },
      tx.now,
    );
    return { memberId: own.id, entryIndex };
  });
}

/**
 * What recordHeadcount takes (also the body of PUT /bodies/{slug}/sittings/{id}/headcount). The
 * counts' bounds (none negative, within the filled seats) are the service's to check: they
 * depend on the body.
 */
export const headcountInput = z.object({
  present: z.number().int(),
  absent: z.number().int().nullish(),
  note: text(2000).nullish(),
});
export type HeadcountInput = z.infer<typeof headcountInput>;

/** Records a headcount where the source knows only how many were present. */
export async function recordHeadcount(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  sittingId: number,
  input: HeadcountInput,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'attendance.mark', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    const sitting = await lockSitting(tx, sittingId);
    if (sitting.attendance_mode !== 'headcount')
      throw conflict('not_headcount', 'this sitting records named attendance');
    assertAttendanceOpen(sitting);
    const filled = await filledSeats(tx.trx, body.id);
    if (!Number.isSafeInteger(input.present) || input.present < 0 || input.present > filled) {
      throw invalid('invalid_headcount', `present must be a whole number from 0 to ${filled} (the filled seats)`);
    }
    if (
      input.absent != null &&
      (!Number.isSafeInteger(input.absent) || input.absent < 0 || input.present + input.absent > filled)
    ) {
      throw invalid('invalid_headcount', `present plus absent cannot exceed ${filled} (the filled seats)`);
    }
    const named = await namedPresent(tx.trx, body.id, sittingId);
    if (named > input.present)
      throw conflict('headcount_below_named', `${named} members are already recorded by name as present`);
    await tx.trx
      .updateTable('sittings')
      .set({
        headcount_present: input.present,
        headcount_absent: input.absent ?? null,
        headcount_note: input.note ?? null,
      })
      .where('id', '=', sittingId)
      .execute();
    const entryIndex = tx.record('sitting.headcount_recorded', {
      sitting: sittingId,
      present: input.present,
      absent: input.absent ?? null,
      note: input.note ?? null,
    });
    return { entryIndex };
  });
}

async function namedPresent(db: Executor, bodyId: number, sittingId: number): Promise<number> {
  const row = await db
    .selectFrom('attendance')
    .select(sql<string>`count(*)`.as('n'))
    .where('body_id', '=', bodyId)
    .where('sitting_id', '=', sittingId)
    .where('status', '=', 'present')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Present now: the headcount where the sitting records one, else members marked present. */
export async function presentCount(
  db: Executor,
  sitting: { body_id: number; id: number; attendance_mode: string; headcount_present: number | null },
) {
  const named = await namedPresent(db, sitting.body_id, sitting.id);
  if (sitting.attendance_mode === 'headcount') return { present: sitting.headcount_present ?? named, named };
  return { present: named, named };
}

/** The live quorum state of a sitting under the body's quorum rule. */
export async function sittingQuorum(
  db: Executor,
  body: { id: number; established_seats: number; rules: string },
  sitting: Parameters<typeof presentCount>[1] & { lack_of_quorum_entry?: number | null },
) {
  const { present, named } = await presentCount(db, sitting);
  const filled = await filledSeats(db, body.id);
  try {
    const lack = sitting.lack_of_quorum_entry != null;
    const q = evaluateQuorum(bodyRules(body).quorum, {
      established: body.established_seats,
      filled,
      present,
      ...(lack ? { lackOfQuorumEstablished: true } : {}),
    });
    return { present, named, filled, established: body.established_seats, ...q };
  } catch (err) {
    throw toServiceError(err);
  }
}
