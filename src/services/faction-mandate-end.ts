// When a mandate ends on a known day, the member's faction membership ends with it: a deputy whose
// mandate has ended is no longer a deputy, so no longer in a deputies' association (131-FZ art. 35.1
// part 1 speaks of «депутаты … входят в депутатские объединения (во фракции)»). Called by the use
// case that ends a mandate, inside its transaction: each open membership gets its
// `faction.member_left` on that day. A mandate ended on a month or a year only (a historical record)
// leaves the membership open — no day is invented — for the clerk to close when it is known.
import type { RecordTx } from './record-transaction.ts';
import { isDay } from '../domain/roster/faction-dates.ts';

export async function endFactionMembershipsWithMandate(tx: RecordTx, memberId: number, endsOn: string) {
  if (!isDay(endsOn)) return;
  const open = await tx.trx
    .selectFrom('faction_members')
    .select(['id', 'faction_id', 'joins_on'])
    .where('body_id', '=', tx.body.id)
    .where('membership_id', '=', memberId)
    .where('leaves_on', 'is', null)
    .orderBy('id')
    .execute();
  for (const s of open) {
    // A mandate recorded as ending before the member joined leaves the membership as it is: the
    // replay would refuse a leaving day before the joining day.
    if (endsOn < s.joins_on) continue;
    await tx.trx.updateTable('faction_members').set({ leaves_on: endsOn }).where('id', '=', s.id).execute();
    tx.record('faction.member_left', { faction: s.faction_id, member: memberId, leavesOn: endsOn });
  }
}
