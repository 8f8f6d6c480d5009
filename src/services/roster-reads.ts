// The roster as the clerk's office shows it (issue 15, item 3): every established seat with its
// current holder (named, unnamed, or none), and every mandate that has ended, with its dates and
// recorded reason.
import type { Executor } from '../db/dialects/quorate-dialect.ts';

export interface RosterHolder {
  membershipId: number;
  nameEn: string | null;
  nameRu: string | null;
  startsOn: string | null;
  /** Whether an account is linked to the holder (through an invitation or a site administrator). */
  linked: boolean;
}

export interface RosterView {
  established: number;
  filled: number;
  seats: Array<{ number: number; holder: RosterHolder | null }>;
  ended: Array<RosterHolder & { seat: number; endsOn: string; reason: string | null }>;
}

export async function rosterView(db: Executor, bodyId: number, established: number): Promise<RosterView> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('seats', 'seats.id', 'memberships.seat_id')
    .leftJoin('people', 'people.id', 'memberships.person_id')
    .select([
      'memberships.id as membershipId',
      'seats.number as seat',
      'people.name_en as nameEn',
      'people.name_ru as nameRu',
      'memberships.starts_on as startsOn',
      'memberships.ends_on as endsOn',
      'memberships.end_reason as reason',
      'people.user_id as userId',
    ])
    .where('memberships.body_id', '=', bodyId)
    .orderBy('seats.number')
    .orderBy('memberships.id')
    .execute();
  const current = new Map<number, RosterHolder>();
  const ended: RosterView['ended'] = [];
  for (const r of rows) {
    const holder = {
      membershipId: r.membershipId,
      nameEn: r.nameEn,
      nameRu: r.nameRu,
      startsOn: r.startsOn,
      linked: r.userId !== null,
    };
    if (r.endsOn === null) current.set(r.seat, holder);
    else ended.push({ ...holder, seat: r.seat, endsOn: r.endsOn, reason: r.reason });
  }
  const seats = Array.from({ length: established }, (_, i) => ({ number: i + 1, holder: current.get(i + 1) ?? null }));
  return { established, filled: current.size, seats, ended };
}
