// The speakers list of an agenda item (issue 22), as pure functions over its state: who asked to
// speak, in what order they are called, the speech under way, and the speeches made. The body's
// speaking rule (data in its rules, with a citation) decides how long a speech may last, whether a
// member may speak a second time on the item and only after everyone who asked has spoken once
// (RONR 43:8–43:11), and whether speakers for and against alternate. A point of order goes before
// everyone waiting and is recorded as such. Closing the list refuses new requests, not the speakers
// already on it. Refusals are DomainErrors with stable codes; nothing here reads a clock — times come
// in as arguments.
import { DomainError } from '../errors.ts';

export type Side = 'pro' | 'contra';

export interface SpeakingRule {
  /** Longest speech, in seconds; absent: no limit the rules set. */
  speechSeconds?: number;
  /** How many times a member may speak on one item (1 or 2, …); absent: no limit. */
  speechesPerItem?: number;
  /** A second speech waits until every member who asked for a first one has spoken. */
  firstSpeechesFirst?: boolean;
  /** Speakers for and against alternate, as long as both sides have someone waiting. */
  alternate?: boolean;
}

export interface Request {
  member: number;
  /** pro / contra where the rule alternates; otherwise absent. */
  side?: Side;
  /** A point of order: called before anyone else waiting. */
  pointOfOrder?: boolean;
  /** The order requests came in (an entry index does). */
  seq: number;
}

export interface Speech {
  member: number;
  side?: Side;
  pointOfOrder?: boolean;
  startedAt: string;
  endedAt: string | null;
}

export interface SpeakersList {
  waiting: Request[];
  speeches: Speech[];
  closed: boolean;
}

export const emptyList = (): SpeakersList => ({ waiting: [], speeches: [], closed: false });

const MAX_SPEECH_SECONDS = 24 * 3600;

/** Checks a speaking rule from a stored rule set; throws `invalid_rule` with the field named. */
export function validateSpeakingRule(x: unknown): SpeakingRule {
  const bad = (message: string): never => {
    throw new DomainError('invalid_rule', `debate: ${message}`);
  };
  if (typeof x !== 'object' || x === null || Array.isArray(x)) bad('must be an object');
  const o = x as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (!['speechSeconds', 'speechesPerItem', 'firstSpeechesFirst', 'alternate'].includes(k)) bad(`unknown key "${k}"`);
  const rule: SpeakingRule = {};
  if (o.speechSeconds !== undefined) {
    if (
      !Number.isInteger(o.speechSeconds) ||
      (o.speechSeconds as number) < 1 ||
      (o.speechSeconds as number) > MAX_SPEECH_SECONDS
    )
      bad(`speechSeconds must be a whole number of seconds from 1 to ${MAX_SPEECH_SECONDS}`);
    rule.speechSeconds = o.speechSeconds as number;
  }
  if (o.speechesPerItem !== undefined) {
    if (
      !Number.isInteger(o.speechesPerItem) ||
      (o.speechesPerItem as number) < 1 ||
      (o.speechesPerItem as number) > 100
    )
      bad('speechesPerItem must be a whole number from 1 to 100');
    rule.speechesPerItem = o.speechesPerItem as number;
  }
  for (const k of ['firstSpeechesFirst', 'alternate'] as const)
    if (o[k] !== undefined) {
      if (typeof o[k] !== 'boolean') bad(`${k} must be true or false`);
      rule[k] = o[k] as boolean;
    }
  return rule;
}

const spokenBy = (list: SpeakersList, member: number) =>
  list.speeches.filter((s) => s.member === member && !s.pointOfOrder).length;

/**
 * Puts a member on the list. Refused: `list_closed`; `already_waiting` (on the list already);
 * `no_further_speech` (the rule's speeches per item are used up — with one speech per item, a member
 * cannot be put on the list twice); `side_required` / `no_sides` where the rule does or does not
 * alternate. A point of order is taken whatever the list's state.
 */
export function requestToSpeak(
  list: SpeakersList,
  rule: SpeakingRule,
  request: { member: number; side?: Side | undefined; pointOfOrder?: boolean | undefined; seq: number },
): SpeakersList {
  if (request.pointOfOrder) {
    if (list.waiting.some((w) => w.member === request.member && w.pointOfOrder))
      throw new DomainError('already_waiting', 'the member has a point of order waiting');
    return { ...list, waiting: [...list.waiting, { member: request.member, pointOfOrder: true, seq: request.seq }] };
  }
  if (list.closed) throw new DomainError('list_closed', 'the list of speakers is closed');
  if (list.waiting.some((w) => w.member === request.member && !w.pointOfOrder))
    throw new DomainError('already_waiting', 'the member is on the list already');
  if (rule.speechesPerItem !== undefined && spokenBy(list, request.member) >= rule.speechesPerItem)
    throw new DomainError(
      'no_further_speech',
      `the rules allow ${rule.speechesPerItem} speech${rule.speechesPerItem === 1 ? '' : 'es'} per member on an item`,
    );
  if (rule.alternate && request.side === undefined)
    throw new DomainError('side_required', 'say whether the member speaks for or against');
  if (!rule.alternate && request.side !== undefined)
    throw new DomainError('no_sides', "the body's rules do not alternate speakers for and against");
  const waiting: Request = { member: request.member, seq: request.seq };
  if (request.side !== undefined) waiting.side = request.side;
  return { ...list, waiting: [...list.waiting, waiting] };
}

/** Takes a member off the list (they withdraw, or the chair removes them); `not_waiting` if absent. */
export function withdrawRequest(list: SpeakersList, member: number): SpeakersList {
  if (!list.waiting.some((w) => w.member === member))
    throw new DomainError('not_waiting', 'the member is not on the list');
  return { ...list, waiting: list.waiting.filter((w) => w.member !== member) };
}

/**
 * The order in which those waiting are called: points of order first (in the order raised); then,
 * where the rule says so, first speeches before second ones; within that, by request, alternating
 * sides where the rule alternates (starting with the side that did not speak last, or `pro`).
 */
export function callingOrder(list: SpeakersList, rule: SpeakingRule): Request[] {
  const points = list.waiting.filter((w) => w.pointOfOrder).sort((a, b) => a.seq - b.seq);
  const rest = list.waiting.filter((w) => !w.pointOfOrder).sort((a, b) => a.seq - b.seq);
  const tiers = rule.firstSpeechesFirst
    ? [rest.filter((w) => spokenBy(list, w.member) === 0), rest.filter((w) => spokenBy(list, w.member) > 0)]
    : [rest];
  const ordered: Request[] = [];
  let last: Side | undefined = [...list.speeches].reverse().find((s) => s.side !== undefined)?.side;
  for (const tier of tiers) {
    if (!rule.alternate) {
      ordered.push(...tier);
      continue;
    }
    const queues: Record<Side, Request[]> = {
      pro: tier.filter((w) => w.side === 'pro'),
      contra: tier.filter((w) => w.side === 'contra'),
    };
    while (queues.pro.length + queues.contra.length > 0) {
      const want: Side = last === 'pro' ? 'contra' : 'pro';
      const side: Side = queues[want].length > 0 ? want : want === 'pro' ? 'contra' : 'pro';
      ordered.push(queues[side].shift()!);
      last = side;
    }
  }
  return [...points, ...ordered];
}

/** The speech under way, if any. */
export const current = (list: SpeakersList): Speech | null => {
  const last = list.speeches[list.speeches.length - 1];
  return last && last.endedAt === null ? last : null;
};

/**
 * Calls a member to speak at `at` (the next in the calling order unless the chair names another
 * who is waiting). Refused: `speech_under_way`; `nobody_waiting`; `not_waiting`.
 */
export function callSpeaker(list: SpeakersList, rule: SpeakingRule, at: string, member?: number): SpeakersList {
  if (current(list)) throw new DomainError('speech_under_way', 'end the current speech first');
  const order = callingOrder(list, rule);
  const next = member === undefined ? order[0] : order.find((w) => w.member === member);
  if (!next)
    throw member === undefined
      ? new DomainError('nobody_waiting', 'nobody is waiting to speak')
      : new DomainError('not_waiting', 'the member is not on the list');
  const speech: Speech = { member: next.member, startedAt: at, endedAt: null };
  if (next.side !== undefined) speech.side = next.side;
  if (next.pointOfOrder) speech.pointOfOrder = true;
  return { ...list, waiting: list.waiting.filter((w) => w !== next), speeches: [...list.speeches, speech] };
}

/** Ends the speech under way at `at`; `no_speech` if none, `ends_before_start` for a time before it. */
export function endSpeech(list: SpeakersList, at: string): SpeakersList {
  const speech = current(list);
  if (!speech) throw new DomainError('no_speech', 'no speech is under way');
  if (at < speech.startedAt) throw new DomainError('ends_before_start', 'a speech cannot end before it started');
  return { ...list, speeches: [...list.speeches.slice(0, -1), { ...speech, endedAt: at }] };
}

/** Closes the list to new requests (a recorded act); `list_closed` if it already is. */
export function closeList(list: SpeakersList): SpeakersList {
  if (list.closed) throw new DomainError('list_closed', 'the list of speakers is already closed');
  return { ...list, closed: true };
}

/**
 * Seconds left of the speech under way at `now` under the rule, or null when the rule sets no limit
 * or nobody speaks; negative when the speaker runs over (shown, never enforced by the software).
 */
export function secondsLeft(list: SpeakersList, rule: SpeakingRule, now: string): number | null {
  const speech = current(list);
  if (!speech || rule.speechSeconds === undefined || speech.pointOfOrder) return null;
  return rule.speechSeconds - Math.floor((Date.parse(now) - Date.parse(speech.startedAt)) / 1000);
}
