// `quorate` — the command line. Each subcommand lives in commands/<name>.ts.
import type { CliIo, Command } from './command.ts';
import { ConfigError, EXIT_USAGE, UsageError, writeLine } from './command.ts';

type Loader = () => Promise<Command>;

// Loaded lazily so `quorate rules check` does not pay for Fastify and the database drivers.
const commands: Record<string, Loader> = {};

export function registerCommand(name: string, loader: Loader): void {
  commands[name] = loader;
}

const SUMMARIES: Record<string, string> = {};

function topUsage(): string {
  const lines = ['Usage: quorate <command> [options]', '', 'Commands:'];
  for (const name of Object.keys(commands).sort()) lines.push(`  ${name.padEnd(10)} ${SUMMARIES[name] ?? ''}`);
  lines.push('', "Run `quorate <command> --help` for a command's options.");
  return lines.join('\n');
}

export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  await loadCommandTable();
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    writeLine(name ? io.stdout : io.stderr, topUsage());
    return name ? 0 : EXIT_USAGE;
  }
  const loader = commands[name];
  if (!loader) {
    writeLine(io.stderr, `quorate: unknown command "${name}"\n\n${topUsage()}`);
    return EXIT_USAGE;
  }
  const command = await loader();
  if (rest.includes('--help') || rest.includes('-h')) {
    writeLine(io.stdout, command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    // Bad settings: one line each, no usage text and no stack trace.
    if (err instanceof ConfigError) {
      for (const line of err.problems) writeLine(io.stderr, `quorate ${name}: ${line}`);
      return EXIT_USAGE;
    }
    // node:util parseArgs refuses unknown or malformed flags with ERR_PARSE_ARGS_* errors.
    if (err instanceof TypeError && String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      writeLine(io.stderr, `quorate ${name}: ${err.message}\n\n${command.usage}`);
      return EXIT_USAGE;
    }
    if (err instanceof UsageError) {
      writeLine(io.stderr, `quorate ${name}: ${err.message}\n\n${command.usage}`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

function defaultIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}

let loaded = false;
async function loadCommandTable(): Promise<void> {
  if (loaded) return;
  loaded = true;
  const { COMMANDS } = await import('./commands/index.ts');
  for (const [name, entry] of Object.entries(COMMANDS)) {
    SUMMARIES[name] = entry.summary;
    registerCommand(name, entry.load);
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exitCode = await main(process.argv.slice(2));
}
