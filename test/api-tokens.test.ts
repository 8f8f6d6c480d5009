// API tokens (issue 12, item 11), on SQLite and PostgreSQL: every token expires (90 days by
// default, a year at most); it is read-only or read-write and may be limited to one body; the
// account lists its own tokens (never a secret); a token cannot mint tokens; signing out
// everywhere and a password reset revoke them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, startHarness, type Harness } from './support/test-app.ts';
import { buildApp } from '../src/http/app.ts';
import { createSession, issuePasswordReset } from '../src/services/accounts.ts';
import { operatorActor } from '../src/cli/operator.ts';
import { snapshot } from './support/snapshot.ts';

const DAY = 86_400_000;

for (const target of testDatabases()) {
  describe(`API tokens on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let council: Awaited<ReturnType<typeof councilWithMembers>>;
    let other: Awaited<ReturnType<typeof councilWithMembers>>;
    before(async () => {
      h = await startHarness(target);
      council = await councilWithMembers(h, 'tok', 2);
      other = await councilWithMembers(h, 'tok-other', 2);
    });
    after(async () => {
      await h?.close();
    });

    const bearer = (token: string, method: string, url: string, payload?: object) =>
      h.app.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(payload ? { payload } : {}),
      });
    const mint = async (client = council.clerk, body: object = {}) => {
      const r = await client.request('POST', '/api/v1/tokens', { name: 'script', ...body });
      assert.equal(r.statusCode, 201, r.body);
      return r.json() as {
        id: number;
        token: string;
        scope: string;
        body: string | null;
        expiresAt: string;
        createdAt: string;
      };
    };
    const newSitting = { title: 'Token sitting', date: '2026-12-03' };

    test('a token expires: 90 days by default, a year at most, and is refused once expired', async () => {
      const t = await mint();
      assert.equal(Date.parse(t.expiresAt) - Date.parse(t.createdAt), 90 * DAY);
      assert.equal(t.scope, 'read-write');
      const long = await council.clerk.request('POST', '/api/v1/tokens', { name: 'too long', expiresInDays: 400 });
      assert.equal(long.statusCode, 400, long.body);
      const short = await mint(council.clerk, { expiresInDays: 1 });
      assert.equal(Date.parse(short.expiresAt) - Date.parse(short.createdAt), DAY);
      for (const [ms, ok] of [
        [-1000, true],
        [0, false],
        [DAY, false],
      ] as const) {
        const app = await buildApp({ ctx: { ...h.ctx, now: () => new Date(Date.parse(short.expiresAt) + ms) } });
        const r = await app.inject({
          method: 'GET',
          url: '/api/v1/session',
          headers: { authorization: `Bearer ${short.token}` },
        });
        await app.close();
        assert.equal(r.statusCode, ok ? 200 : 401, `${ms} ms after expiry: ${r.body}`);
        if (!ok) assert.equal(r.json().code, 'bad_token');
      }
    });

    test('a token cannot mint tokens; the account lists its own tokens without their secrets', async () => {
      const t = await mint(council.chair);
      const minted = await bearer(t.token, 'POST', '/api/v1/tokens', { name: 'child' });
      assert.equal(minted.statusCode, 403, minted.body);
      assert.equal(minted.json().code, 'token_cannot_mint');
      const list = await council.chair.request('GET', '/api/v1/tokens');
      assert.equal(list.statusCode, 200, list.body);
      const tokens = list.json().tokens as Array<Record<string, unknown>>;
      assert.deepEqual(
        tokens.map((x) => x.id),
        [t.id],
        "the list holds exactly the account's own tokens",
      );
      assert.deepEqual(Object.keys(tokens[0]!).sort(), [
        'body',
        'createdAt',
        'expiresAt',
        'id',
        'name',
        'revokedAt',
        'scope',
      ]);
      assert.ok(!list.body.includes(t.token.slice(4)), 'the listing leaks a secret');
      const viaToken = await bearer(t.token, 'GET', '/api/v1/tokens');
      assert.equal(viaToken.statusCode, 200);
      const revoke = await council.chair.request('DELETE', `/api/v1/tokens/${t.id}`);
      assert.equal(revoke.statusCode, 204);
      assert.equal((await bearer(t.token, 'GET', '/api/v1/session')).statusCode, 401);
      assert.ok((await council.chair.request('GET', '/api/v1/tokens')).json().tokens[0].revokedAt);
      const someoneElses = await council.clerk.request('DELETE', `/api/v1/tokens/${(await mint(council.chair)).id}`);
      assert.equal(someoneElses.statusCode, 404, "revoked another account's token");
    });

    test('a read-only token reads and is refused every write with token_read_only, changing nothing', async () => {
      const t = await mint(council.clerk, { scope: 'read' });
      assert.equal(t.scope, 'read');
      assert.equal((await bearer(t.token, 'GET', '/api/v1/session')).statusCode, 200);
      assert.equal((await bearer(t.token, 'GET', `/api/v1/bodies/${council.slug}/sittings`)).statusCode, 200);
      const before = await snapshot(h.db.dialect);
      for (const [method, url, payload] of [
        ['POST', `/api/v1/bodies/${council.slug}/sittings`, newSitting],
        ['DELETE', `/api/v1/tokens/${t.id}`, undefined],
        ['DELETE', '/api/v1/session', undefined],
      ] as const) {
        const r = await bearer(t.token, method, url, payload);
        assert.equal(r.statusCode, 403, `${method} ${url}: ${r.body}`);
        assert.equal(r.json().code, 'token_read_only');
      }
      assert.equal(await snapshot(h.db.dialect), before);
    });

    test('a token limited to one body acts there only, with no site administration', async () => {
      const clerkToken = await mint(council.clerk, { body: council.slug });
      const here = await bearer(clerkToken.token, 'POST', `/api/v1/bodies/${council.slug}/sittings`, newSitting);
      assert.equal(here.statusCode, 201, here.body);
      assert.equal(clerkToken.body, council.slug);
      // A site administrator's token limited to one body acts neither elsewhere nor as site administrator.
      const site = await mint(council.admin, { body: council.slug });
      for (const [token, method, url, payload] of [
        [clerkToken.token, 'GET', `/api/v1/bodies/${other.slug}/sittings`, undefined],
        [clerkToken.token, 'POST', `/api/v1/bodies/${other.slug}/sittings`, newSitting],
        [clerkToken.token, 'GET', `/${other.slug}`, undefined],
        [
          site.token,
          'POST',
          '/api/v1/bodies',
          { slug: 'tok-new', names: { en: 'New' }, establishedSeats: 5, rules: 'ronr' },
        ],
        [
          site.token,
          'POST',
          `/api/v1/bodies/${other.slug}/roles`,
          { username: other.clerk.username, role: 'observer' },
        ],
      ] as const) {
        const r = await bearer(token, method, url, payload);
        assert.equal(r.statusCode, 403, `${method} ${url}: ${r.body}`);
        assert.equal(r.json().code, 'token_wrong_body', `${method} ${url}`);
      }
      const asSiteAdmin = await bearer(site.token, 'POST', `/api/v1/bodies/${council.slug}/roles`, {
        username: other.clerk.username,
        role: 'observer',
      });
      assert.equal(asSiteAdmin.statusCode, 403, `a body-limited token kept site administration: ${asSiteAdmin.body}`);
      const unknownBody = await council.clerk.request('POST', '/api/v1/tokens', { name: 'x', body: 'no-such-body' });
      assert.equal(unknownBody.statusCode, 404, unknownBody.body);
    });

    test("signing out everywhere and a password reset revoke the account's tokens", async () => {
      const member = council.members[0]!;
      const first = await mint(member);
      const session = await createSession(h.ctx, member.userId);
      const out = await h.app.inject({
        method: 'DELETE',
        url: '/api/v1/session?everywhere=true',
        cookies: { quorate_session: session.sessionToken },
        headers: { 'x-csrf-token': session.csrfToken },
      });
      assert.equal(out.statusCode, 204, out.body);
      assert.equal(
        (await bearer(first.token, 'GET', '/api/v1/session')).statusCode,
        401,
        'sign-out everywhere left a token alive',
      );
      const fresh = await createSession(h.ctx, member.userId);
      const second = (
        await h.app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          payload: { name: 'again' },
          cookies: { quorate_session: fresh.sessionToken },
          headers: { 'x-csrf-token': fresh.csrfToken },
        })
      ).json();
      assert.equal((await bearer(second.token, 'GET', '/api/v1/session')).statusCode, 200);
      const link = await issuePasswordReset(h.ctx, operatorActor(), member.username);
      assert.equal(
        (
          await h.app.inject({
            method: 'POST',
            url: '/api/v1/password-resets/use',
            payload: { token: link.token, password: 'a new long password' },
          })
        ).statusCode,
        204,
      );
      assert.equal(
        (await bearer(second.token, 'GET', '/api/v1/session')).statusCode,
        401,
        'a password reset left a token alive',
      );
    });
  });
}
