// Statutory reply deadlines as data (DESIGN.md, "Procedural rules": rules are data, not code
// paths). A rule says what is counted (calendar days, working days, months), from which event,
// whether a last day off moves to the next working day, which holiday calendar decides that,
// whether and how far the authority may extend, and when silence becomes "overdue" and "ignored".
import { appealsError } from './appeals-error.ts';
import type { CalendarSpec } from './holiday-calendar.ts';
import { checkCalendarSpec } from './holiday-calendar.ts';

export type DeadlineKind = 'calendar_days' | 'working_days' | 'months';

/**
 * The event the clock starts from. 'received' and 'delivered' are one fact seen from the two
 * sides (the authority's receipt; the sender's proof of delivery) and both read the `delivered`
 * event; acts name it differently (FOIA "date of receipt", 59-FZ "поступление").
 */
export type StartEvent = 'registered' | 'received' | 'sent' | 'delivered';

export interface Citation {
  act: string;
  section: string;
  url?: string;
  /** The act and section in Russian, for Russian explanations. */
  ru?: { act?: string; section?: string };
  /** A short quote of the provision, in the act's own language. */
  quote?: string;
  /** Set when the text could not be checked: why. */
  unverified?: string;
  /** How the provision is applied here, when that is a reading or a convention, not the text. */
  note?: string;
}

/**
 * How many days may pass between two events when the later one is not recorded. Stated in the
 * rule, so that every assumed date is visible data, never a hidden default.
 */
export interface EventGap {
  minDays: number;
  maxDays: number;
  /** Why this gap (the act that sets it, or the plain assumption made). */
  source?: Citation;
  note?: string;
}

export interface DeadlineRule {
  id: string;
  kind: DeadlineKind;
  /** Days or months, per `kind`. */
  amount: number;
  start: StartEvent;
  /**
   * Days from the start event to the first day counted: 1 when counting begins the day after
   * (59-FZ art. 12 as read here; FOIA s.10(1) "following the date of receipt"; BGB §187(1)),
   * 0 when the start day itself counts (BGB §187(2)). For `months`, only 0 or 1.
   */
  startOffsetDays: number;
  /** A last day that is not a working day moves to the next working day (BGB §193). */
  rollForward: boolean;
  calendar: CalendarSpec;
  /**
   * How far the authority may extend: notices of up to `maxDays` each, at most `times` of them
   * (absent: any number) and at most `maxTotalDays` in all (absent: `times` × `maxDays`), counted
   * in working days for a `working_days` rule and in calendar days otherwise. null: none.
   */
  extension: { maxDays: number; times?: number; maxTotalDays?: number } | null;
  /** Calendar days after the due date before the appeal shows as overdue (default 0). */
  overdueAfterDays?: number;
  /** Calendar days after the due date before silence shows as "ignored". */
  ignoredAfterDays: number;
  /**
   * When the authority forwards the appeal elsewhere: 'restart' the clock at the new authority
   * (59-FZ art. 8(3): the addressee registers it anew), or let it 'continue'. Default 'restart'.
   */
  redirect?: 'restart' | 'continue';
  /** Gaps assumed when an event is not recorded: sent → delivered, delivered → registered. */
  assumptions?: { transit?: EventGap; registration?: EventGap };
  /**
   * 'citizens': the act covers appeals of citizens (and their associations), so a letter from
   * the body itself, a public body, is held to the rule by analogy and says so.
   */
  appliesTo?: 'citizens';
  /** The act sets a target ("soll"), not a hard deadline: lateness is shown as missing the target. */
  target?: boolean;
  /**
   * Further information the authority asked for restarts the clock on the day it is received
   * (FOIA s.1(3) with s.10(6) "date of receipt"; FOISA s.1(3) with s.10(1)(b)).
   */
  clarificationRestarts?: boolean;
  /**
   * The days from a fees notice to the day the fee is received are disregarded (FOIA s.10(2),
   * FOISA s.10(2)); while unpaid, the clock stands still.
   */
  feeNoticePauses?: boolean;
  source: Citation;
  /** Where the roll-forward comes from, when not from `source`. */
  rollForwardSource?: Citation;
  /** Where the extension comes from, when not from `source`. */
  extensionSource?: Citation;
}

const SAME_DAY_DELIVERY: EventGap = {
  minDays: 0,
  maxDays: 0,
  note: 'delivery assumed on the day it was sent, by hand or electronically; record the delivery date when known',
};

const PRESET_LIST: DeadlineRule[] = [
  {
    id: 'ru-59fz',
    kind: 'calendar_days',
    amount: 30,
    start: 'registered',
    // "в течение 30 дней со дня регистрации": the day of registration itself is not counted.
    startOffsetDays: 1,
    rollForward: true,
    calendar: { country: 'RU' },
    // art. 12(2): «вправе продлить срок рассмотрения обращения не более чем на 30 дней,
    // уведомив о продлении срока его рассмотрения гражданина»: the act caps the total, not the
    // number of notices, so two notices of 10 and 20 days are both counted.
    extension: { maxDays: 30, maxTotalDays: 30 },
    overdueAfterDays: 0,
    // Past the latest lawful deadline (30 + 30 days) by a further 30 days.
    ignoredAfterDays: 60,
    redirect: 'restart',
    // art. 1(1): the act governs appeals of citizens (art. 1(4): and of their associations and
    // legal entities); a letter of the council, a public body, is held to it by analogy.
    appliesTo: 'citizens',
    assumptions: {
      transit: SAME_DAY_DELIVERY,
      registration: {
        minDays: 0,
        maxDays: 3,
        source: {
          act: 'Federal Law No. 59-FZ',
          section: 'art. 8(2)',
          ru: { act: 'Федеральный закон № 59-ФЗ', section: 'ч. 2 ст. 8' },
        },
        note: 'a written appeal is registered within three days of its receipt',
      },
    },
    source: {
      act: 'Federal Law No. 59-FZ of 2 May 2006 "On the procedure for considering appeals of citizens of the Russian Federation"',
      section: 'art. 12(1)–(2)',
      ru: {
        act: 'Федеральный закон от 02.05.2006 № 59-ФЗ «О порядке рассмотрения обращений граждан Российской Федерации»',
        section: 'ч. 1–2 ст. 12',
      },
      quote: 'Письменное обращение … рассматривается в течение 30 дней со дня регистрации письменного обращения',
      unverified:
        'quoted from the published text; not re-checked against an official source in this change (no official text was reachable)',
    },
    rollForwardSource: {
      act: 'Civil Code of the Russian Federation, by analogy',
      section: 'art. 193',
      ru: { act: 'Гражданский кодекс РФ (по аналогии)', section: 'ст. 193' },
      quote:
        'Если последний день срока приходится на нерабочий день, днем окончания срока считается ближайший следующий за ним рабочий день',
      note: "a convention: 59-FZ says nothing of days off and practice is split; the later date is kept so that no authority is called late early. Days off per Labour Code art. 112 and the Government's annual transfer decrees (ru-day-transfers.ts).",
    },
    extensionSource: {
      act: 'Federal Law No. 59-FZ',
      section: 'art. 12(2)',
      ru: { act: 'Федеральный закон № 59-ФЗ', section: 'ч. 2 ст. 12' },
      quote:
        'вправе продлить срок рассмотрения обращения не более чем на 30 дней, уведомив о продлении срока его рассмотрения гражданина',
      note: 'the cap is on the total, not the number of notices; the extension runs from the last day as moved to a working day',
      unverified:
        'quoted from the published text; not re-checked against an official source in this change (no official text was reachable)',
    },
  },
  {
    id: 'uk-foi',
    kind: 'working_days',
    amount: 20,
    start: 'received',
    // s.10(1): "not later than the twentieth working day following the date of receipt".
    startOffsetDays: 1,
    // A count of working days always ends on a working day.
    rollForward: false,
    // s.10(6): a working day is not a bank holiday "in any part of the United Kingdom". The
    // library's fifth GB region, Alderney, is a Crown Dependency, not part of the UK.
    calendar: { country: 'GB', regions: ['ENG', 'NIR', 'SCT', 'WLS'] },
    // s.10(3) public-interest extension, "such time as is reasonable"; the s.45 Code of Practice
    // (2018) asks for no more than 20 further working days.
    extension: { maxDays: 20, times: 1 },
    overdueAfterDays: 0,
    ignoredAfterDays: 60,
    redirect: 'restart',
    clarificationRestarts: true,
    feeNoticePauses: true,
    assumptions: { transit: SAME_DAY_DELIVERY },
    source: {
      act: 'Freedom of Information Act 2000',
      section: 's.10(1), (3), (6)',
      url: 'https://www.legislation.gov.uk/ukpga/2000/36/section/10',
      quote:
        'must comply with section 1(1) promptly and in any event not later than the twentieth working day following the date of receipt',
      note: 's.10(6): "working day" excludes a bank holiday "in any part of the United Kingdom"; "date of receipt" is the later of the request and the further information asked for under s.1(3); s.10(2): "the working days in the period beginning with the day on which the fees notice is given … and ending with the day on which the fee is received … are to be disregarded" (events clarified, fee_notice, fee_paid)',
      unverified:
        'quoted from the published text; not re-checked against an official source in this change (no official text was reachable)',
    },
    extensionSource: {
      act: 'Freedom of Information Act 2000, with the s.45 Code of Practice (2018)',
      section: 's.10(3)',
      quote: 'such time as is reasonable in the circumstances',
      note: 'the Code of Practice asks for no more than 20 further working days; the Act sets no number',
      unverified:
        'quoted from the published text; not re-checked against an official source in this change (no official text was reachable)',
    },
  },
  {
    id: 'uk-foisa',
    kind: 'working_days',
    amount: 20,
    start: 'received',
    startOffsetDays: 1,
    rollForward: false,
    // s.73: a working day is not a bank holiday "in Scotland" (nor Christmas Day).
    calendar: { country: 'GB', regions: ['SCT'] },
    // FOISA has no public-interest extension of the time for compliance.
    extension: null,
    overdueAfterDays: 0,
    ignoredAfterDays: 60,
    redirect: 'restart',
    clarificationRestarts: true,
    feeNoticePauses: true,
    assumptions: { transit: SAME_DAY_DELIVERY },
    source: {
      act: 'Freedom of Information (Scotland) Act 2002 (Scottish public authorities)',
      section: 's.10(1), s.73',
      url: 'https://www.legislation.gov.uk/asp/2002/13/section/10',
      quote:
        'must comply promptly; and in any event by not later than the twentieth working day after … the receipt by the authority of the request',
      note: 's.73: "working day" means any day other than a Saturday, a Sunday, Christmas Day or a bank holiday in Scotland; s.10(1)(b): where s.1(3) applies, the twenty days run from "the receipt by it of the further information"; s.10(2): the period from a fees notice to the fee\'s receipt is disregarded (events clarified, fee_notice, fee_paid)',
      unverified:
        'quoted from the published text; not re-checked against an official source in this change (no official text was reachable)',
    },
  },
  {
    id: 'de-ifg',
    kind: 'months',
    amount: 1,
    start: 'received',
    // BGB §187(1): the day of the event is not counted; §188(2): the month ends on the day with
    // the same number; §188(3): or the month's last day when there is none.
    startOffsetDays: 1,
    // BGB §193 / VwVfG §31(3): an end on a Saturday, Sunday or public holiday moves to the next
    // working day.
    rollForward: true,
    // BGB §193 counts the holidays at the authority's seat (several ministries sit in Bonn, NRW;
    // most in Berlin): an authority whose Land is known gets its own copy with regions: ['NW'] or
    // ['BE']; when unknown, the union of all Länder, so that no holiday of the seat is missed.
    calendar: { country: 'DE', regions: 'all' },
    extension: null,
    overdueAfterDays: 0,
    ignoredAfterDays: 60,
    redirect: 'restart',
    assumptions: { transit: SAME_DAY_DELIVERY },
    // §7(5): "soll … erfolgen": a target the authority should meet, not a hard deadline.
    target: true,
    source: {
      act: 'Informationsfreiheitsgesetz (IFG) with VwVfG §31 and BGB §§187, 188, 193',
      section: '§7(5) sentence 2',
      url: 'https://www.gesetze-im-internet.de/ifg/__7.html',
      quote: 'Der Informationszugang soll innerhalb eines Monats erfolgen.',
      note: '"soll": a target, not a hard deadline; access is owed "unverzüglich" (sentence 1)',
      unverified:
        'quoted from the published text; not re-checked against an official source in this change (no official text was reachable)',
    },
    rollForwardSource: {
      act: 'Bürgerliches Gesetzbuch, via VwVfG §31(1)',
      section: '§193',
      quote:
        'fällt … der letzte Tag der Frist auf einen Sonntag, einen am Erklärungs- oder Leistungsort staatlich anerkannten allgemeinen Feiertag oder einen Sonnabend, so tritt an die Stelle eines solchen Tages der nächste Werktag',
      note: "holidays at the authority's seat: its Land, or all Länder when unknown",
      unverified:
        'quoted from the published text; not re-checked against an official source in this change (no official text was reachable)',
    },
  },
  {
    id: 'de-nrw-ifg',
    kind: 'months',
    amount: 1,
    start: 'received',
    startOffsetDays: 1,
    rollForward: true,
    calendar: { country: 'DE', regions: ['NW'] },
    extension: null,
    overdueAfterDays: 0,
    ignoredAfterDays: 60,
    redirect: 'restart',
    target: true,
    source: {
      act: 'Informationsfreiheitsgesetz Nordrhein-Westfalen (IFG NRW) with VwVfG NRW §31 and BGB §§187, 188, 193',
      section: '§5(2) sentence 1',
      quote:
        'Die Information soll unverzüglich, spätestens innerhalb eines Monats nach Antragstellung zugänglich gemacht werden.',
      note: 'NRW bodies (Land and municipal authorities); "soll": a target. The wording matches the NRW data-protection commissioner\'s summary ("unverzüglich, spätestens innerhalb eines Monats, zugänglich gemacht werden sollen")',
      unverified:
        'the statute text itself could not be reached; quoted as the regulator and municipal service pages give it',
    },
  },
];

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The preset rules by id. Frozen: a body stores its own copy (`deadlinePreset`) and may edit it. */
export const DEADLINE_PRESETS: Readonly<Record<string, DeadlineRule>> = deepFreeze(
  Object.fromEntries(PRESET_LIST.map((rule) => [rule.id, rule])),
);

/**
 * A fresh, editable copy of a preset.
 * @example deadlinePreset('ru-59fz').amount // 30
 */
export function deadlinePreset(id: string): DeadlineRule {
  const rule = Object.hasOwn(DEADLINE_PRESETS, id) ? DEADLINE_PRESETS[id] : undefined;
  if (!rule) {
    throw appealsError(
      'unknown_deadline_preset',
      `no deadline preset "${id}" (known: ${Object.keys(DEADLINE_PRESETS).join(', ')})`,
    );
  }
  return structuredClone(rule);
}

type Fields = Record<string, unknown>;

function object(value: unknown, what: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw appealsError('invalid_deadline_rule', `${what} must be an object`);
  }
  return value as Fields;
}

function onlyFields(value: Fields, allowed: readonly string[], what: string): void {
  const extra = Object.keys(value).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw appealsError('unknown_field', `${what} has unknown field "${extra}"`);
}

function wholeNumber(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw appealsError('invalid_deadline_rule', `${what} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw appealsError('invalid_deadline_rule', `${what} must be non-empty text`);
  return value;
}

function oneOf<T extends string>(value: unknown, options: readonly T[], what: string): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw appealsError('invalid_deadline_rule', `${what} must be one of ${options.join(', ')}`);
  }
  return value as T;
}

function citation(value: unknown, what: string): Citation {
  const c = object(value, what);
  onlyFields(c, ['act', 'section', 'url', 'ru', 'quote', 'unverified', 'note'], what);
  const out: Citation = { act: text(c.act, `${what}.act`), section: text(c.section, `${what}.section`) };
  if (c.url !== undefined) {
    const url = text(c.url, `${what}.url`);
    if (!/^https?:\/\/\S+$/.test(url))
      throw appealsError('invalid_deadline_rule', `${what}.url must be an http(s) address`);
    out.url = url;
  }
  if (c.ru !== undefined) {
    const ru = object(c.ru, `${what}.ru`);
    onlyFields(ru, ['act', 'section'], `${what}.ru`);
    out.ru = {};
    if (ru.act !== undefined) out.ru.act = text(ru.act, `${what}.ru.act`);
    if (ru.section !== undefined) out.ru.section = text(ru.section, `${what}.ru.section`);
  }
  for (const field of ['quote', 'unverified', 'note'] as const) {
    if (c[field] !== undefined) out[field] = text(c[field], `${what}.${field}`);
  }
  return out;
}

function gap(value: unknown, what: string): EventGap {
  const g = object(value, what);
  onlyFields(g, ['minDays', 'maxDays', 'source', 'note'], what);
  const minDays = wholeNumber(g.minDays, `${what}.minDays`, 0, 365);
  const maxDays = wholeNumber(g.maxDays, `${what}.maxDays`, minDays, 365);
  const out: EventGap = { minDays, maxDays };
  if (g.source !== undefined) out.source = citation(g.source, `${what}.source`);
  if (g.note !== undefined) out.note = text(g.note, `${what}.note`);
  return out;
}

function calendarSpec(value: unknown): CalendarSpec {
  const c = object(value, 'calendar');
  onlyFields(c, ['country', 'regions', 'weekend'], 'calendar');
  const spec: CalendarSpec = { country: text(c.country, 'calendar.country') };
  const regions = c.regions;
  if (regions !== undefined) {
    if (regions === 'all') spec.regions = 'all';
    else if (Array.isArray(regions) && regions.length > 0 && regions.every((r) => typeof r === 'string')) {
      spec.regions = [...new Set(regions as string[])];
    } else
      throw appealsError('invalid_deadline_rule', 'calendar.regions must be "all" or a non-empty list of region codes');
  }
  const weekend = c.weekend;
  if (weekend !== undefined) {
    if (!Array.isArray(weekend) || weekend.length > 6 || new Set(weekend).size !== weekend.length) {
      throw appealsError(
        'invalid_deadline_rule',
        'calendar.weekend must list distinct weekdays (0 = Sunday … 6 = Saturday), not all seven',
      );
    }
    spec.weekend = weekend.map((d, i) => wholeNumber(d, `calendar.weekend[${i}]`, 0, 6) as 0 | 1 | 2 | 3 | 4 | 5 | 6);
  }
  checkCalendarSpec(spec);
  return spec;
}

const RULE_FIELDS = [
  'id',
  'kind',
  'amount',
  'start',
  'startOffsetDays',
  'rollForward',
  'calendar',
  'extension',
  'overdueAfterDays',
  'ignoredAfterDays',
  'redirect',
  'assumptions',
  'appliesTo',
  'target',
  'clarificationRestarts',
  'feeNoticePauses',
  'source',
  'rollForwardSource',
  'extensionSource',
] as const;

/**
 * Checks a custom (or edited) rule and returns a clean copy; refuses anything that could not be
 * counted, and any unknown field.
 * @example validateDeadlineRule({ ...deadlinePreset('ru-59fz'), id: 'council-14d', amount: 14 })
 */
export function validateDeadlineRule(input: unknown): DeadlineRule {
  const r = object(input, 'a deadline rule');
  onlyFields(r, RULE_FIELDS, 'the deadline rule');
  const id = text(r.id, 'id');
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(id)) {
    throw appealsError('invalid_deadline_rule', 'id must be 1–64 lower-case letters, digits, "-" or "_"');
  }
  const kind = oneOf(r.kind, ['calendar_days', 'working_days', 'months'] as const, 'kind');
  const amount = wholeNumber(r.amount, 'amount', 1, kind === 'months' ? 120 : 3650);
  const start = oneOf(r.start, ['registered', 'received', 'sent', 'delivered'] as const, 'start');
  const startOffsetDays = wholeNumber(r.startOffsetDays, 'startOffsetDays', 0, kind === 'months' ? 1 : 30);
  if (typeof r.rollForward !== 'boolean')
    throw appealsError('invalid_deadline_rule', 'rollForward must be true or false');
  const rule: DeadlineRule = {
    id,
    kind,
    amount,
    start,
    startOffsetDays,
    rollForward: r.rollForward,
    calendar: calendarSpec(r.calendar),
    extension: null,
    ignoredAfterDays: 0,
    source: citation(r.source, 'source'),
  };
  if (r.extension !== null) {
    const e = object(r.extension, 'extension (or null)');
    onlyFields(e, ['maxDays', 'times', 'maxTotalDays'], 'extension');
    rule.extension = { maxDays: wholeNumber(e.maxDays, 'extension.maxDays', 1, 3650) };
    if (e.times !== undefined) rule.extension.times = wholeNumber(e.times, 'extension.times', 1, 100);
    if (e.maxTotalDays !== undefined)
      rule.extension.maxTotalDays = wholeNumber(e.maxTotalDays, 'extension.maxTotalDays', 1, 36500);
    if (rule.extension.times === undefined && rule.extension.maxTotalDays === undefined) {
      throw appealsError('invalid_deadline_rule', 'extension needs "times", "maxTotalDays" or both');
    }
  }
  const overdue = r.overdueAfterDays === undefined ? 0 : wholeNumber(r.overdueAfterDays, 'overdueAfterDays', 0, 3650);
  if (r.overdueAfterDays !== undefined) rule.overdueAfterDays = overdue;
  rule.ignoredAfterDays = wholeNumber(r.ignoredAfterDays, 'ignoredAfterDays', overdue, 36500);
  if (r.redirect !== undefined) rule.redirect = oneOf(r.redirect, ['restart', 'continue'] as const, 'redirect');
  if (r.appliesTo !== undefined) rule.appliesTo = oneOf(r.appliesTo, ['citizens'] as const, 'appliesTo');
  if (r.target !== undefined) {
    if (typeof r.target !== 'boolean') throw appealsError('invalid_deadline_rule', 'target must be true or false');
    rule.target = r.target;
  }
  for (const flag of ['clarificationRestarts', 'feeNoticePauses'] as const) {
    if (r[flag] === undefined) continue;
    if (typeof r[flag] !== 'boolean') throw appealsError('invalid_deadline_rule', `${flag} must be true or false`);
    rule[flag] = r[flag];
  }
  if (rule.feeNoticePauses && kind !== 'working_days') {
    throw appealsError(
      'invalid_deadline_rule',
      'feeNoticePauses needs a working_days rule (the paused days are not counted)',
    );
  }
  if (r.rollForwardSource !== undefined) rule.rollForwardSource = citation(r.rollForwardSource, 'rollForwardSource');
  if (r.extensionSource !== undefined) rule.extensionSource = citation(r.extensionSource, 'extensionSource');
  if (r.assumptions !== undefined) {
    const a = object(r.assumptions, 'assumptions');
    onlyFields(a, ['transit', 'registration'], 'assumptions');
    rule.assumptions = {};
    if (a.transit !== undefined) rule.assumptions.transit = gap(a.transit, 'assumptions.transit');
    if (a.registration !== undefined) rule.assumptions.registration = gap(a.registration, 'assumptions.registration');
  }
  return rule;
}
