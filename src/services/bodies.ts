// Bodies, seats and who holds them. Entry 0 of every body's log is `body.created`, which fixes
// the log origin forever (DESIGN.md, "The record log").
import { sql } from 'kysely';
import { z } from 'zod';
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { createLogHead } from '../db/repositories/log-repository.ts';
import { entryBytes, recordTransaction, toServiceError, type BodyRef, type RecordTx } from './record-transaction.ts';
import { authorize, authorizeSiteAdmin, type Actor } from './policy.ts';
import { conflict, invalid, notFound } from './service-error.ts';
import type { ServiceContext } from './service-context.ts';
import { validateRuleSet, type RuleSet } from '../domain/rules/rule-set.ts';
import { copyPreset, PRESETS, presetDiffers } from '../domain/rules/presets.ts';
import { isPartialDate } from '../domain/dates/partial-date.ts';
import { appendEntries } from '../db/repositories/log-repository.ts';
import { insertInChunks } from '../db/repositories/insert-in-chunks.ts';
import type { JsonValue } from '../domain/entries/record-entry.ts';
import { voteInProgress } from './vote-in-progress.ts';
import { isMandateEndReason, MANDATE_END_REASONS, type MandateEndReason } from '../domain/roster/mandate-end.ts';
import { parseJsonColumn, BODY_RULES } from './json-columns.ts';
import { requiredText, text } from './input-schemas.ts';
import { endFactionMembershipsWithMandate } from './faction-mandate-end.ts';

/**
 * A preset's name, or a full rule set. The object is checked in full by validateRuleSet
 * (resolveRules); the schema says only that it is an object, so the rules engine's own messages
 * reach the user.
 */
export const rulesInput = z.union([text(64), z.record(z.string(), z.unknown())]);
/** What the rules engine accepts: a preset's name, a RuleSet, or an object still to be checked. */
export type RulesInput = string | RuleSet | Record<string, unknown>;

/** What createBody takes (also the body of POST /bodies). */
export const createBodyInput = z.object({
  slug: text(64),
  names: z.record(text(16), requiredText(500)),
  jurisdiction: text(500).nullish(),
  establishedSeats: z.number().int(),
  rules: rulesInput,
  languages: z
    .array(z.enum(['en', 'ru']))
    .min(1)
    .max(2)
    .optional(),
  timeZone: text(64).optional(),
  origin: text(200).optional(),
  allowBallotChange: z.boolean().optional(),
});
export type CreateBodyInput = Omit<z.infer<typeof createBodyInput>, 'rules'> & { rules: RulesInput };

/** What changeRules takes (also the body of PUT /bodies/{slug}/rules). */
export const changeRulesInput = z.object({ rules: rulesInput, reason: text(2000).nullish() });

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
/** Addresses the site itself uses at the top level: no body may take them. */
export const RESERVED_SLUGS = new Set([
  'api',
  'log',
  'live',
  'export',
  'healthz',
  'sign-in',
  'sign-out',
  'reset',
  'static',
  'assets',
  'setup',
  'office',
]);

export function resolveRules(rules: RulesInput): RuleSet {
  try {
    if (typeof rules === 'string') {
      const preset = PRESETS[rules];
      if (!preset) throw invalid('unknown_preset', `there is no rules preset "${rules}"`);
      return structuredClone(preset);
    }
    return validateRuleSet(rules);
  } catch (err) {
    throw toServiceError(err);
  }
}

/** The default origin of a body: the public address without its scheme, plus the slug. */
export function defaultOrigin(publicOrigin: string, slug: string): string {
  const u = new URL(publicOrigin);
  return `${u.host}${u.pathname.replace(/\/$/, '')}/${slug}`;
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export async function createBody(ctx: ServiceContext, actor: Actor | null, input: CreateBodyInput) {
  authorizeSiteAdmin(actor);
  if (!SLUG.test(input.slug))
    throw invalid('invalid_slug', 'a slug is 1–64 lower-case letters, digits and inner hyphens');
  if (RESERVED_SLUGS.has(input.slug))
    throw invalid('reserved_slug', `"${input.slug}" is an address the site itself uses; choose another slug`);
  if (!Number.isSafeInteger(input.establishedSeats) || input.establishedSeats < 1 || input.establishedSeats > 10_000) {
    throw invalid('invalid_seats', 'established seats must be a whole number from 1 to 10,000');
  }
  const languages = input.languages ?? ['en', 'ru'];
  const timeZone = input.timeZone ?? 'UTC';
  if (!validTimeZone(timeZone)) throw invalid('invalid_time_zone', `"${timeZone}" is not a known time zone`);
  const rules = resolveRules(input.rules);
  const origin = input.origin ?? defaultOrigin(ctx.publicOrigin, input.slug);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(origin) || /\s|\+/.test(origin) || origin.length > 200) {
    throw invalid(
      'invalid_origin',
      'a log origin has no scheme, no spaces and no "+" (e.g. council.example.org/smolninskoye)',
    );
  }
  const now = ctx.now().toISOString();
  try {
    return await ctx.dialect.db
      .transaction()
      .execute(async (trx) => {
        const existing = await trx.selectFrom('bodies').select('id').where('slug', '=', input.slug).executeTakeFirst();
        if (existing) throw conflict('slug_taken', `a body with the slug "${input.slug}" already exists`);
        const row = await trx
          .insertInto('bodies')
          .values({
            slug: input.slug,
            names: JSON.stringify(input.names),
            jurisdiction: input.jurisdiction ?? null,
            established_seats: input.establishedSeats,
            rules: JSON.stringify(rules),
            languages: JSON.stringify(languages),
            time_zone: timeZone,
            origin,
            allow_ballot_change: input.allowBallotChange ? 1 : 0,
            next_decision_number: 1,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await createLogHead(trx, row.id);
        const seats = Array.from({ length: input.establishedSeats }, (_, i) => ({
          body_id: row.id,
          number: i + 1,
          label: null,
        }));
        await insertInChunks(ctx.dialect, seats, (chunk) => trx.insertInto('seats').values(chunk).execute());
        const body: BodyRef = { id: row.id, slug: input.slug };
        const bytes = entryBytes(body, 'body.created', now, {
          origin,
          names: input.names,
          jurisdiction: input.jurisdiction ?? null,
          establishedSeats: input.establishedSeats,
          rules: rules as unknown as JsonValue,
          languages,
          timeZone,
          allowBallotChange: Boolean(input.allowBallotChange),
        });
        await appendEntries(ctx.dialect, trx, row.id, 0, [{ type: 'body.created', bytes, recordedAt: now }]);
        return { id: row.id, slug: input.slug, origin };
      })
      .then((created) => {
        ctx.onCommitted(created.id, 1);
        return created;
      });
  } catch (err) {
    if (ctx.dialect.isUniqueViolation(err))
      throw conflict('slug_taken', `a body with the slug "${input.slug}" already exists`);
    throw err;
  }
}

export async function findBody(db: Executor, slug: string) {
  // No body's slug holds NUL (createBodyInput refuses it), and PostgreSQL's text cannot even be
  // compared with one: a slug from a URL such as /bodies/%00 is not found, not a database error.
  if (slug.includes('\u0000')) throw notFound(`body "${slug.replaceAll('\u0000', '\\0')}"`, 'body_not_found');
  const body = await db.selectFrom('bodies').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!body) throw notFound(`body "${slug}"`, 'body_not_found');
  return body;
}

/**
 * The body's row as it stands under the log-head lock. A use case decides on this row, never on
 * one read before its transaction: a rules change committed in between would be missed.
 */
export async function lockedBody(tx: RecordTx) {
  return tx.trx.selectFrom('bodies').selectAll().where('id', '=', tx.body.id).executeTakeFirstOrThrow();
}

export function bodyRules(body: { rules: string }): RuleSet {
  return parseJsonColumn(BODY_RULES, body.rules);
}

export async function changeRules(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  rules: RulesInput,
  reason: string | null,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'body.configure', body.id);
  const resolved = resolveRules(rules);
  return recordTransaction(ctx, body, async (tx) => {
    await tx.trx
      .updateTable('bodies')
      .set({ rules: JSON.stringify(resolved) })
      .where('id', '=', body.id)
      .execute();
    const entry = tx.record('body.rules_changed', { rules: resolved as unknown as JsonValue, reason });
    return { rules: resolved, entryIndex: entry };
  });
}

/**
 * Adopts the corrected version of the preset the body's rules name, by a recorded
 * `body.rules_changed` entry: nothing changes silently, and every earlier close entry still
 * verifies against the rule embedded in it. Decided under the log-head lock; refused while a vote
 * is open or tied (its close must apply the rules it was opened under), when the rules name no
 * preset, and when they already match it.
 */
export async function adoptCorrectedPreset(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  reason: string | null,
) {
  const found = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'rules.adopt_correction', found.id);
  return recordTransaction(ctx, found, async (tx) => {
    const current = bodyRules(await lockedBody(tx));
    const differs = presetDiffers(current);
    if (differs === null)
      throw conflict('no_preset', "the body's rules name no known preset; change them with PUT …/rules");
    if (!differs) throw conflict('rules_current', `the body's rules already match the preset "${current.preset}"`);
    const open = await voteInProgress(tx.trx, found.id);
    if (open) throw conflict('vote_in_progress', `vote ${open.id} is open; rules change only between votes`);
    const rules = copyPreset(current.preset!);
    await tx.trx
      .updateTable('bodies')
      .set({ rules: JSON.stringify(rules) })
      .where('id', '=', found.id)
      .execute();
    const entry = tx.record('body.rules_changed', { rules: rules as unknown as JsonValue, reason });
    return { rules, entryIndex: entry };
  });
}

export interface FillSeatInput {
  seatNumber: number;
  /** Omit for a holder the record does not name. */
  person?: { nameEn?: string | null; nameRu?: string | null; userId?: number | null } | null;
  startsOn?: string | null;
}

/** Records that a seat is held (by a named person or an unnamed holder). */
export async function fillSeat(ctx: ServiceContext, actor: Actor | null, slug: string, input: FillSeatInput) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'roster.manage', body.id);
  return recordTransaction(ctx, body, (tx) => fillSeatTx(tx, input));
}

export async function fillSeatTx(tx: RecordTx, input: FillSeatInput) {
  const { trx, body } = tx;
  if (input.startsOn != null && !isPartialDate(input.startsOn))
    throw invalid('invalid_date', 'startsOn must be YYYY, YYYY-MM or YYYY-MM-DD');
  const seat = await trx
    .selectFrom('seats')
    .select(['id', 'number'])
    .where('body_id', '=', body.id)
    .where('number', '=', input.seatNumber)
    .executeTakeFirst();
  if (!seat) throw notFound(`seat ${input.seatNumber}`, 'seat_not_found');
  const holder = await trx
    .selectFrom('memberships')
    .select('id')
    .where('body_id', '=', body.id)
    .where('seat_id', '=', seat.id)
    .where('ends_on', 'is', null)
    .executeTakeFirst();
  if (holder) throw conflict('seat_filled', `seat ${input.seatNumber} already has a holder; vacate it first`);
  const nameEn = input.person?.nameEn?.trim() || null;
  const nameRu = input.person?.nameRu?.trim() || null;
  let personId: number | null = null;
  if (nameEn || nameRu) {
    const person = await trx
      .insertInto('people')
      .values({
        body_id: body.id,
        name_en: nameEn,
        name_ru: nameRu,
        user_id: input.person?.userId ?? null,
        created_at: tx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    personId = person.id;
  }
  const m = await trx
    .insertInto('memberships')
    .values({
      body_id: body.id,
      seat_id: seat.id,
      person_id: personId,
      starts_on: input.startsOn ?? null,
      ends_on: null,
      created_at: tx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  tx.record('seat.filled', {
    membership: m.id,
    seat: input.seatNumber,
    person: personId === null ? null : { id: personId, nameEn, nameRu },
    holderNamed: personId !== null,
    startsOn: input.startsOn ?? null,
  });
  return { membershipId: m.id, personId, seatNumber: input.seatNumber };
}

export async function vacateSeat(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  input: { seatNumber: number; endsOn: string; reason?: MandateEndReason | null },
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'roster.manage', body.id);
  if (!isPartialDate(input.endsOn)) throw invalid('invalid_date', 'endsOn must be YYYY, YYYY-MM or YYYY-MM-DD');
  if (input.reason != null && !isMandateEndReason(input.reason))
    throw invalid('invalid_end_reason', `a mandate ends for one of: ${MANDATE_END_REASONS.join(', ')}`);
  return recordTransaction(ctx, body, async (tx) => {
    const m = await tx.trx
      .selectFrom('memberships')
      .innerJoin('seats', 'seats.id', 'memberships.seat_id')
      .select(['memberships.id'])
      .where('memberships.body_id', '=', body.id)
      .where('seats.number', '=', input.seatNumber)
      .where('memberships.ends_on', 'is', null)
      .executeTakeFirst();
    if (!m) throw conflict('seat_vacant', `seat ${input.seatNumber} has no holder`);
    await tx.trx
      .updateTable('memberships')
      .set({ ends_on: input.endsOn, end_reason: input.reason ?? null })
      .where('id', '=', m.id)
      .execute();
    // The reason enters the entry only when given, so an entry without one reads as before.
    tx.record('seat.vacated', {
      membership: m.id,
      seat: input.seatNumber,
      endsOn: input.endsOn,
      ...(input.reason ? { reason: input.reason } : {}),
    });
    await endFactionMembershipsWithMandate(tx, m.id, input.endsOn);
    return { membershipId: m.id };
  });
}

/** Filled seats: seats with a current holder, named or not. */
export async function filledSeats(db: Executor, bodyId: number): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select(sql<string>`count(*)`.as('n'))
    .where('body_id', '=', bodyId)
    .where('ends_on', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
