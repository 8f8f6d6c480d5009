// Invitations to a seat (issue 15, item 4), through the real server on every database: a clerk
// invites the holder of a filled seat from the office; the link is shown once and only its hash is
// stored; the invitee accepts as a new account (and can then sign in) or with the signed-in one, and
// the seat shows its account linked. Every refusal — not a clerk, no CSRF token, a cross-site form,
// an expired, used or revoked link, a vacant or already linked seat, a vote in progress — changes
// nothing (a snapshot of the record, accounts, sessions, roles and invitations before and after).
// `quorate verify` replays the link entry.
import { formSession } from './support/form-session.ts';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testDatabases } from './support/databases.ts';
import {
  anonymous,
  makeClient,
  sittingWithMotion,
  startHarness,
  verifyBody,
  type Client,
  type Harness,
} from './support/test-app.ts';
import { snapshot } from './support/snapshot.ts';
import { mailerFromEnv, type MailSettings } from '../src/services/mail.ts';
import { quotedPrintable, smtpListener } from './support/smtp-listener.ts';

const EN = { 'accept-language': 'en' };
const RU = { 'accept-language': 'ru' };

/** Everything accepting or issuing an invitation could change. */
async function fullSnapshot(h: Harness) {
  const db = h.db.dialect.db;
  const extra = [
    await db.selectFrom('users').select(['id', 'username', 'site_admin']).orderBy('id').execute(),
    await db.selectFrom('member_invitations').selectAll().orderBy('id').execute(),
    await db.selectFrom('sessions').select('id').orderBy('id').execute(),
  ];
  return createHash('sha256')
    .update(`${await snapshot(h.db.dialect)}\n${JSON.stringify(extra)}`)
    .digest('hex');
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** A browser-like session (test/support/form-session.ts). */
async function browser(h: Harness, client: Client) {
  return formSession(h, client.userId);
}

/** The invitee without a session. */
const stranger = (h: Harness) => ({
  get: (url: string, headers: Record<string, string> = EN) => h.app.inject({ method: 'GET', url, headers }),
  post: (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    h.app.inject({
      method: 'POST',
      url: '/invite',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...EN, ...headers },
      payload: form(fields),
    }),
});

let bodies = 0;

/** A council whose seats are filled (named holders) but have no accounts yet. */
async function council(h: Harness, seats = 4) {
  const slug = `inv${++bodies}`;
  const admin = await makeClient(h, { siteAdmin: true });
  const created = await admin.request('POST', '/api/v1/bodies', {
    slug,
    names: { en: `Council ${slug}`, ru: `Совет ${slug}` },
    establishedSeats: seats + 1,
    rules: 'ronr',
  });
  assert.equal(created.statusCode, 201, created.body);
  const clerk = await makeClient(h, { roles: [[slug, 'clerk']] });
  const chair = await makeClient(h, { roles: [[slug, 'chair']] });
  const memberIds: number[] = [];
  for (let seat = 1; seat <= seats; seat++) {
    const r = await clerk.request('PUT', `/api/v1/bodies/${slug}/seats/${seat}/holder`, {
      person: { nameEn: `Member ${seat}`, nameRu: `Депутат ${seat}` },
    });
    assert.equal(r.statusCode, 201, r.body);
    memberIds.push(r.json().membershipId);
  }
  return { slug, admin, clerk, chair, memberIds, members: [] as Client[], clerkPage: await browser(h, clerk) };
}

/** Invites seat `seat`'s holder through the office form; returns the secret from the page shown once. */
async function invite(c: Awaited<ReturnType<typeof council>>, seat: number) {
  const r = await c.clerkPage.post(`/${c.slug}/office/invitations`, { seat: String(seat) });
  assert.equal(r.statusCode, 201, r.body);
  const m = /value="https:\/\/council\.example\.org\/invite\?token=([A-Za-z0-9_-]{43})"/.exec(r.body);
  assert.ok(m, 'the page shows the link');
  return { token: m[1]!, page: r };
}

const newAccount = (token: string, username: string) => ({
  token,
  username,
  password: 'a long password',
  confirmation: 'a long password',
});

for (const target of testDatabases()) {
  describe(`invitations to a seat on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target);
    });
    after(async () => {
      await h?.close();
    });

    test('invite, accept as a new account, sign in; the seat shows linked; verify replays it', async () => {
      const c = await council(h);
      const office = await c.clerkPage.get(`/${c.slug}/office`);
      assert.match(office.body, /action="\/inv\d+\/office\/invitations" method="post"/);
      assert.match(office.body, /<tr data-seat="1">.*?<td>none<\/td><\/tr>/s);

      const { token, page } = await invite(c, 1);
      assert.equal(page.headers['referrer-policy'], 'no-referrer');
      assert.equal(page.headers['cache-control'], 'no-store');
      const stored = await h.db.dialect.db.selectFrom('member_invitations').selectAll().execute();
      assert.ok(
        stored.every((i) => i.token_hash !== token && !JSON.stringify(i).includes(token)),
        'only the hash',
      );
      assert.ok(stored.some((i) => i.token_hash === createHash('sha256').update(token).digest('hex')));
      // The clerk's invitations page lists it, never its secret.
      const listed = await c.clerkPage.get(`/${c.slug}/office/invitations`);
      assert.equal(listed.statusCode, 200);
      assert.doesNotMatch(listed.body, new RegExp(token));
      assert.match(listed.body, /Revoke the invitation for seat 1/);

      const s = stranger(h);
      for (const [headers, text] of [
        [EN, /take up seat 1 of Council inv\d+/],
        [RU, /принять мандат 1 в органе «Совет inv\d+»/],
      ] as const) {
        const g = await s.get(`/invite?token=${token}`, headers);
        assert.equal(g.statusCode, 200);
        assert.match(g.body, text);
        assert.equal(g.headers['referrer-policy'], 'no-referrer');
        assert.equal(g.headers['cache-control'], 'no-store');
        assert.match(g.body, /<label for="accept-username">/);
      }
      const accepted = await s.post(newAccount(token, 'member-one'));
      assert.equal(accepted.statusCode, 303, accepted.body);
      assert.equal(accepted.headers.location, `/${c.slug}`);
      assert.ok(
        accepted.cookies.some((k) => k.name === 'quorate_session'),
        'signed in at once',
      );

      const signIn = await h.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: 'member-one', password: 'a long password' },
      });
      assert.equal(signIn.statusCode, 200, signIn.body);
      const user = await h.db.dialect.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'member-one')
        .executeTakeFirstOrThrow();
      const roles = await h.db.dialect.db
        .selectFrom('body_roles')
        .innerJoin('bodies', 'bodies.id', 'body_roles.body_id')
        .select('role')
        .where('user_id', '=', user.id)
        .where('bodies.slug', '=', c.slug)
        .execute();
      assert.deepEqual(
        roles.map((r) => r.role),
        ['member'],
      );
      const after = await c.clerkPage.get(`/${c.slug}/office`);
      assert.match(after.body, /<tr data-seat="1">.*?<td>linked<\/td><\/tr>/s);
      const ru = await c.clerkPage.get(`/${c.slug}/office`, RU);
      assert.match(ru.body, /<tr data-seat="1">.*?<td>привязана<\/td><\/tr>/s);

      // The log names the account only as its number.
      const entries = await h.db.dialect.db
        .selectFrom('entries')
        .innerJoin('bodies', 'bodies.id', 'entries.body_id')
        .select(['entries.type', 'entries.bytes'])
        .where('bodies.slug', '=', c.slug)
        .execute();
      const link = entries.filter((e) => e.type === 'member.account_linked');
      assert.equal(link.length, 1);
      assert.match(Buffer.from(link[0]!.bytes).toString('utf8'), new RegExp(`"account":${user.id}[,}]`));
      assert.ok(entries.every((e) => !Buffer.from(e.bytes).toString('utf8').includes('member-one')));
      const verified = await verifyBody(h, c.slug);
      assert.equal(verified.code, 0, verified.output);

      // Used: one clear page, nothing changes.
      const before = await fullSnapshot(h);
      const again = await s.post(newAccount(token, 'member-one-again'));
      assert.equal(again.statusCode, 400);
      assert.match(again.body, /cannot be used/);
      assert.equal((await s.get(`/invite?token=${token}`)).statusCode, 400);
      assert.equal(await fullSnapshot(h), before);
    });

    test('accept while signed in, with the CSRF token of the session', async () => {
      const c = await council(h);
      const { token } = await invite(c, 2);
      const someone = await makeClient(h);
      const b = await browser(h, someone);
      const page = await b.get(`/invite?token=${token}`);
      assert.match(page.body, /Accept with my account/);
      assert.doesNotMatch(page.body, /name="password"/);
      const before = await fullSnapshot(h);
      const noCsrf = await b.post('/invite', { token }, { csrf: false });
      assert.equal(noCsrf.statusCode, 403);
      assert.equal(await fullSnapshot(h), before);
      const ok = await b.post('/invite', { token });
      assert.equal(ok.statusCode, 303, ok.body);
      const person = await h.db.dialect.db
        .selectFrom('memberships')
        .innerJoin('people', 'people.id', 'memberships.person_id')
        .select('people.user_id')
        .where('memberships.id', '=', c.memberIds[1]!)
        .executeTakeFirstOrThrow();
      assert.equal(person.user_id, someone.userId);
      // The same account cannot take a second seat of the body.
      const second = await invite(c, 3);
      const snap = await fullSnapshot(h);
      const refused = await b.post('/invite', { token: second.token });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /already holds seat/);
      assert.equal(await fullSnapshot(h), snap);
    });

    test('with SMTP the link is also e-mailed, in both languages; the address is checked and never stored', async () => {
      const c = await council(h);
      const smtp = await smtpListener();
      const app = h.app as unknown as { mail: MailSettings | null };
      const mailer = await mailerFromEnv({ QUORATE_SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
      try {
        // Without mail configured, an address is refused and nothing is recorded.
        const before = await fullSnapshot(h);
        const noMail = await c.clerkPage.post(`/${c.slug}/office/invitations`, { seat: '1', email: 'm1@example.org' });
        assert.equal(noMail.statusCode, 400);
        assert.match(noMail.body, /sends no e-mail/);
        assert.equal(await fullSnapshot(h), before);

        app.mail = { mailer: mailer!, from: 'clerk@council.example.org' };
        const form = await c.clerkPage.get(`/${c.slug}/office/invitations`);
        assert.match(form.body, /name="email"/, 'the form offers the address only when mail is configured');
        const bad = await c.clerkPage.post(`/${c.slug}/office/invitations`, { seat: '1', email: 'not an address' });
        assert.equal(bad.statusCode, 400);
        assert.match(bad.body, /aria-invalid="true"[^>]*name="email"|name="email"[^>]*aria-invalid="true"/);
        assert.equal(await fullSnapshot(h), before, 'a bad address records nothing');

        const sent = await c.clerkPage.post(`/${c.slug}/office/invitations`, { seat: '1', email: 'm1@example.org' });
        assert.equal(sent.statusCode, 201, sent.body);
        assert.match(sent.body, /The link was e-mailed to m1@example\.org/);
        const token = /invite\?token=([A-Za-z0-9_-]{43})/.exec(sent.body)?.[1];
        assert.ok(token);
        assert.equal(smtp.messages.length, 1);
        const mail = quotedPrintable(smtp.messages[0]!);
        assert.match(mail, /To: m1@example\.org/);
        assert.match(mail, /From: clerk@council\.example\.org/);
        assert.ok(mail.includes(`/invite?token=${token}`), 'the mail carries the link');
        assert.match(mail, /seat 1 of Council/);
        assert.match(mail, /к месту 1 органа/);
        const stored = JSON.stringify(await h.db.dialect.db.selectFrom('member_invitations').selectAll().execute());
        assert.doesNotMatch(stored, /m1@example/, 'the address is not stored');

        // A mail server that refuses: the invitation stands, the page says so and shows the link.
        app.mail = {
          mailer: (await mailerFromEnv({ QUORATE_SMTP_URL: 'smtp://127.0.0.1:9' }))!,
          from: 'x@example.org',
        };
        const failed = await c.clerkPage.post(`/${c.slug}/office/invitations`, { seat: '2', email: 'm2@example.org' });
        assert.equal(failed.statusCode, 201);
        assert.match(failed.body, /could not be e-mailed to m2@example\.org/);
        assert.match(failed.body, /invite\?token=[A-Za-z0-9_-]{43}/);
      } finally {
        app.mail = null;
        smtp.server.close();
      }
    });

    test('refusals change nothing', async () => {
      const c = await council(h);
      const s = stranger(h);
      const refuse = async (what: string, act: () => Promise<{ statusCode: number; body: string }>, status: number) => {
        const before = await fullSnapshot(h);
        const r = await act();
        assert.equal(r.statusCode, status, `${what}: ${r.body.slice(0, 300)}`);
        assert.equal(await fullSnapshot(h), before, `${what} changed something`);
        return r;
      };
      // Not a clerk: a chair, a plain account, no session.
      for (const client of [c.chair, await makeClient(h)]) {
        const b = await browser(h, client);
        await refuse('non-clerk invites', () => b.post(`/${c.slug}/office/invitations`, { seat: '1' }), 403);
        await refuse('non-clerk lists', () => b.get(`/${c.slug}/office/invitations`), 403);
      }
      await refuse(
        'no session',
        () => anonymous(h).request('POST', `/${c.slug}/office/invitations`, { seat: '1' }),
        401,
      );
      await refuse(
        'no CSRF token',
        () => c.clerkPage.post(`/${c.slug}/office/invitations`, { seat: '1' }, { csrf: false }),
        403,
      );
      // A vacant seat: the form says so, tied to the seat field.
      const vacant = await refuse(
        'vacant seat',
        () => c.clerkPage.post(`/${c.slug}/office/invitations`, { seat: '5' }),
        409,
      );
      assert.match(vacant.body, /id="invite-seat"[^>]*aria-invalid="true"[^>]*aria-describedby="invite-seat-error"/);

      // Expired.
      const expired = await invite(c, 1);
      await h.db.dialect.db
        .updateTable('member_invitations')
        .set({ expires_at: '2000-01-01T00:00:00.000Z' })
        .where('token_hash', '=', createHash('sha256').update(expired.token).digest('hex'))
        .execute();
      await refuse('expired', () => s.post(newAccount(expired.token, 'late-one')), 400);
      // Revoked by a new invitation for the same seat, and by the revoke button.
      const older = await invite(c, 1);
      const newer = await invite(c, 1);
      await refuse('voided by a newer one', () => s.post(newAccount(older.token, 'older-one')), 400);
      const pending = await h.db.dialect.db
        .selectFrom('member_invitations')
        .select('id')
        .where('token_hash', '=', createHash('sha256').update(newer.token).digest('hex'))
        .executeTakeFirstOrThrow();
      const revoked = await c.clerkPage.post(`/${c.slug}/office/invitations/${pending.id}/revoke`, {});
      assert.equal(revoked.statusCode, 303);
      await refuse('revoked', () => s.post(newAccount(newer.token, 'revoked-one')), 400);
      await refuse(
        'revoked twice',
        () => c.clerkPage.post(`/${c.slug}/office/invitations/${pending.id}/revoke`, {}),
        404,
      );
      // Unknown, hostile and missing tokens.
      for (const token of ['', 'x', 'A'.repeat(43), 'A'.repeat(5000), '<script>', '\u0000'])
        await refuse(`token ${JSON.stringify(token.slice(0, 10))}`, () => s.post(newAccount(token, 'nobody-1')), 400);
      // Cross-site.
      const live = await invite(c, 2);
      await refuse(
        'cross-site',
        () => s.post(newAccount(live.token, 'cross-one'), { origin: 'https://evil.example' }),
        403,
      );
      // A bad password or a mismatch: the form says which field; the link stays usable.
      const weak = await refuse(
        'weak password',
        () => s.post({ ...newAccount(live.token, 'weak-one'), password: 'short', confirmation: 'short' }),
        400,
      );
      assert.match(weak.body, /id="accept-password"[^>]*aria-invalid="true"/);
      const mismatch = await refuse(
        'mismatch',
        () => s.post({ ...newAccount(live.token, 'mm-one'), confirmation: 'another long one' }),
        400,
      );
      assert.match(mismatch.body, /id="accept-confirmation"[^>]*aria-invalid="true"/);
      await refuse('taken username', () => s.post(newAccount(live.token, c.clerk.username)), 409);

      // The seat's mandate ended after the invitation: refused.
      const third = await invite(c, 3);
      const ended = await c.clerkPage.post(`/${c.slug}/office/vacate`, {
        seat: '3',
        endsOn: '2026-11-01',
        reason: 'resigned',
      });
      assert.equal(ended.statusCode, 303, ended.body);
      await refuse('seat vacated', () => s.post(newAccount(third.token, 'vacated-one')), 400);

      // The seat got an account another way (a site administrator) after the invitation.
      const fourth = await invite(c, 4);
      const other = await makeClient(h);
      const linked = await c.admin.request('PUT', `/api/v1/bodies/${c.slug}/members/${c.memberIds[3]}/account`, {
        username: other.username,
      });
      assert.ok(linked.statusCode < 300, linked.body);
      await refuse('seat already linked', () => s.post(newAccount(fourth.token, 'linked-one')), 400);
      const list = await c.clerkPage.get(`/${c.slug}/office/invitations`);
      assert.doesNotMatch(list.body, /seat 4</, 'an invitation to a linked seat is no longer waiting');
      assert.doesNotMatch(list.body, /seat 3</, 'nor one to an ended mandate');
      assert.match(list.body, /seat 2</, 'the live one is');
      await refuse('invite a linked seat', () => c.clerkPage.post(`/${c.slug}/office/invitations`, { seat: '4' }), 409);

      // A vote in progress: refused with the reason, nothing stored (not even the spent link).
      const sitting = await sittingWithMotion(h, c, { present: [c.memberIds[0]!] });
      const vote = await c.clerk.request('POST', `${sitting.base}/votes`, {
        motionId: sitting.motionId,
        method: 'show_of_hands',
      });
      assert.equal(vote.statusCode, 201, vote.body);
      const during = await refuse('during a vote', () => s.post(newAccount(live.token, 'voting-one')), 409);
      assert.match(during.body, /only between votes/);
      assert.equal((await s.get(`/invite?token=${live.token}`)).statusCode, 200, 'the link is still usable');
    });
  });
}
