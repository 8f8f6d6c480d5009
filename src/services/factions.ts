// A body's factions (issue 15, item 5): депутатские объединения (фракции), 131-FZ art. 35.1. Each
// act is a recorded fact — `faction.established`, `faction.dissolved`, `faction.member_joined`,
// `faction.member_left` — decided by the rules of domain/roster/faction-dates.ts, which
// `quorate verify` replays; verify also compares the rows kept here with the entries.
import { z } from 'zod';
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { findBody } from './bodies.ts';
import { recordTransaction } from './record-transaction.ts';
import { authorize, type Actor } from './policy.ts';
import { conflict, invalid, notFound, ServiceError } from './service-error.ts';
import type { ServiceContext } from './service-context.ts';
import { rowId, text } from './input-schemas.ts';
import {
  coversDay,
  dissolutionProblem,
  foundingProblem,
  isDay,
  joinProblem,
  leaveProblem,
  mandateCovers,
  type FactionProblem,
} from '../domain/roster/faction-dates.ts';
import { NAMED_METHODS } from '../domain/votes/vote-methods.ts';

/** A faction's name in each language: at most this long. */
export const FACTION_NAME_MAX = 300;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse them
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const day = z.string().max(10);
const factionName = text(FACTION_NAME_MAX).nullish();

export const establishFactionInput = z.object({
  nameEn: factionName,
  nameRu: factionName,
  foundedOn: day,
});
export type EstablishFactionInput = z.infer<typeof establishFactionInput>;
export const dissolveFactionInput = z.object({ dissolvedOn: day });
export type DissolveFactionInput = z.infer<typeof dissolveFactionInput>;
export const joinFactionInput = z.object({ memberId: rowId, joinsOn: day, leavesOn: day.nullish() });
export type JoinFactionInput = z.infer<typeof joinFactionInput>;
export const leaveFactionInput = z.object({ memberId: rowId, leavesOn: day });
export type LeaveFactionInput = z.infer<typeof leaveFactionInput>;

export interface FactionMemberView {
  memberId: number;
  seat: number;
  name: { en: string | null; ru: string | null } | null;
  joinsOn: string;
  leavesOn: string | null;
}

export interface FactionView {
  id: number;
  name: { en: string | null; ru: string | null };
  foundedOn: string;
  dissolvedOn: string | null;
  entryIndex: number;
  members: FactionMemberView[];
}

/** The messages of the refusals, by code; the field each concerns is in http/pages/office-form-kit.ts. */
const MESSAGES: Record<FactionProblem, string> = {
  invalid_date: 'a day is written YYYY-MM-DD',
  dissolved_before_founded: 'a faction is dissolved on or after the day it was founded',
  already_dissolved: 'this faction is already dissolved',
  leaves_before_joining: 'a member leaves on or after the day they joined',
  outside_faction_life: "a membership lies within the faction's life (founded to dissolved)",
  outside_mandate: "a membership lies within the member's mandate",
  faction_overlap: 'a member is in one faction at a time; this membership overlaps another',
  not_in_faction: 'this member is not in the faction now',
};

function refuse(problem: FactionProblem, field: string): never {
  const kind =
    problem === 'invalid_date' || problem === 'leaves_before_joining' || problem === 'dissolved_before_founded';
  throw new ServiceError(kind ? 'invalid' : 'conflict', problem, MESSAGES[problem], { field });
}

function cleanName(value: string | null | undefined, field: string): string | null {
  const v = value?.trim() ?? '';
  if (v.length > FACTION_NAME_MAX || CONTROL.test(v))
    throw invalid('invalid_name', `a name is at most ${FACTION_NAME_MAX} characters, no control characters`, {
      field,
    });
  return v || null;
}

/** Every faction of the body with its members (all, past and present), founded order. */
export async function listFactions(db: Executor, bodyId: number): Promise<FactionView[]> {
  const rows = await db
    .selectFrom('factions')
    .selectAll()
    .where('body_id', '=', bodyId)
    .orderBy('founded_on')
    .orderBy('id')
    .execute();
  const stints = await db
    .selectFrom('faction_members')
    .innerJoin('memberships', 'memberships.id', 'faction_members.membership_id')
    .innerJoin('seats', 'seats.id', 'memberships.seat_id')
    .leftJoin('people', 'people.id', 'memberships.person_id')
    .select([
      'faction_members.faction_id',
      'faction_members.membership_id',
      'faction_members.joins_on',
      'faction_members.leaves_on',
      'seats.number',
      'people.name_en',
      'people.name_ru',
    ])
    .where('faction_members.body_id', '=', bodyId)
    .orderBy('seats.number')
    .orderBy('faction_members.joins_on')
    .execute();
  return rows.map((f) => ({
    id: f.id,
    name: { en: f.name_en, ru: f.name_ru },
    foundedOn: f.founded_on,
    dissolvedOn: f.dissolved_on,
    entryIndex: f.entry_index,
    members: stints
      .filter((s) => s.faction_id === f.id)
      .map((s) => ({
        memberId: s.membership_id,
        seat: s.number,
        name: s.name_en || s.name_ru ? { en: s.name_en, ru: s.name_ru } : null,
        joinsOn: s.joins_on,
        leavesOn: s.leaves_on,
      })),
  }));
}

/** One faction of the body (404 when the body has no such faction). */
export async function getFaction(db: Executor, bodyId: number, factionId: number): Promise<FactionView> {
  const found = (await listFactions(db, bodyId)).find((f) => f.id === factionId);
  if (!found) throw notFound(`faction ${factionId}`, 'faction_not_found');
  return found;
}

/** A member's factions, each stretch with its dates, earliest first. */
export async function memberFactions(db: Executor, bodyId: number, memberId: number) {
  const rows = await db
    .selectFrom('faction_members')
    .innerJoin('factions', 'factions.id', 'faction_members.faction_id')
    .select([
      'factions.id',
      'factions.name_en',
      'factions.name_ru',
      'faction_members.joins_on',
      'faction_members.leaves_on',
    ])
    .where('faction_members.body_id', '=', bodyId)
    .where('faction_members.membership_id', '=', memberId)
    .orderBy('faction_members.joins_on')
    .execute();
  return rows.map((r) => ({
    factionId: r.id,
    name: { en: r.name_en, ru: r.name_ru },
    joinsOn: r.joins_on,
    leavesOn: r.leaves_on,
  }));
}

async function loadFaction(db: Executor, bodyId: number, factionId: number) {
  const f = await db
    .selectFrom('factions')
    .select(['id', 'founded_on', 'dissolved_on'])
    .where('body_id', '=', bodyId)
    .where('id', '=', factionId)
    .executeTakeFirst();
  if (!f) throw notFound(`faction ${factionId}`, 'faction_not_found');
  return { id: f.id, life: { foundedOn: f.founded_on, dissolvedOn: f.dissolved_on } };
}

async function loadMandate(db: Executor, bodyId: number, memberId: number) {
  const m = await db
    .selectFrom('memberships')
    .select(['id', 'starts_on', 'ends_on'])
    .where('body_id', '=', bodyId)
    .where('id', '=', memberId)
    .executeTakeFirst();
  if (!m) throw conflict('unknown_member', `member ${memberId} never held a seat in this body`);
  return { startsOn: m.starts_on, endsOn: m.ends_on };
}

/**
 * Records a new faction. Refused unless the actor manages factions, it has a name in at least one
 * language and it was founded on a calendar day.
 * @example await establishFaction(ctx, clerk, 'smolninskoye', { nameRu: 'Фракция «Яблоко»', foundedOn: '2022-10-01' })
 */
export async function establishFaction(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  input: EstablishFactionInput,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'faction.manage', body.id);
  const nameEn = cleanName(input.nameEn, 'nameEn');
  const nameRu = cleanName(input.nameRu, 'nameRu');
  if (!nameEn && !nameRu)
    throw invalid('faction_unnamed', 'a faction has a name in at least one language', { field: 'nameRu' });
  const problem = foundingProblem({ foundedOn: input.foundedOn, dissolvedOn: null });
  if (problem) refuse(problem, 'foundedOn');
  return recordTransaction(ctx, body, async (tx) => {
    const entryIndex = tx.nextIndex;
    const row = await tx.trx
      .insertInto('factions')
      .values({
        body_id: body.id,
        name_en: nameEn,
        name_ru: nameRu,
        founded_on: input.foundedOn,
        dissolved_on: null,
        entry_index: entryIndex,
        created_at: tx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const names: { en?: string; ru?: string } = {};
    if (nameEn) names.en = nameEn;
    if (nameRu) names.ru = nameRu;
    const recorded = tx.record('faction.established', { faction: row.id, names, foundedOn: input.foundedOn });
    if (recorded !== entryIndex) throw new Error('faction entry recorded out of place');
    return { id: row.id, entryIndex };
  });
}

/**
 * Records that a faction was dissolved on a day; the members still in it leave on that day (the
 * entry names them).
 */
export async function dissolveFaction(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  factionId: number,
  input: DissolveFactionInput,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'faction.manage', body.id);
  if (!isDay(input.dissolvedOn)) refuse('invalid_date', 'dissolvedOn');
  return recordTransaction(ctx, body, async (tx) => {
    const faction = await loadFaction(tx.trx, body.id, factionId);
    const stints = await tx.trx
      .selectFrom('faction_members')
      .innerJoin('memberships', 'memberships.id', 'faction_members.membership_id')
      .select([
        'faction_members.id',
        'faction_members.membership_id',
        'faction_members.joins_on',
        'faction_members.leaves_on',
        'memberships.starts_on',
        'memberships.ends_on',
      ])
      .where('faction_members.body_id', '=', body.id)
      .where('faction_members.faction_id', '=', faction.id)
      .execute();
    const problem = dissolutionProblem(
      faction.life,
      input.dissolvedOn,
      stints.map((s) => ({
        faction: faction.id,
        joinsOn: s.joins_on,
        leavesOn: s.leaves_on,
        mandate: { startsOn: s.starts_on, endsOn: s.ends_on },
      })),
    );
    if (problem) refuse(problem, 'dissolvedOn');
    const open = stints.filter((s) => s.leaves_on === null);
    await tx.trx
      .updateTable('factions')
      .set({ dissolved_on: input.dissolvedOn })
      .where('id', '=', faction.id)
      .execute();
    if (open.length)
      await tx.trx
        .updateTable('faction_members')
        .set({ leaves_on: input.dissolvedOn })
        .where(
          'id',
          'in',
          open.map((s) => s.id),
        )
        .execute();
    const entryIndex = tx.record('faction.dissolved', {
      faction: faction.id,
      dissolvedOn: input.dissolvedOn,
      membersLeft: open.map((s) => s.membership_id).sort((a, b) => a - b),
    });
    return { entryIndex };
  });
}

/**
 * Records that a member joined a faction on a day (and, for a past membership, left on a day).
 * Refused when the days are not calendar days, fall outside the faction's life or the member's
 * mandate, or overlap the member's membership of any faction.
 */
export async function joinFaction(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  factionId: number,
  input: JoinFactionInput,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'faction.manage', body.id);
  const leavesOn = input.leavesOn || null;
  if (!isDay(input.joinsOn)) refuse('invalid_date', 'joinsOn');
  if (leavesOn !== null && !isDay(leavesOn)) refuse('invalid_date', 'leavesOn');
  return recordTransaction(ctx, body, async (tx) => {
    const faction = await loadFaction(tx.trx, body.id, factionId);
    const mandate = await loadMandate(tx.trx, body.id, input.memberId);
    const others = await tx.trx
      .selectFrom('faction_members')
      .select(['faction_id', 'joins_on', 'leaves_on'])
      .where('body_id', '=', body.id)
      .where('membership_id', '=', input.memberId)
      .execute();
    const stint = { faction: faction.id, joinsOn: input.joinsOn, leavesOn };
    const problem = joinProblem(
      faction.life,
      mandate,
      others.map((o) => ({ faction: o.faction_id, joinsOn: o.joins_on, leavesOn: o.leaves_on })),
      stint,
    );
    if (problem) {
      // The day at fault: the joining day unless the joining day alone would hold.
      const { foundedOn, dissolvedOn } = faction.life;
      const joinHolds =
        problem === 'leaves_before_joining' ||
        (problem === 'outside_faction_life' &&
          input.joinsOn >= foundedOn &&
          (dissolvedOn === null || input.joinsOn <= dissolvedOn)) ||
        (problem === 'outside_mandate' && mandateCovers({ startsOn: mandate.startsOn, endsOn: null }, input.joinsOn));
      refuse(problem, joinHolds ? 'leavesOn' : 'joinsOn');
    }
    await tx.trx
      .insertInto('faction_members')
      .values({
        body_id: body.id,
        faction_id: faction.id,
        membership_id: input.memberId,
        joins_on: input.joinsOn,
        leaves_on: leavesOn,
        created_at: tx.now,
      })
      .execute();
    const entryIndex = tx.record('faction.member_joined', {
      faction: faction.id,
      member: input.memberId,
      joinsOn: input.joinsOn,
      leavesOn,
    });
    return { entryIndex };
  });
}

/** Records that a member still in a faction left it on a day. */
export async function leaveFaction(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  factionId: number,
  input: LeaveFactionInput,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'faction.manage', body.id);
  if (!isDay(input.leavesOn)) refuse('invalid_date', 'leavesOn');
  return recordTransaction(ctx, body, async (tx) => {
    const faction = await loadFaction(tx.trx, body.id, factionId);
    const mandate = await loadMandate(tx.trx, body.id, input.memberId);
    const open = await tx.trx
      .selectFrom('faction_members')
      .select(['id', 'joins_on', 'leaves_on'])
      .where('body_id', '=', body.id)
      .where('faction_id', '=', faction.id)
      .where('membership_id', '=', input.memberId)
      .where('leaves_on', 'is', null)
      .executeTakeFirst();
    const problem = leaveProblem(
      faction.life,
      mandate,
      open ? { faction: faction.id, joinsOn: open.joins_on, leavesOn: null } : null,
      input.leavesOn,
    );
    if (problem) refuse(problem, problem === 'not_in_faction' ? 'memberId' : 'leavesOn');
    await tx.trx.updateTable('faction_members').set({ leaves_on: input.leavesOn }).where('id', '=', open!.id).execute();
    const entryIndex = tx.record('faction.member_left', {
      faction: faction.id,
      member: input.memberId,
      leavesOn: input.leavesOn,
    });
    return { entryIndex };
  });
}

export interface FactionVoteRow {
  /** null: the members in no faction on the day of the vote. */
  faction: { id: number; name: { en: string | null; ru: string | null } } | null;
  yes: number;
  no: number;
  abstain: number;
  /** Present when the vote opened, no ballot (recused members included). */
  notVoting: number;
  /** Held a seat on the day of the vote, not present when it opened. */
  absent: number;
}

/**
 * How each faction voted on a closed named vote (roll call, electronic): for each faction, its
 * members on the day of the sitting by their ballots, present members with none, and absent
 * members; members in no faction form their own row. null for a vote that is secret, counted by
 * totals or not closed, for a sitting whose day the record does not know, or for a body without
 * factions on that day: a secret ballot's choices are never attributed, not even to a group.
 */
export async function voteFactionTable(db: Executor, bodyId: number, voteId: number): Promise<FactionVoteRow[] | null> {
  const vote = await db
    .selectFrom('votes')
    .innerJoin('sittings', 'sittings.id', 'votes.sitting_id')
    .select(['votes.id', 'votes.method', 'votes.status', 'sittings.date'])
    .where('votes.body_id', '=', bodyId)
    .where('votes.id', '=', voteId)
    .executeTakeFirst();
  if (vote?.status !== 'closed' || !NAMED_METHODS.includes(vote.method) || !isDay(vote.date)) return null;
  const on = vote.date;
  const factions = (await listFactions(db, bodyId)).filter((f) =>
    coversDay({ joinsOn: f.foundedOn, leavesOn: f.dissolvedOn }, on),
  );
  if (factions.length === 0) return null;
  const factionOf = new Map<number, number>();
  for (const f of factions) for (const m of f.members) if (coversDay(m, on)) factionOf.set(m.memberId, f.id);
  const ballots = await db
    .selectFrom('ballots')
    .select(['membership_id', 'choice'])
    .where('body_id', '=', bodyId)
    .where('vote_id', '=', vote.id)
    .execute();
  const present = await db
    .selectFrom('vote_presence')
    .select('membership_id')
    .where('body_id', '=', bodyId)
    .where('vote_id', '=', vote.id)
    .execute();
  const mandates = await db
    .selectFrom('memberships')
    .select(['id', 'starts_on', 'ends_on'])
    .where('body_id', '=', bodyId)
    .execute();
  const choice = new Map(ballots.map((b) => [b.membership_id, b.choice]));
  const isPresent = new Set(present.map((p) => p.membership_id));
  const members = new Set<number>([...choice.keys(), ...isPresent]);
  for (const m of mandates) if (mandateCovers({ startsOn: m.starts_on, endsOn: m.ends_on }, on)) members.add(m.id);
  const rows = new Map<number | null, FactionVoteRow>();
  for (const f of factions)
    rows.set(f.id, { faction: { id: f.id, name: f.name }, yes: 0, no: 0, abstain: 0, notVoting: 0, absent: 0 });
  rows.set(null, { faction: null, yes: 0, no: 0, abstain: 0, notVoting: 0, absent: 0 });
  for (const id of members) {
    const row = rows.get(factionOf.get(id) ?? null)!;
    const c = choice.get(id);
    if (c) row[c] += 1;
    else if (isPresent.has(id)) row.notVoting += 1;
    else row.absent += 1;
  }
  const none = rows.get(null)!;
  const out = [...rows.values()].filter((r) => r.faction !== null);
  if (none.yes + none.no + none.abstain + none.notVoting + none.absent > 0) out.push(none);
  return out;
}

/** Every member (mandate) the body has had, for the office's forms: seat order, earliest first. */
export async function factionCandidates(db: Executor, bodyId: number) {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('seats', 'seats.id', 'memberships.seat_id')
    .leftJoin('people', 'people.id', 'memberships.person_id')
    .select([
      'memberships.id',
      'memberships.starts_on',
      'memberships.ends_on',
      'seats.number',
      'people.name_en',
      'people.name_ru',
    ])
    .where('memberships.body_id', '=', bodyId)
    .orderBy('seats.number')
    .orderBy('memberships.id')
    .execute();
  return rows.map((r) => ({
    memberId: r.id,
    seat: r.number,
    name: r.name_en || r.name_ru ? { en: r.name_en, ru: r.name_ru } : null,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
  }));
}
export type FactionCandidate = Awaited<ReturnType<typeof factionCandidates>>[number];
