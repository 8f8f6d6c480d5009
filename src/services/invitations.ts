// Invitations to a seat (issue 15, item 4). A clerk invites the holder of a filled seat; the
// invitation is a one-time link (a random 256-bit secret, only its SHA-256 stored, valid
// INVITATION_DAYS, used once, revocable; a new one for the same mandate voids the older unused
// ones) that the clerk hands over. Accepting it — as a new account, or with the signed-in one —
// links that account to the seat (`member.account_linked`, the account an opaque number) and
// grants the body's `member` role. The clerk never chooses the account: the invitee's own act
// does, under the invitation's authority, the one way besides a site administrator.
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { authorize, type Actor, type Role } from './policy.ts';
import { createUser } from './accounts.ts';
import { findBody } from './bodies.ts';
import { recordTransaction } from './record-transaction.ts';
import { linkSeat } from './seat-link.ts';
import { ServiceError, conflict, invalid, notFound } from './service-error.ts';
import { sha256Hex, type ServiceContext } from './service-context.ts';
import { BODY_NAMES, parseJsonColumn } from './json-columns.ts';

export const INVITATION_DAYS = 7;
/** Longer than any secret issued here (43 characters); a longer one is refused unread. */
const MAX_TOKEN = 200;

const invitationInvalid = () =>
  new ServiceError('invalid', 'invitation_invalid', 'this invitation is unknown, used, revoked or expired');

/** The current mandate of a seat, with whether its holder is named and already has an account. */
async function currentMandate(db: Executor, bodyId: number, seatNumber: number) {
  return db
    .selectFrom('memberships')
    .innerJoin('seats', 'seats.id', 'memberships.seat_id')
    .leftJoin('people', 'people.id', 'memberships.person_id')
    .select(['memberships.id', 'memberships.person_id', 'people.user_id'])
    .where('memberships.body_id', '=', bodyId)
    .where('seats.number', '=', seatNumber)
    .where('memberships.ends_on', 'is', null)
    .executeTakeFirst();
}

/**
 * Invites the holder of a filled seat. Returns the secret once (to show, or to send); the older
 * unused invitations of the same mandate are revoked in the same transaction.
 * @example const { token } = await inviteMember(ctx, clerk, 'smolninskoye', { seatNumber: 3 }); // `/invite?token=${token}`
 */
export async function inviteMember(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  input: { seatNumber: number },
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'member.invite', body.id);
  if (!Number.isInteger(input.seatNumber) || input.seatNumber < 1 || input.seatNumber > body.established_seats)
    throw notFound(`seat ${input.seatNumber}`, 'seat_not_found');
  const token = Buffer.from(ctx.randomBytes(32)).toString('base64url');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString();
  const id = await ctx.dialect.db.transaction().execute(async (trx) => {
    const m = await currentMandate(trx, body.id, input.seatNumber);
    if (!m) throw conflict('seat_vacant', `seat ${input.seatNumber} has no holder to invite`);
    if (m.person_id === null)
      throw conflict('holder_not_named', "this seat's holder is not named in the record; name them before inviting");
    if (m.user_id !== null) throw conflict('seat_linked', `seat ${input.seatNumber}'s holder already has an account`);
    await trx
      .updateTable('member_invitations')
      .set({ revoked_at: now.toISOString() })
      .where('membership_id', '=', m.id)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute();
    const row = await trx
      .insertInto('member_invitations')
      .values({
        body_id: body.id,
        membership_id: m.id,
        token_hash: sha256Hex(token),
        created_by: actor.userId,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        used_at: null,
        used_by: null,
        revoked_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  return { id, token, expiresAt, seat: input.seatNumber };
}

/** Revokes an unused invitation of the body (refused as not found once it is used or revoked). */
export async function revokeInvitation(ctx: ServiceContext, actor: Actor | null, slug: string, invitationId: number) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'member.invite', body.id);
  const r = await ctx.dialect.db
    .updateTable('member_invitations')
    .set({ revoked_at: ctx.now().toISOString() })
    .where('id', '=', invitationId)
    .where('body_id', '=', body.id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw notFound(`invitation ${invitationId}`, 'invitation_not_found');
}

export interface PendingInvitation {
  id: number;
  seat: number;
  createdAt: string;
  expiresAt: string;
}

/** The body's invitations that may still be accepted (mandate current, seat without an account), by seat. */
export async function pendingInvitations(db: Executor, bodyId: number, now: Date): Promise<PendingInvitation[]> {
  const rows = await db
    .selectFrom('member_invitations')
    .innerJoin('memberships', 'memberships.id', 'member_invitations.membership_id')
    .innerJoin('seats', 'seats.id', 'memberships.seat_id')
    .leftJoin('people', 'people.id', 'memberships.person_id')
    .select([
      'member_invitations.id',
      'seats.number as seat',
      'member_invitations.created_at',
      'member_invitations.expires_at',
    ])
    .where('member_invitations.body_id', '=', bodyId)
    .where('member_invitations.used_at', 'is', null)
    .where('member_invitations.revoked_at', 'is', null)
    .where('member_invitations.expires_at', '>', now.toISOString())
    .where('memberships.ends_on', 'is', null)
    // A seat linked another way since (a site administrator) has nothing left to accept.
    .where('people.user_id', 'is', null)
    .orderBy('seats.number')
    .orderBy('member_invitations.id')
    .limit(10_000)
    .execute();
  return rows.map((r) => ({ id: r.id, seat: r.seat, createdAt: r.created_at, expiresAt: r.expires_at }));
}

export interface InvitationView {
  slug: string;
  names: Record<string, string>;
  /** The seat a member's invitation is for; null for an invitation to an office. */
  seat: number | null;
  /** The role an invitation to an office grants; null for a member's. */
  role: Role | null;
  expiresAt: string;
}

/** What an invitation's page shows: the body and the seat, while the invitation may be accepted. */
export async function invitationFor(db: Executor, now: Date, token: string): Promise<InvitationView | null> {
  if (token.length === 0 || token.length > MAX_TOKEN) return null;
  const row = await db
    .selectFrom('member_invitations')
    .innerJoin('bodies', 'bodies.id', 'member_invitations.body_id')
    .innerJoin('memberships', 'memberships.id', 'member_invitations.membership_id')
    .innerJoin('seats', 'seats.id', 'memberships.seat_id')
    .leftJoin('people', 'people.id', 'memberships.person_id')
    .select(['bodies.slug', 'bodies.names', 'seats.number as seat', 'member_invitations.expires_at', 'people.user_id'])
    .where('member_invitations.token_hash', '=', sha256Hex(token))
    .where('member_invitations.used_at', 'is', null)
    .where('member_invitations.revoked_at', 'is', null)
    .where('member_invitations.expires_at', '>', now.toISOString())
    .where('memberships.ends_on', 'is', null)
    .executeTakeFirst();
  if (!row) return officerInvitationFor(db, now, token);
  if (row.user_id !== null) return null;
  return {
    slug: row.slug,
    names: parseJsonColumn(BODY_NAMES, row.names),
    seat: row.seat,
    role: null,
    expiresAt: row.expires_at,
  };
}

export type InvitationAccount =
  | { kind: 'current'; actor: Actor }
  | { kind: 'new'; username: string; displayName: string | null; password: string; confirmation: string };

/**
 * Accepts an invitation: spends it, creates the new account (or takes the signed-in one), and links
 * that account to the seat — all in the body's log transaction, so any refusal (a used, revoked or
 * expired link, a vacant or already linked seat, a vote in progress, an account that holds another
 * seat, a taken username, a short password) stores nothing, not even the spent link.
 */
export async function acceptInvitation(ctx: ServiceContext, input: { token: string; account: InvitationAccount }) {
  if (input.token.length === 0 || input.token.length > MAX_TOKEN) throw invitationInvalid();
  const account = input.account;
  if (account.kind === 'new' && account.password !== account.confirmation)
    throw invalid('password_mismatch', 'the password and its confirmation differ');
  const hash = sha256Hex(input.token);
  const found = await ctx.dialect.db
    .selectFrom('member_invitations')
    .innerJoin('bodies', 'bodies.id', 'member_invitations.body_id')
    .select(['bodies.slug'])
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  if (!found) return acceptOfficerInvitation(ctx, hash, account);
  const body = await findBody(ctx.dialect.db, found.slug);
  return recordTransaction(ctx, body, async (tx) => {
    const now = tx.now;
    // Spent first, under the row's lock: a second tab racing with the same link finds it used.
    const spent = await tx.trx
      .updateTable('member_invitations')
      .set({ used_at: now })
      .where('token_hash', '=', hash)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['id', 'membership_id'])
      .executeTakeFirst();
    if (!spent) throw invitationInvalid();
    // The invitation is the authority to create this one account (no site administrator acts).
    const userId = await invitedAccount(ctx, tx.trx, account);
    await tx.trx.updateTable('member_invitations').set({ used_by: userId }).where('id', '=', spent.id).execute();
    await linkSeat(tx, spent.membership_id, userId, { invited: true });
    return { userId, slug: body.slug };
  });
}

// --- Invitations to an office --------------------------------------------------------------------

/** The roles an invitation to an office may grant: a member's role comes with a seat, by its own invitation. */
export const OFFICER_ROLES = ['admin', 'clerk', 'chair', 'observer'] as const satisfies readonly Role[];

/** The account an invitation creates (with the invitation as its authority) or the signed-in one. */
async function invitedAccount(ctx: ServiceContext, trx: ServiceContext['dialect']['db'], account: InvitationAccount) {
  if (account.kind === 'current') return account.actor.userId;
  const trxCtx: ServiceContext = { ...ctx, dialect: { ...ctx.dialect, db: trx } };
  const username = account.username.trim().toLowerCase();
  const created = await createUser(
    trxCtx,
    null,
    { username, displayName: account.displayName?.trim() || username, password: account.password },
    { bootstrap: true },
  );
  return created.id;
}

/**
 * Invites someone to hold a role in the body (who may grant roles: its administrators, or a site
 * administrator). Returns the secret once; only its SHA-256 is stored.
 * @example const { token } = await inviteOfficer(ctx, admin, 'kolpino', { role: 'clerk' }); // `/invite?token=${token}`
 */
export async function inviteOfficer(ctx: ServiceContext, actor: Actor | null, slug: string, input: { role: string }) {
  const body = await findBody(ctx.dialect.db, slug);
  if (!actor?.siteAdmin) authorize(actor, 'role.manage', body.id);
  if (!(OFFICER_ROLES as readonly string[]).includes(input.role))
    throw invalid('invalid_role', `an office is one of ${OFFICER_ROLES.join(', ')}; a member is invited to a seat`, {
      field: 'role',
    });
  const token = Buffer.from(ctx.randomBytes(32)).toString('base64url');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString();
  const row = await ctx.dialect.db
    .insertInto('officer_invitations')
    .values({
      body_id: body.id,
      role: input.role as Role,
      token_hash: sha256Hex(token),
      created_by: actor!.userId,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      used_at: null,
      used_by: null,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token, role: input.role as Role, expiresAt };
}

/** Revokes an unused invitation to an office. */
export async function revokeOfficerInvitation(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  invitationId: number,
) {
  const body = await findBody(ctx.dialect.db, slug);
  if (!actor?.siteAdmin) authorize(actor, 'role.manage', body.id);
  const r = await ctx.dialect.db
    .updateTable('officer_invitations')
    .set({ revoked_at: ctx.now().toISOString() })
    .where('body_id', '=', body.id)
    .where('id', '=', invitationId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw notFound(`invitation ${invitationId}`, 'invitation_not_found');
}

export interface PendingOfficerInvitation {
  id: number;
  role: Role;
  createdAt: string;
  expiresAt: string;
}

/** The body's invitations to an office that may still be accepted. */
export async function pendingOfficerInvitations(
  db: Executor,
  bodyId: number,
  now: Date,
): Promise<PendingOfficerInvitation[]> {
  const rows = await db
    .selectFrom('officer_invitations')
    .select(['id', 'role', 'created_at', 'expires_at'])
    .where('body_id', '=', bodyId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .orderBy('id')
    .limit(1000)
    .execute();
  return rows.map((r) => ({ id: r.id, role: r.role, createdAt: r.created_at, expiresAt: r.expires_at }));
}

async function officerInvitationFor(db: Executor, now: Date, token: string): Promise<InvitationView | null> {
  const row = await db
    .selectFrom('officer_invitations')
    .innerJoin('bodies', 'bodies.id', 'officer_invitations.body_id')
    .select(['bodies.slug', 'bodies.names', 'officer_invitations.role', 'officer_invitations.expires_at'])
    .where('officer_invitations.token_hash', '=', sha256Hex(token))
    .where('officer_invitations.used_at', 'is', null)
    .where('officer_invitations.revoked_at', 'is', null)
    .where('officer_invitations.expires_at', '>', now.toISOString())
    .executeTakeFirst();
  if (!row) return null;
  return {
    slug: row.slug,
    names: parseJsonColumn(BODY_NAMES, row.names),
    seat: null,
    role: row.role,
    expiresAt: row.expires_at,
  };
}

/**
 * Accepts an invitation to an office: spends it, creates the account (or takes the signed-in one)
 * and grants the role (`role.granted`, the account an opaque number), in the body's log transaction.
 */
async function acceptOfficerInvitation(ctx: ServiceContext, hash: string, account: InvitationAccount) {
  const found = await ctx.dialect.db
    .selectFrom('officer_invitations')
    .innerJoin('bodies', 'bodies.id', 'officer_invitations.body_id')
    .select(['bodies.slug'])
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  if (!found) throw invitationInvalid();
  const body = await findBody(ctx.dialect.db, found.slug);
  return recordTransaction(ctx, body, async (tx) => {
    const spent = await tx.trx
      .updateTable('officer_invitations')
      .set({ used_at: tx.now })
      .where('token_hash', '=', hash)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', tx.now)
      .returning(['id', 'role'])
      .executeTakeFirst();
    if (!spent) throw invitationInvalid();
    const userId = await invitedAccount(ctx, tx.trx, account);
    await tx.trx.updateTable('officer_invitations').set({ used_by: userId }).where('id', '=', spent.id).execute();
    const held = await tx.trx
      .selectFrom('body_roles')
      .select('role')
      .where('body_id', '=', body.id)
      .where('user_id', '=', userId)
      .where('role', '=', spent.role)
      .executeTakeFirst();
    if (held) throw conflict('role_held', `this account already holds the role ${spent.role} here`);
    await tx.trx.insertInto('body_roles').values({ body_id: body.id, user_id: userId, role: spent.role }).execute();
    tx.record('role.granted', { role: spent.role, account: userId });
    return { userId, slug: body.slug };
  });
}
