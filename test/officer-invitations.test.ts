// Invitations to an office (issue 15, item 4), through the real server on every database: a body's
// administrator invites someone to be its clerk with a one-time link; the invitee creates their own
// account through it and holds the role; the link works once; a clerk cannot invite; a member's role
// is not an office; a revoked link is refused; `quorate verify` replays the grant.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, makeClient, startHarness, verifyBody, type Harness } from './support/test-app.ts';
import { snapshot } from './support/snapshot.ts';
import { createSession } from '../src/services/accounts.ts';

const digest = async (h: Harness): Promise<string> =>
  createHash('sha256')
    .update(await snapshot(h.db.dialect))
    .update(JSON.stringify(await h.db.dialect.db.selectFrom('officer_invitations').selectAll().orderBy('id').execute()))
    .digest('hex');

for (const target of testDatabases()) {
  describe(`invitations to an office on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      await h?.close();
    });

    test('an administrator invites a clerk; the invitee creates their account and holds the role', async () => {
      const c = await councilWithMembers(h, 'townhall', 2);
      const admin = await makeClient(h, { roles: [['townhall', 'admin']] });
      const page = async (userId: number) => {
        const session = await createSession(h.ctx, userId);
        return (url: string, fields: Record<string, string>) =>
          h.app.inject({
            method: 'POST',
            url,
            cookies: { quorate_session: session.sessionToken },
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
            payload: new URLSearchParams({ _csrf: session.csrfToken, ...fields }).toString(),
          });
      };
      const asAdmin = await page(admin.userId);
      const asClerk = await page(c.clerk.userId);

      const before = await digest(h);
      assert.equal(
        (await asClerk('/townhall/office/roles/invite', { role: 'clerk' })).statusCode,
        403,
        'a clerk may not',
      );
      const member = await asAdmin('/townhall/office/roles/invite', { role: 'member' });
      assert.equal(member.statusCode, 400, 'a member is invited to a seat, not an office');
      assert.match(member.body, /aria-invalid="true"/);
      assert.equal(await digest(h), before, 'refusals store nothing');

      const issued = await asAdmin('/townhall/office/roles/invite', { role: 'clerk' });
      assert.equal(issued.statusCode, 201, issued.body);
      assert.equal(issued.headers['referrer-policy'], 'no-referrer');
      const token = /invite\?token=([A-Za-z0-9_-]{43})/.exec(issued.body)?.[1];
      assert.ok(token);
      const stored = await h.db.dialect.db.selectFrom('officer_invitations').selectAll().execute();
      assert.ok(
        stored.every((r) => r.token_hash !== token),
        'only the hash is stored',
      );

      const invitePage = await h.app.inject({
        method: 'GET',
        url: `/invite?token=${token}`,
        headers: { 'accept-language': 'ru' },
      });
      assert.equal(invitePage.statusCode, 200);
      assert.match(invitePage.body, /приглашает вас на роль «Секретарь»|приглашает вас на роль «[^»]+»/);
      const accept = (fields: Record<string, string>) =>
        h.app.inject({
          method: 'POST',
          url: '/invite',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'accept-language': 'en',
          },
          payload: new URLSearchParams(fields).toString(),
        });
      const accepted = await accept({
        token,
        username: 'new-clerk',
        password: 'a long password',
        confirmation: 'a long password',
      });
      assert.equal(accepted.statusCode, 303, accepted.body);
      const user = await h.db.dialect.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'new-clerk')
        .executeTakeFirstOrThrow();
      const roles = await h.db.dialect.db
        .selectFrom('body_roles')
        .select('role')
        .where('user_id', '=', user.id)
        .execute();
      assert.deepEqual(
        roles.map((r) => r.role),
        ['clerk'],
      );
      // The link worked once.
      const again = await accept({
        token,
        username: 'second',
        password: 'a long password',
        confirmation: 'a long password',
      });
      assert.equal(again.statusCode, 400);

      // A revoked invitation is refused.
      const second = await asAdmin('/townhall/office/roles/invite', { role: 'chair' });
      const token2 = /invite\?token=([A-Za-z0-9_-]{43})/.exec(second.body)?.[1];
      const pending = await h.db.dialect.db
        .selectFrom('officer_invitations')
        .select('id')
        .where('used_at', 'is', null)
        .execute();
      assert.equal(pending.length, 1);
      assert.equal((await asAdmin(`/townhall/office/roles/invitations/${pending[0]!.id}/revoke`, {})).statusCode, 303);
      assert.equal((await h.app.inject({ method: 'GET', url: `/invite?token=${token2}` })).statusCode, 400);

      const verified = await verifyBody(h, 'townhall');
      assert.equal(verified.code, 0, verified.output);
    });
  });
}
