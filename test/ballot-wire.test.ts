// A ballot's choice is not readable from the bytes on the wire. The app is served over real TLS
// (a throwaway Ed25519 certificate made with the openssl command, so signatures are of one
// length), and a TCP proxy between the client and the TLS server counts every byte of each
// connection in both directions — handshake, records, alerts — as an observer on the network
// would. Three bodies with the same history differ only in the choice their member 1 makes; every
// request of the ballot screen while the vote is open (cast, retry with the same clientBallotId,
// reload of the ballot page, the receipt's entry and the vote) must cost the same bytes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, request as httpsRequest, type Server as HttpsServer } from 'node:https';
import { createServer as createTcpServer, connect, type AddressInfo, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, sittingWithMotion, startHarness, type Harness } from './support/test-app.ts';
import { createSession } from '../src/services/accounts.ts';
import { BALLOT_CHOICES, type BallotChoice } from '../src/domain/ballots/commitment.ts';
import { BALLOT_RESPONSE_BYTES } from '../src/domain/wire/uniform-length.ts';
import { ballotRequest } from '../src/web/components/ballot-store.ts';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const skip = hasOpenssl() ? false : 'the openssl command is not installed (it makes the test certificate)';

interface Wire {
  up: number;
  down: number;
}

/**
 * A TCP proxy that counts each connection's bytes, in the order connections come: `conn(i)` is the
 * i-th one's live count and a promise of the end of what the server sent (its FIN).
 */
function countingProxy(target: number) {
  const conns: Array<{ wire: Wire; serverDone: Promise<void> }> = [];
  const server: TcpServer = createTcpServer((client) => {
    const wire: Wire = { up: 0, down: 0 };
    const upstream = connect(target, '127.0.0.1');
    client.on('data', (d: Buffer) => {
      wire.up += d.length;
    });
    upstream.on('data', (d: Buffer) => {
      wire.down += d.length;
    });
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    conns.push({
      wire,
      serverDone: new Promise<void>((resolve) => {
        upstream.once('end', () => resolve());
        upstream.once('close', () => resolve());
      }),
    });
  });
  return { server, taken: () => conns.length, conn: (i: number) => conns[i]! };
}

describe('ballot bytes through TLS are the same whatever the choice', { skip }, () => {
  let dir: string;
  let cert: Buffer;
  let key: Buffer;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'quorate-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ed25519',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'));
    key = readFileSync(join(dir, 'key.pem'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const target of testDatabases()) {
    describe(target.label, () => {
      let h: Harness;
      let tls: HttpsServer;
      let proxy: ReturnType<typeof countingProxy>;
      let port: number;
      before(async () => {
        h = await startHarness(target);
        await h.app.ready();
        tls = createHttpsServer({ key, cert, minVersion: 'TLSv1.3' }, (req, res) =>
          h.app.server.emit('request', req, res),
        );
        await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
        proxy = countingProxy((tls.address() as AddressInfo).port);
        await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
        port = (proxy.server.address() as AddressInfo).port;
      });
      after(async () => {
        await new Promise((resolve) => proxy?.server.close(resolve));
        tls?.closeAllConnections();
        await new Promise((resolve) => tls?.close(resolve));
        await h?.close();
      });

      /** One request on its own TLS connection (no session resumption); its answer and the bytes both ways. */
      async function measured(
        method: string,
        path: string,
        session: { sessionToken: string; csrfToken: string },
        body?: unknown,
      ) {
        const index = proxy.taken();
        const payload = body === undefined ? undefined : JSON.stringify(body);
        // Bytes up: everything the client sent until the whole answer arrived (its request; not
        // its reaction to the server closing). Bytes down: everything the server sent until it
        // closed the connection (Connection: close), its TLS close_notify included.
        let up = -1;
        let req: ReturnType<typeof httpsRequest> | undefined;
        const answer = await new Promise<{ status: number; text: string; headers: Record<string, unknown> }>(
          (resolve, reject) => {
            req = httpsRequest(
              {
                host: '127.0.0.1',
                port,
                method,
                path,
                ca: cert,
                agent: false,
                headers: {
                  cookie: `quorate_session=${session.sessionToken}`,
                  'x-csrf-token': session.csrfToken,
                  accept: 'application/json, text/html',
                  ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
                },
              },
              (res) => {
                const chunks: Buffer[] = [];
                res.on('data', (c: Buffer) => chunks.push(c));
                res.on('end', () => {
                  up = proxy.conn(index).wire.up;
                  resolve({
                    status: res.statusCode!,
                    text: Buffer.concat(chunks).toString('utf8'),
                    headers: res.headers,
                  });
                });
              },
            );
            req.on('error', reject);
            req.end(payload);
          },
        );
        const { wire, serverDone } = proxy.conn(index);
        await serverDone;
        const down = wire.down;
        req?.destroy();
        return { ...answer, wire: { up, down } };
      }

      for (const method of ['electronic', 'secret_electronic'] as const) {
        test(`${method}: cast, retry, reload and receipt cost the same bytes for yes, no and abstain`, async () => {
          const steps: Record<string, Record<BallotChoice, Wire>> = {};
          const unpadded: Record<BallotChoice, number> = { yes: 0, no: 0, abstain: 0 };
          const note = (step: string, choice: BallotChoice, wire: Wire) => {
            steps[step] ??= {} as Record<BallotChoice, Wire>;
            steps[step][choice] = wire;
          };
          for (const [i, choice] of BALLOT_CHOICES.entries()) {
            // Same history in each body, slugs of one length: only the choice differs.
            const slug = `${method === 'electronic' ? 'wn' : 'ws'}-${'abc'[i]}`;
            const c = await councilWithMembers(h, slug, 3);
            const { sittingId, motionId, base } = await sittingWithMotion(h, c);
            const opened = await c.clerk.request('POST', `${base}/votes`, { motionId, method });
            assert.equal(opened.statusCode, 201, opened.body);
            const voteId = opened.json().id as number;
            const me = await createSession(h.ctx, c.members[0]!.userId);
            const clientBallotId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

            const cast = await measured(
              'POST',
              `${base}/votes/${voteId}/ballots`,
              me,
              ballotRequest(choice, clientBallotId),
            );
            assert.equal(cast.status, 201, cast.text);
            assert.equal(Buffer.byteLength(cast.text), BALLOT_RESPONSE_BYTES);
            assert.equal(cast.headers['cache-control'], 'private, no-store, no-transform');
            const receipt = JSON.parse(cast.text) as { entryIndex: number; choice?: string };
            assert.equal(
              receipt.choice,
              method === 'electronic' ? choice : undefined,
              'a named receipt says the choice; a secret one does not',
            );
            note('cast', choice, cast.wire);

            const retry = await measured(
              'POST',
              `${base}/votes/${voteId}/ballots`,
              me,
              ballotRequest(choice, clientBallotId),
            );
            assert.equal(retry.status, 200, retry.text);
            assert.equal(
              JSON.parse(retry.text).entryIndex,
              receipt.entryIndex,
              'the retry is answered with the same ballot',
            );
            note('retry', choice, retry.wire);

            const page = await measured('GET', `/${slug}/sittings/${sittingId}/ballot`, me);
            assert.equal(page.status, 200);
            assert.match(page.text, /class="confirmation"/, 'the reloaded page shows the ballot recorded');
            note('reload', choice, page.wire);

            const entry = await measured('GET', `${base}/entries/${receipt.entryIndex}`, me);
            assert.equal(entry.status, 200, entry.text);
            note('receipt entry', choice, entry.wire);
            const vote = await measured('GET', `${base}/votes/${voteId}`, me);
            assert.equal(vote.status, 200, vote.text);
            note('vote', choice, vote.wire);

            // The control: a ballot sent without the page's padding (member 2, same choice) is
            // told apart by its length — the measurement sees what an observer sees.
            const other = await createSession(h.ctx, c.members[1]!.userId);
            const bare = await measured('POST', `${base}/votes/${voteId}/ballots`, other, { choice, clientBallotId });
            assert.equal(bare.status, 201, bare.text);
            unpadded[choice] = bare.wire.up;
          }
          for (const [step, byChoice] of Object.entries(steps)) {
            assert.deepEqual(byChoice.no, byChoice.yes, `${step}: no vs yes (bytes up and down)`);
            assert.deepEqual(byChoice.abstain, byChoice.yes, `${step}: abstain vs yes (bytes up and down)`);
          }
          assert.equal(
            unpadded.abstain - unpadded.yes,
            'abstain'.length - 'yes'.length,
            "unpadded ballots differ by their choice's length",
          );
          assert.equal(unpadded.yes - unpadded.no, 1);
        });
      }
    });
  }
});
