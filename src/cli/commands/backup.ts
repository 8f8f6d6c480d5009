import { parseArgs } from 'node:util';
import { UsageError, writeLine, type Command } from '../command.ts';
import { DB_HELP, readConfig } from '../config.ts';
import { backupDatabase, restoreDatabase } from '../../db/dialects/backup.ts';

export const backupCommand: Command = {
  name: 'backup',
  summary: 'copy the database while the server runs (SQLite online backup, pg_dump)',
  usage: `Usage: quorate backup <file> [--db PATH|URL]

Writes a consistent copy of the whole database to <file> while Quorate keeps serving.
${DB_HELP}
The log signing keys are NOT in the database: they are files in QUORATE_KEYS (default keys/
beside the SQLite file, or ./data/keys). Keep a copy of that folder somewhere safe and private:
without it the restored record still verifies, but new checkpoints would need a new key
(announced as a rotation).`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { db: { type: 'string' } },
      strict: true,
    });
    if (positionals.length !== 1) throw new UsageError('name the backup file');
    const config = readConfig(io.env, values);
    try {
      await backupDatabase(config.db, positionals[0]!);
    } catch (err) {
      writeLine(io.stderr, `quorate backup: ${(err as Error).message}`);
      return 1;
    }
    writeLine(
      io.stdout,
      `backed up to ${positionals[0]}\nsigning keys are not included: copy ${config.keysDir} separately and keep it private`,
    );
    return 0;
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'restore a backup into a new database',
  usage: `Usage: quorate restore <file> --db PATH|URL

Restores a backup made by \`quorate backup\` into a new SQLite file or an empty PostgreSQL
database (never over an existing record). Then run \`quorate verify <db> --body SLUG\`.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { db: { type: 'string' } },
      strict: true,
    });
    if (positionals.length !== 1 || !values.db) throw new UsageError('expected: restore <file> --db PATH|URL');
    try {
      await restoreDatabase(positionals[0]!, values.db);
    } catch (err) {
      writeLine(io.stderr, `quorate restore: ${(err as Error).message}`);
      return 1;
    }
    writeLine(io.stdout, `restored into ${values.db}`);
    return 0;
  },
};
