// Deadlines are civil dates: the machine's time zone must not move one. The same computations run
// in child processes under UTC+14, UTC−11 and a zone with daylight saving and must
// give byte-identical answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const probe = `
const { computeDeadline } = await import(${JSON.stringify(here('./compute-deadline.ts'))});
const { deadlinePreset } = await import(${JSON.stringify(here('./deadline-rule.ts'))});
const { deriveAppealStatus } = await import(${JSON.stringify(here('./derive-appeal-status.ts'))});
const cases = [
  ['ru-59fz', '2021-12-02'], ['ru-59fz', '2022-12-03'], ['ru-59fz', '2022-03'], ['ru-59fz', '2024-01-30'],
  ['uk-foi', '2022-12-14'], ['uk-foi', '2022-03-01'], ['uk-foi', '2024-02'], ['uk-foi', '2023-03-24'],
  ['de-ifg', '2022-11-25'], ['de-ifg', '2024-01-31'], ['de-ifg', '2023-09-30'], ['de-ifg', '2022-03-27'],
];
const out = cases.map(([id, from]) => computeDeadline(deadlinePreset(id), { from }));
out.push(deriveAppealStatus({}, [{ type: 'sent', on: '2022-03' }], '2026-11-29', deadlinePreset('ru-59fz')));
console.log(JSON.stringify(out));
`;

async function runIn(tz: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', probe],
    {
      env: { ...process.env, TZ: tz },
      encoding: 'utf8',
    },
  );
  return stdout;
}

test('the same deadlines in every time zone', async () => {
  const zones = ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/Los_Angeles'];
  const [utc, ...others] = await Promise.all(zones.map(runIn));
  const parsed = JSON.parse(utc!) as Array<{ due: string }>;
  assert.equal(parsed.length, 13);
  assert.equal(parsed[0]!.due, '2022-01-10');
  others.forEach((out, i) => {
    assert.equal(out, utc, zones[i + 1]);
  });
});
