// A record entry: one immutable fact appended to a body's log. Its bytes are the RFC 8785
// canonical JSON of the entry (JCS), which is what the Merkle log hashes (DESIGN.md, "The record
// log"). Only I-JSON (RFC 7493) enters: no lone surrogates, integers only within ±(2^53−1), no
// floats (a float's canonical text depends on ECMAScript number formatting; we keep counts and
// ids integral and write rationals as "p/q" strings).
import canonicalize from 'canonicalize';
import { DomainError } from '../errors.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Entry types, in the council's own words. */
export type EntryType =
  | 'body.created'
  | 'body.rules_changed'
  | 'log.key_rotated'
  | 'seat.filled'
  | 'seat.vacated'
  /** A legislative term (convocation) recorded with its number and dates (issue 15). */
  | 'term.established'
  /** A faction (депутатское объединение (фракция)) founded, dissolved, joined or left (issue 15). */
  | 'faction.established'
  | 'faction.dissolved'
  | 'faction.member_joined'
  | 'faction.member_left'
  /** A committee of the body established (issue 15, item 5): its slug, origin, names, seats and preset. */
  | 'committee.established'
  | 'sitting.scheduled'
  | 'sitting.opened'
  | 'sitting.closed'
  | 'sitting.headcount_recorded'
  /** A lack of quorum formally established (GO NRW §49(1)): votes opened after it go by the count. */
  | 'sitting.lack_of_quorum_established'
  /** A scheduled sitting moved to another day, time or place, with the reason (issue 16). */
  | 'sitting.rescheduled'
  /** A scheduled sitting cancelled with the reason; it stays in the record. */
  | 'sitting.cancelled'
  /** The notice of a sitting published: the rule it is judged by and whether it was in time. */
  | 'sitting.notice_published'
  | 'agenda.item_added'
  /** The agenda builder (issue 16): an item moved to another position, split in two, or withdrawn. */
  | 'agenda.item_moved'
  | 'agenda.item_split'
  | 'agenda.item_withdrawn'
  /** A title or text of a sitting, agenda item or motion in another of the body's languages (issue 16). */
  | 'record.text_added'
  | 'attendance.marked'
  | 'attendance.attested'
  | 'motion.tabled'
  | 'vote.opened'
  | 'ballot.received'
  | 'ballot.secret_received'
  | 'vote.ballots_revealed'
  | 'vote.tied'
  | 'vote.closed'
  | 'result.declared'
  | 'decision.registered'
  /** An event in a decision's life after the vote (issue 17): signed, vetoed, published, repealed… */
  | 'decision.event_recorded'
  | 'dispute.recorded'
  /** What a named outlet reported of who voted how on a show of hands: a report, not a ballot. */
  | 'vote.report_recorded'
  | 'role.granted'
  | 'role.revoked'
  | 'member.account_linked'
  | 'blob.stored'
  | 'blob.withheld'
  | 'authority.added'
  | 'appeal.drafted'
  | 'appeal.sent'
  | 'appeal.event_recorded'
  | 'appeal.attachment_added'
  | 'appeals.calendar_changed'
  | 'appeals.transit_changed'
  /** A paper (report, draft, a motion's text) attached to a sitting's agenda item or motion (issue 16). */
  | 'paper.added'
  /** A version of a paper: its hashes, type, size and uploader; the bytes are a blob. */
  | 'paper.version_added'
  /** A closed sitting's minutes drafted (issue 17): draft version 1. */
  | 'minutes.drafted'
  /** The clerk's narrative of an agenda item in one of the body's languages: the next draft version. */
  | 'minutes.narrative_added'
  /** An approval motion adopted: the draft version frozen, its PDF's SHA-256 and the log size it reflects. */
  | 'minutes.approved'
  /** The chair or the clerk signs the approved minutes, naming the PDF's SHA-256. */
  | 'minutes.signed'
  /** Elections (issue 18): an election of a sitting with its rule, nominations, rounds, papers, lots and result. */
  | 'election.created'
  | 'nomination.opened'
  | 'nomination.made'
  | 'nomination.consented'
  | 'nomination.withdrawn'
  | 'nomination.closed'
  | 'election.round_opened'
  /** An open (roll call) election's paper, by name. */
  | 'election.ballot_received'
  /** That a member took part in a secret electronic round — never how. */
  | 'election.secret_ballot_received'
  /** Paper ballots entered by a teller: how many (blank and spoilt among them), never which. */
  | 'election.papers_entered'
  /** The anonymised papers of a closed round (merged and sorted), where the rule publishes them. */
  | 'election.papers_published'
  | 'election.round_closed'
  /** The tellers' physical draw, and the server's seed revealed: the lot's inputs, then the count. */
  | 'election.lot_drawn'
  | 'election.result_declared';

export interface RecordEntry {
  /** Entry format version. */
  v: 1;
  type: EntryType;
  /** The body's slug. */
  body: string;
  /** When the server recorded the fact (ISO 8601 UTC); kept apart from when it occurred. */
  recordedAt: string;
  data: { [key: string]: JsonValue };
}

/** The log's tile format stores each entry with a 16-bit length (C2SP tlog-tiles). */
export const MAX_ENTRY_BYTES = 65_535;

const encoder = new TextEncoder();

/** Throws DomainError('not_i_json') for values RFC 7493 I-JSON forbids. */
export function assertIJson(value: unknown, path = '$'): asserts value is JsonValue {
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new DomainError('not_i_json', `${path}: numbers in the record must be integers within ±(2^53−1)`);
    }
    return;
  }
  if (typeof value === 'string') {
    if (!value.isWellFormed()) throw new DomainError('not_i_json', `${path}: text contains a lone surrogate`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      assertIJson(v, `${path}[${i}]`);
    });
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) {
      if (!k.isWellFormed()) throw new DomainError('not_i_json', `${path}: a key contains a lone surrogate`);
      if (v === undefined) throw new DomainError('not_i_json', `${path}.${k}: undefined is not JSON`);
      assertIJson(v, `${path}.${k}`);
    }
    return;
  }
  throw new DomainError('not_i_json', `${path}: ${typeof value} is not JSON`);
}

/**
 * The canonical bytes of an entry.
 * @example encodeEntry({ v: 1, type: 'body.created', body: 'x', recordedAt: '2026-01-01T00:00:00.000Z', data: {} })
 */
export function encodeEntry(entry: RecordEntry): Uint8Array {
  assertIJson(entry);
  const text = canonicalize(entry);
  if (text === undefined) throw new DomainError('not_i_json', 'entry has no JSON form');
  const bytes = encoder.encode(text);
  if (bytes.length > MAX_ENTRY_BYTES) {
    throw new DomainError(
      'entry_too_large',
      `entry is ${bytes.length} bytes; the log takes at most ${MAX_ENTRY_BYTES} (store long texts as blobs)`,
    );
  }
  return bytes;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Parses stored bytes back into an entry; throws DomainError('bad_entry') if they are not canonical. */
export function decodeEntry(bytes: Uint8Array): RecordEntry {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(bytes));
  } catch {
    throw new DomainError('bad_entry', 'entry bytes are not UTF-8 JSON');
  }
  const entry = parsed as RecordEntry;
  if (typeof entry !== 'object' || entry === null || entry.v !== 1 || typeof entry.type !== 'string') {
    throw new DomainError('bad_entry', 'entry lacks its version or type');
  }
  const again = encoder.encode(canonicalize(entry) ?? '');
  if (again.length !== bytes.length || again.some((b, i) => b !== bytes[i])) {
    throw new DomainError('bad_entry', 'entry bytes are not in RFC 8785 canonical form');
  }
  return entry;
}
