// The live sitting in Chromium: clerk, chair, three members, the projector and a resident, each
// in their own browser context. Runs on SQLite (the screens are the same on PostgreSQL; the
// cross-process live path is covered by test/live-multiprocess.test.ts).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { testDatabases } from '../support/databases.ts';
import { councilWithMembers, sittingWithMotion, type Harness } from '../support/test-app.ts';
import { browserSkipReason } from '../support/browser.ts';
import {
  axeViolations,
  browserSuite,
  cspViolations,
  fitsWidth,
  openLive,
  pageErrors,
  screenshot,
  signInTo,
} from './screens.ts';

const sqlite = testDatabases().find((t) => t.label === 'sqlite')!;
const skip = browserSkipReason();

describe('live sitting screens in Chromium (SQLite)', { skip }, () => {
  const suite = browserSuite(sqlite);
  const context = suite.context;
  let h: Harness;
  let base: string;
  before(() => {
    ({ h, base } = suite);
  });

  test('a whole sitting: attest, quorum flips, a vote, ballots from phones, turnout, close, the same outcome everywhere within a second', async () => {
    const c = await councilWithMembers(h, 'browser-a', 3);
    const { sittingId, motionId } = await sittingWithMotion(h, c, { present: [] });
    const path = (screen: string) => `/browser-a/sittings/${sittingId}/${screen}`;
    const clerk = await openLive(await signInTo(await context(), base, c.clerk.username, path('console')));
    const chair = await openLive(await signInTo(await context(), base, c.chair.username, path('console')));
    const members: Page[] = [];
    for (const m of c.members)
      members.push(await openLive(await signInTo(await context({ width: 390 }), base, m.username, path('ballot'))));
    const projector = await openLive(await (await context({ width: 1280 })).newPage(), `${base}${path('projector')}`);
    const resident = await openLive(await (await context()).newPage(), `${base}${path('live')}`);
    const all = [clerk, chair, ...members, projector, resident];

    // Nobody present: not quorate, on every screen.
    for (const p of all) assert.equal(await p.getAttribute('.quorum-indicator', 'data-quorate'), 'false');
    await screenshot(clerk, 'console-before-en');

    // Two members attest from their phones; the clerk marks the third with one key.
    await members[0]!.click('.attest-button');
    await members[0]!.waitForSelector('.presence-attested');
    await members[1]!.click('.attest-button');
    await clerk.waitForSelector('.quorum-indicator[data-quorate="true"]', { timeout: 5000 });
    await projector.waitForSelector('.quorum-indicator[data-quorate="true"]', { timeout: 5000 });
    assert.match((await clerk.textContent('.quorum-line')) ?? '', /2 of 3 present — quorate; 2 needed/);
    await clerk.waitForSelector(`tr[data-member="${c.memberIds[1]}"][data-status="present"] .how.attested`);
    await clerk.focus(`tr[data-member="${c.memberIds[2]}"] button`);
    await clerk.keyboard.press('p');
    await clerk.waitForSelector(`tr[data-member="${c.memberIds[2]}"][data-status="present"]`);
    await resident.waitForFunction(() =>
      document.querySelector('.quorum-line')?.textContent?.includes('3 of 3 present'),
    );
    assert.match((await resident.textContent('.quorum-attested')) ?? '', /2 presences attested/);
    const marked = await h.db.dialect.db
      .selectFrom('attendance')
      .select(['membership_id', 'attested_at', 'marked_by'])
      .where('membership_id', '=', c.memberIds[2]!)
      .executeTakeFirstOrThrow();
    assert.equal(marked.attested_at, null, 'the third was marked by the clerk, not attested');

    // The clerk opens a vote on the motion, by the members' own devices.
    await clerk.click(`li[data-motion="${motionId}"] button`);
    await clerk.click(`li[data-motion="${motionId}"] form button[type=submit]`);
    await projector.waitForSelector('.turnout-line[data-turnout="0"]', { timeout: 5000 });
    for (const m of members) await m.waitForSelector('.ballot-form fieldset:not([disabled])');
    await screenshot(members[0]!, 'ballot-open-en');

    // Member 1's first answer is lost after the server committed the ballot: the page retries.
    let calls = 0;
    const statuses: number[] = [];
    await members[0]!.route('**/api/v1/bodies/*/votes/*/ballots', async (route) => {
      calls++;
      const response = await route.fetch();
      statuses.push(response.status());
      if (calls === 1) await route.abort('connectionreset');
      else await route.fulfill({ response });
    });
    const vote = async (page: Page, choice: 'yes' | 'no' | 'abstain') => {
      await page.check(`.ballot-form input[value="${choice}"]`);
      await page.click('.ballot-form .cast-button');
      await page.waitForSelector('.receipt-choice', { timeout: 10_000 });
    };
    await vote(members[0]!, 'yes');
    assert.deepEqual(statuses, [201, 200], 'the server recorded the first send; the retry was answered as a replay');
    await projector.waitForSelector('.turnout-line[data-turnout="1"]', { timeout: 5000 });
    await vote(members[1]!, 'yes');
    await projector.waitForSelector('.turnout-line[data-turnout="2"]', { timeout: 5000 });
    await vote(members[2]!, 'no');
    await projector.waitForSelector('.turnout-line[data-turnout="3"]', { timeout: 5000 });
    await screenshot(projector, 'projector-turnout-en');
    await screenshot(members[0]!, 'ballot-receipt-en');
    assert.equal(await projector.$('.result-counts'), null, 'no partial results while the vote is open');
    const db = h.db.dialect.db;
    const rows = await db
      .selectFrom('ballots')
      .select(['membership_id', 'revision'])
      .where('membership_id', '=', c.memberIds[0]!)
      .execute();
    assert.deepEqual(
      rows.map((r) => r.revision),
      [1],
      'member 1 is counted once',
    );
    const receivedEntries = await db
      .selectFrom('entries')
      .select('idx')
      .where('type', '=', 'ballot.received')
      .execute();
    assert.equal(receivedEntries.length, 3, 'three ballots in the log, not four');

    // The clerk closes the vote; every screen shows the same outcome within a second of the
    // server recording the close. Each page notes when the outcome appeared (same machine, same
    // clock), so the test's own polling of seven pages does not count against the screens.
    await Promise.all(
      all.map((p) =>
        p.evaluate(() => {
          const w = window as unknown as { __outcomeAt: number | null };
          w.__outcomeAt = null;
          new MutationObserver((_, observer) => {
            if (w.__outcomeAt === null && document.querySelector('.live-outcome')) {
              w.__outcomeAt = Date.now();
              observer.disconnect();
            }
          }).observe(document.body, { childList: true, subtree: true });
        }),
      ),
    );
    await clerk.click('.close-vote');
    await Promise.all(all.map((p) => p.waitForSelector('.live-outcome[data-adopted="true"]', { timeout: 5000 })));
    const closedRow = await h.db.dialect.db
      .selectFrom('votes')
      .select('closed_at')
      .where('motion_id', '=', motionId)
      .executeTakeFirstOrThrow();
    const shownAt = await Promise.all(
      all.map((p) => p.evaluate(() => (window as unknown as { __outcomeAt: number | null }).__outcomeAt)),
    );
    const lags = shownAt.map((t) => (t ?? Infinity) - Date.parse(closedRow.closed_at!));
    assert.ok(
      Math.max(...lags) < 1000,
      `each screen showed the outcome this many ms after the close was recorded: ${lags.join(', ')}`,
    );
    for (const p of all) assert.match((await p.textContent('.live-outcome')) ?? '', /Adopted/);

    // The projector shows the rule and the names under each option.
    await projector.waitForSelector('.names-by-option');
    assert.match((await projector.textContent('.option-yes')) ?? '', /Member 1.*Member 2/s);
    assert.match((await projector.textContent('.option-no')) ?? '', /Member 3/);
    assert.ok((await projector.$$('.explanation li')).length > 0, 'the explanation is shown');

    // The receipt shown to member 1 checks out against the close entry, independently of the page.
    await members[0]!.waitForSelector('.receipt-verdict[data-verified="true"]', { timeout: 3000 });
    const salt = (await members[0]!.textContent('[data-field="salt"]'))!;
    const commitment = (await members[0]!.textContent('[data-field="commitment"]'))!;
    const voteRow = await db
      .selectFrom('votes')
      .select(['id', 'close_entry'])
      .where('motion_id', '=', motionId)
      .executeTakeFirstOrThrow();
    const closeEntry = (await (
      await fetch(`${base}/api/v1/bodies/browser-a/entries/${voteRow.close_entry}`)
    ).json()) as { type: string; data: { ballots: Array<{ member: number; choice: string; salt: string }> } };
    assert.equal(closeEntry.type, 'vote.closed');
    const revealed = closeEntry.data.ballots.find((b) => b.member === c.memberIds[0]);
    assert.deepEqual({ choice: revealed?.choice, salt: revealed?.salt }, { choice: 'yes', salt });
    const recomputed = createHash('sha256')
      .update(Buffer.concat([Buffer.from('yes', 'utf8'), Buffer.from(salt, 'hex')]))
      .digest('hex');
    assert.equal(recomputed, commitment);

    await screenshot(clerk, 'console-closed-en');
    await screenshot(projector, 'projector-result-en');
    await screenshot(resident, 'live-result-en');
    await screenshot(members[0]!, 'ballot-closed-en');
    for (const p of all) assert.deepEqual(await cspViolations(p), [], `no CSP violation on ${p.url()}`);
    for (const p of all)
      assert.deepEqual(pageErrors(p.context()), [], 'no page logged an error (a hydration mismatch would)');
  });

  test('keyboard only: roll call in roster order, totals checked, the casting vote on a tie', async () => {
    const c = await councilWithMembers(h, 'browser-b', 3, { rules: 'uk-lga-1972' });
    const { sittingId, motionId } = await sittingWithMotion(h, c);
    const api = `/api/v1/bodies/browser-b`;
    const second = (
      await c.clerk.request('POST', `${api}/motions`, {
        sittingId,
        kind: 'ordinary',
        title: 'A second motion',
        text: '',
      })
    ).json().id as number;
    const clerk = await openLive(
      await signInTo(await context(), base, c.clerk.username, `/browser-b/sittings/${sittingId}/console`),
    );
    const projector = await openLive(
      await (await context()).newPage(),
      `${base}/browser-b/sittings/${sittingId}/projector`,
    );

    // Open a roll call with the keyboard alone.
    await clerk.focus(`li[data-motion="${motionId}"] button`);
    await clerk.keyboard.press('Enter');
    await clerk.focus(`li[data-motion="${motionId}"] input[value="roll_call"]`);
    await clerk.keyboard.press('Space');
    await clerk.focus(`li[data-motion="${motionId}"] form button[type=submit]`);
    await clerk.keyboard.press('Enter');
    await clerk.waitForSelector('.roll-call-list');
    await clerk.focus('.roll-call .secondary-button');
    await clerk.keyboard.press('Enter');
    // Typed as fast as the keyboard goes: the focus moves on with each key.
    for (const key of ['y', 'n', '1']) await clerk.keyboard.press(key);
    await clerk.waitForFunction(() =>
      [...document.querySelectorAll('.roll-call-row')].every((r) => r.getAttribute('data-choice') !== 'none'),
    );
    const recorded = await clerk.$$eval('.roll-call-row', (rows) => rows.map((r) => r.getAttribute('data-choice')));
    assert.deepEqual(recorded, ['yes', 'no', 'yes'], 'recorded in roster order');
    await screenshot(clerk, 'console-roll-call-en');
    await clerk.focus('.close-vote');
    await clerk.keyboard.press('Enter');
    await projector.waitForSelector('.live-outcome[data-adopted="true"]', { timeout: 5000 });
    await projector.waitForSelector('.names-by-option');
    assert.match((await projector.textContent('.option-no')) ?? '', /Member 2/);

    // A show of hands: totals beyond those present are refused in words; a tie asks for the casting vote.
    await clerk.focus(`li[data-motion="${second}"] button`);
    await clerk.keyboard.press('Enter');
    await clerk.focus(`li[data-motion="${second}"] input[value="show_of_hands"]`);
    await clerk.keyboard.press('Space');
    await clerk.focus(`li[data-motion="${second}"] form button[type=submit]`);
    await clerk.keyboard.press('Enter');
    await clerk.waitForSelector('.totals-form');
    await clerk.fill('#totals-yes', '2');
    await clerk.fill('#totals-no', '2');
    await clerk.fill('#totals-abstain', 'x');
    await clerk.focus('.totals-form button[type=submit]');
    await clerk.keyboard.press('Enter');
    await clerk.waitForSelector('#totals-abstain[aria-invalid="true"]');
    await clerk.fill('#totals-abstain', '0');
    await clerk.keyboard.press('Enter');
    await clerk.waitForSelector('#totals-sum');
    assert.match((await clerk.textContent('#totals-sum')) ?? '', /more than the 3 members present/);
    await clerk.fill('#totals-yes', '1');
    await clerk.fill('#totals-no', '1');
    await clerk.focus('.totals-form button[type=submit]');
    await clerk.keyboard.press('Enter');
    await clerk.waitForSelector('.casting-prompt');
    assert.equal(
      await clerk.evaluate(() => document.activeElement?.id),
      'casting-heading',
      'the focus moves to the prompt',
    );
    await screenshot(clerk, 'console-casting-en');
    await clerk.keyboard.press('Tab');
    await clerk.keyboard.press('Enter');
    await projector.waitForSelector(`.current-vote, .live-outcome[data-adopted="true"]`);
    await clerk.waitForSelector('.current-vote[data-status="closed"] .live-outcome[data-adopted="true"]', {
      timeout: 5000,
    });
    const v = await h.db.dialect.db
      .selectFrom('votes')
      .select(['casting_vote', 'yes', 'no'])
      .where('motion_id', '=', second)
      .executeTakeFirstOrThrow();
    assert.deepEqual(v, { casting_vote: 'yes', yes: 1, no: 1 });
    assert.deepEqual(await cspViolations(clerk), []);
    assert.deepEqual(pageErrors(clerk.context()), []);
  });

  test('axe-core finds no violation on any screen, in English and Russian, at 320 px; screenshots of each', async () => {
    const c = await councilWithMembers(h, 'browser-c', 3);
    const { sittingId, motionId } = await sittingWithMotion(h, c, { present: [c.memberIds[0]!, c.memberIds[1]!] });
    const api = `/api/v1/bodies/browser-c`;
    const path = (screen: string) => `/browser-c/sittings/${sittingId}/${screen}`;
    const clerkCtx = await context({ bypassCSP: true });
    const memberCtx = await context({ bypassCSP: true, width: 320 });
    const absentCtx = await context({ bypassCSP: true, width: 320 });
    const anonCtx = await context({ bypassCSP: true });
    const signIn = await anonCtx.newPage();
    await signIn.goto(`${base}/sign-in?next=%2F`);
    const pages: Record<string, Page> = {
      'sign-in': signIn,
      console: await signInTo(clerkCtx, base, c.clerk.username, path('console')),
      ballot: await signInTo(memberCtx, base, c.members[0]!.username, path('ballot')),
      'ballot-absent': await signInTo(absentCtx, base, c.members[2]!.username, path('ballot')),
      projector: await anonCtx.newPage(),
      live: await anonCtx.newPage(),
    };
    const check = async (state: string) => {
      for (const lang of ['en', 'ru']) {
        for (const [name, page] of Object.entries(pages)) {
          if (name === 'sign-in' && state !== 'closed') continue;
          const url = new URL(page.url() === 'about:blank' ? `${base}${path(name)}` : page.url());
          url.searchParams.set('lang', lang);
          await page.goto(url.toString());
          if (name !== 'sign-in') await openLive(page);
          const violations = await axeViolations(page);
          assert.deepEqual(violations, [], `${name} (${state}, ${lang}): ${JSON.stringify(violations, null, 1)}`);
          if (name.startsWith('ballot')) assert.ok(await fitsWidth(page), `${name} fits 320 px`);
          await screenshot(page, `${name}-${state}-${lang}`);
        }
      }
    };
    await c.clerk.request('POST', `${api}/votes`, { motionId, method: 'electronic' });
    await check('vote-open');
    await c.members[0]!.request(
      'POST',
      `${api}/votes/${(await h.db.dialect.db.selectFrom('votes').select('id').where('motion_id', '=', motionId).executeTakeFirstOrThrow()).id}/ballots`,
      { choice: 'yes', clientBallotId: 'axe-ballot-1' },
    );
    const voteId = (
      await h.db.dialect.db.selectFrom('votes').select('id').where('motion_id', '=', motionId).executeTakeFirstOrThrow()
    ).id;
    await c.clerk.request('POST', `${api}/votes/${voteId}/close`, {});
    await check('closed');
  });

  test('without JavaScript: sign-in works and the screens read as plain pages', async () => {
    const c = await councilWithMembers(h, 'browser-d', 3);
    const { sittingId } = await sittingWithMotion(h, c);
    const ctx = await context({ javaScriptEnabled: false });
    const page = await signInTo(ctx, base, c.members[0]!.username, `/browser-d/sittings/${sittingId}/ballot`);
    assert.match((await page.textContent('.quorum-line')) ?? '', /3 of 3 present — quorate/);
    const bad = await ctx.newPage();
    await bad.goto(`${base}/sign-in?next=//evil.example/`);
    assert.equal(await bad.getAttribute('input[name=next]', 'value'), '/');
    const anon = await (await context({ javaScriptEnabled: false })).newPage();
    await anon.goto(`${base}/browser-d/sittings/${sittingId}/projector`);
    assert.match((await anon.textContent('.quorum-line')) ?? '', /3 of 3 present/);
    const forbidden = await anon.goto(`${base}/browser-d/sittings/${sittingId}/console`);
    assert.equal(new URL(anon.url()).pathname, '/sign-in', 'anonymous visitors are sent to sign in');
    assert.equal(forbidden?.status(), 200);
    const member = await page.goto(`${base}/browser-d/sittings/${sittingId}/console`);
    assert.equal(member?.status(), 403);
    assert.match((await page.textContent('main')) ?? '', /for the clerk and the chair/);
  });
});
