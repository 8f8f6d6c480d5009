// The contract every `quorate` subcommand implements. Exit codes: 0 ok, 1 failure found, 2 usage.
import type { Readable, Writable } from 'node:stream';

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  name: string;
  /** One line for `quorate --help`. */
  summary: string;
  /** Full text for `quorate <name> --help`. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Thrown by a command for a usage error; main prints the message and the command's usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Every bad setting found at once (src/cli/config.ts); main prints one line each and exits 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

export function writeLine(stream: Writable, text = ''): void {
  stream.write(`${text}\n`);
}
