// Accounts, sessions, API tokens, password resets and roles. None of this ever enters the
// record log (DESIGN.md: "Never in the log: accounts, e-mail addresses, password hashes…").
// Tokens are random 256-bit values; only their SHA-256 is stored, so a database leak does not
// leak a usable session or token.
import { scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { authorize, authorizeSiteAdmin, ROLES, type Actor, type Role } from './policy.ts';
import { TOKEN_SCOPES, type TokenScope } from '../domain/record-vocabulary.ts';
import { ServiceError, conflict, invalid, notFound } from './service-error.ts';
import { sha256Hex, type ServiceContext } from './service-context.ts';
import { findBody } from './bodies.ts';
import { recordTransaction } from './record-transaction.ts';
import { clearAttempts, purgeIdleAttempts, releaseAttempt, reserveAttempt } from './sign-in-limits.ts';
import { issueDeviceCookie, knownDevice } from './device-cookies.ts';
import { linkSeat } from './seat-link.ts';

const scryptAsync = promisify(scryptCb) as (
  pw: string,
  salt: Buffer,
  len: number,
  opts: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** How many scrypt derivations this process has run (tests check the work per sign-in by it). */
export const passwordWork = { scryptCalls: 0 };

function scrypt(pw: string, salt: Buffer, len: number, opts: { N: number; r: number; p: number; maxmem: number }) {
  passwordWork.scryptCalls++;
  return scryptAsync(pw, salt, len, opts);
}

/**
 * What an unknown username (or a disabled account) is checked against, so it costs the same scrypt
 * work as a real account: the current parameters, a fixed salt and a key no password derives.
 */
const NO_SUCH_ACCOUNT_HASH = `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${Buffer.alloc(16, 0x51).toString('base64')}$${Buffer.alloc(32, 0).toString('base64')}`;

export const SESSION_DAYS = 14;
export { SIGN_IN_WINDOW_MS } from './sign-in-limits.ts';
/**
 * Attempts per window for an account from browsers it does not know (shared by all of them), and
 * for each browser that holds the account's device cookie (each its own).
 */
export const ACCOUNT_FAILURE_LIMIT = 10;
export const DEVICE_FAILURE_LIMIT = 10;
/** Failures per address per window: high, because 2,000 delegates may share one venue address. */
export const ADDRESS_FAILURE_LIMIT = 2_000;

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

/**
 * The account with this username (trimmed, lower-cased), or undefined; a name no account could
 * have (a NUL, a control character, too long) is looked up nowhere.
 */
export async function findAccount(
  db: Executor,
  username: unknown,
): Promise<{ id: number; username: string } | undefined> {
  const name = typeof username === 'string' ? username.trim().toLowerCase() : '';
  if (!USERNAME.test(name)) return undefined;
  return db.selectFrom('users').select(['id', 'username']).where('username', '=', name).executeTakeFirst();
}

export async function hashPassword(password: string, salt: Uint8Array): Promise<string> {
  const key = await scrypt(password.normalize('NFC'), Buffer.from(salt), 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${Buffer.from(salt).toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return timingSafeEqual(key, expected);
}

/** A password has 10 to 1,024 characters (`weak_password`). */
export function checkPassword(password: string) {
  if (typeof password !== 'string' || password.length < 10 || password.length > 1024) {
    throw invalid('weak_password', 'a password has 10 to 1,024 characters');
  }
}

const token = (ctx: ServiceContext) => Buffer.from(ctx.randomBytes(32)).toString('base64url');

export async function createUser(
  ctx: ServiceContext,
  actor: Actor | null,
  input: { username: string; displayName: string; password: string; siteAdmin?: boolean },
  options: { bootstrap?: boolean } = {},
) {
  if (!options.bootstrap) authorizeSiteAdmin(actor);
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username))
    throw invalid('invalid_username', 'a username is 2–63 lower-case letters, digits, ".", "_" or "-"');
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password, ctx.randomBytes(16));
  try {
    const row = await ctx.dialect.db
      .insertInto('users')
      .values({
        username,
        display_name: input.displayName,
        password_hash: passwordHash,
        site_admin: input.siteAdmin ? 1 : 0,
        disabled: 0,
        created_at: ctx.now().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, username };
  } catch (err) {
    if (ctx.dialect.isUniqueViolation(err)) throw conflict('username_taken', `the username "${username}" is taken`);
    throw err;
  }
}

export interface SignInResult {
  userId: number;
  /** The cookie value; only its hash is stored. */
  sessionToken: string;
  csrfToken: string;
  expiresAt: string;
  /** The browser's device cookie after this sign-in (this account's entry renewed). */
  deviceCookie: string;
}

function paused(retryAfterSeconds: number) {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new ServiceError(
    'rate_limited',
    'sign_in_paused',
    `too many failed sign-ins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}, from a browser that has signed in to this account before, or ask an administrator for a reset link`,
    { retryAfterSeconds },
  );
}

/**
 * Password sign-in (issue 12, items 9 and 10). Every attempt is first reserved against two limits
 * — its address, and either this browser's own device key (when it carries a valid device cookie
 * for the account) or the account's shared key for unknown browsers — in single atomic
 * statements; a refused attempt gets `sign_in_paused` with the seconds to wait and its password
 * is never checked. An unknown username, or a disabled account, still costs one scrypt derivation,
 * like a real one.
 */
export async function signIn(
  ctx: ServiceContext,
  input: { username: string; password: string; address: string; deviceCookie?: string; userAgent?: string | null },
): Promise<SignInResult> {
  const now = ctx.now();
  const username = String(input.username ?? '')
    .trim()
    .toLowerCase();
  const db = ctx.dialect.db;
  await purgeIdleAttempts(db, now, ctx.dialect);
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'disabled'])
    .where('username', '=', username)
    .executeTakeFirst();
  const device = user ? knownDevice(ctx.keysDir, input.deviceCookie, user.id) : null;
  const address = await reserveAttempt(db, `address:${input.address}`, ADDRESS_FAILURE_LIMIT, now);
  if (!address.allowed) throw paused(address.retryAfterSeconds);
  const account = await reserveAttempt(
    db,
    device && user ? `device:${user.id}:${device}` : `account:${username}`,
    device ? DEVICE_FAILURE_LIMIT : ACCOUNT_FAILURE_LIMIT,
    now,
  );
  if (!account.allowed) throw paused(account.retryAfterSeconds);
  const matches = await verifyPassword(
    String(input.password ?? ''),
    user && !user.disabled ? user.password_hash : NO_SUCH_ACCOUNT_HASH,
  );
  if (!user || user.disabled || !matches)
    throw new ServiceError('unauthenticated', 'bad_credentials', 'the username or password is wrong');
  await releaseAttempt(db, address.key, now);
  if (device) await clearAttempts(db, [account.key]);
  else await releaseAttempt(db, account.key, now);
  const session = await createSession(ctx, user.id, { userAgent: input.userAgent });
  return { ...session, deviceCookie: issueDeviceCookie(ctx.keysDir, input.deviceCookie, user.id).value };
}

/** At most this much of a browser's User-Agent is kept with its session, control characters removed. */
export const USER_AGENT_MAX = 200;

export async function createSession(
  ctx: ServiceContext,
  userId: number,
  options: { userAgent?: string | null } = {},
): Promise<Omit<SignInResult, 'deviceCookie'>> {
  const sessionToken = token(ctx);
  const csrfToken = token(ctx);
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString();
  await ctx.dialect.db
    .insertInto('sessions')
    .values({
      id: sha256Hex(sessionToken),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      revoked_at: null,
      user_agent: userAgentText(options.userAgent),
      last_seen_at: now.toISOString(),
    })
    .execute();
  return { userId, sessionToken, csrfToken, expiresAt };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to remove them
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A User-Agent as kept with a session: printable, at most USER_AGENT_MAX characters, or null. */
export function userAgentText(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const text = value.replace(CONTROL_CHARACTERS, '').trim().slice(0, USER_AGENT_MAX);
  return text.isWellFormed() && text !== '' ? text : null;
}

/**
 * The live session for a cookie value with its actor, in ONE query (a row per role held), or null.
 * Checked on every request — never cached — so a sign-out or a role change takes effect at once
 * in every process.
 */
export async function resolveSession(
  ctx: ServiceContext,
  sessionToken: string,
): Promise<{ userId: number; sessionId: string; csrfToken: string; lastSeenAt: string | null; actor: Actor } | null> {
  const sessionId = sha256Hex(sessionToken);
  const rows = await ctx.dialect.reader
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('body_roles', 'body_roles.user_id', 'users.id')
    .select([
      'sessions.user_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.revoked_at',
      'sessions.last_seen_at',
      'users.disabled',
      'users.site_admin',
      'body_roles.body_id',
      'body_roles.role',
    ])
    .where('sessions.id', '=', sessionId)
    .execute();
  const row = rows[0];
  if (!row || row.revoked_at || row.disabled || Date.parse(row.expires_at) <= ctx.now().getTime()) return null;
  const roles = new Map<number, Set<Role>>();
  for (const r of rows) {
    if (r.body_id === null || r.role === null) continue;
    if (!roles.has(r.body_id)) roles.set(r.body_id, new Set());
    roles.get(r.body_id)!.add(r.role);
  }
  return {
    userId: row.user_id,
    sessionId,
    csrfToken: row.csrf_token,
    lastSeenAt: row.last_seen_at,
    actor: { userId: row.user_id, siteAdmin: row.site_admin === 1, roles },
  };
}

/** Ends this session; `everywhere` ends every session of the account and revokes its API tokens too. */
export async function signOut(ctx: ServiceContext, sessionToken: string, options: { everywhere?: boolean } = {}) {
  const id = sha256Hex(sessionToken);
  const now = ctx.now().toISOString();
  const session = await ctx.dialect.db.selectFrom('sessions').select('user_id').where('id', '=', id).executeTakeFirst();
  if (!session) return;
  if (!options.everywhere) {
    await ctx.dialect.db
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('revoked_at', 'is', null)
      .where('id', '=', id)
      .execute();
    return;
  }
  await ctx.dialect.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('revoked_at', 'is', null)
      .where('user_id', '=', session.user_id)
      .execute();
    await trx
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('revoked_at', 'is', null)
      .where('user_id', '=', session.user_id)
      .execute();
  });
}

export { TOKEN_SCOPES, type TokenScope };
export const TOKEN_DEFAULT_DAYS = 90;
export const TOKEN_MAX_DAYS = 365;

export interface ApiTokenInfo {
  id: number;
  name: string;
  scope: TokenScope;
  /** The slug of the one body the token may act on, or null for every body. */
  body: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

/**
 * Mints an API token (issue 12, item 11). Only a signed-in session mints tokens — a token never
 * mints another — and every token expires (90 days by default, at most a year), has a scope and
 * may be limited to one body. The secret is returned once; only its SHA-256 is stored.
 */
export async function createApiToken(
  ctx: ServiceContext,
  actor: Actor | null,
  input: { name: string; scope?: TokenScope; body?: string; expiresInDays?: number },
  via: 'session' | 'token',
) {
  if (!actor) throw new ServiceError('unauthenticated', 'unauthenticated', 'sign in first');
  if (via !== 'session')
    throw new ServiceError(
      'forbidden',
      'token_cannot_mint',
      'an API token cannot create tokens; sign in to create one',
    );
  const scope = input.scope ?? 'read-write';
  if (!TOKEN_SCOPES.includes(scope))
    throw invalid('invalid_scope', `a token's scope is one of ${TOKEN_SCOPES.join(', ')}`);
  const days = input.expiresInDays ?? TOKEN_DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > TOKEN_MAX_DAYS)
    throw invalid('invalid_expiry', `a token lives 1 to ${TOKEN_MAX_DAYS} days`);
  const body = input.body === undefined ? null : await findBody(ctx.dialect.db, input.body);
  const value = `qrt_${token(ctx)}`;
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + days * 86_400_000).toISOString();
  const row = await ctx.dialect.db
    .insertInto('api_tokens')
    .values({
      user_id: actor.userId,
      token_hash: sha256Hex(value),
      name: input.name,
      created_at: now.toISOString(),
      revoked_at: null,
      expires_at: expiresAt,
      scope,
      body_id: body?.id ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const info: ApiTokenInfo = {
    id: row.id,
    name: input.name,
    scope,
    body: body?.slug ?? null,
    createdAt: now.toISOString(),
    expiresAt,
    revokedAt: null,
  };
  return { ...info, token: value };
}

/** The caller's own tokens, newest first — never their secrets. */
export async function listApiTokens(ctx: ServiceContext, actor: Actor | null): Promise<ApiTokenInfo[]> {
  if (!actor) throw new ServiceError('unauthenticated', 'unauthenticated', 'sign in first');
  const rows = await ctx.dialect.reader
    .selectFrom('api_tokens')
    .leftJoin('bodies', 'bodies.id', 'api_tokens.body_id')
    .select([
      'api_tokens.id',
      'api_tokens.name',
      'api_tokens.scope',
      'bodies.slug',
      'api_tokens.created_at',
      'api_tokens.expires_at',
      'api_tokens.revoked_at',
    ])
    .where('api_tokens.user_id', '=', actor.userId)
    .orderBy('api_tokens.id', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    scope: r.scope,
    body: r.slug ?? null,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  }));
}

export interface ResolvedToken {
  tokenId: number;
  userId: number;
  scope: TokenScope;
  /** The body the token is limited to. */
  body: { id: number; slug: string } | null;
}

/** A live token: known, not revoked, not expired, its account enabled. */
export async function resolveApiToken(ctx: ServiceContext, value: string): Promise<ResolvedToken | null> {
  const row = await ctx.dialect.reader
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .leftJoin('bodies', 'bodies.id', 'api_tokens.body_id')
    .select([
      'api_tokens.id',
      'api_tokens.user_id',
      'api_tokens.revoked_at',
      'api_tokens.expires_at',
      'api_tokens.scope',
      'api_tokens.body_id',
      'bodies.slug',
      'users.disabled',
    ])
    .where('token_hash', '=', sha256Hex(value))
    .executeTakeFirst();
  if (!row || row.revoked_at || row.disabled || Date.parse(row.expires_at) <= ctx.now().getTime()) return null;
  return {
    tokenId: row.id,
    userId: row.user_id,
    scope: row.scope === 'read' ? 'read' : 'read-write',
    body: row.body_id !== null && row.slug !== null ? { id: row.body_id, slug: row.slug } : null,
  };
}

export async function revokeApiToken(ctx: ServiceContext, actor: Actor | null, tokenId: number) {
  if (!actor) throw new ServiceError('unauthenticated', 'unauthenticated', 'sign in first');
  const r = await ctx.dialect.db
    .updateTable('api_tokens')
    .set({ revoked_at: ctx.now().toISOString() })
    .where('id', '=', tokenId)
    .where('user_id', '=', actor.userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw notFound(`token ${tokenId}`, 'token_not_found');
}

export const RESET_HOURS = 24;

/**
 * A one-time password-reset link, issued by a site admin; returns the secret to hand over (only its
 * SHA-256 is stored). It lasts RESET_HOURS, is used once, and spends the account's older unused links.
 */
export async function issuePasswordReset(ctx: ServiceContext, actor: Actor | null, username: string) {
  authorizeSiteAdmin(actor);
  const user = await findAccount(ctx.dialect.db, username);
  if (!user) throw notFound(`user "${username}"`, 'user_not_found');
  const value = token(ctx);
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + RESET_HOURS * 3_600_000).toISOString();
  await ctx.dialect.db.transaction().execute(async (trx) => {
    // One link at a time: a new one spends the account's older unused links.
    await trx
      .updateTable('password_resets')
      .set({ used_at: now.toISOString() })
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .execute();
    await trx
      .insertInto('password_resets')
      .values({
        token_hash: sha256Hex(value),
        user_id: user.id,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        used_at: null,
        created_by: actor.userId > 0 ? actor.userId : null,
      })
      .execute();
  });
  return { token: value, expiresInHours: RESET_HOURS, expiresAt };
}

/**
 * Uses a reset link once: sets the password, revokes the account's API tokens and clears its
 * sign-in limits (the account's and each of its devices'), so a clerk locked out by strangers'
 * guesses signs in at once. The account's other sessions are kept unless `signOutEverywhere`.
 */
export async function resetPassword(
  ctx: ServiceContext,
  input: { token: string; password: string; signOutEverywhere?: boolean },
) {
  checkPassword(input.password);
  const hash = sha256Hex(String(input.token));
  const passwordHash = await hashPassword(input.password, ctx.randomBytes(16));
  const now = ctx.now().toISOString();
  await ctx.dialect.db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('token_hash', '=', hash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('user_id')
      .executeTakeFirst();
    if (!used) throw new ServiceError('invalid', 'reset_link_invalid', 'this reset link is unknown, used or expired');
    const user = await trx
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where('id', '=', used.user_id)
      .returning('username')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('user_id', '=', used.user_id)
      .where('revoked_at', 'is', null)
      .execute();
    if (input.signOutEverywhere)
      await trx
        .updateTable('sessions')
        .set({ revoked_at: now })
        .where('user_id', '=', used.user_id)
        .where('revoked_at', 'is', null)
        .execute();
    await clearAttempts(trx, [`account:${user.username}`, `password:${used.user_id}`], [`device:${used.user_id}:`]);
  });
}

/** Clears an account's sign-in limits without changing its password (`quorate admin unlock`). */
export async function clearSignInLimits(ctx: ServiceContext, actor: Actor | null, username: string) {
  authorizeSiteAdmin(actor);
  const user = await findAccount(ctx.dialect.db, username);
  if (!user) throw notFound(`user "${username}"`, 'user_not_found');
  await clearAttempts(ctx.dialect.db, [`account:${user.username}`], [`device:${user.id}:`]);
}

/** Everything the policy needs about a user, read fresh so role changes apply at once. */
export async function loadActor(db: Executor, userId: number): Promise<Actor | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'site_admin', 'disabled'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.disabled) return null;
  const rows = await db.selectFrom('body_roles').select(['body_id', 'role']).where('user_id', '=', userId).execute();
  const roles = new Map<number, Set<Role>>();
  for (const r of rows) {
    if (!roles.has(r.body_id)) roles.set(r.body_id, new Set());
    roles.get(r.body_id)!.add(r.role);
  }
  return { userId: user.id, siteAdmin: user.site_admin === 1, roles };
}

export async function grantRole(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  input: { username: string; role: Role },
) {
  const body = await findBody(ctx.dialect.db, slug);
  if (!actor?.siteAdmin) authorize(actor, 'role.manage', body.id);
  if (!ROLES.includes(input.role)) throw invalid('invalid_role', `a role is one of ${ROLES.join(', ')}`);
  const user = await findAccount(ctx.dialect.db, input.username);
  if (!user) throw notFound(`user "${input.username}"`, 'user_not_found');
  // Admin actions enter the log with the role and an opaque account number — never a username,
  // a name or any other account data.
  await recordTransaction(ctx, body, async (tx) => {
    const exists = await tx.trx
      .selectFrom('body_roles')
      .select('role')
      .where('body_id', '=', body.id)
      .where('user_id', '=', user.id)
      .where('role', '=', input.role)
      .executeTakeFirst();
    if (exists) return;
    await tx.trx.insertInto('body_roles').values({ body_id: body.id, user_id: user.id, role: input.role }).execute();
    tx.record('role.granted', { role: input.role, account: user.id });
  });
  return { userId: user.id, role: input.role };
}

/**
 * Takes a role from an account (a `role.revoked` entry); nothing when it does not hold it. The
 * body's last administrator keeps the role (409 `last_admin`): a body left with none could change
 * no rule and grant no role except through a site administrator.
 */
export async function revokeRole(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  input: { username: string; role: Role },
) {
  const body = await findBody(ctx.dialect.db, slug);
  if (!actor?.siteAdmin) authorize(actor, 'role.manage', body.id);
  if (!ROLES.includes(input.role)) throw invalid('invalid_role', `a role is one of ${ROLES.join(', ')}`);
  const user = await findAccount(ctx.dialect.db, input.username);
  if (!user) throw notFound(`user "${input.username}"`, 'user_not_found');
  await recordTransaction(ctx, body, async (tx) => {
    // Under the log-head lock, so two administrators revoking each other at once cannot both pass.
    if (input.role === 'admin') {
      const admins = await tx.trx
        .selectFrom('body_roles')
        .select('user_id')
        .where('body_id', '=', body.id)
        .where('role', '=', 'admin')
        .execute();
      if (admins.length === 1 && admins[0]!.user_id === user.id)
        throw conflict(
          'last_admin',
          "this is the body's last administrator; grant the role to someone else before revoking it",
        );
    }
    const r = await tx.trx
      .deleteFrom('body_roles')
      .where('body_id', '=', body.id)
      .where('user_id', '=', user.id)
      .where('role', '=', input.role)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) > 0) tx.record('role.revoked', { role: input.role, account: user.id });
  });
}

/**
 * Links a member's seat to their account, so they can attest presence and cast ballots. Whoever
 * holds the link casts the seat's ballots, so it is never a clerk's or a body administrator's act:
 * besides a site administrator, only the member accepting an invitation links a seat
 * (invitations.ts), and never while a vote of the body is open or tied.
 */
export async function linkMemberAccount(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  input: { memberId: number; username: string },
) {
  authorizeSiteAdmin(actor);
  const body = await findBody(ctx.dialect.db, slug);
  const user = await findAccount(ctx.dialect.db, input.username);
  if (!user) throw notFound(`user "${input.username}"`, 'user_not_found');
  await recordTransaction(ctx, body, (tx) => linkSeat(tx, input.memberId, user.id));
}
