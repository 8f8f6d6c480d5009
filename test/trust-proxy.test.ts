// Behind a proxy, the client's address is the first one not trusted counted from the right of
// X-Forwarded-For: a client cannot choose the address that rate limits are keyed by.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { startHarness, type Harness } from './support/test-app.ts';
import { buildApp } from '../src/http/app.ts';
import { readConfig } from '../src/cli/config.ts';
import { createUser } from '../src/services/accounts.ts';
import { operatorActor } from '../src/cli/operator.ts';

const SPOOFED = ['6.6.6.6', '7.7.7.7', '8.8.8.8'];
const CLIENT = '203.0.113.7';

for (const target of testDatabases()) {
  describe(`client address behind a proxy on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    const apps: Array<{ close(): Promise<unknown> }> = [];
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      for (const a of apps) await a.close();
      await h?.close();
    });

    /** An app configured from QUORATE_TRUST_PROXY as `serve` configures it, with a route that echoes request.ip. */
    async function appTrusting(value: string) {
      const app = await buildApp({ ctx: h.ctx, trustProxy: readConfig({ QUORATE_TRUST_PROXY: value }).trustProxy });
      app.get('/test/ip', async (request) => ({ ip: request.ip, protocol: request.protocol }));
      apps.push(app);
      return app;
    }

    test('a spoofed left-most X-Forwarded-For does not choose request.ip (hop count and address list)', async () => {
      // inject() connects from 127.0.0.1: that is the proxy next to the server.
      const cases: Array<[string, string, string]> = [
        ['1', `${SPOOFED[0]}, ${CLIENT}`, CLIENT],
        ['1', CLIENT, CLIENT],
        ['2', `${SPOOFED[0]}, ${CLIENT}, 10.0.0.2`, CLIENT],
        ['127.0.0.1', `${SPOOFED[0]}, ${CLIENT}`, CLIENT],
        ['loopback, 10.0.0.0/8', `${SPOOFED[0]}, ${SPOOFED[1]}, ${CLIENT}, 10.1.2.3`, CLIENT],
        // A proxy that is not trusted: its own address is the client's.
        ['10.0.0.0/8', `${SPOOFED[0]}, ${CLIENT}`, '127.0.0.1'],
        ['false', `${SPOOFED[0]}, ${CLIENT}`, '127.0.0.1'],
      ];
      for (const [setting, xff, expected] of cases) {
        const app = await appTrusting(setting);
        const r = await app.inject({
          method: 'GET',
          url: '/test/ip',
          headers: { 'x-forwarded-for': xff, 'x-forwarded-proto': 'https' },
        });
        assert.equal(r.json().ip, expected, `QUORATE_TRUST_PROXY=${setting}, X-Forwarded-For: ${xff}`);
        assert.equal(
          r.json().protocol,
          expected === '127.0.0.1' ? 'http' : 'https',
          `QUORATE_TRUST_PROXY=${setting}: protocol`,
        );
      }
    });

    test('failed sign-ins with a rotating spoofed X-Forwarded-For all count against the real client address', async () => {
      const app = await appTrusting('1');
      const user = await createUser(h.ctx, operatorActor(), {
        username: `proxied-${target.label}`,
        displayName: 'Proxied',
        password: 'correct horse battery staple',
      });
      for (const spoofed of SPOOFED) {
        const r = await app.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { username: user.username, password: 'wrong password' },
          headers: { 'x-forwarded-for': `${spoofed}, ${CLIENT}` },
        });
        assert.equal(r.statusCode, 401, r.body);
      }
      const keys = (await h.db.dialect.db.selectFrom('sign_in_failures').select('key').execute())
        .map((k) => k.key)
        .join('\n');
      for (const spoofed of SPOOFED)
        assert.ok(!keys.includes(spoofed), `the limiter counted the spoofed ${spoofed}:\n${keys}`);
      assert.ok(keys.includes(CLIENT), `the limiter did not count the client's address:\n${keys}`);
    });
  });
}
