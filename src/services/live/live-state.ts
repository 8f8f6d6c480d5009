// The small state every live screen needs, computed once per change and sent to every viewer:
// the quorum now, and the current (or last) vote — turnout while open, never partial results
// unless the body allows them; the outcome once closed.
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import { findSitting, sittingQuorum } from '../sittings.ts';
import { voteTurnout } from '../votes.ts';
import type { LiveState } from '../../domain/live/live-state.ts';
import { parseJsonColumn, VOTE_OUTCOME } from '../json-columns.ts';

export type { LiveState };

export async function liveState(
  db: Executor,
  body: { id: number; established_seats: number; rules: string },
  sittingId: number,
): Promise<LiveState> {
  const s = await findSitting(db, body.id, sittingId);
  const q = await sittingQuorum(db, body, s);
  const attested = await db
    .selectFrom('attendance')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('body_id', '=', body.id)
    .where('sitting_id', '=', s.id)
    .where('status', '=', 'present')
    .where('attested_at', 'is not', null)
    .executeTakeFirstOrThrow();
  const v = await db
    .selectFrom('votes')
    .innerJoin('motions', 'motions.id', 'votes.motion_id')
    .select([
      'votes.id',
      'votes.body_id',
      'votes.motion_id',
      'motions.title',
      'votes.method',
      'votes.status',
      'votes.present',
      'votes.yes',
      'votes.no',
      'votes.abstain',
      'votes.outcome',
    ])
    .where('votes.body_id', '=', body.id)
    .where('votes.sitting_id', '=', s.id)
    .orderBy('votes.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  let vote: LiveState['vote'] = null;
  if (v) {
    const closed = v.status === 'closed';
    const o = parseJsonColumn(VOTE_OUTCOME, v.outcome);
    vote = {
      id: v.id,
      motionId: v.motion_id,
      motionTitle: v.title,
      method: v.method,
      status: v.status,
      present: v.present,
      turnout: await voteTurnout(db, { id: v.id, body_id: v.body_id, method: v.method }),
      counts: closed ? { yes: v.yes, no: v.no, abstain: v.abstain } : null,
      outcome: o ? { adopted: o.adopted, quorate: o.quorate, requiredYes: o.requiredYes, reason: o.reason } : null,
    };
  }
  return {
    sitting: { id: s.id, status: s.status, title: s.title, date: s.date },
    quorum: {
      present: q.present,
      needed: q.needed,
      quorate: q.quorate,
      filled: q.filled,
      established: q.established,
      attested: Number(attested.n),
    },
    vote,
  };
}
