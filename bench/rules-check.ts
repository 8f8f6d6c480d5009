// Benchmark: `quorate rules check` over 100,000 generated JSON lines, run in-process through the
// command's `run` with streams, beside a baseline measured in the same run: the same lines
// through the same stream plumbing with only JSON.parse + JSON.stringify per line (the floor any
// JSON Lines tool pays). Run: npx tsx bench/rules-check.ts [--quick]
import { once } from 'node:events';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { command, encodeLines, readLines } from '../src/cli/commands/rules.ts';
import { PRESETS } from '../src/domain/rules/index.ts';

import type { Figure } from './support/figure.ts';
import { seededRandom } from './support/random.ts';
export type { Figure };

const random = seededRandom;

/**
 * n case lines: preset majorities, explicit rules, double majorities, ties, and 1% bad lines.
 * @example generateLines(2) // ['{"established":…,"preset":"ronr","majority":"ordinary"}', …]
 */
export function generateLines(n: number, seed = 1): string[] {
  const next = random(seed);
  const int = (max: number) => Math.floor(next() * (max + 1));
  const presetMajorities = Object.entries(PRESETS).flatMap(([preset, set]) =>
    Object.keys(set.majorities).map((majority) => ({ preset, majority })),
  );
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const established = 5 + int(2000);
    const filled = established - int(Math.min(3, established));
    // Between 40% and all of the filled seats: most cases are quorate and go on to a majority.
    const present = filled - int(Math.floor(filled * 0.6));
    let left = present;
    const take = () => {
      const k = int(left);
      left -= k;
      return k;
    };
    const yes = take();
    // One case in ten is a tie where the numbers allow it: ties take the longest path.
    const no = next() < 0.1 && yes <= left ? yes : take();
    left = present - yes - no;
    const abstain = take();
    const c: Record<string, unknown> = { established, filled, present, yes, no, abstain };
    if (next() < 0.2) c.invalid = take();
    if (yes === no && next() < 0.5) c.castingVote = next() < 0.5 ? 'yes' : 'no';
    const kind = next();
    if (kind < 0.8) Object.assign(c, presetMajorities[int(presetMajorities.length - 1)]);
    else if (kind < 0.95) {
      c.rule = {
        quorum: { base: 'filled', fraction: '1/2', compare: '>' },
        majority: {
          base: 'cast_with_abstentions',
          fraction: `${1 + int(2)}/3`,
          compare: '>=',
          tie: 'casting_vote',
          minYes: 2,
        },
      };
    } else {
      c.rule = {
        quorum: { base: 'established', fraction: '1/3', compare: '>=', min: 3 },
        majority: {
          allOf: [
            { base: 'cast', fraction: '1/2', compare: '>', tie: 'fails' },
            { base: 'established', fraction: '1/4', compare: '>=', tie: 'fails' },
          ],
        },
      };
    }
    if (next() < 0.01) c.yes = -1;
    out.push(JSON.stringify(c));
  }
  return out;
}

function streams(lines: string[]): { stdin: Readable; stdout: PassThrough; bytes: () => number } {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let bytes = 0;
  stdout.on('data', (d: Buffer) => (bytes += d.length));
  // Buffered before the clock starts, in 64 KiB slices as a pipe delivers them, so that only
  // the reading, the work and the writing are timed.
  const text = `${lines.join('\n')}\n`;
  for (let i = 0; i < text.length; i += 65_536) stdin.write(text.slice(i, i + 65_536));
  stdin.end();
  return { stdin, stdout, bytes: () => bytes };
}

/** The baseline: the same line reader and writer, with only JSON.parse + JSON.stringify per line. */
async function baseline(stdin: Readable, stdout: Writable): Promise<number> {
  for await (const batch of readLines(stdin)) {
    const out = batch.map((line) => JSON.stringify(JSON.parse(line)));
    if (out.length > 0 && !stdout.write(encodeLines(out))) await once(stdout, 'drain');
  }
  return 0;
}

async function timed(
  lines: string[],
  body: (stdin: Readable, stdout: Writable, stderr: Writable) => Promise<number>,
): Promise<{ seconds: number; cpu: number; bytes: number }> {
  const s = streams(lines);
  const stderr = new PassThrough();
  stderr.resume();
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  await body(s.stdin, s.stdout, stderr);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds, cpu: (cpu.user + cpu.system) / 1e6, bytes: s.bytes() };
}

const check = (stdin: Readable, stdout: Writable, stderr: Writable) =>
  command.run(['check'], { stdin, stdout, stderr, env: {} });

/**
 * Times `rules check` beside its baseline and returns the figures (for bench/run.ts to gather).
 * @example const figures = await bench({ quick: true }) // 10,000 lines instead of 100,000
 */
export async function bench(opts: { quick: boolean }): Promise<Figure[]> {
  const n = opts.quick ? 10_000 : 100_000;
  const lines = generateLines(n);
  // Warm up both paths so the JIT has seen them before the clock starts.
  const warm = lines.slice(0, 2_000);
  await timed(warm, baseline);
  await timed(warm, check);
  const base = await timed(lines, baseline);
  const rules = await timed(lines, check);
  const figures: Figure[] = [
    {
      name: `rules check throughput (${n} lines)`,
      value: Math.round(n / rules.seconds),
      unit: 'lines/s',
      baseline: Math.round(n / base.seconds),
      ratio: +(base.seconds / rules.seconds).toFixed(3),
    },
    {
      name: `rules check wall time (${n} lines)`,
      value: +rules.seconds.toFixed(3),
      unit: 's',
      baseline: +base.seconds.toFixed(3),
      ratio: +(rules.seconds / base.seconds).toFixed(2),
    },
    // CPU time as well: on a shared machine it moves less with other people's load than wall time.
    {
      name: `rules check CPU time (${n} lines)`,
      value: +rules.cpu.toFixed(3),
      unit: 's',
      baseline: +base.cpu.toFixed(3),
      ratio: +(rules.cpu / base.cpu).toFixed(2),
    },
  ];
  console.log(
    `bench/rules-check: ${n} lines in, ${(rules.bytes / 1e6).toFixed(1)} MB out (baseline: JSON.parse + JSON.stringify, ${(base.bytes / 1e6).toFixed(1)} MB out)`,
  );
  console.table(figures);
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bench({ quick: process.argv.includes('--quick') });
}
