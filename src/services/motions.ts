// Motions and amendments. An amendment names the motion it amends and is voted before it.
import { z } from 'zod';
import { requiredText, rowId, text } from './input-schemas.ts';
import { bodyRules, findBody, lockedBody } from './bodies.ts';
import { recordTransaction } from './record-transaction.ts';
import { lockSitting } from './sittings.ts';
import { authorize, type Actor } from './policy.ts';
import { conflict, invalid, notFound } from './service-error.ts';
import type { ServiceContext } from './service-context.ts';
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { checkBodyLanguage } from './record-texts.ts';
import { checkApprovalMotion } from './minutes/minutes.ts';
import { MINUTES_APPROVAL_KIND } from '../domain/minutes/minutes-life.ts';

/** What tableMotion takes (also the body of POST /bodies/{slug}/motions). */
export const tableMotionInput = z.object({
  sittingId: rowId,
  agendaItemId: rowId.nullish(),
  /** One of the kinds the body's rules name (RuleSet.motionKinds). */
  kind: text(64).min(1),
  title: requiredText(2000),
  text: text(60_000),
  /** Membership ids. */
  sponsors: z.array(rowId).max(10_000).optional(),
  amendsMotionId: rowId.nullish(),
  /** Called a second time on this matter after a lack of quorum (GO NRW §49(2)). */
  secondConvocation: z.boolean().optional(),
  /** Previous notice of the motion was given (RONR 57:1). */
  previousNotice: z.boolean().optional(),
  /**
   * A motion of kind `minutes_approval` (issue 17): the earlier sitting whose minutes it puts to
   * the vote, and the draft version; its adoption freezes that version.
   */
  minutesOf: z.object({ sittingId: rowId, version: z.number().int().positive().max(2_147_483_647) }).nullish(),
  /** The language the title and text are entered in: one of the body's (issue 16, item 5). */
  lang: z
    .string()
    .regex(/^[a-z]{2,3}$/)
    .nullish(),
});
export type TableMotionInput = z.infer<typeof tableMotionInput>;

export async function tableMotion(ctx: ServiceContext, actor: Actor | null, slug: string, input: TableMotionInput) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'motion.table', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    // The motion kinds of the rules in force under the log-head lock.
    const current = await lockedBody(tx);
    checkBodyLanguage(current, input.lang);
    const rules = bodyRules(current);
    const approval = input.kind === MINUTES_APPROVAL_KIND;
    if (!Object.hasOwn(rules.motionKinds, input.kind) && !(approval && Object.hasOwn(rules.majorities, 'ordinary'))) {
      throw invalid('unknown_motion_kind', `this body's rules know no motion kind "${input.kind}"`, {
        known: Object.keys(rules.motionKinds),
      });
    }
    const sitting = await lockSitting(tx, input.sittingId);
    if (sitting.status === 'closed') throw conflict('sitting_closed', 'the sitting is closed');
    if (approval && !input.minutesOf)
      throw invalid('minutes_not_named', 'an approval of the minutes names the sitting and the draft version', {
        field: 'minutesOf',
      });
    if (!approval && input.minutesOf)
      throw invalid('minutes_only_for_approval', `only a motion of kind "${MINUTES_APPROVAL_KIND}" names minutes`, {
        field: 'minutesOf',
      });
    if (input.minutesOf) await checkApprovalMotion(tx, sitting.id, input.minutesOf);
    if (input.agendaItemId != null) {
      const item = await tx.trx
        .selectFrom('agenda_items')
        .select(['id', 'closed'])
        .where('body_id', '=', body.id)
        .where('sitting_id', '=', sitting.id)
        .where('id', '=', input.agendaItemId)
        .executeTakeFirst();
      if (!item) throw notFound(`agenda item ${input.agendaItemId}`, 'agenda_item_not_found');
      // The record of motions and votes is public; a closed item's business is not (DESIGN.md).
      if (item.closed === 1)
        throw conflict('item_closed', 'the item is closed to the public; no public motion is tabled under it');
    }
    const sponsors = [...new Set(input.sponsors ?? [])];
    if (sponsors.length > 0) {
      const found = await tx.trx
        .selectFrom('memberships')
        .select('id')
        .where('body_id', '=', body.id)
        .where('id', 'in', sponsors)
        .execute();
      if (found.length !== sponsors.length) throw notFound('a sponsor', 'member_not_found');
    }
    if (input.amendsMotionId != null) {
      const target = await tx.trx
        .selectFrom('motions')
        .select(['id', 'status'])
        .where('body_id', '=', body.id)
        .where('id', '=', input.amendsMotionId)
        .executeTakeFirst();
      if (!target) throw notFound(`motion ${input.amendsMotionId}`, 'motion_not_found');
      if (target.status !== 'pending')
        throw conflict('motion_not_pending', 'only a motion not yet voted on can be amended');
    }
    const entryIndex = tx.nextIndex;
    const row = await tx.trx
      .insertInto('motions')
      .values({
        body_id: body.id,
        sitting_id: sitting.id,
        agenda_item_id: input.agendaItemId ?? null,
        kind: input.kind,
        title: input.title,
        text: input.text,
        text_blob: null,
        amends_motion_id: input.amendsMotionId ?? null,
        sponsors: JSON.stringify(sponsors),
        status: 'pending',
        created_at: tx.now,
        entry_index: entryIndex,
        second_convocation: input.secondConvocation ? 1 : 0,
        previous_notice: input.previousNotice ? 1 : 0,
        lang: input.lang ?? null,
        minutes_sitting_id: input.minutesOf?.sittingId ?? null,
        minutes_version: input.minutesOf?.version ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    tx.record('motion.tabled', {
      motion: row.id,
      sitting: sitting.id,
      agendaItem: input.agendaItemId ?? null,
      kind: input.kind,
      title: input.title,
      text: input.text,
      sponsors,
      amends: input.amendsMotionId ?? null,
      // Recorded only when given, so motions without them keep the entry shape they always had.
      ...(input.secondConvocation ? { secondConvocation: true } : {}),
      ...(input.previousNotice ? { previousNotice: true } : {}),
      ...(input.lang ? { lang: input.lang } : {}),
      ...(input.minutesOf ? { minutes: { sitting: input.minutesOf.sittingId, version: input.minutesOf.version } } : {}),
    });
    return { id: row.id, entryIndex };
  });
}

export async function findMotion(db: Executor, bodyId: number, motionId: number) {
  const m = await db
    .selectFrom('motions')
    .selectAll()
    .where('body_id', '=', bodyId)
    .where('id', '=', motionId)
    .executeTakeFirst();
  if (!m) throw notFound(`motion ${motionId}`, 'motion_not_found');
  return m;
}
