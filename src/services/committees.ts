// Committees (issue 15, item 5): a body inside the body. A committee is a body of its own — its own
// seats, rules, sittings and log — whose row names its parent, and whose seats are filled only from
// the parent's current members (fillSeatTx checks it). Establishing one is a single transaction under
// the parent's log-head lock: the committee's row, seats and log (entry 0 `body.created` naming the
// parent and the parent's entry that establishes it; then the creator's roles, each a
// `role.granted`), and `committee.established` in the parent's log. A refusal stores nothing.
import { z } from 'zod';
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { bodyRules, checkNewBody, findBody, insertBody } from './bodies.ts';
import { recordTransaction } from './record-transaction.ts';
import { authorize, rolesFor, type Actor } from './policy.ts';
import { conflict, invalid } from './service-error.ts';
import type { ServiceContext } from './service-context.ts';
import { BODY_LANGUAGES, BODY_NAMES, parseJsonColumn } from './json-columns.ts';
import { requiredText, text } from './input-schemas.ts';
import { PRESETS } from '../domain/rules/presets.ts';
import type { Role } from '../domain/record-vocabulary.ts';

/** What establishCommittee takes. */
export const establishCommitteeInput = z.object({
  slug: text(64),
  names: z.record(text(16), requiredText(500)),
  establishedSeats: z.number().int(),
  /** A rules preset's name; the parent's preset when omitted. */
  preset: text(64).nullish(),
});
export type EstablishCommitteeInput = z.infer<typeof establishCommitteeInput>;

/** The roles in the parent that its holder carries into a committee they establish. */
const CARRIED_ROLES: readonly Role[] = ['admin', 'clerk'];

export async function establishCommittee(
  ctx: ServiceContext,
  actor: Actor | null,
  parentSlug: string,
  input: EstablishCommitteeInput,
) {
  const parent = await findBody(ctx.dialect.db, parentSlug);
  authorize(actor, 'committee.establish', parent.id);
  if (parent.parent_id !== null)
    throw invalid(
      'nested_committee',
      'a committee cannot establish committees of its own (an assumption of this release)',
    );
  const names = Object.fromEntries(Object.entries(input.names).filter(([lang]) => lang === 'en' || lang === 'ru'));
  if (Object.keys(names).length === 0) throw invalid('invalid_names', 'a committee has a name in English or Russian');
  if (
    !Number.isSafeInteger(input.establishedSeats) ||
    input.establishedSeats < 1 ||
    input.establishedSeats > parent.established_seats
  )
    throw invalid(
      'invalid_seats',
      `a committee has from 1 to ${parent.established_seats} seats: its members come from the parent's ${parent.established_seats}`,
    );
  const preset = input.preset ?? bodyRules(parent).preset ?? null;
  if (preset === null || !PRESETS[preset])
    throw invalid('unknown_preset', `there is no rules preset "${preset ?? ''}"`);
  const checked = checkNewBody(ctx, {
    slug: input.slug,
    names,
    jurisdiction: parent.jurisdiction,
    establishedSeats: input.establishedSeats,
    rules: preset,
    languages: parseJsonColumn(BODY_LANGUAGES, parent.languages).filter((l) => l === 'en' || l === 'ru'),
    timeZone: parent.time_zone,
    allowBallotChange: parent.allow_ballot_change === 1,
  });
  const held = rolesFor(actor, parent.id);
  const carried = CARRIED_ROLES.filter((r) => held.has(r));
  let committee: { id: number; slug: string; origin: string; size: number } | undefined;
  try {
    const result = await recordTransaction(ctx, parent, async (tx) => {
      const established = tx.nextIndex;
      committee = await insertBody(ctx, tx.trx, checked, tx.now, {
        parentId: parent.id,
        created: { parent: { slug: parent.slug, origin: parent.origin, entry: established } },
        more: async (body) => {
          for (const role of carried)
            await tx.trx.insertInto('body_roles').values({ body_id: body.id, user_id: actor.userId, role }).execute();
          return carried.map((role) => ({ type: 'role.granted' as const, data: { role, account: actor.userId } }));
        },
      });
      tx.record('committee.established', {
        slug: checked.slug,
        origin: checked.origin,
        names: checked.names,
        establishedSeats: checked.establishedSeats,
        preset,
      });
      return {
        id: committee.id,
        slug: committee.slug,
        origin: committee.origin,
        entryIndex: established,
        roles: carried,
      };
    });
    ctx.onCommitted(result.id, committee!.size);
    return result;
  } catch (err) {
    if (ctx.dialect.isUniqueViolation(err))
      throw conflict('slug_taken', `a body with the slug "${input.slug}" already exists`);
    throw err;
  }
}

export interface BodyLink {
  slug: string;
  names: Record<string, string>;
}

/** A body's parent (when it is a committee) and its committees, for the links on every page. */
export async function committeeLinks(
  db: Executor,
  body: { id: number; parent_id: number | null },
): Promise<{ parent: BodyLink | null; committees: Array<BodyLink & { establishedSeats: number }> }> {
  const parent =
    body.parent_id === null
      ? null
      : await db.selectFrom('bodies').select(['slug', 'names']).where('id', '=', body.parent_id).executeTakeFirst();
  const committees = await db
    .selectFrom('bodies')
    .select(['slug', 'names', 'established_seats'])
    .where('parent_id', '=', body.id)
    .orderBy('slug')
    .execute();
  return {
    parent: parent ? { slug: parent.slug, names: parseJsonColumn(BODY_NAMES, parent.names) } : null,
    committees: committees.map((c) => ({
      slug: c.slug,
      names: parseJsonColumn(BODY_NAMES, c.names),
      establishedSeats: c.established_seats,
    })),
  };
}

export interface ParentMember {
  /** The parent's mandate (membership id): what a committee seat is filled with. */
  membershipId: number;
  seat: number;
  nameEn: string | null;
  nameRu: string | null;
}

/** The parent's current members who hold no seat of the committee yet: whom its seat form offers. */
export async function parentMembersFree(db: Executor, committee: { id: number; parent_id: number | null }) {
  if (committee.parent_id === null) return [];
  const seated = new Set(
    (
      await db
        .selectFrom('memberships')
        .select('parent_membership_id')
        .where('body_id', '=', committee.id)
        .where('ends_on', 'is', null)
        .execute()
    ).map((m) => m.parent_membership_id),
  );
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('seats', 'seats.id', 'memberships.seat_id')
    .leftJoin('people', 'people.id', 'memberships.person_id')
    .select([
      'memberships.id as membershipId',
      'seats.number as seat',
      'people.name_en as nameEn',
      'people.name_ru as nameRu',
    ])
    .where('memberships.body_id', '=', committee.parent_id)
    .where('memberships.ends_on', 'is', null)
    .orderBy('seats.number')
    .execute();
  return rows.filter((r) => !seated.has(r.membershipId)) satisfies ParentMember[];
}
