// Vote reports: what named outlets reported about a vote the record does not hold (for a show of
// hands, who was reported to have voted how). Recorded as a report with its source, shown beside
// the vote and on the members' pages as a report — never as a recorded roll call, and it changes no
// count and no outcome. The rules are in domain/reports/vote-report.ts.
import { findBody } from './bodies.ts';
import { recordTransaction, toServiceError } from './record-transaction.ts';
import { authorize, type Actor } from './policy.ts';
import { invalid, notFound } from './service-error.ts';
import type { ServiceContext } from './service-context.ts';
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { isPartialDate } from '../domain/dates/partial-date.ts';
import {
  checkVoteReport,
  REPORT_LIMITS,
  REPORTED_CHOICES,
  type ReportedChoice,
} from '../domain/reports/vote-report.ts';
import { z } from 'zod';
import { partialDate, requiredText, rowId } from './input-schemas.ts';

/** What recordVoteReport takes (also the body of POST /bodies/{slug}/votes/{id}/reports). */
export const recordVoteReportInput = z.object({
  claim: requiredText(REPORT_LIMITS.claim),
  /** The outlet that reported it. */
  source: requiredText(REPORT_LIMITS.source),
  reportedOn: partialDate.nullish(),
  positions: z
    .array(z.object({ memberId: rowId, choice: z.enum(REPORTED_CHOICES) }))
    .min(1)
    .max(REPORT_LIMITS.positions),
});
export type RecordVoteReportInput = z.infer<typeof recordVoteReportInput>;

export async function recordVoteReport(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  voteId: number,
  input: RecordVoteReportInput,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'report.record', body.id);
  const reportedOn = input.reportedOn ?? null;
  if (reportedOn !== null && !isPartialDate(reportedOn))
    throw invalid('invalid_date', 'reportedOn must be YYYY, YYYY-MM or YYYY-MM-DD');
  return recordTransaction(ctx, body, async (tx) => {
    const vote = await tx.trx
      .selectFrom('votes')
      .select(['id', 'method'])
      .where('body_id', '=', body.id)
      .where('id', '=', voteId)
      .executeTakeFirst();
    if (!vote) throw notFound(`vote ${voteId}`, 'vote_not_found');
    const positions = input.positions.map((p) => ({ member: p.memberId, choice: p.choice }));
    const report = { claim: input.claim.trim(), source: input.source.trim(), reportedOn, positions };
    try {
      checkVoteReport(vote.method, report);
    } catch (err) {
      throw toServiceError(err);
    }
    const members = await tx.trx
      .selectFrom('memberships')
      .select('id')
      .where('body_id', '=', body.id)
      .where(
        'id',
        'in',
        positions.map((p) => p.member),
      )
      .execute();
    if (members.length !== positions.length) {
      const known = new Set(members.map((m) => m.id));
      const missing = positions.find((p) => !known.has(p.member))!;
      throw notFound(`member ${missing.member}`, 'member_not_found');
    }
    const entryIndex = tx.nextIndex;
    const row = await tx.trx
      .insertInto('vote_reports')
      .values({
        body_id: body.id,
        vote_id: vote.id,
        claim: report.claim,
        source: report.source,
        reported_on: reportedOn,
        recorded_at: tx.now,
        entry_index: entryIndex,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.trx
      .insertInto('vote_report_positions')
      .values(
        positions.map((p) => ({
          report_id: row.id,
          body_id: body.id,
          member_id: p.member,
          choice: p.choice as ReportedChoice,
        })),
      )
      .execute();
    tx.record('vote.report_recorded', {
      report: row.id,
      vote: vote.id,
      positions: positions.map((p) => ({ member: p.member, choice: p.choice })),
      claim: report.claim,
      source: report.source,
      reportedOn,
    });
    return { id: row.id, entryIndex };
  });
}

export interface VoteReportView {
  id: number;
  claim: string;
  source: string;
  reportedOn: string | null;
  recordedAt: string;
  entryIndex: number;
  positions: Array<{
    memberId: number;
    seat: number;
    nameEn: string | null;
    nameRu: string | null;
    choice: ReportedChoice;
  }>;
}

/** The reports on one vote, oldest first, each with its members' names. */
export async function reportsOnVote(db: Executor, bodyId: number, voteId: number): Promise<VoteReportView[]> {
  const reports = await db
    .selectFrom('vote_reports')
    .selectAll()
    .where('body_id', '=', bodyId)
    .where('vote_id', '=', voteId)
    .orderBy('id')
    .execute();
  if (reports.length === 0) return [];
  const positions = await db
    .selectFrom('vote_report_positions as p')
    .innerJoin('memberships as m', 'm.id', 'p.member_id')
    .innerJoin('seats', 'seats.id', 'm.seat_id')
    .leftJoin('people', 'people.id', 'm.person_id')
    .select(['p.report_id', 'p.member_id', 'p.choice', 'seats.number as seat', 'people.name_en', 'people.name_ru'])
    .where('p.body_id', '=', bodyId)
    .where(
      'p.report_id',
      'in',
      reports.map((r) => r.id),
    )
    .orderBy('p.report_id')
    .orderBy('p.member_id')
    .execute();
  return reports.map((r) => ({
    id: r.id,
    claim: r.claim,
    source: r.source,
    reportedOn: r.reported_on,
    recordedAt: r.recorded_at,
    entryIndex: r.entry_index,
    positions: positions
      .filter((p) => p.report_id === r.id)
      .map((p) => ({ memberId: p.member_id, seat: p.seat, nameEn: p.name_en, nameRu: p.name_ru, choice: p.choice })),
  }));
}

export interface ReportedPositionView {
  voteId: number;
  motionTitle: string;
  choice: ReportedChoice;
  claim: string;
  source: string;
  reportedOn: string | null;
  entryIndex: number;
}

/** What was reported of one member's positions, vote by vote (for the member's page). */
export async function reportedPositionsOf(
  db: Executor,
  bodyId: number,
  memberId: number,
): Promise<ReportedPositionView[]> {
  const rows = await db
    .selectFrom('vote_report_positions as p')
    .innerJoin('vote_reports as r', 'r.id', 'p.report_id')
    .innerJoin('votes as v', 'v.id', 'r.vote_id')
    .innerJoin('motions as m', 'm.id', 'v.motion_id')
    .select(['r.vote_id', 'm.title', 'p.choice', 'r.claim', 'r.source', 'r.reported_on', 'r.entry_index'])
    .where('p.body_id', '=', bodyId)
    .where('p.member_id', '=', memberId)
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({
    voteId: r.vote_id,
    motionTitle: r.title,
    choice: r.choice,
    claim: r.claim,
    source: r.source,
    reportedOn: r.reported_on,
    entryIndex: r.entry_index,
  }));
}
