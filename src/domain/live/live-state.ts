// The state every live screen shows, as the server sends it over SSE and the browser reads it.
// One definition for both sides, so the two cannot drift apart.
import type { SittingStatus, VoteMethod, VoteStatus } from '../record-vocabulary.ts';

/** The quorum now and the current (or last) vote; counts only once the vote is closed. */
export interface LiveState {
  sitting: { id: number; status: SittingStatus; title: string; date: string };
  quorum: { present: number; needed: number; quorate: boolean; filled: number; established: number; attested: number };
  vote: null | {
    id: number;
    motionId: number;
    motionTitle: string;
    method: VoteMethod;
    status: VoteStatus;
    present: number;
    turnout: number;
    counts: { yes: number | null; no: number | null; abstain: number | null } | null;
    outcome: { adopted: boolean; quorate: boolean; requiredYes: number | null; reason: string } | null;
  };
}
