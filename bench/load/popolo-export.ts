// One Popolo export of a prepared database, in its own process so its memory is its own.
// Usage: tsx bench/load/popolo-export.ts <db> <slug> stream|naive
// `stream` runs the real export (pages, streamed); `naive` is the baseline: every ballot of the
// body read in one query and serialised in one JSON.stringify, as a dump without paging would.
import { openDatabase } from '../../src/db/open-database.ts';
import { popoloExport } from '../../src/services/exports/popolo.ts';

const [target, slug, mode] = process.argv.slice(2) as [string, string, 'stream' | 'naive'];
const dialect = openDatabase(target);
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 5);
const base = process.memoryUsage().rss;
const t0 = performance.now();
let bytes = 0;
let maxStallMs = 0;
let last = performance.now();
// How long the event loop was held at once: the export must leave room for other requests.
const ticker = setInterval(() => {
  const now = performance.now();
  maxStallMs = Math.max(maxStallMs, now - last - 1);
  last = now;
}, 1);
if (mode === 'stream') {
  for await (const chunk of popoloExport(dialect.db, slug, { publicOrigin: 'https://bench.example.org' }))
    bytes += Buffer.byteLength(chunk);
} else {
  const body = await dialect.db.selectFrom('bodies').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  const ballots = await dialect.db.selectFrom('ballots').selectAll().where('body_id', '=', body.id).execute();
  bytes = Buffer.byteLength(
    JSON.stringify({
      votes: ballots.map((b) => ({ vote_id: b.vote_id, voter_id: b.membership_id, option: b.choice })),
    }),
  );
}
const ms = performance.now() - t0;
// Let the ticker see the end of the last stall before it stops.
await new Promise((r) => setTimeout(r, 5));
clearInterval(sampler);
clearInterval(ticker);
peak = Math.max(peak, process.memoryUsage().rss);
await dialect.destroy();
console.log(JSON.stringify({ ms, bytes, peakRssMB: peak / 2 ** 20, growthMB: (peak - base) / 2 ** 20, maxStallMs }));
