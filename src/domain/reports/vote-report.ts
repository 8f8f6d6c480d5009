// A vote report: what a named outlet said about a vote that the record itself does not hold — for
// a show of hands, which members were reported to have voted how. It is shown beside the record
// as a report with its source; it is never a ballot, never changes a count or an outcome, and is
// never attached to a method whose record already names each member's choice (a roll call, an
// electronic named vote) or whose choices must stay unnamed (a secret ballot).
import { DomainError } from '../errors.ts';
import { NAMED_METHODS, SECRET_METHODS, VOTE_METHODS } from '../votes/vote-methods.ts';

export const REPORTED_CHOICES = ['yes', 'no', 'abstain'] as const;
export type ReportedChoice = (typeof REPORTED_CHOICES)[number];

export const REPORT_LIMITS = { claim: 2000, source: 500, positions: 500 } as const;

export interface VoteReportInput {
  claim: string;
  source: string;
  reportedOn: string | null;
  positions: ReadonlyArray<{ member: number; choice: string }>;
}

/**
 * Checks a report against the vote's method and itself; throws a DomainError with a stable code.
 * Which members belong to the body is the caller's to check (it needs the record).
 */
export function checkVoteReport(method: string, report: VoteReportInput): void {
  if ((SECRET_METHODS as readonly string[]).includes(method))
    throw new DomainError(
      'secret_vote',
      "a secret ballot's choices are never attributed to a member, even as a report",
    );
  // What is left is a method whose record keeps only totals (a show of hands), or an unknown one.
  if ((NAMED_METHODS as readonly string[]).includes(method) || !(VOTE_METHODS as readonly string[]).includes(method))
    throw new DomainError('positions_recorded', "this vote's record already names each member's choice");
  const claim = report.claim.trim();
  const source = report.source.trim();
  if (!claim || claim.length > REPORT_LIMITS.claim)
    throw new DomainError('invalid_claim', `the claim is 1 to ${REPORT_LIMITS.claim} characters`);
  if (!source || source.length > REPORT_LIMITS.source)
    throw new DomainError('invalid_source', `a report names its source, in 1 to ${REPORT_LIMITS.source} characters`);
  if (report.positions.length === 0 || report.positions.length > REPORT_LIMITS.positions)
    throw new DomainError('invalid_positions', `a report names 1 to ${REPORT_LIMITS.positions} members`);
  const seen = new Set<number>();
  for (const p of report.positions) {
    if (!(REPORTED_CHOICES as readonly string[]).includes(p.choice))
      throw new DomainError('invalid_choice', `"${p.choice}" is not yes, no or abstain`);
    if (seen.has(p.member)) throw new DomainError('duplicate_member', `member ${p.member} is named twice`);
    seen.add(p.member);
  }
}
