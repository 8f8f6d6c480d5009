// The dependency list tells the truth: every locked package runs on every Node that package.json's
// `engines` admits (cookie 2 wanted Node 22 while we admit 20.19; it is held at 1.x by an
// override), and every declared dependency is used where its kind says — a runtime dependency by
// src/ or bin/, a development one by the tests, benchmarks or build.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};

interface Manifest {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) continue;
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.(ts|tsx|js)$/.test(name)) out.push(path);
  }
  return out;
}

/** Whether any of the files names the package as a module specifier ('name', 'name/…', `name/…`). */
function named(files: string[], pkg: string): boolean {
  const specifier = new RegExp(`['"\`]${pkg.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/[^'"\`]*)?['"\`]`);
  return files.some((f) => specifier.test(readFileSync(f, 'utf8')));
}

describe('dependencies', () => {
  test('every locked package admits the lowest Node our engines allow, and this Node', () => {
    const lowest = semver.minVersion(manifest.engines.node)?.version;
    assert.ok(lowest, `engines.node ${manifest.engines.node} has a lowest version`);
    const refused: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const range = !entry.engines || Array.isArray(entry.engines) ? undefined : entry.engines.node;
      if (!path || !range) continue;
      for (const node of [lowest, process.versions.node]) {
        if (!semver.satisfies(node, range)) refused.push(`${path}@${entry.version} wants node ${range}, not ${node}`);
      }
    }
    assert.deepEqual(refused, []);
  });

  test('every runtime dependency is used by src/ or bin/, every development one by tests, benchmarks or the build', () => {
    const all = sources(join(root, 'src')).concat(sources(join(root, 'bin')));
    const runtime = all.filter((f) => !/\.test\.tsx?$/.test(f));
    const unused = Object.keys(manifest.dependencies).filter((pkg) => !named(runtime, pkg));
    assert.deepEqual(unused, [], 'runtime dependencies nothing in src/ or bin/ imports');

    const devFiles = sources(join(root, 'test')).concat(
      sources(join(root, 'bench')),
      all.filter((f) => /\.test\.tsx?$/.test(f)),
      [join(root, 'vite.config.ts')],
    );
    // Type packages and the compiler are used by `tsc`, not imported.
    const devUnused = Object.keys(manifest.devDependencies).filter(
      (pkg) => !pkg.startsWith('@types/') && pkg !== 'typescript' && !named(devFiles, pkg),
    );
    assert.deepEqual(devUnused, [], 'development dependencies nothing in test/, bench/ or the build imports');
  });
});
