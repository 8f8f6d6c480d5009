// The clerk's office (issue 15): what a signed-in user may set up or staff, and a new body created
// from the office's form — the same createBody use case as POST /api/v1/bodies, then, when asked,
// the creator's administrator role granted by the same grantRole as POST …/roles (its own
// `role.granted` entry), so a form never does what the API could not.
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { createBody, type CreateBodyInput } from './bodies.ts';
import { grantRole } from './accounts.ts';
import { can, type Actor } from './policy.ts';
import { BODY_NAMES, parseJsonColumn } from './json-columns.ts';

export interface OfficeBody {
  slug: string;
  names: Record<string, string>;
  manageRoster: boolean;
  configure: boolean;
  manageSittings: boolean;
}

/** The bodies the actor holds an office in (all bodies for a site administrator). */
export async function officeBodies(db: Executor, actor: Actor): Promise<OfficeBody[]> {
  const rows = await db.selectFrom('bodies').select(['id', 'slug', 'names']).orderBy('slug').execute();
  return rows
    .map((b) => ({
      slug: b.slug,
      names: parseJsonColumn(BODY_NAMES, b.names),
      manageRoster: can(actor, 'roster.manage', b.id),
      configure: can(actor, 'body.configure', b.id),
      manageSittings: can(actor, 'sitting.manage', b.id),
      listed: actor.siteAdmin || actor.roles.has(b.id),
    }))
    .filter((b) => b.listed)
    .map(({ listed: _listed, ...b }) => b);
}

export async function createBodyFromOffice(
  ctx: Parameters<typeof createBody>[0],
  actor: Actor | null,
  input: CreateBodyInput,
  options: { makeCreatorAdmin: boolean },
) {
  const created = await createBody(ctx, actor, input);
  if (options.makeCreatorAdmin && actor) {
    const user = await ctx.dialect.db
      .selectFrom('users')
      .select('username')
      .where('id', '=', actor.userId)
      .executeTakeFirst();
    if (user) await grantRole(ctx, actor, created.slug, { username: user.username, role: 'admin' });
  }
  return created;
}
