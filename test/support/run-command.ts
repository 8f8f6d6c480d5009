// Runs a CLI command in-process with captured streams.
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.ts';

export async function runCli(args: string[], options: { env?: Record<string, string | undefined>; stdin?: string } = {}) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  stdin.end(options.stdin ?? '');
  const code = await main(args, { stdin, stdout, stderr, env: { ...process.env, ...options.env } });
  return { code, stdout: out, stderr: err };
}
