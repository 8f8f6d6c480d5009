// A body's roles page (issue 15, item 4), through the real server on every database: the body's
// administrator sees who holds which role and what each role may do (one row per action of the
// policy), grants the chair's role to an existing account and revokes it with forms that work
// without JavaScript, in English and Russian. Each change is a `role.granted` / `role.revoked`
// entry naming the account only by its number, and `quorate verify` replays them and compares the
// role rows. Every refusal — no CSRF token, not an administrator, another body's administrator, an
// unknown account or role, the last administrator — changes nothing.
import { formSession } from './support/form-session.ts';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testDatabases } from './support/databases.ts';
import { makeClient, startHarness, verifyBody, type Client, type Harness } from './support/test-app.ts';
import { snapshot } from './support/snapshot.ts';
import { ACTIONS } from '../src/services/policy.ts';
import { findBody } from '../src/services/bodies.ts';

const EN = { 'accept-language': 'en' };
const RU = { 'accept-language': 'ru' };

/** A browser-like session (test/support/form-session.ts). */
async function browser(h: Harness, client: Client) {
  return formSession(h, client.userId);
}

async function everything(h: Harness) {
  const db = h.db.dialect.db;
  return createHash('sha256')
    .update(
      `${await snapshot(h.db.dialect)}\n${JSON.stringify(await db.selectFrom('users').selectAll().orderBy('id').execute())}`,
    )
    .digest('hex');
}

let bodies = 0;

async function council(h: Harness) {
  const slug = `roles${++bodies}`;
  const site = await makeClient(h, { siteAdmin: true });
  const created = await site.request('POST', '/api/v1/bodies', {
    slug,
    names: { en: `Council ${slug}`, ru: `Совет ${slug}` },
    establishedSeats: 5,
    rules: 'ronr',
  });
  assert.equal(created.statusCode, 201, created.body);
  const admin = await makeClient(h, { roles: [[slug, 'admin']] });
  const clerk = await makeClient(h, { roles: [[slug, 'clerk']] });
  const someone = await makeClient(h);
  return { slug, site, admin, clerk, someone, adminPage: await browser(h, admin) };
}

async function rolesOf(h: Harness, slug: string, userId: number) {
  const body = await findBody(h.db.dialect.db, slug);
  const rows = await h.db.dialect.db
    .selectFrom('body_roles')
    .select('role')
    .where('body_id', '=', body.id)
    .where('user_id', '=', userId)
    .orderBy('role')
    .execute();
  return rows.map((r) => r.role);
}

for (const target of testDatabases()) {
  describe(`a body's roles page on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      await h?.close();
    });

    test('the administrator grants and revokes the chair’s role; the log holds numbers; verify replays it', async () => {
      const c = await council(h);
      const url = `/${c.slug}/office/roles`;
      for (const [headers, title, allowed, chair] of [
        [EN, /<h1>Roles<\/h1>/, />Yes</, />Chair</],
        [RU, /<h1>Роли<\/h1>/, />Да</, />Председатель</],
      ] as const) {
        const page = await c.adminPage.get(url, headers);
        assert.equal(page.statusCode, 200, page.body);
        assert.equal(page.headers['cache-control'], 'private, no-store');
        assert.match(page.body, title);
        assert.match(page.body, allowed);
        assert.match(page.body, chair);
        // One row per action of the policy.
        assert.equal([...page.body.matchAll(/<tr data-action="/g)].length, ACTIONS.length);
        assert.match(page.body, new RegExp(`>${c.clerk.username}<`));
      }
      // The table says what the policy says, checked here by hand for a few rows.
      const page = (await c.adminPage.get(url)).body;
      const row = (action: string) =>
        [
          ...(new RegExp(`<tr data-action="${action.replace('.', '\\.')}">(.*?)</tr>`).exec(page)?.[1] ?? '').matchAll(
            /<td data-role="(\w+)">Yes<\/td>/g,
          ),
        ].map((m) => m[1]);
      assert.deepEqual(row('role.manage'), ['admin']);
      assert.deepEqual(row('ballot.cast'), ['member']);
      assert.deepEqual(row('vote.open'), ['clerk', 'chair']);
      assert.deepEqual(row('record.read_draft'), ['admin', 'clerk', 'chair', 'member', 'observer']);
      // The roster page links to it for those who may grant roles.
      assert.match((await c.adminPage.get(`/${c.slug}/office`)).body, new RegExp(`href="${url}"`));
      assert.doesNotMatch(
        (await (await browser(h, c.clerk)).get(`/${c.slug}/office`)).body,
        new RegExp(`href="${url}"`),
      );

      const granted = await c.adminPage.post(url, { username: c.someone.username, role: 'chair' });
      assert.equal(granted.statusCode, 303, granted.body);
      assert.equal(granted.headers.location, `${url}?saved=granted#holders`);
      assert.deepEqual(await rolesOf(h, c.slug, c.someone.userId), ['chair']);
      // Granted at once: the chair may now schedule a sitting, with the same session as before.
      const sitting = await c.someone.request('POST', `/api/v1/bodies/${c.slug}/sittings`, {
        title: 'A sitting',
        date: '2026-12-01',
      });
      assert.equal(sitting.statusCode, 201, sitting.body);
      const shown = await c.adminPage.get(`${url}?saved=granted`);
      assert.match(shown.body, /The role is granted\./);
      assert.match(shown.body, new RegExp(`Revoke Chair from ${c.someone.username}`));

      const revoked = await c.adminPage.post(`${url}/revoke`, { username: c.someone.username, role: 'chair' });
      assert.equal(revoked.statusCode, 303, revoked.body);
      assert.deepEqual(await rolesOf(h, c.slug, c.someone.userId), []);
      const refused = await c.someone.request('POST', `/api/v1/bodies/${c.slug}/sittings`, {
        title: 'Another',
        date: '2026-12-02',
      });
      assert.equal(refused.statusCode, 403, 'revoked at once');

      const body = await findBody(h.db.dialect.db, c.slug);
      const entries = await h.db.dialect.db
        .selectFrom('entries')
        .select(['type', 'bytes'])
        .where('body_id', '=', body.id)
        .where('type', 'in', ['role.granted', 'role.revoked'])
        .orderBy('idx')
        .execute();
      const last = entries.slice(-2).map((e) => [e.type, JSON.parse(Buffer.from(e.bytes).toString('utf8')).data]);
      assert.deepEqual(last, [
        ['role.granted', { account: c.someone.userId, role: 'chair' }],
        ['role.revoked', { account: c.someone.userId, role: 'chair' }],
      ]);
      for (const e of entries) assert.doesNotMatch(Buffer.from(e.bytes).toString('utf8'), /user\d+-\d+/);
      const v = await verifyBody(h, c.slug);
      assert.equal(v.code, 0, v.output);
    });

    test('a site administrator may grant too; the clerk, a member of another body and another body’s admin may not', async () => {
      const c = await council(h);
      const other = await council(h);
      const url = `/${c.slug}/office/roles`;
      const site = await browser(h, c.site);
      assert.equal((await site.get(url)).statusCode, 200);
      for (const who of [c.clerk, c.someone, other.admin]) {
        const b = await browser(h, who);
        assert.equal((await b.get(url)).statusCode, 403);
        const before = await everything(h);
        const r = await b.post(url, { username: who.username, role: 'admin' });
        assert.equal(r.statusCode, 403, r.body);
        assert.doesNotMatch(r.body, /<form method="post" action="\/roles/);
        assert.equal(await everything(h), before, 'a refused grant changed something');
      }
      const anonymous = await h.app.inject({ method: 'GET', url });
      assert.equal(anonymous.statusCode, 303);
      assert.match(String(anonymous.headers.location), /^\/sign-in\?next=/);
      const r = await site.post(url, { username: c.someone.username, role: 'observer' });
      assert.equal(r.statusCode, 303, r.body);
      assert.deepEqual(await rolesOf(h, c.slug, c.someone.userId), ['observer']);
    });

    test('refusals show on the form and change nothing: CSRF, unknown account or role, the last administrator', async () => {
      const c = await council(h);
      const url = `/${c.slug}/office/roles`;
      const adminOnly = await rolesOf(h, c.slug, c.admin.userId);
      assert.deepEqual(adminOnly, ['admin']);
      const cases: Array<[string, Record<string, string>, { csrf?: boolean }, number, RegExp]> = [
        [url, { username: c.someone.username, role: 'chair' }, { csrf: false }, 403, /csrf_failed/],
        [url, { username: 'no-such-account', role: 'chair' }, {}, 404, /id="grant-username-error"/],
        [url, { username: c.someone.username, role: 'speaker' }, {}, 400, /id="grant-role-error"/],
        [url, { username: '', role: 'chair' }, {}, 404, /id="grant-username-error"/],
        [`${url}/revoke`, { username: c.admin.username, role: 'admin' }, {}, 409, /last administrator/],
        [`${url}/revoke`, { username: c.admin.username, role: 'admin' }, { csrf: false }, 403, /csrf_failed/],
      ];
      for (const [to, fields, options, status, text] of cases) {
        const before = await everything(h);
        const r = await c.adminPage.post(to, fields, options);
        assert.equal(r.statusCode, status, `${to} ${JSON.stringify(fields)}: ${r.body.slice(0, 300)}`);
        assert.match(r.body, text);
        assert.equal(await everything(h), before, `${to} ${JSON.stringify(fields)} changed something`);
      }
      // The API refuses the last administrator's revocation with the same code.
      const api = await c.admin.request('DELETE', `/api/v1/bodies/${c.slug}/roles`, {
        username: c.admin.username,
        role: 'admin',
      });
      assert.equal(api.statusCode, 409);
      assert.equal(api.json().code, 'last_admin');
      // With a second administrator, the first may step down.
      assert.equal((await c.adminPage.post(url, { username: c.someone.username, role: 'admin' })).statusCode, 303);
      assert.equal(
        (await c.adminPage.post(`${url}/revoke`, { username: c.admin.username, role: 'admin' })).statusCode,
        303,
      );
      assert.deepEqual(await rolesOf(h, c.slug, c.admin.userId), []);
      const v = await verifyBody(h, c.slug);
      assert.equal(v.code, 0, v.output);
    });

    test('two administrators revoking each other at once: one keeps the role', async () => {
      const c = await council(h);
      const second = await makeClient(h, { roles: [[c.slug, 'admin']] });
      const url = `/${c.slug}/office/roles/revoke`;
      const secondPage = await browser(h, second);
      const [a, b] = await Promise.all([
        c.adminPage.post(url, { username: second.username, role: 'admin' }),
        secondPage.post(url, { username: c.admin.username, role: 'admin' }),
      ]);
      const statuses = [a.statusCode, b.statusCode].sort();
      // The first revocation wins; the other is refused, as the last administrator's (409) or, once
      // its author has lost the role, as not allowed (403).
      assert.equal(statuses[0], 303, `${a.statusCode} ${b.statusCode}`);
      assert.ok(statuses[1] === 409 || statuses[1] === 403, `${a.statusCode} ${b.statusCode}`);
      const left = [...(await rolesOf(h, c.slug, c.admin.userId)), ...(await rolesOf(h, c.slug, second.userId))];
      assert.deepEqual(left, ['admin']);
      const v = await verifyBody(h, c.slug);
      assert.equal(v.code, 0, v.output);
    });

    test('verify names a role row no entry grants, and a granted role whose row is gone', async () => {
      const c = await council(h);
      const body = await findBody(h.db.dialect.db, c.slug);
      await h.db.dialect.db
        .insertInto('body_roles')
        .values({ body_id: body.id, user_id: c.someone.userId, role: 'clerk' })
        .execute();
      const forged = await verifyBody(h, c.slug);
      assert.notEqual(forged.code, 0);
      assert.match(forged.output, /role_row_unlogged/);
      await h.db.dialect.db
        .deleteFrom('body_roles')
        .where('body_id', '=', body.id)
        .where('user_id', '=', c.someone.userId)
        .execute();
      await h.db.dialect.db
        .deleteFrom('body_roles')
        .where('body_id', '=', body.id)
        .where('user_id', '=', c.clerk.userId)
        .execute();
      const dropped = await verifyBody(h, c.slug);
      assert.notEqual(dropped.code, 0);
      assert.match(dropped.output, /role_row_mismatch/);
    });
  });
}
