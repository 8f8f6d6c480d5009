// The `quorate` command end to end: spawned as a newcomer would run it.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases, createPostgresDatabase } from './support/databases.ts';
import { runProcess, serveProcess } from './support/serve-process.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'quorate-cli-'));
  dirs.push(d);
  return d;
}

const run = runProcess;
const serve = serveProcess;

test('--help, unknown commands and bad flags use exit codes 0 and 2', async () => {
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  for (const c of ['serve', 'migrate', 'demo', 'admin', 'import']) assert.match(help.stdout, new RegExp(`\\b${c}\\b`));
  const serveHelp = await run(['serve', '--help']);
  assert.equal(serveHelp.code, 0);
  assert.match(serveHelp.stdout, /--demo/);
  assert.equal((await run(['no-such-command'])).code, 2);
  assert.equal((await run(['admin', 'frobnicate'])).code, 2);
  assert.equal((await run(['import', 'roster'])).code, 2);
});

for (const target of testDatabases()) {
  describe(`quorate CLI on ${target.label}`, { skip: target.skip }, () => {
    async function database() {
      if (target.label === 'sqlite') return { url: join(tempDir(), 'q.db'), drop: async () => {} };
      return createPostgresDatabase();
    }

    test('serve on an empty database is not set up and prints a setup link; serve --demo adds the demo once', async () => {
      const db = await database();
      try {
        const plain = serve([], { QUORATE_DB: db.url });
        const base = await plain.address;
        const empty = await (await fetch(`${base}/api/v1/bodies`)).json();
        assert.deepEqual(empty, { items: [] });
        assert.equal((await fetch(`${base}/`)).status, 503, 'the site says it is not set up yet');
        const link = /(http\S+\/setup\?token=[\w-]{43})/.exec(plain.output())?.[1];
        assert.ok(link, plain.output());
        const page = await fetch(`${base}${new URL(link).pathname}${new URL(link).search}`);
        assert.equal(page.status, 200, 'the printed link opens the setup form');
        await plain.stop();
        const demo = serve(['--demo'], { QUORATE_DB: db.url });
        const base2 = await demo.address;
        const { items } = (await (await fetch(`${base2}/api/v1/bodies`)).json()) as {
          items: Array<{ slug: string; establishedSeats: number }>;
        };
        assert.equal(items[0]!.slug, 'smolninskoye');
        assert.equal(items[0]!.establishedSeats, 20);
        assert.match(demo.output(), /demo-clerk-\S+\s+password: \S+/);
        assert.match(demo.output(), /site admin demo-admin-\S+\s+password: \S+/);
        assert.doesNotMatch(demo.output(), /setup\?token=/, 'a demo site has its administrator');
        await demo.stop();
        const again = serve(['--demo'], { QUORATE_DB: db.url });
        await again.address;
        assert.doesNotMatch(again.output(), /Demo body/);
        await again.stop();
      } finally {
        await db.drop();
      }
    });

    test('migrate, admin create, and a roster import with a dry run that reports every bad row', async () => {
      const db = await database();
      try {
        const env = { QUORATE_DB: db.url };
        const m = await run(['migrate'], { env });
        assert.equal(m.code, 0, m.stderr);
        assert.match((await run(['migrate'], { env })).stdout, /up to date/);
        const admin = await run(['admin', 'create', 'root-admin', '--password-stdin'], {
          env,
          input: 'a long enough password\n',
        });
        assert.equal(admin.code, 0, admin.stderr);
        assert.equal(
          (await run(['admin', 'create', 'root-admin', '--password-stdin'], { env, input: 'a long enough password\n' }))
            .code,
          1,
        );
        assert.equal((await run(['demo'], { env })).code, 0);
        // A second body to import into: the demo's seats are all filled.
        const dir = tempDir();
        const bad = join(dir, 'bad.csv');
        writeFileSync(bad, 'seat,name_en,name_ru,starts_on\n1,Anna,Анна,2022-09\nx,Bob,,\n1,Dup,,\n2,Eve,,2022-13\n');
        const dry = await run(['import', 'roster', 'smolninskoye', bad, '--dry-run', '--json'], { env });
        assert.equal(dry.code, 1);
        const report = JSON.parse(dry.stdout);
        assert.deepEqual(
          report.problems.map((p: { line: number; code: string }) => [p.line, p.code]),
          [
            [3, 'invalid_seat'],
            [4, 'duplicate_seat'],
            [5, 'invalid_date'],
          ],
        );
        const good = join(dir, 'good.csv');
        writeFileSync(good, 'seat,name_en,name_ru\n1,Anna,Анна\n');
        const filled = await run(['import', 'roster', 'smolninskoye', good, '--json'], { env });
        assert.equal(filled.code, 1, 'seat 1 of the demo is already filled');
        assert.equal(JSON.parse(filled.stdout).problems[0].code, 'seat_filled');
        assert.equal((await run(['import', 'roster', 'nope', good], { env })).code, 1);
      } finally {
        await db.drop();
      }
    });
  });
}
