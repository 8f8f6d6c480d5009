// A decision's life as readers see it (issue 17, item 3): the status derived from its events on
// the body's calendar day (never stored), the timeline, and the links both ways — the decisions
// that amended or repealed it, and those it amended or repealed. Used by the register, the
// decision's page, the JSON API, CSV, Popolo and Atom.
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { dayInZone } from '../domain/i18n/format-dates.ts';
import {
  applyDecisionEvents,
  type DecisionEvent,
  type DecisionLife,
  type DecisionStatus,
} from '../domain/decisions/decision-life.ts';
import { decisionFacts, eventOfRow, EVENT_ROW_COLUMNS } from './decision-events.ts';
import { findBody } from './bodies.ts';
import { notFound } from './service-error.ts';

export interface DecisionEventView extends DecisionEvent {
  id: number;
  /** The status after this event. */
  status: DecisionStatus;
  /** Dated after today: still to come. */
  pending: boolean;
  recordedAt: string;
  entryIndex: number;
  /** The other decision's register number, for amended / repealed. */
  decisionNumber?: string | null;
}

export interface DecisionLifeView {
  status: DecisionStatus;
  statusSince: string;
  protested: boolean;
  openCases: DecisionLife['openCases'];
  amendedBy: Array<{ id: number; registerNumber: string | null }>;
  repealedBy: { id: number; registerNumber: string | null } | null;
  /** The decisions this one amended or repealed (the links the other way). */
  amends: Array<{ id: number; registerNumber: string | null }>;
  repeals: Array<{ id: number; registerNumber: string | null }>;
  events: DecisionEventView[];
}

/** The body's calendar day now. */
export function bodyToday(body: { time_zone: string }, now = new Date()): string {
  return dayInZone(now.toISOString(), body.time_zone);
}

/**
 * The lives of some of a body's decisions (all of them when `ids` is absent), keyed by id.
 * A decision with no events costs no query beyond the two shared ones.
 */
export async function decisionLives(
  db: Executor,
  body: { id: number; time_zone: string },
  ids?: readonly number[],
  today = bodyToday(body),
): Promise<Map<number, DecisionLifeView>> {
  const out = new Map<number, DecisionLifeView>();
  if (ids !== undefined && ids.length === 0) return out;
  let decisions = db
    .selectFrom('decisions')
    .select(['id', 'adopted_on', 'in_force_on_adoption', 'register_number'])
    .where('body_id', '=', body.id);
  if (ids !== undefined) decisions = decisions.where('id', 'in', [...ids]);
  const rows = await decisions.execute();
  let events = db
    .selectFrom('decision_events')
    .select(['id', 'decision_id', 'entry_index', 'recorded_at', ...EVENT_ROW_COLUMNS])
    .where('body_id', '=', body.id);
  if (ids !== undefined)
    events = events.where((eb) =>
      eb.or([eb('decision_id', 'in', [...ids]), eb('related_decision_id', 'in', [...ids])]),
    );
  const eventRows = await events.orderBy('id').execute();
  const numbers = new Map<number, string | null>();
  const wanted = new Set(eventRows.flatMap((e) => [e.decision_id, e.related_decision_id ?? e.decision_id]));
  for (const r of rows) numbers.set(r.id, r.register_number);
  const missing = [...wanted].filter((id) => !numbers.has(id));
  if (missing.length > 0)
    for (const r of await db
      .selectFrom('decisions')
      .select(['id', 'register_number'])
      .where('body_id', '=', body.id)
      .where('id', 'in', missing)
      .execute())
      numbers.set(r.id, r.register_number);
  const ref = (id: number) => ({ id, registerNumber: numbers.get(id) ?? null });
  for (const row of rows) {
    const own = eventRows.filter((e) => e.decision_id === row.id);
    const list = own.map(eventOfRow);
    // Already judged when recorded: read time does not judge them again against today's rules.
    const facts = { ...(await decisionFacts(db, body.id, row, { majorities: {} }, list)), hasVetoOverride: true };
    const life = applyDecisionEvents(facts, list, today);
    const amends: number[] = [];
    const repeals: number[] = [];
    for (const e of eventRows)
      if (e.related_decision_id === row.id) (e.type === 'amended' ? amends : repeals).push(e.decision_id);
    out.set(row.id, {
      status: life.status,
      statusSince: life.since,
      protested: life.protested,
      openCases: life.openCases,
      amendedBy: life.amendedBy.map(ref),
      repealedBy: life.repealedBy === null ? null : ref(life.repealedBy),
      amends: [...new Set(amends)].map(ref),
      repeals: [...new Set(repeals)].map(ref),
      events: own.map((r, i) => ({
        ...list[i]!,
        id: r.id,
        status: life.timeline[i]!.status,
        pending: life.timeline[i]!.pending,
        recordedAt: r.recorded_at,
        entryIndex: r.entry_index,
        ...(r.related_decision_id !== null ? { decisionNumber: numbers.get(r.related_decision_id) ?? null } : {}),
      })),
    });
  }
  return out;
}

/** One decision with its vote, motion and life: GET /bodies/{slug}/decisions/{id} and its page. */
export async function getDecision(db: Executor, slug: string, id: number) {
  const b = await findBody(db, slug);
  const d = await db
    .selectFrom('decisions')
    .innerJoin('motions', 'motions.id', 'decisions.motion_id')
    .innerJoin('votes', 'votes.id', 'decisions.vote_id')
    .select([
      'decisions.id',
      'decisions.register_number',
      'decisions.adopted_on',
      'decisions.vote_id',
      'decisions.entry_index',
      'decisions.historical',
      'decisions.in_force_on_adoption',
      'motions.id as motion_id',
      'motions.title',
      'motions.kind',
      'votes.sitting_id',
    ])
    .where('decisions.body_id', '=', b.id)
    .where('decisions.id', '=', id)
    .executeTakeFirst();
  if (!d) throw notFound(`decision ${id}`, 'decision_not_found');
  const life = (await decisionLives(db, b, [d.id])).get(d.id)!;
  return {
    id: d.id,
    registerNumber: d.register_number,
    adoptedOn: d.adopted_on,
    voteId: d.vote_id,
    sittingId: d.sitting_id,
    motion: { id: d.motion_id, title: d.title, kind: d.kind },
    historical: d.historical === 1,
    inForceOnAdoption: d.in_force_on_adoption === 1,
    entryIndex: d.entry_index,
    ...life,
  };
}
