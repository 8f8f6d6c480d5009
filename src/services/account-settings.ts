// The signed-in user's own account (issue 15, item 4): their sessions (each revocable, or all
// but this one), their password (changed with the current one), and — for site administrators —
// the list of accounts with a reset link to hand over, and the reset link's page. None of this
// enters the record log. Everything here acts on the session the request came with: an API token
// cannot list or end sessions or change a password (403 `session_only`).
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { checkPassword, hashPassword, RESET_HOURS, verifyPassword } from './accounts.ts';
import { authorizeSiteAdmin, type Actor } from './policy.ts';
import { ServiceError, invalid, notFound } from './service-error.ts';
import { sha256Hex, type ServiceContext } from './service-context.ts';
import { releaseAttempt, reserveAttempt } from './sign-in-limits.ts';

/** A session's "last seen" is written at most this often (a GET page, never a ballot's POST). */
export const LAST_SEEN_EVERY_MS = 5 * 60_000;
/** Wrong current passwords per window on the change-password form, per account. */
export const PASSWORD_CHANGE_LIMIT = 10;
/** Longer than any secret issued here (43 characters); a longer one is refused unread. */
const MAX_TOKEN = 200;

function signedInSession(actor: Actor | null, sessionToken: string | null): asserts actor is Actor {
  if (!actor) throw new ServiceError('unauthenticated', 'unauthenticated', 'sign in first');
  if (!sessionToken)
    throw new ServiceError('forbidden', 'session_only', 'sign in with a browser to manage your account');
}

export interface SessionView {
  /** The SHA-256 of the session's cookie (the row's key): names it on a form, grants nothing. */
  id: string;
  createdAt: string;
  lastSeenAt: string | null;
  expiresAt: string;
  userAgent: string | null;
  current: boolean;
}

/** The account's sessions still signed in, this one first, then the most recent. */
export async function mySessions(
  ctx: ServiceContext,
  actor: Actor | null,
  sessionToken: string | null,
): Promise<SessionView[]> {
  signedInSession(actor, sessionToken);
  const current = sha256Hex(sessionToken!);
  const rows = await ctx.dialect.reader
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent'])
    .where('user_id', '=', actor.userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', ctx.now().toISOString())
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  return rows
    .map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      expiresAt: r.expires_at,
      userAgent: r.user_agent,
      current: r.id === current,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/** Ends one of the account's own sessions (at once, in every process: sessions are read per request). */
export async function revokeMySession(
  ctx: ServiceContext,
  actor: Actor | null,
  sessionToken: string | null,
  sessionId: string,
) {
  signedInSession(actor, sessionToken);
  // A session's key is a SHA-256 in hex; anything else names no session (and is looked up nowhere).
  if (typeof sessionId !== 'string' || !/^[0-9a-f]{64}$/.test(sessionId))
    throw notFound('session', 'session_not_found');
  const r = await ctx.dialect.db
    .updateTable('sessions')
    .set({ revoked_at: ctx.now().toISOString() })
    .where('id', '=', sessionId)
    .where('user_id', '=', actor.userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw notFound('session', 'session_not_found');
}

/** Ends every other session of the account; this one stays signed in. Returns how many ended. */
export async function revokeOtherSessions(ctx: ServiceContext, actor: Actor | null, sessionToken: string | null) {
  signedInSession(actor, sessionToken);
  const r = await ctx.dialect.db
    .updateTable('sessions')
    .set({ revoked_at: ctx.now().toISOString() })
    .where('user_id', '=', actor.userId)
    .where('id', '!=', sha256Hex(sessionToken!))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Notes that a session was used, at most every LAST_SEEN_EVERY_MS (the caller passes what it read,
 * so a fresh session costs no write).
 */
export async function touchSession(ctx: ServiceContext, sessionId: string, lastSeenAt: string | null) {
  const now = ctx.now();
  if (lastSeenAt !== null && now.getTime() - Date.parse(lastSeenAt) < LAST_SEEN_EVERY_MS) return;
  await ctx.dialect.db
    .updateTable('sessions')
    .set({ last_seen_at: now.toISOString() })
    .where('id', '=', sessionId)
    .execute();
}

/**
 * Changes the password with the current one. Wrong current passwords are limited per account like
 * sign-in attempts (PASSWORD_CHANGE_LIMIT per window, then 429 `sign_in_paused`), so a borrowed
 * session cannot guess it. The account's other sessions end; this one and its API tokens stay.
 */
export async function changePassword(
  ctx: ServiceContext,
  actor: Actor | null,
  sessionToken: string | null,
  input: { current: string; password: string; confirmation: string },
) {
  signedInSession(actor, sessionToken);
  const now = ctx.now();
  const db = ctx.dialect.db;
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  const attempt = await reserveAttempt(db, `password:${user.id}`, PASSWORD_CHANGE_LIMIT, now);
  if (!attempt.allowed)
    throw new ServiceError(
      'rate_limited',
      'sign_in_paused',
      `too many wrong current passwords; try again in ${Math.ceil(attempt.retryAfterSeconds / 60)} minutes`,
      { retryAfterSeconds: attempt.retryAfterSeconds },
    );
  if (!(await verifyPassword(String(input.current ?? ''), user.password_hash)))
    throw new ServiceError('invalid', 'wrong_password', 'the current password is wrong', { field: 'current' });
  await releaseAttempt(db, attempt.key, now);
  checkPassword(input.password);
  if (input.password !== input.confirmation)
    throw invalid('password_mismatch', 'the password and its confirmation differ');
  const passwordHash = await hashPassword(input.password, ctx.randomBytes(16));
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', user.id).execute();
    await trx
      .updateTable('sessions')
      .set({ revoked_at: now.toISOString() })
      .where('user_id', '=', user.id)
      .where('id', '!=', sha256Hex(sessionToken!))
      .where('revoked_at', 'is', null)
      .execute();
  });
}

// --- Site administrators: accounts and reset links -------------------------------------------

export interface AccountRow {
  id: number;
  username: string;
  displayName: string;
  siteAdmin: boolean;
  disabled: boolean;
  createdAt: string;
  /** When the account's unused reset link expires, if it has one. */
  resetLinkExpiresAt: string | null;
}

export const ACCOUNTS_PAGE = 500;

/** The site's accounts by username (a page of ACCOUNTS_PAGE from `offset`), for a site administrator. */
export async function siteAccounts(
  ctx: ServiceContext,
  actor: Actor | null,
  offset = 0,
): Promise<{ accounts: AccountRow[]; total: number }> {
  authorizeSiteAdmin(actor);
  const db = ctx.dialect.reader;
  const now = ctx.now().toISOString();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'site_admin', 'disabled', 'created_at'])
    .orderBy('username')
    .limit(ACCOUNTS_PAGE)
    .offset(offset)
    .execute();
  const total = Number(
    (
      await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const links = rows.length
    ? await db
        .selectFrom('password_resets')
        .select(['user_id', 'expires_at'])
        .where(
          'user_id',
          'in',
          rows.map((r) => r.id),
        )
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .execute()
    : [];
  const pending = new Map(links.map((l) => [l.user_id, l.expires_at]));
  return {
    total,
    accounts: rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      siteAdmin: r.site_admin === 1,
      disabled: r.disabled === 1,
      createdAt: r.created_at,
      resetLinkExpiresAt: pending.get(r.id) ?? null,
    })),
  };
}

/** The account a reset link is for while it is usable (unknown, used or expired: null). */
export async function resetLinkFor(db: Executor, now: Date, token: string): Promise<{ username: string } | null> {
  if (typeof token !== 'string' || token === '' || token.length > MAX_TOKEN) return null;
  const row = await db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .select(['users.username'])
    .where('password_resets.token_hash', '=', sha256Hex(token))
    .where('password_resets.used_at', 'is', null)
    .where('password_resets.expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return row ? { username: row.username } : null;
}

/** An account's username, or null. */
export async function accountUsername(db: Executor, userId: number): Promise<string | null> {
  const row = await db.selectFrom('users').select('username').where('id', '=', userId).executeTakeFirst();
  return row?.username ?? null;
}

export { RESET_HOURS };
