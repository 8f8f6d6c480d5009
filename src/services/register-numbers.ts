// Register numbers given when a live decision is registered (issue 17, item 4), under the log-head
// lock of the close that registers it, so two closes can never take one number; the unique index
// on (body, register number) backs it. The scheme is the rules' `decisions.numbering`
// (domain/decisions/register-number.ts); none named: `{number}`, the body's one run. A number is
// never reused: the next `{number}` is one past the highest the run has given (or, for the one
// run, the body's counter), and a number already in the register is skipped.
import type { RecordTx } from './record-transaction.ts';
import { DEFAULT_NUMBERING, formatRegisterNumber, numberingScope } from '../domain/decisions/register-number.ts';
import type { RuleSet } from '../domain/rules/rule-set.ts';

export interface AssignedNumber {
  registerNumber: string;
  sequence: number | null;
  scope: string | null;
}

/** Whether a live decision already holds this register number. */
export async function numberInRegister(tx: RecordTx, registerNumber: string): Promise<boolean> {
  const taken = await tx.trx
    .selectFrom('decisions')
    .select('id')
    .where('body_id', '=', tx.body.id)
    .where('historical', '=', 0)
    .where('register_number', '=', registerNumber)
    .executeTakeFirst();
  return taken !== undefined;
}

/** The register number of a live decision adopted on `adoptedOn` at this sitting, on this motion. */
export async function assignRegisterNumber(
  tx: RecordTx,
  at: {
    rules: RuleSet;
    nextDecisionNumber: number;
    adoptedOn: string;
    sittingId: number;
    motionId: number;
  },
): Promise<AssignedNumber> {
  const scheme = at.rules.decisions?.numbering ?? DEFAULT_NUMBERING;
  const scope = numberingScope(scheme, at.adoptedOn);
  const year = at.adoptedOn.slice(0, 4);
  if (scope === '') {
    // One run for the body's whole life: the body's counter (a clerk may have typed some numbers).
    let next = at.nextDecisionNumber;
    while (await numberInRegister(tx, formatRegisterNumber(scheme, { number: next, year }))) next++;
    await tx.trx
      .updateTable('bodies')
      .set({ next_decision_number: next + 1 })
      .where('id', '=', tx.body.id)
      .execute();
    return { registerNumber: formatRegisterNumber(scheme, { number: next, year }), sequence: next, scope };
  }
  if (scope !== null) {
    // A run within the year of adoption, restarting on 1 January.
    const top = await tx.trx
      .selectFrom('decisions')
      .select((eb) => eb.fn.max('register_sequence').as('n'))
      .where('body_id', '=', tx.body.id)
      .where('register_scope', '=', scope)
      .executeTakeFirst();
    let next = Number(top?.n ?? 0) + 1;
    while (await numberInRegister(tx, formatRegisterNumber(scheme, { number: next, year }))) next++;
    return { registerNumber: formatRegisterNumber(scheme, { number: next, year }), sequence: next, scope };
  }
  // {sitting}-{item}: the sitting's number within its term, the agenda item's position.
  const sitting = await tx.trx
    .selectFrom('sittings')
    .select(['id', 'date'])
    .where('id', '=', at.sittingId)
    .executeTakeFirstOrThrow();
  const term = await tx.trx
    .selectFrom('terms')
    .select(['starts_on'])
    .where('body_id', '=', tx.body.id)
    .where('starts_on', '<=', sitting.date)
    .orderBy('starts_on', 'desc')
    .executeTakeFirst();
  const earlier = await tx.trx
    .selectFrom('sittings')
    .select(['id', 'date'])
    .where('body_id', '=', tx.body.id)
    .where('status', '!=', 'cancelled')
    .where('date', '>=', term?.starts_on ?? '0000')
    .where('date', '<=', sitting.date)
    .execute();
  const sittingNumber = earlier.filter(
    (s) => s.date < sitting.date || (s.date === sitting.date && s.id <= sitting.id),
  ).length;
  const motion = await tx.trx
    .selectFrom('motions')
    .leftJoin('agenda_items', 'agenda_items.id', 'motions.agenda_item_id')
    .select(['motions.id', 'agenda_items.position'])
    .where('motions.id', '=', at.motionId)
    .executeTakeFirstOrThrow();
  let item = motion.position;
  if (item === null) {
    // A motion on no agenda item: its place among the sitting's motions.
    const motions = await tx.trx
      .selectFrom('motions')
      .select('id')
      .where('body_id', '=', tx.body.id)
      .where('sitting_id', '=', at.sittingId)
      .where('id', '<=', at.motionId)
      .execute();
    item = motions.length;
  }
  const base = formatRegisterNumber(scheme, { sitting: sittingNumber, item, year });
  // Two decisions on one item: the second is "3-4.2", and so on.
  let candidate = base;
  for (let k = 2; await numberInRegister(tx, candidate); k++) candidate = `${base}.${k}`;
  return { registerNumber: candidate, sequence: null, scope: null };
}
