import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { UsageError, writeLine, type Command } from '../command.ts';
import { DB_HELP, readConfig } from '../config.ts';
import { withDatabase } from '../with-database.ts';
import { createServiceContext } from '../../services/service-context.ts';
import { importRoster, parseRoster } from '../../services/roster-import.ts';
import { ServiceError } from '../../services/service-error.ts';
import { findBody } from '../../services/bodies.ts';
import { operatorActor } from '../operator.ts';

export const command: Command = {
  name: 'import',
  summary: 'import a roster (seats and their holders) from CSV',
  usage: `Usage: quorate import roster <body> <file.csv> [--dry-run] [--json] [--db PATH|URL]

The CSV has a header row with the columns: seat, name_en, name_ru, starts_on
  seat        the seat number (1 … established seats)
  name_en     the holder's name in English   } both empty: the seat is filled by a
  name_ru     the holder's name in Russian   } holder the record does not name
  starts_on   optional: YYYY, YYYY-MM or YYYY-MM-DD
Every row is checked first; if any row is bad, nothing is imported and every bad row is listed.
  --dry-run       check and report, change nothing
  --json          report as JSON
${DB_HELP}`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { db: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
      strict: true,
    });
    const [what, slug, file] = positionals;
    if (what !== 'roster' || !slug || !file || positionals.length !== 3)
      throw new UsageError('expected: import roster <body> <file.csv>');
    const config = readConfig(io.env, values);
    let records: string[][];
    try {
      records = parse(await readFile(file, 'utf8'), {
        bom: true,
        skip_empty_lines: true,
        relax_column_count: true,
        trim: true,
      });
    } catch (err) {
      writeLine(io.stderr, `quorate import: cannot read ${file}: ${(err as Error).message}`);
      return 1;
    }
    try {
      return await withDatabase(config.db, async (dialect) => {
        const ctx = createServiceContext(dialect);
        const body = await findBody(dialect.db, slug);
        const { rows, problems } = parseRoster(records);
        const report =
          problems.length > 0 || values['dry-run']
            ? {
                imported: 0,
                problems: problems.length
                  ? problems
                  : (await importRoster(ctx, operatorActor(body.id), slug, rows, { dryRun: true })).problems,
              }
            : await importRoster(ctx, operatorActor(body.id), slug, rows, { dryRun: false });
        if (values.json)
          writeLine(io.stdout, JSON.stringify({ dryRun: Boolean(values['dry-run']), rows: rows.length, ...report }));
        else {
          for (const p of report.problems) writeLine(io.stderr, `line ${p.line}: ${p.message} (${p.code})`);
          writeLine(
            io.stdout,
            report.problems.length
              ? `${report.problems.length} bad row${report.problems.length === 1 ? '' : 's'}; nothing imported`
              : values['dry-run']
                ? `${rows.length} rows are fine (dry run: nothing imported)`
                : `imported ${report.imported} rows`,
          );
        }
        return report.problems.length ? 1 : 0;
      });
    } catch (err) {
      if (err instanceof ServiceError) {
        writeLine(io.stderr, `quorate import: ${err.message} (${err.code})`);
        return 1;
      }
      throw err;
    }
  },
};
