// Appeals: letters from the body (or from a member personally) to an authority, usually caused by
// a decision, and the facts of what happened to them (DESIGN.md, "Appeal"). Each fact is one
// record entry. Status is not stored anywhere: appeal-reads.ts derives it from these facts and
// today's date. Personal data of third parties (a resident named in an appeal, the text of a
// reply) never enters an entry: it goes in a blob that can be withheld, and the entry keeps its hash.
import { z } from 'zod';
import { findBody } from '../bodies.ts';
import { partialDate, requiredText, rowId, text } from '../input-schemas.ts';
import { recordTransaction, toServiceError, type RecordTx } from '../record-transaction.ts';
import { authorize, type Actor } from '../policy.ts';
import { conflict, invalid, notFound } from '../service-error.ts';
import type { ServiceContext } from '../service-context.ts';
import { storeTextBlobTx, type BlobRef } from '../blobs.ts';
import { deadlineRuleInput, resolveDeadlineRule } from './authorities.ts';
import type { JsonValue } from '../../domain/entries/record-entry.ts';
import {
  REPLY_CLASSIFICATIONS,
  validateAppealEvents,
  type AppealEvent,
  type AppealEventType,
} from '../../domain/appeals/appeal-event.ts';
import { validateCalendarAdditions, type CalendarAdditions } from '../../domain/appeals/working-calendar.ts';
import { validateTransitAllowance, type TransitAllowance } from '../../domain/appeals/transit-allowance.ts';
import { earliestDay, latestDay, parsePartialDate } from '../../domain/dates/partial-date.ts';
import { dayInZone } from '../../domain/i18n/format-dates.ts';
import { parseJsonColumn, AUTHORITY_NAMES, DEADLINE_RULE } from '../json-columns.ts';

export const APPEAL_CHANNELS = ['post', 'email', 'web_form', 'hand', 'fax', 'other'] as const;
export type AppealChannel = (typeof APPEAL_CHANNELS)[number];

/** Who sends the appeal: the body, or one member personally. */
export const appealSender = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('body') }),
  z.object({ kind: z.literal('member'), memberId: rowId }),
]);
export type AppealSender = z.infer<typeof appealSender>;

/** What draftAppeal takes (also the body of POST /bodies/{slug}/appeals). */
export const draftAppealInput = z.object({
  title: requiredText(1000),
  summary: text(10_000).nullish(),
  authorityId: rowId,
  /** The decision that caused the appeal, when there is one. */
  decisionId: rowId.nullish(),
  sender: appealSender,
  /** How it was sent; null when the source does not say. */
  channel: z.enum(APPEAL_CHANNELS).nullish(),
  /** The outgoing reference number. */
  reference: text(200).nullish(),
  /** The rule its reply is owed under: default the authority's. A preset id or a custom rule. */
  rule: deadlineRuleInput.nullish(),
  /** Personal details of third parties (a resident the appeal is about): kept in a withholdable blob. */
  personalDetails: text(100_000).nullish(),
});
export type DraftAppealInput = z.infer<typeof draftAppealInput>;

const trimmed = (s: string | null | undefined) => s?.trim() || null;

/** The day an instant falls on in the body's time zone: the record's "today". */
export function bodyToday(ctx: ServiceContext, timeZone: string): string {
  return dayInZone(ctx.now(), timeZone);
}

export async function draftAppeal(ctx: ServiceContext, actor: Actor | null, slug: string, input: DraftAppealInput) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'appeal.manage', body.id);
  const title = input.title.trim();
  if (!title) throw invalid('title_required', 'an appeal needs a title');
  if (input.channel != null && !APPEAL_CHANNELS.includes(input.channel))
    throw invalid('invalid_channel', `a channel is one of ${APPEAL_CHANNELS.join(', ')}`);
  const ownRule = input.rule == null ? null : resolveDeadlineRule(input.rule);
  return recordTransaction(ctx, body, async (tx) => {
    const authority = await tx.trx
      .selectFrom('authorities')
      .select(['id', 'rule'])
      .where('body_id', '=', body.id)
      .where('id', '=', input.authorityId)
      .executeTakeFirst();
    if (!authority) throw notFound(`authority ${input.authorityId}`, 'authority_not_found');
    if (input.decisionId != null) {
      const decision = await tx.trx
        .selectFrom('decisions')
        .select('id')
        .where('body_id', '=', body.id)
        .where('id', '=', input.decisionId)
        .executeTakeFirst();
      if (!decision) throw notFound(`decision ${input.decisionId}`, 'decision_not_found');
    }
    let memberId: number | null = null;
    if (input.sender.kind === 'member') {
      const m = await tx.trx
        .selectFrom('memberships')
        .select(['id', 'person_id'])
        .where('body_id', '=', body.id)
        .where('id', '=', input.sender.memberId)
        .executeTakeFirst();
      if (!m) throw notFound(`member ${input.sender.memberId}`, 'member_not_found');
      // A personal letter is signed by a named person; an unnamed seat holder cannot be its sender.
      if (m.person_id === null)
        throw conflict(
          'holder_not_named',
          "this seat's holder is not named in the record, so cannot be named as a sender",
        );
      memberId = m.id;
    } else if (input.sender.kind !== 'body') {
      throw invalid('invalid_sender', 'the sender is the body or one of its members');
    }
    // The appeal keeps its own copy of the rule, as a vote keeps the rule it was decided under:
    // a later change to the authority's rule does not move this appeal's deadline.
    const rule = ownRule ?? parseJsonColumn(DEADLINE_RULE, authority.rule);
    const details = trimmed(input.personalDetails);
    const detailsBlob: BlobRef | null = details ? await storeTextBlobTx(tx, details) : null;
    const entryIndex = tx.nextIndex;
    const row = await tx.trx
      .insertInto('appeals')
      .values({
        body_id: body.id,
        authority_id: authority.id,
        decision_id: input.decisionId ?? null,
        title,
        summary: trimmed(input.summary),
        sender_kind: input.sender.kind,
        sender_membership_id: memberId,
        channel: input.channel ?? null,
        reference: trimmed(input.reference),
        rule: JSON.stringify(rule),
        details_blob: detailsBlob?.sha256 ?? null,
        created_at: tx.now,
        entry_index: entryIndex,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    tx.record('appeal.drafted', {
      appeal: row.id,
      title,
      summary: trimmed(input.summary),
      authority: authority.id,
      decision: input.decisionId ?? null,
      sender: memberId === null ? { kind: 'body' } : { kind: 'member', member: memberId },
      channel: input.channel ?? null,
      reference: trimmed(input.reference),
      rule: rule as unknown as JsonValue,
      personalDetails: detailsBlob as unknown as JsonValue,
    });
    return { id: row.id, entryIndex };
  });
}

/** The kinds of fact an appeal's history records (domain/appeals AppealEventType). */
export const APPEAL_EVENT_TYPES = [
  'sent',
  'registered',
  'delivered',
  'extended',
  'redirected',
  'reply_received',
  'follow_up',
  'clarified',
  'fee_notice',
  'fee_paid',
  'closed',
  'withdrawn',
] as const satisfies readonly AppealEventType[];

/** What recordAppealEvent takes (also the body of POST …/appeals/{id}/events). */
export const appealEventInput = z.object({
  type: z.enum(APPEAL_EVENT_TYPES),
  /** YYYY, YYYY-MM or YYYY-MM-DD; omitted only for a reply whose date the source does not give. */
  on: partialDate.nullish(),
  classification: z.enum(REPLY_CLASSIFICATIONS).nullish(),
  /** Extension days, in the rule's unit. */
  days: z.number().int().nullish(),
  /** The authority's notice of an extension, as it reads. */
  notice: text(2000).nullish(),
  /** Where the appeal was redirected to, from the body's directory. */
  toAuthorityId: rowId.nullish(),
  /** Why an appeal was closed or withdrawn. */
  reason: text(2000).nullish(),
  /** The authority's registration number, or a reply's reference (its outgoing number). */
  reference: text(200).nullish(),
  /** A reply's own date, as the letter gives it (the day the authority sent it). */
  dated: partialDate.nullish(),
  /** The text of a reply (or any letter the event is about): kept in a withholdable blob. */
  text: text(200_000).nullish(),
});
export type AppealEventInput = z.infer<typeof appealEventInput>;

// Which optional fields each event may carry; anything else is refused, not silently dropped.
const FIELDS: Record<AppealEventType, ReadonlyArray<keyof AppealEventInput>> = {
  sent: [],
  registered: ['reference'],
  delivered: [],
  extended: ['days', 'notice', 'text'],
  redirected: ['toAuthorityId', 'text', 'reference'],
  reply_received: ['classification', 'toAuthorityId', 'reference', 'dated', 'text'],
  follow_up: ['reference', 'text'],
  clarified: ['reference', 'text'],
  fee_notice: ['reference', 'text'],
  fee_paid: ['reference'],
  closed: ['reason'],
  withdrawn: ['reason'],
};
const OPTIONAL: ReadonlyArray<keyof AppealEventInput> = [
  'classification',
  'days',
  'notice',
  'toAuthorityId',
  'reason',
  'reference',
  'dated',
  'text',
];

/** The domain's view of the event, checked by the domain (type, date, days, classification). */
function domainEvent(input: AppealEventInput, toName: string | null): AppealEvent {
  const raw: Record<string, unknown> = { type: input.type };
  if (input.on != null) raw.on = input.on;
  if (input.type === 'extended') raw.days = input.days;
  if (input.type === 'reply_received') raw.classification = input.classification;
  if (input.type === 'reply_received' && input.dated != null) raw.dated = input.dated;
  if (input.type === 'redirected' && toName !== null) raw.to = toName;
  try {
    return validateAppealEvents([raw])[0]!;
  } catch (err) {
    throw toServiceError(err);
  }
}

async function eventsSoFar(tx: RecordTx, appealId: number) {
  return tx.trx
    .selectFrom('appeal_events')
    .select(['type', 'occurred_on'])
    .where('body_id', '=', tx.body.id)
    .where('appeal_id', '=', appealId)
    .orderBy('id')
    .execute();
}

export async function recordAppealEvent(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  appealId: number,
  input: AppealEventInput,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'appeal.manage', body.id);
  // An unknown type is refused by the domain's own check, with its code (invalid_appeal_event).
  if (!Object.hasOwn(FIELDS, input.type)) domainEvent(input, null);
  const extra = OPTIONAL.find((f) => input[f] != null && !FIELDS[input.type].includes(f));
  if (extra) throw invalid('field_not_allowed', `a "${input.type}" event does not take "${extra}"`);
  if (input.type === 'reply_received' && input.toAuthorityId != null && input.classification !== 'redirected') {
    throw invalid('field_not_allowed', 'a reply names another authority only when it redirects the appeal');
  }
  const today = bodyToday(ctx, body.time_zone);
  return recordTransaction(ctx, body, async (tx) => {
    const appeal = await tx.trx
      .selectFrom('appeals')
      .select(['id'])
      .where('body_id', '=', body.id)
      .where('id', '=', appealId)
      .executeTakeFirst();
    if (!appeal) throw notFound(`appeal ${appealId}`, 'appeal_not_found');
    let toName: string | null = null;
    if (input.toAuthorityId != null) {
      const to = await tx.trx
        .selectFrom('authorities')
        .select(['id', 'names'])
        .where('body_id', '=', body.id)
        .where('id', '=', input.toAuthorityId)
        .executeTakeFirst();
      if (!to) throw notFound(`authority ${input.toAuthorityId}`, 'authority_not_found');
      const names = parseJsonColumn(AUTHORITY_NAMES, to.names);
      toName = names.en ?? names.ru ?? null;
    }
    const event = domainEvent(input, toName);
    // A fact is recorded once it has happened: a date that cannot have come yet is a typo.
    if (event.on !== undefined && earliestDay(parsePartialDate(event.on)) > today) {
      throw invalid('date_in_future', `${event.on} has not come yet (today is ${today} in ${body.time_zone})`);
    }
    const dated = event.type === 'reply_received' ? event.dated : undefined;
    if (dated !== undefined && earliestDay(parsePartialDate(dated)) > today) {
      throw invalid('date_in_future', `${dated} has not come yet (today is ${today} in ${body.time_zone})`);
    }
    const past = await eventsSoFar(tx, appealId);
    if (past.some((e) => e.type === 'closed' || e.type === 'withdrawn'))
      throw conflict('appeal_ended', 'this appeal was closed or withdrawn; nothing more is recorded on it');
    const sending = past.find((e) => e.type === 'sent' || e.type === 'delivered' || e.type === 'registered');
    if (event.type === 'sent' && past.some((e) => e.type === 'sent'))
      throw conflict('already_sent', 'this appeal is already recorded as sent; a reminder letter is a follow_up');
    if (!sending && !['sent', 'delivered', 'registered', 'closed', 'withdrawn'].includes(event.type)) {
      throw conflict('appeal_not_sent', `record the sending before a "${event.type}" event`);
    }
    if (
      sending?.occurred_on &&
      event.on !== undefined &&
      latestDay(parsePartialDate(event.on)) < earliestDay(parsePartialDate(sending.occurred_on))
    ) {
      throw invalid('before_sending', `${event.on} is before the appeal was ${sending.type} (${sending.occurred_on})`);
    }
    const text = trimmed(input.text);
    const textBlob = text ? await storeTextBlobTx(tx, text) : null;
    const entryIndex = tx.nextIndex;
    const row = await tx.trx
      .insertInto('appeal_events')
      .values({
        body_id: body.id,
        appeal_id: appealId,
        type: event.type,
        occurred_on: event.on ?? null,
        classification: event.type === 'reply_received' ? event.classification : null,
        days: event.type === 'extended' ? event.days : null,
        notice: trimmed(input.notice),
        to_authority_id: input.toAuthorityId ?? null,
        reason: trimmed(input.reason),
        reference: trimmed(input.reference),
        dated: dated ?? null,
        text_blob: textBlob?.sha256 ?? null,
        recorded_at: tx.now,
        entry_index: entryIndex,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const data: { [key: string]: JsonValue } = {
      appeal: appealId,
      event: row.id,
      type: event.type,
      on: event.on ?? null,
    };
    if (event.type === 'reply_received') data.classification = event.classification;
    if (event.type === 'extended') data.days = event.days;
    if (dated !== undefined) data.dated = dated;
    for (const [key, value] of [
      ['notice', trimmed(input.notice)],
      ['reason', trimmed(input.reason)],
      ['reference', trimmed(input.reference)],
    ] as const) {
      if (value !== null) data[key] = value;
    }
    if (input.toAuthorityId != null) data.to = input.toAuthorityId;
    if (textBlob) data.text = textBlob as unknown as JsonValue;
    tx.record(event.type === 'sent' ? 'appeal.sent' : 'appeal.event_recorded', data);
    return { id: row.id, entryIndex };
  });
}

export interface TransitInput {
  /** The authority whose allowance this is; null or absent: the body's own, for every authority. */
  authorityId?: number | null;
  /** Days by channel ({ post: 7 }); a channel not listed takes none. */
  days: Record<string, number>;
}

/**
 * Sets the transit a letter may take by each channel, for the body or for one authority: with no
 * recorded delivery, the clock then starts that many days after sending at the latest.
 */
export async function setAppealTransit(ctx: ServiceContext, actor: Actor | null, slug: string, input: TransitInput) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'appeal.manage', body.id);
  let days: TransitAllowance;
  try {
    days = validateTransitAllowance(input.days, APPEAL_CHANNELS);
  } catch (err) {
    throw toServiceError(err);
  }
  const authorityId = input.authorityId ?? null;
  return recordTransaction(ctx, body, async (tx) => {
    if (authorityId !== null) {
      const found = await tx.trx
        .selectFrom('authorities')
        .select('id')
        .where('body_id', '=', body.id)
        .where('id', '=', authorityId)
        .executeTakeFirst();
      if (!found) throw notFound(`authority ${authorityId}`, 'authority_not_found');
    }
    const entryIndex = tx.record('appeals.transit_changed', { authority: authorityId, days });
    if (authorityId !== null) {
      await tx.trx
        .updateTable('authorities')
        .set({ transit_days: JSON.stringify(days) })
        .where('body_id', '=', body.id)
        .where('id', '=', authorityId)
        .execute();
    } else {
      const updated = await tx.trx
        .updateTable('appeal_calendars')
        .set({ transit_days: JSON.stringify(days), updated_at: tx.now, entry_index: entryIndex })
        .where('body_id', '=', body.id)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) {
        await tx.trx
          .insertInto('appeal_calendars')
          .values({
            body_id: body.id,
            additions: JSON.stringify({}),
            transit_days: JSON.stringify(days),
            updated_at: tx.now,
            entry_index: entryIndex,
          })
          .execute();
      }
    }
    return { authorityId, days, entryIndex };
  });
}

/** Sets the body's own calendar layer (extra days off, moved working days) over every rule's calendar. */
export async function setAppealCalendar(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  additions: CalendarAdditions,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'appeal.manage', body.id);
  let checked: CalendarAdditions;
  try {
    checked = validateCalendarAdditions(additions);
  } catch (err) {
    throw toServiceError(err);
  }
  return recordTransaction(ctx, body, async (tx) => {
    const entryIndex = tx.record('appeals.calendar_changed', { additions: checked as unknown as JsonValue });
    const values = { additions: JSON.stringify(checked), updated_at: tx.now, entry_index: entryIndex };
    const updated = await tx.trx
      .updateTable('appeal_calendars')
      .set(values)
      .where('body_id', '=', body.id)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0)
      await tx.trx
        .insertInto('appeal_calendars')
        .values({ body_id: body.id, ...values })
        .execute();
    return { additions: checked, entryIndex };
  });
}
