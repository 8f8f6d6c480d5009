// The life of a decision after the vote (issue 17, item 3; DESIGN.md, "The life of a decision"):
// sent for signature, signed or vetoed, the veto overridden, published, in force, amended,
// repealed, suspended, protested, challenged in court, annulled or upheld. Each event is a fact with
// its (partial) date, who did it and its source; the decision's status is derived from the events
// at read time, never stored. One function, `applyDecisionEvents`, walks the transition table: the
// service asks it whether a new event may follow the recorded ones (a refusal is a value with a
// stable code, and nothing is stored), replay asks it again for every entry, and the pages ask it
// for the status.
import { DomainError } from '../errors.ts';
import { earliestDay, isPartialDate, latestDay, parsePartialDate } from '../dates/partial-date.ts';

export const DECISION_EVENT_TYPES = [
  'sent_for_signature',
  'signed',
  'vetoed',
  'veto_overridden',
  'published',
  'in_force',
  'amended',
  'repealed',
  'suspended',
  'suspension_lifted',
  'protested',
  'challenged',
  'annulled',
  'upheld',
] as const;
export type DecisionEventType = (typeof DECISION_EVENT_TYPES)[number];

export const DECISION_STATUSES = [
  'adopted',
  'awaiting_signature',
  'vetoed',
  'veto_overridden',
  'signed',
  'published',
  'in_force',
  'amended',
  'suspended',
  'repealed',
  'annulled',
] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export const PUBLICATION_PLACES = ['bulletin', 'website', 'other'] as const;
export type PublicationPlace = (typeof PUBLICATION_PLACES)[number];

/** The majority kind a veto override must be adopted under (a rule set's `majorities` key). */
export const VETO_OVERRIDE_MAJORITY = 'veto_override';

/**
 * One event in a decision's life. `on` is a partial date ('2022', '2022-09', '2022-09-07'); `by`
 * who did it as the source names them; `source` where the record has it from. The other fields
 * belong to particular types (the table in DESIGN.md): a veto's `reasons`; an override's `vote`;
 * a publication's `place` with its `bulletin` and `issue` or `url`; the other decision that
 * amended or repealed this one (`decision`); a court challenge's `court` and `caseNumber`, which
 * the ruling that annuls or upholds names again.
 */
export interface DecisionEvent {
  type: DecisionEventType;
  on: string;
  by?: string | null;
  source?: string | null;
  reasons?: string | null;
  vote?: number | null;
  place?: PublicationPlace | null;
  bulletin?: string | null;
  issue?: string | null;
  url?: string | null;
  decision?: number | null;
  court?: string | null;
  caseNumber?: string | null;
}

/** What the events are judged against beyond themselves; the service reads it, replay rebuilds it. */
export interface DecisionFacts {
  /** The day the decision was adopted (a partial date for a historical one). */
  adoptedOn: string;
  /** The body's rules say its decisions are in force on adoption (rule field `decisions.inForceOnAdoption`). */
  inForceOnAdoption: boolean;
  /** Whether the body's rules define a `veto_override` majority. */
  hasVetoOverride: boolean;
  /** The override vote an event names: its majority kind, whether it adopted, its day. */
  votes?: ReadonlyMap<number, { majority: string; adopted: boolean; on: string }>;
  /** Other decisions of the body an event names: their day of adoption. */
  decisions?: ReadonlyMap<number, { adoptedOn: string }>;
  /** This decision's id (a decision does not amend or repeal itself). */
  id?: number;
}

export const DECISION_REFUSALS = [
  'invalid_decision_event',
  'decision_ended',
  'already_sent_for_signature',
  'already_signed',
  'veto_pending',
  'not_vetoed',
  'veto_after_override',
  'not_signed',
  'not_signed_and_published',
  'already_in_force',
  'not_in_force',
  'already_suspended',
  'not_suspended',
  'challenge_already_open',
  'no_open_challenge',
  'veto_override_not_in_rules',
  'override_vote_not_veto_override',
  'override_vote_not_adopted',
  'unknown_vote',
  'unknown_decision',
  'self_reference',
  'dated_before_cause',
] as const;
export type DecisionRefusalCode = (typeof DECISION_REFUSALS)[number];

export class DecisionEventError extends DomainError {
  constructor(
    code: DecisionRefusalCode,
    message: string,
    /** Which event (0-based, in recorded order) was refused. */
    readonly at: number,
  ) {
    super(code, message);
  }
}

export interface TimelineStep {
  event: DecisionEvent;
  /** The status after this event. */
  status: DecisionStatus;
  /** Not yet: dated after `today` (an "in force from" still to come). */
  pending: boolean;
}

export interface DecisionLife {
  status: DecisionStatus;
  /** The (partial) date the status holds from. */
  since: string;
  /** Court cases still open (challenged, no ruling yet) and protests recorded. */
  openCases: Array<{ court: string | null; caseNumber: string }>;
  protested: boolean;
  amendedBy: number[];
  repealedBy: number | null;
  timeline: TimelineStep[];
}

interface State {
  sent: boolean;
  signed: boolean;
  vetoPending: boolean;
  overridden: boolean;
  published: boolean;
  inForce: boolean;
  suspended: boolean;
  ended: 'repealed' | 'annulled' | null;
  /** The date each status began. */
  since: Partial<Record<DecisionStatus, string>>;
  amendedBy: number[];
  repealedBy: number | null;
  cases: Map<string, { court: string | null; on: string }>;
  protested: boolean;
  /** The event each kind of cause was last set by. */
  causeOn: Partial<Record<'sent' | 'vetoed' | 'signed' | 'overridden' | 'published' | 'suspended', string>>;
}

function statusOf(s: State): DecisionStatus {
  if (s.ended) return s.ended;
  if (s.suspended) return 'suspended';
  if (s.inForce) return s.amendedBy.length > 0 ? 'amended' : 'in_force';
  if (s.published) return 'published';
  if (s.signed) return 'signed';
  if (s.vetoPending) return 'vetoed';
  if (s.overridden) return 'veto_overridden';
  if (s.sent) return 'awaiting_signature';
  return 'adopted';
}

const first = (on: string) => earliestDay(parsePartialDate(on));
const last = (on: string) => latestDay(parsePartialDate(on));

/** `on` lies wholly before `cause` (its latest possible day is before the cause's earliest). */
export function datedBefore(on: string, cause: string): boolean {
  return last(on) < first(cause);
}

const text = (x: unknown, max: number) => typeof x === 'string' && x.trim().length > 0 && x.length <= max;
const optText = (x: unknown, max: number) => x === undefined || x === null || text(x, max);
const id = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x > 0;

/**
 * Checks one event's shape: a known type, a partial date, the fields its type needs and no
 * fields of other types. Throws `invalid_decision_event`.
 * @example checkDecisionEventShape({ type: 'signed', on: '2022-09' }, 0)
 */
export function checkDecisionEventShape(e: DecisionEvent, at: number): void {
  const bad = (why: string): never => {
    throw new DecisionEventError('invalid_decision_event', `event ${at}: ${why}`, at);
  };
  if (typeof e !== 'object' || e === null) bad('not an object');
  if (!(DECISION_EVENT_TYPES as readonly string[]).includes(e.type)) bad(`unknown type ${JSON.stringify(e.type)}`);
  if (typeof e.on !== 'string' || !isPartialDate(e.on)) bad('"on" must be YYYY, YYYY-MM or YYYY-MM-DD');
  for (const [k, max] of [
    ['by', 500],
    ['source', 2000],
    ['reasons', 10_000],
    ['bulletin', 500],
    ['issue', 100],
    ['url', 2000],
    ['court', 500],
    ['caseNumber', 100],
  ] as const)
    if (!optText(e[k], max)) bad(`"${k}" must be non-empty text of at most ${max} characters`);
  const allowed: Record<DecisionEventType, readonly string[]> = {
    sent_for_signature: [],
    signed: [],
    vetoed: ['reasons'],
    veto_overridden: ['vote'],
    published: ['place', 'bulletin', 'issue', 'url'],
    in_force: [],
    amended: ['decision'],
    repealed: ['decision'],
    suspended: ['reasons'],
    suspension_lifted: [],
    protested: ['reasons'],
    challenged: ['court', 'caseNumber'],
    annulled: ['court', 'caseNumber'],
    upheld: ['court', 'caseNumber'],
  };
  const own = allowed[e.type];
  for (const k of ['reasons', 'vote', 'place', 'bulletin', 'issue', 'url', 'decision', 'court', 'caseNumber'] as const)
    if (e[k] !== undefined && e[k] !== null && !own.includes(k)) bad(`"${k}" does not belong to ${e.type}`);
  if (e.type === 'vetoed' && !text(e.reasons, 10_000)) bad('a veto gives its reasons');
  if (e.type === 'veto_overridden' && !id(e.vote)) bad('an override names the vote that overrode the veto');
  if ((e.type === 'amended' || e.type === 'repealed') && !id(e.decision))
    bad(`${e.type} names the decision that ${e.type} this one`);
  if (e.type === 'published') {
    if (!(PUBLICATION_PLACES as readonly unknown[]).includes(e.place))
      bad('a publication says where: bulletin, website or other');
    if (e.place === 'bulletin' && !text(e.bulletin, 500)) bad('a publication in a bulletin names the bulletin');
    if (e.place === 'website' && !text(e.url, 2000)) bad('a publication on a website gives its address');
    if (e.url != null && !/^https?:\/\/[^\s]+$/.test(e.url)) bad('"url" must be an http(s) address');
  }
  if ((e.type === 'challenged' || e.type === 'annulled' || e.type === 'upheld') && !text(e.caseNumber, 100))
    bad(`${e.type} names the court case number`);
  if (e.type === 'challenged' && !text(e.court, 500)) bad('a challenge names the court');
}

/**
 * Walks a decision's events in recorded order through the transition table and returns its life;
 * throws DecisionEventError naming the first event that cannot follow the ones before it. Events
 * dated after `today` (an "in force from" still to come) are in the timeline but not yet in the
 * status.
 * @example applyDecisionEvents({ adoptedOn: '2022-09-07', inForceOnAdoption: false, hasVetoOverride: true }, [{ type: 'signed', on: '2022-09-09' }]).status // 'signed'
 */
export function applyDecisionEvents(
  facts: DecisionFacts,
  events: readonly DecisionEvent[],
  today?: string,
): DecisionLife {
  const s = initialState(facts);
  // The status as of `today`: the state before the first event dated after it (events are
  // recorded in causal order, so every later one is still to come as well).
  let asOf: State | null = null;
  const timeline: TimelineStep[] = [];
  events.forEach((e, at) => {
    checkDecisionEventShape(e, at);
    const pending = today !== undefined && first(e.on) > today;
    if (pending && asOf === null) asOf = structuredCopy(s);
    step(facts, s, e, at);
    timeline.push({ event: e, status: statusOf(s), pending: asOf !== null });
  });
  const now: State = asOf ?? s;
  const status = statusOf(now);
  return {
    status,
    since: now.since[status] ?? facts.adoptedOn,
    openCases: [...now.cases].map(([caseNumber, c]) => ({ court: c.court, caseNumber })),
    protested: now.protested,
    amendedBy: now.amendedBy,
    repealedBy: now.repealedBy,
    timeline,
  };
}

function initialState(facts: DecisionFacts): State {
  return {
    sent: false,
    signed: false,
    vetoPending: false,
    overridden: false,
    published: false,
    inForce: facts.inForceOnAdoption,
    suspended: false,
    ended: null,
    since: { adopted: facts.adoptedOn, ...(facts.inForceOnAdoption ? { in_force: facts.adoptedOn } : {}) },
    amendedBy: [],
    repealedBy: null,
    cases: new Map(),
    protested: false,
    causeOn: {},
  };
}

function structuredCopy(s: State): State {
  return {
    ...s,
    since: { ...s.since },
    amendedBy: [...s.amendedBy],
    cases: new Map(s.cases),
    causeOn: { ...s.causeOn },
  };
}

function step(facts: DecisionFacts, s: State, e: DecisionEvent, at: number): void {
  const refuse = (code: DecisionRefusalCode, why: string): never => {
    throw new DecisionEventError(code, `event ${at} (${e.type}): ${why}`, at);
  };
  const notBefore = (cause: string | undefined, what: string) => {
    if (cause !== undefined && datedBefore(e.on, cause))
      refuse('dated_before_cause', `dated ${e.on}, before ${what} (${cause})`);
  };
  notBefore(facts.adoptedOn, 'the decision was adopted');
  const courtEvent = e.type === 'annulled' || e.type === 'upheld';
  if (s.ended && !courtEvent) refuse('decision_ended', `the decision was ${s.ended}`);
  switch (e.type) {
    case 'sent_for_signature':
      if (s.signed) refuse('already_signed', 'the decision is already signed');
      if (s.vetoPending) refuse('veto_pending', 'the decision was returned unsigned; only an override reopens it');
      if (s.sent && !s.overridden) refuse('already_sent_for_signature', 'it was already sent for signature');
      notBefore(s.causeOn.overridden, 'the veto was overridden');
      s.sent = true;
      s.causeOn.sent = e.on;
      s.since.awaiting_signature = e.on;
      return;
    case 'signed':
      if (s.signed) refuse('already_signed', 'the decision is already signed');
      if (s.vetoPending) refuse('veto_pending', 'the decision was returned unsigned; only an override reopens it');
      notBefore(s.causeOn.sent, 'it was sent for signature');
      notBefore(s.causeOn.overridden, 'the veto was overridden');
      s.signed = true;
      s.causeOn.signed = e.on;
      s.since.signed = e.on;
      return;
    case 'vetoed':
      if (s.signed) refuse('already_signed', 'a signed decision cannot be returned unsigned');
      if (s.vetoPending) refuse('veto_pending', 'the decision was already returned unsigned');
      if (s.overridden)
        refuse('veto_after_override', 'after an override the decision is to be signed, not vetoed again');
      notBefore(s.causeOn.sent, 'it was sent for signature');
      s.vetoPending = true;
      s.causeOn.vetoed = e.on;
      s.since.vetoed = e.on;
      return;
    case 'veto_overridden': {
      if (!s.vetoPending) refuse('not_vetoed', 'only a decision returned unsigned can have its veto overridden');
      if (!facts.hasVetoOverride)
        refuse('veto_override_not_in_rules', 'the body\'s rules define no "veto_override" majority');
      const vote =
        facts.votes?.get(e.vote!) ?? refuse('unknown_vote', `vote ${e.vote} is not a closed vote of this body`);
      if (vote.majority !== VETO_OVERRIDE_MAJORITY)
        refuse(
          'override_vote_not_veto_override',
          `vote ${e.vote} was taken under "${vote.majority}", not "veto_override"`,
        );
      if (!vote.adopted) refuse('override_vote_not_adopted', `vote ${e.vote} did not adopt its motion`);
      notBefore(s.causeOn.vetoed, 'the veto');
      if (datedBefore(vote.on, s.causeOn.vetoed!))
        refuse('dated_before_cause', `vote ${e.vote} (${vote.on}) was taken before the veto`);
      notBefore(vote.on, `vote ${e.vote} was taken`);
      s.vetoPending = false;
      s.overridden = true;
      s.causeOn.overridden = e.on;
      s.since.veto_overridden = e.on;
      return;
    }
    case 'published':
      if (!s.signed && !facts.inForceOnAdoption) refuse('not_signed', 'a decision is published once it is signed');
      notBefore(s.causeOn.signed, 'it was signed');
      if (!s.published) {
        s.published = true;
        s.causeOn.published = e.on;
        s.since.published = e.on;
      }
      return;
    case 'in_force':
      if (s.inForce) refuse('already_in_force', 'the decision is already in force');
      if (!s.signed || !s.published)
        refuse('not_signed_and_published', 'nothing is in force before it is signed and published');
      notBefore(s.causeOn.published, 'it was published');
      s.inForce = true;
      s.since.in_force = e.on;
      if (s.amendedBy.length > 0) s.since.amended = e.on;
      return;
    case 'amended':
    case 'repealed': {
      if (!s.signed && !facts.inForceOnAdoption)
        refuse('not_signed', `a decision is ${e.type} once it is signed (until then its draft is changed)`);
      if (facts.id !== undefined && e.decision === facts.id)
        refuse('self_reference', `a decision is not ${e.type} by itself`);
      const other =
        facts.decisions?.get(e.decision!) ??
        refuse('unknown_decision', `decision ${e.decision} is not in this body's register`);
      notBefore(other.adoptedOn, `decision ${e.decision} was adopted`);
      if (e.type === 'amended') {
        if (!s.amendedBy.includes(e.decision!)) s.amendedBy.push(e.decision!);
        if (s.inForce) s.since.amended = e.on;
      } else {
        s.ended = 'repealed';
        s.repealedBy = e.decision!;
        s.since.repealed = e.on;
      }
      return;
    }
    case 'suspended':
      if (!s.inForce) refuse('not_in_force', 'only a decision in force can be suspended');
      if (s.suspended) refuse('already_suspended', 'the decision is already suspended');
      s.suspended = true;
      s.causeOn.suspended = e.on;
      s.since.suspended = e.on;
      return;
    case 'suspension_lifted':
      if (!s.suspended) refuse('not_suspended', 'the decision is not suspended');
      notBefore(s.causeOn.suspended, 'it was suspended');
      s.suspended = false;
      s.since[s.amendedBy.length > 0 ? 'amended' : 'in_force'] = e.on;
      return;
    case 'protested':
      s.protested = true;
      return;
    case 'challenged': {
      const key = e.caseNumber!.trim();
      if (s.cases.has(key)) refuse('challenge_already_open', `case ${key} is already open`);
      s.cases.set(key, { court: e.court ?? null, on: e.on });
      return;
    }
    case 'annulled':
    case 'upheld': {
      const key = e.caseNumber!.trim();
      const open =
        s.cases.get(key) ?? refuse('no_open_challenge', `no open court case ${key} challenges this decision`);
      if (s.ended === 'annulled') refuse('decision_ended', 'the decision was annulled');
      notBefore(open.on, `case ${key} was brought`);
      s.cases.delete(key);
      if (e.type === 'annulled') {
        s.ended = 'annulled';
        s.since.annulled = e.on;
      }
      return;
    }
  }
}

/**
 * Whether `next` may follow `recorded`: the life after it, or the refusal as a value.
 * @example decideDecisionEvent(facts, [], { type: 'in_force', on: '2022-09-10' }) // { ok: false, code: 'not_signed_and_published', … }
 */
export function decideDecisionEvent(
  facts: DecisionFacts,
  recorded: readonly DecisionEvent[],
  next: DecisionEvent,
  today?: string,
): { ok: true; life: DecisionLife } | { ok: false; code: DecisionRefusalCode; message: string } {
  try {
    return { ok: true, life: applyDecisionEvents(facts, [...recorded, next], today) };
  } catch (err) {
    if (err instanceof DecisionEventError)
      return { ok: false, code: err.code as DecisionRefusalCode, message: err.message };
    throw err;
  }
}
