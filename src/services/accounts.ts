// Accounts, sessions, API tokens, password resets and roles. None of this ever enters the
// record log (DESIGN.md: "Never in the log: accounts, e-mail addresses, password hashes…").
// Tokens are random 256-bit values; only their SHA-256 is stored, so a database leak does not
// leak a usable session or token.
import { scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { authorize, authorizeSiteAdmin, ROLES, type Actor, type Role } from './policy.ts';
import { ServiceError, conflict, invalid, notFound } from './service-error.ts';
import { sha256Hex, type ServiceContext } from './service-context.ts';
import { findBody } from './bodies.ts';
import { recordTransaction } from './record-transaction.ts';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export const SESSION_DAYS = 14;
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** Failures per account per window before that account's sign-in pauses. */
export const ACCOUNT_FAILURE_LIMIT = 10;
/** Failures per address per window: high, because 2,000 delegates may share one venue address. */
export const ADDRESS_FAILURE_LIMIT = 2_000;

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

export async function hashPassword(password: string, salt: Uint8Array): Promise<string> {
  const key = await scrypt(password.normalize('NFC'), Buffer.from(salt), 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${Buffer.from(salt).toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem });
  return timingSafeEqual(key, expected);
}

function checkPassword(password: string) {
  if (typeof password !== 'string' || password.length < 10 || password.length > 1024) {
    throw invalid('weak_password', 'a password has 10 to 1,024 characters');
  }
}

const token = (ctx: ServiceContext) => Buffer.from(ctx.randomBytes(32)).toString('base64url');

export async function createUser(ctx: ServiceContext, actor: Actor | null, input: { username: string; displayName: string; password: string; siteAdmin?: boolean }, options: { bootstrap?: boolean } = {}) {
  if (!options.bootstrap) authorizeSiteAdmin(actor);
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username)) throw invalid('invalid_username', 'a username is 2–63 lower-case letters, digits, ".", "_" or "-"');
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password, ctx.randomBytes(16));
  try {
    const row = await ctx.dialect.db.insertInto('users').values({
      username, display_name: input.displayName, password_hash: passwordHash, site_admin: input.siteAdmin ? 1 : 0, disabled: 0,
      created_at: ctx.now().toISOString(),
    }).returning('id').executeTakeFirstOrThrow();
    return { id: row.id, username };
  } catch (err) {
    if (ctx.dialect.isUniqueViolation(err)) throw conflict('username_taken', `the username "${username}" is taken`);
    throw err;
  }
}

async function failuresIn(db: Executor, key: string, now: number): Promise<number> {
  const row = await db.selectFrom('sign_in_failures').selectAll().where('key', '=', key).executeTakeFirst();
  if (!row || Date.parse(row.window_start) + SIGN_IN_WINDOW_MS <= now) return 0;
  return row.failures;
}

async function noteFailure(ctx: ServiceContext, key: string, now: number) {
  await ctx.dialect.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('sign_in_failures').selectAll().where('key', '=', key).executeTakeFirst();
    const fresh = !row || Date.parse(row.window_start) + SIGN_IN_WINDOW_MS <= now;
    const values = { window_start: fresh ? new Date(now).toISOString() : row!.window_start, failures: fresh ? 1 : row!.failures + 1 };
    if (row) await trx.updateTable('sign_in_failures').set(values).where('key', '=', key).execute();
    else await trx.insertInto('sign_in_failures').values({ key, ...values }).execute();
  });
}

export interface SignInResult {
  userId: number;
  /** The cookie value; only its hash is stored. */
  sessionToken: string;
  csrfToken: string;
  expiresAt: string;
}

/** Password sign-in, limited per account and per address (see the limits above). */
export async function signIn(ctx: ServiceContext, input: { username: string; password: string; address: string }): Promise<SignInResult> {
  const now = ctx.now().getTime();
  const username = String(input.username ?? '').trim().toLowerCase();
  const accountKey = `account:${username}`;
  const addressKey = `address:${input.address}`;
  const db = ctx.dialect.db;
  if ((await failuresIn(db, accountKey, now)) >= ACCOUNT_FAILURE_LIMIT || (await failuresIn(db, addressKey, now)) >= ADDRESS_FAILURE_LIMIT) {
    throw new ServiceError('rate_limited', 'sign_in_paused', 'too many failed sign-ins; wait 15 minutes or ask an administrator for a reset link');
  }
  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  const ok = user && !user.disabled && (await verifyPassword(String(input.password ?? ''), user.password_hash));
  if (!ok) {
    await noteFailure(ctx, accountKey, now);
    await noteFailure(ctx, addressKey, now);
    throw new ServiceError('unauthenticated', 'bad_credentials', 'the username or password is wrong');
  }
  await db.deleteFrom('sign_in_failures').where('key', '=', accountKey).execute();
  return createSession(ctx, user.id);
}

export async function createSession(ctx: ServiceContext, userId: number): Promise<SignInResult> {
  const sessionToken = token(ctx);
  const csrfToken = token(ctx);
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString();
  await ctx.dialect.db.insertInto('sessions').values({
    id: sha256Hex(sessionToken), user_id: userId, csrf_token: csrfToken, created_at: now.toISOString(), expires_at: expiresAt, revoked_at: null,
  }).execute();
  return { userId, sessionToken, csrfToken, expiresAt };
}

/** The live session for a cookie value, or null. Checked on every request, so sign-out is immediate everywhere. */
/**
 * The live session for a cookie value with its actor, in ONE query (a row per role held), or null.
 * Checked on every request — never cached — so a sign-out or a role change takes effect at once
 * in every process.
 */
export async function resolveSession(ctx: ServiceContext, sessionToken: string): Promise<{ userId: number; csrfToken: string; actor: Actor } | null> {
  const rows = await ctx.dialect.reader.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('body_roles', 'body_roles.user_id', 'users.id')
    .select(['sessions.user_id', 'sessions.csrf_token', 'sessions.expires_at', 'sessions.revoked_at', 'users.disabled', 'users.site_admin', 'body_roles.body_id', 'body_roles.role'])
    .where('sessions.id', '=', sha256Hex(sessionToken)).execute();
  const row = rows[0];
  if (!row || row.revoked_at || row.disabled || Date.parse(row.expires_at) <= ctx.now().getTime()) return null;
  const roles = new Map<number, Set<Role>>();
  for (const r of rows) {
    if (r.body_id === null || r.role === null) continue;
    if (!roles.has(r.body_id)) roles.set(r.body_id, new Set());
    roles.get(r.body_id)!.add(r.role as Role);
  }
  return { userId: row.user_id, csrfToken: row.csrf_token, actor: { userId: row.user_id, siteAdmin: row.site_admin === 1, roles } };
}

export async function signOut(ctx: ServiceContext, sessionToken: string, options: { everywhere?: boolean } = {}) {
  const id = sha256Hex(sessionToken);
  const now = ctx.now().toISOString();
  const session = await ctx.dialect.db.selectFrom('sessions').select('user_id').where('id', '=', id).executeTakeFirst();
  if (!session) return;
  let q = ctx.dialect.db.updateTable('sessions').set({ revoked_at: now }).where('revoked_at', 'is', null);
  q = options.everywhere ? q.where('user_id', '=', session.user_id) : q.where('id', '=', id);
  await q.execute();
}

export async function createApiToken(ctx: ServiceContext, actor: Actor | null, name: string) {
  if (!actor) throw new ServiceError('unauthenticated', 'unauthenticated', 'sign in first');
  const value = `qrt_${token(ctx)}`;
  const row = await ctx.dialect.db.insertInto('api_tokens').values({
    user_id: actor.userId, token_hash: sha256Hex(value), name, created_at: ctx.now().toISOString(), revoked_at: null,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: row.id, token: value };
}

export async function resolveApiToken(ctx: ServiceContext, value: string) {
  const row = await ctx.dialect.reader.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.user_id', 'api_tokens.revoked_at', 'users.disabled']).where('token_hash', '=', sha256Hex(value)).executeTakeFirst();
  if (!row || row.revoked_at || row.disabled) return null;
  return { userId: row.user_id };
}

export async function revokeApiToken(ctx: ServiceContext, actor: Actor | null, tokenId: number) {
  if (!actor) throw new ServiceError('unauthenticated', 'unauthenticated', 'sign in first');
  const r = await ctx.dialect.db.updateTable('api_tokens').set({ revoked_at: ctx.now().toISOString() })
    .where('id', '=', tokenId).where('user_id', '=', actor.userId).where('revoked_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw notFound(`token ${tokenId}`, 'token_not_found');
}

export const RESET_HOURS = 24;

/** A one-time password-reset link, issued by a site admin; returns the secret to hand over. */
export async function issuePasswordReset(ctx: ServiceContext, actor: Actor | null, username: string) {
  authorizeSiteAdmin(actor);
  const user = await ctx.dialect.db.selectFrom('users').select('id').where('username', '=', username.trim().toLowerCase()).executeTakeFirst();
  if (!user) throw notFound(`user "${username}"`, 'user_not_found');
  const value = token(ctx);
  const now = ctx.now();
  await ctx.dialect.db.insertInto('password_resets').values({
    token_hash: sha256Hex(value), user_id: user.id, created_at: now.toISOString(), expires_at: new Date(now.getTime() + RESET_HOURS * 3_600_000).toISOString(), used_at: null,
  }).execute();
  return { token: value, expiresInHours: RESET_HOURS };
}

/** Uses a reset link once: sets the password and signs the account out everywhere. */
export async function resetPassword(ctx: ServiceContext, input: { token: string; password: string }) {
  checkPassword(input.password);
  const hash = sha256Hex(String(input.token));
  const passwordHash = await hashPassword(input.password, ctx.randomBytes(16));
  const now = ctx.now().toISOString();
  await ctx.dialect.db.transaction().execute(async (trx) => {
    const used = await trx.updateTable('password_resets').set({ used_at: now }).where('token_hash', '=', hash)
      .where('used_at', 'is', null).where('expires_at', '>', now).returning('user_id').executeTakeFirst();
    if (!used) throw new ServiceError('invalid', 'reset_link_invalid', 'this reset link is unknown, used or expired');
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', used.user_id).execute();
    await trx.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', used.user_id).where('revoked_at', 'is', null).execute();
  });
}

/** Everything the policy needs about a user, read fresh so role changes apply at once. */
export async function loadActor(db: Executor, userId: number): Promise<Actor | null> {
  const user = await db.selectFrom('users').select(['id', 'site_admin', 'disabled']).where('id', '=', userId).executeTakeFirst();
  if (!user || user.disabled) return null;
  const rows = await db.selectFrom('body_roles').select(['body_id', 'role']).where('user_id', '=', userId).execute();
  const roles = new Map<number, Set<Role>>();
  for (const r of rows) {
    if (!roles.has(r.body_id)) roles.set(r.body_id, new Set());
    roles.get(r.body_id)!.add(r.role as Role);
  }
  return { userId: user.id, siteAdmin: user.site_admin === 1, roles };
}

export async function grantRole(ctx: ServiceContext, actor: Actor | null, slug: string, input: { username: string; role: Role }) {
  const body = await findBody(ctx.dialect.db, slug);
  if (!actor?.siteAdmin) authorize(actor, 'role.manage', body.id);
  if (!ROLES.includes(input.role)) throw invalid('invalid_role', `a role is one of ${ROLES.join(', ')}`);
  const user = await ctx.dialect.db.selectFrom('users').select('id').where('username', '=', input.username.trim().toLowerCase()).executeTakeFirst();
  if (!user) throw notFound(`user "${input.username}"`, 'user_not_found');
  // Admin actions enter the log with the role and an opaque account number — never a username,
  // a name or any other account data.
  await recordTransaction(ctx, body, async (tx) => {
    const exists = await tx.trx.selectFrom('body_roles').select('role').where('body_id', '=', body.id).where('user_id', '=', user.id).where('role', '=', input.role).executeTakeFirst();
    if (exists) return;
    await tx.trx.insertInto('body_roles').values({ body_id: body.id, user_id: user.id, role: input.role }).execute();
    tx.record('role.granted', { role: input.role, account: user.id });
  });
  return { userId: user.id, role: input.role };
}

export async function revokeRole(ctx: ServiceContext, actor: Actor | null, slug: string, input: { username: string; role: Role }) {
  const body = await findBody(ctx.dialect.db, slug);
  if (!actor?.siteAdmin) authorize(actor, 'role.manage', body.id);
  const user = await ctx.dialect.db.selectFrom('users').select('id').where('username', '=', input.username.trim().toLowerCase()).executeTakeFirst();
  if (!user) throw notFound(`user "${input.username}"`, 'user_not_found');
  await recordTransaction(ctx, body, async (tx) => {
    const r = await tx.trx.deleteFrom('body_roles').where('body_id', '=', body.id).where('user_id', '=', user.id).where('role', '=', input.role).executeTakeFirst();
    if (Number(r.numDeletedRows) > 0) tx.record('role.revoked', { role: input.role, account: user.id });
  });
}

/**
 * Links a member's seat to their account, so they can attest presence and cast ballots. Whoever
 * holds the link casts the seat's ballots, so it is never a clerk's or a body administrator's act:
 * only a site administrator links a seat (until members accept invitations themselves), and never
 * while a vote of the body is open or tied.
 */
export async function linkMemberAccount(ctx: ServiceContext, actor: Actor | null, slug: string, input: { memberId: number; username: string }) {
  authorizeSiteAdmin(actor);
  const body = await findBody(ctx.dialect.db, slug);
  const user = await ctx.dialect.db.selectFrom('users').select('id').where('username', '=', input.username.trim().toLowerCase()).executeTakeFirst();
  if (!user) throw notFound(`user "${input.username}"`, 'user_not_found');
  await recordTransaction(ctx, body, async (tx) => {
    const m = await tx.trx.selectFrom('memberships').select(['id', 'person_id']).where('body_id', '=', body.id).where('id', '=', input.memberId).executeTakeFirst();
    if (!m) throw notFound(`member ${input.memberId}`, 'member_not_found');
    if (m.person_id === null) throw conflict('holder_not_named', 'this seat\'s holder is not named in the record; name them before linking an account');
    const personId = m.person_id;
    const open = await tx.trx.selectFrom('votes').select('id').where('body_id', '=', body.id).where('status', 'in', ['open', 'tied']).executeTakeFirst();
    if (open) throw conflict('vote_in_progress', `vote ${open.id} is open; seats are linked to accounts only between votes`);
    const other = await tx.trx.selectFrom('people').innerJoin('memberships', 'memberships.person_id', 'people.id').select('memberships.id')
      .where('people.body_id', '=', body.id).where('people.user_id', '=', user.id).where('people.id', '!=', personId)
      .where('memberships.ends_on', 'is', null).executeTakeFirst();
    if (other) throw conflict('account_holds_seat', `this account already holds seat of member ${other.id} in this body`);
    await tx.trx.updateTable('people').set({ user_id: user.id }).where('id', '=', personId).execute();
    const has = await tx.trx.selectFrom('body_roles').select('role').where('body_id', '=', body.id).where('user_id', '=', user.id).where('role', '=', 'member').executeTakeFirst();
    if (!has) await tx.trx.insertInto('body_roles').values({ body_id: body.id, user_id: user.id, role: 'member' }).execute();
    tx.record('member.account_linked', { member: input.memberId, account: user.id });
  });
}
