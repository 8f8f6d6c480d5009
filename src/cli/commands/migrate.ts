import { parseArgs } from 'node:util';
import { writeLine, type Command } from '../command.ts';
import { DB_HELP, readConfig } from '../config.ts';
import { migrateToLatest } from '../../db/migrations.ts';
import { withDatabase } from '../with-database.ts';

export const command: Command = {
  name: 'migrate',
  summary: 'bring the database schema up to date',
  usage: `Usage: quorate migrate [--db PATH|URL]

${DB_HELP}`,
  async run(args, io) {
    const { values } = parseArgs({ args, options: { db: { type: 'string' } }, strict: true });
    // Migrating is the work itself here, so that the names of the migrations applied are known.
    const applied = await withDatabase(readConfig(io.env, values).db, migrateToLatest, { migrate: false });
    writeLine(io.stdout, applied.length ? `applied: ${applied.join(', ')}` : 'the schema is up to date');
    return 0;
  },
};
