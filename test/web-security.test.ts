// Web security (issue 9): the CSP forbids inline script and style; session cookies are Secure
// behind a TLS proxy that is trusted, and a forged X-Forwarded-Proto is ignored when none is;
// cookie writes without the CSRF token change nothing; sessions expire; sign-out everywhere holds
// at once in another process on the same PostgreSQL; a paused account does not lock out a venue
// whose delegates share one address.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, makeClient, startHarness, type Harness } from './support/test-app.ts';
import { snapshot } from './support/snapshot.ts';
import { httpClient, twoServersOnDemo } from './support/serve-process.ts';
import { buildApp } from '../src/http/app.ts';
import { ACCOUNT_FAILURE_LIMIT, createSession, createUser, SESSION_DAYS } from '../src/services/accounts.ts';
import { operatorActor } from '../src/cli/operator.ts';

const PASSWORD = 'correct horse battery';

/** The directives of a Content-Security-Policy header. */
function directives(header: string): Map<string, string[]> {
  return new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((p) => p[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
}

const setCookie = (r: { headers: Record<string, unknown> }) => {
  const raw = r.headers['set-cookie'];
  return (Array.isArray(raw) ? raw : [raw]).map(String).find((c) => c.startsWith('quorate_session=')) ?? '';
};

for (const target of testDatabases()) {
  describe(`web security on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let council: Awaited<ReturnType<typeof councilWithMembers>>;
    const apps: Array<{ close(): Promise<unknown> }> = [];
    before(async () => {
      h = await startHarness(target);
      council = await councilWithMembers(h, 'sec', 2);
    });
    after(async () => {
      for (const a of apps) await a.close();
      await h?.close();
    });

    test('the CSP allows no inline or eval script and no inline style, on pages and API alike', async () => {
      for (const url of ['/', '/sec', '/sec/sittings', '/api/v1/bodies', '/sign-in', '/no-such-page']) {
        const r = await h.app.inject({ method: 'GET', url });
        const header = String(r.headers['content-security-policy'] ?? '');
        assert.ok(header, `${url}: no CSP`);
        const d = directives(header);
        for (const name of ['script-src', 'style-src', 'default-src']) {
          const values = d.get(name) ?? d.get('default-src');
          assert.ok(values, `${url}: no ${name}`);
          for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", '*', 'data:', 'http:', 'https:']) {
            assert.ok(!values.includes(bad), `${url}: ${name} allows ${bad}`);
          }
        }
        for (const name of ['script-src-attr', 'style-src-attr', 'script-src-elem', 'style-src-elem']) {
          assert.ok(!(d.get(name) ?? []).includes("'unsafe-inline'"), `${url}: ${name} allows 'unsafe-inline'`);
        }
        assert.deepEqual(d.get('object-src'), ["'none'"], url);
        assert.deepEqual(d.get('frame-ancestors'), ["'none'"], url);
      }
    });

    test('the session cookie: Secure behind a trusted TLS proxy, not on plain http, and a forged proxy header is ignored', async () => {
      const user = await createUser(h.ctx, operatorActor(), {
        username: `cookie-${target.label}`,
        displayName: 'Cookie',
        password: PASSWORD,
      });
      const signIn = (app: typeof h.app, headers: Record<string, string>) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { username: user.username, password: PASSWORD },
          headers,
        });
      const proxied = await buildApp({ ctx: h.ctx, trustProxy: 1 });
      apps.push(proxied);
      const cases: Array<[string, typeof h.app, Record<string, string>, boolean]> = [
        ['trusted proxy, https', proxied, { 'x-forwarded-proto': 'https' }, true],
        ['trusted proxy, http', proxied, { 'x-forwarded-proto': 'http' }, false],
        ['no proxy trusted, plain http', h.app, {}, false],
        ['no proxy trusted, forged X-Forwarded-Proto', h.app, { 'x-forwarded-proto': 'https' }, false],
      ];
      for (const [what, app, headers, secure] of cases) {
        const r = await signIn(app, headers);
        assert.equal(r.statusCode, 200, `${what}: ${r.body}`);
        const cookie = setCookie(r);
        assert.match(cookie, /;\s*HttpOnly/i, what);
        assert.match(cookie, /;\s*SameSite=Lax/i, what);
        assert.equal(/;\s*Secure/i.test(cookie), secure, `${what}: ${cookie}`);
      }
    });

    test('a cookie-authenticated write without its CSRF token is refused and changes nothing', async () => {
      const session = await createSession(h.ctx, council.clerk.userId);
      const url = '/api/v1/bodies/sec/sittings';
      const payload = { title: 'Forged sitting', date: '2026-11-29' };
      const before = await snapshot(h.db.dialect);
      for (const [what, headers] of [
        ['no token', {}],
        ['wrong token', { 'x-csrf-token': 'x'.repeat(43) }],
        ["another session's token", { 'x-csrf-token': (await createSession(h.ctx, council.clerk.userId)).csrfToken }],
      ] as const) {
        const r = await h.app.inject({
          method: 'POST',
          url,
          payload,
          headers,
          cookies: { quorate_session: session.sessionToken },
        });
        assert.equal(r.statusCode, 403, `${what}: ${r.body}`);
        assert.equal(r.json().code, 'csrf_failed', what);
      }
      const form = await h.app.inject({
        method: 'POST',
        url: '/api/v1/bodies/sec/sittings',
        payload: { ...payload, _csrf: 'nope' },
        cookies: { quorate_session: session.sessionToken },
      });
      assert.equal(form.statusCode, 403);
      assert.equal(await snapshot(h.db.dialect), before, 'a refused write changed the record');
      const ok = await h.app.inject({
        method: 'POST',
        url,
        payload,
        headers: { 'x-csrf-token': session.csrfToken },
        cookies: { quorate_session: session.sessionToken },
      });
      assert.equal(ok.statusCode, 201, ok.body);
    });

    test("the clerk's office forms refuse a post without its CSRF token, and change nothing", async () => {
      const admin = await makeClient(h, { siteAdmin: true });
      const made = await council.clerk.request('POST', '/api/v1/bodies/sec/factions', {
        nameRu: 'Фракция',
        foundedOn: '2026-01-01',
      });
      assert.equal(made.statusCode, 201, made.body);
      const faction = made.json().id as number;
      const joined = await council.clerk.request('POST', `/api/v1/bodies/sec/factions/${faction}/members`, {
        memberId: council.memberIds[0],
        joinsOn: '2026-01-01',
      });
      assert.equal(joined.statusCode, 201, joined.body);
      const forms: Array<[number, string, string, string]> = [
        [
          admin.userId,
          '/office/bodies',
          'slug=forged&nameEn=F&timeZone=UTC&languages=en&establishedSeats=3&preset=ronr',
          'application/x-www-form-urlencoded',
        ],
        [council.clerk.userId, '/sec/office/seats', 'seat=1&nameEn=Forged', 'application/x-www-form-urlencoded'],
        [
          council.clerk.userId,
          '/sec/office/vacate',
          'seat=1&endsOn=2026-12&reason=died',
          'application/x-www-form-urlencoded',
        ],
        [council.clerk.userId, '/sec/office/import', 'csv=seat%0A1&confirm=1', 'application/x-www-form-urlencoded'],
        [
          council.clerk.userId,
          '/sec/office/import',
          '--b\r\nContent-Disposition: form-data; name="roster"; filename="r.csv"\r\n\r\nseat\n1\r\n--b--\r\n',
          'multipart/form-data; boundary=b',
        ],
        // Invitations to a seat (issue 15, item 4): the clerk's forms, and a signed-in invitee's.
        // Committees (issue 15, item 5): establishing one from the body's office.
        [
          council.clerk.userId,
          '/sec/office/committees',
          'slug=sec-forged&nameEn=F&establishedSeats=2&preset=ronr',
          'application/x-www-form-urlencoded',
        ],
        [council.clerk.userId, '/sec/office/invitations', 'seat=1', 'application/x-www-form-urlencoded'],
        [council.clerk.userId, '/sec/office/invitations/1/revoke', '', 'application/x-www-form-urlencoded'],
        [council.clerk.userId, '/invite', `token=${'A'.repeat(43)}`, 'application/x-www-form-urlencoded'],
        // A body's roles (issue 15, item 4): granting and revoking.
        [
          admin.userId,
          '/sec/office/roles',
          `username=${council.clerk.username}&role=admin`,
          'application/x-www-form-urlencoded',
        ],
        [admin.userId, '/sec/office/roles/invite', 'role=clerk', 'application/x-www-form-urlencoded'],
        [
          admin.userId,
          '/sec/office/roles/revoke',
          `username=${council.clerk.username}&role=clerk`,
          'application/x-www-form-urlencoded',
        ],
        // One's own account, and reset links (issue 15, item 4).
        [council.clerk.userId, '/account/sessions/revoke-others', '', 'application/x-www-form-urlencoded'],
        [
          council.clerk.userId,
          '/account/sessions/revoke',
          `session=${'0'.repeat(64)}`,
          'application/x-www-form-urlencoded',
        ],
        [council.clerk.userId, '/account/tokens/1/revoke', '', 'application/x-www-form-urlencoded'],
        [
          council.clerk.userId,
          '/account/password',
          'current=correct%20horse%20battery&password=forged%20password&confirmation=forged%20password',
          'application/x-www-form-urlencoded',
        ],
        [
          admin.userId,
          '/office/accounts/reset-link',
          `username=${council.clerk.username}`,
          'application/x-www-form-urlencoded',
        ],
        [
          council.clerk.userId,
          '/reset',
          `token=${'A'.repeat(43)}&password=forged%20password&confirmation=forged%20password`,
          'application/x-www-form-urlencoded',
        ],
        // The sittings calendar (issue 16).
        [
          council.clerk.userId,
          '/sec/office/sittings',
          'title=Forged&date=2027-01-10',
          'application/x-www-form-urlencoded',
        ],
        [
          council.clerk.userId,
          '/sec/office/sittings/1/reschedule',
          'date=2027-01-11&reason=forged',
          'application/x-www-form-urlencoded',
        ],
        [council.clerk.userId, '/sec/office/sittings/1/cancel', 'reason=forged', 'application/x-www-form-urlencoded'],
        [council.clerk.userId, '/sec/office/sittings/1/notice', '', 'application/x-www-form-urlencoded'],
        // Factions (issue 15, item 5): each form would succeed with its token.
        [
          council.clerk.userId,
          '/sec/office/factions',
          'nameRu=F&foundedOn=2026-01-01',
          'application/x-www-form-urlencoded',
        ],
        [
          council.clerk.userId,
          `/sec/office/factions/${faction}/members`,
          `memberId=${council.memberIds[1]}&joinsOn=2026-02-01`,
          'application/x-www-form-urlencoded',
        ],
        [
          council.clerk.userId,
          `/sec/office/factions/${faction}/leave`,
          `memberId=${council.memberIds[0]}&leavesOn=2026-02-01`,
          'application/x-www-form-urlencoded',
        ],
        [
          council.clerk.userId,
          `/sec/office/factions/${faction}/dissolve`,
          'dissolvedOn=2026-03-01',
          'application/x-www-form-urlencoded',
        ],
        [council.clerk.userId, '/sec/office/sittings/1/title', 'lang=ru&text=X', 'application/x-www-form-urlencoded'],
        // A decision's later life (issue 17).
        [
          council.clerk.userId,
          '/sec/office/decisions/1/events',
          'type=protested&on=2026-12',
          'application/x-www-form-urlencoded',
        ],
        [council.clerk.userId, '/sec/office/sittings/1/agenda', 'title=Forged', 'application/x-www-form-urlencoded'],
        [council.clerk.userId, '/sec/office/sittings/1/agenda/1/move', 'to=2', 'application/x-www-form-urlencoded'],
        [council.clerk.userId, '/sec/office/sittings/1/agenda/1/split', 'title=F', 'application/x-www-form-urlencoded'],
        [
          council.clerk.userId,
          '/sec/office/sittings/1/agenda/1/withdraw',
          'reason=F',
          'application/x-www-form-urlencoded',
        ],
        // Minutes (issue 17): drafting, narratives, the approval motion and signatures.
        [council.clerk.userId, '/sec/office/sittings/1/minutes', '', 'application/x-www-form-urlencoded'],
        [
          council.clerk.userId,
          '/sec/office/sittings/1/minutes/narratives',
          'lang=en&text=Forged',
          'application/x-www-form-urlencoded',
        ],
        [
          council.clerk.userId,
          '/sec/office/sittings/1/minutes/motion',
          'sittingId=2&version=1',
          'application/x-www-form-urlencoded',
        ],
        [
          council.clerk.userId,
          '/sec/office/sittings/1/minutes/signatures',
          `role=clerk&sha256=${'a'.repeat(64)}`,
          'application/x-www-form-urlencoded',
        ],
        // Elections (issue 18): a member's paper, its review and its casting.
        [council.members[0]!.userId, '/sec/elections/1/ballot/review', 'p1=1', 'application/x-www-form-urlencoded'],
        [
          council.members[0]!.userId,
          '/sec/elections/1/ballot',
          'p1=1&clientBallotId=forged-ballot-1',
          'application/x-www-form-urlencoded',
        ],
        // Papers (issue 16, item 4): the upload forms, multipart and urlencoded.
        [
          council.clerk.userId,
          '/sec/office/sittings/1/papers',
          '--b\r\nContent-Disposition: form-data; name="titleEn"\r\n\r\nForged\r\n--b\r\nContent-Disposition: form-data; name="kind"\r\n\r\nreport\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="f.txt"\r\nContent-Type: text/plain\r\n\r\nA forged paper\r\n--b--\r\n',
          'multipart/form-data; boundary=b',
        ],
        [
          council.clerk.userId,
          '/sec/office/sittings/1/papers',
          'titleEn=Forged&kind=report',
          'application/x-www-form-urlencoded',
        ],
        [
          council.clerk.userId,
          '/sec/office/papers/1/versions',
          '--b\r\nContent-Disposition: form-data; name="file"; filename="f.txt"\r\n\r\nA forged version\r\n--b--\r\n',
          'multipart/form-data; boundary=b',
        ],
      ];
      const invitations = async () =>
        JSON.stringify([
          await h.db.dialect.db.selectFrom('member_invitations').selectAll().execute(),
          await h.db.dialect.db.selectFrom('users').selectAll().orderBy('id').execute(),
          await h.db.dialect.db.selectFrom('password_resets').selectAll().orderBy('token_hash').execute(),
          await h.db.dialect.db.selectFrom('api_tokens').select(['id', 'revoked_at']).orderBy('id').execute(),
          await h.db.dialect.db
            .selectFrom('sessions')
            .select(['id', 'revoked_at'])
            .where('revoked_at', 'is not', null)
            .orderBy('id')
            .execute(),
        ]);
      const invitationsBefore = await invitations();
      const before = await snapshot(h.db.dialect);
      for (const [userId, url, payload, contentType] of forms) {
        const session = await createSession(h.ctx, userId);
        for (const token of ['', '&_csrf=nope']) {
          const r = await h.app.inject({
            method: 'POST',
            url,
            payload: contentType.startsWith('multipart') ? payload : payload + token,
            headers: { 'content-type': contentType },
            cookies: { quorate_session: session.sessionToken },
          });
          assert.equal(r.statusCode, 403, `${url}${token}: ${r.body.slice(0, 200)}`);
          assert.equal(r.json().code, 'csrf_failed', url);
        }
      }
      assert.equal(await snapshot(h.db.dialect), before, 'a refused form changed the record');
      assert.equal(await invitations(), invitationsBefore, 'a refused form changed the invitations or accounts');
    });

    test('a session stops working when it expires', async () => {
      const session = await createSession(h.ctx, council.clerk.userId);
      const at = (ms: number) => ({ ...h.ctx, now: () => new Date(Date.parse(session.expiresAt) + ms) });
      assert.equal(Date.parse(session.expiresAt) - Date.now() > (SESSION_DAYS - 1) * 86_400_000, true);
      for (const [ms, signedIn] of [
        [-1, true],
        [0, false],
        [1, false],
        [86_400_000, false],
      ] as const) {
        const app = await buildApp({ ctx: at(ms) });
        apps.push(app);
        const r = await app.inject({
          method: 'GET',
          url: '/api/v1/session',
          cookies: { quorate_session: session.sessionToken },
        });
        assert.equal(r.statusCode, signedIn ? 200 : 401, `${ms} ms after expiry: ${r.body}`);
        const w = await app.inject({
          method: 'POST',
          url: '/api/v1/bodies/sec/sittings',
          payload: { title: 'Late', date: '2026-11-29' },
          headers: { 'x-csrf-token': session.csrfToken },
          cookies: { quorate_session: session.sessionToken },
        });
        assert.equal(w.statusCode, signedIn ? 201 : 401, `write ${ms} ms after expiry: ${w.body}`);
      }
    });

    test('an account is paused after repeated failures, while 50 delegates sharing its address still sign in', async () => {
      const venue = { 'x-forwarded-for': '203.0.113.7' };
      const proxied = await buildApp({ ctx: h.ctx, trustProxy: 1 });
      apps.push(proxied);
      const attacked = await createUser(h.ctx, operatorActor(), {
        username: `target-${target.label}`,
        displayName: 'Target',
        password: PASSWORD,
      });
      const delegates = [];
      for (let i = 0; i < 50; i++)
        delegates.push(
          await createUser(h.ctx, operatorActor(), {
            username: `delegate${i}-${target.label}`,
            displayName: `Delegate ${i}`,
            password: PASSWORD,
          }),
        );
      const signIn = (username: string, password: string) =>
        proxied.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password }, headers: venue });
      for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) {
        const r = await signIn(attacked.username, `wrong password ${i}`);
        assert.equal(r.statusCode, 401, r.body);
        assert.equal(r.json().code, 'bad_credentials');
      }
      const paused = await signIn(attacked.username, PASSWORD);
      assert.equal(paused.statusCode, 429, paused.body);
      assert.equal(paused.json().code, 'sign_in_paused');
      assert.match(String(paused.headers['content-type']), /problem\+json/);
      // A few delegates mistype first, as people do; everyone then gets in.
      for (const [i, d] of delegates.entries()) {
        if (i % 10 === 0) assert.equal((await signIn(d.username, 'mistyped password')).statusCode, 401);
        const r = await signIn(d.username, PASSWORD);
        assert.equal(r.statusCode, 200, `${d.username}: ${r.body}`);
      }
      // And the paused account is still paused: the delegates' successes did not clear it.
      assert.equal((await signIn(attacked.username, PASSWORD)).statusCode, 429);
    });

    test("a script's API token writes without a CSRF token (no cookie to forge); a forged token is refused with a code", async () => {
      const admin = await makeClient(h, { siteAdmin: true });
      const t = await admin.request('POST', '/api/v1/tokens', { name: 'script' });
      assert.equal(t.statusCode, 201, t.body);
      const bad = await h.app.inject({
        method: 'GET',
        url: '/api/v1/session',
        headers: { authorization: 'Bearer qrt_forged' },
      });
      assert.equal(bad.statusCode, 401);
      assert.equal(bad.json().code, 'bad_token');
      const ok = await h.app.inject({
        method: 'GET',
        url: '/api/v1/session',
        headers: { authorization: `Bearer ${t.json().token}` },
      });
      assert.equal(ok.statusCode, 200, ok.body);
      const write = await h.app.inject({
        method: 'POST',
        url: '/api/v1/bodies',
        payload: { slug: 'by-token', names: { en: 'By token' }, establishedSeats: 5, rules: 'ronr' },
        headers: { authorization: `Bearer ${t.json().token}` },
      });
      assert.equal(write.statusCode, 201, write.body);
      // Only a session mints tokens (issue 12, item 11).
      const mint = await h.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: 'second' },
        headers: { authorization: `Bearer ${t.json().token}` },
      });
      assert.equal(mint.statusCode, 403, mint.body);
      assert.equal(mint.json().code, 'token_cannot_mint');
    });
  });
}

const postgres = testDatabases().find((t) => t.label === 'postgres')!;

describe('sign-out everywhere across two processes on PostgreSQL', { skip: postgres.skip }, () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  test("signing out everywhere on A ends the same account's session on B at once", async () => {
    const servers = await twoServersOnDemo(cleanups, { QUORATE_TRUST_PROXY: '1' });
    const { baseA, baseB } = servers;
    const clerk = servers.account('clerk');
    const onA = httpClient(baseA);
    const onB = httpClient(baseB);
    const alsoOnB = httpClient(baseB);
    await onA.signIn(clerk.username, clerk.password);
    await onB.signIn(clerk.username, clerk.password);
    await alsoOnB.signIn(clerk.username, clerk.password);
    assert.equal((await onB.request('GET', '/api/v1/session')).status, 200);
    // B trusts its proxy (QUORATE_TRUST_PROXY=1): its cookie is Secure behind https.
    const viaProxy = await fetch(`${baseB}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ username: clerk.username, password: clerk.password }),
    });
    assert.match(viaProxy.headers.get('set-cookie') ?? '', /;\s*Secure/i);
    const out = await onA.request('DELETE', '/api/v1/session?everywhere=true');
    assert.equal(out.status, 204, JSON.stringify(out.json));
    for (const [what, c] of [
      ['B', onB],
      ['B again', alsoOnB],
      ['A', onA],
    ] as const) {
      const r = await c.request('GET', '/api/v1/session');
      assert.equal(r.status, 401, `${what}: ${JSON.stringify(r.json)}`);
      const w = await c.request('POST', '/api/v1/bodies/smolninskoye/sittings', {
        title: 'After sign-out',
        date: '2026-11-29',
      });
      assert.ok(w.status === 401 || w.status === 403, `${what} wrote after sign-out everywhere: ${w.status}`);
    }
  });
});
