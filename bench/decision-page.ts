// Figures for the public portal: (1) a decision page's requests per second, server-rendered from
// the database, beside bare Fastify answering a constant in the same run, both loaded by
// autocannon from its own process; (2) the Popolo export of a body with 100,000 recorded ballots
// (20,000 with --quick): time, peak memory and the longest event-loop stall, beside a naive dump
// (one query, one JSON.stringify) of the same ballots.
// Run: npx tsx bench/decision-page.ts [--quick]
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../src/db/open-database.ts';
import { migrateToLatest } from '../src/db/migrations.ts';
import { createRuntime } from '../src/services/runtime.ts';
import { createDemo } from '../src/services/demo/create-demo.ts';
import { createBody, fillSeat } from '../src/services/bodies.ts';
import { operatorActor } from '../src/cli/operator.ts';
import { startBareFastify, startQuorate } from './support/processes.ts';
import { figure, printFigures, type Figure } from './support/figure.ts';

const ROOT = join(import.meta.dirname, '..');

interface Load {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

/** autocannon in its own process, for `seconds`, with 10 connections. */
function autocannon(url: string, seconds: number): Promise<Load> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules', 'autocannon', 'autocannon.js'), '--json', '-c', '10', '-d', String(seconds), url],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}`));
      const r = JSON.parse(out);
      resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx + r.errors });
    });
  });
}

function run(
  args: string[],
): Promise<{ ms: number; bytes: number; peakRssMB: number; growthMB: number; maxStallMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'bench', 'load', 'popolo-export.ts'), ...args],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`export process exited ${code}`)),
    );
  });
}

/** A body with `members` named members and `votes` closed roll calls, every member voting in each. */
async function ballotBody(target: string, keysDir: string, members: number, votes: number) {
  const dialect = openDatabase(target);
  await migrateToLatest(dialect);
  const runtime = createRuntime(dialect, { keysDir });
  const slug = 'ballots';
  const created = await createBody(runtime.ctx, operatorActor(), {
    slug,
    names: { en: 'Ballots' },
    establishedSeats: members,
    rules: 'ronr',
  });
  const op = operatorActor(created.id);
  for (let seat = 1; seat <= members; seat++)
    await fillSeat(runtime.ctx, op, slug, { seatNumber: seat, person: { nameEn: `Member ${seat}` } });
  await runtime.close();
  // The record itself is bulk-inserted: the export reads tables, and building 100,000 ballots
  // through the services would take the benchmark's whole budget.
  const db = dialect.db;
  const bodyId = created.id;
  const now = new Date().toISOString();
  const ms = await db.selectFrom('memberships').select('id').where('body_id', '=', bodyId).orderBy('id').execute();
  const sitting = await db
    .insertInto('sittings')
    .values({
      body_id: bodyId,
      title: 'Long sitting',
      date: '2026-11-29',
      starts_at: null,
      place: null,
      status: 'closed',
      historical: 1,
      attendance_mode: 'named',
      headcount_present: null,
      headcount_absent: null,
      headcount_note: null,
      opened_at: null,
      closed_at: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let v = 0; v < votes; v++) {
    const motion = await db
      .insertInto('motions')
      .values({
        body_id: bodyId,
        sitting_id: sitting.id,
        agenda_item_id: null,
        kind: 'ordinary',
        title: `Motion ${v + 1}`,
        text: `That motion ${v + 1} be adopted.`,
        text_blob: null,
        amends_motion_id: null,
        sponsors: '[]',
        status: 'adopted',
        created_at: now,
        entry_index: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const yes = members - (v % 7);
    const vote = await db
      .insertInto('votes')
      .values({
        body_id: bodyId,
        sitting_id: sitting.id,
        motion_id: motion.id,
        method: 'roll_call',
        status: 'closed',
        majority_name: 'ordinary',
        present: members,
        established: members,
        filled: members,
        yes,
        no: members - yes,
        abstain: 0,
        blank: null,
        invalid: null,
        casting_vote: null,
        opened_at: now,
        closed_at: now,
        rule: null,
        outcome: null,
        adopted: 1,
        quorate: 1,
        open_entry: 0,
        close_entry: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('vote_presence')
      .values(ms.map((m) => ({ body_id: bodyId, vote_id: vote.id, membership_id: m.id, recused: 0 })))
      .execute();
    await db
      .insertInto('ballots')
      .values(
        ms.map((m, i) => ({
          body_id: bodyId,
          vote_id: vote.id,
          membership_id: m.id,
          choice: i < yes ? 'yes' : 'no',
          salt: '',
          commitment: '',
          client_ballot_id: null,
          revision: 1,
          cast_at: now,
          entry_index: 0,
        })),
      )
      .execute();
  }
  await dialect.destroy();
  return slug;
}

export async function bench(opts: { quick: boolean }): Promise<Figure[]> {
  const figures: Figure[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'quorate-bench-portal-'));
  const keysDir = join(dir, 'keys');
  const seconds = opts.quick ? 3 : 10;

  // (1) The decision page of the demo body.
  const target = join(dir, 'demo.db');
  const dialect = openDatabase(target);
  await migrateToLatest(dialect);
  const runtime = createRuntime(dialect, { keysDir, publicOrigin: 'http://127.0.0.1' });
  await createDemo(runtime.ctx);
  await runtime.close();
  await dialect.destroy();
  const bare = await startBareFastify();
  let constant: Load;
  try {
    await autocannon(`${bare.address}/constant`, 1);
    constant = await autocannon(`${bare.address}/constant`, seconds);
  } finally {
    await bare.stop();
  }
  // As deployed: React's production build (its development build renders several times slower).
  const server = await startQuorate({ QUORATE_DB: target, QUORATE_KEYS: keysDir, NODE_ENV: 'production' });
  let page: Load;
  try {
    const probe = await fetch(`${server.address}/smolninskoye/votes/1`);
    const html = await probe.text();
    if (probe.status !== 200 || !html.includes('ru-131fz'))
      throw new Error(`the decision page did not render: ${probe.status}`);
    await autocannon(`${server.address}/smolninskoye/votes/1`, 1);
    page = await autocannon(`${server.address}/smolninskoye/votes/1`, seconds);
  } finally {
    await server.stop();
  }
  if (page.non2xx > 0) throw new Error(`${page.non2xx} decision-page requests failed`);
  figures.push(
    figure(
      'decision page, SQLite, 10 connections (req/s vs bare Fastify constant req/s)',
      page.rps,
      'req/s',
      constant.rps,
    ),
    figure('decision page latency p50 (vs bare Fastify p50)', page.p50, 'ms', constant.p50),
    figure('decision page latency p99 (vs bare Fastify p99)', page.p99, 'ms', constant.p99),
  );

  // (2) Popolo export of a body with many recorded ballots.
  const members = 100;
  const votes = opts.quick ? 200 : 1000;
  const ballotsDb = join(dir, 'ballots.db');
  const slug = await ballotBody(ballotsDb, keysDir, members, votes);
  const naive = await run([ballotsDb, slug, 'naive']);
  const streamed = await run([ballotsDb, slug, 'stream']);
  const n = members * votes;
  figures.push(
    figure(
      `Popolo export, ${n.toLocaleString('en')} ballots, SQLite (s vs naive one-query dump of the ballots)`,
      streamed.ms / 1000,
      's',
      naive.ms / 1000,
    ),
    figure(`Popolo export peak RSS (vs naive dump)`, streamed.peakRssMB, 'MiB', naive.peakRssMB),
    figure(`Popolo export longest event-loop stall (vs naive dump)`, streamed.maxStallMs, 'ms', naive.maxStallMs),
    figure(
      `Popolo export size (vs naive dump of ballots only)`,
      streamed.bytes / 2 ** 20,
      'MiB',
      naive.bytes / 2 ** 20,
    ),
  );
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printFigures('decision page and Popolo export', await bench({ quick: process.argv.includes('--quick') }));
}
