// A body's legislative terms (convocations), issue 15 item 2: each is a recorded fact
// (`term.established`) with its number and dates, and follows the previous term (term-dates.ts);
// `quorate verify` replays the same check and compares the stored rows with the entries.
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { findBody } from './bodies.ts';
import { recordTransaction } from './record-transaction.ts';
import { authorize, type Actor } from './policy.ts';
import { conflict, invalid } from './service-error.ts';
import type { ServiceContext } from './service-context.ts';
import { termProblem } from '../domain/roster/term-dates.ts';

export interface TermView {
  number: number;
  startsOn: string;
  endsOn: string | null;
}

export async function listTerms(db: Executor, bodyId: number): Promise<TermView[]> {
  const rows = await db
    .selectFrom('terms')
    .select(['number', 'starts_on', 'ends_on'])
    .where('body_id', '=', bodyId)
    .orderBy('number')
    .execute();
  return rows.map((r) => ({ number: r.number, startsOn: r.starts_on, endsOn: r.ends_on }));
}

/**
 * Records the body's next term. Refused unless the actor may configure the body, the dates are
 * calendar days (end on or after start), and the previous term has ended before this one starts.
 * @example await addTerm(ctx, actor, 'smolninskoye', { startsOn: '2024-09-20', endsOn: '2029-09-19' })
 */
export async function addTerm(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  input: { startsOn: string; endsOn: string | null },
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'body.configure', body.id);
  const early = termProblem(null, input);
  if (early)
    throw invalid(
      early,
      early === 'invalid_date' ? 'a term starts and ends on a YYYY-MM-DD day' : 'a term ends on or after its start',
    );
  return recordTransaction(ctx, body, async (tx) => {
    const terms = await listTerms(tx.trx, body.id);
    const previous = terms.at(-1) ?? null;
    const problem = termProblem(previous, input);
    if (problem)
      throw conflict(
        problem,
        problem === 'previous_term_open'
          ? `term ${previous!.number} has no end recorded; a new term cannot start`
          : `the new term must start after term ${previous!.number} ended (${previous!.endsOn})`,
      );
    const number = terms.length + 1;
    await tx.trx
      .insertInto('terms')
      .values({ body_id: body.id, number, starts_on: input.startsOn, ends_on: input.endsOn, created_at: tx.now })
      .execute();
    const entryIndex = tx.record('term.established', { term: number, startsOn: input.startsOn, endsOn: input.endsOn });
    return { number, entryIndex };
  });
}
