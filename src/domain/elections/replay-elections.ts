// Replays a body's election entries (issue 18) for `quorate verify`: each nomination, round, paper
// and count follows from what came before. A round whose papers were published is counted again
// from them and the rule embedded in `election.created`; a round whose papers were not published
// has its stage table's arithmetic checked, and the report says the papers were not published. A
// lot is recomputed from the server's seed (checked against the commitment made when the round
// opened) and the tellers' draw. Pure: the hash comes in as an argument.
import type { Sha256 } from './types.ts';
import {
  countRound,
  lotSeed,
  mergePapers,
  paperProblem,
  ROUND_METHODS,
  seedCommitment,
  stageTableProblem,
  validateElectionRule,
  type ElectionRule,
  type Paper,
  type RoundResult,
} from './election-record.ts';
import { DomainError } from '../errors.ts';
import { drawLot } from './lot.ts';

export interface ReplayedRound {
  number: number;
  candidates: number[];
  runoff: boolean;
  present: number;
  established: number;
  presentMembers: Set<number>;
  commitment: string;
  status: 'open' | 'awaiting_lot' | 'counted';
  turnout: Set<number>;
  /** Papers cast by name (open roll call), merged as they come. */
  openPapers: Paper[];
  /** Secret electronic and paper: how many papers the entries say came in, blank and spoilt included. */
  ballots: number;
  blank: number;
  spoilt: number;
  /** Papers published before the close, part by part. */
  published: Paper[];
  publishedParts: number;
  papersPublished: boolean;
  result: RoundResult | null;
}

export interface ReplayedElection {
  id: number;
  sitting: number;
  rule: ElectionRule;
  ballotKind: string;
  grantsRole: string | null;
  status: 'created' | 'nominating' | 'ready' | 'voting' | 'awaiting_lot' | 'declared';
  candidates: Array<{ name: string; member: number | null; consented: boolean; withdrawn: boolean }>;
  rounds: ReplayedRound[];
  entry: number;
  elected: number[] | null;
}

/** What the election entries need of the rest of the record. */
export interface ElectionContext {
  sha256: Sha256;
  sittingExists(id: number): boolean;
  agendaItemSitting(id: number): number | undefined;
  memberExists(id: number): boolean;
  /** The role grant that must follow a result that grants one. */
  expectRoleGrant(role: string): void;
}

type Data = Record<string, unknown>;
type Fail = (code: string, message: string) => never;
const num = (x: unknown) => (typeof x === 'number' ? x : Number.NaN);
const isNumbers = (x: unknown): x is number[] => Array.isArray(x) && x.every((v) => Number.isSafeInteger(v));

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
const sameJson = (a: unknown, b: unknown) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));

/** The election entry types this module replays. */
export const ELECTION_ENTRY_TYPES = new Set([
  'election.created',
  'nomination.opened',
  'nomination.made',
  'nomination.consented',
  'nomination.withdrawn',
  'nomination.closed',
  'election.round_opened',
  'election.ballot_received',
  'election.secret_ballot_received',
  'election.papers_entered',
  'election.papers_published',
  'election.round_closed',
  'election.lot_drawn',
  'election.result_declared',
]);

/** Candidates standing in the next round, as the record so far gives them; null when none can follow. */
export function standingNext(e: ReplayedElection): number[] | null {
  const stillIn = (n: number) => !e.candidates[n - 1]!.withdrawn;
  const last = e.rounds[e.rounds.length - 1];
  if (!last)
    return e.candidates.flatMap((c, i) => (!c.withdrawn && (c.consented || !e.rule.consentRequired) ? [i + 1] : []));
  return last.result?.next ? last.result.next.filter(stillIn) : null;
}

/**
 * Applies one election entry; throws through `fail` when it does not follow.
 * @example replayElectionEntry(elections, ctx, 12, 'nomination.opened', { election: 1 }, fail)
 */
export function replayElectionEntry(
  elections: Map<number, ReplayedElection>,
  ctx: ElectionContext,
  index: number,
  type: string,
  d: Data,
  fail: Fail,
): void {
  if (type === 'election.created') {
    const id = num(d.election);
    if (!Number.isSafeInteger(id) || elections.has(id))
      fail('election_recreated', `election ${String(d.election)} exists`);
    if (!ctx.sittingExists(num(d.sitting))) fail('unknown_sitting', `sitting ${String(d.sitting)} was never scheduled`);
    if (d.agendaItem !== null && ctx.agendaItemSitting(num(d.agendaItem)) !== num(d.sitting))
      fail('unknown_agenda_item', `agenda item ${String(d.agendaItem)} is not an item of the sitting`);
    let rule: ElectionRule | undefined;
    try {
      rule = validateElectionRule(d.rule);
    } catch (err) {
      if (err instanceof DomainError) fail(err.code, `election ${id}'s rule: ${err.message}`);
      throw err;
    }
    if (!rule || !sameJson(rule, d.rule))
      fail('election_rule_fields', `election ${id}'s rule carries fields a rule does not have`);
    if (!['secret_paper', 'secret_electronic', 'open_roll_call'].includes(String(d.ballotKind)))
      fail('invalid_ballot_kind', `"${String(d.ballotKind)}" is not a ballot kind`);
    elections.set(id, {
      id,
      sitting: num(d.sitting),
      rule,
      ballotKind: String(d.ballotKind),
      grantsRole: (d.grantsRole as string | null) ?? null,
      status: 'created',
      candidates: [],
      rounds: [],
      entry: index,
      elected: null,
    });
    return;
  }
  const e =
    elections.get(num(d.election)) ?? fail('unknown_election', `election ${String(d.election)} was never created`);
  const expect = (...statuses: ReplayedElection['status'][]) => {
    if (!statuses.includes(e.status))
      fail('election_wrong_status', `election ${e.id} is ${e.status}, not ${statuses.join(' or ')}`);
  };
  const candidate = (x: unknown) =>
    e.candidates[num(x) - 1] ?? fail('unknown_candidate', `election ${e.id} has no candidate ${String(x)}`);
  const openRound = () => {
    expect('voting');
    const r = e.rounds[e.rounds.length - 1]!;
    if (num(d.round) !== r.number) fail('wrong_round', `round ${String(d.round)} is not election ${e.id}'s open round`);
    return r;
  };
  switch (type) {
    case 'nomination.opened':
      expect('created');
      e.status = 'nominating';
      return;
    case 'nomination.made': {
      expect('nominating');
      if (num(d.candidate) !== e.candidates.length + 1)
        fail('candidate_out_of_order', `candidate ${String(d.candidate)} is not number ${e.candidates.length + 1}`);
      const member = d.member === null ? null : num(d.member);
      if (member !== null && !ctx.memberExists(member)) fail('unknown_member', `member ${member} never held a seat`);
      if (d.nominatedBy !== null && !ctx.memberExists(num(d.nominatedBy)))
        fail('unknown_member', `member ${String(d.nominatedBy)} never held a seat`);
      if (member !== null && e.candidates.some((c) => c.member === member && !c.withdrawn))
        fail('already_nominated', `member ${member} is already a candidate`);
      const self = d.self === true;
      if (self !== (member !== null && d.nominatedBy === member))
        fail('bad_self_nomination', 'self names the nominee as nominator');
      e.candidates.push({ name: String(d.name), member, consented: self, withdrawn: false });
      return;
    }
    case 'nomination.consented': {
      expect('nominating');
      const c = candidate(d.candidate);
      if (c.consented || c.withdrawn)
        fail('consent_not_possible', `candidate ${String(d.candidate)} cannot consent now`);
      c.consented = true;
      return;
    }
    case 'nomination.withdrawn': {
      expect('nominating', 'ready');
      const c = candidate(d.candidate);
      if (c.withdrawn) fail('candidate_withdrawn', `candidate ${String(d.candidate)} withdrew already`);
      c.withdrawn = true;
      return;
    }
    case 'nomination.closed': {
      expect('nominating');
      const standing = standingNext(e);
      if (!sameJson(standing, d.candidates))
        fail(
          'standing_differs',
          `the candidates standing are ${JSON.stringify(standing)}, not ${JSON.stringify(d.candidates)}`,
        );
      if (!standing || standing.length === 0) fail('no_candidates', 'no candidate stands');
      e.status = 'ready';
      return;
    }
    case 'election.round_opened': {
      expect('ready');
      const number = e.rounds.length + 1;
      if (num(d.round) !== number) fail('wrong_round', `the next round is ${number}`);
      const standing = standingNext(e);
      if (!sameJson(standing, d.candidates))
        fail(
          'standing_differs',
          `round ${number} stands ${JSON.stringify(standing)}, not ${JSON.stringify(d.candidates)}`,
        );
      const runoff = e.rule.method === 'majority-runoff' && number > 1;
      if (d.runoff !== runoff) fail('bad_runoff', `round ${number} is ${runoff ? '' : 'not '}a runoff`);
      if (!isNumbers(d.presentMembers) || d.presentMembers.length !== num(d.present))
        fail('bad_present', 'the members present and their number disagree');
      for (const m of d.presentMembers as number[])
        if (!ctx.memberExists(m)) fail('unknown_member', `member ${m} never held a seat`);
      if (typeof d.seedCommitment !== 'string' || !/^[0-9a-f]{64}$/.test(d.seedCommitment))
        fail('bad_commitment', 'the seed commitment is a SHA-256 in hex');
      e.rounds.push({
        number,
        candidates: standing!,
        runoff,
        present: num(d.present),
        established: num(d.established),
        presentMembers: new Set(d.presentMembers as number[]),
        commitment: d.seedCommitment as string,
        status: 'open',
        turnout: new Set(),
        openPapers: [],
        ballots: 0,
        blank: 0,
        spoilt: 0,
        published: [],
        publishedParts: 0,
        papersPublished: false,
        result: null,
      });
      e.status = 'voting';
      return;
    }
    case 'election.ballot_received':
    case 'election.secret_ballot_received': {
      const r = openRound();
      const secret = type === 'election.secret_ballot_received';
      if (e.ballotKind !== (secret ? 'secret_electronic' : 'open_roll_call'))
        fail('wrong_ballot_kind', `election ${e.id} is held by ${e.ballotKind}`);
      const member = num(d.member);
      if (!r.presentMembers.has(member))
        fail('not_present', `member ${member} was not present when round ${r.number} opened`);
      if (r.turnout.has(member)) fail('already_voted', `member ${member} voted in round ${r.number} already`);
      r.turnout.add(member);
      r.ballots++;
      if (secret) {
        if (Object.keys(d).sort().join(',') !== 'election,member,round')
          fail('secret_ballot_fields', 'a secret paper\u2019s entry carries only the election, round and member');
        return;
      }
      if (!isNumbers(d.ranking)) fail('bad_ranking', 'a paper lists candidate numbers');
      const problem = paperProblem(e.rule, r.candidates, d.ranking as number[]);
      if (problem) fail(problem, `member ${member}'s paper cannot count: ${problem}`);
      if ((d.ranking as number[]).length === 0) r.blank++;
      else r.openPapers = mergePapers([...r.openPapers, { ranking: d.ranking as number[], weight: 1 }]);
      return;
    }
    case 'election.papers_entered': {
      const r = openRound();
      if (e.ballotKind !== 'secret_paper') fail('wrong_ballot_kind', `election ${e.id} is held by ${e.ballotKind}`);
      const [papers, blank, spoilt] = [num(d.papers), num(d.blank), num(d.spoilt)];
      if (
        ![papers, blank, spoilt].every((x) => Number.isSafeInteger(x) && x >= 0) ||
        papers < 1 ||
        blank + spoilt > papers
      )
        fail('bad_paper_counts', 'papers entered are a positive count, blank and spoilt among them');
      r.ballots += papers;
      r.blank += blank;
      r.spoilt += spoilt;
      if (r.ballots > Math.max(r.present, 1))
        fail('more_papers_than_present', `round ${r.number} has more papers than members present`);
      return;
    }
    case 'election.papers_published': {
      const r = openRound();
      if (!e.rule.publishBallots) fail('papers_not_published', `election ${e.id}'s rule does not publish papers`);
      if (num(d.part) !== r.publishedParts + 1) fail('part_out_of_order', `part ${String(d.part)} is out of order`);
      const papers = d.papers as Paper[];
      if (
        !Array.isArray(papers) ||
        papers.some((p) => !isNumbers(p?.ranking) || !Number.isSafeInteger(p?.weight) || p.weight < 1)
      )
        fail('bad_papers', 'published papers are rankings with weights');
      for (const p of papers) {
        const problem = paperProblem(e.rule, r.candidates, p.ranking);
        if (problem || p.ranking.length === 0)
          fail(problem ?? 'blank_published', `a published paper cannot count: ${problem ?? 'blank'}`);
      }
      r.published.push(...papers);
      r.publishedParts++;
      return;
    }
    case 'election.round_closed': {
      const r = openRound();
      if (num(d.ballots) !== r.ballots)
        fail('ballots_differ', `round ${r.number} received ${r.ballots} papers, the close says ${String(d.ballots)}`);
      if (e.ballotKind === 'secret_paper' && (num(d.blank) !== r.blank || num(d.spoilt) !== r.spoilt))
        fail('ballots_differ', `round ${r.number}'s blank and spoilt papers differ from those entered`);
      if (e.ballotKind === 'open_roll_call' && num(d.blank) !== r.blank) fail('ballots_differ', 'blank papers differ');
      if (d.papersPublished !== e.rule.publishBallots)
        fail('publication_differs', 'the close and the rule disagree on publishing');
      r.papersPublished = e.rule.publishBallots;
      if (r.papersPublished) {
        if (r.publishedParts === 0 || num(r.publishedParts) < 1)
          fail('papers_missing', 'the published papers are missing');
        const papers = mergePapers(r.published);
        if (!sameJson(papers, r.published)) fail('papers_not_sorted', 'published papers are merged and sorted');
        const weight = papers.reduce((a, p) => a + p.weight, 0);
        const expected = r.ballots - num(d.blank) - num(d.spoilt);
        if (weight !== expected) fail('papers_differ', `${weight} papers published, ${expected} valid papers received`);
        if (e.ballotKind === 'open_roll_call' && !sameJson(papers, r.openPapers))
          fail('papers_differ', 'the published papers are not those recorded by name');
      } else if (e.ballotKind === 'open_roll_call')
        fail('papers_not_published', 'a roll call\u2019s papers are public');
      if (d.lotRequired === true) {
        if (d.result !== null || d.serverSeed !== null)
          fail('lot_result_early', 'a round awaiting lot has no result yet');
        if (r.papersPublished) {
          try {
            countRound(facts(e, r));
            fail('lot_not_required', `round ${r.number} can be counted without lot`);
          } catch (err) {
            if (!(err instanceof DomainError && err.code === 'lot_required')) throw err;
          }
        }
        r.status = 'awaiting_lot';
        e.status = 'awaiting_lot';
        return;
      }
      if (typeof d.serverSeed !== 'string' || seedCommitment(ctx.sha256, d.serverSeed) !== r.commitment)
        fail('seed_differs', `the revealed seed is not the one committed when round ${r.number} opened`);
      counted(e, r, d.result, undefined, fail);
      return;
    }
    case 'election.lot_drawn': {
      expect('awaiting_lot');
      const r = e.rounds[e.rounds.length - 1]!;
      if (num(d.round) !== r.number) fail('wrong_round', `round ${String(d.round)} does not await lot`);
      if (typeof d.serverSeed !== 'string' || seedCommitment(ctx.sha256, d.serverSeed) !== r.commitment)
        fail('seed_differs', `the revealed seed is not the one committed when round ${r.number} opened`);
      if (typeof d.physicalDraw !== 'string' || !/^[0-9 ]{1,64}$/.test(d.physicalDraw))
        fail('invalid_physical_draw', 'the tellers\u2019 draw is digits and spaces');
      const seed = lotSeed(ctx.sha256, d.serverSeed as string, d.physicalDraw as string);
      counted(e, r, d.result, { seed, sha256: ctx.sha256 }, fail);
      return;
    }
    case 'election.result_declared': {
      const r = e.rounds[e.rounds.length - 1];
      if (r?.status !== 'counted' || e.status !== 'ready' || num(d.round) !== r.number)
        fail('result_early', `election ${e.id} has no counted round ${String(d.round)} to declare`);
      const result = r!.result!;
      if (ROUND_METHODS.includes(e.rule.method) && result.elected.length === 0 && result.next !== null)
        fail('result_early', 'the election goes on to another round');
      const elected = (Array.isArray(d.elected) ? d.elected : []) as Array<{
        candidate: number;
        member: number | null;
      }>;
      if (
        !sameJson(
          elected.map((x) => x.candidate),
          result.elected,
        )
      )
        fail('elected_differs', `the count elects ${JSON.stringify(result.elected)}`);
      for (const x of elected)
        if (x.member !== e.candidates[x.candidate - 1]!.member)
          fail('elected_differs', `candidate ${x.candidate}'s member differs`);
      if (num(d.unfilled) !== e.rule.seats - result.elected.length)
        fail('unfilled_differs', 'the seats left unfilled differ');
      if (d.grantsRole !== null) {
        if (d.grantsRole !== e.grantsRole)
          fail('role_not_granted_by_election', `election ${e.id} grants no ${String(d.grantsRole)}`);
        ctx.expectRoleGrant(String(d.grantsRole));
      }
      e.elected = result.elected;
      e.status = 'declared';
      return;
    }
  }
}

function facts(e: ReplayedElection, r: ReplayedRound) {
  return {
    rule: e.rule,
    names: e.candidates.map((c) => c.name),
    standing: r.candidates,
    round: r.number,
    runoff: r.runoff,
    papers: mergePapers(r.published),
    present: r.present,
    established: r.established,
  };
}

/** A round's recorded count checked: recounted from published papers, or its stage table's arithmetic. */
function counted(
  e: ReplayedElection,
  r: ReplayedRound,
  recorded: unknown,
  lot: { seed: Uint8Array; sha256: Sha256 } | undefined,
  fail: Fail,
) {
  if (!recorded || typeof recorded !== 'object') return fail('result_missing', `round ${r.number} has no count`);
  const result = recorded as RoundResult;
  if (r.papersPublished) {
    let again: RoundResult;
    try {
      again = countRound(facts(e, r), lot);
    } catch (err) {
      if (err instanceof DomainError)
        return fail(err.code, `round ${r.number} cannot be counted again: ${err.message}`);
      throw err;
    }
    if (!sameJson(again, result))
      fail('count_differs', `round ${r.number}'s papers, counted again, do not give the recorded result`);
  } else {
    const problem = stageTableProblem(result, e.candidates.length);
    if (problem) fail('stage_table', `round ${r.number}: ${problem}`);
    // The draws by lot are recomputed from the seed even where the papers are not published.
    for (const draw of Array.isArray(result.lots) ? result.lots : []) {
      if (!lot) fail('lot_without_seed', `round ${r.number} drew lots before the tellers' draw`);
      const again = drawLot(lot, draw.stage, draw.purpose, draw.among);
      if (again.digest !== draw.digest || again.chosen !== draw.chosen)
        fail('lot_differs', `round ${r.number}'s draw at stage ${draw.stage} does not follow from the seed`);
    }
    if (!isNumbers(result.elected) || result.elected.some((c) => !r.candidates.includes(c)))
      fail('elected_not_standing', `round ${r.number} elects a candidate who did not stand`);
  }
  r.result = result;
  r.status = 'counted';
  e.status = 'ready';
}
