// OParl (issue 19): a full crawl of a body with 1,000 sittings and 20,000 named votes (100 and 2,000
// with --quick) — every list of the body paged at the spec's default of 100, then again with the
// lists built (the crawl a syncing client repeats) — beside the same record read through the JSON
// API in the same run: the sittings list, each sitting, each vote with its named ballots, the members.
// Both through the same in-process Fastify (inject), so the figures compare the reads, not a network.
// The record is built through the services (every fact an entry), as a council would build it.
// Run: npx tsx bench/oparl-crawl.ts [--quick]    (SQLite in a temporary folder)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../src/db/open-database.ts';
import { migrateToLatest } from '../src/db/migrations.ts';
import { createRuntime } from '../src/services/runtime.ts';
import { buildApp } from '../src/http/app.ts';
import { createBody, fillSeat } from '../src/services/bodies.ts';
import { markAttendance, scheduleSitting, setSittingStatus } from '../src/services/sittings.ts';
import { tableMotion } from '../src/services/motions.ts';
import { closeVote, openVote, recordRollCall } from '../src/services/votes.ts';
import { operatorActor } from '../src/cli/operator.ts';
import { figure, printFigures, type Figure } from './support/figure.ts';

const MEMBERS = 20;
const SLUG = 'crawl';

type Inject = Awaited<ReturnType<typeof buildApp>>['inject'];

async function get(inject: Inject, url: string): Promise<unknown> {
  const r = await inject({ method: 'GET', url });
  if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 200)}`);
  return r.json();
}

/** Every list of the body, page by page, as a client that knows only /oparl/v1/system does. */
async function oparlCrawl(inject: Inject): Promise<{ requests: number; objects: number }> {
  let requests = 0;
  let objects = 0;
  const body = (await get(inject, `/oparl/v1/body/${SLUG}`)) as Record<string, unknown>;
  requests++;
  const lists = Object.values(body).filter(
    (v): v is string => typeof v === 'string' && /\/oparl\/v1\/body\/[^/]+\/[a-z]+$/.test(v),
  );
  for (const list of lists) {
    let url: string | undefined = new URL(list).pathname;
    while (url) {
      const page = (await get(inject, url)) as { data: unknown[]; links: { next?: string } };
      requests++;
      objects += page.data.length;
      url = page.links.next ? new URL(page.links.next).pathname + new URL(page.links.next).search : undefined;
    }
  }
  return { requests, objects };
}

/** The same record through the JSON API: sittings (paged), each sitting, each vote, the members. */
async function apiReads(inject: Inject): Promise<{ requests: number }> {
  let requests = 0;
  const api = `/api/v1/bodies/${SLUG}`;
  const sittings: number[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = (await get(inject, `${api}/sittings?limit=500&offset=${offset}`)) as { items: Array<{ id: number }> };
    requests++;
    sittings.push(...page.items.map((s) => s.id));
    if (page.items.length < 500) break;
  }
  await get(inject, `${api}/members`);
  requests++;
  for (const id of sittings) {
    const s = (await get(inject, `${api}/sittings/${id}`)) as { votes: Array<{ id: number }> };
    requests++;
    for (const v of s.votes) {
      await get(inject, `${api}/votes/${v.id}`);
      requests++;
    }
  }
  return { requests };
}

export async function bench({ quick }: { quick: boolean }): Promise<Figure[]> {
  const sittings = quick ? 100 : 1000;
  const dir = mkdtempSync(join(tmpdir(), 'quorate-oparl-bench-'));
  const dialect = openDatabase(join(dir, 'quorate.db'));
  await migrateToLatest(dialect);
  const runtime = createRuntime(dialect, { publicOrigin: 'https://council.example.org', keysDir: dir });
  try {
    const ctx = runtime.ctx;
    const created = await createBody(ctx, operatorActor(), {
      slug: SLUG,
      names: { en: 'Crawled council', ru: 'Совет' },
      establishedSeats: MEMBERS,
      rules: 'ronr',
    });
    const op = operatorActor(created.id);
    const members: number[] = [];
    for (let seat = 1; seat <= MEMBERS; seat++)
      members.push(
        (await fillSeat(ctx, op, SLUG, { seatNumber: seat, person: { nameEn: `Member ${seat}` } })).membershipId,
      );
    const t0 = performance.now();
    for (let i = 0; i < sittings; i++) {
      const day = new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
      const s = await scheduleSitting(ctx, op, SLUG, { title: `Sitting ${i + 1}`, date: day, agenda: ['Budget'] });
      await setSittingStatus(ctx, op, SLUG, s.id, 'open');
      for (const m of members) await markAttendance(ctx, op, SLUG, s.id, { memberId: m, status: 'present' });
      const item = await dialect.db
        .selectFrom('agenda_items')
        .select('id')
        .where('sitting_id', '=', s.id)
        .executeTakeFirstOrThrow();
      const motion = await tableMotion(ctx, op, SLUG, {
        sittingId: s.id,
        agendaItemId: item.id,
        kind: 'ordinary',
        title: `Motion ${i + 1}`,
        text: 'That it be adopted.',
      });
      const vote = await openVote(ctx, op, SLUG, { motionId: motion.id, method: 'roll_call' });
      for (const [k, m] of members.entries())
        await recordRollCall(ctx, op, SLUG, vote.id, { memberId: m, choice: k % 5 === 0 ? 'no' : 'yes' });
      await closeVote(ctx, op, SLUG, vote.id);
      await setSittingStatus(ctx, op, SLUG, s.id, 'closed');
    }
    const buildSeconds = (performance.now() - t0) / 1000;
    await runtime.integrator.integrateNow(created.id);
    const app = await buildApp({ ctx, live: runtime.live });
    const inject = app.inject.bind(app) as Inject;

    const c0 = performance.now();
    const cold = await oparlCrawl(inject);
    const coldMs = performance.now() - c0;
    const w0 = performance.now();
    await oparlCrawl(inject);
    const warmMs = performance.now() - w0;
    const a0 = performance.now();
    const api = await apiReads(inject);
    const apiMs = performance.now() - a0;
    await app.close();
    return [
      figure(
        `record built through the services (${sittings} sittings, ${sittings * MEMBERS} named votes)`,
        buildSeconds,
        's',
        null,
      ),
      figure(
        `OParl crawl, first (${cold.requests} requests, ${cold.objects} objects) vs JSON API reads (${api.requests} requests)`,
        coldMs,
        'ms',
        apiMs,
      ),
      figure('OParl crawl, again with the lists built vs JSON API reads', warmMs, 'ms', apiMs),
    ];
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  printFigures('OParl crawl', await bench({ quick }));
}
