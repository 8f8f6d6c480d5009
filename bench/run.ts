// `npm run bench` (full) and `npm run bench -- --quick` (under two minutes): runs every benchmark,
// prints its table and writes bench/results/latest.json. `--only=name,name` picks some.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import type { Figure } from './support/figure.ts';
import { printFigures } from './support/figure.ts';

const quick = process.argv.includes('--quick');
const onlyArg = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const only = onlyArg ? new Set(onlyArg.split(',')) : null;

const BENCHES: Record<string, () => Promise<{ bench(o: { quick: boolean }): Promise<Figure[]> }>> = {
  'ballot-intake': () => import('./ballot-intake.ts'),
  fanout: () => import('./fanout.ts'),
  'log-scale': () => import('./log-scale.ts'),
  'decision-page': () => import('./decision-page.ts'),
  'rules-check': () => import('./rules-check.ts'),
  merkle: () => import('./merkle.ts'),
  'appeal-deadlines': () => import('./appeal-deadlines.ts'),
  'appeals-tracker': () => import('./appeals-tracker.ts'),
  'sign-in': () => import('./sign-in.ts'),
  'stv-count': () => import('./stv-count.ts'),
  'paper-search': () => import('./paper-search.ts'),
  'oparl-crawl': () => import('./oparl-crawl.ts'),
};

const all: Array<Figure & { bench: string }> = [];
const started = Date.now();
for (const [name, load] of Object.entries(BENCHES)) {
  if (only && !only.has(name)) continue;
  const t0 = Date.now();
  try {
    const figures = await (await load()).bench({ quick });
    printFigures(`${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`, figures);
    all.push(...figures.map((f) => ({ ...f, bench: name })));
  } catch (err) {
    console.error(`\n${name}: FAILED — ${(err as Error).stack ?? err}`);
    process.exitCode = 1;
  }
}
const out = {
  quick,
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  seconds: Math.round((Date.now() - started) / 1000),
  figures: all,
};
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(join(import.meta.dirname, 'results', 'latest.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(`\nwrote bench/results/latest.json (${all.length} figures, ${out.seconds} s)`);
