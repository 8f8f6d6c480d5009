// The shapes of the public record's answers (record-reads.ts), as Zod schemas: the JSON API's GET
// routes declare them as their `response`, so the OpenAPI document says what each route answers.
// A response schema is a contract with two edges: Fastify's serializer encodes every answer
// through it (a field it does not list is dropped; a value it does not allow is a 500). Both edges
// are checked when compiling: each schema `satisfies` the type its read returns (a field the read
// adds and the schema forgets fails), and the route's type provider checks that the read's answer
// fits the schema (a null the schema does not allow fails). test/openapi-responses.test.ts checks
// real answers on both databases.
// Structures the domain documents and checks itself (a rule set, a vote's rule, explanation
// steps) are described as objects and passed through whole.
import { DECISION_STATUSES } from '../domain/decisions/decision-life.ts';
import { z } from 'zod';
import type {
  getBody,
  getMotion,
  getSitting,
  getVote,
  listBodies,
  listDecisions,
  listMembers,
  listSittings,
} from './record-reads.ts';
import type { Citation, RuleSet } from '../domain/rules/rule-set.ts';
import type { NoticeRule, NoticeStep } from '../domain/sittings/notice.ts';
import type { ExplanationStep, OutcomeReason } from '../domain/rules/explanation-step.ts';
import type { VoteRule } from './json-columns.ts';
import type { MinutesView } from './minutes/minutes.ts';
import {
  ATTENDANCE_MODES,
  ATTENDANCE_STATUSES,
  MOTION_STATUSES,
  SITTING_KINDS,
  SITTING_STATUSES,
  VOTE_METHODS,
  VOTE_STATUSES,
} from '../domain/record-vocabulary.ts';
import { BALLOT_CHOICES } from '../domain/ballots/commitment.ts';
import { REPORTED_CHOICES } from '../domain/reports/vote-report.ts';

type Answer<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

const isObject = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x);
/** A domain structure documented and validated where it is defined; here an object passed through. */
const domainObject = <T>(description: string) => z.custom<T>(isObject).meta({ type: 'object', description });

const int = z.number().int();
const count = int.nullable();
const when = z.string().describe('ISO 8601 instant');
const partialDate = z.string().describe('YYYY, YYYY-MM or YYYY-MM-DD');
/** A person's name in each language; null when the record does not name them. */
const personName = z.object({ en: z.string().nullable(), ru: z.string().nullable() }).nullable();

/** Every reason an outcome can give; the mapped type makes a reason the domain adds fail to compile here. */
const OUTCOME_REASONS = {
  adopted: 'adopted',
  adopted_casting_vote: 'adopted_casting_vote',
  inquorate: 'inquorate',
  not_competent: 'not_competent',
  no_previous_notice: 'no_previous_notice',
  below_min_yes: 'below_min_yes',
  below_threshold: 'below_threshold',
  tie_fails: 'tie_fails',
  tie_no_casting_vote: 'tie_no_casting_vote',
  tie_casting_vote_no: 'tie_casting_vote_no',
} as const satisfies { [R in OutcomeReason]: R };
const OUTCOME_BASES = [
  'cast',
  'cast_with_abstentions',
  'present',
  'filled',
  'established',
  'all_of',
  'any_of',
] as const;

const explanationSteps = z.array(
  domainObject<ExplanationStep>('one step of the explanation (domain/rules/explanation-step.ts), keyed by `kind`'),
);

export const bodySummaryView = z.object({
  slug: z.string(),
  names: z.record(z.string(), z.string()).describe('the name in each language: { "en": "…", "ru": "…" }'),
  jurisdiction: z.string().nullable(),
  establishedSeats: int,
  filledSeats: int,
  languages: z.array(z.string()).describe('language tags, the default first'),
  timeZone: z.string(),
});

/** GET /bodies */
export const bodyListView = z.object({ items: z.array(bodySummaryView) }) satisfies z.ZodType<{
  items: Answer<typeof listBodies>;
}>;

/** GET /bodies/{slug} */
export const bodyView = bodySummaryView.extend({
  origin: z.string().describe("the log's origin line (C2SP signed-note)"),
  allowBallotChange: z.boolean(),
  rules: domainObject<RuleSet>("the body's procedural rules (domain/rules/rule-set.ts)"),
  logSize: int,
  parent: z.string().nullable().describe("a committee's parent body (its slug); null for a body that is no committee"),
  committees: z.array(z.string()).describe("the body's committees (their slugs)"),
}) satisfies z.ZodType<Answer<typeof getBody>>;

/** GET /bodies/{slug}/members: every seat, filled or vacant. */
export const memberListView = z.object({
  items: z.array(
    z.object({
      seat: int,
      memberId: int.nullable(),
      vacant: z.boolean(),
      name: personName,
      holderNamed: z.boolean(),
      startsOn: partialDate.nullable(),
    }),
  ),
}) satisfies z.ZodType<{ items: Answer<typeof listMembers> }>;

const sittingSummary = z.object({
  id: int,
  title: z.string(),
  date: partialDate,
  startsAt: when.nullable(),
  place: z.string().nullable(),
  status: z.enum(SITTING_STATUSES),
  historical: z.boolean(),
});

/** GET /bodies/{slug}/sittings */
export const sittingListView = z.object({ items: z.array(sittingSummary) }) satisfies z.ZodType<{
  items: Answer<typeof listSittings>;
}>;

const disputeView = z.object({
  id: int,
  claimant: z.string(),
  claim: z.string(),
  source: z.string().nullable(),
  occurredOn: partialDate.nullable(),
  recordedAt: when,
  entryIndex: int,
});

const recordTextView = z.object({
  own: z.string(),
  lang: z.string().nullable().describe('the language it was entered in; null where the record never said'),
  others: z
    .record(
      z.string(),
      z.array(
        z.object({ text: z.string(), source: z.string().nullable(), note: z.string().nullable(), entryIndex: int }),
      ),
    )
    .describe(
      "the same title or text in the body's other languages, by language: entered or quoted, never machine-translated",
    ),
});

const calendarSlot = z.object({ date: partialDate, startsAt: when.nullable(), place: z.string().nullable() });

/** GET /bodies/{slug}/sittings/{id} */
export const sittingView = sittingSummary.extend({
  openedAt: when.nullable(),
  closedAt: when.nullable(),
  agenda: z.array(
    z.object({
      id: int,
      position: int,
      title: z.string().describe("the item's title; empty where the item is closed and the rules withhold its title"),
      withdrawnReason: z.string().nullable().describe('why the item was withdrawn; null while it stands'),
      closed: z.boolean().describe('taken with the public excluded, where the rules allow it'),
      titleWithheld: z.boolean().describe('the title of this closed item is withheld from the public'),
    }),
  ),
  attendance: z.object({
    mode: z.enum(ATTENDANCE_MODES),
    present: int,
    absent: count,
    headcountNote: z.string().nullable(),
    named: z
      .array(
        z.object({
          memberId: int,
          seat: int,
          name: personName,
          status: z.enum(ATTENDANCE_STATUSES),
          arrivedAt: when.nullable(),
          departedAt: when.nullable(),
          attested: z.boolean(),
          attestedAt: when.nullable(),
        }),
      )
      .describe('members recorded by name: for a headcount, only those the source names'),
  }),
  quorum: z.object({
    present: int,
    named: int,
    filled: int,
    established: int,
    competent: z.boolean(),
    quorate: z.boolean(),
    needed: int,
    base: z.enum(['established', 'filled']),
    explanation: explanationSteps,
  }),
  motions: z.array(
    z.object({
      id: int,
      kind: z.string(),
      title: z.string(),
      status: z.enum(MOTION_STATUSES),
      amends: int.nullable(),
    }),
  ),
  votes: z.array(
    z.object({
      id: int,
      motionId: int,
      motionTitle: z.string(),
      method: z.enum(VOTE_METHODS),
      status: z.enum(VOTE_STATUSES),
      counts: z.object({ yes: count, no: count, abstain: count }).nullable().describe('null until the vote closes'),
      adopted: z.boolean().nullable(),
    }),
  ),
  disputes: z.array(disputeView),
  calendar: z.object({
    kind: z.enum(SITTING_KINDS),
    convenedBy: z.string().nullable(),
    timeZone: z.string(),
    noticeRule: domainObject<NoticeRule>('the notice rule of the body (domain/sittings/notice.ts)').nullable(),
    noticeSource: domainObject<Citation>('where the notice rule comes from, or who sets it').nullable(),
    changes: z.array(
      z.object({
        change: z.enum(['rescheduled', 'cancelled']),
        reason: z.string(),
        at: when,
        from: calendarSlot,
        to: calendarSlot.nullable(),
        entryIndex: int,
      }),
    ),
    notices: z.array(
      z.object({
        publishedAt: when,
        announced: calendarSlot,
        secondConvocationWarning: z.boolean(),
        reckoning: z
          .object({
            inTime: z.boolean(),
            clearDays: int,
            latestDay: z.string(),
            steps: z.array(domainObject<NoticeStep>('one step of the reckoning (domain/sittings/notice.ts)')),
          })
          .nullable()
          .describe('null when the rules set no notice period'),
        superseded: z.boolean().describe('the sitting was moved after this notice'),
        entryIndex: int,
      }),
    ),
  }),
  texts: z.object({
    title: recordTextView,
    agenda: z.array(z.object({ id: int, title: recordTextView })),
  }),
}) satisfies z.ZodType<Answer<typeof getSitting>>;

/** GET /bodies/{slug}/motions/{id} */
export const motionView = z.object({
  id: int,
  sittingId: int.nullable(),
  agendaItemId: int.nullable(),
  kind: z.string().describe("one of the kinds the body's rules name"),
  title: z.string(),
  text: z.string(),
  status: z.enum(MOTION_STATUSES),
  sponsors: z.array(int).describe('membership ids'),
  amends: int.nullable().describe('the motion this one amends'),
  amendments: z.array(z.object({ id: int, title: z.string(), status: z.enum(MOTION_STATUSES) })),
  votes: z.array(z.object({ id: int, status: z.enum(VOTE_STATUSES), adopted: z.boolean().nullable() })),
  entryIndex: int,
  disputes: z.array(disputeView),
}) satisfies z.ZodType<Answer<typeof getMotion>>;

/** GET /bodies/{slug}/votes/{id} */
export const voteView = z.object({
  id: int,
  sittingId: int,
  motion: z.object({ id: int, title: z.string(), kind: z.string() }),
  method: z.enum(VOTE_METHODS),
  status: z.enum(VOTE_STATUSES),
  majority: z.string().describe("the name of the majority in the body's rules"),
  present: int,
  established: int,
  filled: int,
  turnout: int.nullable().describe('ballots cast so far while the vote is open; null once it is closed'),
  counts: z
    .object({ yes: count, no: count, abstain: count, blank: count, invalid: count })
    .nullable()
    .describe('null until the vote closes'),
  castingVote: z.enum(['yes', 'no']).nullable(),
  ballots: z
    .array(z.object({ memberId: int, seat: int, name: personName, choice: z.enum(BALLOT_CHOICES) }))
    .nullable()
    .describe('who voted how: named methods, once closed; null otherwise (never for a secret vote)'),
  outcome: z
    .object({
      quorate: z.boolean(),
      adopted: z.boolean(),
      requiredYes: int.nullable(),
      reason: z.enum(OUTCOME_REASONS),
      base: z.enum(OUTCOME_BASES),
      explanation: z
        .object({ en: z.array(z.string()), ru: z.array(z.string()) })
        .describe('the explanation rendered, one sentence per step, in each language'),
    })
    .nullable(),
  rule: domainObject<VoteRule>('the quorum and majority the vote was decided under').nullable(),
  openedAt: when.nullable(),
  closedAt: when.nullable(),
  openEntry: int,
  closeEntry: int.nullable(),
  decision: z
    .object({ id: int, registerNumber: z.string().nullable(), adoptedOn: partialDate, entryIndex: int })
    .nullable(),
  declaredResults: z.array(
    z.object({
      id: int,
      adopted: z.boolean(),
      declaredBy: z.string(),
      reason: z.string(),
      recordedAt: when,
      entryIndex: int,
    }),
  ),
  disputes: z.array(disputeView),
  reports: z
    .array(
      z.object({
        id: int,
        claim: z.string(),
        source: z.string(),
        reportedOn: partialDate.nullable(),
        recordedAt: when,
        entryIndex: int,
        positions: z.array(
          z.object({
            memberId: int,
            seat: int,
            nameEn: z.string().nullable(),
            nameRu: z.string().nullable(),
            choice: z.enum(REPORTED_CHOICES),
          }),
        ),
      }),
    )
    .describe('what named outlets reported of who voted how: reports beside the record, never part of it'),
}) satisfies z.ZodType<Answer<typeof getVote>>;

/** GET /bodies/{slug}/decisions */
export const decisionListView = z.object({
  total: int,
  items: z.array(
    z.object({
      id: int,
      registerNumber: z.string().nullable(),
      adoptedOn: partialDate,
      status: z
        .enum(DECISION_STATUSES)
        .describe("derived from the decision's recorded events on the body's calendar day"),
      statusSince: partialDate,
      voteId: int,
      sittingId: int,
      motion: z.object({ id: int, title: z.string(), kind: z.string() }),
      counts: z.object({ yes: count, no: count, abstain: count }),
      entryIndex: int,
    }),
  ),
}) satisfies z.ZodType<Answer<typeof listDecisions>>;

/** A sitting's minutes (issue 17): the derived status, the approved PDF's hash, who signed when. */
export const minutesView = z.object({
  status: z.enum(['none', 'draft', 'approved', 'signed']),
  version: z.number().int(),
  approved: z
    .object({
      version: z.number().int(),
      sha256: z.string(),
      size: z.number().int(),
      logSize: z.number().int(),
      at: z.string(),
      entry: z.number().int(),
      motionId: z.number().int(),
    })
    .nullable(),
  signatures: z.array(
    z.object({ role: z.enum(['chair', 'clerk']), account: z.number().int(), at: z.string(), entry: z.number().int() }),
  ),
  narratives: z.array(
    z.object({
      agendaItemId: z.number().int().nullable(),
      lang: z.string(),
      text: z.string(),
      version: z.number().int(),
      entry: z.number().int(),
    }),
  ),
}) satisfies z.ZodType<MinutesView>;
