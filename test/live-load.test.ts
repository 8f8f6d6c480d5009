// Live streams under load, over real HTTP connections, on every database: viewers that leave at
// once leave nothing behind, shutdown ends open streams, streams are capped per address and in
// total, and the server's timeouts cut slow clients while sparing live streams.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, sittingWithMotion, startHarness, type Harness } from './support/test-app.ts';
import { connectSse } from './support/sse-client.ts';
import { buildApp } from '../src/http/app.ts';

/** Waits until check() holds, polling; fails with what it last saw after `ms`. */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await sleep(20);
  }
}

interface RawStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  text(): string;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  close(): void;
}

/** Opens a GET and resolves once the response headers arrive; keeps reading the body. */
function openStream(url: string, options: { localAddress?: string } = {}): Promise<RawStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { accept: 'text/event-stream' }, ...options }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      const ended = new Promise<void>((ok) => {
        res.on('end', ok);
        res.on('close', ok);
      });
      resolve({ status: res.statusCode!, headers: res.headers, text: () => body, ended, close: () => req.destroy() });
    });
    req.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
    });
  });
}

for (const target of testDatabases()) {
  describe(`live streams under load on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let base: string;
    let events: (sitting: number) => string;
    let sittingId: number;
    let api: string;
    let clerk: Awaited<ReturnType<typeof councilWithMembers>>['clerk'];
    let memberIds: number[];
    before(async () => {
      h = await startHarness(target);
      base = await h.app.listen({ port: 0, host: '127.0.0.1' });
      const c = await councilWithMembers(h, 'load', 3);
      ({ sittingId, base: api } = await sittingWithMotion(h, c, { present: [] }));
      clerk = c.clerk;
      memberIds = c.memberIds;
      events = (s) => `/live/load/sittings/${s}/events`;
    });
    after(async () => {
      await h?.close();
    });

    test('100 viewers that disconnect at once leave no subscriber, sitting, body or timer in the hub', async () => {
      // Half close as soon as the response headers arrive, while the hub is still starting them;
      // half send the request and hang up at once, before the server has even answered.
      const path = events(sittingId);
      let handled = 0;
      const count = (req: http.IncomingMessage, res: http.ServerResponse) => {
        if (req.url === path)
          res.once('close', () => {
            handled++;
          });
      };
      h.app.server.on('request', count);
      try {
        const port = Number(new URL(base).port);
        const hangUps = Array.from(
          { length: 50 },
          () =>
            new Promise<void>((ok) => {
              const socket = net.connect(port, '127.0.0.1', () => {
                socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n`, () =>
                  socket.destroy(),
                );
              });
              socket.on('error', () => {});
              socket.on('close', () => ok());
            }),
        );
        const streams = await Promise.all(Array.from({ length: 50 }, () => openStream(`${base}${path}`)));
        for (const s of streams) s.close();
        await Promise.all(hangUps);
        await until('the server saw every request end', () => handled === 100);
      } finally {
        h.app.server.off('request', count);
      }
      // Handlers still starting their viewers have had time to; none may stay.
      await sleep(300);
      await until('the hub is empty', () => h.runtime.live.viewers === 0);
      // Let every start under way finish: none may come back.
      await h.runtime.settled();
      await sleep(50);
      assert.deepEqual(h.runtime.live.stats(), { viewers: 0, sittings: 0, bodies: 0, timers: 0 });
      // The hub still works for the next viewer.
      const again = await connectSse(`${base}${events(sittingId)}`);
      await again.waitFor((e) => e.event === 'state');
      assert.equal(h.runtime.live.stats().timers, 1, 'one heartbeat timer, however many viewers');
      again.close();
      await until('the last viewer is gone', () => h.runtime.live.stats().viewers === 0);
      assert.deepEqual(h.runtime.live.stats(), { viewers: 0, sittings: 0, bodies: 0, timers: 0 });
    });

    test('a viewer whose start fails is removed', async () => {
      const body = await h.db.dialect.db
        .selectFrom('bodies')
        .select('id')
        .where('slug', '=', 'load')
        .executeTakeFirstOrThrow();
      // No such sitting: the start fails (the route then ends the response).
      const sub = h.runtime.live.subscribe(body.id, 987654, { write: () => true, close: () => {} }, null);
      assert.equal(h.runtime.live.viewers, 1);
      await assert.rejects(sub.ready);
      assert.deepEqual(h.runtime.live.stats(), { viewers: 0, sittings: 0, bodies: 0, timers: 0 });
    });

    test('over the per-address cap a viewer gets 429, over the total cap 503, each a problem with Retry-After', async () => {
      const app = await buildApp({ ctx: h.ctx, live: h.runtime.live, liveStreamsPerAddress: 2, liveStreams: 3 });
      const url = await app.listen({ port: 0, host: '0.0.0.0' });
      const port = new URL(url).port;
      const at = (host: string) => `http://${host}:${port}${events(sittingId)}`;
      try {
        const a1 = await openStream(at('127.0.0.1'));
        const a2 = await openStream(at('127.0.0.1'));
        assert.deepEqual([a1.status, a2.status], [200, 200]);
        const a3 = await openStream(at('127.0.0.1'));
        assert.equal(a3.status, 429);
        assert.equal(a3.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.ok(Number(a3.headers['retry-after']) > 0);
        await a3.ended;
        assert.equal(JSON.parse(a3.text()).code, 'too_many_live_streams');
        // Another address still gets in, up to the total.
        const b1 = await openStream(at('127.0.0.2'), { localAddress: '127.0.0.2' });
        assert.equal(b1.status, 200);
        const c1 = await openStream(at('127.0.0.3'), { localAddress: '127.0.0.3' });
        assert.equal(c1.status, 503);
        assert.ok(Number(c1.headers['retry-after']) > 0);
        await c1.ended;
        assert.equal(JSON.parse(c1.text()).code, 'live_streams_full');
        // A stream that ends frees its place.
        a1.close();
        await until(
          'a place is free',
          async () =>
            (await openStream(at('127.0.0.1')).then((s) => {
              s.close();
              return s.status;
            })) === 200,
        );
        for (const s of [a2, b1]) s.close();
      } finally {
        await app.close();
      }
    });

    test('app.close() with 50 open viewers returns, and every stream ends', { timeout: 60_000 }, async () => {
      const app = await buildApp({ ctx: h.ctx, live: h.runtime.live });
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      const streams = await Promise.all(Array.from({ length: 50 }, () => openStream(`${url}${events(sittingId)}`)));
      await until('50 viewers', () => h.runtime.live.viewers === 50);
      await until('each got its state', () => streams.every((s) => s.text().includes('event: state')));
      await app.close();
      await Promise.all(streams.map((s) => s.ended));
      await until('the hub let them go', () => h.runtime.live.viewers === 0);
    });

    test('the server answers 408 and closes a client that sends its headers or its body too slowly', {
      timeout: 60_000,
    }, async () => {
      const app = await buildApp({
        ctx: h.ctx,
        live: h.runtime.live,
        headersTimeoutMs: 300,
        requestTimeoutMs: 600,
        idleTimeoutMs: 30_000,
      });
      const url = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
      /** Sends `first`, then `drip` every 100 ms (up to 300 times); resolves with what the server said and how many drips went out before it closed. */
      const dribble = (first: string, drip: string) =>
        new Promise<{ reply: string; drips: number }>((resolve) => {
          const socket = net.connect(Number(url.port), '127.0.0.1');
          let reply = '';
          let drips = 0;
          socket.setEncoding('utf8');
          socket.on('data', (c: string) => {
            reply += c;
          });
          const timer = setInterval(() => {
            if (drip === '' || drips >= 300) return;
            drips++;
            socket.write(drip);
          }, 100);
          socket.on('error', () => {});
          socket.on('close', () => {
            clearInterval(timer);
            resolve({ reply, drips });
          });
          socket.write(first);
        });
      try {
        const headers = await dribble('GET /healthz HTTP/1.1\r\nHost: x\r\n', 'X-Slow: 1\r\n');
        assert.ok(headers.drips < 300, 'the server closed the connection while headers were still coming');
        assert.match(headers.reply, /^HTTP\/1\.1 408/);
        const body = await dribble(
          'POST /api/v1/bodies HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n',
          ' ',
        );
        assert.ok(body.drips < 300, 'the server closed the connection while the body was still coming');
        assert.match(body.reply, /^HTTP\/1\.1 408/);
        const sign = JSON.parse(headers.reply.slice(headers.reply.indexOf('\r\n\r\n') + 4));
        assert.equal(sign.code, 'request_timeout', 'a problem with a stable code');
      } finally {
        await app.close();
      }
    });

    test('a silent connection is closed after the idle timeout; a live stream is not', {
      timeout: 60_000,
    }, async () => {
      const app = await buildApp({
        ctx: h.ctx,
        live: h.runtime.live,
        headersTimeoutMs: 30_000,
        requestTimeoutMs: 30_000,
        idleTimeoutMs: 300,
      });
      const url = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
      try {
        const silent = await new Promise<string>((resolve) => {
          const socket = net.connect(Number(url.port), '127.0.0.1');
          let reply = '';
          socket.on('data', (c) => {
            reply += String(c);
          });
          socket.on('error', () => {});
          socket.on('close', () => resolve(reply));
        });
        assert.equal(silent, '', 'closed by the idle timeout, before the (longer) header timeout could answer 408');
        // A live stream stays open well past the idle timeout, with no heartbeat in between.
        const sse = await connectSse(`${url.origin}${events(sittingId)}`);
        await sse.waitFor((e) => e.event === 'state');
        await sleep(1500);
        await clerk.request('PUT', `${api}/sittings/${sittingId}/attendance/${memberIds[0]}`, { status: 'present' });
        await sse.waitFor((e) => e.data.type === 'attendance.marked');
        sse.close();
      } finally {
        await app.close();
      }
    });
  });
}
