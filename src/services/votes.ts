// Vote events: open (taking `present` as it stands), record, close with the outcome the rules
// engine computes. A closed vote is never edited: a different declared result is a new fact.
import { sql, type Selectable } from 'kysely';
import { findBody, bodyRules, filledSeats, lockedBody } from './bodies.ts';
import { approveMinutesOnAdoption } from './minutes/minutes.ts';
import { recordTransaction, toServiceError, type RecordTx } from './record-transaction.ts';
import { lockSitting, presentCount } from './sittings.ts';
import { findMotion } from './motions.ts';
import { authorize, type Actor } from './policy.ts';
import { conflict, invalid, notFound, ServiceError } from './service-error.ts';
import type { ServiceContext } from './service-context.ts';
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import type { Database } from '../db/schema.ts';
import { insertInChunks } from '../db/repositories/insert-in-chunks.ts';
import { BALLOT_CHOICES, isBallotChoice, type BallotChoice } from '../domain/ballots/commitment.ts';
import { sha256 } from './service-context.ts';
import { batcherFor } from './ballot-batcher.ts';
import { majorityForMotion } from '../domain/rules/rule-set.ts';
import type { Outcome } from '../domain/rules/evaluate-vote.ts';
import type { EntryType, JsonValue } from '../domain/entries/record-entry.ts';
import { dayInZone } from '../domain/i18n/format-dates.ts';
import { voteInProgress } from './vote-in-progress.ts';
import { assignRegisterNumber, numberInRegister, type AssignedNumber } from './register-numbers.ts';
import { z } from 'zod';
import { requiredText, rowId } from './input-schemas.ts';
import type { Refusal } from '../domain/votes/refusal.ts';
import { NAMED_METHODS, TOTALS_METHODS, VOTE_METHODS, type VoteMethod } from '../domain/votes/vote-methods.ts';
import {
  ballotKey,
  checkBallotRequest,
  decideBallots,
  type BallotAsked,
  type BallotBox,
  type BallotDecision,
  type BallotReceipt,
  type NamedBallot,
} from '../domain/votes/decide-ballots.ts';
import { checkCloseRequest, type CloseRequest, type CloseVoteInput } from '../domain/votes/close-request.ts';
import {
  decideClose,
  numberTaken,
  type CloseDecision,
  type CloseFacts,
  type VoteToClose,
} from '../domain/votes/decide-close.ts';

export {
  DEVICE_METHODS,
  NAMED_METHODS,
  TOTALS_METHODS,
  VOTE_METHODS,
  type VoteMethod,
} from '../domain/votes/vote-methods.ts';
export { REVEAL_PER_ENTRY } from '../domain/votes/decide-close.ts';
type Entry = { [key: string]: JsonValue };

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

export type { BallotReceipt };

export type BallotResult = { ok: true; receipt: BallotReceipt } | { ok: false; error: unknown };

const refusalError = (r: Refusal) => new ServiceError(r.kind, r.code, r.message);

/**
 * Casts a batch of ballots inside one transaction (group commit): load the ballot box with a
 * handful of queries, whatever the batch's size (no query per ballot); decide each ballot in
 * memory, in arrival order (domain/votes/decide-ballots.ts); write what the decision says. A
 * refused ballot writes nothing and never fails the others. The body's log-head lock, taken by
 * the transaction, serialises the batch against every other write to the body.
 */
export async function castBallotBatchTx(
  ctx: ServiceContext,
  tx: RecordTx,
  requests: BallotRequest[],
  allowChange: boolean,
): Promise<BallotResult[]> {
  const results: Array<BallotResult | null> = requests.map((req) => precheckBallot(req, tx.body.id));
  const live = requests.flatMap((r, i) => (results[i] === null ? [{ i, asked: ballotAsked(r) }] : []));
  if (live.length === 0) return results as BallotResult[];
  const asked = live.map((l) => l.asked);
  const box = await loadBallotBox(tx.trx, tx.body.id, asked);
  const decision = decideBallots(asked, box, {
    allowChange,
    firstIndex: tx.nextIndex,
    newSalt: () => Buffer.from(ctx.randomBytes(32)).toString('hex'),
    hash: sha256,
  });
  await writeBallots(ctx, tx, decision);
  decision.outcomes.forEach((o, n) => {
    results[live[n]!.i] = o.ok ? o : { ok: false, error: refusalError(o.refusal) };
  });
  return results as BallotResult[];
}

/** The checks that need no database: who may cast, and a well-formed request. */
function precheckBallot(req: BallotRequest, bodyId: number): BallotResult | null {
  try {
    authorize(req.actor, 'ballot.cast', bodyId);
  } catch (err) {
    return { ok: false, error: err };
  }
  const refused = checkBallotRequest(req.choice, req.clientBallotId);
  return refused ? { ok: false, error: refusalError(refused) } : null;
}

function ballotAsked(r: BallotRequest): BallotAsked {
  return { voteId: r.voteId, userId: r.actor!.userId, choice: r.choice, clientBallotId: r.clientBallotId ?? null };
}

type LoadedBox = { [K in keyof BallotBox]: BallotBox[K] extends ReadonlyMap<infer A, infer B> ? Map<A, B> : never };

function namedBallot(b: Selectable<Database['ballots']>): NamedBallot {
  return {
    voteId: b.vote_id,
    memberId: b.membership_id,
    choice: b.choice,
    salt: b.salt,
    commitment: b.commitment,
    clientBallotId: b.client_ballot_id,
    revision: b.revision,
    entryIndex: b.entry_index,
    castBy: b.cast_by,
  };
}

/** Everything a batch is judged against, in five queries whatever its size. */
async function loadBallotBox(trx: Executor, bodyId: number, asked: BallotAsked[]): Promise<BallotBox> {
  const voteIds = [...new Set(asked.map((a) => a.voteId))];
  const userIds = [...new Set(asked.map((a) => a.userId))];
  const votes = await trx
    .selectFrom('votes')
    .selectAll()
    .where('body_id', '=', bodyId)
    .where('id', 'in', voteIds)
    .execute();
  const seats = await trx
    .selectFrom('memberships')
    .innerJoin('people', 'people.id', 'memberships.person_id')
    .select(['memberships.id', 'people.user_id'])
    .where('memberships.body_id', '=', bodyId)
    .where('people.user_id', 'in', userIds)
    .where('memberships.ends_on', 'is', null)
    .execute();
  const box: LoadedBox = {
    votes: new Map(votes.map((v) => [v.id, v])),
    seatOf: new Map(seats.map((m) => [m.user_id!, m.id])),
    presence: new Map(),
    ballots: new Map(),
    turnout: new Map(),
  };
  const memberIds = [...new Set(box.seatOf.values())];
  if (memberIds.length === 0) return box;
  const presence = await trx
    .selectFrom('vote_presence')
    .select(['vote_id', 'membership_id', 'recused'])
    .where('body_id', '=', bodyId)
    .where('vote_id', 'in', voteIds)
    .where('membership_id', 'in', memberIds)
    .execute();
  for (const p of presence) box.presence.set(ballotKey(p.vote_id, p.membership_id), p.recused !== 0);
  const ballots = await trx
    .selectFrom('ballots')
    .selectAll()
    .where('body_id', '=', bodyId)
    .where('vote_id', 'in', voteIds)
    .where('membership_id', 'in', memberIds)
    .execute();
  for (const b of ballots) box.ballots.set(ballotKey(b.vote_id, b.membership_id), namedBallot(b));
  const marks = await trx
    .selectFrom('vote_turnout')
    .select(['vote_id', 'membership_id', 'entry_index', 'client_ballot_id'])
    .where('body_id', '=', bodyId)
    .where('vote_id', 'in', voteIds)
    .where('membership_id', 'in', memberIds)
    .execute();
  for (const t of marks) {
    const { vote_id: voteId, membership_id: memberId, client_ballot_id: clientBallotId, entry_index: entryIndex } = t;
    box.turnout.set(ballotKey(voteId, memberId), { voteId, memberId, clientBallotId, entryIndex });
  }
  return box;
}

const ballotColumns = (b: NamedBallot, castAt: string) => ({
  choice: b.choice,
  salt: b.salt,
  commitment: b.commitment,
  client_ballot_id: b.clientBallotId,
  revision: b.revision,
  cast_at: castAt,
  entry_index: b.entryIndex,
  cast_by: b.castBy,
});

/** Performs a batch's decision: its entries (at the indices it expects), ballots, turnout, totals. */
async function writeBallots(ctx: ServiceContext, tx: RecordTx, decision: BallotDecision): Promise<void> {
  const { trx, now } = tx;
  const bodyId = tx.body.id;
  recordInOrder(tx, decision.entries, tx.nextIndex);
  const inserts = decision.newBallots.map((b) => ({
    body_id: bodyId,
    vote_id: b.voteId,
    membership_id: b.memberId,
    ...ballotColumns(b, now),
  }));
  await insertInChunks(ctx.dialect, inserts, (chunk) => trx.insertInto('ballots').values(chunk).execute());
  for (const b of decision.changedBallots) {
    await trx
      .updateTable('ballots')
      .set(ballotColumns(b, now))
      .where('body_id', '=', bodyId)
      .where('vote_id', '=', b.voteId)
      .where('membership_id', '=', b.memberId)
      .execute();
  }
  const turnout = decision.newTurnout.map((t) => ({
    body_id: bodyId,
    vote_id: t.voteId,
    membership_id: t.memberId,
    client_ballot_id: t.clientBallotId,
    entry_index: t.entryIndex,
  }));
  await insertInChunks(ctx.dialect, turnout, (chunk) => trx.insertInto('vote_turnout').values(chunk).execute());
  for (const [voteId, t] of decision.tallies) {
    await trx
      .updateTable('votes')
      .set((eb) => ({ yes: eb('yes', '+', t.yes), no: eb('no', '+', t.no), abstain: eb('abstain', '+', t.abstain) }))
      .where('id', '=', voteId)
      .execute();
  }
}

/**
 * Records entries a decision numbered from `firstIndex`; the decision's receipts and references
 * name those indices, so a mismatch is a bug and fails the transaction.
 */
function recordInOrder(tx: RecordTx, entries: ReadonlyArray<{ type: EntryType; data: Entry }>, firstIndex: number) {
  entries.forEach((e, k) => {
    const index = tx.record(e.type, e.data);
    if (index !== firstIndex + k) throw new Error(`entry recorded at ${index}, expected ${firstIndex + k}`);
  });
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

/** The body of PUT /bodies/{slug}/votes/{id}/roll-call/{memberId}: the member's vote (the member is in the path). */
export const rollCallBody = z.object({ choice: z.enum(BALLOT_CHOICES) });
/** What recordRollCall takes: the path's member and the body's choice. */
export const rollCallInput = rollCallBody.extend({ memberId: rowId });
export type RollCallInput = z.infer<typeof rollCallInput>;

/** The clerk records a member's vote in a roll call (correctable until the vote closes). */
export async function recordRollCall(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  voteId: number,
  input: RollCallInput,
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

export type { CloseVoteInput };

const count = z.number().int().min(0).max(10_000_000);

/**
 * What closeVote takes (also the body of POST /bodies/{slug}/votes/{id}/close; no body is `{}`).
 * The type is the domain's CloseVoteInput, which checkCloseRequest checks again: the domain does
 * not trust its callers to have parsed.
 */
export const closeVoteInput = z
  .object({
    totals: z
      .object({ yes: count, no: count, abstain: count, blank: count.optional(), invalid: count.optional() })
      .nullish(),
    castingVote: z.enum(['yes', 'no']).nullish(),
    // Checked by checkCloseRequest (invalid_register_number), before anything is counted.
    registerNumber: z.string().max(1000).nullish(),
  })
  .default({}) satisfies z.ZodType<CloseVoteInput>;

type ClosedVote = {
  voteId: number;
  status: 'tied' | 'closed';
  counts: { yes: number; no: number; abstain: number } | null;
  tieEntry: number | null;
  outcome: Outcome | null;
  closeEntry: number | null;
  decision: { id: number; registerNumber: string | null } | null;
};

/**
 * Closes a vote: load what the close is decided on, decide (domain/votes/decide-close.ts), write.
 * Votes the server counts (electronic, roll call, secret electronic) close their ballot box
 * first: if the final count is tied and the rules give the chair a casting vote that the request
 * did not bring, the close records `vote.tied` with the final counts and the vote waits, taking
 * no more ballots, for a second close that brings the casting vote (DESIGN.md, "A tie and the
 * casting vote").
 */
export async function closeVote(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  voteId: number,
  input: CloseVoteInput = {},
): Promise<ClosedVote> {
  const found = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'vote.close', found.id);
  const checked = checkCloseRequest(input);
  if (!checked.ok) throw refusalError(checked.refusal);
  const request = checked.request;
  try {
    return await recordTransaction(ctx, found, async (tx) => {
      // The rules in force are those read under the log-head lock, never a copy read before it.
      const body = await lockedBody(tx);
      const { facts, sitting } = await loadVoteToClose(tx, body, voteId, request);
      // Under a numbering scheme a live decision's number is given, never typed (issue 17, item 4).
      if (request.registerNumber !== null && !sitting.historical && bodyRules(body).decisions?.numbering)
        throw conflict(
          'register_number_assigned',
          "this body's rules number its decisions; a number is typed only for a historical decision",
        );
      const decision = decideClose(facts, request, tx.nextIndex);
      if (decision.kind === 'refused') throw refusalError(decision.refusal);
      if (decision.kind === 'tied') return writeTie(tx, facts.vote, decision);
      const closed = await writeClose(
        tx,
        { body, vote: facts.vote, sitting, registerNumber: request.registerNumber },
        decision,
      );
      // An adopted approval of the minutes freezes the draft it names (issue 17), in this transaction.
      if (closed.outcome?.adopted)
        await approveMinutesOnAdoption(tx, {
          motionId: facts.vote.motionId,
          voteId: facts.vote.id,
          sections: ctx.minutesSections ?? [],
          publicOrigin: ctx.publicOrigin,
        });
      return closed;
    });
  } catch (err) {
    // The unique index backs the check above (two processes cannot both take a number).
    if (ctx.dialect.isUniqueViolation(err)) throw refusalError(numberTaken(String(request.registerNumber)).refusal);
    throw err;
  }
}

/** The vote, the rules in force, its named ballots and the procedural facts, under the locks. */
async function loadVoteToClose(
  tx: RecordTx,
  body: Awaited<ReturnType<typeof lockedBody>>,
  voteId: number,
  request: CloseRequest,
) {
  const v = await findVote(tx.trx, body.id, voteId);
  const sitting = await lockSitting(tx, v.sitting_id);
  const vote: VoteToClose = {
    id: v.id,
    motionId: v.motion_id,
    method: v.method as VoteMethod,
    status: v.status,
    majorityName: v.majority_name,
    established: v.established,
    filled: v.filled,
    present: v.present,
    yes: v.yes,
    no: v.no,
    abstain: v.abstain,
    openEntry: v.open_entry,
  };
  const registerNumberTaken =
    request.registerNumber !== null && !sitting.historical && (await numberInRegister(tx, request.registerNumber));
  const ballots = NAMED_METHODS.includes(vote.method)
    ? await tx.trx
        .selectFrom('ballots')
        .select(['membership_id as member', 'choice', 'salt'])
        .where('body_id', '=', body.id)
        .where('vote_id', '=', vote.id)
        .orderBy('membership_id')
        .execute()
    : [];
  const motion = await tx.trx
    .selectFrom('motions')
    .select(['second_convocation', 'previous_notice'])
    .where('body_id', '=', body.id)
    .where('id', '=', vote.motionId)
    .executeTakeFirstOrThrow();
  const procedure = {
    lackOfQuorumEntry: sitting.lack_of_quorum_entry,
    secondConvocation: Boolean(motion.second_convocation),
    previousNotice: Boolean(motion.previous_notice),
  };
  const facts: CloseFacts = { vote, rules: bodyRules(body), registerNumberTaken, ballots, procedure };
  return { facts, sitting };
}

/** The ballot box closes with its final count; the casting vote is a second, recorded step. */
async function writeTie(tx: RecordTx, vote: VoteToClose, d: Extract<CloseDecision, { kind: 'tied' }>) {
  await tx.trx
    .updateTable('votes')
    .set({ status: 'tied', ...d.counts })
    .where('id', '=', vote.id)
    .execute();
  const tieEntry = tx.record(d.entry.type, d.entry.data);
  return {
    voteId: vote.id,
    status: 'tied' as const,
    counts: d.counts,
    tieEntry,
    outcome: null,
    closeEntry: null,
    decision: null,
  };
}

async function writeClose(
  tx: RecordTx,
  at: {
    body: Awaited<ReturnType<typeof lockedBody>>;
    vote: VoteToClose;
    sitting: { id: number; historical: number; date: string };
    registerNumber: string | null;
  },
  d: Extract<CloseDecision, { kind: 'closed' }>,
): Promise<ClosedVote> {
  const { vote, sitting } = at;
  recordInOrder(tx, d.entries, tx.nextIndex);
  await tx.trx
    .updateTable('votes')
    .set({
      status: 'closed',
      yes: d.tally.yes,
      no: d.tally.no,
      abstain: d.tally.abstain,
      blank: d.tally.blank,
      invalid: d.tally.invalid,
      casting_vote: d.tally.castingVote,
      closed_at: sitting.historical ? null : tx.now,
      rule: JSON.stringify(d.rule),
      outcome: JSON.stringify(d.outcome),
      adopted: d.outcome.adopted ? 1 : 0,
      quorate: d.outcome.quorate ? 1 : 0,
      close_entry: d.closeEntry,
    })
    .where('id', '=', vote.id)
    .execute();
  await tx.trx
    .updateTable('motions')
    .set({ status: d.outcome.adopted ? 'adopted' : 'rejected' })
    .where('id', '=', vote.motionId)
    .execute();
  const decision = d.outcome.adopted
    ? await registerDecision(tx, { ...at, vote: { id: vote.id, motion_id: vote.motionId } })
    : null;
  const { outcome, closeEntry } = d;
  return { voteId: vote.id, status: 'closed', counts: null, tieEntry: null, outcome, closeEntry, decision };
}

async function registerDecision(
  tx: RecordTx,
  input: {
    body: { time_zone: string; next_decision_number: number; rules: string };
    vote: { id: number; motion_id: number };
    sitting: { id: number; historical: number; date: string };
    registerNumber: string | null;
  },
) {
  const rules = bodyRules(input.body);
  // The day of adoption is the body's calendar day, not the server's or UTC's.
  const adoptedOn = input.sitting.historical ? input.sitting.date : dayInZone(tx.now, input.body.time_zone);
  let assigned: AssignedNumber | null = null;
  let registerNumber: string | null;
  if (input.sitting.historical || input.registerNumber !== null) {
    // A typed number was checked (printable, not taken; for a live decision, no numbering scheme
    // in the rules) before anything was counted, in this same transaction; the unique index backs it.
    registerNumber = input.registerNumber;
  } else {
    assigned = await assignRegisterNumber(tx, {
      rules,
      nextDecisionNumber: input.body.next_decision_number,
      adoptedOn,
      sittingId: input.sitting.id,
      motionId: input.vote.motion_id,
    });
    registerNumber = assigned.registerNumber;
  }
  const inForceOnAdoption = rules.decisions?.inForceOnAdoption === true;
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
      in_force_on_adoption: inForceOnAdoption ? 1 : 0,
      register_sequence: assigned?.sequence ?? null,
      register_scope: assigned?.scope ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  tx.record('decision.registered', {
    decision: d.id,
    vote: input.vote.id,
    motion: input.vote.motion_id,
    registerNumber,
    adoptedOn,
    // Present only when true, so entries written before the rule field existed keep their meaning.
    ...(inForceOnAdoption ? { inForceOnAdoption: true } : {}),
  });
  return { id: d.id, registerNumber };
}

/** What declareResult takes (also the body of POST /bodies/{slug}/votes/{id}/declared-results). */
export const declareResultInput = z.object({
  adopted: z.boolean(),
  /** Who declared it, as the source names them. */
  declaredBy: requiredText(500),
  reason: requiredText(5000),
});
export type DeclareResultInput = z.infer<typeof declareResultInput>;

/** A result declared by someone (a court, a recount) that differs from the computed one. */
export async function declareResult(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  voteId: number,
  input: DeclareResultInput,
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
