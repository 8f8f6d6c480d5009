// The life of a sitting's minutes (issue 17, item 1), as pure rules shared by the service and by
// replay: drafted from a closed sitting, a narrative per agenda item adding a draft version each,
// approved by the adoption of a `minutes_approval` motion naming a draft version (which freezes
// it: the PDF's SHA-256 and the log size it reflects enter the approval), then signed by the chair
// and the clerk, each naming that hash. The status is derived from these facts at read time.

/** The motion kind that puts a sitting's draft minutes to the vote. */
export const MINUTES_APPROVAL_KIND = 'minutes_approval';

export const MINUTES_SIGNER_ROLES = ['chair', 'clerk'] as const;
export type MinutesSignerRole = (typeof MINUTES_SIGNER_ROLES)[number];

export interface MinutesFacts {
  /** The latest draft version; 0 before the minutes are drafted. */
  version: number;
  approved: { version: number; sha256: string } | null;
  signatures: ReadonlyArray<{ role: MinutesSignerRole; account: number }>;
}

export type MinutesStatus = 'none' | 'draft' | 'approved' | 'signed';

/**
 * The status: none, draft, approved (signatures still missing) or signed (by the chair and the clerk).
 * @example minutesStatus({ version: 2, approved: null, signatures: [] }) // 'draft'
 */
export function minutesStatus(f: MinutesFacts): MinutesStatus {
  if (f.version === 0) return 'none';
  if (!f.approved) return 'draft';
  return MINUTES_SIGNER_ROLES.every((r) => f.signatures.some((s) => s.role === r)) ? 'signed' : 'approved';
}

/** Why the minutes cannot be drafted, or null. */
export function draftRefusal(f: MinutesFacts, sittingClosed: boolean): string | null {
  if (!sittingClosed) return 'sitting_not_closed';
  if (f.version > 0) return 'minutes_already_drafted';
  return null;
}

/** Why a narrative cannot be added (the draft is frozen once approved), or null. */
export function narrativeRefusal(f: MinutesFacts): string | null {
  if (f.version === 0) return 'minutes_not_drafted';
  if (f.approved) return 'minutes_approved';
  return null;
}

/** Why a motion cannot put draft `version` to the vote (tabling), or null. */
export function approvalMotionRefusal(f: MinutesFacts, version: number, sameSitting: boolean): string | null {
  if (sameSitting) return 'minutes_of_own_sitting';
  if (f.version === 0) return 'minutes_not_drafted';
  if (f.approved) return 'minutes_already_approved';
  if (!Number.isSafeInteger(version) || version < 1 || version > f.version) return 'minutes_version_unknown';
  return null;
}

/** Why the adoption of an approval motion for `version` cannot approve the minutes, or null. */
export function approvalRefusal(f: MinutesFacts, version: number): string | null {
  if (f.version === 0) return 'minutes_not_drafted';
  if (f.approved) return 'minutes_already_approved';
  if (!Number.isSafeInteger(version) || version < 1 || version > f.version) return 'minutes_version_unknown';
  return null;
}

/**
 * Why `account` cannot sign as `role` naming `sha256`, or null. Holding the role is checked by
 * the caller (the service against the roles held, replay against the roles in the log).
 */
export function signatureRefusal(
  f: MinutesFacts,
  role: string,
  account: number,
  sha256: string,
  holdsRole: boolean,
): string | null {
  if (!(MINUTES_SIGNER_ROLES as readonly string[]).includes(role)) return 'not_a_signing_role';
  if (!holdsRole) return 'signer_lacks_role';
  if (!f.approved) return 'minutes_not_approved';
  if (sha256 !== f.approved.sha256) return 'minutes_hash_mismatch';
  if (f.signatures.some((s) => s.role === role)) return 'minutes_already_signed';
  if (f.signatures.some((s) => s.account === account)) return 'minutes_signed_by_same_account';
  return null;
}
