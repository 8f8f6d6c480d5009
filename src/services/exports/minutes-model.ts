// What the minutes of a sitting say, read in a fixed number of queries whatever the number of
// votes: the body once, the sitting, then every vote of the sitting with its named ballots,
// declared results and disputes in one query each (never a query per vote).
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import type { Lang } from '../../domain/i18n/lang.ts';
import { renderExplanation } from '../../domain/rules/render-explanation.ts';
import { NAMED_METHODS } from '../../domain/votes/vote-methods.ts';
import { findBody } from '../bodies.ts';
import { sittingDecisions } from '../portal-reads.ts';
import { bodyRecord, names, sittingRecord } from '../record-reads.ts';
import { minutesCheckpoint, type MinutesSection, type MinutesSectionSource } from './minutes-extensions.ts';
import { parseJsonColumn, VOTE_OUTCOME, VOTE_RULE } from '../json-columns.ts';

export interface MinutesVote {
  id: number;
  motionTitle: string;
  method: string;
  majority: string;
  /** Closed votes only. */
  counts: {
    yes: number | null;
    no: number | null;
    abstain: number | null;
    blank: number | null;
    invalid: number | null;
  } | null;
  rule: { preset?: string | null; majorityName?: string } | null;
  /** The explanation in the minutes' language. */
  outcome: { adopted: boolean; explanation: string[] } | null;
  /** Closed named votes: each member's choice, by seat. */
  ballots: Array<{ seat: number; name: { en: string | null; ru: string | null } | null; choice: string }>;
  declaredResults: Array<{ adopted: boolean; declaredBy: string; reason: string }>;
  disputes: Array<{ claimant: string; claim: string }>;
  closeEntry: number | null;
}

export type MinutesModel = Awaited<ReturnType<typeof loadMinutes>>;

/**
 * Everything the minutes print, in the language asked.
 * @example (await loadMinutes(db, 'smolninskoye', 1, 'ru')).votes[0].outcome?.adopted // true
 */
export async function loadMinutes(
  db: Executor,
  slug: string,
  sittingId: number,
  lang: Lang,
  sections: readonly MinutesSectionSource[],
) {
  const row = await findBody(db, slug);
  const body = await bodyRecord(db, row);
  const sitting = await sittingRecord(db, row, sittingId);
  const votes = await sittingVotes(db, row.id, sitting.id, lang);
  const decisions = await sittingDecisions(db, row.id, sitting.id);
  const checkpoint = await minutesCheckpoint(db, row.id);
  const extra: MinutesSection[] = [];
  for (const source of sections) {
    const section = await source({ db, bodyId: row.id, slug, sittingId: sitting.id, lang, timeZone: body.timeZone });
    if (section) extra.push(section);
  }
  return { body, sitting, votes, decisions, checkpoint, extra };
}

/** The sitting's votes in order, each with what the minutes say of it: four queries in all. */
async function sittingVotes(db: Executor, bodyId: number, sittingId: number, lang: Lang): Promise<MinutesVote[]> {
  const rows = await db
    .selectFrom('votes')
    .innerJoin('motions', 'motions.id', 'votes.motion_id')
    .select([
      'votes.id',
      'votes.method',
      'votes.status',
      'votes.majority_name',
      'votes.yes',
      'votes.no',
      'votes.abstain',
      'votes.blank',
      'votes.invalid',
      'votes.rule',
      'votes.outcome',
      'votes.close_entry',
      'motions.title',
    ])
    .where('votes.body_id', '=', bodyId)
    .where('votes.sitting_id', '=', sittingId)
    .orderBy('votes.id')
    .execute();
  const byVote = new Map<number, MinutesVote>();
  for (const v of rows) byVote.set(v.id, minutesVote(v, lang));
  await addBallots(db, bodyId, sittingId, byVote);
  await addDeclaredAndDisputed(db, bodyId, sittingId, byVote);
  return [...byVote.values()];
}

function minutesVote(
  v: {
    id: number;
    method: string;
    status: string;
    majority_name: string;
    yes: number | null;
    no: number | null;
    abstain: number | null;
    blank: number | null;
    invalid: number | null;
    rule: string | null;
    outcome: string | null;
    close_entry: number | null;
    title: string;
  },
  lang: Lang,
): MinutesVote {
  const outcome = parseJsonColumn(VOTE_OUTCOME, v.outcome);
  const closed = v.status === 'closed';
  return {
    id: v.id,
    motionTitle: v.title,
    method: v.method,
    majority: v.majority_name,
    counts: closed ? { yes: v.yes, no: v.no, abstain: v.abstain, blank: v.blank, invalid: v.invalid } : null,
    rule: parseJsonColumn(VOTE_RULE, v.rule),
    outcome: outcome && { adopted: outcome.adopted, explanation: renderExplanation(outcome.explanation, lang) },
    ballots: [],
    declaredResults: [],
    disputes: [],
    closeEntry: v.close_entry,
  };
}

/** Named ballots are public once their vote has closed; secret ones never are. */
async function addBallots(db: Executor, bodyId: number, sittingId: number, byVote: Map<number, MinutesVote>) {
  if (byVote.size === 0) return;
  const rows = await db
    .selectFrom('ballots')
    .innerJoin('votes', 'votes.id', 'ballots.vote_id')
    .innerJoin('memberships', 'memberships.id', 'ballots.membership_id')
    .innerJoin('seats', 'seats.id', 'memberships.seat_id')
    .leftJoin('people', 'people.id', 'memberships.person_id')
    .select(['ballots.vote_id', 'ballots.choice', 'seats.number', 'people.name_en', 'people.name_ru'])
    .where('ballots.body_id', '=', bodyId)
    .where('votes.sitting_id', '=', sittingId)
    .where('votes.status', '=', 'closed')
    .where('votes.method', 'in', [...NAMED_METHODS])
    .orderBy('ballots.vote_id')
    .orderBy('seats.number')
    .execute();
  for (const r of rows)
    byVote.get(r.vote_id)?.ballots.push({ seat: r.number, name: names(r.name_en, r.name_ru), choice: r.choice });
}

async function addDeclaredAndDisputed(
  db: Executor,
  bodyId: number,
  sittingId: number,
  byVote: Map<number, MinutesVote>,
) {
  if (byVote.size === 0) return;
  const declared = await db
    .selectFrom('declared_results')
    .innerJoin('votes', 'votes.id', 'declared_results.vote_id')
    .select([
      'declared_results.vote_id',
      'declared_results.adopted',
      'declared_results.declared_by',
      'declared_results.reason',
    ])
    .where('declared_results.body_id', '=', bodyId)
    .where('votes.sitting_id', '=', sittingId)
    .orderBy('declared_results.id')
    .execute();
  for (const d of declared)
    byVote
      .get(d.vote_id)
      ?.declaredResults.push({ adopted: d.adopted === 1, declaredBy: d.declared_by, reason: d.reason });
  const disputes = await db
    .selectFrom('disputes')
    .innerJoin('votes', 'votes.id', 'disputes.target_id')
    .select(['disputes.target_id', 'disputes.claimant', 'disputes.claim'])
    .where('disputes.body_id', '=', bodyId)
    .where('disputes.target_type', '=', 'vote')
    .where('votes.sitting_id', '=', sittingId)
    .orderBy('disputes.id')
    .execute();
  for (const d of disputes) byVote.get(d.target_id)?.disputes.push({ claimant: d.claimant, claim: d.claim });
}
