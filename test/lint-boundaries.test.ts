// The layer boundaries are lint rules (biome.jsonc, lint/no-query-builder.grit); these tests keep the
// rules themselves honest: each forbidden import or query, placed where it does not belong, is refused,
// and the same code where it belongs passes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';

const root = new URL('..', import.meta.url).pathname;
const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');

const cases: Array<{ path: string; source: string; refused: RegExp | null }> = [
  {
    path: 'src/domain/log/probe-1.ts',
    source: "import type { Executor } from '../../db/dialects/quorate-dialect.ts';\nexport type X = Executor;\n",
    refused: /imports nothing outside src\/domain/,
  },
  {
    path: 'src/domain/log/probe-2.ts',
    source: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    refused: /does no I\/O/,
  },
  {
    path: 'src/domain/log/probe-3.ts',
    source: "import { sql } from 'kysely';\nexport const x = sql;\n",
    refused: /free of the database/,
  },
  {
    path: 'src/domain/log/probe-4.ts',
    source: "import { sha256 } from './sha256.ts';\nexport const x = sha256;\n",
    refused: null,
  },
  {
    path: 'src/http/routes/probe-5.ts',
    source: "import { sql } from 'kysely';\nexport const x = sql;\n",
    refused: /No Kysely or SQL in src\/http/,
  },
  {
    path: 'src/cli/commands/probe-6.ts',
    source: "export const f = (db: { selectFrom(t: string): unknown }) => db.selectFrom('bodies');\n",
    refused: /No SQL in src\/http\/ or src\/cli\//,
  },
  {
    path: 'src/services/probe-7.ts',
    source: "export const f = (db: { selectFrom(t: string): unknown }) => db.selectFrom('bodies');\n",
    refused: null,
  },
];

// Every probe file in one scratch copy of the configuration (the tree itself is untouched), one run.
function lintAll(): string {
  const dir = mkdtempSync(join(tmpdir(), 'quorate-lint-'));
  try {
    const config = readFileSync(join(root, 'biome.jsonc'), 'utf8');
    writeFileSync(join(dir, 'biome.jsonc'), config.replace(/"useIgnoreFile": true/, '"useIgnoreFile": false'));
    cpSync(join(root, 'lint'), join(dir, 'lint'), { recursive: true });
    for (const c of cases) {
      mkdirSync(dirname(join(dir, c.path)), { recursive: true });
      writeFileSync(join(dir, c.path), c.source);
    }
    const r = spawnSync(process.execPath, [biome, 'lint', '--reporter=github', '--max-diagnostics=none', 'src'], {
      cwd: dir,
      encoding: 'utf8',
    });
    return `${r.stdout}${r.stderr}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const output = lintAll();
const findings = (path: string) =>
  output.split('\n').filter((line) => line.includes(`file=${path},`) || line.includes(`/${path},`));

for (const c of cases) {
  test(`${c.path}: ${c.refused ? `refused (${c.refused.source})` : 'allowed'}`, () => {
    const found = findings(c.path).join('\n');
    if (c.refused) assert.match(found, c.refused, output);
    else assert.equal(found, '', output);
  });
}
