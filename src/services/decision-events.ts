// The life of a decision after the vote (issue 17, item 3): the clerk records each event — sent for
// signature, signed, vetoed, overridden, published, in force, amended, repealed, suspended,
// protested, challenged, annulled, upheld — with its date, who and source. Load → decide → write:
// under the log-head lock the decision's recorded events and the facts they are judged by are
// read, domain/decisions/decision-life.ts decides whether the new one can follow them, and only
// then is the row stored and `decision.event_recorded` sequenced. A refusal stores nothing.
import { z } from 'zod';
import { findBody, bodyRules, lockedBody } from './bodies.ts';
import { recordTransaction, type RecordTx } from './record-transaction.ts';
import { authorize, type Actor } from './policy.ts';
import { ServiceError, notFound } from './service-error.ts';
import type { ServiceContext } from './service-context.ts';
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { partialDate, rowId, text } from './input-schemas.ts';
import {
  DECISION_EVENT_TYPES,
  PUBLICATION_PLACES,
  VETO_OVERRIDE_MAJORITY,
  decideDecisionEvent,
  type DecisionEvent,
  type DecisionFacts,
} from '../domain/decisions/decision-life.ts';
import type { JsonValue } from '../domain/entries/record-entry.ts';

/** What recordDecisionEvent takes (also the body of POST /bodies/{slug}/decisions/{id}/events). */
export const decisionEventInput = z.object({
  type: z.enum(DECISION_EVENT_TYPES),
  on: partialDate,
  by: text(500).nullish(),
  source: text(2000).nullish(),
  reasons: text(10_000).nullish(),
  vote: rowId.nullish(),
  place: z.enum(PUBLICATION_PLACES).nullish(),
  bulletin: text(500).nullish(),
  issue: text(100).nullish(),
  url: text(2000).nullish(),
  decision: rowId.nullish(),
  court: text(500).nullish(),
  caseNumber: text(100).nullish(),
});
export type DecisionEventInput = z.infer<typeof decisionEventInput>;

type EventRow = {
  type: DecisionEvent['type'];
  occurred_on: string;
  actor: string | null;
  source: string | null;
  reasons: string | null;
  vote_id: number | null;
  place: DecisionEvent['place'];
  bulletin: string | null;
  issue: string | null;
  url: string | null;
  related_decision_id: number | null;
  court: string | null;
  case_number: string | null;
};

/** A stored event as the domain reads it (only the fields it has). */
export function eventOfRow(r: EventRow): DecisionEvent {
  const e: DecisionEvent = { type: r.type, on: r.occurred_on };
  if (r.actor !== null) e.by = r.actor;
  if (r.source !== null) e.source = r.source;
  if (r.reasons !== null) e.reasons = r.reasons;
  if (r.vote_id !== null) e.vote = r.vote_id;
  if (r.place !== null) e.place = r.place;
  if (r.bulletin !== null) e.bulletin = r.bulletin;
  if (r.issue !== null) e.issue = r.issue;
  if (r.url !== null) e.url = r.url;
  if (r.related_decision_id !== null) e.decision = r.related_decision_id;
  if (r.court !== null) e.court = r.court;
  if (r.case_number !== null) e.caseNumber = r.case_number;
  return e;
}

/** The event as the entry carries it: its fields without the empty ones, trimmed. */
function normalize(input: DecisionEventInput): DecisionEvent {
  const e: DecisionEvent = { type: input.type, on: input.on };
  const put = <K extends keyof DecisionEvent>(k: K, v: DecisionEvent[K] | null | undefined) => {
    if (v === null || v === undefined) return;
    if (typeof v === 'string' && v.trim() === '') return;
    e[k] = (typeof v === 'string' ? v.trim() : v) as DecisionEvent[K];
  };
  put('by', input.by);
  put('source', input.source);
  put('reasons', input.reasons);
  put('vote', input.vote);
  put('place', input.place);
  put('bulletin', input.bulletin);
  put('issue', input.issue);
  put('url', input.url);
  put('decision', input.decision);
  put('court', input.court);
  put('caseNumber', input.caseNumber);
  return e;
}

export const EVENT_ROW_COLUMNS = [
  'type',
  'occurred_on',
  'actor',
  'source',
  'reasons',
  'vote_id',
  'place',
  'bulletin',
  'issue',
  'url',
  'related_decision_id',
  'court',
  'case_number',
] as const;

/** The facts a decision's events are judged by, read in the same transaction (or for a page). */
export async function decisionFacts(
  db: Executor,
  bodyId: number,
  decision: { id: number; adopted_on: string; in_force_on_adoption: number },
  rules: { majorities: Record<string, unknown> },
  events: readonly DecisionEvent[],
): Promise<DecisionFacts> {
  const voteIds = [...new Set(events.flatMap((e) => (e.vote ? [e.vote] : [])))];
  const decisionIds = [...new Set(events.flatMap((e) => (e.decision ? [e.decision] : [])))];
  const votes = new Map<number, { majority: string; adopted: boolean; on: string }>();
  if (voteIds.length > 0) {
    const rows = await db
      .selectFrom('votes')
      .innerJoin('sittings', 'sittings.id', 'votes.sitting_id')
      .leftJoin('decisions', 'decisions.vote_id', 'votes.id')
      .select([
        'votes.id',
        'votes.majority_name',
        'votes.adopted',
        'votes.status',
        'sittings.date',
        'decisions.adopted_on',
      ])
      .where('votes.body_id', '=', bodyId)
      .where('votes.id', 'in', voteIds)
      .execute();
    for (const r of rows)
      if (r.status === 'closed')
        votes.set(r.id, { majority: r.majority_name, adopted: r.adopted === 1, on: r.adopted_on ?? r.date });
  }
  const decisions = new Map<number, { adoptedOn: string }>();
  if (decisionIds.length > 0) {
    const rows = await db
      .selectFrom('decisions')
      .select(['id', 'adopted_on'])
      .where('body_id', '=', bodyId)
      .where('id', 'in', decisionIds)
      .execute();
    for (const r of rows) decisions.set(r.id, { adoptedOn: r.adopted_on });
  }
  return {
    id: decision.id,
    adoptedOn: decision.adopted_on,
    inForceOnAdoption: decision.in_force_on_adoption === 1,
    hasVetoOverride: Object.hasOwn(rules.majorities, VETO_OVERRIDE_MAJORITY),
    votes,
    decisions,
  };
}

/** A decision's recorded events, in the order recorded. */
export async function decisionEventRows(db: Executor, bodyId: number, decisionId: number) {
  return db
    .selectFrom('decision_events')
    .select(['id', 'entry_index', 'recorded_at', ...EVENT_ROW_COLUMNS])
    .where('body_id', '=', bodyId)
    .where('decision_id', '=', decisionId)
    .orderBy('id')
    .execute();
}

/**
 * Records one event in a decision's life; refuses with the transition table's stable code (409),
 * or `invalid_decision_event` for an event that is not well formed (400), storing nothing.
 */
export async function recordDecisionEvent(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  decisionId: number,
  input: DecisionEventInput,
) {
  const found = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'decision.record_event', found.id);
  const event = normalize(input);
  return recordTransaction(ctx, found, async (tx: RecordTx) => {
    const body = await lockedBody(tx);
    const decision = await tx.trx
      .selectFrom('decisions')
      .select(['id', 'adopted_on', 'in_force_on_adoption'])
      .where('body_id', '=', body.id)
      .where('id', '=', decisionId)
      .executeTakeFirst();
    if (!decision) throw notFound(`decision ${decisionId}`, 'decision_not_found');
    const recorded = (await decisionEventRows(tx.trx, body.id, decision.id)).map(eventOfRow);
    const facts = await decisionFacts(tx.trx, body.id, decision, bodyRules(body), [...recorded, event]);
    const answer = decideDecisionEvent(facts, recorded, event);
    if (!answer.ok)
      throw new ServiceError(
        answer.code === 'invalid_decision_event' ? 'invalid' : 'conflict',
        answer.code,
        answer.message,
      );
    const entryIndex = tx.nextIndex;
    const row = await tx.trx
      .insertInto('decision_events')
      .values({
        body_id: body.id,
        decision_id: decision.id,
        type: event.type,
        occurred_on: event.on,
        actor: event.by ?? null,
        source: event.source ?? null,
        reasons: event.reasons ?? null,
        vote_id: event.vote ?? null,
        place: event.place ?? null,
        bulletin: event.bulletin ?? null,
        issue: event.issue ?? null,
        url: event.url ?? null,
        related_decision_id: event.decision ?? null,
        court: event.court ?? null,
        case_number: event.caseNumber ?? null,
        recorded_at: tx.now,
        entry_index: entryIndex,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    tx.record('decision.event_recorded', {
      decision: decision.id,
      eventId: row.id,
      event: event as unknown as { [key: string]: JsonValue },
    });
    return { id: row.id, entryIndex, status: answer.life.status, statusSince: answer.life.since };
  });
}
