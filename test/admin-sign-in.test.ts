// The operator's side of sign-in pauses (issue 12, item 9), through the real `quorate` command on
// SQLite and PostgreSQL: `admin unlock` lifts one account's pauses (its own and its browsers')
// and no one else's; `admin reset-link` says what using the link does; `admin rotate-device-key`
// keeps the key before it in the keys folder.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases } from './support/databases.ts';
import { runProcess as run } from './support/serve-process.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

for (const target of testDatabases()) {
  describe(`admin sign-in commands on ${target.label}`, { skip: target.skip }, () => {
    test("unlock lifts one account's pauses only; reset-link explains itself; rotate-device-key keeps the previous key", async () => {
      const db = await target.create();
      const keys = mkdtempSync(join(tmpdir(), 'quorate-admin-keys-'));
      dirs.push(keys);
      try {
        const env = { QUORATE_DB: db.target, QUORATE_KEYS: keys };
        for (const name of ['clerk-a', 'clerk-b']) {
          const r = await run(['admin', 'user', name, '--password-stdin'], { env, input: 'a long enough password\n' });
          assert.equal(r.code, 0, r.stderr);
        }
        const ids = Object.fromEntries(
          (await db.dialect.db.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]),
        );
        const locked = new Date(Date.now() + 3_600_000).toISOString();
        const row = (key: string) => ({
          key,
          window_start: locked,
          failures: 0,
          lockouts: 3,
          locked_until: locked,
          last_at: new Date().toISOString(),
        });
        await db.dialect.db
          .insertInto('sign_in_failures')
          .values([
            row('account:clerk-a'),
            row(`device:${ids['clerk-a']}:AAAAAAAAAAAAAAAAAAAAAA`),
            row('account:clerk-b'),
            row(`device:${ids['clerk-b']}:BBBBBBBBBBBBBBBBBBBBBB`),
          ])
          .execute();
        const unlock = await run(['admin', 'unlock', 'clerk-a'], { env });
        assert.equal(unlock.code, 0, unlock.stderr);
        const left = (await db.dialect.db.selectFrom('sign_in_failures').select('key').orderBy('key').execute()).map(
          (r) => r.key,
        );
        assert.deepEqual(left, ['account:clerk-b', `device:${ids['clerk-b']}:BBBBBBBBBBBBBBBBBBBBBB`]);
        assert.equal((await run(['admin', 'unlock', 'nobody'], { env })).code, 1);
        const link = await run(['admin', 'reset-link', 'clerk-b'], { env });
        assert.equal(link.code, 0, link.stderr);
        assert.match(link.stdout, /lifts the account's sign-in pauses/);
        assert.match(link.stdout, /signs it out everywhere/);
        assert.match(link.stdout, /\/reset\?token=[A-Za-z0-9_-]{43}\n/);
        const rotate = async () => {
          const r = await run(['admin', 'rotate-device-key'], { env });
          assert.equal(r.code, 0, r.stderr);
          return readFileSync(join(keys, 'sign-in-devices.keys'), 'utf8').trim().split('\n');
        };
        const once = await rotate();
        const twice = await rotate();
        assert.equal(once.length, 2);
        assert.equal(twice.length, 2);
        assert.equal(twice[1], once[0], 'the previous key was not kept');
      } finally {
        await db.drop();
      }
    });
  });
}
