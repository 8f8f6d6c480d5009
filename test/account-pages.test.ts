// Accounts (issue 15, item 4), through the real server on every database: the signed-in user's
// own page lists their sessions ("this session" marked, the browser named) and API tokens, and
// revokes each with forms that work without JavaScript — a revoked session or token stops working
// at once; the password changes only with the current one (wrong guesses are limited) and signs
// out every other session. A site administrator creates a one-time reset link from the accounts
// page, shown once (only its SHA-256 stored); the link sets a new password once, within 24 hours,
// signing the account out everywhere and revoking its tokens. Every refused form changes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testDatabases } from './support/databases.ts';
import { makeClient, startHarness, type Client, type Harness } from './support/test-app.ts';
import { snapshot } from './support/snapshot.ts';
import { buildApp } from '../src/http/app.ts';
import { createSession } from '../src/services/accounts.ts';
import { LAST_SEEN_EVERY_MS, PASSWORD_CHANGE_LIMIT } from '../src/services/account-settings.ts';

const EN = { 'accept-language': 'en' };
const RU = { 'accept-language': 'ru' };
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** A browser signed in to the account: its cookie and the CSRF token its forms carry. */
async function browser(h: Harness, client: Client, userAgent: string | null = null) {
  const session = await createSession(h.ctx, client.userId, { userAgent });
  const cookies = { quorate_session: session.sessionToken };
  return {
    token: session.sessionToken,
    id: sha(session.sessionToken),
    get: (url: string, headers: Record<string, string> = EN) => h.app.inject({ method: 'GET', url, cookies, headers }),
    post: (url: string, fields: Record<string, string>, options: { csrf?: boolean } = {}) =>
      h.app.inject({
        method: 'POST',
        url,
        cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...EN },
        payload: form(options.csrf === false ? fields : { _csrf: session.csrfToken, ...fields }),
      }),
  };
}

/** Everything an account form could change: the record, accounts, sessions, tokens, reset links. */
async function everything(h: Harness) {
  const db = h.db.dialect.db;
  const extra = [
    await db.selectFrom('users').selectAll().orderBy('id').execute(),
    await db.selectFrom('sessions').select(['id', 'revoked_at']).orderBy('id').execute(),
    await db.selectFrom('api_tokens').select(['id', 'revoked_at']).orderBy('id').execute(),
    await db.selectFrom('password_resets').selectAll().orderBy('token_hash').execute(),
  ];
  return sha(`${await snapshot(h.db.dialect)}\n${JSON.stringify(extra)}`);
}

const signIn = (h: Harness, username: string, password: string) =>
  h.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password } });

for (const target of testDatabases()) {
  describe(`accounts: sessions, tokens, passwords and reset links on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
      await makeClient(h, { siteAdmin: true }); // a site that is set up
    });
    after(async () => {
      await h?.close();
    });

    test('your sessions: this one marked, the browser named; a revoked session stops at once', async () => {
      const me = await makeClient(h);
      const here = await browser(h, me, FIREFOX);
      const phone = await browser(h, me, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1');
      const laptop = await browser(h, me, null);
      for (const [headers, title, mark] of [
        [EN, /<h1>Your account<\/h1>/, /This session: /],
        [RU, /<h1>Ваша учётная запись<\/h1>/, /Текущий сеанс: /],
      ] as const) {
        const page = await here.get('/account', headers);
        assert.equal(page.statusCode, 200, page.body);
        assert.equal(page.headers['cache-control'], 'private, no-store');
        assert.match(page.body, title);
        assert.match(page.body, mark);
      }
      const page = (await here.get('/account')).body;
      assert.match(page, /<tr data-current="">.*?This session: .*?Firefox — Linux/s);
      assert.match(page, /Safari — iOS/);
      assert.match(page, /Unknown browser/);
      assert.ok(page.includes(`value="${phone.id}"`));
      assert.ok(!page.includes(phone.token), 'a session secret never appears');

      const revoked = await here.post('/account/sessions/revoke', { session: phone.id });
      assert.equal(revoked.statusCode, 303, revoked.body);
      assert.equal(revoked.headers.location, '/account?saved=session#sessions');
      assert.equal((await phone.get('/account')).statusCode, 303, 'the revoked session is signed out at once');
      assert.equal((await here.get('/account')).statusCode, 200, 'this session stays');

      // Someone else's session cannot be revoked from here, and that changes nothing.
      const other = await browser(h, await makeClient(h));
      const before = await everything(h);
      const refused = await here.post('/account/sessions/revoke', { session: other.id });
      assert.equal(refused.statusCode, 404);
      assert.equal(await everything(h), before);
      assert.equal((await other.get('/account')).statusCode, 200);

      const others = await here.post('/account/sessions/revoke-others', {});
      assert.equal(others.statusCode, 303);
      assert.equal((await laptop.get('/account')).statusCode, 303);
      assert.match((await here.get('/account?saved=others')).body, /Every other session is signed out\./);

      // Signing out this session from the list: the cookie goes, on to the sign-in page.
      const self = await here.post('/account/sessions/revoke', { session: here.id });
      assert.equal(self.statusCode, 303);
      assert.equal(self.headers.location, '/sign-in?next=%2Faccount');
      assert.equal((await here.get('/account')).statusCode, 303);
    });

    test('a session records its browser at sign-in and when it was last seen, at most every few minutes', async () => {
      const me = await makeClient(h);
      const r = await h.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        headers: { 'user-agent': `${FIREFOX}\u0000\u202e` },
        payload: { username: me.username, password: 'correct horse battery' },
      });
      assert.equal(r.statusCode, 200, r.body);
      const cookie = r.cookies.find((c) => c.name === 'quorate_session')!.value;
      const row = () =>
        h.db.dialect.db
          .selectFrom('sessions')
          .select(['user_agent', 'last_seen_at', 'created_at'])
          .where('id', '=', sha(cookie))
          .executeTakeFirstOrThrow();
      const first = await row();
      assert.equal(first.user_agent, FIREFOX, 'control and direction characters removed');
      assert.equal(first.last_seen_at, first.created_at);
      const at = async (ms: number) => {
        const app = await buildApp({ ctx: { ...h.ctx, now: () => new Date(Date.parse(first.created_at) + ms) } });
        await app.inject({ method: 'GET', url: '/account', cookies: { quorate_session: cookie } });
        await app.close();
        return (await row()).last_seen_at;
      };
      assert.equal(await at(LAST_SEEN_EVERY_MS - 1000), first.created_at, 'not written again so soon');
      assert.equal(
        await at(LAST_SEEN_EVERY_MS + 1000),
        new Date(Date.parse(first.created_at) + LAST_SEEN_EVERY_MS + 1000).toISOString(),
      );
    });

    test('your API tokens: listed without secrets, revoked from the page at once; tokens cannot use the page', async () => {
      const me = await makeClient(h);
      const minted = await me.request('POST', '/api/v1/tokens', { name: 'nightly <export>', scope: 'read' });
      assert.equal(minted.statusCode, 201, minted.body);
      const { id, token } = minted.json() as { id: number; token: string };
      const here = await browser(h, me);
      const page = (await here.get('/account')).body;
      assert.match(page, /nightly &lt;export&gt;/);
      assert.match(page, /read only/);
      assert.ok(!page.includes(token), 'a token secret never appears');
      const bearer = (url: string, method = 'GET') =>
        h.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}` } });
      assert.equal((await bearer('/account')).statusCode, 403, 'a token cannot read the account page');
      const before = await everything(h);
      assert.equal((await here.post(`/account/tokens/${id}/revoke`, {}, { csrf: false })).statusCode, 403);
      assert.equal((await here.post('/account/tokens/999999/revoke', {})).statusCode, 404);
      assert.equal((await here.post(`/account/tokens/0${id}/revoke`, {})).statusCode, 404);
      assert.equal(await everything(h), before);
      assert.equal((await bearer('/api/v1/session')).statusCode, 200);
      const revoked = await here.post(`/account/tokens/${id}/revoke`, {});
      assert.equal(revoked.statusCode, 303, revoked.body);
      assert.equal((await bearer('/api/v1/session')).statusCode, 401, 'the token stops at once');
      assert.match((await here.get('/account?saved=token')).body, /The token is revoked\.[\s\S]*revoked/);
    });

    test('changing the password needs the current one; wrong guesses are limited; other sessions end', async () => {
      const me = await makeClient(h);
      const here = await browser(h, me);
      const there = await browser(h, me);
      const minted = await me.request('POST', '/api/v1/tokens', { name: 'script' });
      const token = minted.json().token as string;
      const cases: Array<[Record<string, string>, { csrf?: boolean }, number, RegExp]> = [
        [
          { current: 'correct horse battery', password: 'a new long password', confirmation: 'a new long password' },
          { csrf: false },
          403,
          /csrf_failed/,
        ],
        [
          { current: 'wrong', password: 'a new long password', confirmation: 'a new long password' },
          {},
          400,
          /id="password-current-error"/,
        ],
        [
          { current: 'correct horse battery', password: 'short', confirmation: 'short' },
          {},
          400,
          /id="password-password-error"/,
        ],
        [
          { current: 'correct horse battery', password: 'a new long password', confirmation: 'another one' },
          {},
          400,
          /id="password-confirmation-error"/,
        ],
        [{}, {}, 400, /id="password-current-error"/],
      ];
      for (const [fields, options, status, text] of cases) {
        const before = await everything(h);
        const r = await here.post('/account/password', fields, options);
        assert.equal(r.statusCode, status, `${JSON.stringify(fields)}: ${r.body.slice(0, 300)}`);
        assert.match(r.body, text);
        assert.equal(await everything(h), before, `${JSON.stringify(fields)} changed something`);
      }
      const changed = await here.post('/account/password', {
        current: 'correct horse battery',
        password: 'a new long password',
        confirmation: 'a new long password',
      });
      assert.equal(changed.statusCode, 303, changed.body);
      assert.equal((await here.get('/account')).statusCode, 200, 'this session stays');
      assert.equal((await there.get('/account')).statusCode, 303, 'the other session ended at once');
      const bearer = await h.app.inject({
        method: 'GET',
        url: '/api/v1/session',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(bearer.statusCode, 200, 'API tokens stay');
      assert.equal((await signIn(h, me.username, 'correct horse battery')).statusCode, 401);
      assert.equal((await signIn(h, me.username, 'a new long password')).statusCode, 200);

      // A borrowed session cannot guess the current password: past the limit, 429 and unchecked.
      const guesser = await browser(h, await makeClient(h));
      for (let i = 0; i < PASSWORD_CHANGE_LIMIT; i++) {
        const r = await guesser.post('/account/password', {
          current: `guess ${i}`,
          password: 'x'.repeat(12),
          confirmation: 'x'.repeat(12),
        });
        assert.equal(r.statusCode, 400);
      }
      const paused = await guesser.post('/account/password', {
        current: 'correct horse battery',
        password: 'a new long password',
        confirmation: 'a new long password',
      });
      assert.equal(paused.statusCode, 429, paused.body.slice(0, 300));
      assert.ok(Number(paused.headers['retry-after']) > 0);
    });

    test('a reset link: issued by a site administrator, shown once, works once, signs out everywhere', async () => {
      const site = await browser(h, await makeClient(h, { siteAdmin: true }));
      const holder = await makeClient(h);
      const holderSession = await browser(h, holder);
      const minted = await holder.request('POST', '/api/v1/tokens', { name: 'script' });
      const token = minted.json().token as string;
      for (const [headers, text] of [
        [EN, new RegExp(`Create a reset link for ${holder.username}`)],
        [RU, new RegExp(`Создать ссылку для сброса пароля ${holder.username}`)],
      ] as const) {
        const list = await site.get('/office/accounts', headers);
        assert.equal(list.statusCode, 200, list.body);
        assert.match(list.body, text);
      }
      const issued = await site.post('/office/accounts/reset-link', { username: holder.username });
      assert.equal(issued.statusCode, 201, issued.body);
      assert.equal(issued.headers['referrer-policy'], 'no-referrer');
      assert.equal(issued.headers['cache-control'], 'no-store');
      const secret = /value="https:\/\/council\.example\.org\/reset\?token=([A-Za-z0-9_-]{43})"/.exec(issued.body)?.[1];
      assert.ok(secret, 'the page shows the link');
      const stored = await h.db.dialect.db.selectFrom('password_resets').selectAll().execute();
      assert.ok(
        stored.every((r) => !JSON.stringify(r).includes(secret)),
        'only the hash is stored',
      );
      assert.ok(stored.some((r) => r.token_hash === sha(secret)));
      assert.match((await site.get('/office/accounts')).body, /a link is waiting until/);
      assert.doesNotMatch((await site.get('/office/accounts')).body, new RegExp(secret));

      const stranger = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
        h.app.inject({
          method: 'POST',
          url: '/reset',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...EN, ...headers },
          payload: form(fields),
        });
      for (const [headers, text] of [
        [EN, new RegExp(`Set a new password for the account ${holder.username}`)],
        [RU, new RegExp(`Задайте новый пароль учётной записи ${holder.username}`)],
      ] as const) {
        const g: { statusCode: number; body: string; headers: Record<string, unknown> } = await h.app.inject({
          method: 'GET',
          url: `/reset?token=${secret}`,
          headers: { ...headers },
        });
        assert.equal(g.statusCode, 200);
        assert.match(g.body, text);
        assert.equal(g.headers['referrer-policy'], 'no-referrer');
        assert.equal(g.headers['cache-control'], 'no-store');
      }
      const refusals: Array<[Record<string, string>, Record<string, string>, number]> = [
        [{ token: secret, password: 'short', confirmation: 'short' }, {}, 400],
        [{ token: secret, password: 'a reset password', confirmation: 'different' }, {}, 400],
        [
          { token: secret, password: 'a reset password', confirmation: 'a reset password' },
          { 'sec-fetch-site': 'cross-site' },
          403,
        ],
        [
          { token: secret, password: 'a reset password', confirmation: 'a reset password' },
          { origin: 'https://evil.example' },
          403,
        ],
        [{ token: 'A'.repeat(43), password: 'a reset password', confirmation: 'a reset password' }, {}, 400],
      ];
      for (const [fields, headers, status] of refusals) {
        const before = await everything(h);
        const r = await stranger(fields, headers);
        assert.equal(r.statusCode, status, `${JSON.stringify(headers)} ${r.body.slice(0, 200)}`);
        assert.equal(await everything(h), before, 'a refused reset changed something');
      }
      const done = await stranger({ token: secret, password: 'a reset password', confirmation: 'a reset password' });
      assert.equal(done.statusCode, 200, done.body);
      assert.match(done.body, /Your password is set/);
      assert.equal((await holderSession.get('/account')).statusCode, 303, 'every session signed out');
      const bearer = await h.app.inject({
        method: 'GET',
        url: '/api/v1/session',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(bearer.statusCode, 401, 'API tokens revoked');
      assert.equal((await signIn(h, holder.username, 'a reset password')).statusCode, 200);
      // Once only.
      const again = await stranger({
        token: secret,
        password: 'yet another password',
        confirmation: 'yet another password',
      });
      assert.equal(again.statusCode, 400);
      assert.match(again.body, /unknown, used or expired/);
      assert.equal((await signIn(h, holder.username, 'yet another password')).statusCode, 401);
    });

    test('a reset link expires after 24 hours; a new one spends the older; only site administrators issue them', async () => {
      const site = await browser(h, await makeClient(h, { siteAdmin: true }));
      const holder = await makeClient(h);
      const issue = async () => {
        const r = await site.post('/office/accounts/reset-link', { username: holder.username });
        assert.equal(r.statusCode, 201, r.body);
        return /reset\?token=([A-Za-z0-9_-]{43})"/.exec(r.body)![1]!;
      };
      const older = await issue();
      const newer = await issue();
      const usable = async (secret: string, ms = 0) => {
        const app = await buildApp({ ctx: { ...h.ctx, now: () => new Date(Date.now() + ms) } });
        const r = await app.inject({ method: 'GET', url: `/reset?token=${secret}` });
        await app.close();
        return r.statusCode === 200;
      };
      assert.equal(await usable(older), false, 'the older link is spent');
      assert.equal(await usable(newer), true);
      assert.equal(await usable(newer, 23 * 3_600_000), true);
      assert.equal(await usable(newer, 24 * 3_600_000 + 60_000), false, 'expired after 24 hours');
      const late = await buildApp({ ctx: { ...h.ctx, now: () => new Date(Date.now() + 25 * 3_600_000) } });
      const r = await late.inject({
        method: 'POST',
        url: '/reset',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ token: newer, password: 'a late password', confirmation: 'a late password' }),
      });
      await late.close();
      assert.equal(r.statusCode, 400);
      assert.equal((await signIn(h, holder.username, 'a late password')).statusCode, 401);

      for (const who of [await makeClient(h), await makeClient(h, { roles: [] })]) {
        const b = await browser(h, who);
        assert.equal((await b.get('/office/accounts')).statusCode, 403);
        const before = await everything(h);
        const refused = await b.post('/office/accounts/reset-link', { username: holder.username });
        assert.equal(refused.statusCode, 403);
        assert.doesNotMatch(refused.body, /reset\?token=/);
        assert.equal(await everything(h), before);
      }
      const before = await everything(h);
      assert.equal(
        (await site.post('/office/accounts/reset-link', { username: holder.username }, { csrf: false })).statusCode,
        403,
      );
      assert.equal(await everything(h), before);
      const anonymous = await h.app.inject({ method: 'GET', url: '/office/accounts' });
      assert.equal(anonymous.statusCode, 303);
    });
  });
}
