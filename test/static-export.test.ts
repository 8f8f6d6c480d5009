// `quorate export static`: the exported files serve the record, and the log in them verifies.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { testDatabases } from './support/databases.ts';
import { startHarness, type Harness } from './support/test-app.ts';
import { runCli } from './support/run-command.ts';
import { createDemo, DEMO_SLUG } from '../src/services/demo/create-demo.ts';

for (const target of testDatabases()) {
  describe(`static export on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let server: Server;
    const dir = mkdtempSync(join(tmpdir(), 'quorate-static-'));
    before(async () => {
      h = await startHarness(target);
      await createDemo(h.ctx);
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
  });
}
