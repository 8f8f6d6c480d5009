// The live screens as the server renders them, on every database: who gets which page (sign-in
// redirect, 403 with a reason, the screen), the boot state each screen is handed, the headers
// personal pages carry, and JS-free sign-in and sign-out.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { anonymous, councilWithMembers, sittingWithMotion, startHarness, type Harness } from './support/test-app.ts';
import type { WireJson } from './support/json.ts';

function bootState(html: string): WireJson {
  const m = /<script type="application\/json" id="boot-state">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'the page carries its boot state');
  return JSON.parse(m[1]!);
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

for (const target of testDatabases()) {
  describe(`live screens rendered on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      await h?.close();
    });

    test('who gets which screen', async () => {
      const c = await councilWithMembers(h, 'pages-a', 3);
      const { sittingId } = await sittingWithMotion(h, c);
      const anon = anonymous(h);
      const at = (screen: string) => `/pages-a/sittings/${sittingId}/${screen}`;
      for (const screen of ['console', 'ballot']) {
        const r = await anon.request('GET', at(screen));
        assert.equal(r.statusCode, 303);
        assert.equal(r.headers.location, `/sign-in?next=${encodeURIComponent(at(screen))}`);
      }
      const memberOnConsole = await c.members[0]!.request('GET', at('console'));
      assert.equal(memberOnConsole.statusCode, 403);
      assert.match(memberOnConsole.body, /for the clerk and the chair/);
      const clerkOnBallot = await c.clerk.request('GET', at('ballot'));
      assert.equal(clerkOnBallot.statusCode, 403);
      assert.match(clerkOnBallot.body, /holds no seat here/);
      for (const [client, screen] of [
        [c.clerk, 'console'],
        [c.chair, 'console'],
        [c.members[0]!, 'ballot'],
        [anon, 'projector'],
        [anon, 'live'],
      ] as const) {
        const r = await client.request('GET', at(screen));
        assert.equal(r.statusCode, 200, `${screen}: ${r.body.slice(0, 200)}`);
        assert.match(r.body, /<div id="live-root" class="live-root">/);
        assert.match(r.body, /3 of 3 present — quorate; 2 needed/, 'the quorum is in the server HTML');
        const personal = screen === 'console' || screen === 'ballot';
        assert.equal(r.headers['cache-control'], personal ? 'private, no-store' : 'no-cache');
        assert.doesNotMatch(String(r.headers['content-security-policy']), /unsafe-inline/);
        // The only inline script is the inert JSON boot state.
        const inline = [...r.body.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
        assert.deepEqual(inline, [' type="application/json" id="boot-state"']);
        const boot = bootState(r.body);
        assert.equal(boot.screen, screen === 'live' ? 'live' : screen);
        assert.equal(typeof boot.index, 'number');
        assert.equal('csrfToken' in boot, personal, 'only personal screens carry the CSRF token');
      }
      const chairBoot = bootState((await c.chair.request('GET', at('console'))).body);
      assert.deepEqual(chairBoot.can, { markAttendance: false, recordRollCall: false, declareResult: false });
      const clerkBoot = bootState((await c.clerk.request('GET', at('console'))).body);
      assert.deepEqual(clerkBoot.can, { markAttendance: true, recordRollCall: true, declareResult: true });
      assert.deepEqual(
        clerkBoot.data.roster.map((r: { seat: number; status: string }) => [r.seat, r.status]),
        [
          [1, 'present'],
          [2, 'present'],
          [3, 'present'],
        ],
      );
      const ru = await anon.request('GET', `${at('projector')}?lang=ru`);
      assert.match(ru.body, /Присутствуют 3 из 3 — заседание правомочно; нужно 2/);
      assert.equal((await anon.request('GET', '/pages-a/sittings/999/live')).statusCode, 404);
      assert.equal((await anon.request('GET', '/pages-a/sittings/x/live')).statusCode, 404);
    });

    test('console.json answers the clerk and the chair only', async () => {
      const c = await councilWithMembers(h, 'pages-b', 2);
      const { sittingId } = await sittingWithMotion(h, c);
      const url = `/pages-b/sittings/${sittingId}/console.json`;
      assert.equal((await anonymous(h).request('GET', url)).statusCode, 401);
      assert.equal((await c.members[0]!.request('GET', url)).statusCode, 403);
      const r = await c.chair.request('GET', url);
      assert.equal(r.statusCode, 200);
      assert.equal(r.json().roster.length, 2);
    });

    test("a member's page knows their entitlement and their own receipt", async () => {
      const c = await councilWithMembers(h, 'pages-c', 3);
      const { sittingId, motionId, base } = await sittingWithMotion(h, c, {
        present: [c.memberIds[0]!, c.memberIds[1]!],
      });
      const vote = (
        await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'electronic', recused: [c.memberIds[1]] })
      ).json().id;
      const receipt = (
        await c.members[0]!.request('POST', `${base}/votes/${vote}/ballots`, {
          choice: 'no',
          clientBallotId: 'page-test-1',
        })
      ).json();
      const boots = await Promise.all(
        c.members.map(async (m) => bootState((await m.request('GET', `/pages-c/sittings/${sittingId}/ballot`)).body)),
      );
      assert.deepEqual(
        boots.map((b) => b.entitlement),
        ['entitled', 'recused', 'not_present'],
      );
      assert.deepEqual(boots[0].myBallot, {
        entryIndex: receipt.entryIndex,
        commitment: receipt.commitment,
        salt: receipt.salt,
        choice: 'no',
        revision: 1,
      });
      assert.equal(boots[1].myBallot, null);
      assert.equal(boots[0].me.memberId, c.memberIds[0]);
      assert.equal(boots[0].state.vote.counts, null, 'no partial results in the boot state either');
    });

    test('sign-in and sign-out without JavaScript', async () => {
      const c = await councilWithMembers(h, 'pages-d', 1);
      const anon = anonymous(h);
      const page = await h.app.inject({ method: 'GET', url: '/sign-in?next=%2Fpages-d' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<input type="hidden" name="next" value="\/pages-d"\/>/);
      const ok = await h.app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: FORM,
        payload: form({ username: c.clerk.username, password: 'correct horse battery', next: '/pages-d' }),
      });
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/pages-d');
      const cookie = ok.cookies.find((k) => k.name === 'quorate_session');
      assert.ok(cookie?.httpOnly && cookie.sameSite === 'Lax');
      const evil = await h.app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: FORM,
        payload: form({ username: c.clerk.username, password: 'correct horse battery', next: '//evil.example/' }),
      });
      assert.equal(evil.headers.location, '/');
      const wrong = await h.app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: FORM,
        payload: form({ username: c.clerk.username, password: 'wrong', next: '/' }),
      });
      assert.equal(wrong.statusCode, 401);
      assert.match(wrong.body, /The username or password is wrong/);
      assert.equal(wrong.cookies.length, 0);
      const crossSite = await h.app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { ...FORM, 'sec-fetch-site': 'cross-site' },
        payload: form({ username: c.clerk.username, password: 'correct horse battery' }),
      });
      assert.equal(crossSite.statusCode, 403);
      assert.equal(crossSite.cookies.length, 0, 'no session from a cross-site form');
      // Sign-out needs the session's CSRF token as a form field.
      const session = cookie!.value;
      const csrf = (
        await h.app.inject({ method: 'GET', url: '/api/v1/session', cookies: { quorate_session: session } })
      ).json().csrfToken;
      const noToken = await h.app.inject({
        method: 'POST',
        url: '/sign-out',
        headers: FORM,
        cookies: { quorate_session: session },
        payload: form({}),
      });
      assert.equal(noToken.statusCode, 403);
      const out = await h.app.inject({
        method: 'POST',
        url: '/sign-out',
        headers: FORM,
        cookies: { quorate_session: session },
        payload: form({ _csrf: csrf }),
      });
      assert.equal(out.statusCode, 303);
      assert.equal(
        (await h.app.inject({ method: 'GET', url: '/api/v1/session', cookies: { quorate_session: session } }))
          .statusCode,
        401,
        'the session is gone',
      );
      assert.equal((await anon.request('GET', '/sign-in')).statusCode, 200);
    });
  });
}
