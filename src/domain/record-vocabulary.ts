// The closed vocabularies of the record: the values a sitting's, motion's, vote's and attendance
// row's state columns can hold. The database schema (src/db/schema.ts) types its columns with
// them, so a status read from a row is already one of these and nothing downstream casts it.
// A motion's kind is not here: the body's rules name its kinds (RuleSet.motionKinds).

/** scheduled → open → closed (DESIGN.md, "Sittings"). */
export const SITTING_STATUSES = ['scheduled', 'open', 'closed', 'cancelled'] as const;
export const SITTING_KINDS = ['ordinary', 'extraordinary'] as const;
export type SittingKind = (typeof SITTING_KINDS)[number];
export type SittingStatus = (typeof SITTING_STATUSES)[number];

/** A sitting records attendance by name, or (historical records) as a head count. */
export const ATTENDANCE_MODES = ['named', 'headcount'] as const;
export type AttendanceMode = (typeof ATTENDANCE_MODES)[number];

export const ATTENDANCE_STATUSES = ['present', 'absent', 'excused'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** pending → voting → adopted | rejected. */
export const MOTION_STATUSES = ['pending', 'voting', 'adopted', 'rejected'] as const;
export type MotionStatus = (typeof MOTION_STATUSES)[number];

/** open → closed, or open → tied (awaiting the chair's casting vote) → closed. */
export const VOTE_STATUSES = ['open', 'tied', 'closed'] as const;
export type VoteStatus = (typeof VOTE_STATUSES)[number];

// How a vote is taken is declared in domain/votes/vote-methods.ts (the browser reads it too).
export {
  DEVICE_METHODS,
  NAMED_METHODS,
  TOTALS_METHODS,
  VOTE_METHODS,
  type VoteMethod,
} from './votes/vote-methods.ts';

/** Who may act in a body (src/services/policy.ts says what each may do). */
export const ROLES = ['admin', 'clerk', 'chair', 'member', 'observer'] as const;
export type Role = (typeof ROLES)[number];

/** An API token reads only (safe methods), or reads and writes. */
export const TOKEN_SCOPES = ['read', 'read-write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** What a text in another language belongs to (issue 16, item 5). */
export const RECORD_TEXT_TARGETS = ['sitting', 'agenda_item', 'motion'] as const;
export type RecordTextTarget = (typeof RECORD_TEXT_TARGETS)[number];
export const RECORD_TEXT_FIELDS = ['title', 'text'] as const;
export type RecordTextField = (typeof RECORD_TEXT_FIELDS)[number];
