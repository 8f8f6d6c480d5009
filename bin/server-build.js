// The server's JavaScript build: src/ compiled by tsc (tsconfig.build.json) into dist/server/,
// with the files the code reads beside itself at run time (the demo story's JSON, the CSS)
// copied alongside, and a stamp saying when the build started. `bin/quorate.js` runs dist/server/
// when the stamp is newer than every source, so a start does not compile TypeScript.
//
//   node bin/server-build.js           build unless dist/server/ is current
//   node bin/server-build.js --force   build anyway
//
// Plain JavaScript on purpose: it must run before anything is compiled and without tsx.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(import.meta.dirname, '..');
const OUT = 'dist/server';
const STAMP = 'build.json';
/** The configuration the build reads besides src/: a change to it makes the build stale too. */
const CONFIG = ['tsconfig.json', 'tsconfig.build.json'];

/** Files under src/ that go into the build: everything but tests and READMEs. */
function isSource(name) {
  return !/\.test\.tsx?$/.test(name) && !name.endsWith('.md');
}

function newestSource(dir, newest = 0) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = newestSource(path, newest);
    else if (isSource(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Whether dist/server/ can run: 'current' (built after the last change to any source),
 * 'stale' (a source changed since), 'missing' (never built, or the last build failed), or
 * 'no-sources' (an installed copy without src/: the build is all there is).
 *
 * @example buildState('/srv/quorate') // { state: 'current', entry: '/srv/quorate/dist/server/cli/main.js' }
 */
export function buildState(root = ROOT) {
  const entry = join(root, OUT, 'cli', 'main.js');
  const stampPath = join(root, OUT, STAMP);
  const built = existsSync(stampPath) && existsSync(entry);
  if (!existsSync(join(root, 'src'))) return { state: built ? 'current' : 'missing', entry };
  if (!built) return { state: 'missing', entry };
  const { startedAt } = JSON.parse(readFileSync(stampPath, 'utf8'));
  let newest = newestSource(join(root, 'src'));
  for (const file of CONFIG)
    if (existsSync(join(root, file))) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return { state: newest <= startedAt ? 'current' : 'stale', entry };
}

function copyAssets(from, to) {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (entry.isDirectory()) copyAssets(source, join(to, entry.name));
    else if (isSource(entry.name) && !/\.tsx?$/.test(entry.name)) {
      mkdirSync(to, { recursive: true });
      copyFileSync(source, join(to, entry.name));
    }
  }
}

/** Compiles src/ into a clean dist/server/; returns tsc's exit code (the stamp is written only on 0). */
export function buildServer(root = ROOT) {
  const startedAt = Date.now();
  rmSync(join(root, OUT), { recursive: true, force: true });
  const typescript = createRequire(join(root, 'package.json')).resolve('typescript/package.json');
  const tsc = join(dirname(typescript), 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) return run.status ?? 1;
  copyAssets(join(root, 'src'), join(root, OUT));
  writeFileSync(join(root, OUT, STAMP), `${JSON.stringify({ startedAt })}\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const force = process.argv.includes('--force');
  const { state } = buildState();
  if (!force && state === 'current') {
    console.log(`${relative(process.cwd(), join(ROOT, OUT)) || OUT}: current, nothing to build`);
  } else {
    const began = Date.now();
    const code = buildServer();
    if (code === 0) console.log(`${OUT}: built in ${((Date.now() - began) / 1000).toFixed(1)} s`);
    else
      console.error(`${OUT}: tsc failed (exit ${code}); \`npx quorate\` runs the sources through tsx until it builds`);
    process.exitCode = code;
  }
}
