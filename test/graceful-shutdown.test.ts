// Graceful shutdown of `quorate serve` (issue 20), a real process on each database: on SIGTERM a
// request in flight is answered, a live viewer gets a reconnect hint and its stream ends, every
// acknowledged ballot is stored, and the process exits 0; one that cannot finish exits 1 at the
// bound (QUORATE_SHUTDOWN_S). Ordering comes from the protocol (100 Continue, the shutdown line),
// never from sleeping.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { testDatabases } from './support/databases.ts';
import { buildConvention, type Convention } from '../bench/support/convention.ts';
import { startQuorate, type Started } from '../bench/support/processes.ts';
import { openDatabase } from '../src/db/open-database.ts';
import type { WireJson } from './support/json.ts';

function exited(server: Started): Promise<number | null> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) resolve(server.child.exitCode);
    else server.child.once('exit', (code) => resolve(code));
  });
}

/** Resolves when the process's stdout or stderr has printed something matching `pattern`. */
function printed(server: Started, pattern: RegExp): Promise<string> {
  let seen = '';
  return new Promise((resolve) => {
    const on = (d: Buffer) => {
      seen += d;
      if (pattern.test(seen)) resolve(seen);
    };
    server.child.stdout!.on('data', on);
    server.child.stderr!.on('data', on);
  });
}

/**
 * A POST whose headers (with `Expect: 100-continue`) reach the server before its body: `sent`
 * resolves once the server answered 100 Continue (the request is in flight), `finish()` sends the
 * body and resolves with the raw answer.
 */
function requestInFlight(address: string, path: string, headers: Record<string, string>, body: string) {
  const url = new URL(address);
  const socket = net.connect(Number(url.port), url.hostname);
  let raw = '';
  let onData: () => void = () => {};
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => {
    raw += d;
    onData();
  });
  const until = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      onData = () => {
        if (pattern.test(raw)) resolve(raw);
      };
      socket.once('error', reject);
      socket.once('close', () => resolve(raw));
      onData();
    });
  const head = [
    `POST ${path} HTTP/1.1`,
    `Host: ${url.host}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Expect: 100-continue',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ].join('\r\n');
  socket.write(`${head}\r\n\r\n`);
  return {
    sent: until(/^HTTP\/1\.1 100 Continue\r\n\r\n/),
    /** Resolves when the server has closed the connection. */
    closed: new Promise<void>((resolve) => socket.once('close', () => resolve())),
    async finish() {
      socket.write(body);
      const answer = await until(/\r\n\r\n[\s\S]*\}/);
      return answer.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, '');
    },
    close: () => socket.destroy(),
  };
}

/** A live viewer reading the raw stream: what it received, and whether the server ended it. */
function rawLiveStream(url: string) {
  let text = '';
  let ended!: () => void;
  const end = new Promise<void>((resolve) => {
    ended = resolve;
  });
  const opened = new Promise<void>((resolve, reject) => {
    http
      .get(url, { headers: { accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`live stream: ${res.statusCode}`));
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          text += d;
          if (text.includes('event: state')) resolve();
        });
        res.on('end', ended);
        res.on('close', ended);
      })
      .on('error', reject);
  });
  return { opened, end, text: () => text };
}

const clerkHeaders = (conv: Convention) => ({
  cookie: conv.clerk.cookie,
  'x-csrf-token': conv.clerk.csrf,
  'content-type': 'application/json',
});

for (const target of testDatabases()) {
  describe(`graceful shutdown on ${target.label}`, { skip: target.skip }, () => {
    const postgres = target.label === 'postgres';

    test('SIGTERM: the request in flight is answered and stored, a live viewer gets a retry hint, exit 0', async () => {
      const conv = await buildConvention({ members: 4, postgres });
      const server = await startQuorate({ QUORATE_DB: conv.target, QUORATE_KEYS: conv.keysDir });
      try {
        const live = rawLiveStream(`${server.address}/live/${conv.slug}/sittings/${conv.sittingId}/events`);
        await live.opened;
        const motion = JSON.stringify({
          sittingId: conv.sittingId,
          kind: 'ordinary',
          title: 'Tabled in flight',
          text: 'x',
        });
        const inFlight = requestInFlight(
          server.address,
          `/api/v1/bodies/${conv.slug}/motions`,
          { cookie: conv.clerk.cookie, 'x-csrf-token': conv.clerk.csrf },
          motion,
        );
        await inFlight.sent;
        const shuttingDown = printed(server, /shutting down \(SIGTERM\)/);
        const exit = exited(server);
        server.child.kill('SIGTERM');
        await shuttingDown;
        // The viewer is told when to come back, then its stream ends.
        await live.end;
        const retries = [...live.text().matchAll(/^retry: (\d+)$/gm)].map((m) => Number(m[1]));
        assert.equal(retries.length, 2, live.text());
        assert.ok(retries[1]! >= 1000 && retries[1]! < 5000, String(retries[1]));
        // The request begun before the signal is answered in full.
        const answer = await inFlight.finish();
        assert.match(answer, /^HTTP\/1\.1 201 /, answer);
        // Kept alive, the connection is idle once answered: the server closes it (else the
        // process would wait for the keep-alive timeout and miss its bound: exit 1).
        await inFlight.closed;
        assert.equal(await exit, 0, 'exit code');
        const db = openDatabase(conv.target);
        try {
          const stored = await db.db
            .selectFrom('motions')
            .select('title')
            .where('title', '=', 'Tabled in flight')
            .execute();
          assert.equal(stored.length, 1, 'the motion answered 201 is stored');
        } finally {
          await db.destroy();
        }
      } finally {
        await server.stop();
        await conv.drop();
      }
    });

    test('SIGTERM under ballot load: every acknowledged ballot is stored once, exit 0', async () => {
      const conv = await buildConvention({ members: 30, postgres });
      const server = await startQuorate({ QUORATE_DB: conv.target, QUORATE_KEYS: conv.keysDir });
      try {
        const api = `${server.address}/api/v1/bodies/${conv.slug}`;
        const vote = (await (
          await fetch(`${api}/votes`, {
            method: 'POST',
            headers: clerkHeaders(conv),
            body: JSON.stringify({ motionId: conv.motionId, method: 'electronic' }),
          })
        ).json()) as WireJson;
        assert.ok(vote.id, JSON.stringify(vote));
        const exit = exited(server);
        let acks = 0;
        const results = await Promise.allSettled(
          conv.members.map(async (m, i) => {
            const r = await fetch(`${api}/votes/${vote.id}/ballots`, {
              method: 'POST',
              headers: { cookie: m.cookie, 'x-csrf-token': m.csrf, 'content-type': 'application/json' },
              body: JSON.stringify({ choice: i % 2 ? 'yes' : 'no', clientBallotId: `sigterm-${i}` }),
            });
            const json = (await r.json()) as WireJson;
            // The signal comes while ballots are still arriving and committing.
            if (r.status === 201 && ++acks === 5) server.child.kill('SIGTERM');
            return { status: r.status, json };
          }),
        );
        if (acks < 5) server.child.kill('SIGTERM');
        assert.equal(await exit, 0, 'exit code');
        const acked = results.flatMap((r) =>
          r.status === 'fulfilled' && r.value.status === 201
            ? [r.value.json as { member: number; entryIndex: number; commitment: string }]
            : [],
        );
        assert.ok(acked.length >= 5, `${acked.length} acknowledged`);
        // Anything else was refused whole (503 while closing, or no connection), never half-answered.
        for (const r of results)
          if (r.status === 'fulfilled') assert.ok([201, 503].includes(r.value.status), String(r.value.status));
        const db = openDatabase(conv.target);
        try {
          const rows = await db.db.selectFrom('ballots').selectAll().where('vote_id', '=', vote.id).execute();
          for (const a of acked) {
            const matching = rows.filter((r) => r.membership_id === a.member);
            assert.equal(matching.length, 1, `member ${a.member}`);
            assert.equal(matching[0]!.commitment, a.commitment);
            assert.equal(matching[0]!.entry_index, a.entryIndex);
          }
        } finally {
          await db.destroy();
        }
      } finally {
        await server.stop();
        await conv.drop();
      }
    });
  });
}

describe('graceful shutdown within its bound', () => {
  test('a request that never finishes: exit 1 at QUORATE_SHUTDOWN_S, saying why', async () => {
    const conv = await buildConvention({ members: 2 });
    const server = await startQuorate({ QUORATE_DB: conv.target, QUORATE_KEYS: conv.keysDir, QUORATE_SHUTDOWN_S: '1' });
    try {
      const stuck = requestInFlight(
        server.address,
        `/api/v1/bodies/${conv.slug}/motions`,
        { cookie: conv.clerk.cookie, 'x-csrf-token': conv.clerk.csrf },
        '{"never":"sent"}',
      );
      await stuck.sent;
      const said = printed(server, /not finished within 1 s of SIGTERM \(QUORATE_SHUTDOWN_S\)/);
      const exit = exited(server);
      server.child.kill('SIGTERM');
      assert.equal(await exit, 1);
      await said;
      stuck.close();
    } finally {
      await server.stop();
      await conv.drop();
    }
  });

  test('QUORATE_SHUTDOWN_S is checked with the other settings', async () => {
    const { readConfig } = await import('../src/cli/config.ts');
    assert.equal(readConfig({}).shutdownS, 10);
    assert.equal(readConfig({ QUORATE_SHUTDOWN_S: '30' }).shutdownS, 30);
    for (const bad of ['0', '-1', '1.5', 'ten', '3601'])
      assert.throws(() => readConfig({ QUORATE_SHUTDOWN_S: bad }), /QUORATE_SHUTDOWN_S/, bad);
  });
});
