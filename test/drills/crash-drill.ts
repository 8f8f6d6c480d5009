// Crash drill: a server under ballot load is killed with SIGKILL at random moments and restarted,
// again and again. After each restart every acknowledged ballot must be present exactly once,
// nothing unacknowledged half-present, the log must verify, and the new checkpoint must be
// consistent with every earlier one (no fork).
//   npm run drill:crash -- [--cycles 100] [--postgres] [--seed N]
import { buildConvention } from '../../bench/support/convention.ts';
import { startQuorate, type Started } from '../../bench/support/processes.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { DatabaseLogSource } from '../../src/services/verify/log-source.ts';
import { verifyLog } from '../../src/services/verify/verify-log.ts';
import { verifyDerivedRows } from '../../src/services/verify/verify-derived.ts';
import { bodyKey } from '../../src/services/log/signing-keys.ts';
import { sha256 } from '../../src/services/service-context.ts';
import { verifyConsistency } from '../../src/domain/log/merkle.ts';
import { fromHex } from '../../src/domain/log/bytes.ts';
import { parseCheckpoint } from '../../src/domain/log/checkpoint.ts';
import { parseNote } from '../../src/domain/log/note.ts';
import type { WireJson } from '../support/json.ts';

export interface DrillReport {
  cycles: number;
  acknowledged: number;
  refusedOrLost: number;
  checkpoints: number;
  seed: number;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function runCrashDrill(options: {
  cycles: number;
  postgres: boolean;
  members?: number;
  seed?: number;
  log?: (line: string) => void;
}): Promise<DrillReport> {
  const log = options.log ?? (() => {});
  const seed = options.seed ?? Date.now() % 1_000_000;
  const random = rng(seed);
  const conv = await buildConvention({ members: options.members ?? 40, postgres: options.postgres });
  const env = { QUORATE_DB: conv.target, QUORATE_KEYS: conv.keysDir };
  const api = `/api/v1/bodies/${conv.slug}`;
  const seen: Array<{ size: number; root: Uint8Array }> = [];
  const report: DrillReport = { cycles: 0, acknowledged: 0, refusedOrLost: 0, checkpoints: 0, seed };
  let server: Started | null = null;
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${server!.address}${path}`, {
      method,
      headers: { cookie: conv.clerk.cookie, 'x-csrf-token': conv.clerk.csrf, 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const json = (await r.json()) as WireJson;
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
  // Checks the record after a crash; the server just started has integrated everything (serve
  // catches up before it listens), so its checkpoint must cover every sequenced entry.
  async function checkAfterCrash(
    cycle: number,
    voteId: number,
    acked: Array<{ member: number; entryIndex: number; commitment: string }>,
  ) {
    const db = openDatabase(conv.target);
    try {
      const body = await db.db
        .selectFrom('bodies')
        .select(['id', 'origin'])
        .where('slug', '=', conv.slug)
        .executeTakeFirstOrThrow();
      const rows = await db.db.selectFrom('ballots').selectAll().where('vote_id', '=', voteId).execute();
      for (const a of acked) {
        const matching = rows.filter((r) => r.membership_id === a.member);
        if (
          matching.length !== 1 ||
          matching[0]!.commitment !== a.commitment ||
          matching[0]!.entry_index !== a.entryIndex
        ) {
          throw new Error(
            `cycle ${cycle}: acknowledged ballot of member ${a.member} (entry ${a.entryIndex}) is not stored exactly once`,
          );
        }
      }
      const source = new DatabaseLogSource(db, body.id, conv.slug);
      const verified = await verifyLog(source, { key: bodyKey(conv.keysDir, conv.slug, body.origin).vkey });
      if (!verified.ok) throw new Error(`cycle ${cycle}: the log does not verify: ${JSON.stringify(verified.problem)}`);
      if (verified.pending !== 0)
        throw new Error(`cycle ${cycle}: ${verified.pending} entries are not covered by the checkpoint after restart`);
      const derived = await verifyDerivedRows(db, body.id, verified.state!);
      if (derived)
        throw new Error(
          `cycle ${cycle}: stored rows differ from the log (half-present write?): ${JSON.stringify(derived)}`,
        );
      const note = await (await fetch(`${server!.address}/log/${conv.slug}/checkpoint`)).text();
      const cp = parseCheckpoint(parseNote(note).text);
      for (const old of seen) {
        if (old.size > cp.size) throw new Error(`cycle ${cycle}: the log shrank from ${old.size} to ${cp.size}`);
        if (old.size === cp.size) {
          if (Buffer.compare(Buffer.from(old.root), Buffer.from(cp.rootHash)) !== 0)
            throw new Error(`cycle ${cycle}: two roots for size ${cp.size}`);
          continue;
        }
        const proof = (
          (await (
            await fetch(`${server!.address}/log/${conv.slug}/proof/consistency?from=${old.size}&to=${cp.size}`)
          ).json()) as { hashes: string[] }
        ).hashes.map(fromHex);
        verifyConsistency(sha256, { size1: old.size, size2: cp.size, root1: old.root, root2: cp.rootHash, proof });
      }
      seen.push({ size: cp.size, root: cp.rootHash });
      report.checkpoints = seen.length;
    } finally {
      await db.destroy();
    }
  }

  let previous: { voteId: number; acked: Array<{ member: number; entryIndex: number; commitment: string }> } | null =
    null;
  try {
    for (let cycle = 0; cycle <= options.cycles; cycle++) {
      server = await startQuorate(env);
      if (previous) {
        await checkAfterCrash(cycle - 1, previous.voteId, previous.acked);
        report.cycles++;
        log(
          `cycle ${cycle}/${options.cycles}: after SIGKILL and restart, all ${previous.acked.length} acknowledged ballots present once; log and rows verify; consistent with ${seen.length - 1} earlier checkpoints`,
        );
      }
      if (cycle === options.cycles) break;
      // Whatever the last crash left open is closed first; then a fresh motion and vote.
      const sitting = await call('GET', `${api}/sittings/${conv.sittingId}`);
      for (const v of sitting.votes.filter((x: { status: string }) => x.status === 'open'))
        await call('POST', `${api}/votes/${v.id}/close`, {});
      const motion = await call('POST', `${api}/motions`, {
        sittingId: conv.sittingId,
        kind: 'ordinary',
        title: `Motion ${cycle}`,
        text: 'x',
      });
      const vote = await call('POST', `${api}/votes`, { motionId: motion.id, method: 'electronic' });
      // Kill once a random share of the ballots has been acknowledged, plus a random moment more.
      const threshold = 1 + Math.floor(random() * (conv.members.length - 2));
      const extraMs = random() * 15;
      const victim = server;
      let acks = 0;
      let killed = false;
      const exited = new Promise<void>((resolve) => victim.child.once('exit', () => resolve()));
      const kill = () => {
        if (!killed) {
          killed = true;
          setTimeout(() => victim.child.kill('SIGKILL'), extraMs);
        }
      };
      const fallback = setTimeout(kill, 3000);
      const results = await Promise.allSettled(
        conv.members.map(async (m, i) => {
          const r = await fetch(`${victim.address}${api}/votes/${vote.id}/ballots`, {
            method: 'POST',
            headers: { cookie: m.cookie, 'x-csrf-token': m.csrf, 'content-type': 'application/json' },
            body: JSON.stringify({ choice: i % 2 ? 'yes' : 'no', clientBallotId: `drill-${cycle}-${i}` }),
          });
          const json = (await r.json()) as WireJson;
          if (r.status === 201 && ++acks >= threshold) kill();
          return { status: r.status, json };
        }),
      );
      kill();
      await exited;
      clearTimeout(fallback);
      const acked = results.flatMap((r) =>
        r.status === 'fulfilled' && r.value.status === 201
          ? [r.value.json as { member: number; entryIndex: number; commitment: string }]
          : [],
      );
      report.acknowledged += acked.length;
      report.refusedOrLost += results.length - acked.length;
      previous = { voteId: vote.id, acked };
      server = null;
    }
  } finally {
    await server?.stop();
    await conv.drop();
  }
  return report;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? undefined : process.argv[i + 1];
  };
  const cycles = Number(arg('--cycles') ?? 100);
  const seed = arg('--seed') ? Number(arg('--seed')) : undefined;
  const targets = process.argv.includes('--postgres')
    ? [true]
    : process.argv.includes('--sqlite')
      ? [false]
      : process.env.QUORATE_TEST_PG
        ? [false, true]
        : [false];
  for (const postgres of targets) {
    const t0 = Date.now();
    const r = await runCrashDrill({
      cycles,
      postgres,
      ...(seed === undefined ? {} : { seed }),
      log: (l) => console.log(`[${postgres ? 'postgres' : 'sqlite'}] ${l}`),
    });
    console.log(
      `${postgres ? 'PostgreSQL' : 'SQLite'}: ${r.cycles} cycles in ${((Date.now() - t0) / 1000).toFixed(0)} s, seed ${r.seed}: ${r.acknowledged} ballots acknowledged, all present exactly once; ${r.refusedOrLost} cut off by the kill; ${r.checkpoints} checkpoints, no fork`,
    );
  }
}
