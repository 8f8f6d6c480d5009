// Kysely table types. Every table that holds a body's data carries body_id in its key or an index,
// so a large installation can shard by body (DESIGN.md, "Architecture").
// Portable column types: timestamps are ISO-8601 UTC text, flags are 0/1 integers, JSON is text,
// bytes are BLOB (SQLite) / BYTEA (PostgreSQL) and arrive as Uint8Array/Buffer on both.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  AttendanceMode,
  AttendanceStatus,
  MotionStatus,
  Role,
  RecordTextField,
  RecordTextTarget,
  SittingKind,
  SittingStatus,
  TokenScope,
  VoteMethod,
  VoteStatus,
} from '../domain/record-vocabulary.ts';
import type { BallotChoice } from '../domain/ballots/commitment.ts';
import type { AppealEventType } from '../domain/appeals/appeal-event.ts';
import type { DecisionEventType, PublicationPlace } from '../domain/decisions/decision-life.ts';

type Id = Generated<number>;
type Flag = number;

export interface BodiesTable {
  id: Id;
  slug: string;
  /** JSON: { "en": "...", "ru": "..." } — a body's names in each of its languages. */
  names: string;
  jurisdiction: string | null;
  established_seats: number;
  /** JSON: the body's own copy of its rule set (domain/rules RuleSet). */
  rules: string;
  /** JSON array of language tags, first = default. */
  languages: string;
  time_zone: string;
  /** Log origin, e.g. "council.example.org/smolninskoye"; fixed in entry 0. */
  origin: string;
  allow_ballot_change: Flag;
  next_decision_number: number;
  created_at: string;
  /** A committee's parent body (migration 048); null for a body that is no committee. */
  parent_id: number | null;
}

export interface LogHeadsTable {
  /** The per-body lock row: sequencing takes it FOR UPDATE (PostgreSQL) / under BEGIN IMMEDIATE (SQLite). */
  body_id: number;
  next_index: number;
}

export interface EntriesTable {
  body_id: number;
  idx: number;
  type: string;
  /** RFC 8785 canonical JSON, exactly as hashed into the log. */
  bytes: Uint8Array;
  recorded_at: string;
}

/** Which entries concern which sitting (domain/entries/entry-sitting.ts), for live replay. */
export interface SittingEntriesTable {
  body_id: number;
  sitting_id: number;
  idx: number;
}

export interface BlobsTable {
  body_id: number;
  sha256: string;
  media_type: string;
  size: number;
  bytes: Uint8Array | null;
  withheld: Flag;
  withheld_reason: string | null;
  created_at: string;
}

export interface UsersTable {
  id: Id;
  username: string;
  display_name: string;
  password_hash: string;
  site_admin: Flag;
  disabled: Flag;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token; the token itself is never stored. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  /** The browser it was signed in from (its User-Agent, at most 200 characters), when known. */
  user_agent: string | null;
  /** When it was last used, updated at most every few minutes (services/account-settings.ts). */
  last_seen_at: string | null;
}

export interface ApiTokensTable {
  id: Id;
  user_id: number;
  token_hash: string;
  name: string;
  created_at: string;
  revoked_at: string | null;
  /** Every token expires: 90 days by default, one year at most. */
  expires_at: string;
  /** "read" (safe methods only) or "read-write". */
  scope: TokenScope;
  /** Set when the token may act on one body only. */
  body_id: number | null;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** The site administrator who issued it (null for `quorate admin reset-link` and older links). */
  created_by: number | null;
}

export interface SignInFailuresTable {
  /** "address:<ip>", "account:<username>" (its unknown devices) or "device:<user id>:<nonce>". */
  key: string;
  window_start: string;
  /** Attempts counted in the window (reserved before the password is checked). */
  failures: number;
  /** Locks so far; each lasts twice the last (reset after a day without attempts). */
  lockouts: number;
  locked_until: string | null;
  last_at: string;
}

export interface BodyRolesTable {
  body_id: number;
  user_id: number;
  role: Role;
}

export interface PeopleTable {
  id: Id;
  body_id: number;
  name_en: string | null;
  name_ru: string | null;
  user_id: number | null;
  created_at: string;
}

export interface SeatsTable {
  id: Id;
  body_id: number;
  number: number;
  label: string | null;
}

export interface MembershipsTable {
  id: Id;
  body_id: number;
  seat_id: number;
  /** null: the seat is filled by a holder the record does not name. */
  person_id: number | null;
  starts_on: string | null;
  ends_on: string | null;
  /** Why the mandate ended (MANDATE_END_REASONS in services/roster.ts); null while current or when not recorded. */
  end_reason: string | null;
  created_at: string;
  /** In a committee: the parent body's mandate the holder sits on (migration 048); else null. */
  parent_membership_id: number | null;
}

/** A one-time link that creates a new site's first administrator (only its SHA-256 is kept). */
export interface SetupLinksTable {
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** The site administrator who issued it (null for `quorate admin reset-link` and older links). */
  created_by: number | null;
}

/** A one-time invitation to a seat's holder (issue 15, item 4): only the link's SHA-256 is kept. */
export interface MemberInvitationsTable {
  id: Generated<number>;
  body_id: number;
  membership_id: number;
  token_hash: string;
  created_by: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by: number | null;
  revoked_at: string | null;
}

/** A body's legislative term (convocation): its number and dates; the current one has no end yet. */
export interface TermsTable {
  id: Id;
  body_id: number;
  number: number;
  starts_on: string;
  ends_on: string | null;
  created_at: string;
}

/** A faction (депутатское объединение (фракция)) of a body, founded and (once it is) dissolved on a day. */
export interface FactionsTable {
  id: Id;
  body_id: number;
  name_en: string | null;
  name_ru: string | null;
  founded_on: string;
  dissolved_on: string | null;
  /** The `faction.established` entry. */
  entry_index: number;
  created_at: string;
}

/** A member's stretch in a faction: joins on a day, leaves on a day (inclusive); open while null. */
export interface FactionMembersTable {
  id: Id;
  body_id: number;
  faction_id: number;
  membership_id: number;
  joins_on: string;
  leaves_on: string | null;
  created_at: string;
}

export interface SittingsTable {
  id: Id;
  body_id: number;
  title: string;
  /** Partial date: YYYY, YYYY-MM or YYYY-MM-DD. */
  date: string;
  starts_at: string | null;
  place: string | null;
  status: SittingStatus;
  /** 1 when the record is made afterwards from sources rather than live. */
  historical: Flag;
  attendance_mode: AttendanceMode;
  headcount_present: number | null;
  headcount_absent: number | null;
  headcount_note: string | null;
  opened_at: string | null;
  closed_at: string | null;
  created_at: string;
  /** The entry recording that a lack of quorum was formally established (GO NRW §49(1)); null: never. */
  lack_of_quorum_entry: Generated<number | null>;
  kind: Generated<SittingKind>;
  /** Who convened the sitting, as the clerk recorded it (the chair, a third of the members…). */
  convened_by: Generated<string | null>;
  /** The language the title and text were entered in; null where the record never said. */
  lang: Generated<string | null>;
}

/** A sitting rescheduled or cancelled, with its reason: the row is kept, the change recorded. */
export interface SittingChangesTable {
  id: Id;
  body_id: number;
  sitting_id: number;
  change: 'rescheduled' | 'cancelled';
  reason: string;
  from_date: string;
  from_starts_at: string | null;
  from_place: string | null;
  to_date: string | null;
  to_starts_at: string | null;
  to_place: string | null;
  at: string;
  entry_index: number;
}

/** An invitation to hold a role in a body (issue 15, item 4); only the link's SHA-256 is kept. */
export interface OfficerInvitationsTable {
  id: Id;
  body_id: number;
  role: Role;
  token_hash: string;
  created_by: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by: number | null;
  revoked_at: string | null;
}

/** A title or text of the record in another of the body's languages, entered or quoted from a source. */
export interface RecordTextsTable {
  id: Id;
  body_id: number;
  target_type: RecordTextTarget;
  target_id: number;
  field: RecordTextField;
  lang: string;
  value: string;
  /** Where a quoted text comes from (an outlet and date); null for the clerk's own entry. */
  source: string | null;
  /** What the text is (e.g. "the operative request, as quoted"). */
  note: string | null;
  created_at: string;
  entry_index: number;
}

/** A notice of a sitting as published: when, and the date, time and place it announced. */
export interface SittingNoticesTable {
  id: Id;
  body_id: number;
  sitting_id: number;
  published_at: string;
  sitting_date: string;
  starts_at: string | null;
  place: string | null;
  second_convocation_warning: Generated<Flag>;
  /** The body's time zone the notice's day was reckoned in. */
  time_zone: string;
  /** The notice rule it was judged by (JSON), null when the rules set none. */
  rule: string | null;
  /** The verdict recorded with it; null without a rule. */
  in_time: Flag | null;
  entry_index: number;
}

export interface AgendaItemsTable {
  id: Id;
  body_id: number;
  sitting_id: number;
  position: number;
  title: string;
  /** The language the title and text were entered in; null where the record never said. */
  lang: Generated<string | null>;
  /** Why the item was withdrawn; null while it stands. */
  withdrawn_reason: Generated<string | null>;
  /** The entry that withdrew it. */
  withdrawn_entry: Generated<number | null>;
  /** 1: taken with the public excluded (issue 16). */
  closed: Generated<number>;
  /** A closed item's title where the rules withhold it (then `title` is empty); office eyes only. */
  closed_title: Generated<string | null>;
  /** Hex nonce of the log's commitment to a withheld title. */
  title_nonce: Generated<string | null>;
}

export interface AttendanceTable {
  body_id: number;
  sitting_id: number;
  membership_id: number;
  status: AttendanceStatus;
  arrived_at: string | null;
  departed_at: string | null;
  attested_at: string | null;
  marked_by: number | null;
  updated_at: string;
  entry_index: number;
}

export interface MotionsTable {
  id: Id;
  body_id: number;
  sitting_id: number | null;
  agenda_item_id: number | null;
  kind: string;
  title: string;
  text: string;
  text_blob: string | null;
  amends_motion_id: number | null;
  /** JSON array of membership ids. */
  sponsors: string;
  status: MotionStatus;
  created_at: string;
  entry_index: number;
  /** 1: a second convocation on this matter after a lack of quorum (GO NRW §49(2)). */
  second_convocation: Generated<Flag>;
  /** 1: previous notice of the motion was given (RONR 57:1). */
  previous_notice: Generated<Flag>;
  /** The language the title and text were entered in; null where the record never said. */
  lang: Generated<string | null>;
  /** A `minutes_approval` motion: the sitting whose minutes it puts to the vote, and the draft version. */
  minutes_sitting_id: Generated<number | null>;
  minutes_version: Generated<number | null>;
}

/** A closed sitting's minutes (issue 17): the draft's version, and once approved the frozen PDF. */
export interface MinutesTable {
  id: Id;
  body_id: number;
  sitting_id: number;
  /** The latest draft version (1 when drafted, one more with each narrative). */
  version: number;
  drafted_at: string;
  drafted_entry: number;
  /** When the latest draft version was recorded (the draft PDF's creation date). */
  updated_at: string;
  approved_version: number | null;
  approved_motion_id: number | null;
  approved_vote_id: number | null;
  approved_at: string | null;
  approved_entry: number | null;
  /** The approved PDF: a blob of the body. */
  pdf_sha256: string | null;
  pdf_size: number | null;
  /** The log size the approved PDF reflects. */
  pdf_log_size: number | null;
}

/** The clerk's narrative of an agenda item (null: the sitting as a whole) in one language. */
export interface MinutesNarrativesTable {
  id: Id;
  body_id: number;
  minutes_id: number;
  agenda_item_id: number | null;
  lang: string;
  text: string;
  /** The draft version this narrative made. */
  version: number;
  created_at: string;
  entry_index: number;
}

/** A signature of approved minutes: the signer's account, in the role they sign as, naming the PDF's hash. */
export interface MinutesSignaturesTable {
  id: Id;
  body_id: number;
  minutes_id: number;
  role: 'chair' | 'clerk';
  account_id: number;
  sha256: string;
  signed_at: string;
  entry_index: number;
}

export interface VotesTable {
  id: Id;
  body_id: number;
  sitting_id: number;
  motion_id: number;
  method: VoteMethod;
  status: VoteStatus;
  majority_name: string;
  /** Present and entitled when the vote opened (recused members excluded). */
  present: number;
  established: number;
  filled: number;
  yes: number | null;
  no: number | null;
  abstain: number | null;
  blank: number | null;
  invalid: number | null;
  casting_vote: 'yes' | 'no' | null;
  opened_at: string | null;
  closed_at: string | null;
  /** JSON: { quorum, majority } the vote was decided under. */
  rule: string | null;
  /** JSON: the rules engine's Outcome. */
  outcome: string | null;
  adopted: Flag | null;
  quorate: Flag | null;
  open_entry: number;
  close_entry: number | null;
}

export interface VotePresenceTable {
  body_id: number;
  vote_id: number;
  membership_id: number;
  recused: Flag;
}

export interface BallotsTable {
  body_id: number;
  vote_id: number;
  membership_id: number;
  choice: BallotChoice;
  salt: string;
  commitment: string;
  client_ballot_id: string | null;
  revision: number;
  cast_at: string;
  entry_index: number;
  /** The account that cast it (an opaque number); null for ballots recorded before it was kept. */
  cast_by: number | null;
}

export interface VoteTurnoutTable {
  body_id: number;
  vote_id: number;
  membership_id: number;
  client_ballot_id: string | null;
  entry_index: number;
}

export interface DecisionsTable {
  id: Id;
  body_id: number;
  vote_id: number;
  motion_id: number;
  /** null when the record does not know the register number (historical records). */
  register_number: string | null;
  adopted_on: string;
  entry_index: number;
  /** 1 for a decision of a historical sitting: its register number need not be unique. */
  historical: Generated<number>;
  /** 1 when the rules made it in force on adoption when it was registered (migration 057). */
  in_force_on_adoption: Generated<number>;
  /** The scheme's `{number}` this decision was given, and the run it counts within ('' or a year). */
  register_sequence: Generated<number | null>;
  register_scope: Generated<string | null>;
}

/** One event in a decision's life (issue 17; domain/decisions/decision-life.ts). */
export interface DecisionEventsTable {
  id: Id;
  body_id: number;
  decision_id: number;
  type: DecisionEventType;
  /** Partial date. */
  occurred_on: string;
  /** Who did it, as the source names them. */
  actor: string | null;
  source: string | null;
  reasons: string | null;
  vote_id: number | null;
  place: PublicationPlace | null;
  bulletin: string | null;
  issue: string | null;
  url: string | null;
  /** The decision that amended or repealed this one. */
  related_decision_id: number | null;
  court: string | null;
  case_number: string | null;
  recorded_at: string;
  entry_index: number;
}

export interface DisputesTable {
  id: Id;
  body_id: number;
  target_type: string;
  target_id: number;
  claimant: string;
  claim: string;
  source: string | null;
  occurred_on: string | null;
  recorded_at: string;
  entry_index: number;
}

/** What a named outlet reported about a vote the record does not hold (never a recorded ballot). */
export interface VoteReportsTable {
  id: Id;
  body_id: number;
  vote_id: number;
  claim: string;
  source: string;
  reported_on: string | null;
  recorded_at: string;
  entry_index: number;
}

export interface VoteReportPositionsTable {
  report_id: number;
  body_id: number;
  member_id: number;
  choice: 'yes' | 'no' | 'abstain';
}

export interface DeclaredResultsTable {
  id: Id;
  body_id: number;
  vote_id: number;
  adopted: Flag;
  declared_by: string;
  reason: string;
  recorded_at: string;
  entry_index: number;
}

export interface LogTilesTable {
  body_id: number;
  level: number;
  tile_index: number;
  /** Hashes in the tile (1–256); a partial tile is widened in place until full. */
  width: number;
  hashes: Uint8Array;
}

export interface LogStateTable {
  body_id: number;
  /** The published tree size: moves only forward (compare-and-set). */
  size: number;
  root: Uint8Array;
  /** The signed checkpoint note for `size`. */
  checkpoint: string;
  updated_at: string;
}

export interface LogCheckpointsTable {
  body_id: number;
  size: number;
  root: Uint8Array;
  checkpoint: string;
  created_at: string;
}

/** The words of one motion for full-text search (migration 003; engines index them their way). */
export interface SearchDocumentsTable {
  motion_id: number;
  body_id: number;
  /** Distinct words, space-separated, as cut by domain/search/search-terms.ts. */
  words: string;
}

export interface BodyWitnessesTable {
  id: Id;
  body_id: number;
  /** Base address; the log POSTs to `${url}/add-checkpoint`. */
  url: string;
  /** The witness's cosigner vkey (type 0x04). */
  vkey: string;
  /** Size of the last checkpoint this witness cosigned. */
  last_size: number;
  last_error: string | null;
  created_at: string;
}

/** Witness URLs the site administrator allows bodies to register (`quorate admin witness allow`). */
export interface WitnessAllowListTable {
  /** Normalised as normalizeWitnessUrl (src/domain/log/witness-url.ts) does. */
  url: string;
  added_at: string;
}

/** A body's directory of authorities it writes to (migration 020). */
export interface AuthoritiesTable {
  id: Id;
  body_id: number;
  /** JSON: { "en"?: "...", "ru"?: "..." } — at least one. */
  names: string;
  /** The institution's postal or e-mail address (never a private person's). */
  address: string | null;
  /** JSON: the deadline rule (domain/appeals DeadlineRule) appeals to it count under by default. */
  rule: string;
  /** JSON: days a letter may take by each channel ({ "post": 7 }), over the body's (migration 036). */
  transit_days: string | null;
  created_at: string;
  entry_index: number;
}

export interface AppealsTable {
  id: Id;
  body_id: number;
  authority_id: number;
  decision_id: number | null;
  title: string;
  summary: string | null;
  /** 'body' or 'member' (sent by a member personally). */
  sender_kind: string;
  sender_membership_id: number | null;
  channel: string | null;
  /** The outgoing reference number. */
  reference: string | null;
  /** JSON: the deadline rule as it stood when the appeal was drafted. */
  rule: string;
  /** SHA-256 of a blob with personal details of third parties (withholdable). */
  details_blob: string | null;
  created_at: string;
  entry_index: number;
}

export interface AppealEventsTable {
  id: Id;
  body_id: number;
  appeal_id: number;
  type: AppealEventType;
  /** Partial date; null only for a reply whose date is not known. */
  occurred_on: string | null;
  classification: string | null;
  days: number | null;
  notice: string | null;
  to_authority_id: number | null;
  reason: string | null;
  reference: string | null;
  /** A reply's own date (the day the authority sent it), a partial date (migration 036). */
  dated: string | null;
  /** SHA-256 of the reply's (or notice's) text, kept as a withholdable blob. */
  text_blob: string | null;
  recorded_at: string;
  entry_index: number;
}

export interface AppealAttachmentsTable {
  body_id: number;
  appeal_id: number;
  sha256: string;
  name: string;
  media_type: string;
  size: number;
  /** 'letter', 'reply', 'notice' or 'other'. */
  kind: string;
  event_id: number | null;
  created_at: string;
  entry_index: number;
}

export interface PapersTable {
  id: Id;
  body_id: number;
  sitting_id: number;
  agenda_item_id: number | null;
  motion_id: number | null;
  /** 'report', 'draft', 'motion_text' or 'other'. */
  kind: string;
  title_en: string | null;
  title_ru: string | null;
  created_at: string;
  entry_index: number;
}

export interface PaperVersionsTable {
  paper_id: number;
  version: number;
  body_id: number;
  sha256: string;
  sha512: string;
  media_type: string;
  size: number;
  /** The account that uploaded it (users.id), an opaque number. */
  uploaded_by: number | null;
  uploaded_at: string;
  entry_index: number;
  /** 'pending', 'done', 'failed' or 'withheld'. */
  text_status: string;
  text: string | null;
}

export interface PaperSearchDocumentsTable {
  paper_id: number;
  body_id: number;
  /** Distinct words of the paper's titles and latest version's text, as search-terms.ts cuts them. */
  words: string;
}

export interface AppealCalendarsTable {
  body_id: number;
  /** JSON: domain/appeals CalendarAdditions (the body's extra days off and moved working days). */
  additions: string;
  /** JSON: the body's transit allowance per channel ({ "post": 7 }), migration 036. */
  transit_days: string | null;
  updated_at: string;
  entry_index: number;
}

/** Reminder e-mails already sent, so each is sent once. Not a fact of the record: not logged. */
export interface AppealRemindersTable {
  body_id: number;
  appeal_id: number;
  /** 'due_soon' or 'overdue'. */
  kind: string;
  due: string;
  sent_at: string;
}

/** A scheduled job's lease (issue 20): the process holding it runs the job until it lapses. */
export interface JobLeasesTable {
  job: string;
  holder: string;
  expires_at: string;
  last_run_at: string | null;
}

/** An election of a sitting (issue 18): its rule (JSON, domain/elections/election-record.ts) and status. */
export interface ElectionsTable {
  id: Id;
  body_id: number;
  sitting_id: number;
  agenda_item_id: number | null;
  office_en: string | null;
  office_ru: string | null;
  rule: string;
  ballot_kind: 'secret_paper' | 'secret_electronic' | 'open_roll_call';
  /** A role the election's act grants the elected member's account ('chair'), or null. */
  grants_role: 'chair' | null;
  status: 'created' | 'nominating' | 'ready' | 'voting' | 'awaiting_lot' | 'declared';
  created_entry: number;
  declared_entry: number | null;
  /** Candidate numbers elected, in order (JSON), once declared. */
  elected: string | null;
}

export interface ElectionCandidatesTable {
  election_id: number;
  /** From 1, in the order nominated. */
  number: number;
  body_id: number;
  name: string;
  membership_id: number | null;
  nominated_by: number | null;
  consented: number;
  withdrawn: number;
  entry_index: number;
}

export interface ElectionRoundsTable {
  election_id: number;
  number: number;
  body_id: number;
  /** Candidate numbers standing (JSON). */
  candidates: string;
  runoff: number;
  status: 'open' | 'awaiting_lot' | 'counted';
  present: number;
  established: number;
  /** Membership ids present when the round opened (JSON): who may vote. */
  present_members: string;
  /** The server's half of the lot seed: secret until the round is counted. */
  server_seed: string;
  seed_commitment: string;
  /** Papers so far (JSON, merged: each distinct paper once with its count); null once cleared. */
  tally: string | null;
  /** Papers cast or entered, blank and spoilt included. */
  ballots: number;
  blank: number;
  spoilt: number;
  physical_draw: string | null;
  /** The round's count (JSON RoundResult). */
  result: string | null;
  open_entry: number;
  close_entry: number | null;
  counted_entry: number | null;
}

export interface ElectionTurnoutTable {
  election_id: number;
  round: number;
  membership_id: number;
  body_id: number;
  client_ballot_id: string | null;
  entry_index: number;
}

export interface Database {
  bodies: BodiesTable;
  log_heads: LogHeadsTable;
  entries: EntriesTable;
  sitting_entries: SittingEntriesTable;
  blobs: BlobsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  password_resets: PasswordResetsTable;
  sign_in_failures: SignInFailuresTable;
  body_roles: BodyRolesTable;
  people: PeopleTable;
  seats: SeatsTable;
  memberships: MembershipsTable;
  setup_links: SetupLinksTable;
  member_invitations: MemberInvitationsTable;
  terms: TermsTable;
  factions: FactionsTable;
  faction_members: FactionMembersTable;
  sittings: SittingsTable;
  sitting_changes: SittingChangesTable;
  sitting_notices: SittingNoticesTable;
  record_texts: RecordTextsTable;
  minutes: MinutesTable;
  minutes_narratives: MinutesNarrativesTable;
  minutes_signatures: MinutesSignaturesTable;
  officer_invitations: OfficerInvitationsTable;
  agenda_items: AgendaItemsTable;
  attendance: AttendanceTable;
  motions: MotionsTable;
  votes: VotesTable;
  vote_presence: VotePresenceTable;
  ballots: BallotsTable;
  vote_turnout: VoteTurnoutTable;
  decisions: DecisionsTable;
  decision_events: DecisionEventsTable;
  disputes: DisputesTable;
  vote_reports: VoteReportsTable;
  vote_report_positions: VoteReportPositionsTable;
  declared_results: DeclaredResultsTable;
  log_tiles: LogTilesTable;
  log_state: LogStateTable;
  log_checkpoints: LogCheckpointsTable;
  search_documents: SearchDocumentsTable;
  body_witnesses: BodyWitnessesTable;
  witness_allow_list: WitnessAllowListTable;
  authorities: AuthoritiesTable;
  appeals: AppealsTable;
  appeal_events: AppealEventsTable;
  appeal_attachments: AppealAttachmentsTable;
  appeal_calendars: AppealCalendarsTable;
  appeal_reminders: AppealRemindersTable;
  job_leases: JobLeasesTable;
  papers: PapersTable;
  paper_versions: PaperVersionsTable;
  paper_search_documents: PaperSearchDocumentsTable;
  elections: ElectionsTable;
  election_candidates: ElectionCandidatesTable;
  election_rounds: ElectionRoundsTable;
  election_turnout: ElectionTurnoutTable;
}

export type Body = Selectable<BodiesTable>;
export type Sitting = Selectable<SittingsTable>;
export type Vote = Selectable<VotesTable>;
export type Motion = Selectable<MotionsTable>;
export type User = Selectable<UsersTable>;
export type NewEntry = Insertable<EntriesTable>;
export type VoteUpdate = Updateable<VotesTable>;
export type { ColumnType };
