// The sittings calendar and the notice of a sitting (issue 16, items 1 and 3). Rescheduling and
// cancelling are recorded acts with their reasons (`sitting.rescheduled`, `sitting.cancelled`): a
// cancelled sitting keeps its row and its page, and shows as STATUS:CANCELLED in iCalendar.
// Publishing the notice is a recorded act with its time (`sitting.notice_published`); the entry
// carries the notice rule it was judged by and the verdict, so `quorate verify` recomputes both. A
// late notice is allowed and shown, never hidden.
import { z } from 'zod';
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { bodyRules, findBody, lockedBody } from './bodies.ts';
import { recordTransaction } from './record-transaction.ts';
import { authorize, type Actor } from './policy.ts';
import { conflict, invalid } from './service-error.ts';
import type { ServiceContext } from './service-context.ts';
import { lockSitting } from './sittings.ts';
import { requiredText, text } from './input-schemas.ts';
import { isCivilDate } from '../domain/dates/civil-date.ts';
import { dayInZone } from '../domain/i18n/format-dates.ts';
import { noticeCalendar, reckonNotice, type NoticeReckoning, type NoticeRule } from '../domain/sittings/notice.ts';
import type { Citation } from '../domain/rules/rule-set.ts';
import { NOTICE_RULE, parseJsonColumn } from './json-columns.ts';

export const rescheduleSittingInput = z.object({
  date: z.string().refine(isCivilDate, 'a sitting is rescheduled to a day, YYYY-MM-DD'),
  startsAt: z.iso.datetime({ offset: true }).nullish(),
  place: text(500).nullish(),
  reason: requiredText(2000),
});
export type RescheduleSittingInput = z.infer<typeof rescheduleSittingInput>;

export const cancelSittingInput = z.object({ reason: requiredText(2000) });
export const publishNoticeInput = z.object({ secondConvocationWarning: z.boolean().optional() });

/** Only a sitting still to come can be moved, cancelled or given notice of. */
async function scheduledSitting(tx: Parameters<typeof lockSitting>[0], sittingId: number) {
  const sitting = await lockSitting(tx, sittingId);
  if (sitting.status === 'cancelled') throw conflict('sitting_cancelled', 'the sitting was cancelled');
  if (sitting.status !== 'scheduled')
    throw conflict(
      'sitting_not_scheduled',
      `the sitting is ${sitting.status}; only a scheduled sitting can be changed`,
    );
  if (sitting.historical) throw conflict('sitting_historical', 'a sitting recorded from sources has no calendar');
  return sitting;
}

/**
 * Moves a scheduled sitting to another day (and time, and place), with the reason.
 * @example await rescheduleSitting(ctx, clerk, 'smolninskoye', 4, { date: '2026-12-10', reason: 'the hall is closed' })
 */
export async function rescheduleSitting(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  sittingId: number,
  input: RescheduleSittingInput,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'sitting.manage', body.id);
  if (input.startsAt != null && dayInZone(input.startsAt, body.time_zone) !== input.date)
    throw invalid('time_not_on_date', `the start time is not on ${input.date} in ${body.time_zone}`);
  return recordTransaction(ctx, body, async (tx) => {
    const sitting = await scheduledSitting(tx, sittingId);
    const to = { date: input.date, startsAt: input.startsAt ?? null, place: input.place ?? sitting.place };
    if (to.date === sitting.date && to.startsAt === sitting.starts_at && to.place === sitting.place)
      throw invalid('nothing_changed', 'the new date, time and place are those already scheduled');
    const entryIndex = tx.record('sitting.rescheduled', {
      sitting: sitting.id,
      from: { date: sitting.date, startsAt: sitting.starts_at, place: sitting.place },
      to,
      reason: input.reason,
    });
    await tx.trx
      .updateTable('sittings')
      .set({ date: to.date, starts_at: to.startsAt, place: to.place })
      .where('id', '=', sitting.id)
      .execute();
    await tx.trx
      .insertInto('sitting_changes')
      .values({
        body_id: body.id,
        sitting_id: sitting.id,
        change: 'rescheduled',
        reason: input.reason,
        from_date: sitting.date,
        from_starts_at: sitting.starts_at,
        from_place: sitting.place,
        to_date: to.date,
        to_starts_at: to.startsAt,
        to_place: to.place,
        at: tx.now,
        entry_index: entryIndex,
      })
      .execute();
    return { sitting: sitting.id, entryIndex };
  });
}

/**
 * Cancels a scheduled sitting with the reason; the sitting stays in the record as cancelled.
 * @example await cancelSitting(ctx, clerk, 'smolninskoye', 4, { reason: 'no quorum expected' })
 */
export async function cancelSitting(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  sittingId: number,
  input: { reason: string },
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'sitting.manage', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    const sitting = await scheduledSitting(tx, sittingId);
    const entryIndex = tx.record('sitting.cancelled', { sitting: sitting.id, reason: input.reason });
    await tx.trx.updateTable('sittings').set({ status: 'cancelled' }).where('id', '=', sitting.id).execute();
    await tx.trx
      .insertInto('sitting_changes')
      .values({
        body_id: body.id,
        sitting_id: sitting.id,
        change: 'cancelled',
        reason: input.reason,
        from_date: sitting.date,
        from_starts_at: sitting.starts_at,
        from_place: sitting.place,
        to_date: null,
        to_starts_at: null,
        to_place: null,
        at: tx.now,
        entry_index: entryIndex,
      })
      .execute();
    return { sitting: sitting.id, entryIndex };
  });
}

/**
 * Publishes the notice of a scheduled sitting now. The entry keeps the rule it is judged by and
 * the verdict; a late notice is recorded as late, not refused. The warning of GO NRW §49(2) (a
 * second convocation is quorate whatever the attendance) may go with it only where the rules give
 * such a convocation.
 * @example await publishNotice(ctx, clerk, 'smolninskoye', 4, {})
 */
export async function publishNotice(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  sittingId: number,
  input: { secondConvocationWarning?: boolean | undefined },
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'sitting.manage', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    const sitting = await scheduledSitting(tx, sittingId);
    if (!isCivilDate(sitting.date))
      throw conflict('sitting_undated', 'the sitting has no day yet; reschedule it to a day before giving notice');
    const current = await lockedBody(tx);
    const rules = bodyRules(current);
    if (input.secondConvocationWarning && !rules.quorum.secondConvocationQuorate)
      throw invalid(
        'no_second_convocation',
        "the body's rules give no second convocation quorate whatever the attendance",
      );
    const givenOn = dayInZone(tx.now, current.time_zone);
    const rule = rules.notice ?? null;
    const reckoning = rule
      ? reckonNotice(
          rule,
          { givenOn, givenAt: tx.now, timeZone: current.time_zone },
          sitting.date,
          noticeCalendar(rule),
        )
      : null;
    const entryIndex = tx.record('sitting.notice_published', {
      sitting: sitting.id,
      date: sitting.date,
      startsAt: sitting.starts_at,
      place: sitting.place,
      timeZone: current.time_zone,
      givenOn,
      rule: rule as unknown as Record<string, never> | null,
      inTime: reckoning ? reckoning.inTime : null,
      clearDays: reckoning ? reckoning.clearDays : null,
      ...(input.secondConvocationWarning ? { secondConvocationWarning: true } : {}),
    });
    await tx.trx
      .insertInto('sitting_notices')
      .values({
        body_id: body.id,
        sitting_id: sitting.id,
        published_at: tx.now,
        sitting_date: sitting.date,
        starts_at: sitting.starts_at,
        place: sitting.place,
        second_convocation_warning: input.secondConvocationWarning ? 1 : 0,
        time_zone: current.time_zone,
        rule: rule ? JSON.stringify(rule) : null,
        in_time: reckoning ? (reckoning.inTime ? 1 : 0) : null,
        entry_index: entryIndex,
      })
      .execute();
    return { sitting: sitting.id, entryIndex, inTime: reckoning?.inTime ?? null };
  });
}

export interface SittingChangeView {
  change: 'rescheduled' | 'cancelled';
  reason: string;
  at: string;
  from: { date: string; startsAt: string | null; place: string | null };
  to: { date: string; startsAt: string | null; place: string | null } | null;
  entryIndex: number;
}

export interface SittingNoticeView {
  publishedAt: string;
  announced: { date: string; startsAt: string | null; place: string | null };
  secondConvocationWarning: boolean;
  /** Null when the rules set no notice period (then `source` says who sets it). */
  reckoning: NoticeReckoning | null;
  /** The notice no longer matches the sitting: it was moved after this notice. */
  superseded: boolean;
  entryIndex: number;
}

export interface SittingCalendarView {
  kind: 'ordinary' | 'extraordinary';
  convenedBy: string | null;
  changes: SittingChangeView[];
  notices: SittingNoticeView[];
  noticeRule: NoticeRule | null;
  noticeSource: Citation | null;
  timeZone: string;
}

/** The reckoning of a stored notice, under the rule and in the time zone it was recorded with. */
function noticeReckoning(n: { published_at: string; sitting_date: string; time_zone: string; rule: string | null }) {
  if (n.rule === null) return null;
  const rule = parseJsonColumn(NOTICE_RULE, n.rule);
  return reckonNotice(
    rule,
    { givenOn: dayInZone(n.published_at, n.time_zone), givenAt: n.published_at, timeZone: n.time_zone },
    n.sitting_date,
    noticeCalendar(rule),
  );
}

/** What the sitting page shows of the calendar: kind, convener, changes and notices with their reckoning. */
export async function sittingCalendar(
  db: Executor,
  body: { id: number; rules: string; time_zone: string },
  // The sitting's own columns the page shows beside its notices.
  sitting: { id: number; date: string; kind: 'ordinary' | 'extraordinary'; convened_by: string | null },
): Promise<SittingCalendarView> {
  const rules = bodyRules(body);
  const rule = rules.notice ?? null;
  const [changes, notices] = await Promise.all([
    db
      .selectFrom('sitting_changes')
      .selectAll()
      .where('body_id', '=', body.id)
      .where('sitting_id', '=', sitting.id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('sitting_notices')
      .selectAll()
      .where('body_id', '=', body.id)
      .where('sitting_id', '=', sitting.id)
      .orderBy('id')
      .execute(),
  ]);
  const lastMove = changes.filter((c) => c.change === 'rescheduled').at(-1)?.entry_index ?? -1;
  return {
    kind: sitting.kind,
    convenedBy: sitting.convened_by,
    timeZone: body.time_zone,
    noticeRule: rule,
    noticeSource: rules.source?.notice ?? null,
    changes: changes.map((c) => ({
      change: c.change,
      reason: c.reason,
      at: c.at,
      from: { date: c.from_date, startsAt: c.from_starts_at, place: c.from_place },
      to: c.to_date === null ? null : { date: c.to_date, startsAt: c.to_starts_at, place: c.to_place },
      entryIndex: c.entry_index,
    })),
    notices: notices.map((n) => ({
      publishedAt: n.published_at,
      announced: { date: n.sitting_date, startsAt: n.starts_at, place: n.place },
      secondConvocationWarning: Boolean(n.second_convocation_warning),
      reckoning: noticeReckoning(n),
      superseded: n.entry_index < lastMove,
      entryIndex: n.entry_index,
    })),
  };
}

export interface OfficeSitting {
  id: number;
  title: string;
  date: string;
  startsAt: string | null;
  place: string | null;
  status: string;
  kind: 'ordinary' | 'extraordinary';
  convenedBy: string | null;
  notices: number;
  /** The verdict of the latest notice: true in time, false late, null no rule or no notice. */
  lastNoticeInTime: boolean | null;
}

/**
 * The clerk's calendar: every scheduled sitting (soonest first), then the latest others.
 * @example await officeSittings(db, body.id)
 */
export async function officeSittings(
  db: Executor,
  bodyId: number,
): Promise<{ scheduled: OfficeSitting[]; others: OfficeSitting[] }> {
  const base = db
    .selectFrom('sittings')
    .select(['id', 'title', 'date', 'starts_at', 'place', 'status', 'kind', 'convened_by'])
    .select((eb) => [
      eb
        .selectFrom('sitting_notices')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('sitting_notices.sitting_id', '=', 'sittings.id')
        .as('notices'),
      eb
        .selectFrom('sitting_notices')
        .select('in_time')
        .whereRef('sitting_notices.sitting_id', '=', 'sittings.id')
        .orderBy('sitting_notices.id', 'desc')
        .limit(1)
        .as('last_in_time'),
    ])
    .where('body_id', '=', bodyId);
  const [scheduled, others] = await Promise.all([
    base.where('status', '=', 'scheduled').orderBy('date').orderBy('id').limit(200).execute(),
    base.where('status', '!=', 'scheduled').orderBy('id', 'desc').limit(20).execute(),
  ]);
  const view = (r: (typeof scheduled)[number]): OfficeSitting => ({
    id: r.id,
    title: r.title,
    date: r.date,
    startsAt: r.starts_at,
    place: r.place,
    status: r.status,
    kind: r.kind,
    convenedBy: r.convened_by,
    notices: Number(r.notices ?? 0),
    lastNoticeInTime: r.last_in_time === null || r.last_in_time === undefined ? null : Number(r.last_in_time) === 1,
  });
  return { scheduled: scheduled.map(view), others: others.map(view) };
}
