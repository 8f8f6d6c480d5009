import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../command.ts';
import { DEADLINE_PRESETS } from '../../domain/appeals/deadline-rule.ts';
import { main } from '../main.ts';
import { command } from './appeals.ts';
import { withCapturedIo } from '../../../test/support/run-command.ts';

// Through main, so usage errors become exit code 2 exactly as for a user.
const run = (args: string[]) => withCapturedIo('', {}, (io) => main(['appeals', ...args], io));

test('appeals deadline --json prints the due date and the rendered explanation', async () => {
  const { code, out, err } = await run(['deadline', '--rule', 'ru-59fz', '--from', '2022-09-12', '--json']);
  assert.equal(code, 0, err);
  const got = JSON.parse(out);
  assert.equal(got.due, '2022-10-12');
  assert.deepEqual(got.explanation, [
    'Registered on 12 Sep 2022',
    '30 days from 12 Sep 2022 → 12 Oct 2022',
    'Due: 12 Oct 2022',
  ]);
  assert.equal(got.earliestDue, undefined);
  assert.equal(got.steps[1].kind, 'count');
});

test('appeals deadline: extension, Russian, month precision, assumed registration', async () => {
  const ext = JSON.parse(
    (
      await run([
        'deadline',
        '--rule',
        'ru-59fz',
        '--from',
        '2022-09-12',
        '--extended-days',
        '30',
        '--json',
        '--lang',
        'ru',
      ])
    ).out,
  );
  assert.equal(ext.due, '2022-11-11');
  assert.equal(ext.explanation[2], 'Продлено на 30 дней: 12 октября 2022 → 11 ноября 2022');
  const month = JSON.parse(
    (await run(['deadline', '--rule', 'ru-59fz', '--from', '2022-03', '--from-event', 'sent', '--json'])).out,
  );
  assert.deepEqual([month.due, month.earliestDue, month.latestDue], ['2022-05-04', '2022-03-31', '2022-05-04']);
  assert.ok(month.steps.some((s: { kind: string }) => s.kind === 'assumption'));
  const foi = JSON.parse((await run(['deadline', '--rule', 'uk-foi', '--from', '2022-03-01', '--json'])).out);
  assert.equal(foi.due, '2022-03-30');
  const ifg = JSON.parse((await run(['deadline', '--rule', 'de-ifg', '--from', '2023-01-31', '--json'])).out);
  assert.equal(ifg.due, '2023-02-28');
});

test("appeals deadline: the body's own days off and working days", async () => {
  const moved = JSON.parse(
    (await run(['deadline', '--rule', 'ru-59fz', '--from', '2022-02-03', '--working-day', '2022-03-05', '--json'])).out,
  );
  assert.equal(moved.due, '2022-03-05');
  const off = JSON.parse(
    (
      await run([
        'deadline',
        '--rule',
        'ru-59fz',
        '--from',
        '2022-09-12',
        '--day-off',
        '2022-10-12',
        '--day-off',
        '2022-10-13',
        '--json',
      ])
    ).out,
  );
  assert.equal(off.due, '2022-10-14');
});

test('appeals deadline: a custom rule as JSON', async () => {
  const rule = { ...DEADLINE_PRESETS['ru-59fz'], id: 'council-14', amount: 14 };
  const { code, out } = await run(['deadline', '--rule-json', JSON.stringify(rule), '--from', '2022-09-12', '--json']);
  assert.equal(code, 0);
  assert.equal(JSON.parse(out).due, '2022-09-26');
});

test('appeals deadline without --json prints the explanation as lines', async () => {
  const { code, out } = await run(['deadline', '--rule', 'ru-59fz', '--from', '2022-09-09']);
  assert.equal(code, 0);
  assert.equal(
    out,
    'Registered on 9 Sep 2022\n30 days from 9 Sep 2022 → 9 Oct 2022\n9 Oct 2022 is a Sunday → next working day 10 Oct 2022\nDue: 10 Oct 2022\n',
  );
});

test('usage errors exit 2 with a message and print nothing on stdout', async () => {
  const rows: Array<[string[], RegExp]> = [
    [['deadline', '--rule', 'us-foia', '--from', '2022-09-12'], /unknown rule "us-foia"/],
    [['deadline', '--rule', 'ru-59fz', '--from', '2022-02-30'], /invalid_date/],
    [['deadline', '--rule', 'ru-59fz', '--from', '12.09.2022'], /invalid_date/],
    [['deadline', '--rule', 'ru-59fz'], /--from DATE is required/],
    [['deadline', '--from', '2022-09-12'], /either --rule/],
    [['deadline', '--rule', 'ru-59fz', '--rule-json', '{}', '--from', '2022-09-12'], /either --rule/],
    [['deadline', '--rule-json', '{', '--from', '2022-09-12'], /not valid JSON/],
    [['deadline', '--rule-json', '{"id":"x"}', '--from', '2022-09-12'], /invalid_deadline_rule/],
    [['deadline', '--rule', 'ru-59fz', '--from', '2022-09-12', '--extended-days', '31'], /extension_exceeds_rule/],
    [['deadline', '--rule', 'ru-59fz', '--from', '2022-09-12', '--extended-days', 'ten'], /whole number/],
    [['deadline', '--rule', 'de-ifg', '--from', '2022-09-12', '--extended-days', '5'], /extension_not_allowed/],
    [['deadline', '--rule', 'uk-foi', '--from', '2022-09-12', '--from-event', 'registered'], /start_event_mismatch/],
    [['deadline', '--rule', 'ru-59fz', '--from', '2022-09-12', '--from-event', 'posted'], /--from-event/],
    [['deadline', '--rule', 'ru-59fz', '--from', '2022-09-12', '--lang', 'de'], /--lang/],
    [
      ['deadline', '--rule', 'ru-59fz', '--from', '2022-09-12', '--day-off', '2022-13-01'],
      /invalid_calendar_additions/,
    ],
    [['deadline', '--rule', 'ru-59fz', '--from', '2022-09-12', '--frm', 'x'], /Unknown option/],
    [['deadline', '--rule', 'ru-59fz', '--from', '2022-09-12', 'extra'], /unexpected argument/],
    [['deadlines'], /unknown subcommand/],
    [[], /name a subcommand/],
  ];
  for (const [args, message] of rows) {
    const { code, out, err } = await run(args);
    assert.equal(code, 2, args.join(' '));
    assert.equal(out, '', args.join(' '));
    assert.match(err, message, args.join(' '));
  }
  await assert.rejects(
    () =>
      command.run(['deadline', '--rule', 'nope', '--from', '2022-09-12'], {
        stdin: new PassThrough(),
        stdout: new PassThrough(),
        stderr: new PassThrough(),
        env: {},
      }),
    UsageError,
  );
});

test('appeals presets lists each preset with its source; --json prints them exactly', async () => {
  const text = await run(['presets']);
  assert.equal(text.code, 0);
  for (const id of Object.keys(DEADLINE_PRESETS)) assert.match(text.out, new RegExp(`^${id}$`, 'm'));
  assert.match(text.out, /Freedom of Information Act 2000, s\.10\(1\), \(3\), \(6\)/);
  // Every rule quotes its act; the Russian roll-forward says it is a convention.
  assert.match(text.out, /art\. 193: "Если последний день срока приходится на нерабочий день/);
  assert.match(text.out, /a convention: 59-FZ says nothing of days off/);
  assert.match(text.out, /§7\(5\) sentence 2: "Der Informationszugang soll innerhalb eines Monats erfolgen\."/);
  const json = await run(['presets', '--json']);
  assert.deepEqual(JSON.parse(json.out), DEADLINE_PRESETS);
});

test('end to end: node bin/quorate.js appeals deadline', () => {
  const bin = fileURLToPath(new URL('../../../bin/quorate.js', import.meta.url));
  const ok = spawnSync(
    process.execPath,
    [bin, 'appeals', 'deadline', '--rule', 'ru-59fz', '--from', '2022-09-12', '--extended-days', '30', '--json'],
    { encoding: 'utf8' },
  );
  assert.equal(ok.status, 0, ok.stderr);
  const got = JSON.parse(ok.stdout);
  assert.equal(got.due, '2022-11-11');
  assert.deepEqual(got.explanation, [
    'Registered on 12 Sep 2022',
    '30 days from 12 Sep 2022 → 12 Oct 2022',
    'Extended by 30 days: 12 Oct 2022 → 11 Nov 2022',
    'Due: 11 Nov 2022',
  ]);
  const bad = spawnSync(
    process.execPath,
    [bin, 'appeals', 'deadline', '--rule', 'ru-59fz', '--from', '2022-02-30', '--json'],
    { encoding: 'utf8' },
  );
  assert.equal(bad.status, 2);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /invalid_date/);
});
