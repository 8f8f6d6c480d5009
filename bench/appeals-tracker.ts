// Benchmark: the appeals tracker's read path and the upload check.
// (1) listAppeals for a body with 1,000 appeals (200 with --quick) on SQLite: every status is
// derived at read time (no stored status, no scheduler), beside a baseline measured in the same
// run: the same rows read by the same two queries (appeals, events) with no derivation at all.
// The ratio is what "derived, never stored" costs a tracker page.
// (2) checkAttachment on a 10 MiB PDF and a 10 MiB plain-text file, beside SHA-256 of the same
// bytes (which storing them content-addressed costs anyway).
// Run: npx tsx bench/appeals-tracker.ts [--quick]
import type { AppealEventType } from '../src/domain/appeals/appeal-event.ts';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../src/db/open-database.ts';
import { migrateToLatest } from '../src/db/migrations.ts';
import { createServiceContext } from '../src/services/service-context.ts';
import { createBody } from '../src/services/bodies.ts';
import { addAuthority } from '../src/services/appeals/authorities.ts';
import { listAppeals } from '../src/services/appeals/appeal-reads.ts';
import { operatorActor } from '../src/cli/operator.ts';
import { checkAttachment, MAX_ATTACHMENT_BYTES } from '../src/domain/attachments/check-attachment.ts';
import { addDays } from '../src/domain/dates/civil-date.ts';
import { figure, printFigures, type Figure } from './support/figure.ts';

/** Median wall time of `runs` calls, in milliseconds, after one warm-up call. */
async function median(runs: number, work: () => Promise<unknown> | unknown): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

export async function bench({ quick }: { quick: boolean }): Promise<Figure[]> {
  const n = quick ? 200 : 1000;
  const dir = mkdtempSync(join(tmpdir(), 'quorate-bench-appeals-'));
  const dialect = openDatabase(join(dir, 'bench.db'));
  try {
    await migrateToLatest(dialect);
    const ctx = createServiceContext(dialect, { now: () => new Date('2026-11-29T09:00:00Z') });
    const created = await createBody(ctx, operatorActor(), {
      slug: 'appeals',
      names: { en: 'Appeals' },
      establishedSeats: 10,
      rules: 'ronr',
      timeZone: 'Europe/Moscow',
    });
    const op = operatorActor(created.id);
    const authorities = [];
    for (const rule of ['ru-59fz', 'uk-foi', 'de-ifg'])
      authorities.push((await addAuthority(ctx, op, 'appeals', { names: { en: `Authority ${rule}` }, rule })).id);
    const rules = await dialect.db
      .selectFrom('authorities')
      .select(['id', 'rule'])
      .where('body_id', '=', created.id)
      .execute();
    // The rows are bulk-inserted, as a long-running tracker would hold them: a mix of months and
    // days, registrations, extensions, replies with and without dates.
    const now = new Date().toISOString();
    for (let i = 0; i < n; i++) {
      const a = rules[i % rules.length]!;
      const sent = addDays('2019-01-07', i * 3);
      const row = await dialect.db
        .insertInto('appeals')
        .values({
          body_id: created.id,
          authority_id: a.id,
          decision_id: null,
          title: `Appeal ${i + 1}`,
          summary: null,
          sender_kind: 'body',
          sender_membership_id: null,
          channel: 'post',
          reference: null,
          rule: a.rule,
          details_blob: null,
          created_at: now,
          entry_index: 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const events: Array<{
        type: AppealEventType;
        occurred_on: string | null;
        classification?: string;
        days?: number;
      }> = [{ type: 'sent', occurred_on: i % 10 === 0 ? sent.slice(0, 7) : sent }];
      if (i % 3 === 0) events.push({ type: 'registered', occurred_on: addDays(sent, 2) });
      if (i % 7 === 0 && a.rule.includes('"ru-59fz"'))
        events.push({ type: 'extended', occurred_on: addDays(sent, 20), days: 30 });
      if (i % 4 === 0)
        events.push({
          type: 'reply_received',
          occurred_on: i % 8 === 0 ? null : addDays(sent, 25),
          classification: 'form_reply',
        });
      await dialect.db
        .insertInto('appeal_events')
        .values(
          events.map((e) => ({
            body_id: created.id,
            appeal_id: row.id,
            type: e.type,
            occurred_on: e.occurred_on,
            classification: e.classification ?? null,
            days: e.days ?? null,
            notice: null,
            to_authority_id: null,
            reason: null,
            reference: null,
            text_blob: null,
            recorded_at: now,
            entry_index: 0,
          })),
        )
        .execute();
    }
    void authorities;
    const runs = quick ? 5 : 15;
    const listed = await median(runs, () => listAppeals(ctx, 'appeals', { limit: 50, offset: 0 }));
    const raw = await median(runs, async () => {
      await dialect.db
        .selectFrom('appeals')
        .selectAll()
        .where('body_id', '=', created.id)
        .orderBy('id', 'desc')
        .execute();
      await dialect.db
        .selectFrom('appeal_events')
        .selectAll()
        .where('body_id', '=', created.id)
        .orderBy('id')
        .execute();
    });

    const pdf = new Uint8Array(MAX_ATTACHMENT_BYTES);
    pdf.set(new TextEncoder().encode('%PDF-1.7\n'));
    const text = new TextEncoder().encode(
      'Ответ на обращение. Your proposal has been considered.\n'.repeat(Math.floor(MAX_ATTACHMENT_BYTES / 80)),
    );
    const checkPdf = await median(runs, () =>
      checkAttachment({ name: 'reply.pdf', mediaType: 'application/pdf', bytes: pdf }),
    );
    const checkText = await median(runs, () =>
      checkAttachment({ name: 'reply.txt', mediaType: 'text/plain', bytes: text }),
    );
    const hashPdf = await median(runs, () => createHash('sha256').update(pdf).digest());
    const hashText = await median(runs, () => createHash('sha256').update(text).digest());

    const figures = [
      figure(`listAppeals, ${n} appeals, statuses derived (baseline: the same rows, not derived)`, listed, 'ms', raw),
      figure(`  per appeal`, (listed / n) * 1000, 'µs', (raw / n) * 1000),
      figure('checkAttachment, 10 MiB PDF (baseline: SHA-256 of it)', checkPdf, 'ms', hashPdf),
      figure(
        `checkAttachment, ${(text.length / 2 ** 20).toFixed(1)} MiB UTF-8 text (baseline: SHA-256 of it)`,
        checkText,
        'ms',
        hashText,
      ),
    ];
    return figures;
  } finally {
    await dialect.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printFigures('appeals-tracker', await bench({ quick: process.argv.includes('--quick') }));
}
