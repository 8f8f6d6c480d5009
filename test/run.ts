// Finds every *.test.ts under src/ and test/, runs them with node:test (one process per file),
// prints the spec report and a closing line "N passed, N failed, N skipped".
// Usage: tsx test/run.ts [filter-substring ...]
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { availableParallelism } from 'node:os';

const root = join(import.meta.dirname, '..');

function findTests(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith('.test.ts') || name.endsWith('.test.tsx')) out.push(path);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = [...findTests(join(root, 'src'), []), ...findTests(join(root, 'test'), [])]
  .filter((f) => filters.length === 0 || filters.some((s) => relative(root, f).includes(s)))
  .sort();

if (files.length === 0) {
  console.error('test/run.ts: no test files matched');
  process.exit(1);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const stream = run({
  files,
  concurrency: Math.max(1, Math.min(availableParallelism(), 2)),
  timeout: 10 * 60_000,
});
stream.on('test:pass', (event) => {
  if (event.details.type === 'suite') return;
  if (event.skip || event.todo) skipped++;
  else passed++;
});
stream.on('test:fail', (event) => {
  if (event.details.type === 'suite') {
    // A suite fails on its own only when its hook or body throws; its tests report themselves.
    const err = event.details.error as { failureType?: string } | undefined;
    if (err?.failureType === 'subtestsFailed') return;
  }
  failed++;
});
stream.compose(new spec()).pipe(process.stdout);
await new Promise<void>((resolve) => stream.on('end', resolve));
// Let the reporter flush before the summary.
await new Promise((r) => setImmediate(r));
console.log(`\n${files.length} test files`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
