// votes.csv and attendance.csv: one record per member per vote (or per sitting), in long format
// so a spreadsheet or a script can pivot them. Where the record holds only totals (a show of
// hands, a paper ballot, a headcount), one record carries them with the member columns empty —
// the record does not know who, and the file does not pretend to. UTF-8 with a byte-order mark
// (spreadsheets need it for Cyrillic); RFC 4180 quoting via domain/exports/csv-row.ts.
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import { csvRow } from '../../domain/exports/csv-row.ts';
import { breathe, exportBody } from './export-body.ts';
import { NAMED_METHODS } from '../votes.ts';
import { parseJsonColumn, VOTE_OUTCOME } from '../json-columns.ts';
import { decisionLives } from '../decision-reads.ts';
import { findBody } from '../bodies.ts';

const BOM = '\uFEFF';
const VOTE_PAGE = 100;

export const VOTES_CSV_COLUMNS = [
  'vote_id',
  'sitting_id',
  'sitting_date',
  'motion_id',
  'motion_title',
  'motion_kind',
  'method',
  'majority',
  'present',
  'yes',
  'no',
  'abstain',
  'blank',
  'invalid',
  'quorate',
  'adopted',
  'required_yes',
  'decision_number',
  'close_entry',
  'member_id',
  'seat',
  'member_name_en',
  'member_name_ru',
  'choice',
] as const;

/**
 * votes.csv of a body, as text chunks: a record per named ballot, or one per vote with totals only.
 * @example for await (const chunk of votesCsv(db, 'smolninskoye')) out.write(chunk)
 */
export async function* votesCsv(db: Executor, slug: string): AsyncGenerator<string> {
  const body = await exportBody(db, slug);
  yield BOM + csvRow(VOTES_CSV_COLUMNS);
  let after = 0;
  for (;;) {
    const votes = await db
      .selectFrom('votes')
      .innerJoin('motions', 'motions.id', 'votes.motion_id')
      .innerJoin('sittings', 'sittings.id', 'votes.sitting_id')
      .leftJoin('decisions', 'decisions.vote_id', 'votes.id')
      .select([
        'votes.id',
        'votes.sitting_id',
        'sittings.date',
        'votes.motion_id',
        'motions.title',
        'motions.kind',
        'votes.method',
        'votes.majority_name',
        'votes.present',
        'votes.yes',
        'votes.no',
        'votes.abstain',
        'votes.blank',
        'votes.invalid',
        'votes.quorate',
        'votes.adopted',
        'votes.outcome',
        'votes.close_entry',
        'decisions.register_number',
      ])
      .where('votes.body_id', '=', body.id)
      .where('votes.status', '=', 'closed')
      .where('votes.id', '>', after)
      .orderBy('votes.id')
      .limit(VOTE_PAGE)
      .execute();
    if (votes.length === 0) return;
    const namedIds = votes.filter((v) => NAMED_METHODS.includes(v.method)).map((v) => v.id);
    const ballots =
      namedIds.length === 0
        ? []
        : await db
            .selectFrom('ballots')
            .innerJoin('memberships', 'memberships.id', 'ballots.membership_id')
            .innerJoin('seats', 'seats.id', 'memberships.seat_id')
            .leftJoin('people', 'people.id', 'memberships.person_id')
            .select([
              'ballots.vote_id',
              'ballots.membership_id',
              'ballots.choice',
              'seats.number',
              'people.name_en',
              'people.name_ru',
            ])
            .where('ballots.body_id', '=', body.id)
            .where('ballots.vote_id', 'in', namedIds)
            .orderBy('ballots.vote_id')
            .orderBy('seats.number')
            .execute();
    let chunk = '';
    for (const v of votes) {
      const requiredYes = parseJsonColumn(VOTE_OUTCOME, v.outcome)?.requiredYes ?? null;
      const head = [
        v.id,
        v.sitting_id,
        v.date,
        v.motion_id,
        v.title,
        v.kind,
        v.method,
        v.majority_name,
        v.present,
        v.yes,
        v.no,
        v.abstain,
        v.blank,
        v.invalid,
        v.quorate === null ? null : v.quorate === 1,
        v.adopted === null ? null : v.adopted === 1,
        requiredYes,
        v.register_number,
        v.close_entry,
      ];
      const mine = ballots.filter((b) => b.vote_id === v.id);
      if (namedIds.includes(v.id)) {
        for (const b of mine) chunk += csvRow([...head, b.membership_id, b.number, b.name_en, b.name_ru, b.choice]);
        if (mine.length === 0) chunk += csvRow([...head, null, null, null, null, null]);
      } else {
        chunk += csvRow([...head, null, null, null, null, null]);
      }
    }
    yield chunk;
    after = votes[votes.length - 1]!.id;
    if (votes.length < VOTE_PAGE) return;
    await breathe();
  }
}

export const ATTENDANCE_CSV_COLUMNS = [
  'sitting_id',
  'sitting_date',
  'sitting_title',
  'attendance_mode',
  'headcount_present',
  'headcount_absent',
  'member_id',
  'seat',
  'member_name_en',
  'member_name_ru',
  'status',
  'recorded_by',
  'attested_at',
  'arrived_at',
  'departed_at',
  'entry_index',
] as const;

/**
 * attendance.csv: a record per named attendance mark, and for a headcount one more with the numbers.
 * @example for await (const chunk of attendanceCsv(db, 'smolninskoye')) out.write(chunk)
 */
export async function* attendanceCsv(db: Executor, slug: string): AsyncGenerator<string> {
  const body = await exportBody(db, slug);
  yield BOM + csvRow(ATTENDANCE_CSV_COLUMNS);
  let after = 0;
  for (;;) {
    const sittings = await db
      .selectFrom('sittings')
      .select(['id', 'date', 'title', 'attendance_mode', 'headcount_present', 'headcount_absent'])
      .where('body_id', '=', body.id)
      .where('id', '>', after)
      .orderBy('id')
      .limit(100)
      .execute();
    if (sittings.length === 0) return;
    const marks = await db
      .selectFrom('attendance')
      .innerJoin('memberships', 'memberships.id', 'attendance.membership_id')
      .innerJoin('seats', 'seats.id', 'memberships.seat_id')
      .leftJoin('people', 'people.id', 'memberships.person_id')
      .select([
        'attendance.sitting_id',
        'attendance.membership_id',
        'attendance.status',
        'attendance.attested_at',
        'attendance.arrived_at',
        'attendance.departed_at',
        'attendance.entry_index',
        'seats.number',
        'people.name_en',
        'people.name_ru',
      ])
      .where('attendance.body_id', '=', body.id)
      .where(
        'attendance.sitting_id',
        'in',
        sittings.map((s) => s.id),
      )
      .orderBy('attendance.sitting_id')
      .orderBy('seats.number')
      .execute();
    let chunk = '';
    for (const s of sittings) {
      const head = [s.id, s.date, s.title, s.attendance_mode];
      if (s.attendance_mode === 'headcount')
        chunk += csvRow([
          ...head,
          s.headcount_present,
          s.headcount_absent,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
        ]);
      for (const m of marks.filter((x) => x.sitting_id === s.id)) {
        chunk += csvRow([
          ...head,
          null,
          null,
          m.membership_id,
          m.number,
          m.name_en,
          m.name_ru,
          m.status,
          m.attested_at ? 'member' : 'clerk',
          m.attested_at,
          m.arrived_at,
          m.departed_at,
          m.entry_index,
        ]);
      }
    }
    yield chunk;
    after = sittings[sittings.length - 1]!.id;
    await breathe();
  }
}

export const DECISIONS_CSV_COLUMNS = [
  'decision_id',
  'register_number',
  'adopted_on',
  'status',
  'status_since',
  'vote_id',
  'sitting_id',
  'motion_id',
  'motion_title',
  'motion_kind',
  'amended_by',
  'repealed_by',
  'amends',
  'repeals',
  'events',
  'entry',
] as const;

/**
 * decisions.csv of a body (issue 17): one record per decision, its status derived from its events
 * on the body's calendar day, and the decisions (by id, space-separated) linked to it both ways.
 * @example for await (const chunk of decisionsCsv(db, 'smolninskoye')) out.write(chunk)
 */
export async function* decisionsCsv(db: Executor, slug: string, today?: string): AsyncGenerator<string> {
  const body = await exportBody(db, slug);
  const full = await findBody(db, slug);
  yield BOM + csvRow(DECISIONS_CSV_COLUMNS);
  const rows = await db
    .selectFrom('decisions')
    .innerJoin('motions', 'motions.id', 'decisions.motion_id')
    .innerJoin('votes', 'votes.id', 'decisions.vote_id')
    .select([
      'decisions.id',
      'decisions.register_number',
      'decisions.adopted_on',
      'decisions.vote_id',
      'decisions.entry_index',
      'votes.sitting_id',
      'motions.id as motion_id',
      'motions.title',
      'motions.kind',
    ])
    .where('decisions.body_id', '=', body.id)
    .orderBy('decisions.id')
    .execute();
  const lives = await decisionLives(db, full, undefined, today);
  const ids = (list: Array<{ id: number }>) => list.map((d) => d.id).join(' ');
  for (const d of rows) {
    const life = lives.get(d.id)!;
    yield csvRow([
      d.id,
      d.register_number,
      d.adopted_on,
      life.status,
      life.statusSince,
      d.vote_id,
      d.sitting_id,
      d.motion_id,
      d.title,
      d.kind,
      ids(life.amendedBy),
      life.repealedBy?.id ?? null,
      ids(life.amends),
      ids(life.repeals),
      life.events.length,
      d.entry_index,
    ]);
    await breathe();
  }
}
