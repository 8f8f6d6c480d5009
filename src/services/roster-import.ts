// Roster import: rows of (seat, names, start) checked all first, then written in one
// transaction — all or nothing, so a bad file never leaves half a roster behind.
import { findBody, fillSeatTx, lockedBody } from './bodies.ts';
import { recordTransaction } from './record-transaction.ts';
import { authorize, type Actor } from './policy.ts';
import { invalid, ServiceError } from './service-error.ts';
import type { ServiceContext } from './service-context.ts';
import { isPartialDate } from '../domain/dates/partial-date.ts';

export interface RosterRow {
  line: number;
  seat: number;
  nameEn: string | null;
  nameRu: string | null;
  startsOn: string | null;
}

export interface RosterProblem {
  line: number;
  code: string;
  message: string;
}

const COLUMNS = ['seat', 'name_en', 'name_ru', 'starts_on'];

/** Checks the shape of every row (header on line 1). */
export function parseRoster(records: string[][]): { rows: RosterRow[]; problems: RosterProblem[] } {
  const problems: RosterProblem[] = [];
  const rows: RosterRow[] = [];
  const header = (records[0] ?? []).map((h) => h.toLowerCase());
  if (!header.includes('seat'))
    return {
      rows,
      problems: [
        { line: 1, code: 'missing_header', message: `the first row must name the columns: ${COLUMNS.join(', ')}` },
      ],
    };
  for (const h of header)
    if (!COLUMNS.includes(h)) problems.push({ line: 1, code: 'unknown_column', message: `unknown column "${h}"` });
  const col = (r: string[], name: string) => {
    const i = header.indexOf(name);
    return i < 0 ? '' : (r[i] ?? '').trim();
  };
  const seen = new Map<number, number>();
  // One row: the row, or the first problem found in it.
  const readRow = (r: string[], line: number): RosterRow | RosterProblem => {
    const seatText = col(r, 'seat');
    const seat = Number(seatText);
    if (!/^\d+$/.test(seatText) || seat < 1)
      return { line, code: 'invalid_seat', message: `seat "${seatText}" is not a seat number` };
    if (seen.has(seat))
      return {
        line,
        code: 'duplicate_seat',
        message: `seat ${seat} already appears on line ${seen.get(seat)}`,
      };
    seen.set(seat, line);
    const startsOn = col(r, 'starts_on') || null;
    if (startsOn && !isPartialDate(startsOn))
      return {
        line,
        code: 'invalid_date',
        message: `starts_on "${startsOn}" is not YYYY, YYYY-MM or YYYY-MM-DD`,
      };
    const nameEn = col(r, 'name_en') || null;
    const nameRu = col(r, 'name_ru') || null;
    for (const n of [nameEn, nameRu])
      if (n && (n.length > 300 || n.includes('\u0000')))
        return { line, code: 'invalid_name', message: 'a name has at most 300 characters' };
    return { line, seat, nameEn, nameRu, startsOn };
  };
  for (const [i, r] of records.slice(1).entries()) {
    const read = readRow(r, i + 2);
    if ('code' in read) problems.push(read);
    else rows.push(read);
  }
  return { rows, problems };
}

/** Fills the seats; with dryRun, checks every row against the record and rolls back. */
export async function importRoster(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  rows: RosterRow[],
  options: { dryRun: boolean },
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'roster.manage', body.id);
  const problems: RosterProblem[] = [];
  const DRY_RUN = Symbol('dry run');
  try {
    await recordTransaction(ctx, body, async (tx) => {
      const { established_seats: established, parent_id: parent } = await lockedBody(tx);
      if (parent !== null)
        throw invalid(
          'committee_roster_import',
          "a committee's seats are filled one by one from its parent body's members, not from a file",
        );
      for (const row of rows) {
        if (row.seat > established) {
          problems.push({
            line: row.line,
            code: 'seat_not_found',
            message: `seat ${row.seat} is beyond the ${established} established seats`,
          });
          continue;
        }
        const seat = await tx.trx
          .selectFrom('seats')
          .innerJoin('memberships', 'memberships.seat_id', 'seats.id')
          .select('memberships.id')
          .where('seats.body_id', '=', body.id)
          .where('seats.number', '=', row.seat)
          .where('memberships.ends_on', 'is', null)
          .executeTakeFirst();
        if (seat) {
          problems.push({ line: row.line, code: 'seat_filled', message: `seat ${row.seat} already has a holder` });
          continue;
        }
        if (problems.length === 0)
          await fillSeatTx(tx, {
            seatNumber: row.seat,
            person: row.nameEn || row.nameRu ? { nameEn: row.nameEn, nameRu: row.nameRu } : null,
            startsOn: row.startsOn,
          });
      }
      // Rolling back by throwing keeps the dry run and a failed import from writing anything.
      if (problems.length > 0 || options.dryRun) throw DRY_RUN;
    });
  } catch (err) {
    if (err !== DRY_RUN) throw err;
  }
  if (problems.length > 0 && !options.dryRun) return { imported: 0, problems };
  return { imported: options.dryRun ? 0 : rows.length, problems };
}

export { ServiceError };
