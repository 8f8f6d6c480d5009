// bin/quorate.js runs the compiled dist/server/ only when it was built after every source it was
// built from; otherwise it runs src/ through tsx. These cases pin that judgement on a real
// folder: a stale build must never run in place of newer sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildState } from '../bin/server-build.js';

/** A checkout with one source and, when `builtAt` is given, a build stamped at that time (ms). */
function checkout(t: { after(fn: () => void): void }, builtAt?: number) {
  const root = mkdtempSync(join(tmpdir(), 'quorate-build-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  const at = (path: string, ms: number) => utimesSync(join(root, path), ms / 1000, ms / 1000);
  writeFileSync(join(root, 'src', 'cli', 'main.ts'), 'export {};\n');
  at('src/cli/main.ts', 1_000_000);
  if (builtAt !== undefined) {
    mkdirSync(join(root, 'dist', 'server', 'cli'), { recursive: true });
    writeFileSync(join(root, 'dist', 'server', 'cli', 'main.js'), 'export {};\n');
    writeFileSync(join(root, 'dist', 'server', 'build.json'), JSON.stringify({ startedAt: builtAt }));
  }
  const write = (path: string, ms: number) => {
    writeFileSync(join(root, path), '');
    at(path, ms);
  };
  return { root, at, write };
}

test('no build: missing', (t) => {
  assert.equal(buildState(checkout(t).root).state, 'missing');
});

test('built after every source: current, and the entry is the compiled main', (t) => {
  const { root } = checkout(t, 2_000_000);
  assert.deepEqual(buildState(root), { state: 'current', entry: join(root, 'dist', 'server', 'cli', 'main.js') });
});

test('a source changed after the build started: stale', (t) => {
  const { root, at } = checkout(t, 2_000_000);
  at('src/cli/main.ts', 2_000_001);
  assert.equal(buildState(root).state, 'stale');
});

test('a new source file, a new asset or a changed tsconfig makes it stale; a test or a README does not', (t) => {
  for (const [path, stale] of [
    ['src/cli/new.ts', true],
    ['src/cli/story.json', true],
    ['tsconfig.build.json', true],
    ['src/cli/main.test.ts', false],
    ['src/cli/README.md', false],
  ] as const) {
    const { root, write } = checkout(t, 2_000_000);
    write(path, 3_000_000);
    assert.equal(buildState(root).state, stale ? 'stale' : 'current', path);
  }
});

test('a stamp without the compiled entry (an interrupted build) is missing', (t) => {
  const { root } = checkout(t, 2_000_000);
  rmSync(join(root, 'dist', 'server', 'cli', 'main.js'));
  assert.equal(buildState(root).state, 'missing');
});

test('a copy without src/ runs its build as it is', (t) => {
  const { root } = checkout(t, 2_000_000);
  rmSync(join(root, 'src'), { recursive: true });
  assert.equal(buildState(root).state, 'current');
});
