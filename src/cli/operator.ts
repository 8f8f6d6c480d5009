// The CLI runs with the server operator's authority (it holds the database itself), so its
// actions are taken as a site administrator with full roles in the body it names.
import type { Actor, Role } from '../services/policy.ts';
import { ROLES } from '../services/policy.ts';

export function operatorActor(bodyId?: number): Actor {
  const roles = new Map<number, ReadonlySet<Role>>();
  if (bodyId !== undefined) roles.set(bodyId, new Set(ROLES));
  return { userId: 0, siteAdmin: true, roles };
}
