// Linking a seat to an account, inside a body's log transaction: the checks both ways to a link
// share (a site administrator's linkMemberAccount, and a member accepting an invitation). Whoever
// holds the link casts the seat's ballots, so never during a vote in progress, and one account
// holds at most one current seat of a body.
import type { RecordTx } from './record-transaction.ts';
import { conflict, notFound } from './service-error.ts';
import { voteInProgress } from './vote-in-progress.ts';

/**
 * Links the member's seat to the account, grants the body's `member` role and records
 * `member.account_linked` (the account only as its opaque number). `invited` adds the checks of
 * an invitation: the mandate is still current and its seat has no account yet.
 * @example await linkSeat(tx, 12, 7, { invited: true });
 */
export async function linkSeat(tx: RecordTx, memberId: number, userId: number, options: { invited?: boolean } = {}) {
  const bodyId = tx.body.id;
  const m = await tx.trx
    .selectFrom('memberships')
    .leftJoin('people', 'people.id', 'memberships.person_id')
    .select(['memberships.id', 'memberships.person_id', 'memberships.ends_on', 'people.user_id'])
    .where('memberships.body_id', '=', bodyId)
    .where('memberships.id', '=', memberId)
    .executeTakeFirst();
  if (!m) throw notFound(`member ${memberId}`, 'member_not_found');
  if (m.person_id === null)
    throw conflict(
      'holder_not_named',
      "this seat's holder is not named in the record; name them before linking an account",
    );
  if (options.invited && m.ends_on !== null)
    throw conflict('seat_vacant', 'this mandate has ended; the seat has no holder to invite');
  if (options.invited && m.user_id !== null)
    throw conflict('seat_linked', "this seat's holder already has an account linked");
  const personId = m.person_id;
  const open = await voteInProgress(tx.trx, bodyId);
  if (open)
    throw conflict('vote_in_progress', `vote ${open.id} is open; seats are linked to accounts only between votes`);
  const other = await tx.trx
    .selectFrom('people')
    .innerJoin('memberships', 'memberships.person_id', 'people.id')
    .select('memberships.id')
    .where('people.body_id', '=', bodyId)
    .where('people.user_id', '=', userId)
    .where('people.id', '!=', personId)
    .where('memberships.ends_on', 'is', null)
    .executeTakeFirst();
  if (other) throw conflict('account_holds_seat', `this account already holds seat of member ${other.id} in this body`);
  await tx.trx.updateTable('people').set({ user_id: userId }).where('id', '=', personId).execute();
  const has = await tx.trx
    .selectFrom('body_roles')
    .select('role')
    .where('body_id', '=', bodyId)
    .where('user_id', '=', userId)
    .where('role', '=', 'member')
    .executeTakeFirst();
  if (!has)
    await tx.trx.insertInto('body_roles').values({ body_id: bodyId, user_id: userId, role: 'member' }).execute();
  tx.record('member.account_linked', { member: memberId, account: userId });
}
