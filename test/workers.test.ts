// `quorate serve --workers N` (issue 20): real processes on PostgreSQL. Under ballot load a worker
// is killed (-9) and then every worker is replaced one at a time (`quorate restart`, SIGHUP):
// every acknowledged ballot is stored, a live viewer that reconnects with Last-Event-ID misses no
// entry, /metrics sums every worker's figures, and SIGTERM ends it all with exit 0. The scheduled
// jobs run in one worker; when it dies another takes the lease over and no reminder is sent twice.
// SQLite refuses more than one worker.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases } from './support/databases.ts';
import { runProcess } from './support/serve-process.ts';
import { CLUSTER_METRICS_TOKEN as TOKEN, getFresh, startCluster } from './support/cluster-process.ts';
import { buildConvention } from '../bench/support/convention.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { connectSse, type SseConnection, type SseEvent } from './support/sse-client.ts';
import { smtpListener } from './support/smtp-listener.ts';
import type { WireJson } from './support/json.ts';

const postgres = testDatabases().find((t) => t.label === 'postgres')!;
/** A live viewer that reconnects as a browser would, with Last-Event-ID, whenever its stream ends. */
function followLive(url: string) {
  const seen: SseEvent[] = [];
  let current: SseConnection | null = null;
  let stopped = false;
  let reconnects = 0;
  const lastId = () => [...seen].reverse().find((e) => e.id !== null)?.id ?? null;
  const connect = async (): Promise<void> => {
    while (!stopped) {
      try {
        const id = lastId();
        const conn = await connectSse(url, id === null ? {} : { 'last-event-id': id });
        current = conn;
        let taken = 0;
        await new Promise<void>((resolve) => {
          const poll = setInterval(() => {
            for (; taken < conn.events.length; taken++) seen.push(conn.events[taken]!);
            if (stopped || conn.ended()) {
              clearInterval(poll);
              resolve();
            }
          }, 20);
        });
        for (; taken < conn.events.length; taken++) seen.push(conn.events[taken]!);
      } catch {
        // A worker going away between connecting and answering: try again, as EventSource does.
      }
      if (!stopped) {
        reconnects++;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  const running = connect();
  return {
    seen,
    reconnects: () => reconnects,
    async stop() {
      stopped = true;
      current?.close();
      await running;
    },
  };
}

describe('quorate serve --workers on PostgreSQL', { skip: postgres.skip }, () => {
  test('SQLite refuses more than one worker: one line, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quorate-workers-'));
    const r = await runProcess(['serve', '--workers', '2', '--port', '0'], {
      env: { QUORATE_DB: join(dir, 'q.db'), QUORATE_KEYS: join(dir, 'keys') },
    });
    assert.equal(r.code, 2);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /--workers 2 needs PostgreSQL/);
  });

  test('a killed worker and a rolling restart under ballot load lose no acknowledged ballot and no live event', async () => {
    const conv = await buildConvention({ members: 40, postgres: true });
    const dir = mkdtempSync(join(tmpdir(), 'quorate-workers-'));
    const pidFile = join(dir, 'quorate.pid');
    const server = startCluster(2, { QUORATE_DB: conv.target, QUORATE_KEYS: conv.keysDir, QUORATE_SHUTDOWN_S: '5' }, [
      '--pid-file',
      pidFile,
    ]);
    let follower: ReturnType<typeof followLive> | null = null;
    try {
      const address = await server.address;
      await server.printed(/Quorate worker \d+ is listening/, 2);

      // /metrics answers for both workers: requests spread over them are all counted.
      for (let i = 0; i < 12; i++) assert.equal((await getFresh(`${address}/api/v1/bodies`)).status, 200);
      const metrics = await getFresh(`${address}/metrics`, { authorization: `Bearer ${TOKEN}` });
      assert.equal(metrics.status, 200);
      const counted =
        /quorate_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/bodies",status="200"\} (\d+)/.exec(
          metrics.text,
        );
      assert.equal(Number(counted?.[1]), 12, 'the count summed over the workers');
      assert.match(metrics.text, /^quorate_live_subscribers 0$/m);

      const api = `${address}/api/v1/bodies/${conv.slug}`;
      const clerk = { cookie: conv.clerk.cookie, 'x-csrf-token': conv.clerk.csrf, 'content-type': 'application/json' };
      const vote = (await (
        await fetch(`${api}/votes`, {
          method: 'POST',
          headers: clerk,
          body: JSON.stringify({ motionId: conv.motionId, method: 'electronic' }),
        })
      ).json()) as WireJson;
      assert.ok(vote.id, 'the vote opened');
      follower = followLive(`${address}/live/${conv.slug}/sittings/${conv.sittingId}/events`);

      type Ack = { member: number; entryIndex: number; commitment: string };
      const acked: Ack[] = [];
      const cast = async (i: number, onAck?: () => void): Promise<void> => {
        const m = conv.members[i]!;
        let last = 'no answer';
        // Up to 20 s: a worker killed mid-batch leaves its connections to time out, and a replacement
        // takes a few seconds to start on a loaded machine.
        for (let attempt = 0; attempt < 200; attempt++) {
          try {
            const r = await fetch(`${api}/votes/${vote.id}/ballots`, {
              method: 'POST',
              headers: { cookie: m.cookie, 'x-csrf-token': m.csrf, 'content-type': 'application/json' },
              body: JSON.stringify({ choice: i % 3 ? 'yes' : 'no', clientBallotId: `workers-${i}` }),
            });
            const json = (await r.json()) as WireJson;
            if (r.status === 201) {
              acked.push(json as unknown as Ack);
              onAck?.();
              return;
            }
            // Stored by a worker that died before answering: the ballot is in, not acknowledged.
            if (r.status === 409) return;
            last = `${r.status} ${JSON.stringify(json).slice(0, 200)}`;
            assert.equal(r.status, 503, last);
          } catch (err) {
            // The connection went with its worker: nothing was acknowledged; try again.
            if (!(err instanceof assert.AssertionError)) last = String(err);
            else throw err;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error(`member ${i} never got an answer (last: ${last})`);
      };

      // A worker killed outright while ballots arrive; the primary starts another.
      const [victim] = server.workerPids();
      let killed = false;
      await Promise.all(
        Array.from({ length: 15 }, (_, i) =>
          cast(i, () => {
            if (!killed && acked.length >= 4) {
              killed = true;
              process.kill(victim!, 'SIGKILL');
            }
          }),
        ),
      );
      assert.ok(killed, 'a worker was killed under load');
      await server.printed(new RegExp(`worker ${victim} died \\(SIGKILL\\); starting another`));
      await server.printed(/Quorate worker \d+ is listening/, 3);

      // `quorate restart` replaces both workers one at a time while the rest vote.
      const before = server.workerPids().length;
      const restart = await runProcess(['restart', '--pid-file', pidFile]);
      assert.equal(restart.code, 0, restart.stderr);
      await server.printed(/Quorate worker \d+ is listening/, before + 1);
      // Once the first new worker listens (the first old one is being retired), ballots keep coming,
      // one every 200 ms, while the workers are replaced.
      let retiring = false;
      void server.printed(/is shutting down \(replaced or stopped by the primary\)/).then(() => (retiring = true));
      let duringRestart = 0;
      const casts: Array<Promise<void>> = [];
      for (let k = 15; k < 40; k++) {
        casts.push(cast(k).then(() => void (retiring && duringRestart++)));
        await new Promise((r) => setTimeout(r, 200));
      }
      await Promise.all(casts);
      await server.printed(/Quorate replaced its workers/, 1, 60_000);
      assert.ok(duringRestart > 0, 'ballots were acknowledged while workers were being replaced');
      assert.equal(server.workerPids().length, before + 2, 'two new workers');

      const db = openDatabase(conv.target);
      try {
        const rows = await db.db
          .selectFrom('ballots')
          .selectAll()
          .where('vote_id', '=', vote.id as number)
          .execute();
        for (const a of acked) {
          const matching = rows.filter((r) => r.membership_id === a.member);
          assert.equal(matching.length, 1, `member ${a.member}`);
          assert.equal(matching[0]!.commitment, a.commitment);
          assert.equal(matching[0]!.entry_index, a.entryIndex);
        }
        assert.ok(acked.length >= 30, `${acked.length} acknowledged`);
      } finally {
        await db.destroy();
      }

      // The viewer reconnected through the restarts and received every entry of the sitting since
      // it first connected: the same as a replay from that point now.
      const lastAck = Math.max(...acked.map((a) => a.entryIndex));
      await waitUntil(() => follower!.seen.some((e) => e.id !== null && Number(e.id) >= lastAck), 10_000);
      await follower.stop();
      assert.ok(follower.reconnects() >= 1, `reconnected ${follower.reconnects()} times`);
      const ids = new Set(follower.seen.filter((e) => e.event !== 'state' && e.id !== null).map((e) => Number(e.id)));
      const firstId = Number(follower.seen.find((e) => e.id !== null)!.id);
      const replay = await connectSse(`${address}/live/${conv.slug}/sittings/${conv.sittingId}/events`, {
        'last-event-id': String(firstId),
      });
      await replay.waitFor((e) => e.id !== null && Number(e.id) >= lastAck, 10_000);
      replay.close();
      const missed = replay.events
        .filter((e) => e.event !== 'state' && e.id !== null && Number(e.id) <= lastAck)
        .map((e) => Number(e.id))
        .filter((id) => !ids.has(id));
      assert.deepEqual(missed, [], 'entries the viewer missed');

      // SIGTERM to the primary: each worker shuts down gracefully; the whole exits 0 in time.
      const t0 = Date.now();
      server.child.kill('SIGTERM');
      assert.equal(await server.exit, 0, server.output().slice(-2000));
      assert.ok(Date.now() - t0 < 5000 + 2000, `${Date.now() - t0} ms`);
    } finally {
      await follower?.stop();
      await server.stop();
      await conv.drop();
    }
  });

  test('the scheduled jobs run in one worker; when it dies another takes over and no reminder is sent twice', async () => {
    const { createPostgresDatabase } = await import('./support/databases.ts');
    const pg = await createPostgresDatabase();
    const smtp = await smtpListener();
    const keys = mkdtempSync(join(tmpdir(), 'quorate-keys-'));
    const server = startCluster(
      2,
      {
        QUORATE_DB: pg.url,
        QUORATE_KEYS: keys,
        QUORATE_JOBS_S: '1',
        QUORATE_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        QUORATE_REMINDER_TO: 'clerk@example.org',
      },
      ['--demo'],
    );
    const db = openDatabase(pg.url);
    try {
      await server.address;
      // The demo's two overdue appeals: one message, sent by the leader.
      await waitUntil(() => smtp.messages.length >= 1, 20_000);
      const lease = () =>
        db.db.selectFrom('job_leases').selectAll().where('job', '=', 'scheduler').executeTakeFirstOrThrow();
      const leader = await lease();
      const leaderPid = Number(leader.holder.split('-')[0]);
      assert.ok(server.workerPids().includes(leaderPid), 'a worker holds the lease');
      process.kill(leaderPid, 'SIGKILL');
      // Another worker takes the lease once it lapses (three rounds) and runs the jobs again.
      await waitUntil(async () => {
        const now = await lease();
        return !now.holder.startsWith(`${leaderPid}-`) && (now.last_run_at ?? '') > (leader.last_run_at ?? '');
      }, 20_000);
      const runAt = (await lease()).last_run_at ?? '';
      await waitUntil(async () => ((await lease()).last_run_at ?? '') > runAt, 10_000);
      assert.equal(smtp.messages.length, 1, 'reminders mailed once');
      assert.match(smtp.messages[0]!, /need attention/);
      const claims = await db.db.selectFrom('appeal_reminders').selectAll().execute();
      assert.equal(claims.length, 2);
    } finally {
      await server.stop();
      await db.destroy();
      smtp.server.close();
      await pg.drop();
    }
  });
});

async function waitUntil(check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
