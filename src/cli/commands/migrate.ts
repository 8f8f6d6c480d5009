import { parseArgs } from 'node:util';
import { writeLine, type Command } from '../command.ts';
import { DB_HELP, readConfig } from '../config.ts';
import { openDatabase } from '../../db/open-database.ts';
import { migrateToLatest } from '../../db/migrations.ts';

export const command: Command = {
  name: 'migrate',
  summary: 'bring the database schema up to date',
  usage: `Usage: quorate migrate [--db PATH|URL]

${DB_HELP}`,
  async run(args, io) {
    const { values } = parseArgs({ args, options: { db: { type: 'string' } }, strict: true });
    const dialect = openDatabase(readConfig(io.env, values).db);
    try {
      const applied = await migrateToLatest(dialect);
      writeLine(io.stdout, applied.length ? `applied: ${applied.join(', ')}` : 'the schema is up to date');
      return 0;
    } finally {
      await dialect.destroy();
    }
  },
};
