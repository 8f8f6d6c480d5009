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
import type { EntryType, JsonValue } from '../domain/entries/record-entry.ts';
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
  'readyz',
  'metrics',
  'sign-in',
  'sign-out',
  'reset',
  'static',
  'assets',
  'setup',
  'office',
  'oparl',
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

/** A new body's fields, checked and completed with their defaults. */
export interface NewBody {
  slug: string;
  names: Record<string, string>;
  jurisdiction: string | null;
  establishedSeats: number;
  rules: RuleSet;
  languages: Array<'en' | 'ru'>;
  timeZone: string;
  origin: string;
  allowBallotChange: boolean;
}

/** Checks a new body's fields (slug, seats, time zone, rules, origin) and fills in the defaults. */
export function checkNewBody(ctx: Pick<ServiceContext, 'publicOrigin'>, input: CreateBodyInput): NewBody {
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
  return {
    slug: input.slug,
    names: input.names,
    jurisdiction: input.jurisdiction ?? null,
    establishedSeats: input.establishedSeats,
    rules,
    languages,
    timeZone,
    origin,
    allowBallotChange: Boolean(input.allowBallotChange),
  };
}

/**
 * Inserts a checked body, its seats and its log head, and sequences entry 0 (`body.created`, with
 * `created` added to its data) and then `more` entries, inside the caller's transaction. Returns
 * the log size it leaves. A committee passes its parent (`parentId`, and `created.parent`).
 */
export async function insertBody(
  ctx: ServiceContext,
  trx: RecordTx['trx'],
  b: NewBody,
  now: string,
  options: {
    parentId?: number | null;
    created?: { [key: string]: JsonValue };
    more?: (body: BodyRef) => Promise<Array<{ type: EntryType; data: { [key: string]: JsonValue } }>>;
  } = {},
): Promise<{ id: number; slug: string; origin: string; size: number }> {
  const existing = await trx.selectFrom('bodies').select('id').where('slug', '=', b.slug).executeTakeFirst();
  if (existing) throw conflict('slug_taken', `a body with the slug "${b.slug}" already exists`);
  const row = await trx
    .insertInto('bodies')
    .values({
      slug: b.slug,
      names: JSON.stringify(b.names),
      jurisdiction: b.jurisdiction,
      established_seats: b.establishedSeats,
      rules: JSON.stringify(b.rules),
      languages: JSON.stringify(b.languages),
      time_zone: b.timeZone,
      origin: b.origin,
      allow_ballot_change: b.allowBallotChange ? 1 : 0,
      next_decision_number: 1,
      created_at: now,
      parent_id: options.parentId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await createLogHead(trx, row.id);
  const seats = Array.from({ length: b.establishedSeats }, (_, i) => ({
    body_id: row.id,
    number: i + 1,
    label: null,
  }));
  await insertInChunks(ctx.dialect, seats, (chunk) => trx.insertInto('seats').values(chunk).execute());
  const body: BodyRef = { id: row.id, slug: b.slug };
  const entries = [
    {
      type: 'body.created' as EntryType,
      data: {
        origin: b.origin,
        names: b.names,
        jurisdiction: b.jurisdiction,
        establishedSeats: b.establishedSeats,
        rules: b.rules as unknown as JsonValue,
        languages: b.languages,
        timeZone: b.timeZone,
        allowBallotChange: b.allowBallotChange,
        ...options.created,
      },
    },
    ...((await options.more?.(body)) ?? []),
  ];
  const size = await appendEntries(
    ctx.dialect,
    trx,
    row.id,
    0,
    entries.map((e) => ({ type: e.type, bytes: entryBytes(body, e.type, now, e.data), recordedAt: now })),
  );
  return { id: row.id, slug: b.slug, origin: b.origin, size };
}

export async function createBody(ctx: ServiceContext, actor: Actor | null, input: CreateBodyInput) {
  authorizeSiteAdmin(actor);
  const checked = checkNewBody(ctx, input);
  const now = ctx.now().toISOString();
  try {
    return await ctx.dialect.db
      .transaction()
      .execute(async (trx) => {
        const { size: _size, ...created } = await insertBody(ctx, trx, checked, now);
        return created;
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
  /**
   * In a committee: the parent body's current mandate (its membership id) whose holder takes the
   * seat. Required there, refused elsewhere; the holder's names come from the parent's record.
   */
  parentMember?: number | null;
}

/** Records that a seat is held (by a named person or an unnamed holder). */
export async function fillSeat(ctx: ServiceContext, actor: Actor | null, slug: string, input: FillSeatInput) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'roster.manage', body.id);
  // A committee's seat is decided with its parent's roster locked first (parent, then committee).
  return recordTransaction(ctx, body, (tx) => fillSeatTx(tx, input), { lockFirst: body.parent_id });
}

export async function fillSeatTx(tx: RecordTx, input: FillSeatInput) {
  const { trx, body } = tx;
  if (input.startsOn != null && !isPartialDate(input.startsOn))
    throw invalid('invalid_date', 'startsOn must be YYYY, YYYY-MM or YYYY-MM-DD');
  const { parent_id: parentId } = await trx
    .selectFrom('bodies')
    .select('parent_id')
    .where('id', '=', body.id)
    .executeTakeFirstOrThrow();
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
  let nameEn = input.person?.nameEn?.trim() || null;
  let nameRu = input.person?.nameRu?.trim() || null;
  let userId = input.person?.userId ?? null;
  let parentMember: { membership: number; person: number | null } | null = null;
  if (parentId !== null) {
    const parent = await committeeSeatHolder(tx, parentId, input);
    ({ nameEn, nameRu } = parent);
    userId = null;
    parentMember = { membership: parent.membership, person: parent.person };
  } else if (input.parentMember != null) {
    throw invalid('not_a_committee', `${body.slug} is no committee: its seats are not filled from another body`);
  }
  let personId: number | null = null;
  if (nameEn || nameRu) {
    const person = await trx
      .insertInto('people')
      .values({
        body_id: body.id,
        name_en: nameEn,
        name_ru: nameRu,
        user_id: userId,
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
      parent_membership_id: parentMember?.membership ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // A committee seat's entry names the parent mandate it is filled from; other entries read as before.
  tx.record('seat.filled', {
    membership: m.id,
    seat: input.seatNumber,
    person: personId === null ? null : { id: personId, nameEn, nameRu },
    holderNamed: personId !== null,
    startsOn: input.startsOn ?? null,
    ...(parentMember ? { parentMember } : {}),
  });
  return { membershipId: m.id, personId, seatNumber: input.seatNumber };
}

/**
 * A committee seat goes to a current member of the parent body (by the parent's mandate), who holds
 * no other seat of the committee. Names typed on the form are not taken: the parent's record names
 * the holder. The parent's log head is locked before the committee's (fillSeat), so a mandate ended
 * at the same moment cannot slip in.
 */
async function committeeSeatHolder(tx: RecordTx, parentId: number, input: FillSeatInput) {
  if (input.parentMember == null || !Number.isSafeInteger(input.parentMember))
    throw invalid(
      'parent_member_required',
      "a committee's seat is filled by naming a current member of its parent body",
    );
  if (input.person?.nameEn || input.person?.nameRu || input.person?.userId)
    throw invalid(
      'parent_member_named',
      "a committee seat's holder is named by the parent body's record, not on the form",
    );
  if (tx.lockedFirst !== parentId) throw new Error("a committee's seat is filled with its parent's log locked first");
  const parent = await tx.trx
    .selectFrom('memberships')
    .leftJoin('people', 'people.id', 'memberships.person_id')
    .select(['memberships.id', 'memberships.person_id', 'people.name_en', 'people.name_ru'])
    .where('memberships.body_id', '=', parentId)
    .where('memberships.id', '=', input.parentMember)
    .where('memberships.ends_on', 'is', null)
    .executeTakeFirst();
  if (!parent)
    throw conflict(
      'not_parent_member',
      `mandate ${input.parentMember} is no current mandate of this committee's parent body; a committee is filled from its members`,
    );
  const seated = await tx.trx
    .selectFrom('memberships')
    .select('id')
    .where('body_id', '=', tx.body.id)
    .where('parent_membership_id', '=', parent.id)
    .where('ends_on', 'is', null)
    .executeTakeFirst();
  if (seated)
    throw conflict(
      'already_committee_member',
      `the holder of mandate ${parent.id} already holds a seat of this committee`,
    );
  return {
    membership: parent.id,
    person: parent.person_id,
    nameEn: parent.name_en ?? null,
    nameRu: parent.name_ru ?? null,
  };
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
    await endCommitteeSeats(tx, m.id, input.endsOn);
    return { membershipId: m.id };
  });
}

/**
 * A committee is filled from its parent's members: when a parent mandate ends, so does every
 * committee seat held from it, on the same day, each a `seat.vacated` in the committee's log naming
 * the parent mandate (`parentMandateEnded`), in the same transaction (parent, then committee).
 */
async function endCommitteeSeats(tx: RecordTx, parentMembership: number, endsOn: string) {
  const held = await tx.trx
    .selectFrom('memberships')
    .innerJoin('seats', 'seats.id', 'memberships.seat_id')
    .innerJoin('bodies', 'bodies.id', 'memberships.body_id')
    .select(['memberships.id', 'memberships.body_id', 'bodies.slug', 'seats.number'])
    .where('bodies.parent_id', '=', tx.body.id)
    .where('memberships.parent_membership_id', '=', parentMembership)
    .where('memberships.ends_on', 'is', null)
    .orderBy('memberships.body_id')
    .execute();
  for (const c of held) {
    await tx.trx.updateTable('memberships').set({ ends_on: endsOn, end_reason: null }).where('id', '=', c.id).execute();
    await tx.recordInCommittee({ id: c.body_id, slug: c.slug }, 'seat.vacated', {
      membership: c.id,
      seat: c.number,
      endsOn,
      parentMandateEnded: parentMembership,
    });
  }
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
