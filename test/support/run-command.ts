// Runs a CLI command in-process with captured streams.
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/command.ts';

/** Gives `run` a CLI io whose stdin holds `input`; resolves with the exit code and what it wrote. */
export async function withCapturedIo(input: string, env: CliIo['env'], run: (io: CliIo) => Promise<number>) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  stdin.end(input);
  const code = await run({ stdin, stdout, stderr, env });
  return { code, out, err };
}

/** `quorate <args>` through main, as a user would run it (usage errors exit 2). */
export async function runCli(
  args: string[],
  options: { env?: Record<string, string | undefined>; stdin?: string } = {},
) {
  const r = await withCapturedIo(options.stdin ?? '', { ...process.env, ...options.env }, (io) => main(args, io));
  return { code: r.code, stdout: r.out, stderr: r.err };
}
