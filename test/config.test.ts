// Configuration is checked all together before anything is opened: one line per bad value, exit 2.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/run-command.ts';
import { runProcess } from './support/serve-process.ts';
import { readConfig, SETTINGS } from '../src/cli/config.ts';
import { ConfigError } from '../src/cli/command.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'quorate-config-'));
  dirs.push(d);
  return d;
}

/** Five bad values at once, and where the database would have been created. */
function badSetup() {
  const dir = tempDir();
  const dbFolder = join(dir, 'never');
  return {
    dbFolder,
    env: {
      QUORATE_DB: join(dbFolder, 'q.db'),
      QUORATE_KEYS: join(dir, 'keys'),
      QUORATE_ORIGIN: 'council.example.org',
      QUORATE_PORT: '99999',
      QUORATE_TRUST_PROXY: 'true',
      QUORATE_LOG_LEVEL: 'loud',
    },
    args: ['serve', '--host', 'not a host'],
    names: ['QUORATE_ORIGIN', 'QUORATE_PORT', 'QUORATE_TRUST_PROXY', 'QUORATE_LOG_LEVEL', '--host'],
  };
}

function assertOneLineEach(stderr: string, names: string[]) {
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, names.length, stderr);
  for (const name of names) {
    assert.equal(lines.filter((l) => l.includes(name)).length, 1, `${name} in:\n${stderr}`);
  }
  for (const line of lines)
    assert.match(
      line,
      /^quorate serve: \S+ .*: .*expected|^quorate serve: \S+ .*: a bare "true"|^quorate serve: \S+ .*: it has no scheme/,
      line,
    );
  assert.doesNotMatch(stderr, /\n\s+at |Error:/, 'no stack trace');
  assert.match(stderr, /QUORATE_TRUST_PROXY "true": a bare "true" would trust any X-Forwarded-For/);
  assert.match(stderr, /QUORATE_ORIGIN "council.example.org": it has no scheme/);
}

describe('start-up settings', () => {
  test('several bad settings, in-process: one line each, exit 2, nothing created on disk', async () => {
    const bad = badSetup();
    const r = await runCli(bad.args, { env: bad.env });
    assert.equal(r.code, 2, r.stderr);
    assertOneLineEach(r.stderr, bad.names);
    assert.equal(r.stdout, '');
    assert.equal(existsSync(bad.dbFolder), false, 'the database folder was created');
  });

  test('several bad settings, in a real process: one line each, exit 2, nothing created on disk', async () => {
    const bad = badSetup();
    const r = await runProcess(bad.args, { env: bad.env });
    assert.equal(r.code, 2, r.stderr);
    assertOneLineEach(r.stderr, bad.names);
    assert.equal(existsSync(bad.dbFolder), false, 'the database folder was created');
  });

  test('every command that reads the configuration refuses a bad setting before opening the database', async () => {
    const dir = tempDir();
    const dbFolder = join(dir, 'never');
    const env = { QUORATE_DB: join(dbFolder, 'q.db'), QUORATE_ORIGIN: 'ftp://council.example.org' };
    const commands = [
      ['serve'],
      ['migrate'],
      ['demo'],
      ['admin', 'create', 'root'],
      ['admin', 'witness', 'list'],
      ['import', 'roster', 'x', join(dir, 'none.csv')],
      ['backup', join(dir, 'b.db')],
      ['export', 'static', 'x', join(dir, 'out')],
      ['verify', join(dbFolder, 'q.db'), '--body', 'x'],
      ['appeals', 'remind'],
    ];
    for (const args of commands) {
      const r = await runCli(args, { env });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /QUORATE_ORIGIN "ftp:\/\/council.example.org": expected an http\(s\) URL/, args.join(' '));
    }
    assert.equal(existsSync(dbFolder), false, 'a command opened the database despite a bad setting');
  });

  test('flags are checked as well as variables, and a secret is never repeated', async () => {
    const r = await runCli(['serve', '--port', '80a', '--origin', 'https://x.example.org/?q=1'], {
      env: { QUORATE_DB: 'mysql://root:hunter2@db/quorate', QUORATE_SMTP_URL: 'http://user:hunter3@mail' },
    });
    assert.equal(r.code, 2);
    const lines = r.stderr.trimEnd().split('\n');
    assert.deepEqual(
      lines.map((l) => /^quorate serve: (\S+)/.exec(l)?.[1]).sort(),
      ['--origin', '--port', 'QUORATE_DB', 'QUORATE_SMTP_URL'].sort(),
    );
    assert.doesNotMatch(r.stderr, /hunter/);
  });

  test('QUORATE_TRUST_PROXY takes hops or addresses, and refuses a bare true', () => {
    const trust = (v: string) => readConfig({ QUORATE_TRUST_PROXY: v }).trustProxy;
    assert.equal(trust('1'), 1);
    assert.equal(trust('2'), 2);
    assert.equal(trust('false'), false);
    assert.equal(trust('0'), false);
    assert.deepEqual(trust('10.0.0.1, 192.168.0.0/16,loopback,::1'), ['10.0.0.1', '192.168.0.0/16', 'loopback', '::1']);
    for (const bad of ['true', 'TRUE', 'yes', '10.0.0.300', '10.0.0.0/40', 'proxy.example.org', '1.5', '-1']) {
      assert.throws(
        () => trust(bad),
        (err: unknown) =>
          err instanceof ConfigError && err.problems.length === 1 && err.problems[0]!.startsWith('QUORATE_TRUST_PROXY'),
        bad,
      );
    }
  });

  test('defaults follow the table, a flag wins over its variable, and an empty variable counts as unset', () => {
    const d = readConfig({});
    assert.equal(d.port, 8080);
    assert.equal(d.host, '127.0.0.1');
    assert.equal(d.origin, 'http://127.0.0.1:8080');
    assert.equal(d.trustProxy, false);
    assert.equal(d.logLevel, 'info');
    assert.deepEqual(d.witnessAllow, []);
    const c = readConfig(
      { QUORATE_PORT: '9000', QUORATE_HOST: '::1', QUORATE_DB: '/srv/q/q.db', QUORATE_ORIGIN: '' },
      { port: '9001' },
    );
    assert.equal(c.port, 9001);
    assert.equal(c.origin, 'http://[::1]:9001');
    assert.equal(c.keysDir, '/srv/q/keys');
    assert.equal(readConfig({ QUORATE_ORIGIN: 'https://council.example.org/' }).origin, 'https://council.example.org');
    assert.equal(readConfig({ QUORATE_PORT: '0' }).port, 0);
    for (const bad of ['065535', '65536', '-1', '8e3', ' 80'])
      assert.throws(() => readConfig({ QUORATE_PORT: bad }), ConfigError, bad);
    // Every setting documents itself.
    for (const [name, s] of Object.entries(SETTINGS)) {
      assert.ok(s.doc && s.expects.startsWith('expected') && s.defaultText, name);
    }
  });
});
