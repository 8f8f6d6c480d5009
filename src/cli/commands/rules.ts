// `quorate rules`: the rules engine for scripts and outside checks. `presets` prints the presets;
// `check` reads one case per JSON line on stdin and writes one outcome (or error) line per case.
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parseArgs } from 'node:util';
import type { CliIo, Command } from '../command.ts';
import { EXIT_FAILURE, EXIT_OK, UsageError, writeLine } from '../command.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Citation, Lang, MajorityRule, QuorumRule, RuleSet, VoteCounts } from '../../domain/rules/index.ts';
import { describeMajority, describeQuorum } from '../../domain/rules/describe-rule.ts';
import {
  PRESETS,
  evaluateVote,
  majorityForMotion,
  renderExplanation,
  validateMajorityRule,
  validateQuorumRule,
} from '../../domain/rules/index.ts';

const USAGE = `Usage: quorate rules <subcommand> [options]

Subcommands:
  presets [--json]        The built-in rule presets: validity, quorum, majorities, motion kinds, and
                          each rule's source (act, part, quote; "unverified" and why).
  check [--lang en|ru]    Evaluate votes read as JSON Lines on stdin, one case per line, e.g.
    {"preset":"ru-131fz","majority":"ordinary","established":20,"filled":20,"present":10,"yes":7,"no":0,"abstain":3}
    or with "motionKind" in place of "majority", or with an explicit
    "rule":{"quorum":{…},"majority":{…}} in place of preset and majority. Optional counts:
    "notVoting", "blank", "invalid", "castingVote":"yes"|"no", "disqualified" (LGA para 45),
    "lackOfQuorumEstablished", "secondConvocation" (GO NRW §49), "previousNotice" (RONR 57:1);
    optional "id" is echoed back.
    Writes one JSON line per case:
    {"quorate":true,"adopted":true,"requiredYes":4,"base":"…","reason":"adopted","explanation":[…]}
    or {"error":{"code":"…","message":"…","line":N}} and goes on with the next line.
    --lang adds "text": the explanation as sentences in English or Russian.

Exit status: 0 every case evaluated, 1 some line failed, 2 usage error.`;

const COUNT_KEYS = new Set([
  'established',
  'filled',
  'present',
  'yes',
  'no',
  'abstain',
  'notVoting',
  'blank',
  'invalid',
  'castingVote',
  'disqualified',
  'lackOfQuorumEstablished',
  'secondConvocation',
  'previousNotice',
]);
const CASE_KEYS = new Set([...COUNT_KEYS, 'preset', 'majority', 'motionKind', 'rule', 'id']);

/** Errors of the line format itself; the engine's own codes come from DomainError. */
type CaseErrorCode = 'malformed_json' | 'invalid_case';

class CaseError extends Error {
  constructor(
    readonly code: CaseErrorCode | string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Evaluates one line of `rules check` and returns its output line (without newline).
 * @example checkLine('{"preset":"ronr","majority":"ordinary",…}', 1) // { ok: true, line: '{"quorate":…}' }
 */
export function checkLine(text: string, lineNumber: number, lang?: Lang): { ok: boolean; line: string } {
  try {
    return { ok: true, line: JSON.stringify(evaluateCase(text, lang)) };
  } catch (err) {
    if (!(err instanceof DomainError || err instanceof CaseError)) throw err;
    return { ok: false, line: JSON.stringify({ error: { code: err.code, message: err.message, line: lineNumber } }) };
  }
}

function evaluateCase(text: string, lang: Lang | undefined): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CaseError('malformed_json', `not a JSON value: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CaseError('invalid_case', 'each line must be a JSON object');
  }
  const c = value as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (!CASE_KEYS.has(key)) throw new DomainError('unknown_field', `unknown field "${key.slice(0, 70)}"`);
  }
  const counts: Record<string, unknown> = {};
  for (const key of COUNT_KEYS) if (c[key] !== undefined) counts[key] = c[key];

  let quorum: QuorumRule;
  let majority: MajorityRule;
  const meta: { preset?: string; majorityName?: string } = {};
  if (c.rule !== undefined) {
    if (c.preset !== undefined || c.majority !== undefined || c.motionKind !== undefined) {
      throw new CaseError('invalid_case', 'give either "rule" or "preset" with "majority" (or "motionKind"), not both');
    }
    const rule = c.rule;
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule))
      throw new CaseError('invalid_case', '"rule" must be an object');
    const r = rule as Record<string, unknown>;
    for (const key of Object.keys(r)) {
      if (key !== 'quorum' && key !== 'majority')
        throw new DomainError('unknown_field', `rule: unknown field "${key.slice(0, 70)}"`);
    }
    quorum = validateQuorumRule(r.quorum, 'rule.quorum');
    majority = validateMajorityRule(r.majority, 'rule.majority');
  } else {
    if (typeof c.preset !== 'string')
      throw new CaseError('invalid_case', 'give "preset" with "majority" (or "motionKind"), or an explicit "rule"');
    const set: RuleSet | undefined = Object.hasOwn(PRESETS, c.preset) ? PRESETS[c.preset] : undefined;
    if (!set)
      throw new DomainError(
        'unknown_preset',
        `no preset named "${c.preset.slice(0, 70)}"; known: ${Object.keys(PRESETS).join(', ')}`,
      );
    let name: string;
    if (c.majority !== undefined && c.motionKind !== undefined)
      throw new CaseError('invalid_case', 'give "majority" or "motionKind", not both');
    if (typeof c.majority === 'string') name = c.majority;
    else if (typeof c.motionKind === 'string') name = majorityForMotion(set, c.motionKind);
    else
      throw new CaseError(
        'invalid_case',
        `preset "${c.preset}" needs "majority" (one of ${Object.keys(set.majorities).join(', ')}) or "motionKind"`,
      );
    const found = Object.hasOwn(set.majorities, name) ? set.majorities[name] : undefined;
    if (!found)
      throw new DomainError(
        'unknown_majority',
        `preset "${c.preset}" has no majority "${name.slice(0, 70)}"; it has ${Object.keys(set.majorities).join(', ')}`,
      );
    quorum = set.quorum;
    majority = found;
    meta.preset = c.preset;
    meta.majorityName = name;
  }
  // evaluateVote checks the counts itself (validateCounts), refusing bad ones with their code.
  const outcome = evaluateVote(quorum, majority, counts as unknown as VoteCounts, meta);
  const out: Record<string, unknown> = {};
  if (c.id !== undefined) out.id = c.id;
  Object.assign(out, outcome);
  if (lang) out.text = renderExplanation(outcome.explanation, lang);
  return out;
}

/** Writes with backpressure: resolves once the stream can take more. */
async function write(stream: Writable, data: Buffer): Promise<void> {
  if (!stream.write(data)) await once(stream, 'drain');
}

/**
 * Lines as one UTF-8 buffer, each ended by "\n". Encoding line by line into a buffer sized
 * up front costs a fifth of concatenating the strings and encoding the result: the joined
 * string is a rope that must be flattened first.
 * @example encodeLines(['{"a":1}', '{"b":2}']).toString() // '{"a":1}\n{"b":2}\n'
 */
export function encodeLines(lines: readonly string[]): Buffer {
  // A UTF-16 code unit never takes more than 3 UTF-8 bytes; sizing for the worst case spares
  // a second pass to measure each line.
  let size = 0;
  for (const line of lines) size += line.length * 3 + 1;
  const buffer = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const line of lines) {
    offset += buffer.write(line, offset);
    buffer[offset++] = 0x0a;
  }
  return buffer.subarray(0, offset);
}

/**
 * The lines of a stream, a chunk's worth at a time ("\n" or "\r\n" ends a line; a last line
 * needs no newline). Splitting chunks by hand keeps the per-line cost to a string slice, where
 * readline's async iterator adds a promise and a queue entry per line.
 * @example for await (const batch of readLines(process.stdin)) for (const line of batch) …
 */
export async function* readLines(input: Readable): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of input) {
    const parts = (rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer))).split('\n');
    rest = parts.pop()!;
    yield parts;
  }
  rest += decoder.end();
  if (rest !== '') yield [rest];
}

async function check(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { lang: { type: 'string' } }, allowPositionals: false });
  const lang = values.lang;
  if (lang !== undefined && lang !== 'en' && lang !== 'ru')
    throw new UsageError(`--lang must be en or ru, got "${lang}"`);
  let failed = 0;
  let lineNumber = 0;
  for await (const batch of readLines(io.stdin)) {
    // One write per input chunk: a write per line would cost more than the evaluation itself.
    const out: string[] = [];
    for (const raw of batch) {
      lineNumber++;
      const result = checkLine(raw.endsWith('\r') ? raw.slice(0, -1) : raw, lineNumber, lang);
      if (!result.ok) failed++;
      out.push(result.line);
    }
    if (out.length > 0) await write(io.stdout, encodeLines(out));
  }
  if (failed > 0) writeLine(io.stderr, `quorate rules check: ${failed} of ${lineNumber} lines failed`);
  return failed > 0 ? EXIT_FAILURE : EXIT_OK;
}

function cite(c: Citation | undefined): string {
  if (!c) return '';
  const quote = c.quote ? ` “${c.quote}”` : '';
  const flags = [
    c.unverified ? `unverified: ${c.unverified}` : '',
    c.assumption ? `assumption: ${c.assumption}` : '',
  ].filter(Boolean);
  return `  [${c.act}, ${c.section}${quote}${flags.length ? `; ${flags.join('; ')}` : ''}]`;
}

function presets(args: string[], io: CliIo): number {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: false });
  if (values.json) {
    writeLine(io.stdout, JSON.stringify(PRESETS, null, 2));
    return EXIT_OK;
  }
  for (const [name, set] of Object.entries(PRESETS)) {
    writeLine(io.stdout, name);
    if (set.validFrom !== undefined || set.validTo !== undefined)
      writeLine(io.stdout, `  valid: ${set.validFrom ?? '…'} to ${set.validTo ?? '…'}${cite(set.source?.validity)}`);
    if (set.quorum.competence)
      writeLine(
        io.stdout,
        `  competence: filled ${set.quorum.competence.compare} ${set.quorum.competence.fraction} of established${cite(set.source?.competence)}`,
      );
    writeLine(io.stdout, `  quorum: ${describeQuorum(set.quorum)}${cite(set.source?.quorum)}`);
    for (const [majority, rule] of Object.entries(set.majorities)) {
      writeLine(io.stdout, `  ${majority}: ${describeMajority(rule)}${cite(set.source?.majorities?.[majority])}`);
    }
    const kinds = Object.entries(set.motionKinds).map(([kind, m]) => `${kind} → ${m}`);
    writeLine(io.stdout, `  motion kinds: ${kinds.join(', ')}`);
  }
  return EXIT_OK;
}

export const command: Command = {
  name: 'rules',
  summary: 'Procedural rules: list presets, evaluate votes from JSON Lines',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const [sub, ...rest] = args;
    try {
      if (sub === 'presets') return presets(rest, io);
      if (sub === 'check') return await check(rest, io);
    } catch (err) {
      // parseArgs reports unknown options as TypeErrors with an ERR_PARSE_ARGS_* code.
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) throw new UsageError((err as Error).message);
      throw err;
    }
    throw new UsageError(sub === undefined ? 'give a subcommand: presets or check' : `unknown subcommand "${sub}"`);
  },
};
