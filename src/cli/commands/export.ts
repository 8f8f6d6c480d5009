import { parseArgs } from 'node:util';
import { UsageError, writeLine, type Command } from '../command.ts';
import { DB_HELP, readConfig } from '../config.ts';
import { withDatabase } from '../with-database.ts';
import { createRuntime } from '../../services/runtime.ts';
import { buildApp } from '../../http/app.ts';
import { exportStatic } from '../../http/static-export.ts';

export const command: Command = {
  name: 'export',
  summary: "write a body's whole public record as static files",
  usage: `Usage: quorate export static <body> <dir> [--db PATH|URL]

Writes the checkpoint, key, hash tiles and entry bundles (C2SP tlog-tiles), the public pages of
every feature in each language (the record, the appeals tracker), and the open data (Popolo, CSV,
Atom, iCalendar, minutes) into <dir>, ready for any static host. A mirror or \`quorate verify\`
can read the log from there. Search needs the live site: the static search page says so. Pages
that need a session or the live event stream (sign-in, console, ballot, live screens) are left out.
${DB_HELP}`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { db: { type: 'string' } },
      strict: true,
    });
    const [what, slug, dir] = positionals;
    if (what !== 'static' || !slug || !dir || positionals.length !== 3)
      throw new UsageError('expected: export static <body> <dir>');
    const config = readConfig(io.env, values);
    return withDatabase(config.db, async (dialect) => {
      const runtime = createRuntime(dialect, { publicOrigin: config.origin, keysDir: config.keysDir });
      try {
        const app = await buildApp({ ctx: runtime.ctx, staticSite: true });
        try {
          const r = await exportStatic(app, slug, dir);
          writeLine(
            io.stdout,
            `wrote ${r.files} files (${(r.bytes / 1024).toFixed(0)} KiB) to ${dir}: log size ${r.size}`,
          );
          return 0;
        } finally {
          await app.close();
        }
      } catch (err) {
        writeLine(io.stderr, `quorate export: ${(err as Error).message}`);
        return 1;
      } finally {
        await runtime.close();
      }
    });
  },
};
