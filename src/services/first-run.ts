// The first run of a new site (issue 15, item 1). A site with neither a site administrator nor a
// body is "not set up": `quorate serve` issues a one-time setup link (a random 256-bit token, only
// its SHA-256 stored, valid SETUP_LINK_HOURS, used once), and the link's page creates the first
// site administrator. Until then the public site says so and nothing else can be done; once the
// administrator exists every setup link is void, used or not.
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { createUser } from './accounts.ts';
import { ServiceError } from './service-error.ts';
import { sha256Hex, type ServiceContext } from './service-context.ts';

export const SETUP_LINK_HOURS = 24;

/** True once the site has a site administrator or a body (a body created by the operator's CLI counts). */
export async function siteIsSetUp(db: Executor): Promise<boolean> {
  const admin = await db.selectFrom('users').select('id').where('site_admin', '=', 1).limit(1).executeTakeFirst();
  if (admin) return true;
  const body = await db.selectFrom('bodies').select('id').limit(1).executeTakeFirst();
  return Boolean(body);
}

/** True while a site administrator may still be created through a setup link. */
async function awaitingAdministrator(db: Executor): Promise<boolean> {
  const admin = await db.selectFrom('users').select('id').where('site_admin', '=', 1).limit(1).executeTakeFirst();
  return !admin;
}

/**
 * Issues a setup link's secret when the site has no site administrator yet (null otherwise). Each
 * start of an unconfigured server issues a fresh one; earlier ones stay valid until they expire.
 * @example const secret = await issueSetupLink(ctx); // `${origin}/setup?token=${secret}`
 */
export async function issueSetupLink(ctx: ServiceContext): Promise<{ token: string; expiresAt: string } | null> {
  if (!(await awaitingAdministrator(ctx.dialect.db))) return null;
  const token = Buffer.from(ctx.randomBytes(32)).toString('base64url');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + SETUP_LINK_HOURS * 3_600_000).toISOString();
  await ctx.dialect.db
    .insertInto('setup_links')
    .values({ token_hash: sha256Hex(token), created_at: now.toISOString(), expires_at: expiresAt, used_at: null })
    .execute();
  return { token, expiresAt };
}

const linkInvalid = () =>
  new ServiceError(
    'invalid',
    'setup_link_invalid',
    'this setup link is unknown, used or expired, or the site is set up',
  );

/** Whether a setup link may be used now (the page shows the form only then). */
export async function setupLinkUsable(db: Executor, now: Date, token: string): Promise<boolean> {
  if (token.length === 0 || token.length > 200) return false;
  if (!(await awaitingAdministrator(db))) return false;
  const row = await db
    .selectFrom('setup_links')
    .select('token_hash')
    .where('token_hash', '=', sha256Hex(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * Uses a setup link once: creates the first site administrator. Refused (and nothing stored) when
 * the link is unknown, used or expired, when a site administrator already exists, or when the
 * username or password is not acceptable. The link is spent in the same transaction that checks it,
 * so two tabs racing with one link (or two links) create one administrator.
 */
export async function completeSetup(
  ctx: ServiceContext,
  input: { token: string; username: string; displayName?: string | null; password: string; confirmation: string },
) {
  if (input.token.length === 0 || input.token.length > 200) throw linkInvalid();
  if (input.password !== input.confirmation)
    throw new ServiceError('invalid', 'password_mismatch', 'the password and its confirmation differ');
  const now = ctx.now().toISOString();
  return ctx.dialect.db.transaction().execute(async (trx) => {
    // Every unused link is spent at once, ours among them: a second link racing this one waits on
    // the same rows and then finds them used, so two links never make two first administrators.
    const hash = sha256Hex(input.token);
    const spent = await trx
      .updateTable('setup_links')
      .set({ used_at: now })
      .where('used_at', 'is', null)
      .returning(['token_hash', 'expires_at'])
      .execute();
    const ours = spent.find((l) => l.token_hash === hash);
    if (!ours || ours.expires_at <= now || !(await awaitingAdministrator(trx))) throw linkInvalid();
    // The account is created in the transaction that spent the link: a refusal (a taken or bad
    // username, a short password) rolls the link back, so it may be used again.
    const trxCtx: ServiceContext = { ...ctx, dialect: { ...ctx.dialect, db: trx } };
    const username = input.username.trim().toLowerCase();
    return createUser(
      trxCtx,
      null,
      { username, displayName: input.displayName?.trim() || username, password: input.password, siteAdmin: true },
      { bootstrap: true },
    );
  });
}
