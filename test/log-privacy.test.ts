// The server's log of a whole sitting (issue 20), from a real `quorate serve` at debug level: every
// line is JSON, every line about a request carries its request id (also returned as X-Request-Id),
// and nowhere is there a password, a session cookie, a CSRF token, an API token, a one-time link's
// token, a ballot's choice or a request's body.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpClient, runProcess, serveProcess, type DemoAccount } from './support/serve-process.ts';

describe('the log of a whole sitting', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quorate-log-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('request ids on every request line; no password, token, choice or body anywhere', async () => {
    const env = { QUORATE_DB: join(dir, 'q.db'), QUORATE_KEYS: join(dir, 'keys') };
    const demo = await runProcess(['demo', '--json'], { env });
    assert.equal(demo.code, 0, demo.stderr);
    const { accounts } = JSON.parse(demo.stdout) as { accounts: DemoAccount[] };
    const account = (role: string) => accounts.find((a) => a.role === role)!;
    const reset = await runProcess(['admin', 'reset-link', account('chair').username], { env });
    const resetToken = /token=([\w-]+)/.exec(reset.stdout)?.[1];
    assert.ok(resetToken, 'a reset link');

    const server = serveProcess([], { ...env, QUORATE_LOG_LEVEL: 'debug' });
    const secrets: string[] = [resetToken];
    try {
      const base = await server.address;
      const api = '/api/v1/bodies/smolninskoye';
      const clerk = httpClient(base);
      await clerk.signIn(account('clerk').username, account('clerk').password);
      const member = httpClient(base);
      await member.signIn(account('member').username, account('member').password);
      secrets.push(account('clerk').password, account('member').password);

      // A sign-in refused, with a password that must not be written down either.
      const wrong = 'Wrong-Password-Never-Logged-7q';
      secrets.push(wrong);
      const refused = await fetch(`${base}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: account('chair').username, password: wrong }),
      });
      assert.equal(refused.status, 401);
      assert.match(refused.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/, 'the answer names its request');

      // Session cookies and CSRF tokens, as a client holds them.
      const session = await fetch(`${base}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: account('chair').username, password: account('chair').password }),
      });
      const chairCookie = /quorate_session=([^;]+)/.exec(session.headers.get('set-cookie') ?? '')?.[1];
      const chairCsrf = ((await session.json()) as { csrfToken: string }).csrfToken;
      assert.ok(chairCookie && chairCsrf);
      secrets.push(chairCookie, chairCsrf, account('chair').password);

      // An API token, used.
      const token = await fetch(`${base}/api/v1/tokens`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: `quorate_session=${chairCookie}`,
          'x-csrf-token': chairCsrf,
        },
        body: JSON.stringify({ name: 'log test', scope: 'read' }),
      });
      const apiToken = ((await token.json()) as { token: string }).token;
      assert.ok(apiToken);
      secrets.push(apiToken);
      const used = await fetch(`${base}/api/v1/bodies/smolninskoye`, {
        headers: { authorization: `Bearer ${apiToken}` },
      });
      assert.equal(used.status, 200);

      // The reset link opened (its token is in the address).
      assert.equal((await fetch(`${base}/reset?token=${resetToken}`)).status, 200);

      // The sitting: opened, members present, a motion put to an electronic vote, a ballot, the close.
      const motionText = 'Motion-Body-Text-Never-Logged-4k';
      secrets.push(motionText);
      const sitting = (await clerk.request('POST', `${api}/sittings`, { title: 'Logged sitting', date: '2026-11-29' }))
        .json.id as number;
      assert.equal((await clerk.request('POST', `${api}/sittings/${sitting}/open`)).status, 200);
      assert.equal((await member.request('POST', `${api}/sittings/${sitting}/attest`)).status, 200);
      const members = (await clerk.request('GET', `${api}/members`)).json.items as Array<{ memberId: number | null }>;
      for (const m of members.filter((x) => x.memberId !== null).slice(0, 12))
        await clerk.request('PUT', `${api}/sittings/${sitting}/attendance/${m.memberId}`, { status: 'present' });
      const motion = await clerk.request('POST', `${api}/motions`, {
        sittingId: sitting,
        kind: 'ordinary',
        title: 'Logged motion',
        text: motionText,
      });
      assert.equal(motion.status, 201, JSON.stringify(motion.json));
      const vote = await clerk.request('POST', `${api}/votes`, { motionId: motion.json.id, method: 'electronic' });
      assert.equal(vote.status, 201, JSON.stringify(vote.json));
      const clientBallotId = 'client-ballot-never-logged-9z';
      secrets.push(clientBallotId);
      const ballot = await member.request('POST', `${api}/votes/${vote.json.id}/ballots`, {
        choice: 'abstain',
        clientBallotId,
      });
      assert.equal(ballot.status, 201, JSON.stringify(ballot.json));
      assert.equal((await clerk.request('POST', `${api}/votes/${vote.json.id}/close`, {})).status, 200);
      // A body the server refuses (bad JSON) is not repeated in the log either.
      const badBody = '{"password": "Bad-Json-Body-Never-Logged-2m"';
      secrets.push('Bad-Json-Body-Never-Logged-2m');
      const bad = await fetch(`${base}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: badBody,
      });
      assert.equal(bad.status, 400);
    } finally {
      await server.stop();
    }

    const lines = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    assert.ok(lines.length > 40, `${lines.length} log lines`);
    let requestLines = 0;
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if ('req' in entry || 'res' in entry || 'responseTime' in entry) {
        requestLines++;
        assert.match(String(entry.reqId), /^[0-9a-f-]{36}$/, 'a request line without its id');
      }
      for (const secret of secrets) assert.ok(!line.includes(secret), 'a secret in the log');
      assert.ok(!/"choice"|abstain/.test(line), 'a ballot choice in the log');
      assert.ok(!/"(password|cookie|authorization|x-csrf-token|body)"/i.test(line), 'a request body or credential');
    }
    assert.ok(requestLines > 20, `${requestLines} request lines`);
    // The reset link's request is logged by its path and the name of its parameter only.
    assert.ok(
      lines.some((l) => l.includes('"/reset?token"')),
      'the reset request, its token left out',
    );
  });
});
