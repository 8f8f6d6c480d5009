// The clerk's office, part one (issue 15, items 1–3), through the real server on every database:
// the first run (the setup link, "not set up yet"), the new-council form, terms, and the roster
// page's forms (assign, end a mandate with its reason, upload a CSV checked before it is stored).
// Each form: success, refusal by policy, refusal without the CSRF token, hostile input — and a
// refused form changes nothing (a snapshot of the record, the terms, the accounts and the setup
// links before and after). `quorate verify` replays what the forms recorded.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testDatabases } from './support/databases.ts';
import { makeClient, startHarness, type Client, type Harness } from './support/test-app.ts';
import { snapshot } from './support/snapshot.ts';
import { runCli } from './support/run-command.ts';
import { issueSetupLink } from '../src/services/first-run.ts';
import { createSession } from '../src/services/accounts.ts';
import { verifierKey } from '../src/services/log/log-reads.ts';
import { ROSTER_MAX_BYTES } from '../src/http/pages/office-page-routes.tsx';

const EN = { 'accept-language': 'en' };
const RU = { 'accept-language': 'ru' };

/** Everything a form could change: the record, terms, accounts, roles and setup links. */
async function fullSnapshot(h: Harness) {
  const db = h.db.dialect.db;
  const extra = [
    await db.selectFrom('terms').selectAll().orderBy('id').execute(),
    await db.selectFrom('users').select(['id', 'username', 'site_admin']).orderBy('id').execute(),
    await db.selectFrom('setup_links').selectAll().orderBy('token_hash').execute(),
  ];
  // A digest, so a failure reports two short values rather than the whole record.
  return createHash('sha256')
    .update(`${await snapshot(h.db.dialect)}\n${JSON.stringify(extra)}`)
    .digest('hex');
}

const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) p.append(k, x);
  return p.toString();
};

/** A browser-like session: the cookie, and the CSRF token it would put in each form. */
async function browser(h: Harness, client: Client) {
  const session = await createSession(h.ctx, client.userId);
  const cookies = { quorate_session: session.sessionToken };
  return {
    csrf: session.csrfToken,
    get: (url: string, headers: Record<string, string> = EN) => h.app.inject({ method: 'GET', url, cookies, headers }),
    post: (url: string, fields: Record<string, string | string[]>, options: { csrf?: boolean } = {}) =>
      h.app.inject({
        method: 'POST',
        url,
        cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...EN },
        payload: form(options.csrf === false ? fields : { _csrf: session.csrfToken, ...fields }),
      }),
    upload: (url: string, csv: string, options: { csrf?: boolean; boundary?: string } = {}) => {
      const b = options.boundary ?? 'q7Boundary';
      const parts = [
        ...(options.csrf === false
          ? []
          : [`--${b}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${session.csrfToken}\r\n`]),
        `--${b}\r\nContent-Disposition: form-data; name="roster"; filename="roster.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n`,
        `--${b}--\r\n`,
      ];
      return h.app.inject({
        method: 'POST',
        url,
        cookies,
        headers: { 'content-type': `multipart/form-data; boundary=${b}`, ...EN },
        payload: Buffer.from(parts.join(''), 'utf8'),
      });
    },
  };
}

const goodCsv = (n: number) =>
  [
    'seat,name_en,name_ru,starts_on',
    ...Array.from({ length: n }, (_, i) => `${i + 1},Member ${i + 1},Депутат ${i + 1},2024-09-20`),
  ].join('\n');

for (const target of testDatabases()) {
  describe(`the clerk's office on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      await h?.close();
    });

    test('first run: not set up yet, the setup link creates the first site administrator once', async () => {
      for (const [headers, text] of [
        [EN, 'not set up yet'],
        [RU, 'ещё не настроен'],
      ] as const) {
        const home = await h.app.inject({ method: 'GET', url: '/', headers });
        assert.equal(home.statusCode, 503);
        assert.match(home.body, new RegExp(text));
      }
      // The API is not gated, and can do nothing: every write needs an account, and there is none.
      assert.deepEqual((await h.app.inject({ method: 'GET', url: '/api/v1/bodies' })).json(), { items: [] });
      const write = await h.app.inject({
        method: 'POST',
        url: '/api/v1/bodies',
        payload: { slug: 'x', names: { en: 'X' }, establishedSeats: 5, rules: 'ronr' },
      });
      assert.equal(write.statusCode, 401);
      assert.equal((await h.app.inject({ method: 'GET', url: '/office' })).statusCode, 503);
      // Signing in stays open (an account the operator made with the CLI can still sign in).
      assert.equal((await h.app.inject({ method: 'GET', url: '/sign-in', headers: EN })).statusCode, 200);
      assert.equal((await h.app.inject({ method: 'GET', url: '/sign-inx', headers: EN })).statusCode, 503);

      const link = await issueSetupLink(h.ctx);
      assert.ok(link && link.token.length >= 43);
      const stored = await h.db.dialect.db.selectFrom('setup_links').selectAll().execute();
      assert.ok(
        stored.every((l) => l.token_hash !== link.token),
        'only the hash is stored',
      );
      const page = await h.app.inject({ method: 'GET', url: `/setup?token=${link.token}`, headers: RU });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Создать администратора/);
      assert.equal(page.headers['referrer-policy'], 'no-referrer');
      assert.equal((await h.app.inject({ method: 'GET', url: '/setup?token=wrong' })).statusCode, 400);

      const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
        h.app.inject({
          method: 'POST',
          url: '/setup',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...EN, ...headers },
          payload: form(fields),
        });
      const good = {
        token: link.token,
        username: 'clerk-admin',
        password: 'a long password',
        confirmation: 'a long password',
      };
      const before = await fullSnapshot(h);
      const refusals: Array<[Record<string, string>, Record<string, string>, number, RegExp]> = [
        [{ ...good, confirmation: 'another long one' }, {}, 400, /id="setup-confirmation"[^>]*aria-invalid="true"/],
        [{ ...good, password: 'short', confirmation: 'short' }, {}, 400, /id="setup-password"[^>]*aria-invalid="true"/],
        [{ ...good, username: 'x'.repeat(5000) }, {}, 400, /aria-invalid="true"/],
        [{ ...good, username: 'bad\u0007name' }, {}, 400, /aria-invalid="true"/],
        [{ ...good, displayName: 'evil\u0000name' }, {}, 400, /aria-invalid="true"/],
        [{ ...good, token: 'not-the-token' }, {}, 400, /unknown, used or expired/],
        [{ ...good, token: 'x'.repeat(10_000) }, {}, 400, /unknown, used or expired/],
        [good, { 'sec-fetch-site': 'cross-site' }, 403, /cross-site/],
      ];
      for (const [fields, headers, status, body] of refusals) {
        const r = await post(fields, headers);
        assert.equal(r.statusCode, status, JSON.stringify(fields).slice(0, 80));
        assert.match(r.body, body);
        assert.equal(await fullSnapshot(h), before, 'a refused setup changes nothing');
      }
      const ok = await post(good);
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/office');
      assert.ok(String(ok.headers['set-cookie']).includes('quorate_session='));
      const admin = await h.db.dialect.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      assert.equal(admin.username, 'clerk-admin');
      assert.equal(admin.site_admin, 1);
      const again = await post({ ...good, username: 'second-admin' });
      assert.equal(again.statusCode, 400, 'the link works once');
      assert.equal((await h.db.dialect.db.selectFrom('users').select('id').execute()).length, 1);
      assert.equal(await issueSetupLink(h.ctx), null, 'no new link once an administrator exists');
      assert.equal((await h.app.inject({ method: 'GET', url: '/' })).statusCode, 200, 'the site is set up');
    });

    const newBody = {
      slug: 'kolpino',
      nameRu: 'Муниципальный совет Колпино',
      nameEn: 'Kolpino municipal council',
      jurisdiction: 'Saint Petersburg',
      timeZone: 'Europe/Moscow',
      languages: ['ru', 'en'],
      establishedSeats: '20',
      preset: 'ru-33fz',
      makeMeAdmin: '1',
    };

    test('the new-council form: refused by policy, without CSRF and for hostile input, changing nothing', async () => {
      const admin = await browser(h, await makeClient(h, { siteAdmin: true }));
      const stranger = await browser(h, await makeClient(h));
      const formPage = await admin.get('/office/bodies/new', RU);
      assert.equal(formPage.statusCode, 200);
      assert.match(formPage.body, /ru-33fz/);
      assert.match(formPage.body, /131-ФЗ|33-ФЗ/, 'the preview cites the law');
      assert.equal((await stranger.get('/office/bodies/new')).statusCode, 403);
      assert.equal((await h.app.inject({ method: 'GET', url: '/office/bodies/new' })).statusCode, 303);

      const before = await fullSnapshot(h);
      const refused: Array<
        [
          ReturnType<typeof browser> extends Promise<infer B> ? B : never,
          Record<string, string | string[]>,
          { csrf?: boolean },
          number,
          RegExp | null,
        ]
      > = [
        [stranger, newBody, {}, 403, null],
        [admin, newBody, { csrf: false }, 403, /csrf_failed/],
        [
          admin,
          { ...newBody, timeZone: 'Mars/Olympus_Mons' },
          {},
          400,
          /id="newbody-timeZone"[^>]*aria-invalid="true"/,
        ],
        [
          admin,
          { ...newBody, timeZone: 'Europe/Moscow\u0000' },
          {},
          400,
          /id="newbody-timeZone"[^>]*aria-invalid="true"/,
        ],
        [admin, { ...newBody, nameRu: 'С'.repeat(301) }, {}, 400, /id="newbody-nameRu"[^>]*aria-invalid="true"/],
        [admin, { ...newBody, nameEn: 'Council\u001b[31m' }, {}, 400, /id="newbody-nameEn"[^>]*aria-invalid="true"/],
        [admin, { ...newBody, jurisdiction: 'x'.repeat(10_000) }, {}, 400, /aria-invalid="true"/],
        [admin, { ...newBody, nameRu: '', nameEn: '' }, {}, 400, /aria-invalid="true"/],
        [
          admin,
          { ...newBody, establishedSeats: '0' },
          {},
          400,
          /id="newbody-establishedSeats"[^>]*aria-invalid="true"/,
        ],
        [admin, { ...newBody, establishedSeats: '1e3' }, {}, 400, /aria-invalid="true"/],
        [admin, { ...newBody, preset: 'no-such-preset' }, {}, 400, /id="newbody-preset"[^>]*aria-invalid="true"/],
        [admin, { ...newBody, slug: 'office' }, {}, 400, /id="newbody-slug"[^>]*aria-invalid="true"/],
        [admin, { ...newBody, slug: '<script>' }, {}, 400, /id="newbody-slug"[^>]*aria-invalid="true"/],
        [admin, { ...newBody, languages: [] }, {}, 400, /newbody-languages-error/],
      ];
      for (const [who, fields, options, status, body] of refused) {
        const r = await who.post('/office/bodies', fields, options);
        assert.equal(r.statusCode, status, `${JSON.stringify(fields).slice(-160)} → ${r.body.slice(0, 100)}`);
        if (body) assert.match(r.body, body);
        assert.doesNotMatch(r.body, /<script>/);
        assert.equal(await fullSnapshot(h), before, 'a refused form changes nothing');
      }
      const anon = await h.app.inject({
        method: 'POST',
        url: '/office/bodies',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form(newBody),
      });
      assert.equal(anon.statusCode, 401);
      assert.equal(await fullSnapshot(h), before);
    });

    let admin: Awaited<ReturnType<typeof browser>>;
    test('the new-council form creates a 20-seat council under the Russian preset in force, and its administrator', async () => {
      admin = await browser(h, await makeClient(h, { siteAdmin: true }));
      const r = await admin.post('/office/bodies', newBody);
      assert.equal(r.statusCode, 303, r.body.slice(0, 500));
      assert.equal(r.headers.location, '/kolpino/office?saved=1');
      const body = await h.db.dialect.db
        .selectFrom('bodies')
        .selectAll()
        .where('slug', '=', 'kolpino')
        .executeTakeFirstOrThrow();
      assert.equal(body.established_seats, 20);
      assert.equal(body.time_zone, 'Europe/Moscow');
      assert.deepEqual(JSON.parse(body.languages), ['ru', 'en']);
      assert.equal(JSON.parse(body.rules).preset, 'ru-33fz');
      assert.deepEqual(JSON.parse(body.names), { ru: newBody.nameRu, en: newBody.nameEn });
      const types = (
        await h.db.dialect.db
          .selectFrom('entries')
          .select('type')
          .where('body_id', '=', body.id)
          .orderBy('idx')
          .execute()
      ).map((e) => e.type);
      assert.deepEqual(types, ['body.created', 'role.granted']);
      const page = await admin.get('/kolpino/office', RU);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Установлено: 20\. Замещено: 0\. Вакантно: 20\./);
    });

    test('terms: recorded in order; an overlapping term is refused and changes nothing', async () => {
      const ok = await admin.post('/kolpino/office/terms', { startsOn: '2019-09-20', endsOn: '2024-09-19' });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
      const clerk = await browser(h, await makeClient(h, { roles: [['kolpino', 'clerk']] }));
      const before = await fullSnapshot(h);
      const refusals: Array<[typeof admin, Record<string, string>, { csrf?: boolean }, number]> = [
        [admin, { startsOn: '2024-09-19', endsOn: '2029-09-18' }, {}, 409],
        [admin, { startsOn: '2024-09-30', endsOn: '2024-09-20' }, {}, 400],
        [admin, { startsOn: '2024-02-30' }, {}, 400],
        [admin, { startsOn: '2024-09-20\u0000' }, {}, 400],
        [admin, { startsOn: 'x'.repeat(5000) }, {}, 400],
        [admin, { startsOn: '2024-09-20' }, { csrf: false }, 403],
        [clerk, { startsOn: '2024-09-20' }, {}, 403],
      ];
      for (const [who, fields, options, status] of refusals) {
        const r = await who.post('/kolpino/office/terms', fields, options);
        assert.equal(r.statusCode, status, `${JSON.stringify(fields).slice(0, 80)} → ${r.body.slice(0, 300)}`);
        assert.equal(await fullSnapshot(h), before, 'a refused term changes nothing');
      }
      assert.equal((await admin.post('/kolpino/office/terms', { startsOn: '2024-09-20' })).statusCode, 303);
      const page = await admin.get('/kolpino/office');
      assert.match(page.body, /20 September 2024|20 Sept 2024|Sep 20, 2024/);
    });

    test('the roster CSV: a bad row stores nothing and is named; a good file is shown, then stored on confirmation', async () => {
      const clerk = await browser(h, await makeClient(h, { roles: [['kolpino', 'clerk']] }));
      const observer = await browser(h, await makeClient(h, { roles: [['kolpino', 'observer']] }));
      const before = await fullSnapshot(h);
      const bad = `${goodCsv(20).split('\n').slice(0, 6).join('\n')}\n21,Too Many,Лишний,2024-09-20\n7,Seven,,2024-13-01`;
      const r = await admin.upload('/kolpino/office/import', bad);
      assert.equal(r.statusCode, 400);
      assert.match(r.body, /<tr data-line="7" class="bad-row">/);
      assert.match(r.body, /beyond the 20 established seats|invalid_date/);
      assert.doesNotMatch(r.body, /name="confirm"/);
      assert.equal(await fullSnapshot(h), before, 'a bad file stores nothing');

      const hostile: Array<[typeof admin, string, { csrf?: boolean }, number]> = [
        [observer, goodCsv(20), {}, 403],
        [clerk, goodCsv(20), { csrf: false }, 403],
        [admin, 'x'.repeat(ROSTER_MAX_BYTES + 1), {}, 400],
        [admin, 'seat,name_en\n1,"unclosed', {}, 400],
        [admin, 'seat,name_en\n1,A\u0000B', {}, 400],
        [admin, `seat,name_en\n1,${'A'.repeat(301)}`, {}, 400],
        [admin, 'seat,nonsense\n1,x', {}, 400],
        [admin, 'garbage', {}, 400],
      ];
      for (const [who, csv, options, status] of hostile) {
        const res = await who.upload('/kolpino/office/import', csv, options);
        assert.equal(res.statusCode, status, `${csv.slice(0, 40)} → ${res.body.slice(0, 300)}`);
        assert.equal(await fullSnapshot(h), before, 'a refused upload changes nothing');
      }
      const malformed = await h.app.inject({
        method: 'POST',
        url: '/kolpino/office/import',
        headers: { 'content-type': 'multipart/form-data; boundary=zz' },
        payload: '--zz\r\nnot a part',
      });
      assert.equal(malformed.statusCode, 400);

      const check = await clerk.upload('/kolpino/office/import', goodCsv(20));
      assert.equal(check.statusCode, 200, check.body.slice(0, 500));
      assert.match(check.body, /All 20 rows are fine/);
      assert.match(check.body, /name="confirm"/);
      assert.equal(await fullSnapshot(h), before, 'the check stores nothing');
      const csv = /name="csv" value="([^"]*)"/
        .exec(check.body)![1]!
        .replace(/&#x27;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&');
      const stored = await clerk.post('/kolpino/office/import', { csv, confirm: '1' });
      assert.equal(stored.statusCode, 303, stored.body.slice(0, 400));
      const page = await clerk.get('/kolpino/office');
      assert.match(page.body, /Established: 20\. Filled: 20\. Vacant: 0\./);
      assert.match(page.body, /Member 7/);
    });

    test('ending a mandate with its reason, and assigning the seat again', async () => {
      const clerk = await browser(h, await makeClient(h, { roles: [['kolpino', 'clerk']] }));
      const member = await browser(h, await makeClient(h, { roles: [['kolpino', 'member']] }));
      const before = await fullSnapshot(h);
      const refusals: Array<[typeof clerk, string, Record<string, string>, { csrf?: boolean }, number]> = [
        [clerk, 'vacate', { seat: '3', endsOn: '2025-03-01', reason: 'fired' }, {}, 400],
        [clerk, 'vacate', { seat: '3', endsOn: 'yesterday', reason: 'resigned' }, {}, 400],
        [clerk, 'vacate', { seat: '99', endsOn: '2025-03-01', reason: 'resigned' }, {}, 409],
        [member, 'vacate', { seat: '3', endsOn: '2025-03-01', reason: 'resigned' }, {}, 403],
        [clerk, 'vacate', { seat: '3', endsOn: '2025-03-01', reason: 'resigned' }, { csrf: false }, 403],
        [clerk, 'seats', { seat: '3', nameEn: 'Someone' }, {}, 409],
        [clerk, 'seats', { seat: '21', nameEn: 'Someone' }, {}, 404],
      ];
      for (const [who, path, fields, options, status] of refusals) {
        const r = await who.post(`/kolpino/office/${path}`, fields, options);
        assert.equal(r.statusCode, status, `${path} ${JSON.stringify(fields)} → ${r.body.slice(0, 300)}`);
        assert.equal(await fullSnapshot(h), before, 'a refused form changes nothing');
      }
      const ended = await clerk.post('/kolpino/office/vacate', { seat: '3', endsOn: '2025-03-01', reason: 'resigned' });
      assert.equal(ended.statusCode, 303);
      const entry = await h.db.dialect.db
        .selectFrom('entries')
        .select('bytes')
        .where('type', '=', 'seat.vacated')
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(Buffer.from(entry.bytes).toString()).data.reason, 'resigned');
      const page = await clerk.get('/kolpino/office', RU);
      assert.match(page.body, /отставка по собственному желанию/);
      assert.match(page.body, /Замещено: 19\. Вакантно: 1\./);
      const filled = await clerk.post('/kolpino/office/seats', {
        seat: '3',
        nameRu: 'Анна Киселёва',
        nameEn: 'Anna Kiseleva',
        startsOn: '2025-04-01',
      });
      assert.equal(filled.statusCode, 303);
      assert.match((await clerk.get('/kolpino/office')).body, /Anna Kiseleva/);
      const hostileName = await clerk.post('/kolpino/office/vacate', {
        seat: '3',
        endsOn: '2025-05-01',
        reason: 'died',
      });
      assert.equal(hostileName.statusCode, 303);
      const before2 = await fullSnapshot(h);
      const ctl = await clerk.post('/kolpino/office/seats', { seat: '3', nameEn: 'A\u0007B' });
      assert.equal(ctl.statusCode, 400);
      assert.match(ctl.body, /id="fill-nameEn"[^>]*aria-invalid="true"/);
      assert.equal(await fullSnapshot(h), before2);
    });

    test('quorate verify replays the terms, the reasons and the roster', async () => {
      const body = await h.db.dialect.db
        .selectFrom('bodies')
        .select('id')
        .where('slug', '=', 'kolpino')
        .executeTakeFirstOrThrow();
      await h.runtime.integrator.integrateNow(body.id);
      const vkey = await verifierKey(h.db.dialect.db, h.keysDir, 'kolpino');
      const ok = await runCli(['verify', h.db.target, '--body', 'kolpino', '--key', vkey, '--json']);
      assert.equal(ok.code, 0, ok.stdout + ok.stderr);
      // A term row edited in the database is named by its entry.
      await h.db.dialect.db.updateTable('terms').set({ ends_on: '2030-01-01' }).where('number', '=', 1).execute();
      const bad = await runCli(['verify', h.db.target, '--body', 'kolpino', '--key', vkey, '--json']);
      assert.equal(bad.code, 1);
      assert.match(bad.stdout, /term_row_mismatch/);
      await h.db.dialect.db.updateTable('terms').set({ ends_on: '2024-09-19' }).where('number', '=', 1).execute();
    });
  });
}
