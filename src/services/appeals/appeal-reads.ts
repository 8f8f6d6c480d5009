// Read models of appeals for the API, pages and feeds. The status of each appeal is derived here,
// at read time, from its recorded events, its rule, the body's calendar layer and today's date
// in the body's time zone (ctx.now()) — no scheduler, so it is right whenever it is read.
import { findBody } from '../bodies.ts';
import { notFound } from '../service-error.ts';
import type { ServiceContext } from '../service-context.ts';
import { readTextBlob } from '../blobs.ts';
import { authorityName, authorityView, type AuthorityNames } from './authorities.ts';
import { bodyToday } from './appeals.ts';
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import type { Selectable } from 'kysely';
import type { AppealEventsTable, AppealsTable } from '../../db/schema.ts';
import type { AppealEvent, AppealEventType } from '../../domain/appeals/appeal-event.ts';
import { deriveAppealStatus, type AppealStatusResult } from '../../domain/appeals/derive-appeal-status.ts';
import type { AppealStatus, AppealStep, ReplyClassification } from '../../domain/appeals/deadline-step.ts';
import type { DeadlineRule } from '../../domain/appeals/deadline-rule.ts';
import type { CalendarAdditions } from '../../domain/appeals/working-calendar.ts';
import { transitDaysFor, type TransitAllowance } from '../../domain/appeals/transit-allowance.ts';
import { renderDeadlineExplanation } from '../../domain/appeals/render-deadline-explanation.ts';
import { parseJsonColumn, CALENDAR_ADDITIONS, DEADLINE_RULE, TRANSIT_DAYS } from '../json-columns.ts';

type AppealRow = Selectable<AppealsTable>;
type EventRow = Selectable<AppealEventsTable>;
type Lang = 'en' | 'ru';

export const APPEAL_STATUSES: readonly AppealStatus[] = [
  'draft',
  'sent',
  'awaiting',
  'overdue',
  'ignored',
  'answered',
  'closed',
  'withdrawn',
];

export interface AppealStatusView {
  status: AppealStatus;
  /** The day the status was derived for, in the body's time zone. */
  today: string;
  ruleId: string;
  /** The due date (the latest possible one when only a range is known); null for a draft. */
  due: string | null;
  earliestDue: string | null;
  latestDue: string | null;
  daysAwaiting: number | null;
  daysOverdue: number | null;
  daysLeft: number | null;
  classification: ReplyClassification | null;
  answeredLate: boolean | null;
  /** While 'sent': the day the reply period starts at the latest. */
  startBy: string | null;
  /**
   * Set when `due` is provisional (a Russian year whose transfer decree is not in the table): the
   * latest the due date can be; "overdue" waits for it.
   */
  provisionalUntil: string | null;
  /** The rule's act covers citizens' appeals; this letter of the body is held to it by analogy. */
  byAnalogy: boolean;
  /** The status as a sentence ("As of 29 Nov 2026: ignored — no reply for 1,704 days, …"). */
  line: Record<Lang, string>;
}

export interface AppealSender {
  kind: 'body' | 'member';
  memberId: number | null;
  name: { en: string | null; ru: string | null } | null;
}

export interface AppealSummary {
  id: number;
  title: string;
  authority: { id: number; names: AuthorityNames };
  sender: AppealSender;
  decision: {
    id: number;
    registerNumber: string | null;
    adoptedOn: string;
    voteId: number;
    motionId: number;
    motionTitle: string;
  } | null;
  channel: string | null;
  reference: string | null;
  /** When it was sent, at the precision the record has; null for a draft. */
  sentOn: string | null;
  status: AppealStatusView;
  entryIndex: number;
}

export interface AppealEventView {
  id: number;
  type: AppealEventType;
  on: string | null;
  classification: ReplyClassification | null;
  days: number | null;
  notice: string | null;
  to: { id: number; names: AuthorityNames } | null;
  reason: string | null;
  reference: string | null;
  /** A reply's own date (the day the authority sent it). */
  dated: string | null;
  text: BlobText | null;
  recordedAt: string;
  entryIndex: number;
}

/** A text kept as a blob: its hash always, its words unless withheld. */
export interface BlobText {
  sha256: string;
  withheld: boolean;
  text: string | null;
}

export interface AttachmentView {
  sha256: string;
  name: string;
  mediaType: string;
  size: number;
  kind: string;
  eventId: number | null;
  withheld: boolean;
  entryIndex: number;
}

export interface AppealDetail extends AppealSummary {
  summary: string | null;
  rule: DeadlineRule;
  personalDetails: BlobText | null;
  events: AppealEventView[];
  attachments: AttachmentView[];
  /** Every step of the reckoning, as sentences, in each language; and as data. */
  explanation: Record<Lang, string[]>;
  steps: AppealStep[];
  createdAt: string;
}

/** The body's transit allowance per channel (null when it set none). */
export async function appealTransit(db: Executor, bodyId: number): Promise<TransitAllowance | null> {
  const row = await db
    .selectFrom('appeal_calendars')
    .select('transit_days')
    .where('body_id', '=', bodyId)
    .executeTakeFirst();
  return parseJsonColumn(TRANSIT_DAYS, row?.transit_days ?? null);
}

/** The body's own calendar layer for appeals (empty when it set none). */
export async function appealCalendar(db: Executor, bodyId: number): Promise<CalendarAdditions> {
  const row = await db
    .selectFrom('appeal_calendars')
    .select('additions')
    .where('body_id', '=', bodyId)
    .executeTakeFirst();
  return row ? parseJsonColumn(CALENDAR_ADDITIONS, row.additions) : {};
}

/** The domain's events, from stored rows (`to` named in `lang`). */
function domainEvents(rows: readonly EventRow[], names: Map<number, AuthorityNames>, lang: Lang): AppealEvent[] {
  return rows.map((r): AppealEvent => {
    const on = r.occurred_on ?? undefined;
    switch (r.type) {
      case 'extended':
        return r.notice
          ? { type: 'extended', on: on!, days: r.days!, notice: r.notice }
          : { type: 'extended', on: on!, days: r.days! };
      case 'redirected': {
        const to = r.to_authority_id === null ? undefined : names.get(r.to_authority_id);
        return to ? { type: 'redirected', on: on!, to: authorityName(to, lang) } : { type: 'redirected', on: on! };
      }
      case 'reply_received':
        return {
          type: 'reply_received',
          ...(on === undefined ? {} : { on }),
          ...(r.dated === null ? {} : { dated: r.dated }),
          ...(r.reference === null ? {} : { reference: r.reference }),
          classification: r.classification as ReplyClassification,
        };
      default:
        return { type: r.type, on: on! } as AppealEvent;
    }
  });
}

function statusView(r: AppealStatusResult, rule: DeadlineRule, today: string): AppealStatusView {
  const last = r.explanation.at(-1);
  const line = (lang: Lang) => (last ? (renderDeadlineExplanation([last], lang)[0] ?? '') : '');
  return {
    status: r.status,
    today,
    ruleId: rule.id,
    due: r.due,
    earliestDue: r.earliestDue ?? null,
    latestDue: r.latestDue ?? null,
    daysAwaiting: r.daysAwaiting ?? null,
    daysOverdue: r.daysOverdue ?? null,
    daysLeft: r.daysLeft ?? null,
    classification: r.classification ?? null,
    answeredLate: r.answeredLate ?? null,
    startBy: last?.kind === 'status' ? (last.startBy ?? null) : null,
    provisionalUntil: r.provisional?.latest ?? null,
    byAnalogy: r.byAnalogy === true,
    line: { en: line('en'), ru: line('ru') },
  };
}

interface BodyAppeals {
  body: { id: number; slug: string; time_zone: string };
  today: string;
  additions: CalendarAdditions;
  transit: TransitAllowance | null;
  authorityTransit: Map<number, TransitAllowance | null>;
  authorities: Map<number, AuthorityNames>;
  events: Map<number, EventRow[]>;
  senders: Map<number, { en: string | null; ru: string | null } | null>;
  decisions: Map<number, NonNullable<AppealSummary['decision']>>;
}

async function loadContext(
  db: Executor,
  body: BodyAppeals['body'],
  today: string,
  appealIds: readonly number[] | null,
): Promise<BodyAppeals> {
  const authorities = new Map<number, AuthorityNames>();
  const authorityTransit = new Map<number, TransitAllowance | null>();
  for (const a of await db.selectFrom('authorities').selectAll().where('body_id', '=', body.id).execute()) {
    authorities.set(a.id, authorityView(a).names);
    authorityTransit.set(a.id, parseJsonColumn(TRANSIT_DAYS, a.transit_days));
  }
  let q = db.selectFrom('appeal_events').selectAll().where('body_id', '=', body.id);
  if (appealIds) q = q.where('appeal_id', 'in', appealIds.length ? appealIds : [-1]);
  const events = new Map<number, EventRow[]>();
  for (const e of await q.orderBy('id').execute()) {
    const list = events.get(e.appeal_id) ?? [];
    list.push(e);
    events.set(e.appeal_id, list);
  }
  const senders = new Map<number, { en: string | null; ru: string | null } | null>();
  const people = await db
    .selectFrom('memberships')
    .leftJoin('people', 'people.id', 'memberships.person_id')
    .select(['memberships.id', 'people.name_en', 'people.name_ru'])
    .where('memberships.body_id', '=', body.id)
    .where(
      'memberships.id',
      'in',
      db
        .selectFrom('appeals')
        .select('sender_membership_id')
        .where('body_id', '=', body.id)
        .where('sender_membership_id', 'is not', null)
        .$narrowType<{ sender_membership_id: number }>(),
    )
    .execute();
  for (const p of people) senders.set(p.id, p.name_en || p.name_ru ? { en: p.name_en, ru: p.name_ru } : null);
  const decisions = new Map<number, NonNullable<AppealSummary['decision']>>();
  const rows = await db
    .selectFrom('decisions')
    .innerJoin('motions', 'motions.id', 'decisions.motion_id')
    .select([
      'decisions.id',
      'decisions.register_number',
      'decisions.adopted_on',
      'decisions.vote_id',
      'motions.id as motion_id',
      'motions.title',
    ])
    .where('decisions.body_id', '=', body.id)
    .where(
      'decisions.id',
      'in',
      db
        .selectFrom('appeals')
        .select('decision_id')
        .where('body_id', '=', body.id)
        .where('decision_id', 'is not', null)
        .$narrowType<{ decision_id: number }>(),
    )
    .execute();
  for (const d of rows)
    decisions.set(d.id, {
      id: d.id,
      registerNumber: d.register_number,
      adoptedOn: d.adopted_on,
      voteId: d.vote_id,
      motionId: d.motion_id,
      motionTitle: d.title,
    });
  return {
    body,
    today,
    additions: await appealCalendar(db, body.id),
    transit: await appealTransit(db, body.id),
    authorityTransit,
    authorities,
    events,
    senders,
    decisions,
  };
}

function derive(c: BodyAppeals, appeal: AppealRow, lang: Lang): { result: AppealStatusResult; rule: DeadlineRule } {
  const rule = parseJsonColumn(DEADLINE_RULE, appeal.rule);
  const events = domainEvents(c.events.get(appeal.id) ?? [], c.authorities, lang);
  // The way there and the way back take the same allowance: the channel's, for this authority.
  const transit = transitDaysFor(appeal.channel, c.authorityTransit.get(appeal.authority_id) ?? null, c.transit);
  const context = {
    calendarAdditions: c.additions,
    transitDays: transit,
    replyTransitDays: transit,
    bodySender: appeal.sender_kind === 'body',
  };
  return { result: deriveAppealStatus(context, events, c.today, rule), rule };
}

function summaryOf(c: BodyAppeals, appeal: AppealRow): AppealSummary {
  const { result, rule } = derive(c, appeal, 'en');
  const sending =
    (c.events.get(appeal.id) ?? []).find((e) => e.type === 'sent') ??
    (c.events.get(appeal.id) ?? []).find((e) => e.type === 'delivered' || e.type === 'registered');
  return {
    id: appeal.id,
    title: appeal.title,
    authority: { id: appeal.authority_id, names: c.authorities.get(appeal.authority_id) ?? {} },
    sender:
      appeal.sender_kind === 'member'
        ? {
            kind: 'member',
            memberId: appeal.sender_membership_id,
            name: c.senders.get(appeal.sender_membership_id!) ?? null,
          }
        : { kind: 'body', memberId: null, name: null },
    decision: appeal.decision_id === null ? null : (c.decisions.get(appeal.decision_id) ?? null),
    channel: appeal.channel,
    reference: appeal.reference,
    sentOn: sending?.occurred_on ?? null,
    status: statusView(result, rule, c.today),
    entryIndex: appeal.entry_index,
  };
}

export interface AppealListQuery {
  status?: AppealStatus | undefined;
  limit: number;
  offset: number;
}

/** Every appeal of the body with its derived status, newest first; `status` filters on it. */
export async function listAppeals(
  ctx: ServiceContext,
  slug: string,
  query: AppealListQuery,
): Promise<{ total: number; today: string; items: AppealSummary[] }> {
  const db = ctx.dialect.db;
  const body = await findBody(db, slug);
  const c = await loadContext(db, body, bodyToday(ctx, body.time_zone), null);
  const rows = await db
    .selectFrom('appeals')
    .selectAll()
    .where('body_id', '=', body.id)
    .orderBy('id', 'desc')
    .execute();
  // Status is derived, so the filter runs after derivation: a body's appeals are hundreds, not millions.
  const all = rows
    .map((a) => summaryOf(c, a))
    .filter((a) => query.status === undefined || a.status.status === query.status);
  return { total: all.length, today: c.today, items: all.slice(query.offset, query.offset + query.limit) };
}

async function blobText(db: Executor, bodyId: number, sha256: string | null): Promise<BlobText | null> {
  if (sha256 === null) return null;
  const text = await readTextBlob(db, bodyId, sha256);
  return { sha256, withheld: text === null, text };
}

/** One appeal with its timeline, attachments and the whole reckoning of its deadline. */
export async function getAppeal(ctx: ServiceContext, slug: string, appealId: number): Promise<AppealDetail> {
  const db = ctx.dialect.db;
  const body = await findBody(db, slug);
  const appeal = await db
    .selectFrom('appeals')
    .selectAll()
    .where('body_id', '=', body.id)
    .where('id', '=', appealId)
    .executeTakeFirst();
  if (!appeal) throw notFound(`appeal ${appealId}`, 'appeal_not_found');
  const c = await loadContext(db, body, bodyToday(ctx, body.time_zone), [appeal.id]);
  const summary = summaryOf(c, appeal);
  const en = derive(c, appeal, 'en');
  const ru = derive(c, appeal, 'ru');
  const events: AppealEventView[] = [];
  for (const e of c.events.get(appeal.id) ?? []) {
    events.push({
      id: e.id,
      type: e.type,
      on: e.occurred_on,
      classification: e.classification as ReplyClassification | null,
      days: e.days,
      notice: e.notice,
      to:
        e.to_authority_id === null
          ? null
          : { id: e.to_authority_id, names: c.authorities.get(e.to_authority_id) ?? {} },
      reason: e.reason,
      reference: e.reference,
      dated: e.dated,
      text: await blobText(db, body.id, e.text_blob),
      recordedAt: e.recorded_at,
      entryIndex: e.entry_index,
    });
  }
  const files = await db
    .selectFrom('appeal_attachments')
    .innerJoin('blobs', (j) =>
      j
        .onRef('blobs.body_id', '=', 'appeal_attachments.body_id')
        .onRef('blobs.sha256', '=', 'appeal_attachments.sha256'),
    )
    .select([
      'appeal_attachments.sha256',
      'appeal_attachments.name',
      'appeal_attachments.media_type',
      'appeal_attachments.size',
      'appeal_attachments.kind',
      'appeal_attachments.event_id',
      'appeal_attachments.entry_index',
      'blobs.withheld',
    ])
    .where('appeal_attachments.body_id', '=', body.id)
    .where('appeal_attachments.appeal_id', '=', appeal.id)
    .orderBy('appeal_attachments.entry_index')
    .execute();
  return {
    ...summary,
    summary: appeal.summary,
    rule: en.rule,
    personalDetails: await blobText(db, body.id, appeal.details_blob),
    events,
    attachments: files.map((f) => ({
      sha256: f.sha256,
      name: f.name,
      mediaType: f.media_type,
      size: f.size,
      kind: f.kind,
      eventId: f.event_id,
      withheld: f.withheld === 1,
      entryIndex: f.entry_index,
    })),
    explanation: {
      en: renderDeadlineExplanation(en.result.explanation, 'en'),
      ru: renderDeadlineExplanation(ru.result.explanation, 'ru'),
    },
    steps: en.result.explanation,
    createdAt: appeal.created_at,
  };
}

/** Every appeal of a body with its status today: for reminders and the body's home page. */
export async function appealsOfBody(ctx: ServiceContext, bodyId: number): Promise<AppealSummary[]> {
  const body = await ctx.dialect.db
    .selectFrom('bodies')
    .select(['id', 'slug', 'time_zone'])
    .where('id', '=', bodyId)
    .executeTakeFirstOrThrow();
  return (await appealTimelines(ctx.dialect.db, body, bodyToday(ctx, body.time_zone))).map((a) => a.summary);
}

export interface AppealTimeline {
  summary: AppealSummary;
  rule: DeadlineRule;
  /** Recorded events in the order they were recorded. */
  events: Array<{
    id: number;
    type: AppealEventType;
    on: string | null;
    classification: ReplyClassification | null;
    days: number | null;
    toAuthority: AuthorityNames | null;
    recordedAt: string;
  }>;
}

/** Each appeal of a body with its status on `today` and its recorded events: what the feed needs. */
export async function appealTimelines(
  db: Executor,
  body: BodyAppeals['body'],
  today: string,
): Promise<AppealTimeline[]> {
  const c = await loadContext(db, body, today, null);
  const rows = await db.selectFrom('appeals').selectAll().where('body_id', '=', body.id).orderBy('id').execute();
  return rows.map((a) => ({
    summary: summaryOf(c, a),
    rule: parseJsonColumn(DEADLINE_RULE, a.rule),
    events: (c.events.get(a.id) ?? []).map((e) => ({
      id: e.id,
      type: e.type,
      on: e.occurred_on,
      classification: e.classification as ReplyClassification | null,
      days: e.days,
      toAuthority: e.to_authority_id === null ? null : (c.authorities.get(e.to_authority_id) ?? null),
      recordedAt: e.recorded_at,
    })),
  }));
}
