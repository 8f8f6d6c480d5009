// Benchmark: appeal deadlines. (1) computeDeadline over a fixed mix of cases (three presets,
// start dates 2000–2040, one in ten known only to the month), beside a baseline measured in the
// same run: the obvious implementation that walks day by day and asks the holiday library
// `isHoliday` for every day (on the first cases only: it is far slower). The two must agree on
// every case the baseline runs before any figure is printed.
// (2) deriveAppealStatus for a tracker page of appeals, beside computeDeadline alone on the same
// appeals (the floor: what the status adds on top of the deadline).
// Run: npx tsx bench/appeal-deadlines.ts [--quick]
import { pathToFileURL } from 'node:url';
import Holidays from 'date-holidays';
import { computeDeadline } from '../src/domain/appeals/compute-deadline.ts';
import { DEADLINE_PRESETS } from '../src/domain/appeals/deadline-rule.ts';
import type { DeadlineRule } from '../src/domain/appeals/deadline-rule.ts';
import { deriveAppealStatus } from '../src/domain/appeals/derive-appeal-status.ts';
import { addDays, addMonths, weekday } from '../src/domain/dates/civil-date.ts';

import type { Figure } from './support/figure.ts';
import { seededRandom } from './support/random.ts';
export type { Figure };

const random = seededRandom;

interface Case {
  rule: DeadlineRule;
  from: string;
}

function generateCases(n: number, seed = 7): Case[] {
  const next = random(seed);
  const rules = Object.values(DEADLINE_PRESETS);
  const out: Case[] = [];
  for (let i = 0; i < n; i++) {
    const rule = rules[Math.floor(next() * rules.length)]!;
    const day = addDays('2000-01-01', Math.floor(next() * 14_975)); // to 2040-12-31
    out.push({ rule, from: next() < 0.1 ? day.slice(0, 7) : day });
  }
  return out;
}

// The baseline: one library instance per calendar, asked about each day as a Date at UTC noon.
const libraries = new Map<string, Holidays[]>();
function naiveWorking(rule: DeadlineRule, day: string): boolean {
  const key = JSON.stringify(rule.calendar);
  let libs = libraries.get(key);
  if (!libs) {
    const regions = Array.isArray(rule.calendar.regions) ? rule.calendar.regions : [null];
    libs = regions.map((r) =>
      r === null
        ? new Holidays(rule.calendar.country, { types: ['public'] })
        : new Holidays(rule.calendar.country, r, { types: ['public'] }),
    );
    libraries.set(key, libs);
  }
  const wd = weekday(day);
  if (wd === 0 || wd === 6) return false;
  const date = new Date(`${day}T12:00:00Z`);
  return !libs.some((lib) => (lib.isHoliday(date) || []).some((h) => h.type === 'public'));
}

function naiveDueFromDay(rule: DeadlineRule, start: string): string {
  let day = addDays(start, rule.startOffsetDays);
  if (rule.kind === 'calendar_days') day = addDays(day, rule.amount - 1);
  else if (rule.kind === 'months') day = addMonths(start, rule.amount).date;
  else {
    for (let counted = naiveWorking(rule, day) ? 1 : 0; counted < rule.amount; ) {
      day = addDays(day, 1);
      if (naiveWorking(rule, day)) counted++;
    }
  }
  if (rule.rollForward) while (!naiveWorking(rule, day)) day = addDays(day, 1);
  return day;
}

function naiveDue(c: Case): string {
  // A range's latest due date: start from the last day of the month (rules start from their own event).
  if (c.from.length === 7) {
    const last = addDays(addMonths(`${c.from}-01`, 1).date, -1);
    return naiveDueFromDay(c.rule, last);
  }
  return naiveDueFromDay(c.rule, c.from);
}

function timed<T>(body: () => T): { seconds: number; cpu: number; result: T } {
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = body();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds, cpu: (cpu.user + cpu.system) / 1e6, result };
}

export async function bench(opts: { quick: boolean }): Promise<Figure[]> {
  const n = opts.quick ? 5_000 : 50_000;
  const cases = generateCases(n);
  // The baseline is ~300 times slower: it runs on the first cases only, and rates are compared.
  const m = opts.quick ? 200 : 1_000;
  const sample = cases.slice(0, m);
  // Warm both paths (and every year's holiday table both sides use) before the clock starts.
  for (const c of cases) computeDeadline(c.rule, { from: c.from });
  for (const c of sample) naiveDue(c);
  const ours = timed(() => cases.map((c) => computeDeadline(c.rule, { from: c.from }).due));
  const base = timed(() => sample.map(naiveDue));
  const mismatch = sample.findIndex((_, i) => ours.result[i] !== base.result[i]);
  if (mismatch >= 0)
    throw new Error(
      `baseline disagrees on ${JSON.stringify(cases[mismatch])}: ${ours.result[mismatch]} vs ${base.result[mismatch]}`,
    );

  // A tracker page: appeals sent 2015–2026, a quarter answered, as of one day.
  const next = random(11);
  const rule = DEADLINE_PRESETS['ru-59fz']!;
  const appeals = Array.from({ length: opts.quick ? 2_000 : 20_000 }, () => {
    const sent = addDays('2015-01-01', Math.floor(next() * 4_300));
    return next() < 0.25
      ? [
          { type: 'sent' as const, on: sent },
          { type: 'reply_received' as const, on: addDays(sent, 20), classification: 'form_reply' as const },
        ]
      : [{ type: 'sent' as const, on: sent }];
  });
  for (const events of appeals.slice(0, 500)) deriveAppealStatus({}, events, '2026-11-29', rule);
  const status = timed(() => appeals.map((events) => deriveAppealStatus({}, events, '2026-11-29', rule).status));
  const floor = timed(() =>
    appeals.map((events) => computeDeadline(rule, { from: events[0]!.on, fromEvent: 'sent' }).due),
  );

  const figures: Figure[] = [
    {
      name: `computeDeadline throughput (${n} mixed cases; baseline on the first ${m})`,
      value: Math.round(n / ours.seconds),
      unit: 'deadlines/s',
      baseline: Math.round(m / base.seconds),
      ratio: +(n / ours.seconds / (m / base.seconds)).toFixed(1),
    },
    // CPU time per case as well: on a shared machine it moves less with other people's load.
    {
      name: 'computeDeadline CPU time per deadline',
      value: +((ours.cpu / n) * 1e6).toFixed(1),
      unit: 'µs',
      baseline: +((base.cpu / m) * 1e6).toFixed(1),
      ratio: +(ours.cpu / n / (base.cpu / m)).toFixed(4),
    },
    {
      name: `deriveAppealStatus throughput (${appeals.length} appeals)`,
      value: Math.round(appeals.length / status.seconds),
      unit: 'appeals/s',
      baseline: Math.round(appeals.length / floor.seconds),
      ratio: +(floor.seconds / status.seconds).toFixed(2),
    },
  ];
  console.log(
    'bench/appeal-deadlines: baseline 1 = day-by-day walk asking date-holidays isHoliday per day (same answers); baseline 2 = computeDeadline alone',
  );
  console.table(figures);
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bench({ quick: process.argv.includes('--quick') });
}
