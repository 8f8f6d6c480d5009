// `quorate export static`: the exported files serve the record, and the log in them verifies; every
// public page type the app registers has a static copy in both languages, but for the declared
// exemptions below.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, normalize, relative } from 'node:path';
import { testDatabases } from './support/databases.ts';
import { makeClient, startHarness, type Harness } from './support/test-app.ts';
import { runCli } from './support/run-command.ts';
import { createDemo, DEMO_SLUG } from '../src/services/demo/create-demo.ts';
import { buildApp } from '../src/http/app.ts';
import { exportStatic } from '../src/http/static-export.ts';
import { FEATURES, RECORD } from '../src/http/features.ts';
import { LANGUAGES } from '../src/domain/i18n/lang.ts';
import { t } from '../src/domain/i18n/translate.ts';

/**
 * The public page routes a static host cannot serve, and why. Every other GET page route must have
 * a copy in the export, in each language. Adding to this list is a decision: say why here.
 */
const NOT_EXPORTED: Record<string, string> = {
  '/sign-in': 'signing in posts a password and sets a session',
  '/:slug/sittings/:id/console': "the clerk's and chair's console needs a session",
  '/:slug/sittings/:id/console.json': "the console's data needs a session",
  '/:slug/sittings/:id/ballot': "a member's ballot needs a session",
  '/:slug/sittings/:id/live': "the live screen follows the sitting's event stream (SSE)",
  '/:slug/sittings/:id/projector': "the projector follows the sitting's event stream (SSE)",
  '/setup': "the first run's setup page takes a one-time link and creates an account",
  '/office': "the clerk's office needs a session",
  '/office/bodies/new': 'creating a body needs a site administrator',
  '/:slug/office': "a body's office needs a session",
  '/:slug/office/invitations': 'inviting members needs a clerk',
  '/:slug/office/sittings': 'the sittings calendar needs a clerk or the chair',
  '/:slug/office/sittings/:id/minutes': "a sitting's minutes office needs the clerk or the chair",
  '/:slug/office/sittings/:id/agenda': 'the agenda builder needs a clerk or the chair',
  '/:slug/office/factions': 'recording factions needs a clerk',
  '/:slug/office/decisions/:id': "recording a decision's later life needs a clerk",
  '/invite': 'an invitation page takes a one-time link and may create an account',
  '/:slug/office/roles': "a body's roles page needs its administrator",
  '/account': "one's own sessions, tokens and password need a session",
  '/office/accounts': 'the list of accounts needs a site administrator',
  '/reset': 'a reset page takes a one-time link and sets a password',
  '/:slug/office/sittings/:id/papers': "a sitting's papers office needs a clerk",
  '/:slug/papers/:id/v/:n': "a paper's file is not a page: the static copy holds it once, in no language",
  '/:slug/elections/:id/ballot': "a member's paper needs a session",
  // OParl (issue 19): JSON whose lists answer query parameters and whose ids are the live server's.
  '/oparl/v1/system': 'OParl answers from the live server (ids are its addresses)',
  '/oparl/v1/bodies': "OParl's lists answer query parameters (page, limit)",
  '/oparl/v1/body/:slug': 'OParl answers from the live server (ids are its addresses)',
  '/oparl/v1/body/:slug/:list': "OParl's lists answer query parameters (page, limit)",
  '/oparl/v1/body/:slug/:type/:key': 'OParl answers from the live server (ids are its addresses)',
};
/**
 * Everything the app serves that is not an HTML page: the API, the log, live streams, open data,
 * assets, the health and readiness checks and the metrics. Any other GET route counts as a page.
 */
const NOT_PAGES = ['/api/', '/log/', '/live/', '/export/', '/_static/', '/healthz', '/readyz', '/metrics'];

/** The page routes (GET) that have no file in `dir` in some language, as 'route (lang)'. */
function missingPages(routes: readonly string[], dir: string): string[] {
  const files = listFiles(dir);
  const missing: string[] = [];
  for (const route of routes) {
    const segments = route
      .split('/')
      .filter(Boolean)
      .map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    for (const lang of LANGUAGES) {
      const file = new RegExp(`^${segments.map((s) => `${s}/`).join('')}index\\.${lang}\\.html$`);
      if (!files.some((f) => file.test(f))) missing.push(`${route} (${lang})`);
    }
  }
  return missing;
}

function listFiles(dir: string, root = dir, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(path, root, out);
    else out.push(relative(root, path).split('\\').join('/'));
  }
  return out;
}

for (const target of testDatabases()) {
  describe(`static export on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let server: Server;
    const dir = mkdtempSync(join(tmpdir(), 'quorate-static-'));
    before(async () => {
      h = await startHarness(target);
      await createDemo(h.ctx);
      // Test data, not the demo's: the demo records no election, so this copy gets one (a sitting
      // scheduled for it, nominations not yet open) for the election page type to have an instance.
      const clerk = await makeClient(h, { roles: [[DEMO_SLUG, 'clerk']] });
      const sitting = await clerk.request('POST', `/api/v1/bodies/${DEMO_SLUG}/sittings`, {
        title: 'Test sitting',
        date: '2026-12-01',
      });
      const election = await clerk.request('POST', `/api/v1/bodies/${DEMO_SLUG}/elections`, {
        sittingId: sitting.json().id,
        office: { en: 'Test office' },
        rule: { method: 'plurality', seats: 1, publishBallots: true, source: 'test data' },
        ballotKind: 'secret_paper',
      });
      assert.equal(election.statusCode, 201, election.body);
      const body = await h.db.dialect.db
        .selectFrom('bodies')
        .select('id')
        .where('slug', '=', DEMO_SLUG)
        .executeTakeFirstOrThrow();
      await h.runtime.integrator.integrateNow(body.id);
    });
    after(async () => {
      server?.close();
      await h?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('writes pages, open data and the log; a plain file server of it verifies', async () => {
      const r = await runCli(['export', 'static', DEMO_SLUG, dir, '--db', h.db.target], {
        env: { QUORATE_KEYS: h.keysDir },
      });
      assert.equal(r.code, 0, r.stderr);
      const home = readFileSync(join(dir, DEMO_SLUG, 'index.ru.html'), 'utf8');
      assert.match(home, /Смольнинское/);
      assert.match(readFileSync(join(dir, DEMO_SLUG, 'index.en.html'), 'utf8'), /Smolninskoye/);
      const popolo = JSON.parse(readFileSync(join(dir, 'export', DEMO_SLUG, 'popolo.json'), 'utf8'));
      assert.ok(popolo);
      assert.ok(existsSync(join(dir, 'export', DEMO_SLUG, 'sittings', '1', 'minutes.pdf.en')));
      // Any static host: map a URL path to the file of the same name.
      server = createServer((req, res) => {
        const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!)).replace(/^(\.\.(\/|$))+/, '');
        const file = join(dir, path);
        if (!existsSync(file)) {
          res.statusCode = 404;
          res.end();
          return;
        }
        res.end(readFileSync(file));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as { port: number }).port;
      const v = await runCli(['verify', `http://127.0.0.1:${port}/log/${DEMO_SLUG}`]);
      assert.equal(v.code, 0, v.stdout + v.stderr);
      assert.equal((await runCli(['export', 'static', 'nope', join(dir, 'x'), '--db', h.db.target])).code, 1);
    });

    test("every feature's public page types are exported in both languages, but for the declared exemptions", async () => {
      const routes: string[] = [];
      const app = await buildApp({
        ctx: h.ctx,
        staticSite: true,
        onRoute: (r) => {
          if (r.method === 'GET' && !NOT_PAGES.some((p) => r.url.startsWith(p))) routes.push(r.url);
        },
      });
      const out = mkdtempSync(join(tmpdir(), 'quorate-static-pages-'));
      const without = mkdtempSync(join(tmpdir(), 'quorate-static-core-'));
      try {
        await exportStatic(app, DEMO_SLUG, out);
        // The appeals tracker and an appeal's page are among the page types, and exported.
        assert.ok(routes.includes('/:slug/appeals') && routes.includes('/:slug/appeals/:id'), routes.join(' '));
        assert.ok(existsSync(join(out, DEMO_SLUG, 'appeals', '1', 'index.ru.html')));
        const exported = routes.filter((r) => !(r in NOT_EXPORTED));
        assert.deepEqual(missingPages(exported, out), []);
        // Each exemption names a registered page route, and the features declare the same list.
        for (const route of Object.keys(NOT_EXPORTED))
          assert.ok(routes.includes(route), `${route} is not a page route`);
        assert.deepEqual(
          FEATURES.flatMap((f) => f.notExported.map((n) => n.route)).sort(),
          Object.keys(NOT_EXPORTED).sort(),
        );
        for (const page of FEATURES.flatMap((f) => f.publicPages))
          assert.ok(routes.includes(page.route), `${page.route} is declared but not registered`);

        // The check bites: an export of the record alone misses exactly the appeals' two page types
        // the factions' one and the elections' one.
        await exportStatic(app, DEMO_SLUG, without, { features: [RECORD] });
        assert.deepEqual(missingPages(exported, without), [
          '/:slug/appeals (en)',
          '/:slug/appeals (ru)',
          '/:slug/appeals/:id (en)',
          '/:slug/appeals/:id (ru)',
          '/:slug/factions (en)',
          '/:slug/factions (ru)',
          '/:slug/elections/:id (en)',
          '/:slug/elections/:id (ru)',
        ]);

        // Search is the one page whose copy is not the page: a note, in each language, that
        // searching needs the live site, with its address, and no search form.
        for (const lang of LANGUAGES) {
          const html = readFileSync(join(out, DEMO_SLUG, 'search', `index.${lang}.html`), 'utf8');
          assert.ok(html.includes(t(lang, 'search.static_note')), lang);
          assert.ok(html.includes(`${h.ctx.publicOrigin}/${DEMO_SLUG}/search`), lang);
          assert.doesNotMatch(html, /<search><form class="search-form"/);
        }
        // The live site's search page searches, and carries no such note.
        const live = await h.app.inject({ url: `/${DEMO_SLUG}/search?q=Duma&lang=en` });
        assert.equal(live.statusCode, 200);
        assert.match(live.body, /<search><form class="search-form"/);
        assert.ok(!live.body.includes(t('en', 'search.static_note')));
        // An app that serves people refuses to make a static copy (its search page would search).
        await assert.rejects(exportStatic(h.app, DEMO_SLUG, without), /staticSite/);
      } finally {
        await app.close();
        rmSync(out, { recursive: true, force: true });
        rmSync(without, { recursive: true, force: true });
      }
    });
  });
}
