// A dispute is a recorded objection to a recorded fact, shown beside it; it never changes it.
import { findBody } from './bodies.ts';
import { recordTransaction } from './record-transaction.ts';
import { authorize, type Actor } from './policy.ts';
import { invalid, notFound } from './service-error.ts';
import type { ServiceContext } from './service-context.ts';
import { isPartialDate } from '../domain/dates/partial-date.ts';
import { z } from 'zod';
import { partialDate, requiredText, rowId, text } from './input-schemas.ts';

export const DISPUTE_TARGETS = {
  sitting: 'sittings',
  vote: 'votes',
  motion: 'motions',
  decision: 'decisions',
} as const;
export type DisputeTarget = keyof typeof DISPUTE_TARGETS;

const DISPUTE_TARGET_TYPES = Object.keys(DISPUTE_TARGETS) as [DisputeTarget, ...DisputeTarget[]];

/** What recordDispute takes (also the body of POST /bodies/{slug}/disputes). */
export const recordDisputeInput = z.object({
  targetType: z.enum(DISPUTE_TARGET_TYPES),
  targetId: rowId,
  /** Who objects, as the source names them (they need not hold an account or a seat). */
  claimant: requiredText(500),
  claim: requiredText(10_000),
  source: text(2000).nullish(),
  occurredOn: partialDate.nullish(),
});
export type RecordDisputeInput = z.infer<typeof recordDisputeInput>;

export async function recordDispute(ctx: ServiceContext, actor: Actor | null, slug: string, input: RecordDisputeInput) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'dispute.record', body.id);
  const table = DISPUTE_TARGETS[input.targetType];
  if (!table) throw invalid('invalid_target', 'a dispute concerns a sitting, vote, motion or decision');
  if (input.occurredOn != null && !isPartialDate(input.occurredOn))
    throw invalid('invalid_date', 'occurredOn must be YYYY, YYYY-MM or YYYY-MM-DD');
  return recordTransaction(ctx, body, async (tx) => {
    const target = await tx.trx
      .selectFrom(table)
      .select('id')
      .where('body_id', '=', body.id)
      .where('id', '=', input.targetId)
      .executeTakeFirst();
    if (!target) throw notFound(`${input.targetType} ${input.targetId}`, `${input.targetType}_not_found`);
    const entryIndex = tx.nextIndex;
    const row = await tx.trx
      .insertInto('disputes')
      .values({
        body_id: body.id,
        target_type: input.targetType,
        target_id: input.targetId,
        claimant: input.claimant,
        claim: input.claim,
        source: input.source ?? null,
        occurred_on: input.occurredOn ?? null,
        recorded_at: tx.now,
        entry_index: entryIndex,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    tx.record('dispute.recorded', {
      dispute: row.id,
      target: { type: input.targetType, id: input.targetId },
      claimant: input.claimant,
      claim: input.claim,
      source: input.source ?? null,
      occurredOn: input.occurredOn ?? null,
    });
    return { id: row.id, entryIndex };
  });
}
