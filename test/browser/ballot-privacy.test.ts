// What the ballot page leaves on the wire and on the device, in Chromium: the ballot requests and
// answers of For, Against and Abstain are of one length (the byte count through TLS is measured
// in test/ballot-wire.test.ts), and once the server has answered a secret ballot the tablet's
// sessionStorage and localStorage hold no trace of the choice.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page, Request } from 'playwright-core';
import { testDatabases } from '../support/databases.ts';
import { councilWithMembers, sittingWithMotion, type Harness } from '../support/test-app.ts';
import { browserSkipReason } from '../support/browser.ts';
import { browserSuite, openLive, pageErrors, signInTo } from './screens.ts';
import { BALLOT_CHOICES, type BallotChoice } from '../../src/domain/ballots/commitment.ts';

const sqlite = testDatabases().find((t) => t.label === 'sqlite')!;
const skip = browserSkipReason();

/** Everything the page's origin keeps in Web Storage. */
const storage = (page: Page) => page.evaluate(() => ({ session: { ...sessionStorage }, local: { ...localStorage } }));

describe('the ballot page on the wire and on the device (Chromium, SQLite)', { skip }, () => {
  const suite = browserSuite(sqlite);
  let h: Harness;
  let base: string;
  before(() => {
    ({ h, base } = suite);
  });

  async function membersOnBallotPages(slug: string, method: 'electronic' | 'secret_electronic') {
    const c = await councilWithMembers(h, slug, 3);
    const { sittingId, motionId, base: api } = await sittingWithMotion(h, c);
    const pages: Page[] = [];
    for (const m of c.members) {
      const context = await suite.context({ width: 390 });
      pages.push(await openLive(await signInTo(context, base, m.username, `/${slug}/sittings/${sittingId}/ballot`)));
    }
    const opened = await c.clerk.request('POST', `${api}/votes`, { motionId, method });
    assert.equal(opened.statusCode, 201, opened.body);
    for (const p of pages) await p.waitForSelector('.ballot-form fieldset:not([disabled])', { timeout: 10_000 });
    return { c, pages, sittingId };
  }

  for (const method of ['electronic', 'secret_electronic'] as const) {
    test(`${method}: the requests and answers of For, Against and Abstain are of one length`, async () => {
      const { pages } = await membersOnBallotPages(
        method === 'electronic' ? 'privacy-named' : 'privacy-secret',
        method,
      );
      const seen: Array<{
        choice: BallotChoice;
        request: number;
        contentLength: string | undefined;
        answer: number;
        answerLength: string | undefined;
      }> = [];
      for (const [i, choice] of BALLOT_CHOICES.entries()) {
        const page = pages[i]!;
        const sent = page.waitForRequest((r: Request) => r.method() === 'POST' && r.url().endsWith('/ballots'));
        await page.check(`.ballot-form input[value="${choice}"]`);
        await page.click('.ballot-form .cast-button');
        const request = await sent;
        const response = (await request.response())!;
        await page.waitForSelector('.confirmation', { timeout: 10_000 });
        assert.equal(JSON.parse(request.postData()!).choice, choice);
        const headers = await request.allHeaders();
        seen.push({
          choice,
          request: request.postDataBuffer()!.length,
          contentLength: headers['content-length'],
          answer: (await response.body()).length,
          answerLength: (await response.allHeaders())['content-length'],
        });
      }
      const [yes, ...rest] = seen;
      for (const other of rest) {
        assert.deepEqual(
          { ...other, choice: yes!.choice },
          yes,
          `${other.choice} vs ${yes!.choice}: ${JSON.stringify(seen)}`,
        );
      }
      for (const p of pages) assert.deepEqual(pageErrors(p.context()), []);
    });
  }

  test('secret ballot: once the server answers, Web Storage holds no trace of the choice, and a reload shows the ballot recorded', async () => {
    const { pages } = await membersOnBallotPages('privacy-tablet', 'secret_electronic');
    const page = pages[0]!;
    // Hold the answer back to see what the page keeps while the ballot is in flight.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/v1/bodies/*/votes/*/ballots', async (route) => {
      await held;
      await route.continue();
    });
    await page.check('.ballot-form input[value="abstain"]');
    await page.click('.ballot-form .cast-button');
    await page.waitForSelector('.ballot-form [role="status"]');
    const inFlight = await storage(page);
    assert.equal(Object.keys(inFlight.session).length, 1, 'the ballot in flight is kept for a retry after a reload');
    assert.match(Object.values(inFlight.session)[0]!, /"abstain"/);
    release();
    await page.waitForSelector('.confirmation', { timeout: 10_000 });
    await page.unroute('**/api/v1/bodies/*/votes/*/ballots');
    const acknowledged = await storage(page);
    assert.deepEqual(
      acknowledged,
      { session: {}, local: {} },
      `storage after the answer: ${JSON.stringify(acknowledged)}`,
    );

    await openLive(page, page.url());
    await page.waitForSelector('.confirmation');
    assert.deepEqual(await storage(page), { session: {}, local: {} });
    const html = await page.content();
    assert.doesNotMatch(html, /abstain/i, 'the page itself does not know the choice');
    assert.deepEqual(pageErrors(page.context()), []);
  });
});
