// Who may do what, in one place (after Outline's policies/). A role is held per body; a site
// admin may create bodies and manage accounts. Members act only for themselves — services check
// that the membership they act for is their own.
import { ServiceError } from './service-error.ts';

import { ROLES, type Role } from '../domain/record-vocabulary.ts';
export { ROLES, type Role };

export interface Actor {
  userId: number;
  siteAdmin: boolean;
  /** Roles by body id. */
  roles: ReadonlyMap<number, ReadonlySet<Role>>;
}

const POLICY = {
  'body.configure': ['admin'],
  // Adopting the corrected version of the preset a body's rules already name: the clerk's act
  // (issue 13); any other rules change stays the body administrator's.
  'rules.adopt_correction': ['admin', 'clerk'],
  'roster.manage': ['admin', 'clerk'],
  // Inviting a seat's holder: the invitation, not the clerk, decides the account (issue 15, item 4).
  'member.invite': ['admin', 'clerk'],
  // Factions (депутатские объединения): the clerk records them, as the roster (issue 15, item 5).
  'faction.manage': ['admin', 'clerk'],
  // Establishing a committee of the body (issue 15, item 5): a body inside the body, filled from
  // its members. Its creator's admin and clerk roles in the parent are granted in the committee.
  'committee.establish': ['admin', 'clerk'],
  'role.manage': ['admin'],
  'sitting.manage': ['clerk', 'chair'],
  'attendance.mark': ['clerk'],
  'attendance.attest': ['member'],
  'motion.table': ['clerk', 'chair'],
  'vote.open': ['clerk', 'chair'],
  'vote.close': ['clerk', 'chair'],
  'vote.record': ['clerk'],
  'ballot.cast': ['member'],
  'dispute.record': ['clerk', 'chair', 'member'],
  'report.record': ['clerk'],
  // The life of a decision after the vote (issue 17): signed, vetoed, published, in force, repealed…
  'decision.record_event': ['clerk'],
  'result.declare': ['clerk'],
  'election.manage': ['clerk', 'chair'],
  'election.tell': ['clerk', 'chair'],
  'nomination.make': ['clerk', 'member'],
  'authority.manage': ['clerk'],
  'appeal.manage': ['clerk'],
  'appeal.reminders': ['clerk', 'chair'],
  'blob.withhold': ['admin', 'clerk'],
  // Minutes (issue 17): the clerk drafts them and writes the narratives; the chair and the clerk
  // sign approved minutes, each as the role they hold.
  'minutes.draft': ['clerk'],
  'minutes.sign': ['clerk', 'chair'],
  'record.read_draft': ['admin', 'clerk', 'chair', 'member', 'observer'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof POLICY;

/** Every action, in the order the policy declares it (the roles page's table is built from it). */
export const ACTIONS = Object.keys(POLICY) as Action[];

/** The roles that may take an action in a body, as the policy says. */
export function rolesAllowed(action: Action): readonly Role[] {
  return POLICY[action];
}

export function rolesFor(actor: Actor | null, bodyId: number): ReadonlySet<Role> {
  return actor?.roles.get(bodyId) ?? new Set();
}

/** True when the actor may take the action on the body. */
export function can(actor: Actor | null, action: Action, bodyId: number): boolean {
  if (!actor) return false;
  const held = rolesFor(actor, bodyId);
  return (POLICY[action] as readonly Role[]).some((r) => held.has(r));
}

/** Throws 401 for no actor, 403 for an actor without a role that allows the action. */
export function authorize(actor: Actor | null, action: Action, bodyId: number): asserts actor is Actor {
  if (!actor) throw new ServiceError('unauthenticated', 'unauthenticated', 'sign in first');
  if (!can(actor, action, bodyId)) {
    throw new ServiceError('forbidden', 'forbidden', `your role in this body does not allow ${action}`);
  }
}

export function authorizeSiteAdmin(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new ServiceError('unauthenticated', 'unauthenticated', 'sign in first');
  if (!actor.siteAdmin) throw new ServiceError('forbidden', 'forbidden', 'only a site administrator may do this');
}
