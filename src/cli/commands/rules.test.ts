import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../command.ts';
import { PRESETS } from '../../domain/rules/index.ts';
import { command, encodeLines, readLines } from './rules.ts';
import { withCapturedIo } from '../../../test/support/run-command.ts';
import type { WireJson } from '../../../test/support/json.ts';

const run = (args: string[], input = '') => withCapturedIo(input, {}, (io) => command.run(args, io));

const lines = (out: string) =>
  out
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, WireJson>);

const REFERENCE = {
  preset: 'ru-131fz',
  majority: 'ordinary',
  established: 20,
  filled: 20,
  present: 10,
  yes: 7,
  no: 0,
  abstain: 3,
};

test('rules presets --json prints the presets exactly', async () => {
  const { code, out } = await run(['presets', '--json']);
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(out), PRESETS);
});

test('rules presets prints each preset with its sources', async () => {
  const { code, out } = await run(['presets']);
  assert.equal(code, 0);
  for (const name of Object.keys(PRESETS)) assert.match(out, new RegExp(`^${name}$`, 'm'));
  assert.match(
    out,
    /quorum: established >= 1\/3, min 3, more than 1\/3 disqualified at once: base is those still qualified {2}\[Local Government Act 1972, Sch\. 12 para 12; para 45 “no business shall be transacted/,
  );
  assert.match(out, /ordinary: cast > 1\/2, tie → casting vote/);
});

test('rules presets shows validity, quotes, assumptions and what could not be verified', async () => {
  const { out } = await run(['presets']);
  assert.match(
    out,
    /^ru-131fz\n {2}valid: … to 2025-06-18 .*\n {2}competence: filled >= 2\/3 of established {2}\[.*art\. 35 part 1 “Представительный орган/m,
  );
  assert.match(out, /^ru-33fz\n {2}valid: 2025-06-19 to … {2}\[.*«?19 июня 2025/m);
  assert.match(
    out,
    /ordinary: cast_with_abstentions > 1\/2, tie fails, invalid ballots counted .*assumption: an assumption, not the law's text/,
  );
  assert.match(
    out,
    /bylaws: any of \(cast >= 2\/3, tie fails, invalid ballots counted, with previous notice; filled > 1\/2, tie fails\)/,
  );
  assert.match(
    out,
    /us-house\n {2}quorum: filled > 1\/2 {2}\[.*“a Majority of each shall constitute a Quorum to do Business”; unverified: /,
  );
  const json = JSON.parse((await run(['presets', '--json'])).out);
  assert.deepEqual([json['ru-131fz'].validTo, json['ru-33fz'].validFrom], ['2025-06-18', '2025-06-19']);
  assert.equal(json['ru-131fz'].source.quorum.ru.section, 'ч. 1.1 ст. 35');
  assert.ok(json['ru-33fz'].source.quorum.unverified);
});

test('rules check: one outcome line per case, in order', async () => {
  const cases = [
    REFERENCE,
    { ...REFERENCE, majority: undefined, motionKind: 'binding_rule', id: 'b-1' },
    {
      rule: {
        quorum: { base: 'established', fraction: '1/4', compare: '>=' },
        majority: { base: 'cast', fraction: '1/2', compare: '>', tie: 'casting_vote' },
      },
      established: 40,
      filled: 40,
      present: 20,
      yes: 8,
      no: 8,
      abstain: 4,
      castingVote: 'yes',
    },
    { ...REFERENCE, preset: 'ronr', majority: 'ordinary', present: 15, yes: 7, no: 6, abstain: 0, invalid: 2 },
  ];
  const { code, out, err } = await run(['check'], `${cases.map((c) => JSON.stringify(c)).join('\n')}\n`);
  assert.equal(code, 0, err);
  assert.equal(err, '');
  const got = lines(out);
  assert.equal(got.length, 4);
  assert.deepEqual(
    got.map((o) => [o.quorate, o.adopted, o.requiredYes, o.reason]),
    [
      [true, true, 4, 'adopted'],
      [true, false, 11, 'below_threshold'],
      [true, true, 8, 'adopted_casting_vote'],
      [true, false, 9, 'below_threshold'],
    ],
  );
  assert.equal(got[1]!.id, 'b-1');
  assert.equal(got[0]!.id, undefined);
  assert.equal(got[0]!.explanation[0].preset, 'ru-131fz');
  assert.deepEqual(got[0]!.explanation.at(-1), { kind: 'outcome', adopted: true, reason: 'adopted', requiredYes: 4 });
  assert.equal(got[0]!.text, undefined);
});

test('rules check goes on after bad lines, reports each with a code and line number, exits 1', async () => {
  const input = [
    JSON.stringify(REFERENCE),
    '{"preset":"ru-131fz",',
    '',
    '[1,2,3]',
    JSON.stringify({ ...REFERENCE, preset: 'atlantis' }),
    JSON.stringify({ ...REFERENCE, majority: 'unanimous' }),
    JSON.stringify({ ...REFERENCE, abstain: -3 }),
    JSON.stringify({ ...REFERENCE, yes: 6.5 }),
    JSON.stringify({ ...REFERENCE, yes: 8 }),
    JSON.stringify({ ...REFERENCE, present: 21 }),
    JSON.stringify({ ...REFERENCE, filled: 21 }),
    JSON.stringify({
      ...REFERENCE,
      preset: undefined,
      majority: undefined,
      rule: { quorum: { base: 'filled', fraction: '3/0', compare: '>=' }, majority: PRESETS.ronr!.majorities.ordinary },
    }),
    JSON.stringify({
      ...REFERENCE,
      preset: undefined,
      majority: undefined,
      rule: { quorum: PRESETS.ronr!.quorum, majority: { base: 'cast', fraction: '3/2', compare: '>', tie: 'fails' } },
    }),
    JSON.stringify({
      ...REFERENCE,
      preset: undefined,
      majority: undefined,
      rule: { quorum: PRESETS.ronr!.quorum, majority: { base: 'votes', fraction: '1/2', compare: '>', tie: 'fails' } },
    }),
    JSON.stringify({
      ...REFERENCE,
      rule: { quorum: PRESETS.ronr!.quorum, majority: PRESETS.ronr!.majorities.ordinary },
    }),
    JSON.stringify({ ...REFERENCE, majority: undefined }),
    JSON.stringify({ ...REFERENCE, abstian: 3 }),
    JSON.stringify({ ...REFERENCE, castingVote: 'yes' }),
    JSON.stringify(REFERENCE),
  ].join('\n');
  const { code, out, err } = await run(['check'], input);
  assert.equal(code, 1);
  assert.match(err, /17 of 19 lines failed/);
  const got = lines(out);
  assert.equal(got.length, 19);
  assert.deepEqual(
    got.map((o) => o.error?.code ?? o.reason),
    [
      'adopted',
      'malformed_json',
      'malformed_json',
      'invalid_case',
      'unknown_preset',
      'unknown_majority',
      'invalid_count',
      'invalid_count',
      'votes_exceed_present',
      'present_exceeds_filled',
      'filled_exceeds_established',
      'invalid_fraction',
      'invalid_fraction',
      'unknown_base',
      'invalid_case',
      'invalid_case',
      'unknown_field',
      'casting_vote_without_tie',
      'adopted',
    ],
  );
  got.forEach((o, i) => {
    if (o.error) {
      assert.equal(o.error.line, i + 1);
      assert.equal(typeof o.error.message, 'string');
      assert.ok(o.error.message.length > 0);
      assert.deepEqual(Object.keys(o), ['error']);
    }
  });
});

test('rules check --lang renders the explanation; bad options are usage errors', async () => {
  const { code, out } = await run(['check', '--lang', 'ru'], JSON.stringify(REFERENCE));
  assert.equal(code, 0);
  const [o] = lines(out);
  assert.equal(o!.text.at(-1), 'Решение принято. Требуется голосов «за»: 4.');
  assert.ok(o!.text.some((l: string) => l.includes('ст. 35')));
  await assert.rejects(run(['check', '--lang', 'fr'], ''), UsageError);
  await assert.rejects(run(['check', '--verbose'], ''), UsageError);
  await assert.rejects(run(['check', 'extra'], ''), UsageError);
  await assert.rejects(run(['judge'], ''), UsageError);
  await assert.rejects(run([], ''), UsageError);
});

test('rules check with no input writes nothing and succeeds; CRLF lines are read', async () => {
  assert.deepEqual(await run(['check'], ''), { code: 0, out: '', err: '' });
  const { code, out } = await run(['check'], `${JSON.stringify(REFERENCE)}\r\n${JSON.stringify(REFERENCE)}\r\n`);
  assert.equal(code, 0);
  assert.equal(lines(out).length, 2);
});

test('end to end: node bin/quorate.js rules check', () => {
  const bin = fileURLToPath(new URL('../../../bin/quorate.js', import.meta.url));
  const ok = spawnSync(process.execPath, [bin, 'rules', 'check'], {
    input: `${JSON.stringify(REFERENCE)}\n`,
    encoding: 'utf8',
  });
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual(
    (({ quorate, adopted, requiredYes }) => ({ quorate, adopted, requiredYes }))(JSON.parse(ok.stdout)),
    { quorate: true, adopted: true, requiredYes: 4 },
  );
  const bad = spawnSync(process.execPath, [bin, 'rules', 'check'], {
    input: `nope\n${JSON.stringify(REFERENCE)}\n`,
    encoding: 'utf8',
  });
  assert.equal(bad.status, 1);
  assert.equal(bad.stdout.trimEnd().split('\n').length, 2);
  const usage = spawnSync(process.execPath, [bin, 'rules', 'check', '--lang', 'fr'], { input: '', encoding: 'utf8' });
  assert.equal(usage.status, 2);
});

test('readLines joins lines and UTF-8 characters split across chunks; encodeLines ends each line', async () => {
  const bytes = Buffer.from('{"id":"ж"}\n{"id":"ё"}\r\nlast');
  const stdin = new PassThrough();
  // Split inside the two bytes of "ж" and inside the second line.
  stdin.write(bytes.subarray(0, 8));
  stdin.write(bytes.subarray(8, 15));
  stdin.end(bytes.subarray(15));
  const got: string[] = [];
  for await (const batch of readLines(stdin)) got.push(...batch);
  assert.deepEqual(got, ['{"id":"ж"}', '{"id":"ё"}\r', 'last']);
  assert.equal(encodeLines(['{"a":"ж"}', '', '{}']).toString('utf8'), '{"a":"ж"}\n\n{}\n');
  assert.equal(encodeLines([]).length, 0);
});

test('rules check takes the procedural facts: previous notice, a lack of quorum established, a second convocation, the disqualified', async () => {
  const cases = [
    {
      preset: 'ronr',
      motionKind: 'charter_amendment',
      established: 100,
      filled: 100,
      present: 95,
      yes: 50,
      no: 25,
      abstain: 0,
    },
    {
      preset: 'ronr',
      motionKind: 'charter_amendment',
      established: 100,
      filled: 100,
      present: 95,
      yes: 50,
      no: 25,
      abstain: 0,
      previousNotice: true,
    },
    {
      preset: 'de-nrw',
      majority: 'ordinary',
      established: 21,
      filled: 21,
      present: 8,
      yes: 5,
      no: 3,
      abstain: 0,
      lackOfQuorumEstablished: true,
    },
    {
      preset: 'de-nrw',
      majority: 'ordinary',
      established: 21,
      filled: 21,
      present: 8,
      yes: 5,
      no: 3,
      abstain: 0,
      lackOfQuorumEstablished: true,
      secondConvocation: true,
    },
    {
      preset: 'uk-parish',
      majority: 'ordinary',
      established: 12,
      filled: 7,
      present: 3,
      yes: 2,
      no: 1,
      abstain: 0,
      disqualified: 5,
    },
    {
      preset: 'de-nrw',
      majority: 'ordinary',
      established: 21,
      filled: 21,
      present: 8,
      yes: 5,
      no: 3,
      abstain: 0,
      secondConvocation: 'yes',
    },
  ];
  const { out } = await run(['check'], cases.map((c) => JSON.stringify(c)).join('\n'));
  assert.deepEqual(
    lines(out).map((o) => o.reason ?? o.error.code),
    ['below_threshold', 'adopted', 'inquorate', 'adopted', 'adopted', 'invalid_count'],
  );
});
