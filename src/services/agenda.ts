// The agenda builder (issue 16, item 2): move an item to another position, split one in two (the
// new item right after it), withdraw one with the reason. Each is a recorded act; a withdrawn item
// stays on the agenda, marked, so the numbering the notice announced can still be followed. An
// agenda is changed only while its sitting is still to come or in session, never after it closed or
// was cancelled.
import { z } from 'zod';
import { findBody } from './bodies.ts';
import { recordTransaction, type RecordTx } from './record-transaction.ts';
import { authorize, type Actor } from './policy.ts';
import { conflict, invalid, notFound } from './service-error.ts';
import type { ServiceContext } from './service-context.ts';
import { lockSitting } from './sittings.ts';
import { requiredText, rowId } from './input-schemas.ts';
import type { Executor } from '../db/dialects/quorate-dialect.ts';

export const moveAgendaItemInput = z.object({ to: rowId });
export const splitAgendaItemInput = z.object({ title: requiredText(1000) });
export const withdrawAgendaItemInput = z.object({ reason: requiredText(2000) });

async function agendaOf(tx: RecordTx, sittingId: number) {
  const sitting = await lockSitting(tx, sittingId);
  if (sitting.status === 'closed' || sitting.status === 'cancelled')
    throw conflict(`sitting_${sitting.status}`, `the sitting is ${sitting.status}; its agenda no longer changes`);
  const items = await tx.trx
    .selectFrom('agenda_items')
    .select(['id', 'position', 'title', 'lang', 'withdrawn_entry', 'closed'])
    .where('body_id', '=', tx.body.id)
    .where('sitting_id', '=', sitting.id)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return { sitting, items };
}

/**
 * The withheld titles of a sitting's closed items, for the office's eyes only (the agenda page under
 * `sitting.manage`); the public record never reads them.
 */
export async function withheldTitles(db: Executor, bodyId: number, sittingId: number): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('agenda_items')
    .select(['id', 'closed_title'])
    .where('body_id', '=', bodyId)
    .where('sitting_id', '=', sittingId)
    .where('closed_title', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.id, r.closed_title ?? '']));
}

function itemIn<T extends { id: number }>(items: T[], itemId: number): T {
  const item = items.find((i) => i.id === itemId);
  if (!item) throw notFound(`agenda item ${itemId}`, 'agenda_item_not_found');
  return item;
}

/** Writes positions 1…n in the given order, touching only the rows that move. */
async function renumber(tx: RecordTx, ordered: Array<{ id: number; position: number }>) {
  for (const [i, item] of ordered.entries())
    if (item.position !== i + 1)
      await tx.trx
        .updateTable('agenda_items')
        .set({ position: i + 1 })
        .where('body_id', '=', tx.body.id)
        .where('id', '=', item.id)
        .execute();
}

/**
 * Moves an item to position `to` (1 = first); the others keep their order.
 * @example await moveAgendaItem(ctx, clerk, 'kolpino', 4, 12, { to: 1 })
 */
export async function moveAgendaItem(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  sittingId: number,
  itemId: number,
  input: { to: number },
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'sitting.manage', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    const { sitting, items } = await agendaOf(tx, sittingId);
    const item = itemIn(items, itemId);
    if (input.to > items.length)
      throw invalid('invalid_position', `the agenda has ${items.length} items`, { field: 'to' });
    const from = items.indexOf(item) + 1;
    if (from === input.to) throw invalid('nothing_changed', `the item is already at position ${from}`);
    const ordered = items.filter((i) => i.id !== item.id);
    ordered.splice(input.to - 1, 0, item);
    await renumber(tx, ordered);
    const entryIndex = tx.record('agenda.item_moved', { sitting: sitting.id, item: item.id, from, to: input.to });
    return { entryIndex };
  });
}

/**
 * Splits an item: a new item with `title` right after it (in the item's language).
 * @example await splitAgendaItem(ctx, clerk, 'kolpino', 4, 12, { title: 'Roads: the second reading' })
 */
export async function splitAgendaItem(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  sittingId: number,
  itemId: number,
  input: { title: string },
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'sitting.manage', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    const { sitting, items } = await agendaOf(tx, sittingId);
    const item = itemIn(items, itemId);
    if (item.withdrawn_entry !== null) throw conflict('item_withdrawn', 'a withdrawn item is not split');
    if (item.closed === 1) throw conflict('item_closed', 'a closed item is not split; add another closed item');
    const at = items.indexOf(item) + 1;
    const created = await tx.trx
      .insertInto('agenda_items')
      .values({
        body_id: body.id,
        sitting_id: sitting.id,
        position: at + 1,
        title: input.title,
        lang: item.lang,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ordered = [...items];
    ordered.splice(at, 0, { ...item, id: created.id, position: at + 1 });
    await renumber(tx, ordered);
    const entryIndex = tx.record('agenda.item_split', {
      sitting: sitting.id,
      item: item.id,
      newItem: created.id,
      position: at + 1,
      title: input.title,
      ...(item.lang ? { lang: item.lang } : {}),
    });
    return { id: created.id, entryIndex };
  });
}

/**
 * Withdraws an item with the reason; it stays on the agenda, marked. Refused once a vote was
 * taken on a motion under it.
 * @example await withdrawAgendaItem(ctx, clerk, 'kolpino', 4, 12, { reason: 'the report is not ready' })
 */
export async function withdrawAgendaItem(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  sittingId: number,
  itemId: number,
  input: { reason: string },
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'sitting.manage', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    const { sitting, items } = await agendaOf(tx, sittingId);
    const item = itemIn(items, itemId);
    if (item.withdrawn_entry !== null) throw conflict('item_withdrawn', 'the item was already withdrawn');
    const voted = await tx.trx
      .selectFrom('votes')
      .innerJoin('motions', 'motions.id', 'votes.motion_id')
      .select('votes.id')
      .where('motions.body_id', '=', body.id)
      .where('motions.agenda_item_id', '=', item.id)
      .executeTakeFirst();
    if (voted) throw conflict('item_voted', `vote ${voted.id} was taken under this item; it cannot be withdrawn`);
    const entryIndex = tx.record('agenda.item_withdrawn', { sitting: sitting.id, item: item.id, reason: input.reason });
    await tx.trx
      .updateTable('agenda_items')
      .set({ withdrawn_reason: input.reason, withdrawn_entry: entryIndex })
      .where('body_id', '=', body.id)
      .where('id', '=', item.id)
      .execute();
    return { entryIndex };
  });
}
