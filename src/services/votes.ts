// Vote events: open (taking `present` as it stands), record, close with the outcome the rules
// engine computes. A closed vote is never edited: a different declared result is a new fact.
import { sql } from 'kysely';
import { findBody, bodyRules, filledSeats, lockedBody } from './bodies.ts';
import { recordTransaction, toServiceError, type RecordTx } from './record-transaction.ts';
import { lockSitting, presentCount } from './sittings.ts';
import { findMotion } from './motions.ts';
import { authorize, type Actor } from './policy.ts';
import { conflict, invalid, notFound } from './service-error.ts';
import type { ServiceContext } from './service-context.ts';
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { insertInChunks } from '../db/repositories/insert-in-chunks.ts';
import { ballotCommitment, isBallotChoice, type BallotChoice } from '../domain/ballots/commitment.ts';
import { sha256 } from './service-context.ts';
import { batcherFor } from './ballot-batcher.ts';
import { majorityForMotion, isAllOf, type MajorityRule } from '../domain/rules/rule-set.ts';
import { evaluateVote } from '../domain/rules/evaluate-vote.ts';
import type { JsonValue } from '../domain/entries/record-entry.ts';
import { normalizeRegisterNumber } from '../domain/decisions/register-number.ts';
import { dayInZone } from '../domain/i18n/format-dates.ts';
import { voteInProgress } from './vote-in-progress.ts';
import { z } from 'zod';
import { rowId } from './input-schemas.ts';

import {
  DEVICE_METHODS,
  NAMED_METHODS,
  TOTALS_METHODS,
  VOTE_METHODS,
  type VoteMethod,
} from '../domain/record-vocabulary.ts';
export { DEVICE_METHODS, NAMED_METHODS, TOTALS_METHODS, VOTE_METHODS, type VoteMethod };

/** What openVote takes (also the body of POST /bodies/{slug}/votes). */
export const openVoteInput = z.object({
  motionId: rowId,
  method: z.enum(VOTE_METHODS),
  /** Members who take no part in this vote; they are not present for it. */
  recused: z.array(rowId).max(10_000).optional(),
});
export type OpenVoteInput = z.infer<typeof openVoteInput>;

export async function findVote(db: Executor, bodyId: number, voteId: number) {
  const v = await db
    .selectFrom('votes')
    .selectAll()
    .where('body_id', '=', bodyId)
    .where('id', '=', voteId)
    .executeTakeFirst();
  if (!v) throw notFound(`vote ${voteId}`, 'vote_not_found');
  return v;
}

export async function openVote(ctx: ServiceContext, actor: Actor | null, slug: string, input: OpenVoteInput) {
  const found = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'vote.open', found.id);
  if (!VOTE_METHODS.includes(input.method))
    throw invalid('invalid_method', `method is one of ${VOTE_METHODS.join(', ')}`);
  return recordTransaction(ctx, found, async (tx) => {
    const body = await lockedBody(tx);
    const rules = bodyRules(body);
    const motion = await findMotion(tx.trx, body.id, input.motionId);
    if (motion.status !== 'pending') throw conflict('motion_not_pending', `the motion is ${motion.status}`);
    if (motion.sitting_id === null) throw conflict('motion_not_in_sitting', 'the motion is not before a sitting');
    const sitting = await lockSitting(tx, motion.sitting_id);
    if (sitting.status !== 'open') throw conflict('sitting_not_open', 'votes are taken only while the sitting is open');
    const openVote = await voteInProgress(tx.trx, body.id, sitting.id);
    if (openVote) throw conflict('vote_already_open', `vote ${openVote.id} is open; close it first`);
    const pendingAmendment = await tx.trx
      .selectFrom('motions')
      .select('id')
      .where('body_id', '=', body.id)
      .where('amends_motion_id', '=', motion.id)
      .where('status', 'in', ['pending', 'voting'])
      .executeTakeFirst();
    if (pendingAmendment)
      throw conflict('amendment_pending', `amendment ${pendingAmendment.id} must be voted on first`);
    const named = sitting.attendance_mode === 'named';
    if (!named && !TOTALS_METHODS.includes(input.method)) {
      throw conflict(
        'attendance_not_named',
        'a sitting recorded as a headcount can only take votes by totals (show of hands, paper ballot)',
      );
    }
    let majorityName: string;
    try {
      majorityName = majorityForMotion(rules, motion.kind);
    } catch (err) {
      throw toServiceError(err);
    }
    const presentRows = await tx.trx
      .selectFrom('attendance')
      .select('membership_id')
      .where('body_id', '=', body.id)
      .where('sitting_id', '=', sitting.id)
      .where('status', '=', 'present')
      .orderBy('membership_id')
      .execute();
    const presentIds = presentRows.map((r) => r.membership_id);
    const recused = [...new Set(input.recused ?? [])].sort((a, b) => a - b);
    for (const id of recused) {
      if (!presentIds.includes(id))
        throw invalid('recused_not_present', `member ${id} is not recorded as present, so cannot be recused`);
    }
    const { present: presentNow } = await presentCount(tx.trx, sitting);
    const present = presentNow - recused.length;
    const filled = await filledSeats(tx.trx, body.id);
    const secretElectronic = input.method === 'secret_electronic';
    const entryIndex = tx.nextIndex;
    const vote = await tx.trx
      .insertInto('votes')
      .values({
        body_id: body.id,
        sitting_id: sitting.id,
        motion_id: motion.id,
        method: input.method,
        status: 'open',
        majority_name: majorityName,
        present,
        established: body.established_seats,
        filled,
        yes: secretElectronic ? 0 : null,
        no: secretElectronic ? 0 : null,
        abstain: secretElectronic ? 0 : null,
        blank: null,
        invalid: null,
        casting_vote: null,
        opened_at: sitting.historical ? null : tx.now,
        closed_at: null,
        rule: null,
        outcome: null,
        adopted: null,
        quorate: null,
        open_entry: entryIndex,
        close_entry: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (named && presentIds.length > 0) {
      const rows = presentIds.map((id) => ({
        body_id: body.id,
        vote_id: vote.id,
        membership_id: id,
        recused: recused.includes(id) ? 1 : 0,
      }));
      await insertInChunks(ctx.dialect, rows, (chunk) => tx.trx.insertInto('vote_presence').values(chunk).execute());
    }
    await tx.trx.updateTable('motions').set({ status: 'voting' }).where('id', '=', motion.id).execute();
    tx.record('vote.opened', {
      vote: vote.id,
      motion: motion.id,
      sitting: sitting.id,
      method: input.method,
      majority: majorityName,
      present,
      established: body.established_seats,
      filled,
      presentMembers: named ? presentIds.filter((id) => !recused.includes(id)) : null,
      recused,
    });
    return { id: vote.id, present, entryIndex };
  });
}

export interface BallotRequest {
  actor: Actor | null;
  voteId: number;
  choice: BallotChoice;
  /** Chosen by the member's device, so a retry after a dropped response never counts twice. */
  clientBallotId?: string | null;
}

export interface BallotReceipt {
  vote: number;
  member: number;
  entryIndex: number;
  /** Named votes: H(choice ‖ salt) and the salt to keep. Absent for secret votes. */
  commitment?: string;
  salt?: string;
  choice?: BallotChoice;
  revision?: number;
  /** True when this answers a retry of a ballot already recorded. */
  replay: boolean;
}

export type BallotResult = { ok: true; receipt: BallotReceipt } | { ok: false; error: unknown };

const CLIENT_BALLOT_ID = /^[A-Za-z0-9_-]{8,64}$/;

type VoteRow = Awaited<ReturnType<typeof findVote>>;
type BallotRow = {
  membership_id: number;
  vote_id: number;
  choice: BallotChoice;
  salt: string;
  commitment: string;
  client_ballot_id: string | null;
  revision: number;
  entry_index: number;
  cast_by: number | null;
};

/**
 * Casts a batch of ballots inside one transaction (group commit). Everything the batch needs is
 * read with a handful of queries, whatever its size (no query per ballot); each ballot is then
 * checked in memory, in arrival order — so a refused ballot writes nothing and never fails the
 * others, and two ballots of one member in one batch behave as they would one after the other.
 * The body's log-head lock, taken by the transaction, serialises the batch against every other
 * write to the body.
 */
export async function castBallotBatchTx(
  ctx: ServiceContext,
  tx: RecordTx,
  requests: BallotRequest[],
  allowChange: boolean,
): Promise<BallotResult[]> {
  const bodyId = tx.body.id;
  const results: Array<BallotResult | null> = requests.map(() => null);
  const refuse = (i: number, error: unknown) => {
    results[i] = { ok: false, error };
  };
  requests.forEach((req, i) => {
    try {
      authorize(req.actor, 'ballot.cast', bodyId);
      if (!isBallotChoice(req.choice)) throw invalid('invalid_choice', 'a ballot is yes, no or abstain');
      if (req.clientBallotId != null && !CLIENT_BALLOT_ID.test(req.clientBallotId)) {
        throw invalid('invalid_client_ballot_id', 'clientBallotId is 8–64 letters, digits, "-" or "_"');
      }
    } catch (err) {
      refuse(i, err);
    }
  });
  const live = requests.map((r, i) => ({ r, i })).filter(({ i }) => results[i] === null);
  if (live.length === 0) return results as BallotResult[];
  const voteIds = [...new Set(live.map(({ r }) => r.voteId))];
  const userIds = [...new Set(live.map(({ r }) => r.actor!.userId))];
  const trx = tx.trx;
  const votes = new Map<number, VoteRow>(
    (await trx.selectFrom('votes').selectAll().where('body_id', '=', bodyId).where('id', 'in', voteIds).execute()).map(
      (v) => [v.id, v],
    ),
  );
  const memberOf = new Map<number, number>(
    (
      await trx
        .selectFrom('memberships')
        .innerJoin('people', 'people.id', 'memberships.person_id')
        .select(['memberships.id', 'people.user_id'])
        .where('memberships.body_id', '=', bodyId)
        .where('people.user_id', 'in', userIds)
        .where('memberships.ends_on', 'is', null)
        .execute()
    ).map((m) => [m.user_id!, m.id]),
  );
  const memberIds = [...new Set(memberOf.values())];
  const key = (voteId: number, memberId: number) => `${voteId}/${memberId}`;
  const presence = new Map<string, number>();
  const ballots = new Map<string, BallotRow>();
  const turnout = new Map<string, { entry_index: number; client_ballot_id: string | null }>();
  if (memberIds.length > 0) {
    for (const p of await trx
      .selectFrom('vote_presence')
      .select(['vote_id', 'membership_id', 'recused'])
      .where('body_id', '=', bodyId)
      .where('vote_id', 'in', voteIds)
      .where('membership_id', 'in', memberIds)
      .execute())
      presence.set(key(p.vote_id, p.membership_id), p.recused);
    for (const b of await trx
      .selectFrom('ballots')
      .selectAll()
      .where('body_id', '=', bodyId)
      .where('vote_id', 'in', voteIds)
      .where('membership_id', 'in', memberIds)
      .execute())
      ballots.set(key(b.vote_id, b.membership_id), b);
    for (const t of await trx
      .selectFrom('vote_turnout')
      .select(['vote_id', 'membership_id', 'entry_index', 'client_ballot_id'])
      .where('body_id', '=', bodyId)
      .where('vote_id', 'in', voteIds)
      .where('membership_id', 'in', memberIds)
      .execute())
      turnout.set(key(t.vote_id, t.membership_id), t);
  }
  const newBallots = new Map<string, BallotRow>();
  const changedBallots = new Map<string, BallotRow>();
  const newTurnout: Array<{
    body_id: number;
    vote_id: number;
    membership_id: number;
    client_ballot_id: string | null;
    entry_index: number;
  }> = [];
  const tallies = new Map<number, { yes: number; no: number; abstain: number }>();
  for (const { r, i } of live) {
    try {
      const vote = votes.get(r.voteId);
      if (!vote) throw notFound(`vote ${r.voteId}`, 'vote_not_found');
      const member = memberOf.get(r.actor!.userId);
      if (member === undefined) throw conflict('not_a_member', 'you do not hold a seat in this body');
      const k = key(vote.id, member);
      const secret = vote.method === 'secret_electronic';
      // A retry of a ballot already recorded gets its stored answer, even after the vote closed.
      if (r.clientBallotId) {
        const t = turnout.get(k);
        const b = ballots.get(k);
        if (secret && t && t.client_ballot_id === r.clientBallotId) {
          results[i] = { ok: true, receipt: { vote: vote.id, member, entryIndex: t.entry_index, replay: true } };
          continue;
        }
        if (!secret && b && b.client_ballot_id === r.clientBallotId) {
          results[i] = {
            ok: true,
            receipt: {
              vote: vote.id,
              member,
              entryIndex: b.entry_index,
              commitment: b.commitment,
              salt: b.salt,
              choice: b.choice as BallotChoice,
              revision: b.revision,
              replay: true,
            },
          };
          continue;
        }
      }
      if (vote.status !== 'open') throw conflict('vote_closed', 'the vote is closed');
      if (!DEVICE_METHODS.includes(vote.method as VoteMethod))
        throw conflict('not_a_device_vote', "this vote is not cast from members' devices");
      const recused = presence.get(k);
      if (recused === undefined) throw conflict('not_present', 'you were not recorded as present when the vote opened');
      if (recused) throw conflict('recused', 'you are recused from this vote');
      if (secret) {
        if (turnout.has(k))
          throw conflict('already_voted', 'you have already voted; a secret ballot cannot be changed');
        const entryIndex = tx.record('ballot.secret_received', { vote: vote.id, member });
        const row = {
          body_id: bodyId,
          vote_id: vote.id,
          membership_id: member,
          client_ballot_id: r.clientBallotId ?? null,
          entry_index: entryIndex,
        };
        turnout.set(k, row);
        newTurnout.push(row);
        // Only a total moves: no row links the member to the choice.
        const tally = tallies.get(vote.id) ?? { yes: 0, no: 0, abstain: 0 };
        tally[r.choice]++;
        tallies.set(vote.id, tally);
        results[i] = { ok: true, receipt: { vote: vote.id, member, entryIndex, replay: false } };
        continue;
      }
      const previous = ballots.get(k);
      if (previous && !allowChange) throw conflict('already_voted', 'you have already voted in this vote');
      const salt = Buffer.from(ctx.randomBytes(32)).toString('hex');
      const commitment = ballotCommitment(sha256, r.choice, salt);
      const revision = (previous?.revision ?? 0) + 1;
      const entryIndex = tx.record('ballot.received', {
        vote: vote.id,
        member,
        commitment,
        replaces: previous ? previous.entry_index : null,
      });
      // The account that cast it stays with the ballot (never in the log: the seat's link to the
      // account is there already, and cannot change while the vote is open).
      const row: BallotRow = {
        vote_id: vote.id,
        membership_id: member,
        choice: r.choice,
        salt,
        commitment,
        client_ballot_id: r.clientBallotId ?? null,
        revision,
        entry_index: entryIndex,
        cast_by: r.actor!.userId,
      };
      ballots.set(k, row);
      if (newBallots.has(k) || !previous) newBallots.set(k, row);
      else changedBallots.set(k, row);
      results[i] = {
        ok: true,
        receipt: { vote: vote.id, member, entryIndex, commitment, salt, choice: r.choice, revision, replay: false },
      };
    } catch (err) {
      refuse(i, toServiceError(err));
    }
  }
  const now = tx.now;
  const inserts = [...newBallots.values()].map((b) => ({ ...b, body_id: bodyId, cast_at: now }));
  await insertInChunks(ctx.dialect, inserts, (chunk) => trx.insertInto('ballots').values(chunk).execute());
  for (const b of changedBallots.values()) {
    await trx
      .updateTable('ballots')
      .set({
        choice: b.choice,
        salt: b.salt,
        commitment: b.commitment,
        client_ballot_id: b.client_ballot_id,
        revision: b.revision,
        cast_at: now,
        entry_index: b.entry_index,
        cast_by: b.cast_by,
      })
      .where('body_id', '=', bodyId)
      .where('vote_id', '=', b.vote_id)
      .where('membership_id', '=', b.membership_id)
      .execute();
  }
  await insertInChunks(ctx.dialect, newTurnout, (chunk) => trx.insertInto('vote_turnout').values(chunk).execute());
  for (const [voteId, t] of tallies) {
    await trx
      .updateTable('votes')
      .set((eb) => ({ yes: eb('yes', '+', t.yes), no: eb('no', '+', t.no), abstain: eb('abstain', '+', t.abstain) }))
      .where('id', '=', voteId)
      .execute();
  }
  return results as BallotResult[];
}

/** Several ballots to one body in one transaction; each gets its own result. */
export async function castBallots(
  ctx: ServiceContext,
  slug: string,
  requests: BallotRequest[],
): Promise<BallotResult[]> {
  const body = await findBody(ctx.dialect.reader, slug);
  return recordTransaction(ctx, body, async (tx) =>
    castBallotBatchTx(ctx, tx, requests, (await lockedBody(tx)).allow_ballot_change === 1),
  );
}

/** One member's ballot, committed together with any others arriving at the same moment. */
export async function castBallot(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  input: Omit<BallotRequest, 'actor'>,
): Promise<BallotReceipt> {
  const result = await batcherFor(ctx, castBallots).submit(slug, { ...input, actor });
  if (!result.ok) throw result.error;
  return result.receipt;
}

/** The clerk records a member's vote in a roll call (correctable until the vote closes). */
export async function recordRollCall(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  voteId: number,
  input: { memberId: number; choice: BallotChoice },
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'vote.record', body.id);
  if (!isBallotChoice(input.choice)) throw invalid('invalid_choice', 'a vote is yes, no or abstain');
  return recordTransaction(ctx, body, async (tx) => {
    const vote = await findVote(tx.trx, body.id, voteId);
    if (vote.status !== 'open')
      throw conflict('vote_closed', 'the vote is closed; record a correction as a declared result');
    if (vote.method !== 'roll_call') throw conflict('not_a_roll_call', 'this vote is not a roll call');
    const presence = await tx.trx
      .selectFrom('vote_presence')
      .select('recused')
      .where('body_id', '=', body.id)
      .where('vote_id', '=', vote.id)
      .where('membership_id', '=', input.memberId)
      .executeTakeFirst();
    if (!presence) throw conflict('not_present', `member ${input.memberId} was not present when the vote opened`);
    if (presence.recused) throw conflict('recused', `member ${input.memberId} is recused from this vote`);
    const previous = await tx.trx
      .selectFrom('ballots')
      .select(['revision', 'entry_index'])
      .where('body_id', '=', body.id)
      .where('vote_id', '=', vote.id)
      .where('membership_id', '=', input.memberId)
      .executeTakeFirst();
    const entryIndex = tx.record('ballot.received', {
      vote: vote.id,
      member: input.memberId,
      choice: input.choice,
      recordedByClerk: true,
      replaces: previous ? previous.entry_index : null,
    });
    const values = {
      choice: input.choice,
      salt: '',
      commitment: '',
      client_ballot_id: null,
      revision: (previous?.revision ?? 0) + 1,
      cast_at: tx.now,
      entry_index: entryIndex,
      cast_by: actor.userId,
    };
    if (previous) {
      await tx.trx
        .updateTable('ballots')
        .set(values)
        .where('body_id', '=', body.id)
        .where('vote_id', '=', vote.id)
        .where('membership_id', '=', input.memberId)
        .execute();
    } else {
      await tx.trx
        .insertInto('ballots')
        .values({ body_id: body.id, vote_id: vote.id, membership_id: input.memberId, ...values })
        .execute();
    }
    return { entryIndex };
  });
}

/** Ballots revealed per entry: about 110 bytes each, well inside an entry's 65,535. */
export const REVEAL_PER_ENTRY = 250;

export interface CloseVoteInput {
  /** Show of hands and paper ballots: the totals the clerk counted. */
  totals?: { yes: number; no: number; abstain: number; blank?: number; invalid?: number } | null;
  /** The chair's casting vote on a tie, where the rules give one. */
  castingVote?: 'yes' | 'no' | null;
  /** Register number for a historical record; null = not known. Live decisions are numbered. */
  registerNumber?: string | null;
}

function usesCastingVote(rule: MajorityRule): boolean {
  if (isAllOf(rule)) return rule.allOf.some(usesCastingVote);
  if ('anyOf' in rule) return rule.anyOf.some(usesCastingVote);
  return rule.tie === 'casting_vote';
}

/**
 * The recorded procedural facts a vote is decided with, each only when true so that votes
 * without them keep the counts they always had: a lack of quorum established before the vote was
 * opened (a vote opened before it stays valid), and the motion's second-convocation and
 * previous-notice flags.
 */
async function procedureFacts(
  db: Executor,
  sitting: { lack_of_quorum_entry: number | null },
  vote: { open_entry: number; motion_id: number; body_id: number },
) {
  const motion = await db
    .selectFrom('motions')
    .select(['second_convocation', 'previous_notice'])
    .where('body_id', '=', vote.body_id)
    .where('id', '=', vote.motion_id)
    .executeTakeFirstOrThrow();
  return {
    ...(sitting.lack_of_quorum_entry != null && sitting.lack_of_quorum_entry < vote.open_entry
      ? { lackOfQuorumEstablished: true }
      : {}),
    ...(motion.second_convocation ? { secondConvocation: true } : {}),
    ...(motion.previous_notice ? { previousNotice: true } : {}),
  };
}

function wholeCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

interface CheckedCloseInput {
  totals: { yes: number; no: number; abstain: number; blank: number | null; invalid: number | null } | null;
  castingVote: 'yes' | 'no' | null;
  registerNumber: string | null;
}

/**
 * Checks everything a close request says before anything is counted: while a vote is open, no
 * refusal may depend on (or state) its running count.
 */
function checkCloseInput(input: CloseVoteInput): CheckedCloseInput {
  const castingVote = input.castingVote ?? null;
  if (castingVote !== null && castingVote !== 'yes' && castingVote !== 'no')
    throw invalid('invalid_casting_vote', 'a casting vote is yes or no');
  let registerNumber: string | null = null;
  if (input.registerNumber != null) {
    try {
      registerNumber = normalizeRegisterNumber(input.registerNumber);
    } catch (err) {
      throw toServiceError(err);
    }
  }
  let totals: CheckedCloseInput['totals'] = null;
  const t = input.totals;
  if (t != null) {
    if (!wholeCount(t.yes) || !wholeCount(t.no) || !wholeCount(t.abstain)) {
      throw invalid('totals_required', 'enter the counted totals: yes, no and abstain as whole numbers');
    }
    if ((t.blank != null && !wholeCount(t.blank)) || (t.invalid != null && !wholeCount(t.invalid))) {
      throw invalid('invalid_totals', 'blank and invalid ballots are whole numbers');
    }
    totals = { yes: t.yes, no: t.no, abstain: t.abstain, blank: t.blank ?? null, invalid: t.invalid ?? null };
  }
  return { totals, castingVote, registerNumber };
}

/**
 * Closes a vote. Votes the server counts (electronic, roll call, secret electronic) close their
 * ballot box first: if the final count is tied and the rules give the chair a casting vote that
 * the request did not bring, the close records `vote.tied` with the final counts and the vote
 * waits, taking no more ballots, for a second close that brings the casting vote (DESIGN.md,
 * "A tie and the casting vote").
 */
export async function closeVote(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  voteId: number,
  input: CloseVoteInput = {},
) {
  const found = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'vote.close', found.id);
  const checked = checkCloseInput(input);
  const castingVote = checked.castingVote;
  try {
    return await recordTransaction(ctx, found, async (tx) => {
      // The rules in force are those read under the log-head lock, never a copy read before it.
      const body = await lockedBody(tx);
      const rules = bodyRules(body);
      const vote = await findVote(tx.trx, body.id, voteId);
      if (vote.status === 'closed') throw conflict('vote_closed', 'the vote is already closed');
      const tied = vote.status === 'tied';
      const sitting = await lockSitting(tx, vote.sitting_id);
      const method = vote.method as VoteMethod;
      const majority = rules.majorities[vote.majority_name];
      if (!majority)
        throw conflict('majority_missing', `the body's rules no longer name the majority "${vote.majority_name}"`);
      if (checked.registerNumber !== null && !sitting.historical) {
        const taken = await tx.trx
          .selectFrom('decisions')
          .select('id')
          .where('body_id', '=', body.id)
          .where('historical', '=', 0)
          .where('register_number', '=', checked.registerNumber)
          .executeTakeFirst();
        if (taken)
          throw conflict(
            'register_number_taken',
            `decision number "${checked.registerNumber}" is already in this body's register`,
          );
      }
      let yes: number,
        no: number,
        abstain: number,
        blank = 0,
        invalidCount = 0;
      let named: Array<{ member: number; choice: string; salt: string }> = [];
      if (TOTALS_METHODS.includes(method)) {
        const t = checked.totals;
        if (!t) throw invalid('totals_required', 'enter the counted totals: yes, no and abstain as whole numbers');
        if (method === 'secret_paper') {
          blank = t.blank ?? 0;
          invalidCount = t.invalid ?? 0;
        } else if (t.blank || t.invalid) {
          throw invalid('invalid_totals', 'a show of hands has no blank or invalid ballots');
        }
        ({ yes, no, abstain } = t);
        if (yes + no + abstain + blank + invalidCount > vote.present) {
          throw invalid(
            'totals_exceed_present',
            `the totals add up to ${yes + no + abstain + blank + invalidCount}, more than the ${vote.present} present`,
          );
        }
      } else if (method === 'secret_electronic') {
        yes = vote.yes ?? 0;
        no = vote.no ?? 0;
        abstain = vote.abstain ?? 0;
      } else {
        const ballots = await tx.trx
          .selectFrom('ballots')
          .select(['membership_id', 'choice', 'salt'])
          .where('body_id', '=', body.id)
          .where('vote_id', '=', vote.id)
          .orderBy('membership_id')
          .execute();
        named = ballots.map((b) => ({ member: b.membership_id, choice: b.choice, salt: b.salt }));
        yes = named.filter((b) => b.choice === 'yes').length;
        no = named.filter((b) => b.choice === 'no').length;
        abstain = named.filter((b) => b.choice === 'abstain').length;
      }
      if (castingVote === null && yes === no && yes > 0 && usesCastingVote(majority)) {
        if (tied)
          throw conflict(
            'casting_vote_required',
            `the vote is tied ${yes}–${no}; the rules give the chair a casting vote`,
          );
        if (TOTALS_METHODS.includes(method)) {
          // The totals are the ones the request brought: this refusal reveals nothing.
          throw conflict(
            'casting_vote_required',
            `the totals entered are tied ${yes}–${no}; the rules give the chair a casting vote`,
          );
        }
        // The ballot box closes with its final count; the casting vote is a second, recorded step.
        await tx.trx.updateTable('votes').set({ status: 'tied', yes, no, abstain }).where('id', '=', vote.id).execute();
        const tieEntry = tx.record('vote.tied', {
          vote: vote.id,
          motion: vote.motion_id,
          method,
          counts: { yes, no, abstain },
        });
        return {
          voteId: vote.id,
          status: 'tied' as const,
          counts: { yes, no, abstain },
          tieEntry,
          outcome: null,
          closeEntry: null,
          decision: null,
        };
      }
      const counts = {
        established: vote.established,
        filled: vote.filled,
        present: vote.present,
        yes,
        no,
        abstain,
        notVoting: Math.max(0, vote.present - yes - no - abstain - blank - invalidCount),
        blank,
        invalid: invalidCount,
        ...(castingVote ? { castingVote } : {}),
        ...(await procedureFacts(tx.trx, sitting, vote)),
      };
      let outcome: ReturnType<typeof evaluateVote>;
      try {
        outcome = evaluateVote(rules.quorum, majority, counts, {
          preset: rules.preset,
          majorityName: vote.majority_name,
          ...(rules.source ? { source: rules.source } : {}),
        });
      } catch (err) {
        throw toServiceError(err);
      }
      const rule = {
        quorum: rules.quorum,
        majority,
        majorityName: vote.majority_name,
        preset: rules.preset ?? null,
        source: rules.source ?? null,
      };
      // Named ballots are revealed at close. An entry holds at most 65,535 bytes, so a large vote
      // (a convention's 2,000 delegates) reveals them in parts, each its own entry, just before
      // the close entry that names them.
      const revealed =
        method === 'electronic'
          ? named.map((b) => ({ member: b.member, choice: b.choice, salt: b.salt }))
          : method === 'roll_call'
            ? named.map((b) => ({ member: b.member, choice: b.choice }))
            : null;
      let revealedIn: number[] | null = null;
      if (revealed && revealed.length > REVEAL_PER_ENTRY) {
        revealedIn = [];
        for (let i = 0; i < revealed.length; i += REVEAL_PER_ENTRY) {
          revealedIn.push(
            tx.record('vote.ballots_revealed', { vote: vote.id, ballots: revealed.slice(i, i + REVEAL_PER_ENTRY) }),
          );
        }
      }
      const closeEntry = tx.nextIndex;
      await tx.trx
        .updateTable('votes')
        .set({
          status: 'closed',
          yes,
          no,
          abstain,
          blank: method === 'secret_paper' ? blank : null,
          invalid: method === 'secret_paper' ? invalidCount : null,
          casting_vote: castingVote,
          closed_at: sitting.historical ? null : tx.now,
          rule: JSON.stringify(rule),
          outcome: JSON.stringify(outcome),
          adopted: outcome.adopted ? 1 : 0,
          quorate: outcome.quorate ? 1 : 0,
          close_entry: closeEntry,
        })
        .where('id', '=', vote.id)
        .execute();
      tx.record('vote.closed', {
        vote: vote.id,
        motion: vote.motion_id,
        method,
        counts: counts as unknown as JsonValue,
        rule: rule as unknown as JsonValue,
        outcome: {
          quorate: outcome.quorate,
          adopted: outcome.adopted,
          requiredYes: outcome.requiredYes,
          reason: outcome.reason,
        } as JsonValue,
        ballots: revealedIn ? null : revealed,
        ...(revealedIn ? { revealedIn } : {}),
      });
      await tx.trx
        .updateTable('motions')
        .set({ status: outcome.adopted ? 'adopted' : 'rejected' })
        .where('id', '=', vote.motion_id)
        .execute();
      let decision: { id: number; registerNumber: string | null } | null = null;
      if (outcome.adopted)
        decision = await registerDecision(tx, { body, vote, sitting, registerNumber: checked.registerNumber });
      return {
        voteId: vote.id,
        status: 'closed' as const,
        counts: null,
        tieEntry: null,
        outcome,
        closeEntry,
        decision,
      };
    });
  } catch (err) {
    // The unique index backs the check above (two processes cannot both take a number).
    if (ctx.dialect.isUniqueViolation(err))
      throw conflict(
        'register_number_taken',
        `decision number "${checked.registerNumber}" is already in this body's register`,
      );
    throw err;
  }
}

async function registerDecision(
  tx: RecordTx,
  input: {
    body: { time_zone: string; next_decision_number: number };
    vote: { id: number; motion_id: number };
    sitting: { historical: number; date: string };
    registerNumber: string | null;
  },
) {
  let registerNumber: string | null;
  const taken = async (n: string) =>
    Boolean(
      await tx.trx
        .selectFrom('decisions')
        .select('id')
        .where('body_id', '=', tx.body.id)
        .where('historical', '=', 0)
        .where('register_number', '=', n)
        .executeTakeFirst(),
    );
  if (input.sitting.historical || input.registerNumber !== null) {
    // A typed number was checked (printable, not taken) before anything was counted, in this
    // same transaction; the unique index backs that check.
    registerNumber = input.registerNumber;
  } else {
    // The next number the register has not used (a clerk may have typed one of them earlier).
    let next = input.body.next_decision_number;
    while (await taken(String(next))) next++;
    registerNumber = String(next);
    await tx.trx
      .updateTable('bodies')
      .set({ next_decision_number: next + 1 })
      .where('id', '=', tx.body.id)
      .execute();
  }
  // The day of adoption is the body's calendar day, not the server's or UTC's.
  const adoptedOn = input.sitting.historical ? input.sitting.date : dayInZone(tx.now, input.body.time_zone);
  const entryIndex = tx.nextIndex;
  const d = await tx.trx
    .insertInto('decisions')
    .values({
      body_id: tx.body.id,
      vote_id: input.vote.id,
      motion_id: input.vote.motion_id,
      register_number: registerNumber,
      adopted_on: adoptedOn,
      entry_index: entryIndex,
      historical: input.sitting.historical ? 1 : 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  tx.record('decision.registered', {
    decision: d.id,
    vote: input.vote.id,
    motion: input.vote.motion_id,
    registerNumber,
    adoptedOn,
  });
  return { id: d.id, registerNumber };
}

/** A result declared by someone (a court, a recount) that differs from the computed one. */
export async function declareResult(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  voteId: number,
  input: { adopted: boolean; declaredBy: string; reason: string },
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'result.declare', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    const vote = await findVote(tx.trx, body.id, voteId);
    if (vote.status !== 'closed') throw conflict('vote_open', 'a result can be declared only for a closed vote');
    const entryIndex = tx.nextIndex;
    const row = await tx.trx
      .insertInto('declared_results')
      .values({
        body_id: body.id,
        vote_id: vote.id,
        adopted: input.adopted ? 1 : 0,
        declared_by: input.declaredBy,
        reason: input.reason,
        recorded_at: tx.now,
        entry_index: entryIndex,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    tx.record('result.declared', {
      vote: vote.id,
      declared: row.id,
      adopted: input.adopted,
      declaredBy: input.declaredBy,
      reason: input.reason,
    });
    return { id: row.id, entryIndex };
  });
}

/** Turnout of an open vote: how many have voted, never how. */
export async function voteTurnout(db: Executor, vote: { id: number; body_id: number; method: string }) {
  const table = vote.method === 'secret_electronic' ? 'vote_turnout' : 'ballots';
  const row = await db
    .selectFrom(table)
    .select(sql<string>`count(*)`.as('n'))
    .where('body_id', '=', vote.body_id)
    .where('vote_id', '=', vote.id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
