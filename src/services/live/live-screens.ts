// What the live screens are booted with and the clerk's console re-reads: read models only, no
// writes. The log head is read before anything else, so that a screen resuming the live stream
// after that index gets every entry recorded while the page was being made (some twice at most,
// and a screen applies each state whole, so twice is harmless).
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import { logSize } from '../../db/repositories/log-repository.ts';
import { bodyRules } from '../bodies.ts';
import { findSitting, ownMembership } from '../sittings.ts';
import { getSitting, getVote, listMembers } from '../record-reads.ts';
import { liveState, type LiveState } from './live-state.ts';
import {
  DEVICE_METHODS,
  type AttendanceStatus as Attendance,
  type MotionStatus,
  type SittingStatus,
  type VoteMethod,
} from '../../domain/record-vocabulary.ts';

type BodyRow = { id: number; slug: string; established_seats: number; rules: string; allow_ballot_change: number };
type Names = { en: string | null; ru: string | null } | null;

export interface ScreenSnapshot {
  /** The log index the snapshot is at least as new as. */
  index: number;
  state: LiveState;
  /** The current (last) vote of the sitting in full, once it is closed. */
  vote: Awaited<ReturnType<typeof getVote>> | null;
}

/** The live state of a sitting and its last vote, as of a log index. */
export async function screenSnapshot(db: Executor, body: BodyRow, sittingId: number): Promise<ScreenSnapshot> {
  const head = await logSize(db, body.id);
  const state = await liveState(db, body, sittingId);
  const vote = state.vote && state.vote.status === 'closed' ? await getVote(db, body.slug, state.vote.id) : null;
  return { index: head - 1, state, vote };
}

export interface ConsoleSnapshot {
  sittingStatus: SittingStatus;
  roster: Array<{ memberId: number; seat: number; name: Names; status: Attendance | null; attested: boolean }>;
  /** A closed item whose title is withheld has an empty title and `titleWithheld` (issue 16). */
  agenda: Array<{ id: number; position: number; title: string; closed?: boolean; titleWithheld?: boolean }>;
  motions: Array<{ id: number; kind: string; title: string; status: MotionStatus }>;
  motionKinds: string[];
  openVote: null | {
    id: number;
    method: VoteMethod;
    present: number;
    entitled: number[];
    recused: number[];
    rollCall: Record<string, 'yes' | 'no' | 'abstain'>;
  };
  disputes: Array<{ id: number; claimant: string; claim: string; target: string }>;
}

/** Everything the clerk's console shows besides the live state: roster, motions, the open vote. */
export async function consoleSnapshot(db: Executor, body: BodyRow, sittingId: number): Promise<ConsoleSnapshot> {
  const sitting = await getSitting(db, body.slug, sittingId);
  const attendance = new Map(sitting.attendance.named.map((a) => [a.memberId, a]));
  const roster = (await listMembers(db, body.slug))
    .filter((m) => m.memberId !== null)
    .map((m) => {
      const a = attendance.get(m.memberId!);
      return {
        memberId: m.memberId!,
        seat: m.seat,
        name: m.name,
        status: a?.status ?? null,
        attested: a ? a.status === 'present' && a.attested : false,
      };
    });
  const seatOf = new Map(roster.map((r) => [r.memberId, r.seat]));
  let openVote: ConsoleSnapshot['openVote'] = null;
  const open = await db
    .selectFrom('votes')
    .select(['id', 'method', 'present'])
    .where('body_id', '=', body.id)
    .where('sitting_id', '=', sittingId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (open) {
    const presence = await db
      .selectFrom('vote_presence')
      .select(['membership_id', 'recused'])
      .where('body_id', '=', body.id)
      .where('vote_id', '=', open.id)
      .execute();
    const bySeat = (a: number, b: number) => (seatOf.get(a) ?? 1e9) - (seatOf.get(b) ?? 1e9) || a - b;
    const rollCall: Record<string, 'yes' | 'no' | 'abstain'> = {};
    if (open.method === 'roll_call') {
      // A roll call's choices are public as they are recorded: each is its own log entry.
      const ballots = await db
        .selectFrom('ballots')
        .select(['membership_id', 'choice'])
        .where('body_id', '=', body.id)
        .where('vote_id', '=', open.id)
        .execute();
      for (const b of ballots) rollCall[String(b.membership_id)] = b.choice;
    }
    openVote = {
      id: open.id,
      method: open.method,
      present: open.present,
      entitled: presence
        .filter((p) => !p.recused)
        .map((p) => p.membership_id)
        .sort(bySeat),
      recused: presence
        .filter((p) => p.recused)
        .map((p) => p.membership_id)
        .sort(bySeat),
      rollCall,
    };
  }
  const voteIds = sitting.votes.map((v) => v.id);
  const disputes = await db
    .selectFrom('disputes')
    .select(['id', 'claimant', 'claim', 'target_type', 'target_id'])
    .where('body_id', '=', body.id)
    .where((eb) =>
      eb.or([
        eb.and([eb('target_type', '=', 'sitting'), eb('target_id', '=', sittingId)]),
        ...(voteIds.length > 0 ? [eb.and([eb('target_type', '=', 'vote'), eb('target_id', 'in', voteIds)])] : []),
      ]),
    )
    .orderBy('id')
    .execute();
  return {
    sittingStatus: sitting.status,
    roster,
    agenda: sitting.agenda,
    motions: sitting.motions.map((m) => ({ id: m.id, kind: m.kind, title: m.title, status: m.status })),
    motionKinds: Object.keys(bodyRules(body).motionKinds),
    openVote,
    disputes: disputes.map((d) => ({
      id: d.id,
      claimant: d.claimant,
      claim: d.claim,
      target: `${d.target_type}/${d.target_id}`,
    })),
  };
}

export type Entitlement = 'entitled' | 'not_present' | 'recused' | 'not_device';

export interface MemberSnapshot {
  me: { memberId: number; seat: number; name: Names; status: Attendance | null; attested: boolean };
  entitlement: Entitlement | null;
  myBallot: null | {
    entryIndex: number;
    commitment?: string;
    salt?: string;
    choice?: 'yes' | 'no' | 'abstain';
    revision?: number;
  };
  allowBallotChange: boolean;
}

/**
 * What a member's own page shows of them: attendance, whether they may cast in the current vote
 * (and why not), and their own ballot's receipt — theirs alone, so a reload or a second device
 * shows what the record holds. Null when the user holds no seat in the body.
 */
export async function memberSnapshot(
  db: Executor,
  body: BodyRow,
  sittingId: number,
  userId: number,
  vote: LiveState['vote'],
): Promise<MemberSnapshot | null> {
  const own = await ownMembership(db, body.id, userId);
  if (!own) return null;
  await findSitting(db, body.id, sittingId);
  const who = await db
    .selectFrom('memberships')
    .innerJoin('seats', 'seats.id', 'memberships.seat_id')
    .leftJoin('people', 'people.id', 'memberships.person_id')
    .select(['seats.number', 'people.name_en', 'people.name_ru'])
    .where('memberships.id', '=', own.id)
    .executeTakeFirstOrThrow();
  const a = await db
    .selectFrom('attendance')
    .select(['status', 'attested_at'])
    .where('body_id', '=', body.id)
    .where('sitting_id', '=', sittingId)
    .where('membership_id', '=', own.id)
    .executeTakeFirst();
  let entitlement: Entitlement | null = null;
  let myBallot: MemberSnapshot['myBallot'] = null;
  if (vote) {
    if (vote.status === 'open') {
      const presence = await db
        .selectFrom('vote_presence')
        .select('recused')
        .where('body_id', '=', body.id)
        .where('vote_id', '=', vote.id)
        .where('membership_id', '=', own.id)
        .executeTakeFirst();
      entitlement = !DEVICE_METHODS.includes(vote.method)
        ? 'not_device'
        : !presence
          ? 'not_present'
          : presence.recused
            ? 'recused'
            : 'entitled';
    }
    if (vote.method === 'electronic') {
      const b = await db
        .selectFrom('ballots')
        .select(['entry_index', 'commitment', 'salt', 'choice', 'revision'])
        .where('body_id', '=', body.id)
        .where('vote_id', '=', vote.id)
        .where('membership_id', '=', own.id)
        .executeTakeFirst();
      if (b)
        myBallot = {
          entryIndex: b.entry_index,
          commitment: b.commitment,
          salt: b.salt,
          choice: b.choice,
          revision: b.revision,
        };
    } else if (vote.method === 'secret_electronic') {
      const tr = await db
        .selectFrom('vote_turnout')
        .select('entry_index')
        .where('body_id', '=', body.id)
        .where('vote_id', '=', vote.id)
        .where('membership_id', '=', own.id)
        .executeTakeFirst();
      if (tr) myBallot = { entryIndex: tr.entry_index };
    }
  }
  return {
    me: {
      memberId: own.id,
      seat: who.number,
      name: who.name_en || who.name_ru ? { en: who.name_en, ru: who.name_ru } : null,
      status: a?.status ?? null,
      attested: a ? a.status === 'present' && a.attested_at !== null : false,
    },
    entitlement,
    myBallot,
    allowBallotChange: body.allow_ballot_change === 1,
  };
}
