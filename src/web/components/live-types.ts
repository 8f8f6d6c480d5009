// The shapes the live screens receive: boot state (JSON in the page), the SSE state and the vote
// as the JSON API presents it. The server builds them (src/services/live/); these are the browser's
// view of them, kept apart because src/web imports nothing outside src/domain.
import type { BallotChoice } from '../../domain/ballots/commitment.ts';
import type { Lang } from '../../domain/i18n/lang.ts';

export type Names = { en: string | null; ru: string | null } | null;

import type { LiveState } from '../../domain/live/live-state.ts';

export type { LiveState };

/** A closed vote as GET /api/v1/bodies/{slug}/votes/{id} presents it (the parts the screens use). */
export interface VoteDetail {
  id: number;
  motion: { id: number; title: string; kind: string };
  method: string;
  status: string;
  majority: string;
  present: number;
  counts: {
    yes: number | null;
    no: number | null;
    abstain: number | null;
    blank: number | null;
    invalid: number | null;
  } | null;
  castingVote: string | null;
  ballots: Array<{ memberId: number; seat: number; name: Names; choice: string }> | null;
  outcome: {
    quorate: boolean;
    adopted: boolean;
    requiredYes: number | null;
    reason: string;
    explanation: Record<string, string[]>;
  } | null;
  closeEntry: number | null;
  decision: { id: number; registerNumber: string | null } | null;
  declaredResults: Array<{ id: number; adopted: boolean; declaredBy: string; reason: string }>;
  disputes: Array<{ id: number; claimant: string; claim: string }>;
}

/** One live SSE `entry` event. */
export interface LiveEntry {
  index: number;
  type: string;
  data: Record<string, unknown>;
  recordedAt: string;
  state: LiveState;
}

export interface ScreenBase {
  lang: Lang;
  slug: string;
  sittingId: number;
  bodyName: string;
  /** The log index the page was rendered at: the live stream resumes after it. */
  index: number;
  state: LiveState;
  /** The current or last vote in full once it is closed (its explanation, names). */
  vote: VoteDetail | null;
}

export type PublicBoot = ScreenBase & { screen: 'projector' | 'live' };

export interface RosterRow {
  memberId: number;
  seat: number;
  name: Names;
  /** null: not marked yet. */
  status: 'present' | 'absent' | 'excused' | null;
  attested: boolean;
}

export interface ConsoleData {
  sittingStatus: string;
  roster: RosterRow[];
  /** A closed item whose title is withheld has an empty title and `titleWithheld` (issue 16). */
  agenda: Array<{ id: number; position: number; title: string; closed?: boolean; titleWithheld?: boolean }>;
  motions: Array<{ id: number; kind: string; title: string; status: string }>;
  /** Motion kinds the body's rules name, for tabling a motion. */
  motionKinds: string[];
  /** The open vote's details the console needs (entitled members in roster order, recorded roll call). */
  openVote: null | {
    id: number;
    method: string;
    present: number;
    entitled: number[];
    recused: number[];
    rollCall: Record<string, BallotChoice>;
  };
  disputes: Array<{ id: number; claimant: string; claim: string; target: string }>;
}

export interface ConsoleBoot extends ScreenBase {
  screen: 'console';
  csrfToken: string;
  can: { markAttendance: boolean; recordRollCall: boolean; declareResult: boolean };
  data: ConsoleData;
}

export interface BallotReceiptView {
  entryIndex: number;
  commitment?: string;
  salt?: string;
  choice?: BallotChoice;
  revision?: number;
}

export type Entitlement = 'entitled' | 'not_present' | 'recused' | 'not_device';

export interface BallotBoot extends ScreenBase {
  screen: 'ballot';
  csrfToken: string;
  me: {
    memberId: number;
    seat: number;
    name: Names;
    status: 'present' | 'absent' | 'excused' | null;
    attested: boolean;
  };
  /** For the current vote, if open: may I cast from this device, and if not, why. */
  entitlement: Entitlement | null;
  /** What the record holds of my ballot in the current vote (for a secret vote: only that I voted). */
  myBallot: BallotReceiptView | null;
  allowBallotChange: boolean;
}

export type AnyBoot = PublicBoot | ConsoleBoot | BallotBoot;
