// `quorate elections count`: counts any BLT file from the command line (issue 18) — Scottish STV,
// Meek STV, plurality, approval, absolute majority with a runoff or rounds dropping the last — and
// prints the elected in order of election, the quota and every stage, or the stage table.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliIo, Command } from '../command.ts';
import { EXIT_OK, EXIT_USAGE, UsageError, writeLine } from '../command.ts';
import { DomainError } from '../../domain/errors.ts';
import { parseBlt } from '../../domain/elections/blt.ts';
import type { CountMethod } from '../../domain/elections/count.ts';
import { COUNT_METHODS, countBallots, isCountMethod } from '../../domain/elections/count.ts';
import { explainCount } from '../../domain/elections/explain.ts';
import type { CountResult, CountStep } from '../../domain/elections/types.ts';

const USAGE = `Usage: quorate elections count --method <method> <file.blt> [options]

Counts the ballots of a BLT file and prints the candidates elected in order of election, the quota
and every stage (votes, transfers, who was elected or excluded, and the rule applied).

  --method M        ${COUNT_METHODS.join(', ')}
  --seats N         seats to fill (default: the file's header)
  --json            print {"elected":[names in order],"quota":…,"stages":[…],…}
  --lang en|ru      language of the explanation (default en)
  --seed HEX        seed of the draws by lot (default: empty); each draw is
                    SHA-256(seed ‖ "quorate-lot/1|stage|purpose|candidates") and is printed
  --max-marks K     approval: a paper marking more than K candidates is spoilt
  --base B          majority-*: cast (default), present or established
  --base-count N    majority-*: the members present or the established number

Exit status: 0 counted, 2 bad arguments or a file that is not valid BLT (one line on stderr).`;

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        method: { type: 'string' },
        seats: { type: 'string' },
        json: { type: 'boolean' },
        lang: { type: 'string' },
        seed: { type: 'string' },
        'max-marks': { type: 'string' },
        base: { type: 'string' },
        'base-count': { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function wholeArg(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} must be a whole number ≥ 1`);
  return Number(value);
}

/** Step arguments with candidate names in place of indices. */
function namedArgs(args: CountStep['args'], name: (c: number) => string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...args };
  for (const key of ['candidate', 'candidates', 'kept']) {
    const v = args[key];
    if (typeof v === 'number') out[key] = name(v);
    else if (Array.isArray(v)) out[key] = v.map(name);
  }
  return out;
}

/** The result with names in place of indices: what --json prints. */
export function resultJson(r: CountResult, lang: 'en' | 'ru'): Record<string, unknown> {
  const name = (c: number) => r.candidates[c]!;
  const byName = (xs: string[]) => Object.fromEntries(xs.map((v, c) => [name(c), v]));
  const quota = r.quota === undefined ? null : /^\d+$/.test(r.quota) ? Number(r.quota) : r.quota;
  return {
    elected: r.elected.map(name),
    quota,
    method: r.method,
    seats: r.seats,
    validVotes: r.validVotes,
    unfilled: r.unfilled,
    precision: r.precision,
    stages: r.stages.map((s) => ({
      stage: s.number,
      action: s.action,
      ...(s.subject !== undefined ? { subject: name(s.subject) } : {}),
      votes: byName(s.votes),
      transfers: byName(s.transfers),
      nonTransferable: s.nonTransferable,
      elected: s.elected.map(name),
      excluded: s.excluded.map(name),
      ...(s.quota !== undefined ? { quota: s.quota } : {}),
      ...(s.keepValues ? { keepValues: byName(s.keepValues) } : {}),
      steps: s.steps.map((step) => ({ ...step, args: namedArgs(step.args, name) })),
    })),
    lots: r.lots.map((l) => ({ ...l, among: l.among.map(name), chosen: name(l.chosen) })),
    explanation: explainCount(r, lang),
  };
}

/** The stage table: one row per candidate, one column per stage. */
export function stageTable(r: CountResult): string[] {
  const rows: string[][] = [['Candidate', ...r.stages.map((s) => `${s.number}:${s.action}`)]];
  r.candidates.forEach((name, c) => {
    rows.push([
      name,
      ...r.stages.map((s) => `${s.votes[c]}${s.elected.includes(c) ? ' E' : s.excluded.includes(c) ? ' X' : ''}`),
    ]);
  });
  rows.push(['Non-transferable', ...r.stages.map((s) => s.nonTransferable)]);
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((row) => row[k]!.length)));
  return rows.map((row) =>
    row.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join('  '),
  );
}

async function count(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args);
  if (!values.method || !isCountMethod(values.method)) {
    throw new UsageError(`--method must be one of ${COUNT_METHODS.join(', ')}`);
  }
  const method: CountMethod = values.method;
  if (positionals.length !== 1) throw new UsageError('name one BLT file');
  const lang = values.lang ?? 'en';
  if (lang !== 'en' && lang !== 'ru') throw new UsageError('--lang must be en or ru');
  if (values.seed !== undefined && !/^(?:[0-9a-fA-F]{2})*$/.test(values.seed))
    throw new UsageError('--seed must be hex');
  const base = values.base;
  if (base !== undefined && base !== 'cast' && base !== 'present' && base !== 'established') {
    throw new UsageError('--base must be cast, present or established');
  }
  const seatsArg = wholeArg(values.seats, '--seats');
  const maxMarks = wholeArg(values['max-marks'], '--max-marks');
  const baseCount = wholeArg(values['base-count'], '--base-count');
  let text: string;
  try {
    text = readFileSync(positionals[0]!, 'utf8');
  } catch (err) {
    writeLine(
      io.stderr,
      `quorate elections: cannot read ${positionals[0]}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    );
    return EXIT_USAGE;
  }
  try {
    const election = parseBlt(text);
    const seed = Buffer.from(values.seed ?? '', 'hex');
    const result = countBallots(method, election, seatsArg ?? election.seats, {
      lot: { seed: new Uint8Array(seed), sha256: (data) => new Uint8Array(createHash('sha256').update(data).digest()) },
      ...(maxMarks !== undefined ? { maxMarks } : {}),
      ...(base !== undefined ? { base } : {}),
      ...(baseCount !== undefined ? { baseCount } : {}),
    });
    if (values.json) {
      writeLine(io.stdout, JSON.stringify(resultJson(result, lang)));
      return EXIT_OK;
    }
    writeLine(io.stdout, election.title ? `${election.title} — ${method}` : method);
    writeLine(
      io.stdout,
      `Valid votes ${result.validVotes}; seats ${result.seats}${result.quota !== undefined ? `; quota ${result.quota}` : ''}`,
    );
    for (const line of stageTable(result)) writeLine(io.stdout, line);
    writeLine(io.stdout, `Elected: ${result.elected.map((c) => result.candidates[c]).join('; ') || '(none)'}`);
    if (result.unfilled > 0) writeLine(io.stdout, `Unfilled seats: ${result.unfilled}`);
    writeLine(io.stdout);
    for (const line of explainCount(result, lang)) writeLine(io.stdout, line);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof DomainError) {
      writeLine(io.stderr, `quorate elections: ${positionals[0]}: ${err.message} (${err.code})`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

export const command: Command = {
  name: 'elections',
  summary: 'count a BLT file by Scottish STV, Meek STV, plurality, approval or majority',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'count') return count(rest, io);
    throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'name a subcommand: count');
  },
};
