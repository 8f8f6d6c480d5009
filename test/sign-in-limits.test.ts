// Sign-in limits (issue 12, items 9, 10 and 13), on SQLite and PostgreSQL: strangers' guesses
// cannot lock out a browser that has signed in before (device cookies); past a limit an attempt is
// refused unchecked with a growing Retry-After; parallel guesses cannot pass the limit; a reset
// lifts the pause and spares other sessions unless asked; unknown usernames cost the same scrypt
// work and leave no rows behind; the API and the JS-free form follow the same rules, and a
// sign-in with `Origin: null` is refused. Work is counted by scrypt calls, never timed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { testDatabases } from './support/databases.ts';
import { startHarness, type Harness, type TestApp } from './support/test-app.ts';
import { buildApp } from '../src/http/app.ts';
import {
  ACCOUNT_FAILURE_LIMIT,
  createApiToken,
  createSession,
  createUser,
  DEVICE_FAILURE_LIMIT,
  issuePasswordReset,
  passwordWork,
} from '../src/services/accounts.ts';
import { SIGN_IN_WINDOW_MS } from '../src/services/sign-in-limits.ts';
import { operatorActor } from '../src/cli/operator.ts';

const PASSWORD = 'correct horse battery';
const WRONG = 'wrong horse battery';
let n = 0;

const deviceOf = (r: LightMyRequestResponse) => r.cookies.find((c) => c.name === 'quorate_device')?.value;
const hasSession = (r: LightMyRequestResponse) => r.cookies.some((c) => c.name === 'quorate_session' && c.value);

for (const target of testDatabases()) {
  describe(`sign-in limits on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let app: TestApp;
    let ctx: Harness['ctx'];
    const clock = { t: Date.now() };
    before(async () => {
      h = await startHarness(target);
      ctx = { ...h.ctx, now: () => new Date(clock.t) };
      app = await buildApp({ ctx });
    });
    after(async () => {
      await app?.close();
      await h?.close();
    });

    const user = async (prefix: string) =>
      createUser(h.ctx, operatorActor(), {
        username: `${prefix}${++n}-${target.label}`,
        displayName: prefix,
        password: PASSWORD,
      });
    const api = (
      username: string,
      password: string,
      options: { device?: string; headers?: Record<string, string> } = {},
    ) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username, password },
        headers: options.headers ?? {},
        cookies: options.device ? { quorate_device: options.device } : {},
      });
    const form = (
      username: string,
      password: string,
      options: { device?: string; headers?: Record<string, string> } = {},
    ) =>
      app.inject({
        method: 'POST',
        url: '/sign-in',
        payload: new URLSearchParams({ username, password, next: '/' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
        cookies: options.device ? { quorate_device: options.device } : {},
      });
    /** Wrong passwords from a browser with no device cookie until the account's shared limit is used up. */
    const lockOut = async (username: string) => {
      for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++)
        assert.equal((await api(username, `${WRONG} ${i}`)).statusCode, 401);
      const r = await api(username, WRONG);
      assert.equal(r.statusCode, 429, r.body);
      return r;
    };

    test("strangers' wrong passwords pause unknown browsers only: the clerk's own browser still signs in", async () => {
      const clerk = await user('clerk');
      const first = await api(clerk.username, PASSWORD);
      assert.equal(first.statusCode, 200, first.body);
      const laptop = deviceOf(first);
      assert.ok(laptop, 'no device cookie after a sign-in');
      const paused = await lockOut(clerk.username);
      assert.equal(paused.json().code, 'sign_in_paused');
      assert.equal(
        (await api(clerk.username, PASSWORD)).statusCode,
        429,
        'the right password from an unknown browser during the pause',
      );
      const own = await api(clerk.username, PASSWORD, { device: laptop });
      assert.equal(own.statusCode, 200, `the clerk's own browser was locked out: ${own.body}`);
      const renewed = deviceOf(own);
      assert.ok(renewed && renewed !== laptop, 'the device cookie is renewed at each sign-in');
      const viaForm = await form(clerk.username, PASSWORD, { device: renewed });
      assert.equal(viaForm.statusCode, 303, `the form refused the clerk's own browser: ${viaForm.statusCode}`);
      // A forged or altered device cookie counts as an unknown browser.
      const forged = `${renewed!.slice(0, -4)}AAAA`;
      assert.equal((await api(clerk.username, PASSWORD, { device: forged })).statusCode, 429);
      const otherAccount = await user('other');
      const theirs = deviceOf(await api(otherAccount.username, PASSWORD));
      assert.equal(
        (await api(clerk.username, PASSWORD, { device: theirs })).statusCode,
        429,
        "another account's device cookie is no pass",
      );
    });

    test('a known browser has a limit of its own, which does not touch other browsers', async () => {
      const u = await user('twobrowsers');
      const a = deviceOf(await api(u.username, PASSWORD))!;
      const b = deviceOf(await api(u.username, PASSWORD))!;
      for (let i = 0; i < DEVICE_FAILURE_LIMIT; i++)
        assert.equal((await api(u.username, WRONG, { device: a })).statusCode, 401);
      assert.equal((await api(u.username, PASSWORD, { device: a })).statusCode, 429, 'browser A past its own limit');
      assert.equal(
        (await api(u.username, PASSWORD, { device: b })).statusCode,
        200,
        "browser B paused by A's failures",
      );
      assert.equal((await api(u.username, PASSWORD)).statusCode, 200, "unknown browsers paused by A's failures");
    });

    test('past the limit an attempt is refused unchecked with Retry-After, and each lock lasts twice the last', async () => {
      const u = await user('backoff');
      const work = passwordWork.scryptCalls;
      const waits: number[] = [];
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++)
          assert.equal((await api(u.username, WRONG)).statusCode, 401, `round ${round}, try ${i}`);
        for (const password of [WRONG, PASSWORD, WRONG]) {
          const r = await api(u.username, password);
          assert.equal(r.statusCode, 429, r.body);
          assert.match(String(r.headers['content-type']), /problem\+json/);
          assert.equal(r.json().code, 'sign_in_paused');
          assert.ok(Number(r.headers['retry-after']) > 0, 'no Retry-After');
        }
        waits.push(Number((await api(u.username, PASSWORD)).headers['retry-after']));
        assert.equal(
          passwordWork.scryptCalls - work,
          (round + 1) * ACCOUNT_FAILURE_LIMIT,
          'a refused attempt was checked',
        );
        clock.t += waits[round]! * 1000 + 1000;
      }
      assert.deepEqual(waits, [900, 1800, 3600]);
      clock.t += SIGN_IN_WINDOW_MS;
      assert.equal((await api(u.username, PASSWORD)).statusCode, 200);
    });

    test('40 parallel wrong passwords against a limit of 10: 10 are checked, 30 refused', async () => {
      for (const via of ['unknown browser', 'known browser'] as const) {
        const u = await user('parallel');
        const device = via === 'known browser' ? deviceOf(await api(u.username, PASSWORD)) : undefined;
        const work = passwordWork.scryptCalls;
        const answers = await Promise.all(
          Array.from({ length: 40 }, (_, i) => api(u.username, `${WRONG} ${i}`, { device })),
        );
        const checked = passwordWork.scryptCalls - work;
        const codes = answers.map((r) => r.statusCode);
        assert.equal(checked, ACCOUNT_FAILURE_LIMIT, `${via}: ${checked} of 40 parallel guesses were checked`);
        assert.equal(codes.filter((c) => c === 401).length, 10, `${via}: ${codes.join(' ')}`);
        assert.equal(codes.filter((c) => c === 429).length, 30, `${via}: ${codes.join(' ')}`);
      }
    });

    test('an unknown username, a disabled account and a wrong password each cost one scrypt derivation', async () => {
      const known = await user('known');
      const disabled = await user('disabled');
      await h.db.dialect.db.updateTable('users').set({ disabled: 1 }).where('id', '=', disabled.id).execute();
      for (const [what, username, password] of [
        ['unknown username', `nobody${++n}-${target.label}`, PASSWORD],
        ['wrong password', known.username, WRONG],
        ['disabled account', disabled.username, PASSWORD],
      ] as const) {
        const work = passwordWork.scryptCalls;
        const r = await api(username, password);
        assert.equal(r.statusCode, 401, `${what}: ${r.body}`);
        assert.equal(r.json().code, 'bad_credentials', what);
        assert.equal(passwordWork.scryptCalls - work, 1, `${what}: scrypt derivations`);
      }
    });

    test('unknown usernames behave like known ones and their rows are purged after a day without attempts', async () => {
      const ghost = `ghost${++n}-${target.label}`;
      const r = await lockOut(ghost);
      assert.equal(
        r.json().code,
        'sign_in_paused',
        'an unknown name must pause like a known one, or the pause tells names apart',
      );
      const guessed = Array.from({ length: 20 }, (_, i) => `guess${i}-${n}-${target.label}`);
      for (const g of guessed) assert.equal((await api(g, WRONG)).statusCode, 401);
      const rows = () =>
        h.db.dialect.db
          .selectFrom('sign_in_failures')
          .select('key')
          .where(
            'key',
            'in',
            [...guessed, ghost].map((g) => `account:${g}`),
          )
          .execute();
      assert.equal((await rows()).length, 21);
      clock.t += 24 * 3_600_000 + 120_000;
      await api(`someone${++n}-${target.label}`, WRONG);
      assert.deepEqual(await rows(), [], 'rows of unknown usernames were kept');
    });

    test('a reset link lifts the pause, keeps other sessions unless asked, and revokes API tokens', async () => {
      const clerk = await user('resetclerk');
      const laptop = await createSession(ctx, clerk.id);
      const actor = { userId: clerk.id, siteAdmin: false, roles: new Map() };
      const script = await createApiToken(ctx, actor, { name: 'minutes script' }, 'session');
      await lockOut(clerk.username);
      const reset = async (password: string, signOutEverywhere?: boolean) => {
        const link = await issuePasswordReset(ctx, operatorActor(), clerk.username);
        const r = await app.inject({
          method: 'POST',
          url: '/api/v1/password-resets/use',
          payload: { token: link.token, password, ...(signOutEverywhere === undefined ? {} : { signOutEverywhere }) },
        });
        assert.equal(r.statusCode, 204, r.body);
      };
      const sessionStatus = async () =>
        (await app.inject({ method: 'GET', url: '/api/v1/session', cookies: { quorate_session: laptop.sessionToken } }))
          .statusCode;
      await reset('a brand new password');
      const again = await api(clerk.username, 'a brand new password');
      assert.equal(again.statusCode, 200, `still paused after the reset: ${again.body}`);
      assert.equal(await sessionStatus(), 200, "the reset ended the clerk's live session");
      const t = await app.inject({
        method: 'GET',
        url: '/api/v1/session',
        headers: { authorization: `Bearer ${script.token}` },
      });
      assert.equal(t.statusCode, 401, 'the reset left the API token alive');
      await reset('another new password', true);
      assert.equal(await sessionStatus(), 401, 'signOutEverywhere kept the session');
    });

    test('the sign-in form follows the same rules: 429 with Retry-After and the wait in English and Russian', async () => {
      const u = await user('formpause');
      for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) assert.equal((await form(u.username, WRONG)).statusCode, 401);
      for (const [lang, text] of [
        ['en', 'try again in 15 min'],
        ['ru', 'повторите через 15 мин.'],
      ] as const) {
        const r = await form(u.username, PASSWORD, { headers: { 'accept-language': lang } });
        assert.equal(r.statusCode, 429);
        assert.equal(r.headers['retry-after'], '900');
        assert.ok(r.body.includes(text), `${lang}: ${r.body.match(/role="alert"[^<]*<?[^<]*/)?.[0]}`);
        assert.equal(hasSession(r), false);
      }
      assert.equal((await api(u.username, PASSWORD)).statusCode, 429, "the form's failures count for the API too");
    });

    test('a sign-in with Origin: null and no Sec-Fetch-Site is refused, on the form and the API alike', async () => {
      const u = await user('nullorigin');
      const viaForm = await form(u.username, PASSWORD, { headers: { origin: 'null' } });
      assert.equal(viaForm.statusCode, 403);
      assert.equal(hasSession(viaForm), false, 'a session was set');
      const viaApi = await api(u.username, PASSWORD, { headers: { origin: 'null' } });
      assert.equal(viaApi.statusCode, 403, viaApi.body);
      assert.equal(viaApi.json().code, 'cross_site_sign_in');
      assert.equal(hasSession(viaApi), false);
      for (const headers of [
        { origin: 'https://evil.example' },
        { 'sec-fetch-site': 'cross-site', origin: 'null' },
      ] as Array<Record<string, string>>) {
        assert.equal((await api(u.username, PASSWORD, { headers })).statusCode, 403, JSON.stringify(headers));
      }
      for (const headers of [
        {},
        { 'sec-fetch-site': 'same-origin', origin: 'null' },
        { origin: 'https://council.example', host: 'council.example' },
      ] as Array<Record<string, string>>) {
        const r = await api(u.username, PASSWORD, { headers });
        assert.equal(r.statusCode, 200, `${JSON.stringify(headers)}: ${r.body}`);
      }
    });
  });
}
