// Two server processes on one PostgreSQL, seen in Chromium: a member votes from their page on
// process A, the projector connected to process B shows the turnout live; every LISTEN connection
// is then cut, and the close made through A still reaches B's projector, with nothing missed.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { testDatabases } from '../support/databases.ts';
import { httpClient, twoServersOnDemo, terminateListeners } from '../support/serve-process.ts';
import { browserSkipReason, ensureWebBuild, launchChromium } from '../support/browser.ts';
import { cspViolations, openLive, pageErrors, screenshot, userContext } from './screens.ts';

const postgres = testDatabases().find((t) => t.label === 'postgres')!;
const skip = postgres.skip || browserSkipReason();

describe('live screens across two processes on PostgreSQL, in Chromium', { skip }, () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  });

  test("a ballot cast on A appears on B's projector; a cut LISTEN connection loses nothing", async () => {
    await ensureWebBuild();
    const { db, baseA, baseB, account } = await twoServersOnDemo(cleanups);

    const clerk = httpClient(baseA);
    await clerk.signIn(account('clerk').username, account('clerk').password);
    const api = '/api/v1/bodies/smolninskoye';
    const sitting = (await clerk.request('POST', `${api}/sittings`, { title: 'Live sitting', date: '2026-11-29' })).json
      .id as number;
    await clerk.request('POST', `${api}/sittings/${sitting}/open`);

    const browser: Browser = await launchChromium();
    cleanups.push(() => browser.close());
    const memberCtx = await userContext(browser, { width: 390 });
    const memberPage = await memberCtx.newPage();
    const ballotPath = `/smolninskoye/sittings/${sitting}/ballot`;
    await memberPage.goto(`${baseA}/sign-in?next=${encodeURIComponent(ballotPath)}`);
    await memberPage.fill('#username', account('member').username);
    await memberPage.fill('#password', account('member').password);
    await Promise.all([
      memberPage.waitForURL(`${baseA}${ballotPath}`),
      memberPage.click('form.sign-in-form button[type=submit]'),
    ]);
    await openLive(memberPage);
    const projector = await openLive(
      await (await userContext(browser, { width: 1280 })).newPage(),
      `${baseB}/smolninskoye/sittings/${sitting}/projector`,
    );

    // The member attests on A; B's projector counts them.
    await memberPage.click('.attest-button');
    await projector.waitForFunction(
      () => document.querySelector('.quorum-attested')?.textContent?.startsWith('1 '),
      undefined,
      { timeout: 5000 },
    );
    const members = (await clerk.request('GET', `${api}/members`)).json.items as Array<{ memberId: number | null }>;
    const own = (await clerk.request('GET', `${api}/sittings/${sitting}`)).json.attendance.named[0].memberId as number;
    for (const m of members.filter((x) => x.memberId !== null && x.memberId !== own).slice(0, 10)) {
      await clerk.request('PUT', `${api}/sittings/${sitting}/attendance/${m.memberId}`, { status: 'present' });
    }
    await projector.waitForSelector('.quorum-indicator[data-quorate="true"]', { timeout: 5000 });
    const motion = (
      await clerk.request('POST', `${api}/motions`, {
        sittingId: sitting,
        kind: 'ordinary',
        title: 'A motion',
        text: 'Text',
      })
    ).json.id;
    const vote = (await clerk.request('POST', `${api}/votes`, { motionId: motion, method: 'electronic' })).json.id;
    await projector.waitForSelector('.turnout-line[data-turnout="0"]', { timeout: 5000 });

    await memberPage.check('.ballot-form input[value="yes"]', { timeout: 5000 });
    await memberPage.click('.ballot-form .cast-button');
    await memberPage.waitForSelector('.receipt-choice');
    await projector.waitForSelector('.turnout-line[data-turnout="1"]', { timeout: 5000 });

    // Cut every LISTEN connection, as a network fault would, and close the vote at once through A.
    assert.ok((await terminateListeners(db.url)) >= 2, 'both processes were listening');
    const closed = await clerk.request('POST', `${api}/votes/${vote}/close`, {});
    assert.equal(closed.status, 200, JSON.stringify(closed.json));
    await projector.waitForSelector('.live-outcome[data-adopted="true"]', { timeout: 10_000 });
    await memberPage.waitForSelector('.receipt-verdict[data-verified="true"]', { timeout: 10_000 });
    await screenshot(projector, 'projector-two-processes-en');
    assert.deepEqual(await cspViolations(projector), []);
    assert.deepEqual([...pageErrors(projector.context()), ...pageErrors(memberCtx)], []);
  });
});
