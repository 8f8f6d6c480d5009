// Elections in the record (issue 18): an election of a sitting is created with its rule, nominations
// are opened, made, consented to, withdrawn and closed, rounds of voting are opened (the members
// present may vote; the server's half of the lot seed is committed), papers come in — cast on the
// members' devices (secret), recorded by name (open roll call) or entered by tellers (paper, one by
// one or a BLT/CSV file) — and the round is closed and counted by the counting engine
// (domain/elections). A tie that goes to lot waits for the tellers' physical draw. Every step is a
// record entry, replayed by `quorate verify`; every refusal stores nothing.
import { z } from 'zod';
import { findBody, lockedBody } from './bodies.ts';
import { recordTransaction, toServiceError, type RecordTx } from './record-transaction.ts';
import { lockSitting, ownMembership } from './sittings.ts';
import { authorize, can, type Actor } from './policy.ts';
import { conflict, invalid, notFound, ServiceError } from './service-error.ts';
import { sha256, type ServiceContext } from './service-context.ts';
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { rowId, text } from './input-schemas.ts';
import { voteInProgress } from './vote-in-progress.ts';
import {
  CANDIDATE_NUMBERS,
  ELECTION_RULE,
  parseJsonColumn,
  ROUND_PRESENT_MEMBERS,
  ROUND_RESULT,
  ROUND_TALLY,
} from './json-columns.ts';
import {
  countRound,
  ELECTION_BALLOT_KINDS,
  lotSeed,
  mergePapers,
  normalisePhysicalDraw,
  paperParts,
  paperProblem,
  papersToBlt,
  papersToCsv,
  RANKED_METHODS,
  ROUND_METHODS,
  seedCommitment,
  validateElectionRule,
  type ElectionRule,
  type Paper,
  type RoundResult,
} from '../domain/elections/election-record.ts';
import { parseBlt } from '../domain/elections/blt.ts';
import { DomainError } from '../domain/errors.ts';
import type { JsonValue } from '../domain/entries/record-entry.ts';

type Json = { [key: string]: JsonValue };

/** What createElection takes (also the body of POST /bodies/{slug}/elections). */
export const createElectionInput = z.object({
  sittingId: rowId,
  agendaItemId: rowId.nullish(),
  office: z.object({ en: text(300).nullish(), ru: text(300).nullish() }),
  rule: z.record(z.string(), z.unknown()),
  ballotKind: z.enum(ELECTION_BALLOT_KINDS),
  /** Electing the chair grants the chair's role by the recorded act. */
  grantsRole: z.enum(['chair']).nullish(),
});
export type CreateElectionInput = z.infer<typeof createElectionInput>;

export async function findElection(db: Executor, bodyId: number, id: number) {
  const e = await db
    .selectFrom('elections')
    .selectAll()
    .where('body_id', '=', bodyId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!e) throw notFound(`election ${id}`, 'election_not_found');
  return e;
}

const domain = <T>(f: () => T): T => {
  try {
    return f();
  } catch (err) {
    throw toServiceError(err);
  }
};

export async function createElection(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  input: CreateElectionInput,
) {
  const found = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'election.manage', found.id);
  const rule = domain(() => validateElectionRule(input.rule));
  const officeEn = input.office.en?.trim() || null;
  const officeRu = input.office.ru?.trim() || null;
  if (!officeEn && !officeRu) throw invalid('office_required', 'name the office or seats to fill');
  return recordTransaction(ctx, found, async (tx) => {
    const sitting = await lockSitting(tx, input.sittingId);
    if (sitting.status === 'closed' || sitting.status === 'cancelled')
      throw conflict('sitting_not_open', `the sitting is ${sitting.status}`);
    if (input.agendaItemId != null) {
      const item = await tx.trx
        .selectFrom('agenda_items')
        .select('sitting_id')
        .where('body_id', '=', found.id)
        .where('id', '=', input.agendaItemId)
        .executeTakeFirst();
      if (!item || item.sitting_id !== sitting.id)
        throw notFound(`agenda item ${input.agendaItemId} of this sitting`, 'agenda_item_not_found');
    }
    const entry = tx.nextIndex;
    const row = await tx.trx
      .insertInto('elections')
      .values({
        body_id: found.id,
        sitting_id: sitting.id,
        agenda_item_id: input.agendaItemId ?? null,
        office_en: officeEn,
        office_ru: officeRu,
        rule: JSON.stringify(rule),
        ballot_kind: input.ballotKind,
        grants_role: input.grantsRole ?? null,
        status: 'created',
        created_entry: entry,
        declared_entry: null,
        elected: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    tx.record('election.created', {
      election: row.id,
      sitting: sitting.id,
      agendaItem: input.agendaItemId ?? null,
      office: { en: officeEn, ru: officeRu },
      rule: rule as unknown as Json,
      ballotKind: input.ballotKind,
      grantsRole: input.grantsRole ?? null,
    });
    return { id: row.id, entryIndex: entry };
  });
}

/** Loads the election under the lock and checks its status. */
async function lockedElection(tx: RecordTx, id: number, statuses: readonly string[], code = 'election_wrong_status') {
  const e = await findElection(tx.trx, tx.body.id, id);
  if (!statuses.includes(e.status)) throw conflict(code, `the election is ${e.status.replace('_', ' ')}`);
  return { ...e, parsedRule: parseJsonColumn(ELECTION_RULE, e.rule) };
}

async function setStatus(
  tx: RecordTx,
  id: number,
  status: 'nominating' | 'ready' | 'voting' | 'awaiting_lot' | 'declared',
) {
  await tx.trx.updateTable('elections').set({ status }).where('id', '=', id).execute();
}

export async function openNominations(ctx: ServiceContext, actor: Actor | null, slug: string, id: number) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'election.manage', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    await lockedElection(tx, id, ['created'], 'nominations_not_closed');
    await setStatus(tx, id, 'nominating');
    return { entryIndex: tx.record('nomination.opened', { election: id }) };
  });
}

/** A nomination: a member (by seat) or a person not in the body (by name); by whom it is made. */
export const nominateInput = z.object({
  memberId: rowId.nullish(),
  name: text(200).nullish(),
  /** The member who nominates; a member's own request always names their own seat. */
  nominatedBy: rowId.nullish(),
});
export type NominateInput = z.infer<typeof nominateInput>;

async function memberName(db: Executor, bodyId: number, memberId: number) {
  const m = await db
    .selectFrom('memberships')
    .leftJoin('people', 'people.id', 'memberships.person_id')
    .select(['memberships.id', 'memberships.ends_on', 'people.name_en', 'people.name_ru', 'people.user_id'])
    .where('memberships.body_id', '=', bodyId)
    .where('memberships.id', '=', memberId)
    .executeTakeFirst();
  if (!m || m.ends_on !== null) throw notFound(`member ${memberId}`, 'member_not_found');
  return { name: m.name_en ?? m.name_ru ?? `member ${memberId}`, userId: m.user_id };
}

/**
 * Nominates a candidate. A member nominates (or self-nominates) from their own seat; the clerk
 * records a nomination made in the room, naming who made it. A self-nomination is its own consent.
 */
export async function nominate(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  id: number,
  input: NominateInput,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'nomination.make', body.id);
  const clerk = can(actor, 'election.manage', body.id) || actor.roles.get(body.id)?.has('clerk') === true;
  const candidateName = input.name?.trim() || null;
  if ((input.memberId == null) === (candidateName === null))
    throw invalid('candidate_required', 'nominate a member (memberId) or a person by name, one of the two');
  return recordTransaction(ctx, body, async (tx) => {
    const e = await lockedElection(tx, id, ['nominating'], 'nominations_not_open');
    const own = await ownMembership(tx.trx, body.id, actor.userId);
    let nominatedBy: number | null;
    if (clerk) nominatedBy = input.nominatedBy ?? null;
    else {
      if (!own) throw new ServiceError('forbidden', 'forbidden', 'only a member holding a seat nominates');
      if (input.nominatedBy != null && input.nominatedBy !== own.id)
        throw new ServiceError('forbidden', 'forbidden', 'a member nominates in their own name');
      nominatedBy = own.id;
    }
    if (nominatedBy !== null) await memberName(tx.trx, body.id, nominatedBy);
    let name = candidateName ?? '';
    if (input.memberId != null) name = (await memberName(tx.trx, body.id, input.memberId)).name;
    const candidates = await tx.trx
      .selectFrom('election_candidates')
      .select(['number', 'membership_id', 'name', 'withdrawn'])
      .where('election_id', '=', e.id)
      .orderBy('number')
      .execute();
    if (input.memberId != null && candidates.some((c) => c.membership_id === input.memberId && !c.withdrawn))
      throw conflict('already_nominated', `member ${input.memberId} is already a candidate`);
    if (input.memberId == null && candidates.some((c) => c.membership_id === null && c.name === name && !c.withdrawn))
      throw conflict('already_nominated', `${name} is already a candidate`);
    if (candidates.length >= 100) throw conflict('too_many_candidates', 'an election takes at most 100 candidates');
    const number = candidates.length + 1;
    const self = input.memberId != null && nominatedBy === input.memberId;
    const entryIndex = tx.record('nomination.made', {
      election: e.id,
      candidate: number,
      name,
      member: input.memberId ?? null,
      nominatedBy,
      self,
    });
    await tx.trx
      .insertInto('election_candidates')
      .values({
        election_id: e.id,
        number,
        body_id: body.id,
        name,
        membership_id: input.memberId ?? null,
        nominated_by: nominatedBy,
        consented: self ? 1 : 0,
        withdrawn: 0,
        entry_index: entryIndex,
      })
      .execute();
    return { candidate: number, entryIndex };
  });
}

async function lockedCandidate(tx: RecordTx, electionId: number, number: number) {
  const c = await tx.trx
    .selectFrom('election_candidates')
    .selectAll()
    .where('body_id', '=', tx.body.id)
    .where('election_id', '=', electionId)
    .where('number', '=', number)
    .executeTakeFirst();
  if (!c) throw notFound(`candidate ${number}`, 'candidate_not_found');
  return c;
}

/** The candidate themselves (from their seat), or the clerk recording what the candidate said. */
async function candidateOrClerk(tx: RecordTx, actor: Actor, candidate: { membership_id: number | null }) {
  if (can(actor, 'election.manage', tx.body.id)) return;
  const own = await ownMembership(tx.trx, tx.body.id, actor.userId);
  if (!own || own.id !== candidate.membership_id)
    throw new ServiceError('forbidden', 'forbidden', 'only the candidate, or the clerk for them, may do this');
}

export async function consentToNomination(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  id: number,
  number: number,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'nomination.make', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    await lockedElection(tx, id, ['nominating'], 'nominations_not_open');
    const c = await lockedCandidate(tx, id, number);
    await candidateOrClerk(tx, actor, c);
    if (c.withdrawn) throw conflict('candidate_withdrawn', `candidate ${number} has withdrawn`);
    if (c.consented) throw conflict('already_consented', `candidate ${number} has consented already`);
    await tx.trx
      .updateTable('election_candidates')
      .set({ consented: 1 })
      .where('election_id', '=', id)
      .where('number', '=', number)
      .execute();
    return { entryIndex: tx.record('nomination.consented', { election: id, candidate: number }) };
  });
}

/** A candidate withdraws (before the first round, or between rounds; never while one is open). */
export async function withdrawNomination(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  id: number,
  number: number,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'nomination.make', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    const e = await lockedElection(tx, id, ['nominating', 'ready'], 'withdrawal_not_possible');
    const c = await lockedCandidate(tx, id, number);
    await candidateOrClerk(tx, actor, c);
    if (c.withdrawn) throw conflict('candidate_withdrawn', `candidate ${number} has withdrawn already`);
    if (e.status === 'ready') {
      const standing = await nextStanding(tx.trx, e.id, e.parsedRule);
      if (standing !== null && !standing.includes(number))
        throw conflict('candidate_not_standing', `candidate ${number} does not stand in the next round`);
    }
    await tx.trx
      .updateTable('election_candidates')
      .set({ withdrawn: 1 })
      .where('election_id', '=', id)
      .where('number', '=', number)
      .execute();
    return { entryIndex: tx.record('nomination.withdrawn', { election: id, candidate: number }) };
  });
}

export async function closeNominations(ctx: ServiceContext, actor: Actor | null, slug: string, id: number) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'election.manage', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    const e = await lockedElection(tx, id, ['nominating'], 'nominations_not_open');
    const rows = await tx.trx
      .selectFrom('election_candidates')
      .select(['number', 'consented', 'withdrawn'])
      .where('election_id', '=', id)
      .orderBy('number')
      .execute();
    const standing = rows
      .filter((c) => !c.withdrawn && (c.consented || !e.parsedRule.consentRequired))
      .map((c) => c.number);
    if (standing.length === 0) throw conflict('no_candidates', 'no candidate stands (consent is required)');
    await setStatus(tx, id, 'ready');
    return { standing, entryIndex: tx.record('nomination.closed', { election: id, candidates: standing }) };
  });
}

/** Candidates standing in the next round: after nominations, or as the last counted round left them. */
async function nextStanding(db: Executor, electionId: number, rule: ElectionRule): Promise<number[] | null> {
  const last = await db
    .selectFrom('election_rounds')
    .select(['result'])
    .where('election_id', '=', electionId)
    .orderBy('number', 'desc')
    .executeTakeFirst();
  const rows = await db
    .selectFrom('election_candidates')
    .select(['number', 'consented', 'withdrawn'])
    .where('election_id', '=', electionId)
    .orderBy('number')
    .execute();
  const stillIn = (n: number) => rows.some((r) => r.number === n && !r.withdrawn);
  if (!last) return rows.filter((r) => !r.withdrawn && (r.consented || !rule.consentRequired)).map((r) => r.number);
  const result = parseJsonColumn(ROUND_RESULT, last.result);
  if (!result?.next) return null;
  return result.next.filter(stillIn);
}

/** Opens the next round: the members present may vote; the server's seed for any lot is committed. */
export async function openRound(ctx: ServiceContext, actor: Actor | null, slug: string, id: number) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'election.manage', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    const b = await lockedBody(tx);
    const e = await lockedElection(tx, id, ['ready'], 'round_not_possible');
    const sitting = await lockSitting(tx, e.sitting_id);
    if (sitting.status !== 'open') throw conflict('sitting_not_open', 'rounds are held only while the sitting is open');
    if (sitting.attendance_mode !== 'named')
      throw conflict('attendance_not_named', 'an election needs the members present recorded by name');
    const vote = await voteInProgress(tx.trx, body.id, sitting.id);
    if (vote) throw conflict('vote_already_open', `vote ${vote.id} is open; close it first`);
    const busy = await tx.trx
      .selectFrom('elections')
      .select('id')
      .where('body_id', '=', body.id)
      .where('sitting_id', '=', sitting.id)
      .where('status', 'in', ['voting', 'awaiting_lot'])
      .executeTakeFirst();
    if (busy) throw conflict('election_round_open', `election ${busy.id} has a round open; close it first`);
    const standing = (await nextStanding(tx.trx, e.id, e.parsedRule)) ?? [];
    if (standing.length === 0) throw conflict('no_candidates', 'no candidate stands in this round');
    const previous = await tx.trx
      .selectFrom('election_rounds')
      .select(['number'])
      .where('election_id', '=', e.id)
      .orderBy('number', 'desc')
      .executeTakeFirst();
    const number = (previous?.number ?? 0) + 1;
    const runoff = e.parsedRule.method === 'majority-runoff' && number > 1;
    const presentRows = await tx.trx
      .selectFrom('attendance')
      .select('membership_id')
      .where('body_id', '=', body.id)
      .where('sitting_id', '=', sitting.id)
      .where('status', '=', 'present')
      .orderBy('membership_id')
      .execute();
    const presentMembers = presentRows.map((r) => r.membership_id);
    const serverSeed = Buffer.from(ctx.randomBytes(32)).toString('hex');
    const commitment = seedCommitment(sha256, serverSeed);
    const entryIndex = tx.record('election.round_opened', {
      election: e.id,
      sitting: sitting.id,
      round: number,
      candidates: standing,
      runoff,
      present: presentMembers.length,
      established: b.established_seats,
      presentMembers,
      seedCommitment: commitment,
    });
    await tx.trx
      .insertInto('election_rounds')
      .values({
        election_id: e.id,
        number,
        body_id: body.id,
        candidates: JSON.stringify(standing),
        runoff: runoff ? 1 : 0,
        status: 'open',
        present: presentMembers.length,
        established: b.established_seats,
        present_members: JSON.stringify(presentMembers),
        server_seed: serverSeed,
        seed_commitment: commitment,
        tally: '[]',
        ballots: 0,
        blank: 0,
        spoilt: 0,
        physical_draw: null,
        result: null,
        open_entry: entryIndex,
        close_entry: null,
        counted_entry: null,
      })
      .execute();
    await setStatus(tx, e.id, 'voting');
    return { round: number, candidates: standing, present: presentMembers.length, entryIndex };
  });
}

async function openRoundRow(tx: RecordTx, electionId: number) {
  const r = await tx.trx
    .selectFrom('election_rounds')
    .selectAll()
    .where('body_id', '=', tx.body.id)
    .where('election_id', '=', electionId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (!r) throw conflict('round_not_open', 'no round of this election is open');
  return r;
}

async function addToTally(
  tx: RecordTx,
  electionId: number,
  round: number,
  tally: string | null,
  papers: Paper[],
  add: { ballots: number; blank: number; spoilt: number },
) {
  const merged = mergePapers([...(parseJsonColumn(ROUND_TALLY, tally) ?? []), ...papers]);
  await tx.trx
    .updateTable('election_rounds')
    .set((eb) => ({
      tally: JSON.stringify(merged),
      ballots: eb('ballots', '+', add.ballots),
      blank: eb('blank', '+', add.blank),
      spoilt: eb('spoilt', '+', add.spoilt),
    }))
    .where('election_id', '=', electionId)
    .where('number', '=', round)
    .execute();
}

/** A member's paper: candidate numbers in order of preference (empty: a blank paper). */
export const electionBallotInput = z.object({
  ranking: z.array(z.number().int().min(1).max(1000)).max(100),
  /** Chosen by the member's device, so a retry after a dropped answer never counts twice. */
  clientBallotId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .nullish(),
});
export type ElectionBallotInput = z.infer<typeof electionBallotInput>;

/**
 * A member casts their paper from their own device (secret electronic): the log records that they
 * took part, never how; the paper joins the round's merged tally. A retry with the same
 * clientBallotId answers as the first did; a second, different paper is refused.
 */
export async function castElectionBallot(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  id: number,
  input: ElectionBallotInput,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'ballot.cast', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    const e = await findElection(tx.trx, body.id, id);
    if (e.ballot_kind !== 'secret_electronic')
      throw conflict('not_electronic', 'this election is not cast on members\u2019 devices');
    const own = await ownMembership(tx.trx, body.id, actor.userId);
    if (!own) throw new ServiceError('forbidden', 'forbidden', 'only a member holding a seat votes');
    const round = await openRoundRow(tx, e.id);
    const prior = await tx.trx
      .selectFrom('election_turnout')
      .select(['client_ballot_id', 'entry_index'])
      .where('election_id', '=', e.id)
      .where('round', '=', round.number)
      .where('membership_id', '=', own.id)
      .executeTakeFirst();
    if (prior) {
      if (input.clientBallotId && prior.client_ballot_id === input.clientBallotId)
        return { round: round.number, entryIndex: prior.entry_index, replayed: true };
      throw conflict('already_voted', 'you have voted in this round; a secret paper cannot be changed');
    }
    if (!parseJsonColumn(ROUND_PRESENT_MEMBERS, round.present_members).includes(own.id))
      throw conflict('not_present', 'you were not recorded present when the round opened');
    const standing = parseJsonColumn(CANDIDATE_NUMBERS, round.candidates);
    const rule = parseJsonColumn(ELECTION_RULE, e.rule);
    const problem = paperProblem(rule, standing, input.ranking);
    if (problem) throw invalid(problem, `this paper cannot be cast: ${problem.replaceAll('_', ' ')}`);
    const entryIndex = tx.record('election.secret_ballot_received', {
      election: e.id,
      round: round.number,
      member: own.id,
    });
    await tx.trx
      .insertInto('election_turnout')
      .values({
        election_id: e.id,
        round: round.number,
        membership_id: own.id,
        body_id: body.id,
        client_ballot_id: input.clientBallotId ?? null,
        entry_index: entryIndex,
      })
      .execute();
    const blank = input.ranking.length === 0 ? 1 : 0;
    await addToTally(tx, e.id, round.number, round.tally, blank ? [] : [{ ranking: input.ranking, weight: 1 }], {
      ballots: 1,
      blank,
      spoilt: 0,
    });
    return { round: round.number, entryIndex, replayed: false };
  });
}

/** The clerk records a member's paper as they announce it (open roll call); once per member and round. */
export async function recordOpenBallot(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  id: number,
  input: { memberId: number; ranking: number[] },
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'election.tell', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    const e = await findElection(tx.trx, body.id, id);
    if (e.ballot_kind !== 'open_roll_call') throw conflict('not_open_roll_call', 'this election is not by roll call');
    const round = await openRoundRow(tx, e.id);
    if (!parseJsonColumn(ROUND_PRESENT_MEMBERS, round.present_members).includes(input.memberId))
      throw conflict('not_present', `member ${input.memberId} was not present when the round opened`);
    const prior = await tx.trx
      .selectFrom('election_turnout')
      .select('entry_index')
      .where('election_id', '=', e.id)
      .where('round', '=', round.number)
      .where('membership_id', '=', input.memberId)
      .executeTakeFirst();
    if (prior) throw conflict('already_voted', `member ${input.memberId}'s paper is recorded`);
    const rule = parseJsonColumn(ELECTION_RULE, e.rule);
    const problem = paperProblem(rule, parseJsonColumn(CANDIDATE_NUMBERS, round.candidates), input.ranking);
    if (problem) throw invalid(problem, `this paper cannot be recorded: ${problem.replaceAll('_', ' ')}`);
    const entryIndex = tx.record('election.ballot_received', {
      election: e.id,
      round: round.number,
      member: input.memberId,
      ranking: input.ranking,
    });
    await tx.trx
      .insertInto('election_turnout')
      .values({
        election_id: e.id,
        round: round.number,
        membership_id: input.memberId,
        body_id: body.id,
        client_ballot_id: null,
        entry_index: entryIndex,
      })
      .execute();
    const blank = input.ranking.length === 0 ? 1 : 0;
    await addToTally(tx, e.id, round.number, round.tally, blank ? [] : [{ ranking: input.ranking, weight: 1 }], {
      ballots: 1,
      blank,
      spoilt: 0,
    });
    return { round: round.number, entryIndex };
  });
}

/** Paper ballots a teller enters: papers one by one, or a file's (BLT or CSV), with blank and spoilt counted. */
export const enterPapersInput = z.object({
  papers: z
    .array(z.object({ ranking: z.array(z.number().int().min(1).max(1000)).max(100) }))
    .max(5000)
    .optional(),
  blank: z.number().int().min(0).max(100_000).optional(),
  spoilt: z.number().int().min(0).max(100_000).optional(),
  /** A BLT file of the papers (its candidates must be this election's, in order), or CSV (below); a request
   * carries at most 256 KiB (the API's limit): a larger pile goes in several requests. */
  file: text(256 * 1024).optional(),
  /** 'blt', or 'csv': one paper a line, candidate numbers in order, "blank" or "spoilt". */
  format: z.enum(['blt', 'csv']).optional(),
});
export type EnterPapersInput = z.infer<typeof enterPapersInput>;

/** Reads a teller's file into papers, blank and spoilt; refuses with the line's number. */
export function readPapersFile(
  format: 'blt' | 'csv',
  file: string,
  names: readonly string[],
): { papers: Paper[]; blank: number; spoilt: number } {
  if (format === 'blt') {
    const blt = domain(() => parseBlt(file));
    if (blt.candidates.length !== names.length || blt.candidates.some((c, i) => c.trim() !== names[i]!.trim()))
      throw invalid('blt_candidates_differ', 'the file\u2019s candidates are not this election\u2019s, in order');
    return {
      papers: blt.ballots.map((b) => ({ ranking: b.ranking.map((c) => c + 1), weight: b.weight })),
      blank: blt.emptyBallots,
      spoilt: 0,
    };
  }
  const papers: Paper[] = [];
  let blank = 0;
  let spoilt = 0;
  file
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line === '') return;
      if (line.toLowerCase() === 'blank') blank++;
      else if (line.toLowerCase() === 'spoilt') spoilt++;
      else {
        const cells = line.split(',').map((c) => c.trim());
        if (!cells.every((c) => /^\d{1,4}$/.test(c)))
          throw invalid('csv_invalid', `line ${i + 1}: candidate numbers separated by commas, "blank" or "spoilt"`);
        papers.push({ ranking: cells.map(Number), weight: 1 });
      }
    });
  return { papers, blank, spoilt };
}

export async function enterPapers(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  id: number,
  input: EnterPapersInput,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'election.tell', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    const e = await findElection(tx.trx, body.id, id);
    if (e.ballot_kind !== 'secret_paper') throw conflict('not_paper', 'this election is not held on paper');
    const round = await openRoundRow(tx, e.id);
    const rule = parseJsonColumn(ELECTION_RULE, e.rule);
    const standing = parseJsonColumn(CANDIDATE_NUMBERS, round.candidates);
    let papers: Paper[] = (input.papers ?? []).map((p) => ({ ranking: p.ranking, weight: 1 }));
    let blank = input.blank ?? 0;
    let spoilt = input.spoilt ?? 0;
    if (input.file !== undefined) {
      const names = await candidateNames(tx.trx, e.id);
      const read = readPapersFile(input.format ?? 'csv', input.file, names);
      papers = [...papers, ...read.papers];
      blank += read.blank;
      spoilt += read.spoilt;
    }
    const problems = papers.map((p) => paperProblem(rule, standing, p.ranking));
    const k = problems.findIndex((p) => p !== null);
    if (k >= 0) throw invalid(problems[k]!, `paper ${k + 1} cannot be counted: ${problems[k]!.replaceAll('_', ' ')}`);
    const counted = papers.filter((p) => p.ranking.length > 0);
    blank += papers.length - counted.length;
    const count = counted.reduce((a, p) => a + p.weight, 0) + blank + spoilt;
    if (count === 0) throw invalid('no_papers', 'enter at least one paper');
    if (round.ballots + count > Math.max(round.present, 1))
      throw conflict(
        'more_papers_than_present',
        `${round.ballots + count} papers, but ${round.present} members were present`,
      );
    const entryIndex = tx.record('election.papers_entered', {
      election: e.id,
      round: round.number,
      papers: count,
      blank,
      spoilt,
    });
    await addToTally(tx, e.id, round.number, round.tally, counted, { ballots: count, blank, spoilt });
    return { round: round.number, papers: count, entryIndex };
  });
}

async function candidateNames(db: Executor, electionId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('election_candidates')
    .select(['number', 'name'])
    .where('election_id', '=', electionId)
    .orderBy('number')
    .execute();
  return rows.map((r) => r.name);
}

/**
 * Closes the open round and counts it. The papers (merged and sorted: no order of casting survives)
 * go into the log where the rule publishes them. A tie that goes to lot leaves the round awaiting
 * the tellers' physical draw; otherwise the count is recorded with the server's seed revealed, and
 * the result declared when the election is decided.
 */
export async function closeRound(ctx: ServiceContext, actor: Actor | null, slug: string, id: number) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'election.manage', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    const e = await lockedElection(tx, id, ['voting'], 'round_not_open');
    const round = await openRoundRow(tx, e.id);
    const papers = mergePapers(parseJsonColumn(ROUND_TALLY, round.tally) ?? []);
    const publish = e.parsedRule.publishBallots;
    if (publish) {
      const parts = paperParts(papers);
      parts.forEach((part, k) => {
        tx.record('election.papers_published', {
          election: e.id,
          round: round.number,
          part: k + 1,
          parts: parts.length,
          papers: part as unknown as JsonValue,
        });
      });
    }
    const facts = await roundFacts(tx.trx, e.parsedRule, e.id, round, papers);
    let result: RoundResult | null = null;
    try {
      result = countRound(facts);
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'lot_required')) throw toServiceError(err);
    }
    const closeEntry = tx.record('election.round_closed', {
      election: e.id,
      sitting: e.sitting_id,
      round: round.number,
      ballots: round.ballots,
      blank: round.blank,
      spoilt: round.spoilt,
      papersPublished: publish,
      lotRequired: result === null,
      serverSeed: result === null ? null : round.server_seed,
      result: result as unknown as JsonValue,
    });
    await tx.trx
      .updateTable('election_rounds')
      .set({
        status: result === null ? 'awaiting_lot' : 'counted',
        close_entry: closeEntry,
        counted_entry: result === null ? null : closeEntry,
        result: result === null ? null : JSON.stringify(result),
        tally: result !== null && !publish ? null : JSON.stringify(papers),
      })
      .where('election_id', '=', e.id)
      .where('number', '=', round.number)
      .execute();
    if (result === null) {
      await setStatus(tx, e.id, 'awaiting_lot');
      return { round: round.number, status: 'awaiting_lot' as const, entryIndex: closeEntry };
    }
    const declared = await afterCount(tx, e, round.number, result);
    return {
      round: round.number,
      status: declared ? ('declared' as const) : ('ready' as const),
      result,
      entryIndex: closeEntry,
    };
  });
}

async function roundFacts(
  db: Executor,
  rule: ElectionRule,
  electionId: number,
  round: { number: number; candidates: string; runoff: number; present: number; established: number },
  papers: Paper[],
) {
  return {
    rule,
    names: await candidateNames(db, electionId),
    standing: parseJsonColumn(CANDIDATE_NUMBERS, round.candidates),
    round: round.number,
    runoff: round.runoff === 1,
    papers,
    present: round.present,
    established: round.established,
  };
}

/** The tellers' physical draw (dice, balls), entered after the close. */
export const physicalDrawInput = z.object({ draw: text(200) });

/** Enters the tellers' draw: the server's seed is revealed, and the round counted with the lot's seed. */
export async function enterPhysicalDraw(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  id: number,
  input: z.infer<typeof physicalDrawInput>,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'election.tell', body.id);
  const physical = domain(() => normalisePhysicalDraw(input.draw));
  return recordTransaction(ctx, body, async (tx) => {
    const e = await lockedElection(tx, id, ['awaiting_lot'], 'no_lot_awaited');
    const round = await tx.trx
      .selectFrom('election_rounds')
      .selectAll()
      .where('election_id', '=', e.id)
      .where('status', '=', 'awaiting_lot')
      .executeTakeFirstOrThrow();
    const papers = parseJsonColumn(ROUND_TALLY, round.tally) ?? [];
    const facts = await roundFacts(tx.trx, e.parsedRule, e.id, round, papers);
    const seed = lotSeed(sha256, round.server_seed, physical);
    const result = domain(() => countRound(facts, { seed, sha256 }));
    const entryIndex = tx.record('election.lot_drawn', {
      election: e.id,
      sitting: e.sitting_id,
      round: round.number,
      physicalDraw: physical,
      serverSeed: round.server_seed,
      result: result as unknown as JsonValue,
    });
    await tx.trx
      .updateTable('election_rounds')
      .set({
        status: 'counted',
        physical_draw: physical,
        counted_entry: entryIndex,
        result: JSON.stringify(result),
        tally: e.parsedRule.publishBallots ? round.tally : null,
      })
      .where('election_id', '=', e.id)
      .where('number', '=', round.number)
      .execute();
    const declared = await afterCount(tx, e, round.number, result);
    return { round: round.number, status: declared ? ('declared' as const) : ('ready' as const), result, entryIndex };
  });
}

/**
 * After a round is counted: a further round where a majority election goes on, else the result
 * declared — and, where the election grants a role (the chair's), the role granted to the elected
 * member's account by the same act.
 */
async function afterCount(
  tx: RecordTx,
  e: { id: number; sitting_id: number; grants_role: 'chair' | null },
  round: number,
  result: RoundResult,
): Promise<boolean> {
  const rule = parseJsonColumn(ELECTION_RULE, (await findElection(tx.trx, tx.body.id, e.id)).rule);
  if (ROUND_METHODS.includes(rule.method) && result.elected.length === 0 && result.next !== null) {
    await setStatus(tx, e.id, 'ready');
    return false;
  }
  const rows = await tx.trx
    .selectFrom('election_candidates')
    .leftJoin('memberships', 'memberships.id', 'election_candidates.membership_id')
    .leftJoin('people', 'people.id', 'memberships.person_id')
    .select([
      'election_candidates.number',
      'election_candidates.name',
      'election_candidates.membership_id',
      'people.user_id',
    ])
    .where('election_candidates.election_id', '=', e.id)
    .execute();
  const elected = result.elected.map((n) => rows.find((r) => r.number === n)!);
  let granted: { role: 'chair'; account: number } | null = null;
  if (e.grants_role && elected[0]?.user_id != null) {
    const account = elected[0].user_id;
    const held = await tx.trx
      .selectFrom('body_roles')
      .select('role')
      .where('body_id', '=', tx.body.id)
      .where('user_id', '=', account)
      .where('role', '=', e.grants_role)
      .executeTakeFirst();
    if (!held) granted = { role: e.grants_role, account };
  }
  const entryIndex = tx.record('election.result_declared', {
    election: e.id,
    sitting: e.sitting_id,
    round,
    elected: elected.map((c) => ({ candidate: c.number, name: c.name, member: c.membership_id })),
    unfilled: rule.seats - elected.length,
    grantsRole: granted ? granted.role : null,
  });
  if (granted) {
    await tx.trx
      .insertInto('body_roles')
      .values({ body_id: tx.body.id, user_id: granted.account, role: granted.role })
      .execute();
    tx.record('role.granted', { role: granted.role, account: granted.account });
  }
  await tx.trx
    .updateTable('elections')
    .set({ status: 'declared', declared_entry: entryIndex, elected: JSON.stringify(result.elected) })
    .where('id', '=', e.id)
    .execute();
  return true;
}

/** An election as the public reads it: rule, candidates, rounds with their counts (never a secret tally). */
export async function readElection(db: Executor, bodyId: number, id: number) {
  const e = await findElection(db, bodyId, id);
  const candidates = await db
    .selectFrom('election_candidates')
    .select(['number', 'name', 'membership_id', 'nominated_by', 'consented', 'withdrawn'])
    .where('election_id', '=', id)
    .orderBy('number')
    .execute();
  const rounds = await db
    .selectFrom('election_rounds')
    .select([
      'number',
      'candidates',
      'runoff',
      'status',
      'present',
      'ballots',
      'blank',
      'spoilt',
      'seed_commitment',
      'physical_draw',
      'result',
      'tally',
      'open_entry',
      'close_entry',
      'counted_entry',
    ])
    .where('election_id', '=', id)
    .orderBy('number')
    .execute();
  const rule = parseJsonColumn(ELECTION_RULE, e.rule);
  return {
    id: e.id,
    sittingId: e.sitting_id,
    agendaItemId: e.agenda_item_id,
    office: { en: e.office_en, ru: e.office_ru },
    rule,
    ballotKind: e.ballot_kind,
    grantsRole: e.grants_role,
    status: e.status,
    elected: parseJsonColumn(CANDIDATE_NUMBERS, e.elected),
    createdEntry: e.created_entry,
    declaredEntry: e.declared_entry,
    candidates: candidates.map((c) => ({
      number: c.number,
      name: c.name,
      memberId: c.membership_id,
      nominatedBy: c.nominated_by,
      consented: c.consented === 1,
      withdrawn: c.withdrawn === 1,
    })),
    rounds: rounds.map((r) => ({
      number: r.number,
      candidates: parseJsonColumn(CANDIDATE_NUMBERS, r.candidates),
      runoff: r.runoff === 1,
      status: r.status,
      present: r.present,
      ballots: r.ballots,
      blank: r.status === 'open' ? null : r.blank,
      spoilt: r.status === 'open' ? null : r.spoilt,
      seedCommitment: r.seed_commitment,
      physicalDraw: r.physical_draw,
      result: parseJsonColumn(ROUND_RESULT, r.result),
      /** Cast vote records: only once counted, and only where the rule publishes them. */
      papers: r.status === 'counted' && rule.publishBallots ? parseJsonColumn(ROUND_TALLY, r.tally) : null,
      openEntry: r.open_entry,
      closeEntry: r.close_entry,
      countedEntry: r.counted_entry,
    })),
  };
}

export async function electionsOfBody(db: Executor, slug: string) {
  const body = await findBody(db, slug);
  const rows = await db
    .selectFrom('elections')
    .select(['id', 'sitting_id', 'office_en', 'office_ru', 'status', 'ballot_kind'])
    .where('body_id', '=', body.id)
    .orderBy('id')
    .execute();
  return { body, elections: rows };
}

/** An election of the body named by its slug, as the public reads it. */
export async function readBodyElection(db: Executor, slug: string, id: number) {
  const body = await findBody(db, slug);
  return { body, election: await readElection(db, body.id, id) };
}

/** A counted round's published papers as a file (BLT or CSV); refused where the rule does not publish them. */
export async function roundPapersFile(db: Executor, slug: string, id: number, round: number, format: 'blt' | 'csv') {
  const { election } = await readBodyElection(db, slug, id);
  const r = election.rounds.find((x) => x.number === round);
  if (!r) throw notFound(`round ${round}`, 'round_not_found');
  if (r.papers === null)
    throw conflict(
      election.rule.publishBallots ? 'round_not_counted' : 'papers_not_published',
      election.rule.publishBallots
        ? 'the papers are published once the round is counted'
        : 'this election\u2019s rule does not publish its papers',
    );
  const names = election.candidates.map((c) => c.name);
  const title = election.office.en ?? election.office.ru ?? `Election ${election.id}`;
  return format === 'blt'
    ? papersToBlt(names, r.candidates, election.rule.seats, r.papers, `${title}, round ${round}`)
    : papersToCsv(names, r.papers);
}

/** What a member's ballot page needs: the open round, the candidates standing, how many marks a paper takes. */
export async function ballotPage(db: Executor, slug: string, id: number) {
  const { body, election } = await readBodyElection(db, slug, id);
  const round = election.rounds.find((r) => r.status === 'open') ?? null;
  const standing = round ? round.candidates.map((n) => ({ number: n, name: election.candidates[n - 1]!.name })) : [];
  const rule = election.rule;
  const marks = RANKED_METHODS.includes(rule.method)
    ? standing.length
    : rule.method === 'approval'
      ? Math.min(rule.maxMarks ?? 1, standing.length)
      : Math.min(1, standing.length);
  return {
    body,
    election,
    round: round?.number ?? null,
    standing,
    marks,
    ranked: RANKED_METHODS.includes(rule.method),
  };
}

/** Why a paper could not be cast in the open round (a stable code), or null: the review step's check. */
export function reviewPaper(page: Awaited<ReturnType<typeof ballotPage>>, ranking: number[]): string | null {
  if (page.round === null) return 'round_not_open';
  if (page.election.ballotKind !== 'secret_electronic') return 'not_electronic';
  return paperProblem(
    page.election.rule,
    page.standing.map((s) => s.number),
    ranking,
  );
}
