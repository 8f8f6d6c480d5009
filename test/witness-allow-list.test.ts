// A body administrator may register only witnesses the site administrator allows (the
// `quorate admin witness` list or QUORATE_WITNESS_ALLOW): the server never POSTs elsewhere.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, makeClient, startHarness, type Harness } from './support/test-app.ts';
import { runCli } from './support/run-command.ts';
import { snapshot } from './support/snapshot.ts';
import { addWitness, pushToWitnesses } from '../src/services/log/witnesses.ts';
import { operatorActor } from '../src/cli/operator.ts';
import { Witness } from '../src/services/mirror/witness.ts';
import { MirrorStore } from '../src/services/mirror/mirror-store.ts';

const keyDir = mkdtempSync(join(tmpdir(), 'quorate-witness-'));
after(() => rmSync(keyDir, { recursive: true, force: true }));
const VKEY = new Witness(new MirrorStore(keyDir), 'witness.example.org/w1').vkey;

/** An HTTP server that records every request it gets; `redirectTo` makes it answer 307. */
async function listener(redirectTo?: string) {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    if (redirectTo) res.writeHead(307, { location: `${redirectTo}${req.url}` }).end();
    else res.writeHead(503).end('not a real witness');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((r) => server.close(r)),
  };
}

for (const target of testDatabases()) {
  describe(`witness allow-list on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    const servers: Array<{ close(): Promise<unknown> }> = [];
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      for (const s of servers) await s.close();
      await h?.close();
    });
    const cli = (args: string[], env: Record<string, string> = {}) =>
      runCli(['admin', 'witness', ...args, '--db', h.db.target], { env: { QUORATE_KEYS: h.keysDir, ...env } });

    test('a witness not on the list is refused with a stable code, changes nothing and is never contacted', async () => {
      const internal = await listener();
      servers.push(internal);
      const c = await councilWithMembers(h, `refused-${target.label}`, 3);
      const admin = await makeClient(h, { roles: [[c.slug, 'admin']] });
      const before = await snapshot(h.db.dialect);
      for (const url of [internal.url, `${internal.url}/`, 'http://169.254.169.254/latest', 'http://localhost:5432']) {
        const r = await admin.request('POST', `/api/v1/bodies/${c.slug}/witnesses`, { url, vkey: VKEY });
        assert.equal(r.statusCode, 403, `${url}: ${r.body}`);
        assert.equal(r.json().code, 'witness_not_allowed', url);
      }
      const creds = await admin.request('POST', `/api/v1/bodies/${c.slug}/witnesses`, {
        url: 'http://user:pw@127.0.0.1:9',
        vkey: VKEY,
      });
      assert.equal(creds.json().code, 'invalid_url');
      assert.equal(await snapshot(h.db.dialect), before, 'a refused registration changed the database');
      const body = await h.db.dialect.db
        .selectFrom('bodies')
        .select('id')
        .where('slug', '=', c.slug)
        .executeTakeFirstOrThrow();
      await pushToWitnesses(h.ctx, body.id);
      assert.deepEqual(internal.seen, []);
    });

    test('the site administrator allows and denies witnesses with the CLI; a denied witness is no longer offered checkpoints', async () => {
      const w = await listener();
      servers.push(w);
      const c = await councilWithMembers(h, `allowed-${target.label}`, 3);
      const body = await h.db.dialect.db
        .selectFrom('bodies')
        .select('id')
        .where('slug', '=', c.slug)
        .executeTakeFirstOrThrow();
      const admin = await makeClient(h, { roles: [[c.slug, 'admin']] });

      const allow = await cli(['allow', `${w.url.replace('http://', 'HTTP://')}/`]);
      assert.equal(allow.code, 0, allow.stderr);
      assert.equal(allow.stdout.trim(), `allowed witness ${w.url}`);
      assert.equal((await cli(['allow', w.url])).stdout.trim(), `witness ${w.url} was already allowed`);
      assert.match((await cli(['list'])).stdout, new RegExp(`^${w.url}$`, 'm'));
      assert.equal((await cli(['allow', 'ftp://example.org'])).code, 1);

      const r = await admin.request('POST', `/api/v1/bodies/${c.slug}/witnesses`, { url: w.url, vkey: VKEY });
      assert.equal(r.statusCode, 201, r.body);
      await h.runtime.integrator.integrateNow(body.id);
      await h.runtime.settled();
      await pushToWitnesses(h.ctx, body.id);
      assert.ok(
        w.seen.some((s) => s === 'POST /add-checkpoint'),
        `the allowed witness was not offered the checkpoint: ${w.seen}`,
      );

      const deny = await cli(['deny', w.url]);
      assert.equal(deny.code, 0, deny.stderr);
      assert.doesNotMatch((await cli(['list'])).stdout, new RegExp(w.url));
      const offered = w.seen.length;
      await pushToWitnesses(h.ctx, body.id);
      assert.equal(w.seen.length, offered, 'a denied witness was contacted');
      const row = await h.db.dialect.db
        .selectFrom('body_witnesses')
        .select('last_error')
        .where('body_id', '=', body.id)
        .executeTakeFirstOrThrow();
      assert.match(row.last_error ?? '', /not on this site's allow-list/);
      const again = await admin.request('POST', `/api/v1/bodies/${c.slug}/witnesses`, {
        url: `${w.url}/other`,
        vkey: VKEY,
      });
      assert.equal(again.json().code, 'witness_not_allowed');
    });

    test('QUORATE_WITNESS_ALLOW allows witnesses too, and an allowed witness cannot redirect the server elsewhere', async () => {
      const internal = await listener();
      const redirecting = await listener(internal.url);
      servers.push(internal, redirecting);
      const c = await councilWithMembers(h, `setting-${target.label}`, 3);
      const body = await h.db.dialect.db
        .selectFrom('bodies')
        .select('id')
        .where('slug', '=', c.slug)
        .executeTakeFirstOrThrow();
      const admin = await makeClient(h, { roles: [[c.slug, 'admin']] });
      const ctx = { ...h.ctx, witnessAllow: [redirecting.url] };
      const listed = await cli(['list'], { QUORATE_WITNESS_ALLOW: `${redirecting.url}, https://witness.example.org` });
      assert.match(listed.stdout, new RegExp(`^${redirecting.url}  \\(QUORATE_WITNESS_ALLOW\\)$`, 'm'));
      // The harness's app has no setting: refused there.
      assert.equal(
        (await admin.request('POST', `/api/v1/bodies/${c.slug}/witnesses`, { url: redirecting.url, vkey: VKEY })).json()
          .code,
        'witness_not_allowed',
      );
      await addWitness(ctx, operatorActor(body.id), c.slug, { url: redirecting.url, vkey: VKEY });
      await h.runtime.integrator.integrateNow(body.id);
      await pushToWitnesses(ctx, body.id);
      assert.deepEqual(redirecting.seen, ['POST /add-checkpoint']);
      assert.deepEqual(internal.seen, [], 'the server followed a redirect to an address nobody allowed');
    });
  });
}
