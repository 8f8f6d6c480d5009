// `quorate config`: the effective configuration, every setting of config.ts with its value and
// where it came from (default, environment, flag), secrets masked. Bad settings exit 2 as for
// every other command (main prints one line each).
import { parseArgs } from 'node:util';
import { writeLine, type Command } from '../command.ts';
import { effectiveSettings, flagOptions, SETTINGS, type SettingName } from '../config.ts';

const FLAGGED = (Object.keys(SETTINGS) as SettingName[]).filter((n) => SETTINGS[n].flag !== undefined);

function text(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(',');
  return String(value);
}

export const command: Command = {
  name: 'config',
  summary: 'print the effective configuration (secrets masked)',
  usage: `Usage: quorate config [--json] [${FLAGGED.map((n) => `--${SETTINGS[n].flag} …`).join('] [')}]

Prints every setting with its value and where it came from: default, environment (its QUORATE_*
variable) or flag (the flags serve takes, given here to see what they would change). Secrets
(the database URL's and mail server's credentials) are masked. A bad setting exits 2.
  --json          one JSON array: {name, env, flag, value, source, secret} per setting`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { json: { type: 'boolean' }, ...flagOptions(...FLAGGED) },
      strict: true,
    });
    const settings = effectiveSettings(io.env, values);
    if (values.json) {
      writeLine(io.stdout, JSON.stringify(settings, null, 2));
      return 0;
    }
    const width = Math.max(...settings.map((s) => (s.env ?? s.name).length));
    for (const s of settings) {
      const source = s.source === 'flag' ? `flag ${s.flag}` : s.source;
      writeLine(io.stdout, `${(s.env ?? s.name).padEnd(width)}  ${text(s.value)}  (${source})`);
    }
    return 0;
  },
};
