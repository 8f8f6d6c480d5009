// Benchmark: a failed sign-in for an unknown username beside one for a known username (wrong
// password), through the whole app on SQLite, interleaved so both see the same machine load. An
// unknown name must cost the same scrypt work as a known one, so the two should match; the test
// suite checks the mechanism (one scrypt derivation each), this measures it.
// Run: npx tsx bench/sign-in.ts [--quick]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../src/db/open-database.ts';
import { migrateToLatest } from '../src/db/migrations.ts';
import { createServiceContext } from '../src/services/service-context.ts';
import { createUser } from '../src/services/accounts.ts';
import { buildApp } from '../src/http/app.ts';
import { operatorActor } from '../src/cli/operator.ts';
import { figure, percentile, type Figure } from './support/figure.ts';

export async function bench(opts: { quick: boolean }): Promise<Figure[]> {
  const n = opts.quick ? 30 : 200;
  const dir = mkdtempSync(join(tmpdir(), 'quorate-bench-sign-in-'));
  const dialect = openDatabase(join(dir, 'bench.db'));
  try {
    await migrateToLatest(dialect);
    const ctx = createServiceContext(dialect, { keysDir: join(dir, 'keys') });
    const app = await buildApp({ ctx });
    await createUser(ctx, operatorActor(), {
      username: 'clerk',
      displayName: 'Clerk',
      password: 'correct horse battery',
    });
    const attempt = async (username: string) => {
      // Each attempt starts with no counted failures, so neither side is ever refused unchecked.
      await dialect.db.deleteFrom('sign_in_failures').execute();
      const t0 = process.hrtime.bigint();
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username, password: 'wrong horse battery' },
      });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.statusCode !== 401) throw new Error(`expected 401, got ${r.statusCode}: ${r.body}`);
      return ms;
    };
    for (let i = 0; i < 5; i++) {
      await attempt('clerk');
      await attempt(`nobody${i}`);
    }
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < n; i++) {
      if (i % 2 === 0) {
        known.push(await attempt('clerk'));
        unknown.push(await attempt(`nobody-${i}`));
      } else {
        unknown.push(await attempt(`nobody-${i}`));
        known.push(await attempt('clerk'));
      }
    }
    known.sort((a, b) => a - b);
    unknown.sort((a, b) => a - b);
    await app.close();
    const figures = [
      figure(
        `failed sign-in, unknown username, median (baseline: known username) (${n} each)`,
        percentile(unknown, 50),
        'ms',
        percentile(known, 50),
      ),
      figure(
        `failed sign-in, unknown username, p95 (baseline: known username) (${n} each)`,
        percentile(unknown, 95),
        'ms',
        percentile(known, 95),
      ),
    ];
    console.table(figures);
    return figures;
  } finally {
    await dialect.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bench({ quick: process.argv.includes('--quick') });
}
