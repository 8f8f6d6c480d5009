// Replays a body's record entries in order and checks that every recorded fact follows from the
// ones before it: each outcome from the recorded ballots, attendance and the rule embedded in the
// close entry; each revealed ballot against its commitment; each reference to an earlier fact.
// Pure: the hash comes in as an argument. The first entry that does not follow is named.
import type { RecordEntry } from '../entries/record-entry.ts';
import type { Sha256 } from '../log/merkle.ts';
import { ballotCommitment, isBallotChoice, type BallotChoice } from '../ballots/commitment.ts';
import { evaluateVote } from '../rules/evaluate-vote.ts';
import type { MajorityRule, QuorumRule, RuleSet } from '../rules/rule-set.ts';
import type { VoteCounts } from '../rules/vote-counts.ts';
import { DomainError } from '../errors.ts';
import { checkVoteReport } from '../reports/vote-report.ts';
import { termProblem, type TermDates } from '../roster/term-dates.ts';
import { isMandateEndReason } from '../roster/mandate-end.ts';
import { noticeCalendar, reckonNotice, validateNoticeRule } from '../sittings/notice.ts';
import { dayInZone } from '../i18n/format-dates.ts';
import { ROLES } from '../record-vocabulary.ts';
import {
  dissolutionProblem,
  foundingProblem,
  joinProblem,
  leaveProblem,
  type FactionLife,
  type FactionStint,
} from '../roster/faction-dates.ts';
import { committeeFacts, type CommitteeFacts } from '../roster/committee.ts';
import {
  approvalMotionRefusal,
  approvalRefusal,
  draftRefusal,
  narrativeRefusal,
  signatureRefusal,
  type MinutesFacts,
  type MinutesSignerRole,
} from '../minutes/minutes-life.ts';
import { ELECTION_ENTRY_TYPES, replayElectionEntry, type ReplayedElection } from '../elections/replay-elections.ts';
import {
  VETO_OVERRIDE_MAJORITY,
  applyDecisionEvents,
  DecisionEventError,
  type DecisionEvent,
} from '../decisions/decision-life.ts';

export interface ReplayedVote {
  id: number;
  motion: number;
  method: string;
  majority: string;
  /** The sitting, when the open entry names it (every live vote does). */
  sitting: number | null;
  present: number;
  established: number;
  filled: number;
  presentMembers: number[] | null;
  /** 'tied': the ballot box closed on a tie and the vote awaits the chair's casting vote. */
  status: 'open' | 'tied' | 'closed';
  /** Named ballots: member → latest commitment (electronic) or choice (roll call), with its entry. */
  ballots: Map<number, { commitment?: string; choice?: BallotChoice; entry: number; salt?: string }>;
  turnout: Set<number>;
  /** Ballots revealed in parts before the close entry (large votes), with those entries' indexes. */
  revealed: Array<{ member: number; choice: string; salt?: string }>;
  revealEntries: number[];
  counts?: VoteCounts;
  /** The final counts recorded by `vote.tied`. */
  tied?: { yes: number; no: number; abstain: number; entry: number };
  outcome?: { quorate: boolean; adopted: boolean; requiredYes: number | null; reason: string };
  openEntry: number;
  closeEntry?: number;
}

export interface ReplayState {
  origin: string | null;
  slug: string | null;
  rules: RuleSet | null;
  rulesEntry: number;
  /** Mandates by member; their dates as `seat.filled` and `seat.vacated` give them (partial dates). */
  /** In a committee, each mandate also names the parent's mandate it is filled from. */
  memberships: Map<
    number,
    {
      seat: number;
      current: boolean;
      entry: number;
      startsOn?: string | null;
      endsOn?: string | null;
      parentMember?: number;
    }
  >;
  /** A committee's parent as its entry 0 names it (slug, origin, the parent's establishing entry). */
  parent: { slug: string; origin: string; entry: number } | null;
  /** The committees this body established, by slug. */
  committees: Map<string, CommitteeFacts & { entry: number }>;
  /** Legislative terms in order (terms[0] is term 1). */
  terms: Array<TermDates & { entry: number }>;
  sittings: Map<
    number,
    {
      entry: number;
      headcount: number | null;
      lackOfQuorumEntry?: number;
      cancelled?: boolean;
      opened?: boolean;
      closed?: boolean;
    }
  >;
  /** Minutes by sitting (issue 17): the draft version, the approval and the signatures. */
  minutes: Map<number, ReplayedMinutes>;
  /** Factions by id, with their names as established. */
  factions: Map<number, FactionLife & { entry: number; nameEn: string | null; nameRu: string | null }>;
  /** Faction memberships in the order they were recorded. */
  factionStints: Array<FactionStint & { member: number; entry: number }>;
  attendance: Map<string, { status: string; entry: number }>;
  motions: Map<
    number,
    {
      entry: number;
      secondConvocation: boolean;
      previousNotice: boolean;
      /** A `minutes_approval` motion: the sitting and draft version it puts to the vote. */
      minutes?: { sitting: number; version: number };
    }
  >;
  votes: Map<number, ReplayedVote>;
  decisions: Map<
    number,
    {
      vote: number;
      entry: number;
      registerNumber: string | null;
      adoptedOn: string;
      inForceOnAdoption: boolean;
      /** Its later life (issue 17), each event with its row id and entry. */
      events: Array<DecisionEvent & { id: number; entry: number }>;
    }
  >;
  disputes: Set<number>;
  /**
   * Roles held, by "account/role": granted by `role.granted`, or implied (the `member` role) by
   * `member.account_linked`, which links a seat and grants the role in one act.
   */
  roles: Map<string, { entry: number; implied: boolean }>;
  /** Agenda items by id, with their sitting. */
  agendaItems: Map<number, number>;
  /** Agenda items withdrawn (issue 16). */
  agendaWithdrawn: Set<number>;
  /** Agenda items taken with the public excluded: no public motion or paper goes under them. */
  closedItems: Set<number>;
  /** Papers and their versions in order (versions[0] is v1). */
  papers: Map<number, ReplayedPaper>;
  /** Elections (issue 18) with their candidates and rounds. */
  elections: Map<number, ReplayedElection>;
  /** A role an election's declared result grants: the next entry must grant it. */
  roleGrantDue: { role: string; entry: number } | null;
  size: number;
}

export interface ReplayedPaper {
  sitting: number;
  entry: number;
  versions: Array<{ sha256: string; sha512: string; mediaType: string; size: number; entry: number }>;
}

export interface ReplayedMinutes extends MinutesFacts {
  entry: number;
  approved: { version: number; sha256: string; size: number; logSize: number; entry: number } | null;
  signatures: Array<{ role: MinutesSignerRole; account: number; entry: number }>;
  /** Each narrative with its entry, in version order (narratives[0] made version 2). */
  narratives: Array<{ entry: number; agendaItem: number | null; lang: string; text: string }>;
}

export class ReplayError extends DomainError {
  constructor(
    readonly index: number,
    code: string,
    message: string,
  ) {
    super(code, `entry ${index}: ${message}`);
  }
}

export function emptyReplayState(): ReplayState {
  return {
    origin: null,
    slug: null,
    rules: null,
    rulesEntry: -1,
    memberships: new Map(),
    parent: null,
    committees: new Map(),
    terms: [],
    factions: new Map(),
    factionStints: [],
    sittings: new Map(),
    attendance: new Map(),
    motions: new Map(),
    votes: new Map(),
    decisions: new Map(),
    disputes: new Set(),
    roles: new Map(),
    agendaItems: new Map(),
    agendaWithdrawn: new Set(),
    closedItems: new Set(),
    papers: new Map(),
    minutes: new Map(),
    elections: new Map(),
    roleGrantDue: null,
    size: 0,
  };
}

type Data = Record<string, unknown>;
const num = (x: unknown) => (typeof x === 'number' ? x : NaN);

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(sortKeys);
  if (x && typeof x === 'object')
    return Object.fromEntries(
      Object.keys(x)
        .sort()
        .map((k) => [k, sortKeys((x as Data)[k])]),
    );
  return x;
}

/** Recomputes a notice's day and verdict from its entry; a description of what differs, or null. */
function noticeProblem(d: Data, recordedAt: string): string | null {
  try {
    const givenOn = dayInZone(recordedAt, String(d.timeZone));
    if (givenOn !== d.givenOn)
      return `the notice was recorded on ${givenOn} in ${String(d.timeZone)}, not ${String(d.givenOn)}`;
    if (d.rule === null) return d.inTime === null ? null : 'a notice without a rule has no verdict';
    const rule = validateNoticeRule(d.rule);
    const r = reckonNotice(
      rule,
      { givenOn, givenAt: recordedAt, timeZone: String(d.timeZone) },
      String(d.date),
      noticeCalendar(rule),
    );
    if (r.inTime !== d.inTime || r.clearDays !== d.clearDays)
      return `the rule gives ${r.clearDays} clear days (${r.inTime ? 'in time' : 'late'}), the entry says ${String(d.clearDays)} (${d.inTime ? 'in time' : 'late'})`;
    return null;
  } catch (err) {
    return `the notice cannot be reckoned: ${(err as Error).message}`;
  }
}

/**
 * Applies one entry (the `index`-th) to the state; throws ReplayError naming it if it does not
 * follow from what came before.
 * @example let s = emptyReplayState(); entries.forEach((e, i) => replayEntry(sha, s, i, e));
 */
export function replayEntry(sha: Sha256, s: ReplayState, index: number, entry: RecordEntry): void {
  const fail = (code: string, message: string): never => {
    throw new ReplayError(index, code, message);
  };
  const d = entry.data as Data;
  if (index !== s.size) fail('out_of_order', `expected entry ${s.size}`);
  if (index === 0) {
    if (entry.type !== 'body.created') fail('bad_first_entry', 'the first entry must be body.created');
    s.origin = String(d.origin);
    s.slug = entry.body;
    s.rules = d.rules as RuleSet;
    s.rulesEntry = 0;
    if (d.parent !== undefined) {
      const p = (d.parent ?? {}) as Data;
      if (typeof p.slug !== 'string' || typeof p.origin !== 'string' || !Number.isSafeInteger(p.entry))
        fail('bad_committee', "a committee's first entry names its parent's slug, origin and establishing entry");
      s.parent = { slug: p.slug as string, origin: p.origin as string, entry: p.entry as number };
    }
    s.size = 1;
    return;
  }
  if (entry.type === 'body.created') fail('second_body_created', 'body.created appears after entry 0');
  if (entry.body !== s.slug) fail('wrong_body', `entry names body "${entry.body}", the log is "${s.slug}"`);
  const vote = (id: unknown) => s.votes.get(num(id)) ?? fail('unknown_vote', `vote ${String(id)} was never opened`);
  if (s.roleGrantDue) {
    const due = s.roleGrantDue;
    if (entry.type !== 'role.granted' || d.role !== due.role)
      fail(
        'role_grant_missing',
        `entry ${due.entry} declared a result granting the ${due.role}'s role; this entry does not grant it`,
      );
    s.roleGrantDue = null;
  }
  if (ELECTION_ENTRY_TYPES.has(entry.type)) {
    replayElectionEntry(
      s.elections,
      {
        sha256: sha,
        sittingExists: (id) => s.sittings.has(id),
        agendaItemSitting: (id) => s.agendaItems.get(id),
        memberExists: (id) => s.memberships.has(id),
        expectRoleGrant: (role) => {
          s.roleGrantDue = { role, entry: index };
        },
      },
      index,
      entry.type,
      d,
      fail,
    );
    s.size = index + 1;
    return;
  }
  switch (entry.type) {
    case 'body.rules_changed':
      s.rules = d.rules as RuleSet;
      s.rulesEntry = index;
      break;
    case 'seat.filled': {
      // A committee's seat is filled from a current mandate of its parent, one seat per mandate.
      let parentMember: number | undefined;
      if (s.parent) {
        const p = (d.parentMember ?? null) as Data | null;
        if (!p || !Number.isSafeInteger(p.membership))
          fail('committee_seat_unlinked', `a committee seat is filled from a mandate of ${s.parent.slug}`);
        parentMember = p!.membership as number;
        for (const m of s.memberships.values())
          if (m.current && m.parentMember === parentMember)
            fail(
              'committee_seat_twice',
              `the holder of mandate ${parentMember} already holds a seat of this committee`,
            );
      } else if (d.parentMember !== undefined)
        fail('not_a_committee', 'only a committee fills a seat from another body');
      s.memberships.set(num(d.membership), {
        seat: num(d.seat),
        current: true,
        entry: index,
        startsOn: typeof d.startsOn === 'string' ? d.startsOn : null,
        endsOn: null,
        ...(parentMember !== undefined ? { parentMember } : {}),
      });
      break;
    }
    case 'committee.established': {
      const c = committeeFacts(d);
      if (!c.ok) fail('bad_committee', `the committee it establishes is not one: ${c.reason}`);
      const facts = (c as { facts: CommitteeFacts }).facts;
      if (s.parent) fail('nested_committee', 'a committee establishes no committees of its own');
      if (s.committees.has(facts.slug))
        fail(
          'committee_reestablished',
          `committee "${facts.slug}" was established in entry ${s.committees.get(facts.slug)!.entry}`,
        );
      s.committees.set(facts.slug, { ...facts, entry: index });
      break;
    }
    case 'seat.vacated': {
      const m =
        s.memberships.get(num(d.membership)) ??
        fail('unknown_member', `member ${String(d.membership)} never held a seat`);
      if (!m.current) fail('member_not_current', `member ${String(d.membership)} no longer holds a seat`);
      if (d.reason !== undefined && !isMandateEndReason(d.reason))
        fail('bad_end_reason', `"${String(d.reason)}" is not a recorded ground for a mandate's end`);
      // A committee seat ended with the parent mandate it was filled from names that mandate.
      if (d.parentMandateEnded !== undefined && d.parentMandateEnded !== m.parentMember)
        fail(
          'bad_parent_mandate',
          `member ${String(d.membership)} was not filled from mandate ${String(d.parentMandateEnded)}`,
        );
      m.current = false;
      m.endsOn = typeof d.endsOn === 'string' ? d.endsOn : null;
      break;
    }
    case 'term.established': {
      if (num(d.term) !== s.terms.length + 1)
        fail('term_out_of_order', `term ${String(d.term)} follows term ${s.terms.length}`);
      const next = { startsOn: String(d.startsOn), endsOn: d.endsOn === null ? null : String(d.endsOn) };
      const problem = termProblem(s.terms.at(-1) ?? null, next);
      if (problem) fail(`term_${problem}`, `term ${String(d.term)} does not follow the previous term (${problem})`);
      s.terms.push({ ...next, entry: index });
      break;
    }
    case 'faction.established':
    case 'faction.dissolved':
    case 'faction.member_joined':
    case 'faction.member_left':
      replayFaction(s, index, entry.type, d, fail);
      break;
    case 'sitting.scheduled':
      s.sittings.set(num(d.sitting), { entry: index, headcount: null });
      break;
    case 'sitting.opened':
    case 'sitting.closed':
    case 'agenda.item_added': {
      const sitting =
        s.sittings.get(num(d.sitting)) ?? fail('unknown_sitting', `sitting ${String(d.sitting)} was never scheduled`);
      if (sitting.cancelled) fail('sitting_cancelled', `sitting ${String(d.sitting)} was cancelled`);
      if (entry.type === 'sitting.opened') sitting.opened = true;
      if (entry.type === 'sitting.closed') sitting.closed = true;
      if (entry.type === 'agenda.item_added') {
        s.agendaItems.set(num(d.item), num(d.sitting));
        if (d.closed === true) {
          // A closed item carries either its public title or a commitment to it, never both.
          const committed = typeof d.titleCommitment === 'string';
          if (committed === (typeof d.title === 'string'))
            fail('closed_item_malformed', `closed agenda item ${String(d.item)} must carry a title or its commitment`);
          if (committed && !/^[0-9a-f]{64}$/.test(d.titleCommitment as string))
            fail('closed_item_malformed', `closed agenda item ${String(d.item)}'s commitment is not a SHA-256`);
          s.closedItems.add(num(d.item));
        } else if (typeof d.title !== 'string')
          fail('agenda_item_untitled', `agenda item ${String(d.item)} has no title`);
      }
      break;
    }
    case 'agenda.item_moved':
    case 'agenda.item_split':
    case 'agenda.item_withdrawn': {
      const sitting =
        s.sittings.get(num(d.sitting)) ?? fail('unknown_sitting', `sitting ${String(d.sitting)} was never scheduled`);
      if (sitting.cancelled) fail('sitting_cancelled', `sitting ${String(d.sitting)} was cancelled`);
      if (s.agendaItems.get(num(d.item)) !== num(d.sitting))
        fail('unknown_agenda_item', `agenda item ${String(d.item)} is not on sitting ${String(d.sitting)}'s agenda`);
      if (entry.type === 'agenda.item_withdrawn') {
        if (s.agendaWithdrawn.has(num(d.item)))
          fail('item_withdrawn_twice', `agenda item ${String(d.item)} was already withdrawn`);
        s.agendaWithdrawn.add(num(d.item));
      }
      if (entry.type === 'agenda.item_split') {
        if (s.agendaWithdrawn.has(num(d.item))) fail('item_withdrawn', `agenda item ${String(d.item)} was withdrawn`);
        if (s.agendaItems.has(num(d.newItem))) fail('agenda_item_reused', `agenda item ${String(d.newItem)} exists`);
        s.agendaItems.set(num(d.newItem), num(d.sitting));
      }
      break;
    }
    case 'paper.added':
      replayPaperAdded(s, index, d, fail);
      break;
    case 'paper.version_added':
      replayPaperVersion(s, index, d, fail);
      break;
    case 'record.text_added': {
      const target = (d.target ?? {}) as Data;
      const known =
        target.type === 'sitting'
          ? s.sittings.has(num(target.id))
          : target.type === 'motion'
            ? s.motions.has(num(target.id))
            : target.type === 'agenda_item'
              ? s.agendaItems.has(num(target.id))
              : false;
      if (!known) fail('unknown_text_target', `${String(target.type)} ${String(target.id)} is not in the record`);
      if (d.field !== 'title' && !(d.field === 'text' && target.type === 'motion'))
        fail('bad_text_field', `a ${String(target.type)} has no "${String(d.field)}"`);
      break;
    }
    case 'sitting.rescheduled':
    case 'sitting.cancelled':
    case 'sitting.notice_published': {
      const sitting =
        s.sittings.get(num(d.sitting)) ?? fail('unknown_sitting', `sitting ${String(d.sitting)} was never scheduled`);
      if (sitting.cancelled) fail('sitting_cancelled', `sitting ${String(d.sitting)} was cancelled`);
      if (sitting.opened) fail('sitting_not_scheduled', `sitting ${String(d.sitting)} was already opened`);
      if (entry.type === 'sitting.cancelled') sitting.cancelled = true;
      if (entry.type === 'sitting.notice_published') {
        const problem = noticeProblem(d, entry.recordedAt);
        if (problem) fail('notice_reckoning_mismatch', problem);
      }
      break;
    }
    case 'sitting.lack_of_quorum_established': {
      const sitting =
        s.sittings.get(num(d.sitting)) ?? fail('unknown_sitting', `sitting ${String(d.sitting)} was never scheduled`);
      if (sitting.lackOfQuorumEntry !== undefined)
        fail(
          'lack_of_quorum_reestablished',
          `sitting ${String(d.sitting)}'s lack of quorum was established in entry ${sitting.lackOfQuorumEntry}`,
        );
      sitting.lackOfQuorumEntry = index;
      break;
    }
    case 'sitting.headcount_recorded': {
      const sitting =
        s.sittings.get(num(d.sitting)) ?? fail('unknown_sitting', `sitting ${String(d.sitting)} was never scheduled`);
      sitting.headcount = num(d.present);
      break;
    }
    case 'attendance.marked':
    case 'attendance.attested':
      if (!s.sittings.has(num(d.sitting))) fail('unknown_sitting', `sitting ${String(d.sitting)} was never scheduled`);
      if (!s.memberships.get(num(d.member))?.current)
        fail('unknown_member', `member ${String(d.member)} holds no seat`);
      s.attendance.set(`${String(d.sitting)}/${String(d.member)}`, { status: String(d.status), entry: index });
      break;
    case 'motion.tabled': {
      if (d.agendaItem != null && s.closedItems.has(num(d.agendaItem)))
        fail('item_closed', `motion ${String(d.motion)} was tabled under closed agenda item ${String(d.agendaItem)}`);
      let minutes: { sitting: number; version: number } | undefined;
      if (d.minutes !== undefined) {
        const m = (d.minutes ?? {}) as Data;
        minutes = { sitting: num(m.sitting), version: num(m.version) };
        const problem = approvalMotionRefusal(
          s.minutes.get(minutes.sitting) ?? NO_MINUTES,
          minutes.version,
          minutes.sitting === num(d.sitting),
        );
        if (problem)
          fail(problem, `motion ${String(d.motion)} cannot put sitting ${minutes.sitting}'s minutes to the vote`);
      }
      s.motions.set(num(d.motion), {
        entry: index,
        secondConvocation: d.secondConvocation === true,
        previousNotice: d.previousNotice === true,
        ...(minutes ? { minutes } : {}),
      });
      break;
    }
    case 'minutes.drafted':
    case 'minutes.narrative_added':
    case 'minutes.approved':
    case 'minutes.signed':
      replayMinutes(s, index, entry.type, d, fail);
      break;
    case 'vote.opened': {
      if (!s.motions.has(num(d.motion))) fail('unknown_motion', `motion ${String(d.motion)} was never tabled`);
      if (s.votes.has(num(d.vote))) fail('vote_reopened', `vote ${String(d.vote)} was already opened`);
      s.votes.set(num(d.vote), {
        id: num(d.vote),
        motion: num(d.motion),
        method: String(d.method),
        majority: String(d.majority),
        sitting: d.sitting === undefined || d.sitting === null ? null : num(d.sitting),
        present: num(d.present),
        established: num(d.established),
        filled: num(d.filled),
        presentMembers: Array.isArray(d.presentMembers) ? (d.presentMembers as number[]) : null,
        status: 'open',
        ballots: new Map(),
        turnout: new Set(),
        revealed: [],
        revealEntries: [],
        openEntry: index,
      });
      break;
    }
    case 'ballot.received': {
      const v = vote(d.vote);
      if (v.status !== 'open') fail('ballot_after_close', `vote ${v.id} was already closed`);
      const member = num(d.member);
      if (v.presentMembers && !v.presentMembers.includes(member))
        fail('ballot_not_entitled', `member ${member} was not present and entitled for vote ${v.id}`);
      const previous = v.ballots.get(member);
      const replaces = d.replaces === null ? null : num(d.replaces);
      if ((previous?.entry ?? null) !== replaces)
        fail('bad_replaces', `the ballot must name the one it replaces (${previous?.entry ?? 'none'})`);
      if (d.recordedByClerk === true) {
        if (!isBallotChoice(d.choice)) fail('bad_choice', 'a recorded vote is yes, no or abstain');
        v.ballots.set(member, { choice: d.choice as BallotChoice, entry: index });
      } else {
        if (typeof d.commitment !== 'string' || !/^[0-9a-f]{64}$/.test(d.commitment))
          fail('bad_commitment', 'a ballot carries a 32-byte hex commitment');
        v.ballots.set(member, { commitment: d.commitment as string, entry: index });
      }
      break;
    }
    case 'ballot.secret_received': {
      const v = vote(d.vote);
      if (v.status !== 'open') fail('ballot_after_close', `vote ${v.id} was already closed`);
      const member = num(d.member);
      if (v.presentMembers && !v.presentMembers.includes(member))
        fail('ballot_not_entitled', `member ${member} was not present and entitled for vote ${v.id}`);
      if (v.turnout.has(member)) fail('double_ballot', `member ${member} voted twice in secret vote ${v.id}`);
      v.turnout.add(member);
      break;
    }
    case 'vote.ballots_revealed': {
      const v = vote(d.vote);
      if (v.status === 'closed') fail('reveal_after_close', `vote ${v.id} was already closed`);
      if (!Array.isArray(d.ballots)) fail('bad_reveal', 'a reveal entry lists ballots');
      v.revealed.push(...(d.ballots as ReplayedVote['revealed']));
      v.revealEntries.push(index);
      break;
    }
    case 'vote.tied': {
      const v = vote(d.vote);
      if (v.status !== 'open') fail('vote_reclosed', `vote ${v.id} was already closed`);
      if (v.method !== 'electronic' && v.method !== 'roll_call' && v.method !== 'secret_electronic')
        fail('bad_tie', `vote ${v.id} is counted by the clerk, not the server`);
      const c = (d.counts ?? {}) as Record<string, unknown>;
      const whole = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
      if (!whole(c.yes) || !whole(c.no) || !whole(c.abstain) || c.yes !== c.no || c.yes === 0)
        fail('bad_tie', `vote ${v.id}'s tie entry does not record a tie`);
      const cast = (c.yes as number) + (c.no as number) + (c.abstain as number);
      const received = v.method === 'secret_electronic' ? v.turnout.size : v.ballots.size;
      if (cast !== received)
        fail('tally_mismatch', `vote ${v.id}'s tie counts ${cast} ballots, ${received} were received`);
      v.status = 'tied';
      v.tied = { yes: c.yes as number, no: c.no as number, abstain: c.abstain as number, entry: index };
      break;
    }
    case 'vote.closed':
      closeVote(sha, s, index, d, vote(d.vote), fail);
      break;
    case 'decision.registered': {
      const v = vote(d.vote);
      if (v.status !== 'closed' || !v.outcome?.adopted)
        fail('decision_without_adoption', `vote ${v.id} did not adopt its motion`);
      const inForceOnAdoption = d.inForceOnAdoption === true;
      if (inForceOnAdoption !== (s.rules?.decisions?.inForceOnAdoption === true))
        fail(
          'in_force_on_adoption_mismatch',
          `decision ${String(d.decision)}: "in force on adoption" is not what the rules said`,
        );
      s.decisions.set(num(d.decision), {
        vote: v.id,
        entry: index,
        registerNumber: (d.registerNumber as string | null) ?? null,
        adoptedOn: String(d.adoptedOn),
        inForceOnAdoption,
        events: [],
      });
      break;
    }
    case 'decision.event_recorded':
      replayDecisionEvent(s, index, d, fail);
      break;
    case 'result.declared':
      if (vote(d.vote).status !== 'closed')
        fail('declared_before_close', 'a result is declared only for a closed vote');
      break;
    case 'dispute.recorded':
      s.disputes.add(num(d.dispute));
      break;
    case 'role.granted':
    case 'role.revoked': {
      // An account enters the log as an opaque number and nothing else: no name, no username.
      const keys = Object.keys(d).sort().join(',');
      if (keys !== 'account,role') fail('role_entry_fields', `a role entry carries ${keys}, not account and role`);
      const account = num(d.account);
      if (!Number.isSafeInteger(account) || account < 1) fail('bad_account', 'an account is a positive whole number');
      if (!(ROLES as readonly unknown[]).includes(d.role)) fail('unknown_role', `"${String(d.role)}" is not a role`);
      const key = `${account}/${String(d.role)}`;
      const held = s.roles.get(key);
      if (entry.type === 'role.granted') {
        if (held && !held.implied) fail('role_already_held', `account ${account} already holds ${String(d.role)}`);
        s.roles.set(key, { entry: index, implied: false });
      } else {
        if (!held) fail('role_not_held', `account ${account} does not hold ${String(d.role)}`);
        s.roles.delete(key);
      }
      break;
    }
    case 'member.account_linked': {
      const key = `${num(d.account)}/member`;
      if (!s.roles.has(key)) s.roles.set(key, { entry: index, implied: true });
      break;
    }
    case 'vote.report_recorded': {
      const v = vote(d.vote);
      const positions = Array.isArray(d.positions) ? (d.positions as Array<{ member: number; choice: string }>) : [];
      try {
        checkVoteReport(v.method, {
          claim: String(d.claim ?? ''),
          source: String(d.source ?? ''),
          reportedOn: (d.reportedOn as string | null) ?? null,
          positions,
        });
      } catch (err) {
        if (err instanceof DomainError) fail(err.code, `vote ${v.id}'s report: ${err.message}`);
        throw err;
      }
      for (const p of positions)
        if (!s.memberships.has(num(p.member))) fail('unknown_member', `member ${String(p.member)} never held a seat`);
      break;
    }
    default:
      break;
  }
  s.size = index + 1;
}

const HEX = (n: number) => new RegExp(`^[0-9a-f]{${n}}$`);

const NO_MINUTES: MinutesFacts = { version: 0, approved: null, signatures: [] };

/** The minutes' entries, by the rules the service applies (domain/minutes/minutes-life.ts). */
function replayMinutes(
  s: ReplayState,
  index: number,
  type: 'minutes.drafted' | 'minutes.narrative_added' | 'minutes.approved' | 'minutes.signed',
  d: Data,
  fail: (code: string, message: string) => never,
) {
  const sittingId = num(d.sitting);
  const sitting =
    s.sittings.get(sittingId) ?? fail('unknown_sitting', `sitting ${String(d.sitting)} was never scheduled`);
  const m = s.minutes.get(sittingId);
  const facts = m ?? NO_MINUTES;
  const refuse = (code: string | null, what: string) => {
    if (code) fail(code, `sitting ${sittingId}'s minutes: ${what}`);
  };
  if (type === 'minutes.drafted') {
    refuse(draftRefusal(facts, sitting.closed === true), 'cannot be drafted');
    if (num(d.version) !== 1) fail('minutes_version_mismatch', 'a draft starts at version 1');
    s.minutes.set(sittingId, { version: 1, approved: null, signatures: [], narratives: [], entry: index });
    return;
  }
  if (!m) return fail('minutes_not_drafted', `sitting ${sittingId}'s minutes were never drafted`);
  if (type === 'minutes.narrative_added') {
    refuse(narrativeRefusal(m), 'take no narrative');
    if (num(d.version) !== m.version + 1)
      fail('minutes_version_mismatch', `the narrative makes version ${String(d.version)}, not ${m.version + 1}`);
    if (d.agendaItem !== null && s.agendaItems.get(num(d.agendaItem)) !== sittingId)
      fail('unknown_agenda_item', `agenda item ${String(d.agendaItem)} is not an item of sitting ${sittingId}`);
    m.version += 1;
    m.narratives.push({
      entry: index,
      agendaItem: d.agendaItem === null ? null : num(d.agendaItem),
      lang: String(d.lang),
      text: String(d.text),
    });
    return;
  }
  if (type === 'minutes.approved') {
    refuse(approvalRefusal(m, num(d.version)), 'cannot be approved');
    const v = s.votes.get(num(d.vote));
    const motion = s.motions.get(num(d.motion));
    if (!v || v.motion !== num(d.motion) || v.status !== 'closed' || !v.outcome?.adopted)
      fail('approval_without_adoption', `vote ${String(d.vote)} did not adopt motion ${String(d.motion)}`);
    if (motion?.minutes?.sitting !== sittingId || motion.minutes.version !== num(d.version))
      fail(
        'approval_motion_mismatch',
        `motion ${String(d.motion)} did not put version ${String(d.version)} to the vote`,
      );
    const pdf = (d.pdf ?? {}) as Data;
    if (typeof pdf.sha256 !== 'string' || !HEX(64).test(pdf.sha256) || pdf.mediaType !== 'application/pdf')
      fail('bad_minutes_pdf', 'the approval names a PDF by its SHA-256');
    const logSize = num(d.logSize);
    if (!Number.isSafeInteger(logSize) || logSize < 1 || logSize > index)
      fail('bad_minutes_log_size', `the PDF cannot reflect ${String(d.logSize)} entries before entry ${index}`);
    m.approved = { version: num(d.version), sha256: pdf.sha256 as string, size: num(pdf.size), logSize, entry: index };
    return;
  }
  const role = String(d.role);
  const account = num(d.account);
  const holds = s.roles.has(`${account}/${role}`);
  refuse(
    signatureRefusal(m, role, account, String(d.sha256), holds),
    `cannot be signed by account ${account} as ${role}`,
  );
  m.signatures.push({ role: role as MinutesSignerRole, account, entry: index });
}
const PAPER_TYPES = [
  'application/pdf',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/plain',
];

function replayPaperAdded(s: ReplayState, index: number, d: Data, fail: (code: string, message: string) => never) {
  const paper = num(d.paper);
  if (s.papers.has(paper)) fail('paper_readded', `paper ${String(d.paper)} was already added`);
  const sitting = num(d.sitting);
  if (!s.sittings.has(sitting)) fail('unknown_sitting', `sitting ${String(d.sitting)} was never scheduled`);
  if (d.agendaItem !== null && s.agendaItems.get(num(d.agendaItem)) !== sitting)
    fail('unknown_agenda_item', `agenda item ${String(d.agendaItem)} is not an item of sitting ${sitting}`);
  if (d.motion !== null && !s.motions.has(num(d.motion)))
    fail('unknown_motion', `motion ${String(d.motion)} was never tabled`);
  if (d.agendaItem !== null && s.closedItems.has(num(d.agendaItem)))
    fail('item_closed', `paper ${String(d.paper)} was added under closed agenda item ${String(d.agendaItem)}`);
  s.papers.set(paper, { sitting, entry: index, versions: [] });
}

function replayPaperVersion(s: ReplayState, index: number, d: Data, fail: (code: string, message: string) => never) {
  const paper = s.papers.get(num(d.paper)) ?? fail('unknown_paper', `paper ${String(d.paper)} was never added`);
  if (num(d.version) !== paper.versions.length + 1)
    fail(
      'paper_version_out_of_order',
      `paper ${String(d.paper)}'s version ${String(d.version)} follows version ${paper.versions.length}`,
    );
  if (
    typeof d.sha256 !== 'string' ||
    !HEX(64).test(d.sha256) ||
    typeof d.sha512 !== 'string' ||
    !HEX(128).test(d.sha512)
  )
    fail('bad_paper_hash', 'a paper version carries its SHA-256 and SHA-512 in lower-case hex');
  if (!PAPER_TYPES.includes(String(d.mediaType)))
    fail('bad_paper_type', `"${String(d.mediaType)}" is not a type a paper may have`);
  const size = num(d.size);
  if (!Number.isSafeInteger(size) || size <= 0) fail('bad_paper_size', 'a paper version has a size above zero');
  paper.versions.push({
    sha256: d.sha256 as string,
    sha512: d.sha512 as string,
    mediaType: String(d.mediaType),
    size,
    entry: index,
  });
}

function closeVote(
  sha: Sha256,
  s: ReplayState,
  index: number,
  d: Data,
  v: ReplayedVote,
  fail: (code: string, message: string) => never,
) {
  if (v.status === 'closed') fail('vote_reclosed', `vote ${v.id} was already closed`);
  const counts = d.counts as VoteCounts;
  if (
    v.tied &&
    (counts.yes !== v.tied.yes ||
      counts.no !== v.tied.no ||
      counts.abstain !== v.tied.abstain ||
      (counts.castingVote !== 'yes' && counts.castingVote !== 'no'))
  ) {
    fail(
      'tie_mismatch',
      `vote ${v.id} closes with counts or a casting vote that do not follow its tie (entry ${v.tied.entry})`,
    );
  }
  const rule = d.rule as { quorum: QuorumRule; majority: MajorityRule; majorityName: string; preset: string | null };
  if (counts.present !== v.present || counts.established !== v.established || counts.filled !== v.filled) {
    fail(
      'counts_changed',
      `vote ${v.id} closed with present/established/filled ${counts.present}/${counts.established}/${counts.filled}, opened with ${v.present}/${v.established}/${v.filled}`,
    );
  }
  if (
    !s.rules ||
    !sameJson(rule.quorum, s.rules.quorum) ||
    !sameJson(rule.majority, s.rules.majorities[v.majority]) ||
    rule.majorityName !== v.majority
  ) {
    fail(
      'rule_mismatch',
      `vote ${v.id} was decided under a rule that is not the body's "${v.majority}" rule as recorded (entry ${s.rulesEntry})`,
    );
  }
  if (v.method === 'electronic' || v.method === 'roll_call') {
    // Small votes reveal in the close entry; large ones in the entries it names.
    if (d.ballots === null && JSON.stringify(d.revealedIn ?? []) !== JSON.stringify(v.revealEntries)) {
      fail(
        'reveal_mismatch',
        `vote ${v.id}'s close entry names reveal entries ${JSON.stringify(d.revealedIn)}, the log has ${JSON.stringify(v.revealEntries)}`,
      );
    }
    const revealed = (d.ballots ?? v.revealed) as Array<{ member: number; choice: string; salt?: string }>;
    if (revealed.length !== v.ballots.size)
      fail('ballots_mismatch', `vote ${v.id} reveals ${revealed.length} ballots, ${v.ballots.size} were received`);
    const tally = { yes: 0, no: 0, abstain: 0 };
    for (const b of revealed) {
      const received =
        v.ballots.get(b.member) ??
        fail('ballots_mismatch', `vote ${v.id} reveals a ballot of member ${b.member}, who did not vote`);
      if (!isBallotChoice(b.choice)) fail('bad_choice', `member ${b.member}'s choice is not yes, no or abstain`);
      if (v.method === 'electronic') {
        if (
          typeof b.salt !== 'string' ||
          ballotCommitment(sha, b.choice as BallotChoice, b.salt) !== received.commitment
        ) {
          fail(
            'commitment_mismatch',
            `member ${b.member}'s revealed ballot does not match the commitment in entry ${received.entry}`,
          );
        }
      } else if (received.choice !== b.choice) {
        fail('ballots_mismatch', `member ${b.member}'s vote differs from entry ${received.entry}`);
      }
      tally[b.choice as BallotChoice]++;
    }
    if (tally.yes !== counts.yes || tally.no !== counts.no || tally.abstain !== counts.abstain) {
      fail(
        'tally_mismatch',
        `vote ${v.id}'s totals ${counts.yes}–${counts.no}–${counts.abstain} do not follow from its ballots ${tally.yes}–${tally.no}–${tally.abstain}`,
      );
    }
  } else if (v.method === 'secret_electronic') {
    if (counts.yes + counts.no + counts.abstain !== v.turnout.size)
      fail('tally_mismatch', `secret vote ${v.id}'s totals do not add up to its turnout of ${v.turnout.size}`);
  }
  // The procedural facts in the counts must follow from the log: a lack of quorum established at
  // the vote's sitting before the vote was opened, and the motion's own flags as tabled. Absent
  // means false, as in every entry written before these facts existed.
  const lackEntry = v.sitting === null ? undefined : s.sittings.get(v.sitting)?.lackOfQuorumEntry;
  const motion = s.motions.get(v.motion);
  const facts = {
    lackOfQuorumEstablished: lackEntry !== undefined && lackEntry < v.openEntry,
    secondConvocation: motion?.secondConvocation ?? false,
    previousNotice: motion?.previousNotice ?? false,
  };
  for (const [key, expected] of Object.entries(facts)) {
    const recorded = (counts as unknown as Record<string, unknown>)[key] === true;
    if (recorded !== expected)
      fail('facts_mismatch', `vote ${v.id} was decided with ${key} ${recorded}, the log gives ${expected}`);
  }
  let outcome: ReturnType<typeof evaluateVote>;
  try {
    outcome = evaluateVote(rule.quorum, rule.majority, counts, {
      majorityName: rule.majorityName,
      ...(rule.preset ? { preset: rule.preset } : {}),
    });
  } catch (err) {
    fail('bad_counts', `vote ${v.id}'s counts cannot be evaluated: ${(err as Error).message}`);
  }
  const recorded = d.outcome as ReplayedVote['outcome'];
  const computed = {
    quorate: outcome!.quorate,
    adopted: outcome!.adopted,
    requiredYes: outcome!.requiredYes,
    reason: outcome!.reason,
  };
  if (!sameJson(recorded, computed))
    fail(
      'outcome_mismatch',
      `vote ${v.id} records ${JSON.stringify(recorded)}, the rule gives ${JSON.stringify(computed)}`,
    );
  v.status = 'closed';
  v.counts = counts;
  v.outcome = computed;
  v.closeEntry = index;
  if (v.method === 'electronic') {
    for (const b of (d.ballots ?? v.revealed) as Array<{ member: number; choice: BallotChoice; salt: string }>) {
      const r = v.ballots.get(b.member)!;
      r.choice = b.choice;
      r.salt = b.salt;
    }
  }
}

const dayOrNull = (x: unknown) => (x === null || x === undefined ? null : String(x));

/** The faction entries: each act holds under the rules of domain/roster/faction-dates.ts. */
function replayFaction(
  s: ReplayState,
  index: number,
  type: 'faction.established' | 'faction.dissolved' | 'faction.member_joined' | 'faction.member_left',
  d: Data,
  fail: (code: string, message: string) => never,
): void {
  const id = num(d.faction);
  if (type === 'faction.established') {
    if (s.factions.has(id)) fail('faction_reestablished', `faction ${String(d.faction)} was already established`);
    const life = { foundedOn: String(d.foundedOn), dissolvedOn: null };
    const problem = foundingProblem(life);
    if (problem) fail(`faction_${problem}`, `faction ${String(d.faction)} cannot be founded so (${problem})`);
    const names = (d.names ?? {}) as Data;
    const nameEn = typeof names.en === 'string' ? names.en : null;
    const nameRu = typeof names.ru === 'string' ? names.ru : null;
    if (nameEn === null && nameRu === null) fail('faction_unnamed', `faction ${String(d.faction)} has no name`);
    s.factions.set(id, { ...life, entry: index, nameEn, nameRu });
    return;
  }
  const faction = s.factions.get(id) ?? fail('unknown_faction', `faction ${String(d.faction)} was never established`);
  const mandateOf = (member: number) => {
    const m = s.memberships.get(member) ?? fail('unknown_member', `member ${String(member)} never held a seat`);
    return { startsOn: m.startsOn ?? null, endsOn: m.current ? null : (m.endsOn ?? null) };
  };
  const mine = s.factionStints.filter((x) => x.faction === id);
  if (type === 'faction.dissolved') {
    const dissolvedOn = String(d.dissolvedOn);
    const open = mine.filter((x) => x.leavesOn === null);
    const problem = dissolutionProblem(
      faction,
      dissolvedOn,
      mine.map((x) => ({ ...x, mandate: mandateOf(x.member) })),
    );
    if (problem) fail(`faction_${problem}`, `faction ${String(d.faction)} cannot be dissolved so (${problem})`);
    const left = Array.isArray(d.membersLeft) ? d.membersLeft.map(num).sort((a, b) => a - b) : null;
    const expected = open.map((x) => x.member).sort((a, b) => a - b);
    if (!left || !sameJson(left, expected))
      fail('faction_members_left_mismatch', `the members who left on dissolution are ${JSON.stringify(expected)}`);
    for (const x of open) x.leavesOn = dissolvedOn;
    faction.dissolvedOn = dissolvedOn;
    return;
  }
  const member = num(d.member);
  const mandate = mandateOf(member);
  if (type === 'faction.member_joined') {
    const stint = { faction: id, joinsOn: String(d.joinsOn), leavesOn: dayOrNull(d.leavesOn) };
    const others = s.factionStints.filter((x) => x.member === member);
    const problem = joinProblem(faction, mandate, others, stint);
    if (problem) fail(`faction_${problem}`, `member ${member} cannot join faction ${id} so (${problem})`);
    s.factionStints.push({ ...stint, member, entry: index });
    return;
  }
  const open = mine.find((x) => x.member === member && x.leavesOn === null) ?? null;
  const leavesOn = String(d.leavesOn);
  const problem = leaveProblem(faction, mandate, open, leavesOn);
  if (problem) fail(`faction_${problem}`, `member ${member} cannot leave faction ${id} so (${problem})`);
  open!.leavesOn = leavesOn;
}

/** A decision's event must follow its recorded events by the transition table, as the service decided. */
function replayDecisionEvent(s: ReplayState, index: number, d: Data, fail: (code: string, message: string) => never) {
  const decision =
    s.decisions.get(num(d.decision)) ?? fail('unknown_decision', `decision ${String(d.decision)} was never registered`);
  const id = d.eventId;
  const event = (d.event ?? {}) as unknown as DecisionEvent;
  const all = [...decision.events, event];
  // The votes and decisions the events name, as the log has them so far.
  const votes = new Map<number, { majority: string; adopted: boolean; on: string }>();
  const decisions = new Map<number, { adoptedOn: string }>();
  for (const e of all) {
    const v = e.vote != null ? s.votes.get(num(e.vote)) : undefined;
    if (v?.status === 'closed') {
      const adoptedBy = [...s.decisions.values()].find((x) => x.vote === v.id);
      votes.set(v.id, {
        majority: v.majority,
        adopted: v.outcome?.adopted === true,
        on: adoptedBy?.adoptedOn ?? '9999',
      });
    }
    const other = e.decision != null ? s.decisions.get(num(e.decision)) : undefined;
    if (other) decisions.set(num(e.decision), { adoptedOn: other.adoptedOn });
  }
  const facts = {
    id: num(d.decision),
    adoptedOn: decision.adoptedOn,
    inForceOnAdoption: decision.inForceOnAdoption,
    hasVetoOverride: Object.hasOwn(s.rules?.majorities ?? {}, VETO_OVERRIDE_MAJORITY),
    votes,
    decisions,
  };
  try {
    applyDecisionEvents(facts, all);
  } catch (err) {
    if (err instanceof DecisionEventError) fail(err.code, `decision ${String(d.decision)}: ${err.message}`);
    throw err;
  }
  decision.events.push({ ...event, id: num(id), entry: index });
}
