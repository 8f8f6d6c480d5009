// The roles page of a body (issue 15, item 4): who holds which role, and what each role may do as
// the policy says (policy.ts is the one source; this only reads it). Granting and revoking are
// `grantRole` and `revokeRole` in accounts.ts, the same use cases as POST/DELETE
// /api/v1/bodies/{slug}/roles, each a `role.granted` / `role.revoked` entry.
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { ACTIONS, authorize, ROLES, rolesAllowed, type Action, type Actor, type Role } from './policy.ts';

export interface RoleHolder {
  userId: number;
  username: string;
  displayName: string;
  roles: Role[];
}

/** The accounts holding a role in the body, by username, each with its roles in ROLES order. */
export async function bodyRoleHolders(db: Executor, bodyId: number): Promise<RoleHolder[]> {
  const rows = await db
    .selectFrom('body_roles')
    .innerJoin('users', 'users.id', 'body_roles.user_id')
    .select(['users.id', 'users.username', 'users.display_name', 'body_roles.role'])
    .where('body_roles.body_id', '=', bodyId)
    .orderBy('users.username')
    .execute();
  const holders = new Map<number, RoleHolder>();
  for (const r of rows) {
    const h = holders.get(r.id) ?? { userId: r.id, username: r.username, displayName: r.display_name, roles: [] };
    h.roles.push(r.role);
    holders.set(r.id, h);
  }
  for (const h of holders.values()) h.roles.sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b));
  return [...holders.values()];
}

/** What each role may do: one row per action of the policy, with the roles it allows. */
export function policyTable(): Array<{ action: Action; roles: readonly Role[] }> {
  return ACTIONS.map((action) => ({ action, roles: rolesAllowed(action) }));
}

/** Who may see and use a body's roles page: those who may grant roles there, and site administrators. */
export function authorizeRolesPage(actor: Actor | null, bodyId: number): asserts actor is Actor {
  if (actor?.siteAdmin) return;
  authorize(actor, 'role.manage', bodyId);
}
