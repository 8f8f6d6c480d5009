// `quorate config`: the effective configuration with where each value came from, secrets masked.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './support/run-command.ts';
import { runProcess } from './support/serve-process.ts';
import { SETTINGS } from '../src/cli/config.ts';

const PASSWORDS = ['hunter2', 'hunter3', 'hunter4', 'hunter5'];
const ENV = {
  QUORATE_DB: 'postgres://quorate:hunter2@db.example.org:5432/quorate?password=hunter3',
  QUORATE_SMTP_URL: 'smtps://mailer:hunter4@mail.example.org:465',
  QUORATE_PORT: '9000',
  QUORATE_METRICS_TOKEN: 'hunter5-0123456789abcdef',
  QUORATE_TRUST_PROXY: '10.0.0.1,loopback',
  QUORATE_ORIGIN: '',
};

describe('quorate config', () => {
  test('every setting, its value and where it came from; a flag wins; secrets masked (--json)', async () => {
    const r = await runCli(['config', '--json', '--port', '9001', '--host', '::1'], { env: ENV });
    assert.equal(r.code, 0, r.stderr);
    for (const p of PASSWORDS) assert.doesNotMatch(r.stdout, new RegExp(p));
    const rows = JSON.parse(r.stdout) as Array<{ name: string; env: string; value: unknown; source: string }>;
    assert.deepEqual(
      rows.map((s) => s.name),
      Object.keys(SETTINGS),
    );
    const by = Object.fromEntries(rows.map((s) => [s.name, s]));
    assert.deepEqual(by.port, { ...by.port, value: 9001, source: 'flag', env: 'QUORATE_PORT' });
    assert.equal(by.host!.source, 'flag');
    assert.deepEqual(by.trustProxy!.value, ['10.0.0.1', 'loopback']);
    assert.equal(by.trustProxy!.source, 'environment');
    // An empty variable counts as unset: the default, computed from the flags.
    assert.equal(by.origin!.value, 'http://[::1]:9001');
    assert.equal(by.origin!.source, 'default');
    assert.equal(by.logLevel!.source, 'default');
    // Masked, but still saying which server.
    assert.equal(by.db!.value, 'postgres://***@db.example.org:5432/quorate?***');
    assert.equal(by.db!.source, 'environment');
    assert.equal(by.smtpUrl!.value, 'smtps://***@mail.example.org:465');
    assert.equal(by.metricsToken!.value, '(set, not shown)');
  });

  test('text output, one line per setting, in a real process; no secret printed', async () => {
    const r = await runProcess(['config'], { env: ENV });
    assert.equal(r.code, 0, r.stderr);
    for (const p of PASSWORDS) assert.doesNotMatch(r.stdout, new RegExp(p));
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, Object.keys(SETTINGS).length);
    assert.match(r.stdout, /^QUORATE_PORT +9000 +\(environment\)$/m);
    assert.match(r.stdout, /^QUORATE_HOST +127\.0\.0\.1 +\(default\)$/m);
    assert.match(
      r.stdout,
      /^QUORATE_DB +postgres:\/\/\*\*\*@db\.example\.org:5432\/quorate\?\*\*\* +\(environment\)$/m,
    );
    assert.match(r.stdout, /^QUORATE_WITNESS_ALLOW +\(none\) +\(default\)$/m);
    // A SQLite path holds no password: shown as it is.
    const sqlite = await runCli(['config', '--db', '/srv/quorate/q.db'], { env: {} });
    assert.match(sqlite.stdout, /^QUORATE_DB +\/srv\/quorate\/q\.db +\(flag --db\)$/m);
    assert.match(sqlite.stdout, /^QUORATE_KEYS +\/srv\/quorate\/keys +\(default\)$/m);
  });

  test('a bad setting is one line and exit 2, a secret not repeated, nothing on stdout', async () => {
    const r = await runCli(['config'], {
      env: { QUORATE_PORT: '80a', QUORATE_SMTP_URL: 'http://user:hunter2@mail' },
    });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, r.stderr);
    assert.match(r.stderr, /^quorate config: QUORATE_PORT "80a": expected a port number/m);
    assert.match(r.stderr, /^quorate config: QUORATE_SMTP_URL \(value not shown\): expected/m);
    assert.doesNotMatch(r.stderr, /hunter2/);
  });
});
