// `quorate restart`: asks a running `quorate serve --workers N` to replace its workers one at a
// time (SIGHUP to the primary whose id is in the pid file), as an upgrade or a new setting needs.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EXIT_FAILURE, EXIT_OK, UsageError, writeLine, type Command } from '../command.ts';
import { flagHelp, flagOptions, readConfig } from '../config.ts';

export const command: Command = {
  name: 'restart',
  summary: 'replace the workers of a running `serve --workers N` one at a time (SIGHUP)',
  usage: `Usage: quorate restart --pid-file FILE

Sends SIGHUP to the primary of \`quorate serve --workers N\` named in the pid file: it starts a new
worker, waits until it listens, then stops an old one gracefully, one at a time, so the server
keeps answering; live viewers reconnect and resume with Last-Event-ID. (\`systemctl reload
quorate\` does the same.)
${flagHelp('pidFile', 'FILE')}`,
  async run(args, io) {
    const { values } = parseArgs({ args, options: flagOptions('pidFile'), strict: true });
    const config = readConfig(io.env, values);
    if (!config.pidFile) throw new UsageError('say which server: --pid-file FILE (or QUORATE_PID_FILE)');
    let pid: number;
    try {
      pid = Number(readFileSync(config.pidFile, 'utf8').trim());
    } catch (err) {
      writeLine(io.stderr, `quorate restart: cannot read ${config.pidFile}: ${(err as Error).message}`);
      return EXIT_FAILURE;
    }
    if (!Number.isSafeInteger(pid) || pid <= 1) {
      writeLine(io.stderr, `quorate restart: ${config.pidFile} does not hold a process id`);
      return EXIT_FAILURE;
    }
    try {
      process.kill(pid, 'SIGHUP');
    } catch (err) {
      writeLine(io.stderr, `quorate restart: no server process ${pid} (${(err as NodeJS.ErrnoException).code})`);
      return EXIT_FAILURE;
    }
    writeLine(io.stdout, `asked quorate serve (process ${pid}) to replace its workers one at a time`);
    return EXIT_OK;
  },
};
