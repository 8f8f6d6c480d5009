// The verifiable record at scale (issue "Verifiable record"): integration rate, the delay from a
// sequenced entry to a signed checkpoint that includes it, inclusion and consistency proof time at
// 1M and 10M entries, and full verification of a 1M-entry log — each beside raw SHA-256 or a raw
// SQLite read measured in the same run. --quick uses 100k entries.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../src/db/dialects/sqlite.ts';
import { migrateToLatest } from '../src/db/migrations.ts';
import { createRuntime } from '../src/services/runtime.ts';
import { createBody } from '../src/services/bodies.ts';
import { recordDispute } from '../src/services/disputes.ts';
import { scheduleSitting } from '../src/services/sittings.ts';
import { inclusionProof, consistencyProof } from '../src/services/log/log-reads.ts';
import { DatabaseLogSource } from '../src/services/verify/log-source.ts';
import { verifyLog } from '../src/services/verify/verify-log.ts';
import { bodyKey } from '../src/services/log/signing-keys.ts';
import { sha256 } from '../src/services/service-context.ts';
import { encodeEntry } from '../src/domain/entries/record-entry.ts';
import { operatorActor } from '../src/cli/operator.ts';
import { figure, printFigures, type Figure } from './support/figure.ts';

async function grow(dialect: ReturnType<typeof openSqlite>, bodyId: number, from: number, to: number) {
  const recordedAt = new Date().toISOString();
  for (let i = from; i < to; i += 5000) {
    const end = Math.min(to, i + 5000);
    await dialect.db.transaction().execute(async (trx) => {
      const rows = [];
      for (let k = i; k < end; k++) {
        const bytes = encodeEntry({
          v: 1,
          type: 'dispute.recorded',
          body: 'scale',
          recordedAt,
          data: {
            dispute: k,
            target: { type: 'sitting', id: 1 },
            claimant: 'A resident',
            claim: `Objection number ${k}`,
            source: null,
            occurredOn: null,
          },
        });
        rows.push({ body_id: bodyId, idx: k, type: 'dispute.recorded', bytes, recorded_at: recordedAt });
      }
      for (let j = 0; j < rows.length; j += 1000)
        await trx
          .insertInto('entries')
          .values(rows.slice(j, j + 1000))
          .execute();
      await trx.updateTable('log_heads').set({ next_index: end }).where('body_id', '=', bodyId).execute();
    });
  }
}

function timeIt<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

export async function bench(opts: { quick: boolean }): Promise<Figure[]> {
  const sizes = opts.quick ? [100_000] : [1_000_000, 10_000_000];
  const dir = mkdtempSync(join(tmpdir(), 'quorate-scale-'));
  const figures: Figure[] = [];
  const dialect = openSqlite(join(dir, 'scale.db'));
  try {
    await migrateToLatest(dialect);
    const runtime = createRuntime(dialect, { keysDir: join(dir, 'keys') });
    const ctx = runtime.ctx;
    await createBody(ctx, operatorActor(), {
      slug: 'scale',
      names: { en: 'Scale' },
      establishedSeats: 10,
      rules: 'ronr',
    });
    const body = await dialect.db
      .selectFrom('bodies')
      .select(['id', 'origin'])
      .where('slug', '=', 'scale')
      .executeTakeFirstOrThrow();
    const clerk = operatorActor(body.id);
    await scheduleSitting(ctx, clerk, 'scale', { title: 'A sitting', date: '2026-11-29' });
    await runtime.integrator.integrateNow(body.id);
    let size = (
      await dialect.db
        .selectFrom('log_heads')
        .select('next_index')
        .where('body_id', '=', body.id)
        .executeTakeFirstOrThrow()
    ).next_index;
    for (const target of sizes) {
      const label = target >= 1_000_000 ? `${target / 1_000_000}M` : `${target / 1000}k`;
      await grow(dialect, body.id, size, target);
      // Baseline: raw SHA-256 over every new entry's bytes, twice (a leaf and about one node each).
      const rows = await dialect.db
        .selectFrom('entries')
        .select('bytes')
        .where('body_id', '=', body.id)
        .where('idx', '>=', size)
        .where('idx', '<', Math.min(target, size + 200_000))
        .execute();
      const [, rawMs] = timeIt(() => {
        for (const r of rows) {
          sha256(sha256(r.bytes));
        }
      });
      const rawRate = rows.length / (rawMs / 1000);
      const t0 = performance.now();
      await runtime.integrator.integrateNow(body.id);
      const integrated = target - size;
      figures.push(
        figure(
          `integration rate to ${label} entries (vs raw SHA-256 ×2 per entry)`,
          integrated / ((performance.now() - t0) / 1000),
          'entries/s',
          rawRate,
        ),
      );
      size = target;

      // Proofs: average over 200 random leaves, against a raw primary-key read of one entry.
      const n = 200;
      const pick = (k: number) => Math.floor((((k * 2654435761) % 2 ** 32) / 2 ** 32) * size);
      let t = performance.now();
      for (let k = 0; k < n; k++) await inclusionProof(dialect.db, 'scale', pick(k), size);
      const incl = (performance.now() - t) / n;
      t = performance.now();
      for (let k = 0; k < n; k++) await consistencyProof(dialect.db, 'scale', Math.max(1, pick(k)), size);
      const cons = (performance.now() - t) / n;
      const raw = dialect.db;
      t = performance.now();
      for (let k = 0; k < n; k++)
        await raw
          .selectFrom('entries')
          .select('bytes')
          .where('body_id', '=', body.id)
          .where('idx', '=', pick(k))
          .executeTakeFirst();
      const read = (performance.now() - t) / n;
      figures.push(
        figure(`inclusion proof at ${label} (vs one raw SQLite entry read)`, incl, 'ms', read),
        figure(`consistency proof at ${label} (vs one raw SQLite entry read)`, cons, 'ms', read),
      );
      if (target <= 1_000_000) {
        const source = new DatabaseLogSource(dialect, body.id, 'scale');
        const all = await dialect.db.selectFrom('entries').select('bytes').where('body_id', '=', body.id).execute();
        const [, hashAll] = timeIt(() => {
          for (const r of all) sha256(r.bytes);
        });
        const v0 = performance.now();
        const report = await verifyLog(source, { key: bodyKey(join(dir, 'keys'), 'scale', body.origin).vkey });
        if (!report.ok) throw new Error(`verification failed: ${JSON.stringify(report.problem)}`);
        figures.push(
          figure(
            `full verification of a ${label}-entry log (vs raw SHA-256 of every entry)`,
            (performance.now() - v0) / 1000,
            's',
            hashAll / 1000,
          ),
        );
      }
    }
    // Delay from one sequenced entry to a signed checkpoint that includes it, at the largest size.
    const delays: number[] = [];
    const commits: number[] = [];
    for (let k = 0; k < 20; k++) {
      const t = performance.now();
      const { entryIndex } = await recordDispute(ctx, clerk, 'scale', {
        targetType: 'sitting',
        targetId: 1,
        claimant: 'A resident',
        claim: `late ${k}`,
      });
      commits.push(performance.now() - t);
      for (;;) {
        const s = await dialect.db
          .selectFrom('log_state')
          .select('size')
          .where('body_id', '=', body.id)
          .executeTakeFirstOrThrow();
        if (s.size > entryIndex) break;
        await new Promise((r) => setImmediate(r));
      }
      delays.push(performance.now() - t);
    }
    delays.sort((a, b) => a - b);
    commits.sort((a, b) => a - b);
    figures.push(
      figure(
        `sequenced entry → signed checkpoint including it, median of 20 (vs the entry's own durable commit)`,
        delays[10]!,
        'ms',
        commits[10]!,
      ),
    );
    await runtime.close();
  } finally {
    await dialect.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`)
  printFigures('log at scale', await bench({ quick: process.argv.includes('--quick') }));
